"""Bounded readers for everything that comes from outside: files, stdin, feeds, spreadsheets.

Every outside input is read through one of these, so a hostile or broken one is refused with one
sentence (a `UserError`, `InputError` here) instead of a traceback, an endless read or gigabytes of
memory:

- `read_bytes(name, cap)`: a regular file or stdin (`-`), at most `cap` bytes — it reads `cap + 1`
  and refuses when the extra byte arrives, so `/dev/zero` on stdin stops at the cap. A FIFO, a
  device, a directory or a socket given as a file name is refused before anything is read (the
  file is opened non-blocking, so even opening a FIFO with no writer cannot hang).
- `decode_utf8(raw)`: text, or a sentence naming the line and byte of the first bad sequence.
- `parse(data)` / `loads(text)`: JSON nested at most `MAX_JSON_DEPTH` deep, numbers of at most
  `MAX_NUMBER_DIGITS` digits (checked on each number's text before int(): 3.11 would raise an
  unreadable ValueError at 4,300 digits, and converting is quadratic below that); nesting past
  the parser's recursion guard is caught as such, shallower nesting measured on the result
  without recursion. `loads` (documents people hand us) also refuses NaN/Infinity and lone
  surrogates and names a syntax error's line and column. Each limit gets its own sentence.
- `check_zip_archive(path)`: an .xlsx (a zip) whose members, their total and their compression
  ratio stay within caps, checked from the central directory before any member is inflated.

The limits are far above anything a real case document, register or status feed needs.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, BinaryIO

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.textout import escape

MAX_DOCUMENT_BYTES = 1024 * 1024  # one case document (intake add, queue edit)
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a register file (.csv) or an .xlsx archive as stored
MAX_JSON_DEPTH = 64
MAX_NUMBER_DIGITS = 100
# .xlsx: the zip's members as they will be inflated
MAX_ZIP_MEMBERS = 1000
MAX_ZIP_MEMBER_BYTES = 100 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200  # uncompressed / compressed, per member (a real sheet is 5-20; a bomb 1,000+)
# members a reader holds whole in memory (openpyxl loads the shared strings table at open; the
# sheets themselves are streamed): a tighter cap, so memory for an import stays far under 300 MB
XLSX_IN_MEMORY = {"xl/sharedstrings.xml": 32 * 1024 * 1024}
ZIP_RATIO_FLOOR = 1024 * 1024  # members smaller than this may have any ratio


class InputError(UserError):
    """An outside input broke a limit or is not what it claims to be."""


def _shown(name: str) -> str:
    return escape(name)[:200]


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def too_large(cap: int, what: Msg | None = None) -> InputError:
    what = what or Msg("입력", "The input")
    return InputError(
        Msg(
            f"{what.ko}: 너무 커서(최대 {_mb(cap)}) 읽기를 중단했습니다.",
            f"{what.en} is too large (limit {_mb(cap)}), so reading stopped.",
        )
    )


def read_stream(stream: BinaryIO, cap: int, what: Msg | None = None) -> bytes:
    """At most `cap` bytes from `stream`; InputError as soon as byte cap+1 arrives."""
    parts: list[bytes] = []
    size = 0
    while size <= cap:
        chunk = stream.read(min(64 * 1024, cap + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    if size > cap:
        raise too_large(cap, what)
    return b"".join(parts)


def _not_regular(name: str, mode: int) -> InputError:
    if stat.S_ISDIR(mode):
        return InputError(
            Msg(f"파일이 아니라 폴더입니다: {_shown(name)}", f"This is a folder, not a file: {_shown(name)}")
        )
    return InputError(
        Msg(
            f"일반 파일만 읽을 수 있습니다(장치·파이프·소켓은 안 됨): {_shown(name)}",
            f"Only a regular file can be read (not a device, pipe or socket): {_shown(name)}",
        )
    )


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """`path` opened for reading, refused unless it is a regular file. Opened non-blocking, so a
    FIFO without a writer cannot hang the open; the type is checked on the open descriptor (no
    race between a check and the open)."""
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(Msg(f"파일이 없습니다: {_shown(name)}", f"No such file: {_shown(name)}")) from None
    except IsADirectoryError:  # Windows
        raise _not_regular(name, stat.S_IFDIR) from None
    except OSError:
        raise InputError(
            Msg(
                f"파일을 읽을 수 없습니다(권한 등): {_shown(name)}",
                f"Cannot read the file (permissions?): {_shown(name)}",
            )
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(name, mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular_file(path: str | os.PathLike) -> None:
    """Refuse `path` unless it is a regular file we can open (for readers that take a path)."""
    open_regular(path).close()


def read_bytes(name: str | os.PathLike, cap: int, what: Msg | None = None, *, stdin_ok: bool = True) -> bytes:
    """The bytes of a regular file, or of stdin when `name` is '-', at most `cap` of them."""
    if stdin_ok and os.fspath(name) == "-":
        try:
            return read_stream(sys.stdin.buffer, cap, what)
        except OSError:
            raise InputError(Msg("표준 입력을 읽을 수 없습니다.", "Cannot read standard input.")) from None
    with open_regular(name) as fh:
        try:
            return read_stream(fh, cap, what)
        except OSError:
            raise InputError(
                Msg(
                    f"파일을 읽는 중 오류가 났습니다: {_shown(os.fspath(name))}",
                    f"Reading the file failed: {_shown(os.fspath(name))}",
                )
            ) from None


def decode_utf8(raw: bytes, what: Msg | None = None) -> str:
    """UTF-8 text (a BOM is dropped); a bad byte is named by line and byte offset."""
    what = what or Msg("입력", "The input")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            Msg(
                f"{what.ko}: UTF-8이 아닙니다({line}행, {exc.start + 1}번째 바이트).",
                f"{what.en} is not UTF-8 (line {line}, byte {exc.start + 1}).",
            )
        ) from None


# ---------------------------------------------------------------- JSON
class LimitError(InputError):
    """A JSON document broke the depth or the digits limit."""


def _deep(max_depth: int, what: Msg) -> LimitError:
    return LimitError(
        Msg(
            f"{what.ko}: 너무 깊게 중첩되어 있습니다(최대 {max_depth}단계).",
            f"{what.en} is nested too deeply (limit {max_depth} levels).",
        )
    )


def _digits(max_digits: int, what: Msg) -> LimitError:
    return LimitError(
        Msg(
            f"{what.ko}: 자릿수가 너무 많은 숫자가 있습니다(최대 {max_digits}자리).",
            f"{what.en} holds a number with too many digits (limit {max_digits}).",
        )
    )


def _number_hooks(max_digits: int, what: Msg):
    """parse_int/parse_float for json.loads: the parser hands each number over as its text, so
    the length is checked BEFORE int() (3.11 would raise an unreadable ValueError at 4,300
    digits, and converting is quadratic below that)."""

    def parse_int(text: str) -> int:
        if len(text) > max_digits and len(text.lstrip("-")) > max_digits:
            raise _digits(max_digits, what)
        return int(text)

    def parse_float(text: str) -> float:
        if len(text) > max_digits and sum(ch.isdigit() for ch in text) > max_digits:
            raise _digits(max_digits, what)
        return float(text)

    return parse_int, parse_float


def depth_exceeds(value: Any, max_depth: int) -> bool:
    """Whether containers in `value` nest more than `max_depth` deep (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if d > max_depth:
            return True
        children = v.values() if type(v) is dict else v
        for c in children:
            if type(c) is dict or type(c) is list:
                stack.append((c, d + 1))
    return False


def parse(
    data: str | bytes, *, max_depth: int = MAX_JSON_DEPTH, max_digits: int = MAX_NUMBER_DIGITS, what: Msg | None = None
) -> Any:
    """json.loads within the limits: LimitError (one sentence) for too deep or too many digits;
    a syntax error propagates as json.JSONDecodeError / ValueError for the caller to word (the
    status fetcher tells an HTML page from other garbage). `bytes` may be UTF-8/16/32, as for
    json.loads. Nesting deeper than Python's recursion limit stops the C parser with a
    RecursionError, caught here; shallower nesting is measured on the result."""
    what = what or Msg("JSON 문서", "The JSON document")
    parse_int, parse_float = _number_hooks(max_digits, what)
    try:
        value = json.loads(data, parse_int=parse_int, parse_float=parse_float)
    except RecursionError:
        raise _deep(max_depth, what) from None
    if type(value) in (dict, list) and depth_exceeds(value, max_depth):
        raise _deep(max_depth, what)
    return value


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(
    text: str, *, max_depth: int = MAX_JSON_DEPTH, max_digits: int = MAX_NUMBER_DIGITS, what: Msg | None = None
) -> Any:
    """Strict, bounded JSON for documents people hand us: the limits of `parse`, no
    NaN/Infinity, a syntax error named by line and column, and no lone surrogates (\\ud800
    written alone: nothing can store them)."""
    what = what or Msg("JSON 문서", "The JSON document")
    parse_int, parse_float = _number_hooks(max_digits, what)
    try:
        value = json.loads(text, parse_int=parse_int, parse_float=parse_float, parse_constant=_no_constants)
    except RecursionError:
        raise _deep(max_depth, what) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            Msg(
                f"{what.ko}: 올바른 JSON이 아닙니다({exc.lineno}행 {exc.colno}열).",
                f"{what.en} is not valid JSON (line {exc.lineno}, column {exc.colno}).",
            )
        ) from None
    except ValueError:
        raise InputError(Msg(f"{what.ko}: 올바른 JSON이 아닙니다.", f"{what.en} is not valid JSON.")) from None
    if type(value) in (dict, list) and depth_exceeds(value, max_depth):
        raise _deep(max_depth, what)
    if _has_lone_surrogate(value):
        raise InputError(
            Msg(
                f"{what.ko}: 잘못된 유니코드 문자(짝 없는 서로게이트)가 있습니다.",
                f"{what.en} holds an invalid Unicode character (a lone surrogate).",
            )
        )
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if _SURROGATE.search(v):
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def read_json(name: str | os.PathLike, cap: int = MAX_DOCUMENT_BYTES, what: Msg | None = None) -> Any:
    """A bounded, strict JSON document from a regular file or stdin ('-')."""
    return loads(decode_utf8(read_bytes(name, cap, what), what), what=what)


