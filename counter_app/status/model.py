"""The normalised status model every source adapter produces, and the small helpers they share.

Times are aware UTC datetimes inside the program (seconds precision: sources disagree on
fractions, and equal payloads must hash equal); output is ISO 8601 in KST with its offset.
Text that a source may give in two languages is kept as a Korean value plus an `_en` sibling.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from counter_app.clock import KST
from counter_app.i18n import Msg
from counter_app.net.errors import Cancelled  # noqa: F401 - nothing half-fetched is stored
from counter_app.status.vocabulary import (  # noqa: F401 - the shared words, re-exported
    ALTERNATIVE_KINDS,
    INCIDENT_KINDS,
    RESTORED_STATUSES,
    SEVERITY,
    STATUS_LABELS,
    STATUSES,
)

UTC = dt.UTC

MAX_NAME = 200
MAX_BODY = 4000


class SourceError(Exception):
    """One source could not be used this time; `msg` is the sentence shown in sources[]."""

    def __init__(self, msg: Msg):
        self.msg = msg
        super().__init__(msg.en)


class FeedError(SourceError):
    """A source's document cannot be used at all. Adapters raise nothing else on any JSON input."""


class ItemError(Exception):
    """One item of a feed is malformed: the adapter skips it with a warning and keeps the rest."""

    def __init__(self, what: str):
        self.what = what
        super().__init__(what)


# --- time -------------------------------------------------------------------------------------


def parse_time(value: Any, *, naive_tz: dt.tzinfo = KST) -> dt.datetime | None:
    """ISO 8601 with Z, an offset, or no zone (read as `naive_tz`, KST by default) -> aware UTC.

    None stays None; a non-string raises ItemError (wrong type); an unreadable string -> None.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ItemError("time is not a string")
    text = value.strip()
    if not text or len(text) > 40:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=naive_tz)
    try:
        return parsed.astimezone(UTC).replace(microsecond=0)
    except (OverflowError, ValueError):  # year 1 or 9999 pushed over the edge by the offset
        return None


def iso_out(value: dt.datetime | None) -> str | None:
    """Aware datetime -> 'YYYY-MM-DDTHH:MM:SS+09:00' (KST: what the counters read)."""
    if value is None:
        return None
    try:
        return value.astimezone(KST).isoformat(timespec="seconds")
    except (OverflowError, ValueError):
        return value.astimezone(UTC).isoformat(timespec="seconds")


def parse_date_or_time(value: Any) -> str | None:
    """A date ('YYYY-MM-DD', kept as a date) or a timestamp (normalised) for expected recovery."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ItemError("date is not a string")
    text = value.strip()
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    return iso_out(parse_time(text))


