"""Typed, frozen views of one stored case, instead of an ORM object and ad hoc dicts:

- `CaseScreenView`: what a screen or `queue show` may show — personal data masked
  (`홍*동`, `010-****-5678`, `900101-*******`); `as_dict()` is the `queue show --json` shape.
- `WireCase`: what sync sends (contracts.md §2): the case document of §1 plus `case_id`,
  `receipt_no`, `office_code`, `terminal`, `received_at` (ISO 8601 with offset). Deterministic for
  one case, so every attempt sends the same document. The RRN stays sealed here (`rrn_sealed`);
  the sender decides where it may travel in clear.
- `PrintCase`: what the receipt and the interim confirmation print (domain.md §3): the office,
  applicant name and birth date only, masked phone, service, class, channel, received at to
  the second, the due date and whether its period is confirmed, the legal basis, and the
  citizen's own deadline sentence (행정절차법 제16조①) where the service has one.

Builders read attributes of a stored case row (the ORM `Case` or anything with its column
names); they do no I/O.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from counter_app.cases.extensions import ExtensionRecord
from counter_app.cases.periods import PeriodFact
from counter_app.cases.states import state_label
from counter_app.i18n import Msg
from counter_app.intake.catalogue import (
    CATEGORIES,
    CHANNELS,
    PERIOD_UNCONFIRMED,
    Catalogue,
)
from counter_app.offline.stored_time import kst_iso
from counter_app.pii import mask_text
from counter_app.security import mask_address, mask_email, mask_name, mask_phone

WARNING_MESSAGES: dict[str, Msg] = {
    "rrn_check_digit": Msg(
        "주민등록번호 검증 숫자 불일치(2020년 10월 이후 번호일 수 있음)",
        "RRN check digit mismatch (may be a number issued since October 2020)",
    ),
    "phone_channel": Msg("전화 접수(기타민원 외)", "received by phone (not an 'other' request)"),
    "period_unverified": PERIOD_UNCONFIRMED,
}


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    from_state: str | None
    to_state: str
    operator: str
    detail: str | None


def case_document(case: Any, catalogue: Catalogue) -> dict:
    """The case document (contracts.md §1) of a stored case, without the RRN: what sync sends
    (inside WireCase) and what a supervisor re-keys. Deterministic for one case; the optional
    `received_via_system` key appears only when true, so older documents are unchanged."""
    service = catalogue.by_code(case.service_code)
    applicant = {
        "name": case.applicant_name,
        "kind": case.applicant_kind,
        "birth_date": case.applicant_birth_date,
        "gender": case.applicant_gender,
        "phone": case.applicant_phone,
        "email": case.applicant_email,
        "address": case.applicant_address,
        "postcode": case.applicant_postcode,
    }
    document = {
        "channel": case.channel,
        "category": case.category,
        "service": service.name_ko if service else case.service_code,
        "title": case.title,
        "content": case.content,
        "applicant": {k: v for k, v in applicant.items() if v is not None},
        "disclose": bool(case.disclose),
        "notify_by": case.notify_by,
        "region": case.region,
        "attachments_note": case.attachments_note,
    }
    if getattr(case, "received_via_system", False):
        document["received_via_system"] = True
    return document


@dataclass(frozen=True)
class WireCase:
    case_id: str
    receipt_no: str
    office_code: str
    terminal: str
    received_at: dt.datetime
    document: dict = field(hash=False)
    rrn_sealed: bytes | None = field(default=None, repr=False, hash=False)

    def as_json(self) -> dict:
        """The wire case of contracts.md §2 (without applicant.rrn)."""
        return {
            **self.document,
            "case_id": self.case_id,
            "receipt_no": self.receipt_no,
            "office_code": self.office_code,
            "terminal": self.terminal,
            "received_at": kst_iso(self.received_at),
        }

    def canonical(self) -> str:
        """'Identical content' of contracts.md §2: the case JSON with keys sorted."""
        return json.dumps(self.as_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def wire_case(case: Any, catalogue: Catalogue) -> WireCase:
    return WireCase(
        case.case_id,
        case.receipt_no,
        case.office_code,
        case.terminal,
        case.received_at,
        case_document(case, catalogue),
        case.rrn_sealed,
    )


@dataclass(frozen=True)
class CaseScreenView:
    case_id: str
    receipt_no: str | None
    state: str
    received_at: dt.datetime | None
    due_date: str | None
    period: PeriodFact | None
    received_via_system: bool
    extensions: tuple[ExtensionRecord, ...]
    office_code: str
    terminal: str
    clerk: str
    channel: str | None
    category: str | None
    service_code: str | None
    service_ko: str | None
    service_en: str | None
    title: str | None
    content: str | None
    disclose: bool
    notify_by: str | None
    region: str | None
    attachments_note: str | None
    applicant: dict  # masked
    warning_codes: tuple[str, ...]
    attempts: int
    last_error: str | None
    official_no: str | None
    registered_at: dt.datetime | None
    history: tuple[HistoryEntry, ...]
    editable: bool

    def as_dict(self) -> dict:
        """The `queue show --json` / queue detail shape (keys kept from before the read models)."""
        category = CATEGORIES.get(self.category or "")
        return {
            "case_id": self.case_id,
            "receipt_no": self.receipt_no,
            "state": self.state,
            "state_label": state_label(self.state),
            "received_at": kst_iso(self.received_at),
            "due_date": self.due_date,
            "due_confirmed": self.period.confirmed if self.period else None,
            "period": self.period.as_dict() if self.period else None,
            "received_via_system": self.received_via_system,
            "extensions": [e.as_dict() for e in self.extensions],
            "office_code": self.office_code,
            "terminal": self.terminal,
            "clerk": self.clerk,
            "channel": self.channel,
            "category": self.category,
            "category_label": category.text() if category else None,
            "service_code": self.service_code,
            "service": self.service_ko,
            "service_en": self.service_en,
            "title": self.title,
            "content": self.content,
            "disclose": self.disclose,
            "notify_by": self.notify_by,
            "region": self.region,
            "attachments_note": self.attachments_note,
            "applicant": dict(self.applicant),
            "warnings": [(WARNING_MESSAGES.get(c) or Msg(c, c)).text() for c in self.warning_codes],
            "attempts": self.attempts,
            "last_error": self.last_error,
            "official_no": self.official_no,
            "registered_at": kst_iso(self.registered_at),
            "history": [
                {
                    "at": kst_iso(h.at),
                    "from": h.from_state,
                    "to": h.to_state,
                    "operator": h.operator,
                    "detail": h.detail,
                }
                for h in self.history
            ],
            # whether edit() would accept a correction now (the queue page enables its button by it)
            "editable": self.editable,
        }


def masked_applicant(case: Any) -> dict:
    birth = case.applicant_birth_date
    return {
        "name": mask_name(case.applicant_name),
        "kind": case.applicant_kind,
        "birth_date": birth,
        "gender": case.applicant_gender,
        "phone": mask_phone(case.applicant_phone),
        "email": mask_email(case.applicant_email),
        "address": mask_address(case.applicant_address),
        "postcode": case.applicant_postcode,
        # the number is sealed: only its date part (= the birth date) can be shown without the key
        "rrn": (f"{birth[2:4]}{birth[5:7]}{birth[8:10]}-*******" if birth else "******-*******")
        if case.rrn_sealed
        else None,
        "has_rrn": case.rrn_sealed is not None,
    }


def screen_view(
    case: Any,
    catalogue: Catalogue,
    *,
    period: PeriodFact | None,
    extensions: tuple[ExtensionRecord, ...],
    history: tuple[HistoryEntry, ...],
    editable: bool,
) -> CaseScreenView:
    service = catalogue.by_code(case.service_code)
    codes = tuple(json.loads(case.warnings)) if case.warnings else ()
    return CaseScreenView(
        case_id=case.case_id,
        receipt_no=case.receipt_no,
        state=case.state,
        received_at=case.received_at,
        due_date=case.due_date,
        period=period,
        received_via_system=bool(getattr(case, "received_via_system", False)),
        extensions=extensions,
        office_code=case.office_code,
        terminal=case.terminal,
        clerk=case.clerk,
        channel=case.channel,
        category=case.category,
        service_code=case.service_code,
        service_ko=service.name_ko if service else case.service_code,
        service_en=service.name_en if service else case.service_code,
        # free text masked too: an RRN typed into it before the validator refused one is not shown
        title=mask_text(case.title),
        content=mask_text(case.content),
        disclose=bool(case.disclose),
        notify_by=case.notify_by,
        region=mask_text(case.region),
        attachments_note=mask_text(case.attachments_note),
        applicant=masked_applicant(case),
        warning_codes=codes,
        attempts=case.attempts or 0,
        last_error=case.last_error,
        official_no=case.official_no,
        registered_at=case.registered_at,
        history=history,
        editable=editable,
    )


@dataclass(frozen=True)
class PrintOffice:
    name: str
    code: str
    address: str | None
    phone: str | None


@dataclass(frozen=True)
class PrintCase:
    """What a printed receipt or interim confirmation shows about one case. Never the RRN, the
    address or the full phone number."""

    case_id: str
    receipt_no: str
    office: PrintOffice
    applicant_name: str = field(repr=False)
    applicant_birth_date: dt.date | None = field(repr=False)
    phone_masked: str | None = None
    service_ko: str = ""
    service_en: str = ""
    category: str = ""
    category_label: Msg | None = None
    channel: str = ""
    channel_label: Msg | None = None
    received_at: dt.datetime | None = None  # to the second, KST when printed
    due_date: dt.date | None = None
    due_confirmed: bool = False
    period: PeriodFact | None = None
    legal_basis: str = ""  # where the period comes from (the statute article or the 기준표)
    extended: ExtensionRecord | None = None  # the latest extension (시행령 제21조), for the notice
    citizen_deadline: Msg | None = None  # the sentence the interim confirmation prints (행정절차법 제16조①)

    def received_at_text(self) -> str:
        from counter_app.clock import to_kst

        return to_kst(self.received_at).strftime("%Y-%m-%d %H:%M:%S") if self.received_at else ""

    def due_text(self, lang: str | None = None) -> str:
        """The due date as printed: with the unconfirmed qualifier when its period is not confirmed."""
        if self.due_date is None:
            return ""
        text = self.due_date.isoformat()
        return text if self.due_confirmed else f"{text} ({PERIOD_UNCONFIRMED.text(lang)})"


def print_case(
    case: Any,
    catalogue: Catalogue,
    office: PrintOffice,
    *,
    period: PeriodFact | None,
    extensions: tuple[ExtensionRecord, ...],
) -> PrintCase:
    service = catalogue.by_code(case.service_code)
    birth = dt.date.fromisoformat(case.applicant_birth_date) if case.applicant_birth_date else None
    return PrintCase(
        case_id=case.case_id,
        receipt_no=case.receipt_no or "",
        office=office,
        applicant_name=case.applicant_name or "",
        applicant_birth_date=birth,
        phone_masked=mask_phone(case.applicant_phone) if case.applicant_phone else None,
        service_ko=service.name_ko if service else (case.service_code or ""),
        service_en=service.name_en if service else (case.service_code or ""),
        category=case.category or "",
        category_label=CATEGORIES.get(case.category or ""),
        channel=case.channel or "",
        channel_label=CHANNELS.get(case.channel or ""),
        received_at=case.received_at,
        due_date=dt.date.fromisoformat(case.due_date) if case.due_date else None,
        due_confirmed=bool(period and period.confirmed) or bool(extensions),
        period=period,
        legal_basis=period.source if period else "",
        extended=extensions[-1] if extensions else None,
        citizen_deadline=service.citizen_deadline if service else None,
    )
