"""Open311 GeoReport v2 target (domain.md §7): `sync --target open311:URL`.

The standard has no idempotency key, so this target never resends blindly:
- POST requests.json (form-encoded, `api_key`, `service_code`, `description`, the case UUID and
  receipt number as `attribute[case_id]` / `attribute[receipt_no]`). The answer carries either a
  `service_request_id` (registered: SENT with it as the official number) or a `token`.
- A token is stored durably (open311_tokens) with the case in UNKNOWN_OUTCOME *before* it is ever
  polled; GET tokens/{token}.json turns it into a service_request_id later — in this run, or in
  the next one after a restart.
- A lost answer (dropped connection, timeout, an HTML page) leaves the case UNKNOWN_OUTCOME with no
  token: nothing can tell whether the server holds it, so the run leaves it for the supervisor to
  reconcile (look it up in the CRM, then mark it registered) — never a second POST.
- The RRN is never sent: GeoReport has no field for it and a civic report needs none.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.net.errors import RejectedError, TransportError
from counter_app.sync.intake_api import Pending, Refused, Registered, Unknowable, Unknown, check_target_url

_NOT_OPEN311 = Msg(
    "서버의 답이 Open311 응답이 아닙니다. 등록 여부를 알 수 없습니다.",
    "The answer was not an Open311 answer; whether the case was registered is unknown.",
)


def _first(doc: Any) -> dict | None:
    if isinstance(doc, list) and doc and isinstance(doc[0], dict):
        return doc[0]
    return doc if isinstance(doc, dict) else None


def _ident(value: Any) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = str(value).strip()
        if text and len(text) <= 100 and text.isprintable():
            return text
    return None


class Open311Client:
    kind = "open311"
    needs_tokens = True
    supports_batch = False
    carries_rrn = False  # GeoReport has no field for it; a civic report needs none

    def __init__(self, base_url: str, api_key: str, *, service_code: str = "counter-case", http=None, cancelled=None):
        from counter_app.net.http import HttpClient

        self.base_url = check_target_url(base_url)
        if not api_key:
            raise UserError(
                Msg(
                    "Open311 API 키가 없습니다(--token-env로 환경 변수 이름을 지정하십시오).",
                    "No Open311 API key (name its environment variable with --token-env).",
                )
            )
        self._key = api_key
        self.service_code = service_code
        self._http = http if http is not None else HttpClient(cancelled=cancelled)

    @property
    def shown_target(self) -> str:
        from counter_app.net.http import shown_url

        return shown_url(self.base_url)

    def close(self) -> None:
        self._http.close()

    def form(self, case_id: str, document: dict) -> bytes:
        """The POST body for one case: the same bytes on every attempt (fields in a fixed order)."""
        applicant = document.get("applicant") or {}
        description = f"[{document.get('receipt_no')}] {document.get('title') or ''}\n{document.get('content') or ''}"
        fields = [
            ("api_key", self._key),
            ("service_code", self.service_code),
            ("address_string", document.get("region") or document.get("office_code") or ""),
            ("description", description[:4000]),
            ("first_name", applicant.get("name") or ""),
            ("attribute[case_id]", case_id),
            ("attribute[receipt_no]", document.get("receipt_no") or ""),
            ("attribute[received_at]", document.get("received_at") or ""),
        ]
        for name in ("phone", "email"):
            if applicant.get(name):
                fields.append((name, applicant[name]))
        return urlencode(fields).encode("ascii")

    def send(self, case_id: str, document: dict):
        try:
            answer = self._http.post(
                f"{self.base_url}/requests.json",
                data=self.form(case_id, document),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
            )
        except RejectedError as exc:
            return Refused(exc.status or 400, f"HTTP {exc.status}")
        try:
            entry = _first(answer.json()) if answer.content_type == "application/json" else None
        except ValueError:
            entry = None
        if entry is not None:
            srid, token = _ident(entry.get("service_request_id")), _ident(entry.get("token"))
            if srid:
                return Registered(case_id, srid, None, replay=False)
            if token:
                return Pending(token)
        return Unknown(_NOT_OPEN311.text())

    def send_batch(self, items):
        raise UserError(
            Msg("Open311에는 묶음 전송이 없습니다(--batch 1).", "Open311 has no batch endpoint (use --batch 1).")
        )

    def resolve(self, case_id: str, token: str | None):
        """What became of a case whose outcome is unknown: Registered, Pending (ask again later)
        or Unknowable (no token: only a person can find out)."""
        if not token:
            return Unknowable("no token: look the case up in the receiving system")
        try:
            answer = self._http.get(
                f"{self.base_url}/tokens/{quote(token, safe='')}.json", headers={"Accept": "application/json"}
            )
        except RejectedError as exc:
            if exc.status == 404:
                return Unknowable("the server does not know the token")
            raise TransportError(exc.msg, status=exc.status) from None
        try:
            entry = _first(answer.json())
        except ValueError:
            entry = None
        if entry is None:
            raise TransportError(_NOT_OPEN311, status=answer.status)
        srid = _ident(entry.get("service_request_id"))
        if srid:
            return Registered(case_id, srid, None, replay=True)
        return Pending(token)
