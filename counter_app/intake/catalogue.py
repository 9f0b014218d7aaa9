"""The service catalogue (resources/services.json): what a counter can receive, its legal class,
its processing period and whether a statute requires the RRN for it.
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
    rrn_required: bool
    rrn_basis: str | None = None
    rrn_note: str | None = None
    period_note: str = ""
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
    def period_verified(self) -> bool:
        return self.period_note != "unverified"

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
            code=s["code"], name_ko=s["name_ko"], name_en=s["name_en"], category=s["category"],
            period_days=s.get("period_days"), period_hours=s.get("period_hours"),
            rrn_required=bool(s["rrn_required"]), rrn_basis=s.get("rrn_basis"), rrn_note=s.get("rrn_note"),
            period_note=s.get("period_note", ""),
            selectable_categories=tuple(s.get("selectable_categories", ())),
            aliases=tuple(s.get("aliases", ())),
            description_ko=s.get("description_ko", ""), description_en=s.get("description_en", ""),
        )
        for s in data["services"]
    )
    return Catalogue(services)


def catalogue_file() -> Path:
    return resource_path("services.json")


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The shipped catalogue (validated against resources/schemas/services.schema.json in the tests)."""
    with catalogue_file().open(encoding="utf-8") as fh:
        return parse_catalogue(json.load(fh))
