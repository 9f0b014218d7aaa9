"""The one HTTP client of the program: the status fetcher uses it, the coming sync (Intake API v1,
Open311; contracts.md §2) will. `requests` underneath, with what `requests` alone does not give:

- **An overall deadline over the whole exchange** — connecting, the status line, every header
  and the body. `requests`' timeouts are per socket operation, so a server sending one header
  line every 2 s never trips a 15 s read timeout and could hold a request for minutes. Here a
  watchdog thread, started per exchange, shuts the exchange's socket down the moment the deadline
  passes (or the caller's `cancelled()` says stop); the blocked read returns at once and the
  exchange ends with a TransportError naming the time limit (or Cancelled). The sockets are
  found through a connection pool that records, per exchange, each connection it hands out.
  One watchdog thread serves every exchange of the process (a thread started and joined per
  exchange cost each request of a 10,000-case sync ~0.2 ms); it wakes when an exchange's time is
  up (every 50 ms while one has a `cancelled()` to poll) and sleeps when none is under way.
  Name resolution (getaddrinfo) happens before any socket exists and is not covered.
- **A body size cap on the decoded bytes.** We ask for `gzip, deflate` and decode ourselves, the
  decompressor never producing more than the room left under the cap, so a compression bomb
  stops at the cap with at most one cap's worth in memory.
- **Redirects** are followed (at most MAX_REDIRECTS); when the final address is on another host
  (host or port), the answer says so (`redirected_to`), so a source that quietly moved elsewhere
  is named on the board.
- **No proxy for loopback.** Proxy variables are honoured for other hosts, but never for
  127.0.0.0/8, ::1 or localhost (HTTP_PROXY without NO_PROXY used to break every loopback feed
  and server in the tests).
- **An error taxonomy** the sync can act on (counter_app/net/errors.py): TransportError,
  AuthError, RejectedError, UnknownOutcomeError, each with one sentence for the clerk.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.sessions import merge_setting
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from counter_app import __version__
from counter_app.i18n import Msg
from counter_app.net.errors import (
    AuthError,
    Cancelled,
    NetError,
    RejectedError,
    TransportError,
    UnknownOutcomeError,
)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
DEADLINE = 45.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
_WATCH_STEP = 0.05  # how often the watchdog looks at cancelled() / re-aborts after the deadline
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    deadline: float = DEADLINE  # seconds for the whole exchange (a caller may pass its own end)
    max_bytes: int = MAX_BYTES  # of the decoded body


@dataclass(frozen=True)
class Answer:
    """One HTTP answer, its body read, decoded and within the cap."""

    status: int
    url: str  # the final address, after redirects
    headers: dict[str, str]  # names in lower case
    body: bytes
    redirected_to: str | None = None  # the final address when it is on another host (no query)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.body)


# --- messages ---------------------------------------------------------------------------------


def deadline_msg(seconds: float) -> Msg:
    return Msg(
        f"제한 시간({seconds:g}초) 안에 받지 못했습니다 (서버가 너무 느립니다).",
        f"Not received within the time limit ({seconds:g} s); the server is too slow.",
    )


def too_large_msg(limit: int) -> Msg:
    mb = limit / (1024 * 1024)
    return Msg(
        f"응답이 너무 커서(최대 {mb:g} MB) 받기를 중단했습니다.",
        f"The answer is too large (limit {mb:g} MB); stopped reading it.",
    )


_CONNECT_TIMEOUT = Msg(
    "서버에 연결하지 못했습니다 (연결 시간 초과).", "Could not connect to the server (connection timed out)."
)
_UNREACHABLE = Msg(
    "서버에 연결할 수 없습니다 (네트워크가 끊겼거나 서버가 멈췄습니다).",
    "Cannot reach the server (the network is down or the server stopped).",
)
_DROPPED = Msg(
    "받는 도중 연결이 끊겼습니다. 다시 시도합니다.", "The connection dropped while receiving; will try again."
)
_REDIRECT_LOOP = Msg("주소가 계속 다른 곳으로 넘겨집니다 (리디렉션 반복).", "The address keeps redirecting elsewhere.")
_BAD_ADDRESS = Msg(
    "주소가 올바르지 않거나 요청을 보낼 수 없습니다.", "The address is invalid or the request could not be sent."
)
_TLS = Msg(
    "보안 연결(TLS)을 맺지 못했습니다 (인증서를 확인하십시오).",
    "Could not set up a secure (TLS) connection; check the certificate.",
)
_UNKNOWN_OUTCOME = Msg(
    "요청을 보낸 뒤 응답을 받지 못해 처리되었는지 알 수 없습니다.",
    "The request was sent but the answer was lost, so whether it was processed is unknown.",
)


def _read_timeout_msg(seconds: float) -> Msg:
    return Msg(
        f"서버가 제때 응답하지 않았습니다 ({seconds:g}초 초과).",
        f"The server did not answer in time (over {seconds:g} s).",
    )


def _encoding_msg(name: str) -> Msg:
    shown = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch in "-_,"))[:20]
    return Msg(
        f"서버가 읽을 수 없는 압축 방식({shown})으로 응답했습니다.",
        f"The server answered in a compression this program cannot read ({shown}).",
    )


_CORRUPT = Msg("압축된 응답이 손상되었습니다.", "The compressed answer is corrupt.")


# --- one exchange and its watchdog ------------------------------------------------------------

_current = threading.local()


class _Exchange:
    """The sockets of one request; the watchdog (below) shuts them at the deadline or on cancel."""

    def __init__(
        self, deadline_at: float, deadline_s: float, cancelled: Callable[[], bool] | None, now: Callable[[], float]
    ):
        self.deadline_at = deadline_at
        self.deadline_s = deadline_s
        self.cancelled = cancelled
        self.now = now
        self.conns: list[Any] = []
        self.reason: str | None = None  # "deadline" | "cancelled" once the watchdog acted
        self._lock = threading.Lock()

    def add(self, conn) -> None:
        with self._lock:
            self.conns.append(conn)
        if self.reason:  # a redirect hop after the abort: shut it too
            self._abort()

    def remaining(self) -> float:
        return self.deadline_at - self.now()

    def check(self) -> None:
        """Between reads: raise at once when cancelled or past the deadline."""
        if self.reason == "cancelled" or (self.cancelled is not None and self.cancelled()):
            self.reason = "cancelled"
            raise Cancelled()
        if self.reason == "deadline" or self.remaining() <= 0:
            self.reason = "deadline"
            raise TransportError(deadline_msg(self.deadline_s))

    def __enter__(self) -> _Exchange:
        self._previous = getattr(_current, "exchange", None)
        _current.exchange = self
        _WATCHDOG.watch(self)
        return self

    def __exit__(self, *exc) -> None:
        _current.exchange = self._previous
        _WATCHDOG.forget(self)  # once it returns, the watchdog never touches these sockets again

    def look(self) -> float:
        """The watchdog's look: act when cancelled or past the deadline; seconds until the next look."""
        if self.reason is None:
            if self.cancelled is not None and self.cancelled():
                self.reason = "cancelled"
            elif self.remaining() <= 0:
                self.reason = "deadline"
        if self.reason is not None:
            self._abort()
            return _WATCH_STEP  # keep shutting whatever socket appears until the caller returns
        if self.cancelled is not None:
            return min(_WATCH_STEP, max(self.remaining(), 0.0))
        return max(self.remaining(), 0.0)

    def _abort(self) -> None:
        with self._lock:
            conns = list(self.conns)
        for conn in conns:
            sock = getattr(conn, "sock", None)
            if sock is None:
                continue
            try:  # the plain socket's shutdown, under any TLS wrapper: the blocked read returns now
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass


