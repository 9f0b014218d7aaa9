"""Fetch one JSON document from a URL or a file, with limits, turning every failure into a
FetchError carrying one sentence a clerk can read (Korean and English).

Limits: connect and read timeouts per request, an overall deadline per source (a server that
trickles bytes just under the read timeout cannot hold the refresh forever: the body is read with
read1(), one socket read at a time, checking the deadline between reads), and a size cap counted
on the decoded body (a 50 MB or gzip-bombed answer is abandoned at the cap).
A captive portal (public Wi-Fi sign-in page answered with 200) is recognised by its content type
or by its body being HTML rather than JSON.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

import requests
import urllib3

from counter_app.i18n import Msg
from counter_app.status.model import Cancelled, SourceError

MAX_BYTES = 5 * 1024 * 1024
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
DEADLINE = 45.0
CHUNK = 64 * 1024


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
    try:
        return json.loads(body)  # detects UTF-8 (with or without BOM), UTF-16 and UTF-32
    except (ValueError, RecursionError):
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<")):
            raise FetchError(_HTML) from None
        raise FetchError(Msg("응답이 JSON 형식이 아닙니다 (상태 정보가 아닌 내용이 왔습니다).",
                             "The answer is not JSON (it is not a status feed).")) from None


_HTML = Msg("상태 정보 대신 웹 페이지가 왔습니다. 공용 와이파이 로그인 화면일 수 있으니 네트워크 로그인을 확인하십시오.",
            "A web page came back instead of the status feed; it may be a Wi-Fi sign-in page, so check the network login.")


def _too_big(limit: int) -> FetchError:
    mb = limit / (1024 * 1024)
    return FetchError(Msg(f"응답이 너무 커서(최대 {mb:g} MB) 받기를 중단했습니다.",
                          f"The answer is too large (limit {mb:g} MB); stopped reading it."))


def load_json_file(location: str, max_bytes: int = MAX_BYTES) -> Any:
    """A snapshot file (e.g. carried on a USB stick)."""
    path = file_path(location)
    try:
        if path.stat().st_size > max_bytes:
            raise _too_big(max_bytes)
        with path.open("rb") as fh:
            body = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise FetchError(Msg(f"파일을 찾을 수 없습니다: {path.name}", f"File not found: {path.name}")) from None
    except IsADirectoryError:
        raise FetchError(Msg(f"파일이 아니라 폴더입니다: {path.name}", f"This is a folder, not a file: {path.name}")) from None
    except OSError:
        raise FetchError(Msg(f"파일을 읽을 수 없습니다: {path.name}", f"Cannot read the file: {path.name}")) from None
    if len(body) > max_bytes:
        raise _too_big(max_bytes)
    return decode_json(body)


class Fetcher:
    """Gets JSON documents for one source; the deadline counts from construction."""

    def __init__(self, session: requests.Session, *, connect_timeout: float = CONNECT_TIMEOUT,
                 read_timeout: float = READ_TIMEOUT, deadline: float = DEADLINE, max_bytes: int = MAX_BYTES,
                 cancelled: Callable[[], bool] | None = None, monotonic: Callable[[], float] = time.monotonic):
        self._session = session
        self._connect = connect_timeout
        self._read = read_timeout
        self._deadline = deadline
        self._max_bytes = max_bytes
        self._cancelled = cancelled
        self._now = monotonic
        self._deadline_at = monotonic() + deadline

    def get_json(self, location: str) -> Any:
        if not is_url(location):
            return load_json_file(location, self._max_bytes)
        return decode_json(self._get_body(location))

    def _remaining(self) -> float:
        left = self._deadline_at - self._now()
        if left <= 0:
            raise FetchError(Msg(f"제한 시간({self._deadline:g}초) 안에 받지 못했습니다 (서버가 너무 느립니다).",
                                 f"Not received within the time limit ({self._deadline:g} s); the server is too slow."))
        return left

    def _check_cancelled(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()

    def _get_body(self, url: str) -> bytes:
        self._check_cancelled()
        left = self._remaining()
        try:
            resp = self._session.get(
                url, stream=True, allow_redirects=True,
                timeout=(min(self._connect, left), min(self._read, left)),
                headers={"Accept": "application/json"},
            )
        except requests.exceptions.ConnectTimeout:
            raise FetchError(Msg("서버에 연결하지 못했습니다 (연결 시간 초과).",
                                 "Could not connect to the server (connection timed out).")) from None
        except requests.exceptions.ReadTimeout:
            raise FetchError(self._read_timeout_msg()) from None
        except requests.exceptions.TooManyRedirects:
            raise FetchError(Msg("주소가 계속 다른 곳으로 넘겨집니다 (리디렉션 반복).",
                                 "The address keeps redirecting elsewhere.")) from None
        except (requests.exceptions.ConnectionError, urllib3.exceptions.HTTPError, OSError):
            raise FetchError(Msg("서버에 연결할 수 없습니다 (네트워크가 끊겼거나 서버가 멈췄습니다).",
                                 "Cannot reach the server (the network is down or the server stopped).")) from None
        except requests.exceptions.RequestException:
            raise FetchError(Msg("주소가 올바르지 않거나 요청을 보낼 수 없습니다.",
                                 "The address is invalid or the request could not be sent.")) from None
        with resp:
            if resp.status_code >= 500:
                raise FetchError(Msg(f"상태 정보 서버 오류입니다 (HTTP {resp.status_code}). 나중에 다시 시도합니다.",
                                     f"The status server failed (HTTP {resp.status_code}); will try again later."))
            if resp.status_code >= 400:
                raise FetchError(Msg(f"서버가 요청을 거절했습니다 (HTTP {resp.status_code}). 주소를 확인하십시오.",
                                     f"The server refused the request (HTTP {resp.status_code}); check the address."))
            if resp.status_code != 200:
                raise FetchError(Msg(f"예상하지 못한 응답입니다 (HTTP {resp.status_code}).",
                                     f"Unexpected answer (HTTP {resp.status_code})."))
            ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype in ("text/html", "application/xhtml+xml"):
                raise FetchError(_HTML)
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self._max_bytes:
                raise _too_big(self._max_bytes)
            return self._read_body(resp)

    def _read_timeout_msg(self) -> Msg:
        return Msg(f"서버가 제때 응답하지 않았습니다 ({self._read:g}초 초과).",
                   f"The server did not answer in time (over {self._read:g} s).")

    def _read_body(self, resp: requests.Response) -> bytes:
        raw = resp.raw
        parts: list[bytes] = []
        size = 0
        try:
            while True:
                self._check_cancelled()
                self._remaining()
                chunk = raw.read1(CHUNK)  # one socket read: the deadline is checked between reads
                if not chunk:
                    break
                size += len(chunk)
                if size > self._max_bytes:
                    raise _too_big(self._max_bytes)
                parts.append(chunk)
        except urllib3.exceptions.ReadTimeoutError:
            raise FetchError(self._read_timeout_msg()) from None
        except (urllib3.exceptions.HTTPError, requests.exceptions.RequestException, OSError):
            raise FetchError(Msg("받는 도중 연결이 끊겼습니다. 다시 시도합니다.",
                                 "The connection dropped while receiving; will try again.")) from None
        return b"".join(parts)