# --- text -------------------------------------------------------------------------------------


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "br", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr"}
    DROP = {"script", "style", "head", "title", "template", "noscript", "iframe", "object"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.DROP:
            self._drop_depth += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.DROP:
            self._drop_depth = max(0, self._drop_depth - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._drop_depth:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str, limit: int = MAX_BODY) -> str:
    """Plain text: control characters removed, whitespace collapsed, length capped."""
    if len(value) <= limit and value.isprintable() and "  " not in value and value == value.strip():
        return value  # the common case, already clean: skip the regex passes (feeds of 700+ systems)
    text = _CONTROL.sub("", value)
    text = _NEWLINES.sub("\n", _SPACES.sub(" ", text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def strip_html(value: str, limit: int = MAX_BODY) -> str:
    """HTML (Statuspage/Cachet bodies) -> plain text; scripts and styles are dropped, entities
    decoded. The result is text to show as text: never hand it to a rich-text widget as markup."""
    if "<" not in value and "&" not in value:
        return clean_text(value, limit)
    parser = _TextExtractor()
    try:
        parser.feed(value[: limit * 20])  # bound the work on a huge body
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # html.parser is lenient, but never let a body break a feed
        text = html.unescape(re.sub(r"<[^>]*>", " ", value))
    return clean_text(text, limit)


def bilingual(value: Any, limit: int = MAX_BODY) -> tuple[str | None, str | None]:
    """A string, or {"ko": ..., "en": ...} -> (ko, en). en falls back to ko and ko to en."""
    if value is None:
        return None, None
    if isinstance(value, str):
        text = clean_text(value, limit)
        return (text or None), (text or None)
    if isinstance(value, dict):
        ko, en = value.get("ko"), value.get("en")
        if (ko is not None and not isinstance(ko, str)) or (en is not None and not isinstance(en, str)):
            raise ItemError("text is neither a string nor {ko, en}")
        ko = clean_text(ko, limit) if ko else None
        en = clean_text(en, limit) if en else None
        return (ko or en), (en or ko)
    raise ItemError("text is neither a string nor {ko, en}")


def text_pair(ko: str | None, en: str | None) -> Any:
    """The inverse of bilingual() for the native format: a plain string when both agree."""
    if ko is None and en is None:
        return None
    if ko == en or en is None:
        return ko
    return {"ko": ko, "en": en}


# --- the normalised model ---------------------------------------------------------------------


@dataclass
class Alternative:
    kind: str  # visit | phone | mail | fax | website | other
    label: str
    detail: str | None = None
    phone: str | None = None
    url: str | None = None
    procedure_id: str | None = None
    label_en: str | None = None
    detail_en: str | None = None


@dataclass
class ExpectedRecovery:
    start: str | None  # 'from' in JSON: a date 'YYYY-MM-DD' or an ISO timestamp
    end: str | None  # 'to'
    note: str | None = None
    note_en: str | None = None


@dataclass
class System:
    id: str
    name: str
    status: str
    name_en: str | None = None
    group: str | None = None
    group_en: str | None = None
    since: dt.datetime | None = None
    expected_recovery: ExpectedRecovery | None = None
    restored_at: dt.datetime | None = None
    grade: int | None = None
    ministry: str | None = None
    ministry_en: str | None = None
    services: list[str] = field(default_factory=list)
    services_en: list[str] = field(default_factory=list)
    limitations: list[str] = field(default_factory=list)
    limitations_en: list[str] = field(default_factory=list)
    data_loss: str | None = None
    data_loss_en: str | None = None
    alternatives: list[Alternative] = field(default_factory=list)
    procedure_ids: list[str] = field(default_factory=list)
    note: str | None = None
    note_en: str | None = None
    unverified: list[str] = field(default_factory=list)  # field names whose values need a 2nd source
    counted: bool = True  # False: shown for context but outside the feed's declared totals


@dataclass
class IncidentUpdate:
    at: dt.datetime | None
    body: str
    status: str | None = None
    body_en: str | None = None


@dataclass
class Incident:
    id: str
    title: str
    status: str | None = None
    impact: str | None = None
    kind: str = "incident"  # incident | maintenance | notice
    title_en: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    scheduled_for: dt.datetime | None = None
    scheduled_until: dt.datetime | None = None
    systems: list[str] = field(default_factory=list)
    updates: list[IncidentUpdate] = field(default_factory=list)  # newest first


@dataclass
class ProgressPoint:
    at: dt.datetime
    restored: int
    total: int
    note: str | None = None
    note_en: str | None = None


@dataclass
class GradeCount:
    restored: int
    total: int
    as_of: dt.datetime | None = None  # when this grade's figure is older than the feed's


@dataclass
class DeclaredSummary:
    """Counts a feed declares for systems it does not list one by one (the 2025 briefings)."""

    total: int
    restored: int
    by_grade: dict[str, GradeCount] = field(default_factory=dict)


@dataclass
class SourceSnapshot:
    """One source's document, normalised. `warnings` name items that were skipped."""

    kind: str
    location: str
    updated_at: dt.datetime | None = None
    label: str | None = None
    label_en: str | None = None
    description: str | None = None
    description_en: str | None = None
    historical: bool = False
    systems: list[System] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    progress: list[ProgressPoint] = field(default_factory=list)
    summary: DeclaredSummary | None = None
    warnings: list[Msg] = field(default_factory=list)
    # Of the systems/components the document listed: how many, and how many were skipped as
    # malformed (wrong types, missing names, duplicate ids). Set by the adapters at parse time.
    items_listed: int = 0
    items_malformed: int = 0

    def counts(self) -> tuple[int, int]:
        """(restored, total) for this source alone: declared when the feed says so, else counted."""
        if self.summary is not None and self.summary.total >= sum(1 for s in self.systems if s.counted):
            return self.summary.restored, self.summary.total
        counted = [s for s in self.systems if s.counted]
        restored = sum(1 for s in counted if s.status in RESTORED_STATUSES)
        return restored, len(counted)


def normalise_status(value: Any) -> str:
    return value if isinstance(value, str) and value in SEVERITY else "unknown"


ITEM_NAMES = {
    "system": ("시스템", "system"),
    "component": ("구성요소", "component"),
    "incident": ("장애 공지", "incident"),
    "maintenance": ("점검 공지", "maintenance"),
    "progress": ("복구 추이", "progress point"),
    "update": ("공지 갱신", "incident update"),
}


def skipped(item: str, index: int, what: str) -> Msg:
    """Warning for one skipped item; `what` is a short technical reason (never feed content)."""
    ko, en = ITEM_NAMES.get(item, (item, item))
    return Msg(
        f"{ko} 항목 {index}번을 건너뛰었습니다 (형식 오류: {what}).", f"Skipped {en} item {index} (malformed: {what})."
    )