class _Watchdog:
    """One daemon thread watching every exchange under way in this process. It looks at them all
    under one lock, so `forget()` returning means it is not shutting that exchange's sockets (a
    keep-alive connection goes back to the pool for the next exchange right after)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: set[_Exchange] = set()
        self._wake = threading.Event()
        self._next_at = float("inf")  # time.monotonic() of the thread's next look
        self._thread: threading.Thread | None = None

    def watch(self, exchange: _Exchange) -> None:
        with self._lock:
            self._active.add(exchange)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="http-deadline", daemon=True)
                self._thread.start()
            due = time.monotonic() + (_WATCH_STEP if exchange.cancelled is not None else max(exchange.remaining(), 0.0))
            if due < self._next_at:
                self._next_at = due
                self._wake.set()

    def forget(self, exchange: _Exchange) -> None:
        with self._lock:
            self._active.discard(exchange)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._wake.clear()
                wait = float("inf")
                for exchange in self._active:
                    wait = min(wait, exchange.look())
                self._next_at = time.monotonic() + wait
            self._wake.wait(None if wait == float("inf") else wait)

    def _after_fork(self) -> None:  # a forked child has none of the parent's threads or exchanges
        self._lock = threading.Lock()
        self._active = set()
        self._wake = threading.Event()
        self._next_at = float("inf")
        self._thread = None


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG._after_fork)


def _register(conn) -> None:
    exchange = getattr(_current, "exchange", None)
    if exchange is not None:
        exchange.add(conn)


class _TrackedHTTPPool(HTTPConnectionPool):
    def _get_conn(self, timeout=None):
        conn = super()._get_conn(timeout)
        _register(conn)
        return conn


class _TrackedHTTPSPool(HTTPSConnectionPool):
    def _get_conn(self, timeout=None):
        conn = super()._get_conn(timeout)
        _register(conn)
        return conn


_TRACKED_POOLS = {"http": _TrackedHTTPPool, "https": _TrackedHTTPSPool}


class _Adapter(HTTPAdapter):
    """An HTTPAdapter whose pools record, per exchange, the connections they hand out."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_TRACKED_POOLS)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = dict(_TRACKED_POOLS)
        return manager


