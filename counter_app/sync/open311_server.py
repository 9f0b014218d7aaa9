"""A rehearsal Open311 GeoReport v2 server that, like many real ones, does NOT de-duplicate:
every POST requests.json creates a new service request. `counter-app serve open311`.

- GET services.json; POST requests.json (form-encoded, `api_key` checked) answers
  `[{"token": T}]` (or `[{"service_request_id": ID}]` with `tokens=0`); GET tokens/{T}.json answers
  `[{"token": T}]` for the first `token-delay` polls, then `[{"service_request_id": ID, "token": T}]`;
  GET requests/{ID}.json the request. Errors are lists of `{code, description}`.
- Faults (probabilities per POST): `drop=P` (create, then close without an answer), `503=P`.
- Stores in its own SQLite file the form fields but never phone or email.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import random
import re
import socket
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from counter_app.errors import UserError
from counter_app.i18n import Msg

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token TEXT NOT NULL UNIQUE,
    case_attr TEXT,
    service_code TEXT,
    description TEXT,
    requested_at TEXT NOT NULL,
    polls INTEGER NOT NULL DEFAULT 0
);
"""


class Open311Faults:
    def __init__(
        self, drop: float = 0.0, unavailable: float = 0.0, token_delay: int = 1, tokens: bool = True, seed: int = 1
    ):
        self.drop, self.unavailable, self.token_delay, self.tokens, self.seed = (
            drop,
            unavailable,
            token_delay,
            tokens,
            seed,
        )

    @classmethod
    def parse(cls, spec: str | None) -> Open311Faults:
        f = cls(seed=random.SystemRandom().randrange(2**31))
        names = {"drop": "drop", "503": "unavailable", "token-delay": "token_delay", "tokens": "tokens", "seed": "seed"}
        for part in (spec or "").split(","):
            if not part.strip():
                continue
            name, _, value = part.strip().partition("=")
            attr = names.get(name)
            try:
                if attr is None:
                    raise ValueError
                number = float(value) if attr in ("drop", "unavailable") else int(value)
                if number < 0 or (attr in ("drop", "unavailable") and number > 1):
                    raise ValueError
            except ValueError:
                shown = "".join(ch for ch in part if ch.isprintable())[:40]
                raise UserError(
                    Msg(f"장애 설정을 이해할 수 없습니다: {shown}", f"Cannot understand the fault setting: {shown}.")
                ) from None
            setattr(f, attr, bool(number) if attr == "tokens" else number)
        return f


class Open311Server:
    def __init__(self, store_path: Path | str, api_key: str, *, faults: Open311Faults | None = None, port: int = 0):
        if not api_key:
            raise UserError(Msg("연습용 서버의 API 키가 비어 있습니다.", "The rehearsal server's API key is empty."))
        self.api_key = api_key
        self.faults = faults or Open311Faults()
        self._rng = random.Random(self.faults.seed)
        self.lock = threading.Lock()
        self.posts = 0
        self._conn = sqlite3.connect(str(store_path), isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.app = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def count(self) -> int:
        with self.lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM requests").fetchone()[0])

    def case_ids(self) -> list[str]:
        with self.lock:
            return [r[0] for r in self._conn.execute("SELECT case_attr FROM requests ORDER BY id")]

    def create(self, form: dict[str, str]) -> tuple[int, str]:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        token = f"tok-{self._rng.randrange(16**12):012x}"
        with self.lock:
            cur = self._conn.execute(
                "INSERT INTO requests (token, case_attr, service_code, description, requested_at) VALUES (?,?,?,?,?)",
                (token, form.get("attribute[case_id]"), form.get("service_code"), form.get("description"), now),
            )
            return int(cur.lastrowid or 0), token

    def poll(self, token: str) -> tuple[int, int] | None:
        with self.lock:
            row = self._conn.execute("SELECT id, polls FROM requests WHERE token = ?", (token,)).fetchone()
            if row is None:
                return None
            self._conn.execute("UPDATE requests SET polls = polls + 1 WHERE id = ?", (row[0],))
            return int(row[0]), int(row[1]) + 1

    def fault(self) -> str | None:
        with self.lock:
            self.posts += 1
            r = self._rng.random()
        if r < self.faults.drop:
            return "drop"
        if r < self.faults.drop + self.faults.unavailable:
            return "unavailable"
        return None

    def start(self) -> Open311Server:
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(5)
        self._httpd.server_close()
        self._conn.close()


_TOKEN_PATH = re.compile(r"^/tokens/([A-Za-z0-9._-]{1,100})\.json$")
_REQUEST_PATH = re.compile(r"^/requests/(\d{1,12})\.json$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 64 * 1024

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def setup(self) -> None:
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    @property
    def app(self) -> Open311Server:
        return self.server.app  # type: ignore[attr-defined]

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, code: int, text: str) -> None:
        self._send(status, [{"code": code, "description": text}])

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?")[0]
        if path == "/services.json":
            self._send(
                200,
                [
                    {
                        "service_code": "counter-case",
                        "service_name": "Counter case",
                        "metadata": False,
                        "type": "batch",
                        "keywords": "",
                        "group": "counter",
                    }
                ],
            )
            return
        m = _TOKEN_PATH.match(path)
        if m:
            polled = self.app.poll(m.group(1))
            if polled is None:
                self._error(404, 404, "unknown token")
            elif polled[1] <= self.app.faults.token_delay:
                self._send(200, [{"token": m.group(1)}])
            else:
                self._send(200, [{"service_request_id": str(polled[0]), "token": m.group(1)}])
            return
        m = _REQUEST_PATH.match(path)
        if m:
            self._send(200, [{"service_request_id": m.group(1), "status": "open"}])
            return
        self._error(404, 404, "not found")

    def do_POST(self) -> None:  # noqa: N802
        if self.path.split("?")[0] != "/requests.json":
            self._error(404, 404, "not found")
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > 1024 * 1024:
            self._error(400, 400, "body too large or without length")
            self.close_connection = True
            return
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(length)).decode("utf-8", "replace")).items()}
        if not hmac.compare_digest(form.get("api_key", "").encode(), self.app.api_key.encode()):
            self._error(403, 403, "invalid api_key")
            return
        if not form.get("service_code"):
            self._error(400, 400, "service_code missing")
            return
        fault = self.app.fault()
        if fault == "unavailable":
            self._send(503, [{"code": 503, "description": "CRM is down"}], {"Retry-After": "1"})
            return
        request_id, token = self.app.create(form)  # no de-duplication: a second POST is a second request
        if fault == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if self.app.faults.tokens:
            self._send(200, [{"token": token}])
        else:
            self._send(200, [{"service_request_id": str(request_id)}])
