"""The Intake API v1 client (contracts.md §2) over counter_app/net (THE HTTP module).

It speaks the protocol and classifies every answer; the engine (engine.py) decides what each
outcome does to a case. What it guarantees:

- the SAME bytes for one case on every attempt: the canonical JSON (keys sorted, compact) of the
  wire case, sent as the body (and inside a batch as the same canonical text);
- `applicant.rrn` travels in clear only inside TLS or to a loopback address: a plain `http://`
  address elsewhere is refused before anything is sent;
- a success is believed only when it is one: HTTP 200/201, a JSON body naming OUR case id and a
  non-empty official number. Anything else after a POST was sent (an HTML page with 200, a body
  for another case) is an unknown outcome, for the engine to resolve by asking GET /v1/cases/{id};
- whole-request failures are the net module's taxonomy, raised as they are: AuthError (stop the
  run), TransportError (nothing done: back off, `retry_after`), UnknownOutcomeError (sent, answer
  lost), Cancelled.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.net.errors import AuthError, TransportError, UnknownOutcomeError

MAX_BATCH = 200
_JSON = "application/json"


@dataclass(frozen=True)
class Registered:
    case_id: str
    official_no: str
    registered_at: dt.datetime | None
    replay: bool  # 200: registered before with identical content


@dataclass(frozen=True)
class Refused:
    """409 or 422 (or another 4xx): this case can never be accepted as it is."""

    status: int
    reason: str  # short, field names and the server's error word; never case content


@dataclass(frozen=True)
class RetryLater:
    """429 / 5xx for one case of a batch: nothing done, try again later."""

    status: int
    reason: str
    retry_after: float | None = None


@dataclass(frozen=True)
class Unknown:
    """Sent; what the server did is not known (resolve with lookup())."""

    reason: str


@dataclass(frozen=True)
class Pending:
    """Open311: the server answered with a token; the registration is to be asked for later."""

    token: str


@dataclass(frozen=True)
class NeverReceived:
    """The server says it never received the case: safe to send it again."""


@dataclass(frozen=True)
class Unknowable:
    """Nothing the program can ask will tell (no idempotency, no token): a person must look."""

    reason: str


Outcome = Registered | Refused | RetryLater | Unknown | Pending
Resolution = Registered | NeverReceived | Pending | Unknowable

_NOT_API = Msg(
    "서버의 답이 민원 접수 API의 답이 아닙니다(HTML 페이지 등). 등록되었는지 확인합니다.",
    "The answer was not the Intake API's (an HTML page or similar); checking whether the case was registered.",
)


def canonical(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def check_target_url(url: str) -> str:
    """The base URL, refused when it is not http(s) or is plain http off this computer (the RRN
    would cross the network in clear)."""
    from counter_app.net.http import is_loopback

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(
            Msg(
                "동기화 대상 주소가 올바르지 않습니다(http:// 또는 https://).",
                "The sync target address is not valid (http:// or https://).",
            )
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise UserError(
            Msg(
                "개인정보가 암호화 없이 전송되므로 http:// 주소는 이 컴퓨터(127.0.0.1) 안에서만 쓸 수 있습니다. "
                "https:// 주소를 쓰십시오.",
                "Personal data would cross the network unencrypted: plain http:// is allowed only "
                "to this computer (127.0.0.1); use an https:// address.",
            )
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise UserError(
            Msg(
                "동기화 대상 주소에 사용자 정보나 질의 문자열을 넣지 마십시오(토큰은 --token-env로).",
                "Put no credentials or query in the sync target address (the token goes in --token-env).",
            )
        )
    return url.strip().rstrip("/")


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


def _short(text: Any, limit: int = 120) -> str:
    from counter_app.pii import mask_text

    shown = "".join(ch for ch in str(text) if ch.isprintable())[:limit]
    return mask_text(shown) or ""


def _refusal_reason(status: int, body: Any) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    fields = body.get("fields") if isinstance(body, dict) else None
    names = (
        sorted(str(k) for k in fields)[:10]
        if isinstance(fields, dict)
        else [str(f) for f in fields][:10]
        if isinstance(fields, list)
        else []
    )
    reason = f"HTTP {status}"
    if error:
        reason += f": {_short(error)}"
    if names:
        reason += f" [{_short(', '.join(names), 200)}]"
    return reason


def registration(case_id: str, status: int, body: Any) -> Registered | None:
    """A validated success body for `case_id`, or None."""
    if not isinstance(body, dict) or body.get("case_id") != case_id:
        return None
    official = body.get("official_no")
    if not isinstance(official, str) or not official.strip() or len(official) > 60 or not official.isprintable():
        return None
    return Registered(case_id, official.strip(), _parse_time(body.get("registered_at")), replay=status == 200)


class IntakeApiClient:
    """One target. Not thread-safe (one HttpClient, one Session): one per worker."""

    kind = "intake-api"
    needs_tokens = False
    supports_batch = True
    carries_rrn = True  # contracts.md §2: applicant.rrn, in clear only over TLS or loopback

    def __init__(self, base_url: str, token: str, *, http=None, cancelled: Callable[[], bool] | None = None):
        from counter_app.net.http import HttpClient

        self.base_url = check_target_url(base_url)
        if not token:
            raise UserError(
                Msg(
                    "접속 토큰이 없습니다(--token-env로 환경 변수 이름을 지정하십시오).",
                    "No access token (name its environment variable with --token-env).",
                )
            )
        self._headers = {"Authorization": f"Bearer {token}", "Content-Type": _JSON, "Accept": _JSON}
        self._http = http if http is not None else HttpClient(cancelled=cancelled)

    @property
    def shown_target(self) -> str:
        from counter_app.net.http import shown_url

        return shown_url(self.base_url)

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------ requests
    def health(self) -> bool:
        answer = self._http.get(f"{self.base_url}/v1/health", headers={"Accept": _JSON})
        try:
            return answer.content_type == _JSON and answer.json().get("status") == "ok"
        except (ValueError, AttributeError):
            return False

    def send(self, case_id: str, document: dict) -> Outcome:
        """POST /v1/cases. Raises AuthError, TransportError (nothing done), UnknownOutcomeError,
        Cancelled; returns the case's outcome otherwise."""
        from counter_app.net.errors import RejectedError

        headers = dict(self._headers, **{"Idempotency-Key": case_id})
        try:
            answer = self._http.post(
                f"{self.base_url}/v1/cases", data=canonical(document).encode("utf-8"), headers=headers
            )
        except RejectedError as exc:
            return Refused(
                exc.status or 400, _refusal_reason(exc.status or 400, {"error": exc.error, "fields": exc.fields})
            )
        body = self._json_body(answer)
        if answer.status in (200, 201):
            ok = registration(case_id, answer.status, body)
            if ok is not None:
                return ok
        return Unknown(_NOT_API.text())

    def send_batch(self, items: Sequence[tuple[str, dict]]) -> list[Outcome]:
        """POST /v1/cases:batch for at most 200 (case_id, document); one outcome per item, in order.
        A whole-request failure raises as send() does (RejectedError as a refusal of every item)."""
        from counter_app.net.errors import RejectedError

        if not items or len(items) > MAX_BATCH:
            raise ValueError("a batch holds 1..200 cases")
        body = (
            '{"cases":['
            + ",".join(
                '{"case":' + canonical(doc) + ',"idempotency_key":' + json.dumps(cid) + "}" for cid, doc in items
            )
            + "]}"
        )
        try:
            answer = self._http.post(
                f"{self.base_url}/v1/cases:batch", data=body.encode("utf-8"), headers=self._headers
            )
        except RejectedError as exc:
            reason = _refusal_reason(exc.status or 400, {"error": exc.error, "fields": exc.fields})
            return [Refused(exc.status or 400, reason) for _ in items]
        doc = self._json_body(answer)
        results = doc.get("results") if isinstance(doc, dict) and answer.status == 200 else None
        if not isinstance(results, list):
            return [Unknown(_NOT_API.text()) for _ in items]
        by_key: dict[str, dict] = {}
        for r in results:
            if isinstance(r, dict) and isinstance(r.get("idempotency_key"), str):
                by_key.setdefault(r["idempotency_key"], r)
        out: list[Outcome] = []
        for cid, _ in items:
            r = by_key.get(cid) or {}
            status = r.get("status")
            if not isinstance(status, int):
                out.append(Unknown(_NOT_API.text()))
            elif status in (200, 201):
                out.append(registration(cid, status, r.get("body")) or Unknown(_NOT_API.text()))
            elif status in (401, 403):
                raise AuthError(
                    Msg(
                        f"서버가 인증을 거부했습니다 (HTTP {status}). 접속 토큰을 확인하십시오.",
                        f"The server refused the credentials (HTTP {status}); check the access token.",
                    ),
                    status=status,
                )
            elif status in (408, 429) or status >= 500:
                out.append(RetryLater(status, f"HTTP {status}"))
            elif 400 <= status < 500:
                out.append(Refused(status, _refusal_reason(status, r.get("body"))))
            else:
                out.append(Unknown(_NOT_API.text()))
        return out

    def lookup(self, case_id: str) -> Registered | None:
        """GET /v1/cases/{id}: the registration, or None when the server never received the case
        (404). Raises AuthError / TransportError (an HTML page counts as one: nothing learned)."""
        from counter_app.net.errors import RejectedError

        try:
            answer = self._http.get(f"{self.base_url}/v1/cases/{quote(case_id)}", headers=self._headers)
        except RejectedError as exc:
            if exc.status == 404:
                return None
            raise TransportError(exc.msg, status=exc.status) from None
        ok = registration(case_id, 200, self._json_body(answer)) if answer.status == 200 else None
        if ok is None:
            raise TransportError(_NOT_API, status=answer.status)
        return Registered(ok.case_id, ok.official_no, ok.registered_at, replay=True)

    def resolve(self, case_id: str, token: str | None = None) -> Resolution:
        """What became of a case whose answer was lost: GET /v1/cases/{id}."""
        found = self.lookup(case_id)
        return found if found is not None else NeverReceived()

    @staticmethod
    def _json_body(answer) -> Any:
        if answer.content_type != _JSON:
            return None
        try:
            return answer.json()
        except ValueError:
            return None


__all__ = [
    "AuthError",
    "IntakeApiClient",
    "NeverReceived",
    "Outcome",
    "Pending",
    "Refused",
    "Registered",
    "Resolution",
    "RetryLater",
    "TransportError",
    "Unknowable",
    "Unknown",
    "UnknownOutcomeError",
    "canonical",
    "check_target_url",
]
