"""The rehearsal Intake API v1 server (contracts.md §2): `counter-app serve intake-api`.

District IT runs it on loopback to rehearse a sync before the real one; the tests run it too. It
is a real HTTP/1.1 server (stdlib ThreadingHTTPServer, keep-alive) over its own SQLite file, with
Bearer auth and the whole protocol: POST /v1/cases with Idempotency-Key (201 / 200 / 409 / 422),
POST /v1/cases:batch (at most 200), GET /v1/cases/{id}, GET /v1/health.

What it stores: one row per case id, the SHA-256 of the case's canonical JSON (keys sorted: the
protocol's "identical content"), and the case JSON *without* `applicant.rrn` (it says only whether
one came) — a rehearsal must not leave clear resident registration numbers in a file.

Faults (`--faults SPEC`, comma-separated NAME=VALUE; probabilities per POST request):
- `drop=P`          commit what was sent, then close the connection without an answer (a lost
                    response: the client cannot know the case was registered);
- `503=P`           start a burst of `burst=N` (default 3) answers 503 with `Retry-After:
                    retry-after=S` (default 1) seconds;
- `slow=P`          wait `slow-seconds=S` (default 0.2) before answering;
- `html=P`          answer 200 with an HTML page (a captive portal or a proxy's error page),
                    registering nothing;
- `401-after=N`     after N POST requests every request is refused 401 (a token revoked mid-run);
- `invalid=N`       the first N distinct case ids posted are refused 422 for good ("one invalid
                    case among many");
- `seed=S`          the random generator's seed (default: random; `faults.seed` says which).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import random
import re
import socket
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from counter_app.errors import UserError
from counter_app.i18n import Msg

log = logging.getLogger(__name__)

MAX_BATCH = 200
MAX_BODY = 16 * 1024 * 1024
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_CASE_PATH = re.compile(r"^/v1/cases/([0-9A-Fa-f-]{36})$")
CHANNELS = ("visit", "phone", "mail", "fax")
CATEGORIES = ("statutory", "inquiry", "suggestion", "other", "grievance")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS registrations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL UNIQUE,
    content_sha256 TEXT NOT NULL,
    content TEXT NOT NULL,
    rrn_received INTEGER NOT NULL,
    office_code TEXT,
    terminal TEXT,
    official_no TEXT NOT NULL UNIQUE,
    registered_at TEXT NOT NULL
);
"""