class _Session(requests.Session):
    """requests' Session, except that a request to this computer skips reading the proxy variables
    (HttpClient passes no proxy for loopback, so what they say cannot matter; scanning the whole
    environment twice cost every request of a loopback sync ~0.1 ms)."""

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        if not (self.trust_env and proxies is not None and all(proxies.get(k, "") is None for k in _NO_PROXY)):
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        if verify is True or verify is None:  # what requests reads besides the proxies
            verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or verify
        return {
            "proxies": merge_setting(proxies, self.proxies),
            "stream": merge_setting(stream, self.stream),
            "verify": merge_setting(verify, self.verify),
            "cert": merge_setting(cert, self.cert),
        }


_NO_PROXY = ("http", "https", "all")


def new_session() -> requests.Session:
    """A Session for one worker thread (requests.Session is not thread-safe), with our adapter."""
    session = _Session()
    session.max_redirects = MAX_REDIRECTS
    session.headers.update({"User-Agent": f"counter_app/{__version__}", "Accept-Encoding": "gzip, deflate"})
    adapter = _Adapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# --- helpers ----------------------------------------------------------------------------------


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _authority(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port


def shown_url(url: str) -> str:
    """An address fit to show and store: no user:password, query or fragment (tokens live there)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        netloc = f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        netloc = host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(min(int(value.strip()), 24 * 3600))
    return None


class _Decoder:
    """Content-Encoding gzip / deflate (zlib or raw) / identity, never past `room` bytes of output."""

    def __init__(self, encoding: str):
        names = [e.strip().lower() for e in encoding.split(",") if e.strip() and e.strip().lower() != "identity"]
        if len(names) > 1:
            raise TransportError(_encoding_msg(",".join(names)))
        self.kind = names[0] if names else ""
        if self.kind in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.kind == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
            self._raw_tried = False
        elif self.kind:
            raise TransportError(_encoding_msg(self.kind))
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Decoded bytes of `data`; more than `room` of them means the cap is passed."""
        if not self.kind:
            return data
        out = b""
        while data:
            try:
                piece = self._z.decompress(data, room - len(out) + 1)
            except zlib.error:
                if self.kind == "deflate" and not self._started and not self._raw_tried:
                    self._raw_tried = True  # some servers send raw deflate without the zlib header
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise TransportError(_CORRUPT) from None
            self._started = True
            out += piece
            if len(out) > room:
                return out  # the caller sees the cap passed
            data = self._z.unconsumed_tail
            if self._z.eof:
                rest = self._z.unused_data
                if rest and self.kind != "deflate" and rest.lstrip(b"\0"):
                    self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)  # a further gzip member
                    data = rest
                else:
                    break
        return out

    def finish(self) -> bytes:
        if not self.kind or not self._started:
            return b""
        if not self._z.eof:
            raise TransportError(_DROPPED)  # a gzip or deflate stream cut short (its length lied)
        return self._z.flush()