# ---------------------------------------------------------------- zip archives (.xlsx)
def check_zip_archive(
    path: str | os.PathLike,
    *,
    max_members: int = MAX_ZIP_MEMBERS,
    max_member: int = MAX_ZIP_MEMBER_BYTES,
    max_total: int = MAX_ZIP_TOTAL_BYTES,
    max_ratio: int = MAX_ZIP_RATIO,
    max_stored: int = MAX_IMPORT_BYTES,
    in_memory: dict[str, int] | None = None,
) -> None:
    """Refuse a zip archive (an .xlsx) that would inflate beyond the caps, reading only its
    central directory. The declared sizes are what a reader trusts; zipfile itself stops a
    member that inflates past its declared size ("Bad CRC"/"size mismatch"), so a lying entry
    cannot get past the caps either."""
    import zipfile

    check_regular_file(path)
    if Path(path).stat().st_size > max_stored:
        raise too_large(max_stored, Msg("가져올 파일", "The file to import"))
    damaged = InputError(
        Msg(
            "XLSX 파일을 열 수 없습니다: 손상되었거나 잘린 파일입니다.",
            "The XLSX file cannot be opened: it is damaged or truncated.",
        )
    )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise damaged from None
    bomb = InputError(
        Msg(
            "XLSX 파일의 압축을 풀면 너무 커지므로(압축 폭탄일 수 있음) 가져오지 않았습니다.",
            "The XLSX file would unpack to far too much data (it may be a zip bomb); nothing was imported.",
        )
    )
    if len(infos) > max_members:
        raise bomb
    total = 0
    for info in infos:
        size, packed = info.file_size, info.compress_size
        total += size
        if size > max_member or total > max_total:
            raise bomb
        if size > (XLSX_IN_MEMORY if in_memory is None else in_memory).get(info.filename.lower(), size):
            raise bomb
        if size > ZIP_RATIO_FLOOR and size > max_ratio * max(packed, 1):
            raise bomb