def canonical_json(case: Any) -> str:
    """The protocol's "identical content": the case JSON with keys sorted, compact."""
    return json.dumps(case, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(case: Any) -> str:
    return hashlib.sha256(canonical_json(case).encode("utf-8")).hexdigest()


@dataclass
class Faults:
    drop: float = 0.0
    unavailable: float = 0.0
    burst: int = 3
    retry_after: int = 1
    slow: float = 0.0
    slow_seconds: float = 0.2
    html: float = 0.0
    auth_after: int | None = None
    invalid: int = 0
    seed: int = field(default_factory=lambda: random.SystemRandom().randrange(2**31))

    _NAMES = {
        "drop": "drop",
        "503": "unavailable",
        "unavailable": "unavailable",
        "burst": "burst",
        "retry-after": "retry_after",
        "slow": "slow",
        "slow-seconds": "slow_seconds",
        "html": "html",
        "401-after": "auth_after",
        "invalid": "invalid",
        "seed": "seed",
    }

    @classmethod
    def parse(cls, spec: str | None) -> Faults:
        faults = cls()
        for part in (spec or "").split(","):
            part = part.strip()
            if not part:
                continue
            name, _, value = part.partition("=")
            attr = cls._NAMES.get(name.strip().lower())
            try:
                if attr is None:
                    raise ValueError
                if attr in ("burst", "retry_after", "auth_after", "invalid", "seed"):
                    number: float = int(value)
                else:
                    number = float(value)
                    if attr != "slow_seconds" and not 0.0 <= number <= 1.0:
                        raise ValueError
                if number < 0:
                    raise ValueError
            except ValueError:
                shown = "".join(ch for ch in part if ch.isprintable())[:40]
                raise UserError(
                    Msg(
                        f"장애 설정을 이해할 수 없습니다: {shown} (예: drop=0.05,503=0.05,slow=0.05,401-after=500,invalid=1)",
                        f"Cannot understand the fault setting: {shown} "
                        f"(e.g. drop=0.05,503=0.05,slow=0.05,401-after=500,invalid=1).",
                    )
                ) from None
            setattr(faults, attr, number)
        return faults


@dataclass
class ServerStats:
    posts: int = 0
    batches: int = 0
    gets: int = 0
    created: int = 0
    replayed: int = 0
    conflicts: int = 0
    invalid: int = 0
    dropped: int = 0
    unavailable: int = 0
    slowed: int = 0
    html: int = 0
    unauthorized: int = 0


class IntakeStore:
    """The rehearsal server's own SQLite file (one connection, one lock: requests are short)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA busy_timeout=10000")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def lookup(self, case_id: str) -> dict | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT case_id, official_no, registered_at FROM registrations WHERE case_id = ?", (case_id,)
            ).fetchone()
        return {"case_id": row[0], "official_no": row[1], "registered_at": row[2]} if row else None

    def register(self, items: list[tuple[str, dict]]) -> list[tuple[int, dict]]:
        """(status, body) for each (case_id, case) — 201 new, 200 identical replay, 409 different —
        all in ONE transaction (committed before any answer is written)."""
        out: list[tuple[int, dict]] = []
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                for case_id, case in items:
                    digest = content_hash(case)
                    row = conn.execute(
                        "SELECT content_sha256, official_no, registered_at FROM registrations WHERE case_id = ?",
                        (case_id,),
                    ).fetchone()
                    if row is not None:
                        if row[0] == digest:
                            out.append((200, {"case_id": case_id, "official_no": row[1], "registered_at": row[2]}))
                        else:
                            out.append(
                                (409, {"error": "case_id registered before with different content", "fields": {}})
                            )
                        continue
                    given = case.get("applicant")
                    applicant: dict = given if isinstance(given, dict) else {}
                    stored = dict(case, applicant={k: v for k, v in applicant.items() if k != "rrn"})
                    seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM registrations").fetchone()[0]
                    official_no = f"RH-{seq:09d}"
                    conn.execute(
                        "INSERT INTO registrations (seq, case_id, content_sha256, content, rrn_received, "
                        "office_code, terminal, official_no, registered_at) VALUES (?,?,?,?,?,?,?,?,?)",
                        (
                            seq,
                            case_id,
                            digest,
                            canonical_json(stored),
                            int("rrn" in applicant),
                            case.get("office_code"),
                            case.get("terminal"),
                            official_no,
                            now,
                        ),
                    )
                    out.append((201, {"case_id": case_id, "official_no": official_no, "registered_at": now}))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return out

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM registrations").fetchone()[0])

    def rows(self) -> list[dict]:
        """Every registration (for the tests and a rehearsal's check): case_id, content_sha256,
        official_no, office_code, terminal, rrn_received."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT case_id, content_sha256, official_no, office_code, terminal, "
                "rrn_received FROM registrations ORDER BY seq"
            ).fetchall()
        return [
            {
                "case_id": r[0],
                "content_sha256": r[1],
                "official_no": r[2],
                "office_code": r[3],
                "terminal": r[4],
                "rrn_received": bool(r[5]),
            }
            for r in rows
        ]


def validate_case(case: Any, key: str | None) -> dict | None:
    """The fields wrong in `case` ({field: reason}), or None when it can be registered."""
    if not isinstance(case, dict):
        return {"case": "not an object"}
    fields: dict[str, str] = {}
    case_id = case.get("case_id")
    if not isinstance(case_id, str) or not _UUID.match(case_id):
        fields["case_id"] = "not a lower-case UUID"
    elif key is not None and key != case_id:
        fields["idempotency_key"] = "differs from case_id"
    for name in ("receipt_no", "office_code", "terminal", "service", "title", "content"):
        value = case.get(name)
        if not isinstance(value, str) or not value.strip():
            fields[name] = "required"
    received = case.get("received_at")
    try:
        if not isinstance(received, str) or dt.datetime.fromisoformat(received).utcoffset() is None:
            raise ValueError
    except ValueError:
        fields["received_at"] = "not ISO 8601 with an offset"
    if case.get("channel") not in CHANNELS:
        fields["channel"] = "unknown"
    if case.get("category") not in CATEGORIES:
        fields["category"] = "unknown"
    applicant = case.get("applicant")
    if not isinstance(applicant, dict) or not isinstance(applicant.get("name"), str) or not applicant["name"]:
        fields["applicant.name"] = "required"
    return fields or None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The answer leaves in one write (status line, headers and body buffered, flushed by the
    # stdlib after each request) with Nagle off: otherwise headers and body go as two segments
    # and the client's delayed ACK adds ~40 ms to every exchange.
    wbufsize = 64 * 1024
    server: _Server

    def setup(self) -> None:
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass  # a rehearsal server holding personal data keeps no access log

    # ------------------------------------------------------------------ plumbing
    def _send(
        self,
        status: int,
        body: Any = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
        content_type: str = "application/json",
    ) -> None:
        data = (
            raw if raw is not None else (b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8"))
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type if data else "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if data:
            self.wfile.write(data)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _authorised(self) -> bool:
        app = self.server.app
        given = self.headers.get("Authorization", "")
        ok = given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip().encode(), app.token.encode())
        if ok and app.revoked():
            ok = False
        if not ok:
            with app.lock:
                app.stats.unauthorized += 1
            self._send(401, {"error": "unauthorized"}, {"WWW-Authenticate": "Bearer"})
        return ok

    def _read_json(self) -> Any:
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_BODY:
            self._send(413 if length.isdigit() else 411, {"error": "body too large or without length"})
            self.close_connection = True
            return _NOTHING
        data = self.rfile.read(int(length))
        try:
            return json.loads(data)
        except ValueError:
            self._send(400, {"error": "body is not JSON"})
            return _NOTHING

    # ------------------------------------------------------------------ routes
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        app = self.server.app
        if self.path == "/v1/health":
            self._send(200, {"status": "ok"})
            return
        if not self._authorised():
            return
        match = _CASE_PATH.match(self.path)
        if not match:
            self._send(404, {"error": "not found"})
            return
        with app.lock:
            app.stats.gets += 1
        found = app.store.lookup(match.group(1).lower())
        self._send(200, found) if found else self._send(404, {"error": "never received"})

    def do_POST(self) -> None:  # noqa: N802
        app = self.server.app
        if self.path not in ("/v1/cases", "/v1/cases:batch"):
            self._send(404, {"error": "not found"})
            return
        app.count_post()
        if not self._authorised():
            return
        doc = self._read_json()
        if doc is _NOTHING:
            return
        fault = app.pick_fault()
        if fault == "slow":
            time.sleep(app.faults.slow_seconds)
        elif fault == "unavailable":
            self._send(503, {"error": "unavailable"}, {"Retry-After": str(app.faults.retry_after)})
            return
        elif fault == "html":
            self._send(
                200,
                raw=b"<!DOCTYPE html><html><body><h1>Sign in to the network</h1></body></html>",
                content_type="text/html; charset=utf-8",
            )
            return
        if self.path == "/v1/cases":
            status, body = self._single(doc)
        else:
            status, body = self._batch(doc)
        if fault == "drop":
            with app.lock:
                app.stats.dropped += 1
            self._drop()
            return
        self._send(status, body)

    def _single(self, doc: Any) -> tuple[int, dict]:
        app = self.server.app
        key = self.headers.get("Idempotency-Key")
        fields = validate_case(doc, key) if key else {"idempotency_key": "required"}
        if fields is None and app.chosen_invalid(doc["case_id"]):
            fields = {"content": "refused by the rehearsal server (fault invalid)"}
        if fields is not None:
            with app.lock:
                app.stats.invalid += 1
            return 422, {"error": "the case cannot be accepted as it is", "fields": fields}
        ((status, body),) = app.store.register([(doc["case_id"], doc)])
        app.tally([status])
        return status, body

    def _batch(self, doc: Any) -> tuple[int, dict]:
        app = self.server.app
        with app.lock:
            app.stats.batches += 1
        items = doc.get("cases") if isinstance(doc, dict) else None
        if not isinstance(items, list) or not items:
            return 422, {"error": "cases: a non-empty list is required", "fields": {"cases": "required"}}
        if len(items) > MAX_BATCH:
            return 422, {"error": f"at most {MAX_BATCH} cases per batch", "fields": {"cases": "too many"}}
        results: list[dict | None] = []
        good: list[tuple[int, str, dict]] = []
        for i, item in enumerate(items):
            key = item.get("idempotency_key") if isinstance(item, dict) else None
            case = item.get("case") if isinstance(item, dict) else None
            fields = validate_case(case, key) if isinstance(key, str) else {"idempotency_key": "required"}
            if fields is None and isinstance(case, dict) and app.chosen_invalid(case["case_id"]):
                fields = {"content": "refused by the rehearsal server (fault invalid)"}
            if fields is not None or not isinstance(key, str) or not isinstance(case, dict):
                with app.lock:
                    app.stats.invalid += 1
                results.append(
                    {
                        "idempotency_key": key,
                        "status": 422,
                        "body": {"error": "the case cannot be accepted as it is", "fields": fields},
                    }
                )
            else:
                results.append(None)
                good.append((i, key, case))
        outcomes = app.store.register([(case["case_id"], case) for _, _, case in good])
        app.tally([s for s, _ in outcomes])
        for (i, key, _), (status, body) in zip(good, outcomes):
            results[i] = {"idempotency_key": key, "status": status, "body": body}
        return 200, {"results": results}


_NOTHING = object()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    app: IntakeApiServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-request (killed, timed out) is normal here: no traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        log.warning("rehearsal server: a request failed (%s)", type(exc).__name__)


class IntakeApiServer:
    """The rehearsal server. `start()` serves on a daemon thread (tests); `serve_forever()` in the
    foreground (the CLI). Loopback only."""

    def __init__(
        self,
        store_path: Path | str,
        token: str,
        *,
        faults: Faults | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        from counter_app.net.http import is_loopback

        if not is_loopback(host):
            raise UserError(
                Msg(
                    "연습용 서버는 이 컴퓨터 안(127.0.0.1)에서만 엽니다.",
                    "The rehearsal server listens on this computer only (127.0.0.1).",
                )
            )
        if not token:
            raise UserError(
                Msg("연습용 서버의 접속 토큰이 비어 있습니다.", "The rehearsal server's access token is empty.")
            )
        self.token = token
        self.faults = faults or Faults()
        self.store = IntakeStore(Path(store_path))
        self.stats = ServerStats()
        self.lock = threading.Lock()
        self._rng = random.Random(self.faults.seed)
        self._burst_left = 0
        self._invalid_ids: set[str] = set()
        self._seen_ids: set[str] = set()
        self._posts = 0
        self._httpd = _Server((host, port), _Handler)
        self._httpd.app = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------ fault decisions
    def count_post(self) -> None:
        with self.lock:
            self._posts += 1
            self.stats.posts += 1

    def revoked(self) -> bool:
        return self.faults.auth_after is not None and self._posts > self.faults.auth_after

    def set_faults(self, faults: Faults) -> None:
        with self.lock:
            self.faults = faults
            self._rng = random.Random(faults.seed)
            self._burst_left = 0

    def pick_fault(self) -> str | None:
        f = self.faults
        with self.lock:
            if self._burst_left > 0:
                self._burst_left -= 1
                self.stats.unavailable += 1
                return "unavailable"
            r = self._rng.random()
            for name, p in (("drop", f.drop), ("unavailable", f.unavailable), ("slow", f.slow), ("html", f.html)):
                if r < p:
                    if name == "unavailable":
                        self._burst_left = max(f.burst - 1, 0)
                        self.stats.unavailable += 1
                    elif name == "slow":
                        self.stats.slowed += 1
                    elif name == "html":
                        self.stats.html += 1
                    return name
                r -= p
        return None

    def chosen_invalid(self, case_id: str) -> bool:
        with self.lock:
            if case_id in self._invalid_ids:
                return True
            if case_id not in self._seen_ids:
                self._seen_ids.add(case_id)
                if len(self._invalid_ids) < self.faults.invalid:
                    self._invalid_ids.add(case_id)
                    return True
        return False

    def tally(self, statuses: list[int]) -> None:
        with self.lock:
            for s in statuses:
                if s == 201:
                    self.stats.created += 1
                elif s == 200:
                    self.stats.replayed += 1
                elif s == 409:
                    self.stats.conflicts += 1

    @property
    def invalid_ids(self) -> set[str]:
        with self.lock:
            return set(self._invalid_ids)

    # ------------------------------------------------------------------ life cycle
    def start(self) -> IntakeApiServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="intake-api-rehearsal", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(5)
            self._thread = None
        self._httpd.server_close()
        self.store.close()

    def __enter__(self) -> IntakeApiServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