# --- the client -------------------------------------------------------------------------------


class HttpClient:
    """Requests with limits over one Session (one thread). `cancelled()` is polled while waiting."""

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        limits: Limits = Limits(),
        cancelled: Callable[[], bool] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        verify: bool | str | None = None,
    ):
        self._own = session is None
        self.session = session if session is not None else new_session()
        for prefix in ("http://", "https://"):  # the deadline needs our pools, whoever made the session
            if not isinstance(self.session.get_adapter(prefix), _Adapter):
                self.session.mount(prefix, _Adapter())
        self.limits = limits
        self._cancelled = cancelled
        self._now = monotonic
        # A CA bundle (path) or False, per request: requests lets REQUESTS_CA_BUNDLE override a
        # Session's own `verify`, so a pinned CA (a district relay's) must travel with each request.
        self._verify = verify

    def close(self) -> None:
        if self._own:
            self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def deadline_from_now(self) -> float:
        return self._now() + self.limits.deadline

    def get(self, url: str, **kwargs) -> Answer:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> Answer:
        return self.request("POST", url, **kwargs)

    def request(
        self,
        method: str,
        url: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        allow_redirects: bool | None = None,
        deadline_at: float | None = None,
    ) -> Answer:
        """One exchange within the limits. Returns the Answer for 1xx-3xx and 2xx; raises AuthError
        (401/403), TransportError (408, 429, 5xx and every transport failure of an idempotent
        request), RejectedError (other 4xx), UnknownOutcomeError (a non-idempotent request sent
        and its answer lost) or Cancelled."""
        method = method.upper()
        idempotent = method in IDEMPOTENT
        if allow_redirects is None:
            allow_redirects = method in ("GET", "HEAD")
        limits = self.limits
        deadline_at = self.deadline_from_now() if deadline_at is None else deadline_at
        exchange = _Exchange(deadline_at, limits.deadline, self._cancelled, self._now)
        exchange.check()
        host = urlsplit(url).hostname
        # None values remove the environment's proxy for this request (requests' merge rule)
        proxies: Any = dict.fromkeys(_NO_PROXY) if is_loopback(host) else None
        try:
            with exchange:
                left = max(exchange.remaining(), 0.001)
                try:
                    resp = self.session.request(
                        method,
                        url,
                        json=json_body,
                        data=data,
                        headers=headers,
                        stream=True,
                        allow_redirects=allow_redirects,
                        proxies=proxies,
                        verify=self._verify,
                        timeout=(min(limits.connect_timeout, left), min(limits.read_timeout, left)),
                    )
                except requests.exceptions.RequestException as exc:
                    raise self._failure(exchange, exc) from None
                with resp:
                    return self._answer(exchange, url, resp)
        except TransportError as exc:
            if exchange.reason == "cancelled":
                raise Cancelled() from None
            if exchange.reason == "deadline" and exc.status is None:
                exc = TransportError(deadline_msg(limits.deadline), url=shown_url(url))
            if idempotent or getattr(exc, "_not_sent", False):
                raise exc from None
            raise UnknownOutcomeError(_UNKNOWN_OUTCOME, url=shown_url(url), cause=exc) from None

    # ------------------------------------------------------------------------------------------
    def _failure(self, exchange: _Exchange, exc: requests.exceptions.RequestException) -> NetError:
        """A requests exception -> TransportError marked whether the request can have been sent."""
        if exchange.reason == "cancelled":
            raise Cancelled() from None
        not_sent = False
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            msg, not_sent = _CONNECT_TIMEOUT, True
        elif isinstance(exc, requests.exceptions.ReadTimeout):
            msg = _read_timeout_msg(self.limits.read_timeout)
        elif isinstance(exc, requests.exceptions.TooManyRedirects):
            msg = _REDIRECT_LOOP
        elif isinstance(exc, requests.exceptions.SSLError):
            msg, not_sent = _TLS, True
        elif isinstance(exc, (requests.exceptions.ProxyError,)):
            msg, not_sent = _UNREACHABLE, True
        elif isinstance(exc, requests.exceptions.ConnectionError):
            reason = getattr(exc.args[0], "reason", None) if exc.args else None
            not_sent = isinstance(
                reason, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError)
            )
            msg = _UNREACHABLE if not_sent else _DROPPED
        elif isinstance(
            exc,
            (
                requests.exceptions.InvalidURL,
                requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema,
                requests.exceptions.InvalidHeader,
            ),
        ):
            return NetError(_BAD_ADDRESS)
        else:
            msg = _DROPPED
        if exchange.reason == "deadline":
            msg = deadline_msg(self.limits.deadline)
        error = TransportError(msg)
        error._not_sent = not_sent  # type: ignore[attr-defined]
        return error

    def _answer(self, exchange: _Exchange, url: str, resp: requests.Response) -> Answer:
        status = resp.status_code
        headers = {k.lower(): v for k, v in resp.headers.items()}
        redirected_to = None
        if resp.history and _authority(resp.url) != _authority(url):
            redirected_to = shown_url(resp.url)
        try:
            body = self._read_body(exchange, resp, headers)
        except TransportError:
            if 200 <= status < 300 or exchange.reason:
                raise
            body = b""  # an error answer whose body we could not read: the status still counts
        final = shown_url(resp.url)
        if status in (401, 403):
            raise AuthError(
                Msg(
                    f"서버가 인증을 거부했습니다 (HTTP {status}). 접속 토큰을 확인하십시오.",
                    f"The server refused the credentials (HTTP {status}); check the access token.",
                ),
                status=status,
                url=final,
            )
        if status in (408, 429) or status >= 500:
            error = TransportError(
                Msg(
                    f"서버 오류입니다 (HTTP {status}). 나중에 다시 시도합니다.",
                    f"The server failed (HTTP {status}); will try again later.",
                )
                if status >= 500
                else Msg(
                    f"서버가 잠시 후에 다시 보내라고 답했습니다 (HTTP {status}).",
                    f"The server asked to try again later (HTTP {status}).",
                ),
                status=status,
                url=final,
                retry_after=_retry_after(headers.get("retry-after")),
            )
            error._not_sent = True  # type: ignore[attr-defined]  # an answer: the server says it did nothing
            raise error
        if 400 <= status < 500:
            error_text, fields = None, None
            try:
                doc = json.loads(body) if body else None
            except ValueError:
                doc = None
            if isinstance(doc, dict):
                error_text = doc.get("error") if isinstance(doc.get("error"), str) else None
                fields = doc.get("fields") if isinstance(doc.get("fields"), (dict, list)) else None
            raise RejectedError(
                Msg(
                    f"서버가 요청을 거절했습니다 (HTTP {status}). 주소와 내용을 확인하십시오.",
                    f"The server refused the request (HTTP {status}); check the address.",
                ),
                status=status,
                url=final,
                error=error_text,
                fields=fields,
            )
        return Answer(status=status, url=final, headers=headers, body=body, redirected_to=redirected_to)

    def _read_body(self, exchange: _Exchange, resp: requests.Response, headers: dict[str, str]) -> bytes:
        cap = self.limits.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise TransportError(too_large_msg(cap))
        decoder = _Decoder(headers.get("content-encoding", ""))
        raw = resp.raw
        parts: list[bytes] = []
        size = 0
        try:
            while True:
                exchange.check()
                chunk = raw.read1(CHUNK, decode_content=False)  # one socket read at a time
                if not chunk:
                    break
                piece = decoder.feed(chunk, cap - size)
                size += len(piece)
                if size > cap:
                    raise TransportError(too_large_msg(cap))
                parts.append(piece)
            tail = decoder.finish()
        except urllib3.exceptions.ReadTimeoutError:
            exchange.check()
            raise TransportError(_read_timeout_msg(self.limits.read_timeout)) from None
        except (urllib3.exceptions.HTTPError, requests.exceptions.RequestException, OSError, ValueError):
            exchange.check()  # a socket shut by the watchdog: say why
            raise TransportError(_DROPPED) from None
        size += len(tail)
        if size > cap:
            raise TransportError(too_large_msg(cap))
        parts.append(tail)
        return b"".join(parts)


__all__ = [
    "Answer",
    "AuthError",
    "Cancelled",
    "HttpClient",
    "Limits",
    "NetError",
    "RejectedError",
    "TransportError",
    "UnknownOutcomeError",
    "is_loopback",
    "new_session",
    "shown_url",
]
