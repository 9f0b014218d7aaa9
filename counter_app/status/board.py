"""The status board as typed, frozen values: what StatusService.board() builds, what the status
page reads, and what `status --json` prints through `to_json()` — the one function that makes the
contracts.md §3 document (its shape kept exactly; fields only added).

Times are aware datetimes here (None when unknown) and ISO 8601 in KST with its offset in JSON.
Texts a source may give in two languages are a Korean value plus an `_en` sibling; `pick()` reads
one side for a language with the other as fallback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from counter_app.i18n import Msg, current_language
from counter_app.status.model import iso_out


def pick(item: Any, key: str, lang: str) -> Any:
    """`item.key` in `lang`: English reads `key_en` first, Korean `key` first; each falls back."""
    ko, en = getattr(item, key, None), getattr(item, f"{key}_en", None)
    return (en or ko) if lang == "en" else (ko or en)


@dataclass(frozen=True)
class AlternativeView:
    kind: str  # counter_app.status.vocabulary.ALTERNATIVE_KINDS
    label: str
    detail: str | None = None
    phone: str | None = None
    url: str | None = None
    procedure_id: str | None = None
    label_en: str | None = None
    detail_en: str | None = None


@dataclass(frozen=True)
class ExpectedRecoveryView:
    start: str | None  # 'from' in JSON: a date 'YYYY-MM-DD' or an ISO timestamp
    end: str | None  # 'to'
    note: str | None = None
    note_en: str | None = None


@dataclass(frozen=True)
class SystemView:
    id: str
    name: str
    status: str
    name_en: str | None = None
    group: str | None = None
    group_en: str | None = None
    since: dt.datetime | None = None
    expected_recovery: ExpectedRecoveryView | None = None
    restored_at: dt.datetime | None = None
    grade: int | None = None
    ministry: str | None = None
    ministry_en: str | None = None
    services: tuple[str, ...] = ()
    services_en: tuple[str, ...] = ()
    limitations: tuple[str, ...] = ()
    limitations_en: tuple[str, ...] = ()
    data_loss: str | None = None
    data_loss_en: str | None = None
    alternatives: tuple[AlternativeView, ...] = ()
    procedure_ids: tuple[str, ...] = ()
    note: str | None = None
    note_en: str | None = None
    unverified: tuple[str, ...] = ()
    counted: bool = True
    source: str = ""  # the location of the source whose status this is
    source_updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class IncidentUpdateView:
    at: dt.datetime | None
    body: str
    body_en: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class IncidentView:
    id: str
    title: str
    status: str | None = None
    impact: str | None = None
    kind: str = "incident"
    title_en: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    scheduled_for: dt.datetime | None = None
    scheduled_until: dt.datetime | None = None
    systems: tuple[str, ...] = ()  # system ids
    updates: tuple[IncidentUpdateView, ...] = ()  # newest first
    source: str = ""


@dataclass(frozen=True)
class GradeSummary:
    restored: int
    total: int
    as_of: dt.datetime | None = None  # when this grade's figure is older than the feed's


@dataclass(frozen=True)
class Summary:
    total: int
    restored: int
    listed: int  # systems named one by one (a feed may declare totals for more)
    by_status: dict[str, int]  # every status of STATUSES, in that order
    restored_ratio: float | None
    by_grade: dict[str, GradeSummary]
    worst_status: str | None


@dataclass(frozen=True)
class SourceEntry:
    location: str
    kind: str | None  # None for a malformed configured source
    ok: bool
    error: Msg | None = None
    fetched_at: dt.datetime | None = None  # our last good fetch
    attempted_at: dt.datetime | None = None  # our last try, good or not
    source_updated_at: dt.datetime | None = None
    label: str | None = None
    systems: int = 0
    warnings: tuple[Msg, ...] = ()  # items skipped as malformed in the snapshot shown
    origin: str = "fetch"  # fetch | file | settings
    redirected_to: str | None = None  # the last fetch ended on another host: this address
    # Signed native feeds (contracts.md §3, status/publish.py): "verified" (signed_by names the
    # trusted office and terminal), "unverified" (signed, root not trusted; signer_claimed says
    # what the certificate claims) or "unsigned" (Statuspage, Cachet, a feed without .jws).
    signature: str = "unsigned"
    signed_by: dict | None = None
    signer_claimed: dict | None = None

    @property
    def tried(self) -> bool:
        """Tried and failed is worth showing; configured but never tried yet is not an error."""
        return self.attempted_at is not None or self.origin == "settings"

    @property
    def spec(self) -> str:
        return f"{self.kind}:{self.location}" if self.kind else self.location


@dataclass(frozen=True)
class ProgressPointView:
    at: dt.datetime
    restored: int
    total: int
    note: str | None = None
    note_en: str | None = None


@dataclass(frozen=True)
class NoteView:
    at: dt.datetime | None
    author: str
    author_name: str | None
    system_id: str | None
    body: str


@dataclass(frozen=True)
class Board:
    fetched_at: dt.datetime | None
    source_updated_at: dt.datetime | None
    stale: bool
    sources: tuple[SourceEntry, ...]
    summary: Summary
    systems: tuple[SystemView, ...]
    incidents: tuple[IncidentView, ...]
    historical: bool
    label: str | None
    label_en: str | None
    description: str | None
    description_en: str | None
    progress: tuple[ProgressPointView, ...]
    notes: tuple[NoteView, ...]
    generated_at: dt.datetime
    age_seconds: int | None
    stale_minutes: int

    def system(self, system_id: str) -> SystemView | None:
        return next((s for s in self.systems if s.id == system_id), None)

    @property
    def failed_sources(self) -> tuple[SourceEntry, ...]:
        return tuple(s for s in self.sources if not s.ok and s.tried)


# --- the JSON document (contracts.md §3) ------------------------------------------------------


def _alt_json(a: AlternativeView) -> dict:
    return {
        "kind": a.kind,
        "label": a.label,
        "detail": a.detail,
        "phone": a.phone,
        "url": a.url,
        "procedure_id": a.procedure_id,
        "label_en": a.label_en,
        "detail_en": a.detail_en,
    }


def system_json(s: SystemView) -> dict:
    er = s.expected_recovery
    return {
        "id": s.id,
        "name": s.name,
        "name_en": s.name_en,
        "group": s.group,
        "group_en": s.group_en,
        "status": s.status,
        "since": iso_out(s.since),
        "expected_recovery": None
        if er is None
        else {"from": er.start, "to": er.end, "note": er.note, "note_en": er.note_en},
        "restored_at": iso_out(s.restored_at),
        "grade": s.grade,
        "ministry": s.ministry,
        "ministry_en": s.ministry_en,
        "services": list(s.services),
        "services_en": list(s.services_en),
        "limitations": list(s.limitations),
        "limitations_en": list(s.limitations_en),
        "data_loss": s.data_loss,
        "data_loss_en": s.data_loss_en,
        "alternatives": [_alt_json(a) for a in s.alternatives],
        "procedure_ids": list(s.procedure_ids),
        "note": s.note,
        "note_en": s.note_en,
        "unverified": list(s.unverified),
        "counted": s.counted,
        "source": s.source,
        "source_updated_at": iso_out(s.source_updated_at),
    }


def incident_json(i: IncidentView) -> dict:
    return {
        "id": i.id,
        "title": i.title,
        "title_en": i.title_en,
        "status": i.status,
        "impact": i.impact,
        "kind": i.kind,
        "created_at": iso_out(i.created_at),
        "updated_at": iso_out(i.updated_at),
        "resolved_at": iso_out(i.resolved_at),
        "scheduled_for": iso_out(i.scheduled_for),
        "scheduled_until": iso_out(i.scheduled_until),
        "systems": list(i.systems),
        "updates": [{"at": iso_out(u.at), "body": u.body, "body_en": u.body_en, "status": u.status} for u in i.updates],
        "source": i.source,
    }


def source_json(e: SourceEntry, lang: str) -> dict:
    return {
        "location": e.location,
        "kind": e.kind,
        "ok": e.ok,
        "error": e.error.text(lang) if e.error else None,
        "error_ko": e.error.ko if e.error else None,
        "error_en": e.error.en if e.error else None,
        "fetched_at": iso_out(e.fetched_at),
        "attempted_at": iso_out(e.attempted_at),
        "source_updated_at": iso_out(e.source_updated_at),
        "label": e.label,
        "systems": e.systems,
        "warnings": [w.text(lang) for w in e.warnings],
        "origin": e.origin,
        "redirected_to": e.redirected_to,
        "signed_by": e.signed_by,
        "signature": e.signature,
        "signer_claimed": e.signer_claimed,
    }


def point_json(p: ProgressPointView) -> dict:
    point: dict[str, Any] = {"at": iso_out(p.at), "restored": p.restored, "total": p.total}
    if p.note:
        point["note"], point["note_en"] = p.note, p.note_en
    return point


def summary_json(s: Summary) -> dict:
    by_grade: dict[str, dict[str, Any]] = {}
    for grade, g in s.by_grade.items():
        by_grade[grade] = {"restored": g.restored, "total": g.total}
        if g.as_of is not None:
            by_grade[grade]["as_of"] = iso_out(g.as_of)
    return {
        "total": s.total,
        "restored": s.restored,
        "listed": s.listed,
        "by_status": dict(s.by_status),
        "restored_ratio": s.restored_ratio,
        "by_grade": by_grade,
        "worst_status": s.worst_status,
    }


def to_json(board: Board, lang: str | None = None) -> dict:
    """The `status --json` document; texts with one value per language use `lang` (default: the
    current language) and carry `_ko`/`_en` siblings where the contract has them."""
    lang = lang or current_language()
    return {
        "fetched_at": iso_out(board.fetched_at),
        "source_updated_at": iso_out(board.source_updated_at),
        "stale": board.stale,
        "sources": [source_json(e, lang) for e in board.sources],
        "summary": summary_json(board.summary),
        "systems": [system_json(s) for s in board.systems],
        "incidents": [incident_json(i) for i in board.incidents],
        "historical": board.historical,
        "label": board.label,
        "label_en": board.label_en,
        "description": board.description,
        "description_en": board.description_en,
        "progress": [point_json(p) for p in board.progress],
        "notes": [
            {
                "at": iso_out(n.at),
                "author": n.author,
                "author_name": n.author_name,
                "system_id": n.system_id,
                "body": n.body,
            }
            for n in board.notes
        ],
        "generated_at": iso_out(board.generated_at),
        "age_seconds": board.age_seconds,
        "stale_minutes": board.stale_minutes,
    }
