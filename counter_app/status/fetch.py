"""Fetch one JSON document for a status source, from a URL or a file, turning every failure into a
FetchError carrying one sentence a clerk can read (Korean and English).

URLs go through the program's one HTTP module (counter_app/net/http.py): its deadline covers the
whole exchange (headers included), its size cap counts decoded bytes (gzip and deflate are
decoded; a compression bomb stops at the cap), and a redirect to another host is recorded here in
`Fetcher.redirected_to` so the board can name it. What is status-specific stays here: a captive
portal (public Wi-Fi sign-in page answered with 200) is recognised by its content type or by its
body being HTML rather than JSON.

Files (a USB snapshot, `native:/path/feed.json`) must be regular files: a named pipe, a device or
a socket is refused before anything is read (the open itself is non-blocking, so a FIFO with no
writer cannot hang it), and the size cap applies.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from counter_app.i18n import Msg
from counter_app.net.errors import NetError
from counter_app.status.model import SourceError

MAX_BYTES = 5 * 1024 * 1024
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
DEADLINE = 45.0


class FetchError(SourceError):
    """The document could not be obtained or is not JSON."""


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def file_path(location: str) -> Path:
    if location.lower().startswith("file://"):
        return Path(unquote(urlsplit(location).path))
    return Path(location).expanduser()


def decode_json(body: bytes) -> Any:
    """bytes -> JSON value, or FetchError (HTML recognised separately from other garbage)."""
    from counter_app import limits

    try:
        # json.loads within the input limits (nesting depth, digits of a number): detects UTF-8
        # (with or without BOM), UTF-16 and UTF-32
        return limits.parse(body, what=Msg("응답", "The answer"))
    except limits.LimitError as exc:
        raise FetchError(exc.msg) from None
    except (ValueError, RecursionError):
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<")):
            raise FetchError(_HTML) from None
        raise FetchError(
            Msg(
                "응답이 JSON 형식이 아닙니다 (상태 정보가 아닌 내용이 왔습니다).",
                "The answer is not JSON (it is not a status feed).",
            )
        ) from None


_HTML = Msg(
    "상태 정보 대신 웹 페이지가 왔습니다. 공용 와이파이 로그인 화면일 수 있으니 네트워크 로그인을 확인하십시오.",
    "A web page came back instead of the status feed; it may be a Wi-Fi sign-in page, so check the network login.",
)


def _too_big(limit: int) -> FetchError:
    mb = limit / (1024 * 1024)
    return FetchError(
        Msg(
            f"응답이 너무 커서(최대 {mb:g} MB) 받기를 중단했습니다.",
            f"The answer is too large (limit {mb:g} MB); stopped reading it.",
        )
    )


def _open_regular(path: Path) -> int:
    """A read descriptor for `path`, refused (FetchError) unless it is a regular file. Opened
    non-blocking so a FIFO without a writer cannot hang; the type is checked on the descriptor."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise FetchError(Msg(f"파일을 찾을 수 없습니다: {path.name}", f"File not found: {path.name}")) from None
    except IsADirectoryError:
        raise FetchError(
            Msg(f"파일이 아니라 폴더입니다: {path.name}", f"This is a folder, not a file: {path.name}")
        ) from None
    except OSError:
        raise FetchError(Msg(f"파일을 읽을 수 없습니다: {path.name}", f"Cannot read the file: {path.name}")) from None
    mode = os.fstat(fd).st_mode
    if stat.S_ISREG(mode):
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return fd
    os.close(fd)
    if stat.S_ISDIR(mode):
        raise FetchError(Msg(f"파일이 아니라 폴더입니다: {path.name}", f"This is a folder, not a file: {path.name}"))
    raise FetchError(
        Msg(
            f"일반 파일만 읽습니다 (파이프나 장치는 읽지 않습니다): {path.name}",
            f"Only a regular file is read (not a pipe or a device): {path.name}",
        )
    )


def load_json_file(location: str, max_bytes: int = MAX_BYTES) -> Any:
    """A snapshot file (e.g. carried on a USB stick): a regular file of at most `max_bytes`."""
    path = file_path(location)
    fd = _open_regular(path)
    try:
        with os.fdopen(fd, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > max_bytes:
                raise _too_big(max_bytes)
            body = fh.read(max_bytes + 1)
    except OSError:
        raise FetchError(Msg(f"파일을 읽을 수 없습니다: {path.name}", f"Cannot read the file: {path.name}")) from None
    if len(body) > max_bytes:
        raise _too_big(max_bytes)
    return decode_json(body)


class Fetcher:
    """Gets JSON documents for one source; the deadline counts from construction and covers every
    document of the source (a Cachet source reads several pages)."""

    def __init__(
        self,
        session,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        deadline: float = DEADLINE,
        max_bytes: int = MAX_BYTES,
        cancelled: Callable[[], bool] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        from counter_app.net.http import HttpClient, Limits

        self._client = HttpClient(
            session,
            limits=Limits(connect_timeout, read_timeout, deadline, max_bytes),
            cancelled=cancelled,
            monotonic=monotonic,
        )
        self._max_bytes = max_bytes
        self._deadline_at = monotonic() + deadline
        self.redirected_to: str | None = None  # the last final address on another host, if any

    @property
    def max_bytes(self) -> int:
        return self._max_bytes

    def get_raw(self, location: str, headers: dict[str, str], *, missing_ok: bool = False):
        """One URL's net.http Answer (any 2xx/3xx status, e.g. 304), FetchError otherwise; with
        `missing_ok` a 404/410 is None (a signed feed's .jws that is not there: publish.py)."""
        from counter_app.net.errors import RejectedError

        try:
            answer = self._client.get(location, headers=headers, deadline_at=self._deadline_at)
        except RejectedError as exc:
            if missing_ok and exc.status in (404, 410):
                return None
            raise FetchError(exc.msg) from None
        except NetError as exc:
            raise FetchError(exc.msg) from None
        if answer.redirected_to:
            self.redirected_to = answer.redirected_to
        return answer

    def get_json(self, location: str) -> Any:
        if not is_url(location):
            return load_json_file(location, self._max_bytes)
        try:
            answer = self._client.get(location, headers={"Accept": "application/json"}, deadline_at=self._deadline_at)
        except NetError as exc:
            raise FetchError(exc.msg) from None
        if answer.redirected_to:
            self.redirected_to = answer.redirected_to
        if answer.status != 200:
            raise FetchError(
                Msg(f"예상하지 못한 응답입니다 (HTTP {answer.status}).", f"Unexpected answer (HTTP {answer.status}).")
            )
        if answer.content_type in ("text/html", "application/xhtml+xml"):
            raise FetchError(_HTML)
        return decode_json(answer.body)
