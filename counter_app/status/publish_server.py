"""`counter-app serve status-feed --dir DIR --port P`: serves a published feed (feed.json and
feed.json.jws, status/publish.py) to the counters of a district, and nothing else. Qt-free.

- Exactly two paths, `/feed.json` and `/feed.json.jws` (GET and HEAD); every other path is 404,
  other methods 405; no directory listing, no other file of DIR is ever opened.
- A strong `ETag` (the SHA-256 of the file's bytes); `If-None-Match` naming it answers 304 with no
  body, so a counter polling an unchanged feed costs a few hundred bytes.
- `Cache-Control: no-cache` (a cache may keep the feed but must revalidate: a change reaches the
  counters at their next poll), `Content-Type`, `X-Content-Type-Options: nosniff`.
- gzip when the client asks for it (`Accept-Encoding: gzip`), compressed once per file version.
- The files are read again only when they change (one stat per request), so `status publish`
  into the served folder takes effect at once; a publisher renames whole files into place, so a
  request sees one version or the other.
- Loopback by default; `--host 0.0.0.0` (or an address) serves the network when that is meant.
HTTP/1.1 keep-alive, one thread per connection (ThreadingHTTPServer), quiet logs (no addresses).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from counter_app.status.publish import FEED_NAME, JWS_NAME

log = logging.getLogger(__name__)

SERVED = {
    "/" + FEED_NAME: (FEED_NAME, "application/json; charset=utf-8"),
    "/" + JWS_NAME: (JWS_NAME, "application/jose"),
}
CACHE_CONTROL = "no-cache"
MAX_FILE = 32 * 1024 * 1024


@dataclass(frozen=True)
class _Entry:
    stamp: tuple
    body: bytes
    gz: bytes
    etag: str


class FeedFiles:
    """The served files, read again when their (inode, mtime, size) changes."""

    def __init__(self, directory: Path):
        self.directory = directory
        self._cache: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> _Entry | None:
        path = self.directory / name
        try:
            st = os.stat(path)
        except OSError:
            return None
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        entry = self._cache.get(name)
        if entry is not None and entry.stamp == stamp:
            return entry
        with self._lock:
            entry = self._cache.get(name)
            if entry is not None and entry.stamp == stamp:
                return entry
            if not os.path.isfile(path) or st.st_size > MAX_FILE:
                return None
            try:
                body = path.read_bytes()
            except OSError:
                return None
            etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
            entry = _Entry(stamp, body, gzip.compress(body, compresslevel=6, mtime=0), etag)
            self._cache[name] = entry
            return entry


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    return etag in tags or ("W/" + etag) in tags


def _accepts_gzip(header: str | None) -> bool:
    if not header:
        return False
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip"):
            q = params.strip().lower()
            return not (q.startswith("q=") and q[2:].strip() in ("0", "0.0", "0.00", "0.000"))
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "counter-app-feed"
    sys_version = ""
    files: FeedFiles  # set on the subclass made by make_server

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        log.debug("status-feed request answered")  # no client addresses in the log

    def send_response(self, code: int, message: str | None = None) -> None:
        self.server.count(code)  # type: ignore[attr-defined]
        super().send_response(code, message)

    def _plain(self, code: int, text: str, extra: dict[str, str] | None = None) -> None:
        body = (text + "\n").encode("ascii")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=ascii")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _serve(self, head: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        target = SERVED.get(path)
        entry = self.files.get(target[0]) if target else None
        if target is None or entry is None:
            self._plain(404, "not found")
            return
        common = {
            "ETag": entry.etag,
            "Cache-Control": CACHE_CONTROL,
            "Vary": "Accept-Encoding",
            "X-Content-Type-Options": "nosniff",
        }
        if _etag_matches(self.headers.get("If-None-Match"), entry.etag):
            self.send_response(304)
            for k, v in common.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        gz = _accepts_gzip(self.headers.get("Accept-Encoding"))
        body = entry.gz if gz else entry.body
        self.send_response(200)
        self.send_header("Content-Type", target[1])
        self.send_header("Content-Length", str(len(body)))
        if gz:
            self.send_header("Content-Encoding", "gzip")
        for k, v in common.items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def _refuse(self) -> None:
        self._plain(405, "method not allowed", {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse  # noqa: N815


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # many counters reconnecting at once after the network returns
    allow_reuse_address = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answered: dict[int, int] = {}  # answers by status code (tests, the benchmark)
        self._count_lock = threading.Lock()

    def count(self, code: int) -> None:
        with self._count_lock:
            self.answered[code] = self.answered.get(code, 0) + 1


def make_server(directory: str | os.PathLike, host: str = "127.0.0.1", port: int = 0) -> FeedServer:
    handler = type("FeedHandler", (_Handler,), {"files": FeedFiles(Path(directory))})
    return FeedServer((host, port), handler)
