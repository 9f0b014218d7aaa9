"""The service catalogue (resources/services.json): what a counter can receive, its legal class,
its processing period and its RRN rule.

The RRN rule is three-valued (PIPA 제24조의2①1: an RRN may be processed only where a statute
*requires or permits* it; domain.md §4, issue 12):

- ``required``: the statute demands the number; the form shows the field as required and the
  validator refuses a case without it;
- ``permitted``: the statute allows it as one way of doing the thing (등·초본 name the subject by
  성명+주소 *or* 성명+주민등록번호): the field is offered, never demanded, with its basis; the
  number is collected only when the applicant chooses that way, and then sealed like any other;
- ``not_permitted``: no statute requires or permits it: the field is hidden and a number given
  anyway is refused naming the rule.

A case document carries one person with an RRN field, the applicant; ``rrn_rule`` is the rule for
that field. Where the law names several people (확정일자: the lease parties and the applicant),
``rrn_persons`` records each one's rule and basis and says what the case document leaves out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from counter_app.i18n import Msg
from counter_app.resources import resource_path

# 법 제2조: 일반민원 = 법정 / 질의 / 건의 / 기타, and separately 고충민원.
CATEGORIES: dict[str, Msg] = {
    "statutory": Msg("법정민원", "statutory application"),
    "inquiry": Msg("질의민원", "inquiry"),
    "suggestion": Msg("건의민원", "suggestion"),
    "other": Msg("기타민원", "other request"),
    "grievance": Msg("고충민원", "grievance"),
}

CHANNELS: dict[str, Msg] = {
    "visit": Msg("방문", "in person"),
    "phone": Msg("전화", "phone"),
    "mail": Msg("우편", "mail"),
    "fax": Msg("팩스", "fax"),
}

RRN_REQUIRED = "required"
RRN_PERMITTED = "permitted"
RRN_NOT_PERMITTED = "not_permitted"
RRN_RULES: dict[str, Msg] = {
    RRN_REQUIRED: Msg("필수", "required"),
    RRN_PERMITTED: Msg("선택(법령 허용)", "optional (permitted by law)"),
    RRN_NOT_PERMITTED: Msg("받지 않음", "not collected"),
}


@dataclass(frozen=True)
class RrnPerson:
    """The RRN rule for one person the law names for a service (documentation of the rule: the
    case document carries only the applicant's field)."""

    role: str  # e.g. "applicant", "party", "subject"
    rule: str  # required | permitted | not_permitted
    basis: str | None = None
    carried: bool = True  # False: the case document has no place for this person's number
    note: str | None = None


# Statutory periods of the non-statutory classes (시행령; domain.md §2). An inquiry whose kind is
# unknown gets the shorter procedure period: a due date should never promise more time than the law gives.
CLASS_PERIODS: dict[str, tuple[int | None, int | None]] = {  # category -> (days, working hours)
    "inquiry": (7, None),
    "suggestion": (14, None),
    "other": (None, 3),
    "grievance": (7, None),
}


@dataclass(frozen=True)
class Service:
    code: str
    name_ko: str
    name_en: str
    category: str  # statutory | inquiry | suggestion | other | grievance
    period_days: int | None
    period_hours: int | None
    rrn_rule: str  # required | permitted | not_permitted: the applicant's RRN field (module docstring)
    rrn_basis: str | None = None
    rrn_note: str | None = None
    rrn_persons: tuple[RrnPerson, ...] = ()
    period_note: str = ""
    # Every period fact names its source and whether it is confirmed against it (issue 12 item 5):
    # an unconfirmed period is shown and printed with that qualifier (PERIOD_UNCONFIRMED).
    period_source: str = ""
    period_confirmed: bool = False
    # The citizen's own filing/payment deadline for this service, if any (e.g. 전입신고 within 14 days),
    # and the sentence the interim confirmation prints about it (행정절차법 제16조①).
    citizen_deadline: Msg | None = field(default=None, compare=False)
    selectable_categories: tuple[str, ...] = ()  # non-empty: the clerk chooses the class
    aliases: tuple[str, ...] = ()
    description_ko: str = field(default="", compare=False)
    description_en: str = field(default="", compare=False)

    def display_name(self, lang: str | None = None) -> str:
        """The name in the UI language (the Korean name is the canonical one on the wire)."""
        return Msg(self.name_ko, self.name_en).text(lang)

    @property
    def name(self) -> Msg:
        return Msg(self.name_ko, self.name_en)

    @property
    def rrn_required(self) -> bool:
        """The old two-valued accessor: the number is demanded. Use rrn_rule / rrn_allowed."""
        return self.rrn_rule == RRN_REQUIRED

    @property
    def rrn_allowed(self) -> bool:
        """A statute requires or permits the number: the field is offered and a given number kept."""
        return self.rrn_rule in (RRN_REQUIRED, RRN_PERMITTED)

    def rrn_field_note(self) -> Msg | None:
        """What the form shows under the RRN field: required or optional, and the legal basis."""
        basis = self.rrn_basis or ""
        if self.rrn_rule == RRN_REQUIRED:
            return Msg(f"필수: {basis}", f"Required by law: {basis}")
        if self.rrn_rule == RRN_PERMITTED:
            note = bilingual(self.rrn_note)
            return Msg(
                f"선택: 민원인이 원할 때만 적습니다(요구하지 마십시오). 근거: {basis}."
                + (f" {note.ko}." if note else ""),
                f"Optional: only when the applicant chooses to give it (never ask for it). Basis: {basis}."
                + (f" {note.en[:1].upper()}{note.en[1:]}." if note else ""),
            )
        return None

    @property
    def period_verified(self) -> bool:
        """Whether the period is confirmed against its source (services.json `period_confirmed`)."""
        return self.period_confirmed

    def allows_category(self, category: str) -> bool:
        return category in self.selectable_categories if self.selectable_categories else category == self.category

    def period_for(self, category: str) -> tuple[int | None, int | None]:
        """(days, working hours) for a case of this service filed under `category`."""
        if self.period_days is None and self.period_hours is None:
            return CLASS_PERIODS.get(category, CLASS_PERIODS["other"])
        return self.period_days, self.period_hours


class Catalogue:
    def __init__(self, services: tuple[Service, ...]):
        self.services = services
        self._index: dict[str, Service] = {}
        self._by_code: dict[str, Service] = {}  # the queue page looks one up per row
        for s in services:
            self._by_code.setdefault(s.code, s)  # the first wins, as a scan would find it
            for key in (s.code, s.name_ko, s.name_en, *s.aliases):
                self._index.setdefault(_norm(key), s)

    def find(self, name_or_code: str) -> Service | None:
        if not isinstance(name_or_code, str):
            return None
        return self._index.get(_norm(name_or_code))

    def by_code(self, code: str | None) -> Service | None:
        return self._by_code.get(code) if code else None

    def __iter__(self):
        return iter(self.services)

    def __len__(self) -> int:
        return len(self.services)


def _norm(text: str) -> str:
    return "".join(text.split()).casefold()


def parse_catalogue(data: dict) -> Catalogue:
    services = tuple(
        Service(
            code=s["code"],
            name_ko=s["name_ko"],
            name_en=s["name_en"],
            category=s["category"],
            period_days=s.get("period_days"),
            period_hours=s.get("period_hours"),
            rrn_rule=_rrn_rule(s),
            rrn_basis=s.get("rrn_basis"),
            rrn_note=s.get("rrn_note"),
            rrn_persons=tuple(
                RrnPerson(
                    role=p["role"],
                    rule=p["rule"],
                    basis=p.get("basis"),
                    carried=bool(p.get("carried", True)),
                    note=p.get("note"),
                )
                for p in s.get("rrn_persons", ())
            ),
            period_note=s.get("period_note", ""),
            period_source=s.get("period_source", ""),
            period_confirmed=bool(s.get("period_confirmed", False)),
            citizen_deadline=_citizen_deadline(s.get("citizen_deadline")),
            selectable_categories=tuple(s.get("selectable_categories", ())),
            aliases=tuple(s.get("aliases", ())),
            description_ko=s.get("description_ko", ""),
            description_en=s.get("description_en", ""),
        )
        for s in data["services"]
    )
    return Catalogue(services)


def _citizen_deadline(data: dict | None) -> Msg | None:
    """The sentence the interim confirmation prints about the citizen's own deadline, with its basis."""
    if not data:
        return None
    return Msg(
        f"{data['text_ko']} ({data['basis']}, 행정절차법 제16조①)",
        f"{data['text_en']} ({data['basis']}; Administrative Procedures Act art. 16(1))",
    )


# The qualifier shown and printed next to a period not confirmed against its source.
PERIOD_UNCONFIRMED = Msg(
    "처리기간 미확인: 민원처리기준표로 확인 필요", "processing period unconfirmed: check the MOIS table"
)


def bilingual(note: str | None) -> Msg | None:
    """A catalogue note written 'Korean / English' as a Msg (the whole note in both when unsplit)."""
    if not note:
        return None
    ko, sep, en = note.partition(" / ")
    return Msg(ko.strip(), en.strip() if sep else ko.strip())


def _rrn_rule(s: dict) -> str:
    """The service's RRN rule; a catalogue from before the three-valued rule said only rrn_required."""
    rule = s.get("rrn_rule")
    if rule is None:
        return RRN_REQUIRED if s.get("rrn_required") else RRN_NOT_PERMITTED
    if rule not in RRN_RULES:
        raise ValueError(f"unknown rrn_rule {rule!r} for service {s.get('code')!r}")
    return rule


def catalogue_file() -> Path:
    return resource_path("services.json")


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The shipped catalogue (validated against resources/schemas/services.schema.json in the tests)."""
    with catalogue_file().open(encoding="utf-8") as fh:
        return parse_catalogue(json.load(fh))
