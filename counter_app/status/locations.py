"""What a status source's location may be, checked as a supervisor types it (the sources dialog).

`parse_source` (service.py) checks the KIND:LOCATION shape; this checks that the location can be
read at all: a web address must be http(s); anything else must look like a file path. Qt-free, so
the command line can use it too.
"""

from __future__ import annotations

import re
from pathlib import Path

from counter_app.i18n import Msg
from counter_app.status.service import parse_source

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_PATH_HINT_RE = re.compile(r"^(?:/|~|\.{1,2}[/\\]|[A-Za-z]:[/\\]|\\\\)")


def source_location_problem(spec: str) -> Msg | None:
    """Why a well-formed KIND:LOCATION cannot be a status source, or None: a web address must be
    http(s); anything else must look like a file path (absolute, ./ or ~, or a .json file name),
    so `ftp://bad` or `hello world` are refused as they are typed (the sources dialog)."""
    _kind, location = parse_source(spec)  # any kind may be a URL or a file (contracts.md §3)
    scheme = _SCHEME_RE.match(location)
    if scheme is not None:
        if scheme.group(1).lower() in ("http", "https"):
            return None
        return Msg(
            f"상태 정보 출처 '{spec}'의 주소는 http:// 또는 https:// 로 시작해야 합니다.",
            f"Status source '{spec}' must be an http:// or https:// address (or a file path).",
        )
    if _PATH_HINT_RE.match(location) or location.lower().endswith(".json") or Path(location).is_file():
        return None
    return Msg(
        f"상태 정보 출처 '{spec}'는 웹 주소도 파일 경로도 아닙니다. https://… 또는 /경로/feed.json 처럼 쓰십시오.",
        f"Status source '{spec}' is neither a web address nor a file path; write https://… or /path/feed.json.",
    )
