"""Extending a case's processing period (민원 처리에 관한 법률 시행령 제21조, as in force from
2026-05-06; 부칙 <제36296호> 제4조 applies the new ①② to 민원 received from that day, and the
rules below are no looser than the earlier text for older cases).

- ① one extension "그 민원의 처리기간의 범위에서" (by at most the original period) for one of:
  1호 another body's or department's cooperation, 2호 fact-finding or a site check, 3호 force
  majeure, 4호 a reason like those; a second one only "민원인의 동의를 받아", again by at most
  the original period, and never a third.
- ② simple workload, an official not yet assigned, or an absent official is no reason.
- ③ the applicant is told in writing, without delay, the reason and the new completion date
  (the 처리기간 연장 통지 — a printed document once documents exist; `notice_printed_at`).
Supervisor work, audited (CaseQueue.extend).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.errors import UserError
from counter_app.i18n import Msg

# 시행령 제21조① 1호~4호
REASON_CODES: dict[str, Msg] = {
    "cooperation": Msg(
        "관계 기관·부서의 협조 필요(제21조①1호)",
        "another body's or department's cooperation is needed (art. 21(1) item 1)",
    ),
    "fact_finding": Msg(
        "사실관계 또는 현장 확인 필요(제21조①2호)", "facts or a site check must be established (art. 21(1) item 2)"
    ),
    "force_majeure": Msg("천재지변 등 불가항력(제21조①3호)", "force majeure (art. 21(1) item 3)"),
    "similar": Msg("제1호~제3호에 준하는 사유(제21조①4호)", "a reason like items 1-3 (art. 21(1) item 4)"),
}
# 시행령 제21조②: never a reason
FORBIDDEN_REASON_CODES: dict[str, Msg] = {
    "workload": Msg("단순 업무과중", "simple workload"),
    "unassigned": Msg("민원 처리 담당자의 지정 지연", "no official assigned yet"),
    "absent": Msg("민원 처리 담당자의 부재", "the official is absent"),
}
# Free text that names a 제21조② reason is refused too, whatever code it came with.
_FORBIDDEN_WORDS = (
    "업무과중",
    "업무 과중",
    "업무량 과다",
    "담당자 부재",
    "담당자부재",
    "담당자 미지정",
    "담당자 지정 지연",
    "담당자가 없",
    "workload",
    "overload",
    "official absent",
    "absent official",
    "official is absent",
    "no official assigned",
    "official not assigned",
)
MAX_EXTENSIONS = 2
MAX_REASON = 500


@dataclass(frozen=True)
class ExtensionRecord:
    seq: int
    previous_due: dt.datetime
    until: dt.datetime
    reason_code: str
    reason: str
    applicant_consent: bool
    decided_by: str
    decided_at: dt.datetime

    def as_dict(self) -> dict:
        from counter_app.offline.stored_time import kst_iso

        return {
            "seq": self.seq,
            "previous_due": kst_iso(self.previous_due),
            "until": kst_iso(self.until),
            "reason_code": self.reason_code,
            "reason_label": REASON_CODES[self.reason_code].text()
            if self.reason_code in REASON_CODES
            else self.reason_code,
            "applicant_consent": self.applicant_consent,
            "decided_by": self.decided_by,
            "decided_at": kst_iso(self.decided_at),
        }


def check_reason(reason_code: str, reason: str) -> tuple[str, str]:
    """The normalised (code, text), or UserError naming 제21조② or the missing reason."""
    code = (reason_code or "").strip().lower().replace("-", "_")
    if code in FORBIDDEN_REASON_CODES:
        raise UserError(
            Msg(
                f"'{FORBIDDEN_REASON_CODES[code].ko}'은(는) 처리기간 연장 사유가 될 수 없습니다(시행령 제21조②).",
                f"'{FORBIDDEN_REASON_CODES[code].en}' is no reason to extend a period (Decree art. 21(2)).",
            )
        )
    if code not in REASON_CODES:
        raise UserError(
            Msg(
                "연장 사유 구분은 cooperation, fact_finding, force_majeure, similar 중 하나여야 합니다(시행령 제21조①).",
                "The reason code must be one of cooperation, fact_finding, force_majeure, similar (Decree art. 21(1)).",
            )
        )
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise UserError(
            Msg(
                "연장 사유를 적으십시오. 민원인에게 문서로 알려야 합니다(시행령 제21조③).",
                "Give the reason: the applicant must be told it in writing (Decree art. 21(3)).",
            )
        )
    if len(text) > MAX_REASON:
        raise UserError(
            Msg(f"연장 사유는 {MAX_REASON}자 이하여야 합니다.", f"The reason must be at most {MAX_REASON} characters.")
        )
    folded = text.casefold()
    if any(word in folded for word in _FORBIDDEN_WORDS):
        raise UserError(
            Msg(
                "업무과중이나 담당자의 지정 지연·부재는 처리기간 연장 사유가 될 수 없습니다(시행령 제21조②).",
                "Workload, or an official not assigned or absent, is no reason to extend a period (Decree art. 21(2)).",
            )
        )
    return code, text


def check_extension(
    previous: list[ExtensionRecord],
    *,
    current_due: dt.datetime,
    until: dt.datetime,
    limit: dt.datetime,
    applicant_consent: bool,
) -> int:
    """The sequence number of the new extension, or UserError saying which rule of 제21조① refuses it."""
    if until.tzinfo is None:
        raise UserError(Msg("연장 기한에는 시간대가 있어야 합니다.", "The new due time must carry a time zone."))
    seq = len(previous) + 1
    if seq > MAX_EXTENSIONS:
        raise UserError(
            Msg(
                "처리기간은 두 번(두 번째는 민원인 동의) 넘게 연장할 수 없습니다(시행령 제21조①).",
                "A period can be extended at most twice, the second time with the applicant's consent (Decree art. 21(1)).",
            )
        )
    if seq == 2 and not applicant_consent:
        raise UserError(
            Msg(
                "두 번째 연장은 민원인의 동의를 받아야 합니다(시행령 제21조① 단서).",
                "A second extension needs the applicant's consent (Decree art. 21(1), proviso).",
            )
        )
    if until <= current_due:
        raise UserError(
            Msg("연장 기한은 지금의 처리기한보다 뒤여야 합니다.", "The new due time must be after the current one.")
        )
    if until > limit:
        from counter_app.clock import to_kst

        shown = to_kst(limit).strftime("%Y-%m-%d %H:%M")
        raise UserError(
            Msg(
                f"처리기간은 원래 처리기간의 범위에서만 연장할 수 있습니다: 늦어도 {shown}(시행령 제21조①).",
                f"A period may be extended by at most the original period: {shown} at the latest (Decree art. 21(1)).",
            )
        )
    return seq
