"""Real HTTP servers on 127.0.0.1 for the status tests, with fault injection, and feed builders.

A StatusServer maps paths to responders; a responder writes the whole answer itself, so a test can
answer slowly, drop the connection half way, stream 50 MB from a generator or pose as a Wi-Fi
sign-in page. Handler threads never raise (a client hanging up is expected in these tests).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

Responder = Callable[[BaseHTTPRequestHandler, dict], None]


class StatusServer:
    def __init__(self):
        self.routes: dict[str, Responder] = {}
        self.post_routes: dict[str, Responder] = {}
        self.hits: list[str] = []
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                self._dispatch(server.routes)

            def do_POST(self):  # noqa: N802 - http.server's naming
                self._dispatch(server.post_routes)

            def _dispatch(self, routes):
                parts = urlsplit(self.path)
                server.hits.append(self.path)
                responder = routes.get(parts.path)
                try:
                    if responder is None:
                        body(b'{"error": "not found"}', status=404)(self, {})
                    else:
                        responder(self, parse_qs(parts.query))
                except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
                    pass  # the client gave up on purpose (size cap, timeout)

            def log_message(self, *args):  # keep test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._running = False

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, responder: Responder, method: str = "GET") -> str:
        (self.post_routes if method == "POST" else self.routes)[path] = responder
        return self.url(path)

    def start(self) -> StatusServer:
        self._thread.start()
        self._running = True
        return self

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


# --- responders -------------------------------------------------------------------------------


def body(
    data: bytes, status: int = 200, ctype: str = "application/json; charset=utf-8", headers: dict | None = None
) -> Responder:
    def respond(req: BaseHTTPRequestHandler, _query: dict) -> None:
        req.send_response(status)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            req.send_header(k, v)
        req.end_headers()
        req.wfile.write(data)

    return respond


def json_body(doc, status: int = 200, ctype: str = "application/json; charset=utf-8") -> Responder:
    return body(json.dumps(doc, ensure_ascii=False).encode("utf-8"), status, ctype)


def stream(chunks: Iterable[bytes], ctype: str = "application/json") -> Responder:
    """No Content-Length: the body ends when the server closes (HTTP/1.0), like a proxy stream."""

    def respond(req: BaseHTTPRequestHandler, _query: dict) -> None:
        req.send_response(200)
        req.send_header("Content-Type", ctype)
        req.end_headers()
        for chunk in chunks:
            req.wfile.write(chunk)

    return respond


def huge_json(total_bytes: int = 50 * 1024 * 1024, chunk: int = 256 * 1024) -> Iterable[bytes]:
    """A syntactically plausible JSON stream of `total_bytes`, generated lazily."""
    yield b'{"systems": ['
    filler = (b'{"id": "x", "name_ko": "x", "status": "operational"},' * (chunk // 52 + 1))[:chunk]
    sent = 0
    while sent < total_bytes:
        yield filler
        sent += len(filler)


def slow(server: StatusServer, delay: float, then: Responder) -> Responder:
    def respond(req: BaseHTTPRequestHandler, query: dict) -> None:
        if server.stopping.wait(delay):
            return
        then(req, query)

    return respond


def trickle(server: StatusServer, interval: float, total: int = 1000) -> Responder:
    """Headers at once, then one byte per `interval`: each read is on time, the whole never is."""

    def respond(req: BaseHTTPRequestHandler, _query: dict) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(total))
        req.end_headers()
        req.wfile.write(b"[")
        req.wfile.flush()
        for _ in range(total - 1):
            if server.stopping.wait(interval):
                return
            req.wfile.write(b" ")
            req.wfile.flush()

    return respond


def drop_mid_body(declared: int = 10_000, send: int = 100) -> Responder:
    """Promise `declared` bytes, send `send`, then hang up."""

    def respond(req: BaseHTTPRequestHandler, _query: dict) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(declared))
        req.end_headers()
        req.wfile.write(b'{"systems": [' + b" " * (send - 13))
        req.wfile.flush()
        req.close_connection = True

    return respond


class HeaderTrickle:
    """A status line, then one header line every `interval` (each read on time, the headers never
    done within any sane deadline), then a small JSON body. `sent` counts the header lines the
    client took before it hung up: the deadline test reads it instead of a stopwatch."""

    def __init__(self, server: StatusServer, interval: float, lines: int = 40):
        self.server, self.interval, self.lines = server, interval, lines
        self.sent = 0
        self.finished = threading.Event()

    def __call__(self, req: BaseHTTPRequestHandler, _query: dict) -> None:
        try:
            req.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
            req.wfile.flush()
            for i in range(self.lines):
                if self.server.stopping.wait(self.interval):
                    return
                req.wfile.write(f"X-Slow-{i}: {i}\r\n".encode())
                req.wfile.flush()
                self.sent += 1
            req.wfile.write(b"Content-Length: 2\r\nConnection: close\r\n\r\n[]")
            req.wfile.flush()
        finally:
            self.finished.set()


def encoded(data: bytes, encoding: str, ctype: str = "application/json") -> Responder:
    """`data` sent with Content-Encoding `encoding` (already compressed by the caller)."""
    return body(data, ctype=ctype, headers={"Content-Encoding": encoding})


def gzip_bomb(decoded_bytes: int) -> bytes:
    """`decoded_bytes` of zeros as one gzip member, compressed in pieces (no big buffer here)."""
    import zlib

    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [z.compress(block) for _ in range(decoded_bytes // len(block))]
    parts.append(z.flush())
    return b"".join(parts)


def redirect(location: str, status: int = 302) -> Responder:
    def respond(req: BaseHTTPRequestHandler, _query: dict) -> None:
        req.send_response(status)
        req.send_header("Location", location)
        req.send_header("Content-Length", "0")
        req.end_headers()

    return respond


def read_then_hang_up(received: list) -> Responder:
    """Read the whole request body, keep it in `received`, and close without answering: the
    request was delivered, the answer is lost."""

    def respond(req: BaseHTTPRequestHandler, _query: dict) -> None:
        length = int(req.headers.get("Content-Length") or 0)
        received.append(req.rfile.read(length))
        req.close_connection = True
        req.connection.shutdown(2)

    return respond


CAPTIVE_PORTAL = (
    b"<!DOCTYPE html><html><head><title>Wi-Fi login</title></head>"
    b"<body><form action='/login'>Accept the terms</form></body></html>"
)


# --- feed builders ----------------------------------------------------------------------------


def statuspage_summary() -> dict:
    """A Statuspage v2 summary with a major outage, groups, a dangling group_id, HTML bodies,
    mixed timestamp styles and a scheduled maintenance."""
    return {
        "page": {
            "id": "p1",
            "name": "Gov Services",
            "url": "https://status.example",
            "time_zone": "Asia/Seoul",
            "updated_at": "2025-10-01T03:00:00.000Z",
        },
        "status": {"indicator": "critical", "description": "Major System Outage"},
        "components": [
            {
                "id": "grp-civil",
                "name": "Civil services",
                "status": "major_outage",
                "group": True,
                "group_id": None,
                "components": ["gov24", "epeople"],
                "updated_at": "2025-10-01T12:00:00+09:00",
            },
            {
                "id": "gov24",
                "name": "Government24",
                "status": "major_outage",
                "group": False,
                "group_id": "grp-civil",
                "updated_at": "2025-09-26T11:20:00.000Z",
                "description": "<p>Certificates &amp; applications</p>",
            },
            {
                "id": "epeople",
                "name": "e-People",
                "status": "degraded_performance",
                "group": False,
                "group_id": "grp-civil",
                "updated_at": "2025-10-01T09:00:00+09:00",
            },
            {
                "id": "postbank",
                "name": "Postal banking",
                "status": "operational",
                "group": False,
                "group_id": "grp-missing",
                "updated_at": "2025-09-29T03:00:00Z",
            },
            {
                "id": "law",
                "name": "Law centre",
                "status": "under_maintenance",
                "group": False,
                "group_id": None,
                "updated_at": "2025-10-01T01:00:00Z",
            },
            {"id": "odd", "name": "Odd status", "status": "on_fire", "group": False, "group_id": None},
        ],
        "incidents": [
            {
                "id": "inc1",
                "name": "Data centre fire",
                "status": "identified",
                "impact": "critical",
                "created_at": "2025-09-26T20:15:00+09:00",
                "updated_at": "2025-10-01T03:00:00Z",
                "resolved_at": None,
                "components": [{"id": "gov24", "name": "Government24"}],
                "incident_updates": [
                    {
                        "id": "u2",
                        "status": "identified",
                        "created_at": "2025-10-01T03:00:00Z",
                        "body": "<p>Restoration <b>in progress</b>.<script>alert('x')</script></p><ul><li>62 restored</li></ul>",
                    },
                    {
                        "id": "u1",
                        "status": "investigating",
                        "created_at": "2025-09-26T20:30:00+09:00",
                        "body": "We are investigating &lt;fire&gt; at the NIRS.",
                    },
                ],
            }
        ],
        "scheduled_maintenances": [
            {
                "id": "m1",
                "name": "Planned switch-over",
                "status": "scheduled",
                "impact": "maintenance",
                "created_at": "2025-09-30T00:00:00Z",
                "updated_at": "2025-09-30T00:00:00Z",
                "scheduled_for": "2025-10-05T01:00:00+09:00",
                "scheduled_until": "2025-10-05T05:00:00+09:00",
                "components": [],
                "incident_updates": [],
            }
        ],
    }


def cachet_page(data: list, page: int, pages: int, next_url: str | None) -> dict:
    return {
        "meta": {
            "pagination": {
                "total": 0,
                "count": len(data),
                "per_page": len(data),
                "current_page": page,
                "total_pages": pages,
                "links": {"next_page": next_url, "previous_page": None},
            }
        },
        "data": data,
    }


def cachet_component(cid: int, name: str, status: int, group_id: int = 0) -> dict:
    return {
        "id": cid,
        "name": name,
        "description": "",
        "status": status,
        "order": cid,
        "group_id": group_id,
        "enabled": True,
        "created_at": "2025-09-01 09:00:00",
        "updated_at": "2025-10-01 09:00:00",
    }


def serve_cachet(
    server: StatusServer,
    components: list[dict],
    incidents: list[dict],
    per_page: int = 2,
    groups: list[dict] | None = None,
) -> str:
    """Route a Cachet v1 API serving `components` and `incidents` paginated; returns the base URL."""

    def paged(items: list[dict], path: str) -> Responder:
        pages = max(1, -(-len(items) // per_page))

        def respond(req, query):
            page = int(query.get("page", ["1"])[0])
            chunk = items[(page - 1) * per_page : page * per_page]
            nxt = server.url(f"{path}?page={page + 1}") if page < pages else None
            json_body(cachet_page(chunk, page, pages, nxt))(req, query)

        return respond

    server.route("/api/v1/components", paged(components, "/api/v1/components"))
    server.route("/api/v1/incidents", paged(incidents, "/api/v1/incidents"))
    if groups is not None:
        server.route("/api/v1/components/groups", paged(groups, "/api/v1/components/groups"))
    return server.url("/")


def native_feed(n_systems: int = 3, restored: int | None = None, updated_at: str = "2025-10-31T12:00:00+09:00") -> dict:
    statuses = ["operational", "major_outage", "partial_outage", "degraded"]
    systems = [
        {
            "id": f"sys-{i:04d}",
            "name_ko": f"시스템 {i}",
            "name_en": f"System {i}",
            "grade": i % 4 + 1,
            "ministry": {"ko": "행정안전부", "en": "MOIS"},
            "status": statuses[i % 4],
            "since": "2025-09-26T20:15:00+09:00",
            "expected_recovery": {"from": "2025-11-01", "to": "2025-11-20", "note": "unverified"},
            "alternatives": [
                {"kind": "visit", "label": "행정복지센터 방문", "procedure_id": "proc.gov24-certificates"}
            ],
        }
        for i in range(n_systems)
    ]
    return {
        "format": "counter_app.status-feed",
        "version": 1,
        "updated_at": updated_at,
        "label": "test feed",
        "systems": systems,
        "incidents": [],
        "progress": [
            {"at": "2025-10-01T12:00:00+09:00", "restored": 0, "total": n_systems},
            {"at": updated_at, "restored": restored if restored is not None else n_systems // 2, "total": n_systems},
        ],
    }
