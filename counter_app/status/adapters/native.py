"""The program's own feed format (docs/status-feed.md, resources/schemas/status-feed.schema.json).

It carries what Statuspage and Cachet cannot: grade, ministry, expected recovery, restoration
progress with a changing denominator, data-loss notices and structured alternatives. The same
format is how the cache stores every normalised snapshot (to_native), so one parser reads both.
"""

from __future__ import annotations

from typing import Any

from counter_app.i18n import Msg
from counter_app.status.adapters.fields import (
    ident,
    obj,
    opt_int,
    opt_list,
    opt_str,
    str_list,
)
from counter_app.status.model import (
    ALTERNATIVE_KINDS,
    INCIDENT_KINDS,
    MAX_NAME,
    Alternative,
    DeclaredSummary,
    ExpectedRecovery,
    FeedError,
    GradeCount,
    Incident,
    IncidentUpdate,
    ItemError,
    ProgressPoint,
    SourceSnapshot,
    System,
    bilingual,
    iso_out,
    normalise_status,
    parse_date_or_time,
    parse_time,
    skipped,
    text_pair,
)

FORMAT_NAME = "counter_app.status-feed"
FORMAT_VERSION = 1


def _not_a_feed(what: str) -> FeedError:
    return FeedError(Msg(f"상태 정보 형식이 아닙니다 ({what}).", f"Not a status feed ({what})."))


def _pair_list(d: dict, key: str) -> tuple[list[str], list[str]]:
    ko_list, en_list = [], []
    for v in opt_list(d, key):
        ko, en = bilingual(v)
        if ko:
            ko_list.append(ko)
            en_list.append(en or ko)
    return ko_list, en_list


def _alternative(raw: Any) -> Alternative:
    d = obj(raw, "alternative")
    kind = opt_str(d, "kind") or "other"
    label, label_en = bilingual(d.get("label"), MAX_NAME)
    if not label:
        raise ItemError("alternative label is missing")
    detail, detail_en = bilingual(d.get("detail"))
    return Alternative(
        kind=kind if kind in ALTERNATIVE_KINDS else "other",
        label=label,
        label_en=label_en,
        detail=detail,
        detail_en=detail_en,
        phone=opt_str(d, "phone", 40),
        url=opt_str(d, "url", 500),
        procedure_id=opt_str(d, "procedure_id", 120),
    )


def _expected(raw: Any) -> ExpectedRecovery | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        when = parse_date_or_time(raw)
        return ExpectedRecovery(when, when) if when else None
    d = obj(raw, "expected_recovery")
    note, note_en = bilingual(d.get("note"))
    start, end = parse_date_or_time(d.get("from")), parse_date_or_time(d.get("to"))
    if start is None and end is None and note is None:
        return None
    return ExpectedRecovery(start, end, note, note_en)


def _system(raw: Any) -> System:
    d = obj(raw, "system")
    name, name_en_fallback = bilingual(d.get("name_ko", d.get("name")), MAX_NAME)
    if not name:
        raise ItemError("name_ko is missing")
    name_en = opt_str(d, "name_en") or name_en_fallback
    status = d.get("status")
    if status is not None and not isinstance(status, str):
        raise ItemError("status is not a string")
    group, group_en = bilingual(d.get("group"), MAX_NAME)
    ministry, ministry_en = bilingual(d.get("ministry"), MAX_NAME)
    services, services_en = _pair_list(d, "services")
    limitations, limitations_en = _pair_list(d, "limitations")
    data_loss, data_loss_en = bilingual(d.get("data_loss"))
    note, note_en = bilingual(d.get("note"))
    alternatives = [_alternative(a) for a in opt_list(d, "alternatives")]
    procedure_ids = str_list(d, "procedure_ids", 120)
    for alt in alternatives:  # the system's procedure list always covers its alternatives
        if alt.procedure_id and alt.procedure_id not in procedure_ids:
            procedure_ids.append(alt.procedure_id)
    return System(
        id=ident(d),
        name=name,
        name_en=name_en,
        status=normalise_status(status),
        group=group,
        group_en=group_en,
        since=parse_time(d.get("since")),
        expected_recovery=_expected(d.get("expected_recovery")),
        restored_at=parse_time(d.get("restored_at")),
        grade=opt_int(d, "grade", 1, 4),
        ministry=ministry,
        ministry_en=ministry_en,
        services=services,
        services_en=services_en,
        limitations=limitations,
        limitations_en=limitations_en,
        data_loss=data_loss,
        data_loss_en=data_loss_en,
        alternatives=alternatives,
        procedure_ids=procedure_ids,
        note=note,
        note_en=note_en,
        unverified=str_list(d, "unverified", 60),
        counted=_counted(d),
    )


def _counted(d: dict) -> bool:
    value = d.get("counted", True)
    if not isinstance(value, bool):
        raise ItemError("counted is not true/false")
    return value


def _update(raw: Any) -> IncidentUpdate:
    d = obj(raw, "update")
    body, body_en = bilingual(d.get("body"))
    return IncidentUpdate(at=parse_time(d.get("at")), body=body or "", body_en=body_en, status=opt_str(d, "status", 40))


def _incident(raw: Any) -> Incident:
    d = obj(raw, "incident")
    title, title_en = bilingual(d.get("title"), MAX_NAME)
    if not title:
        raise ItemError("title is missing")
    kind = opt_str(d, "kind") or "incident"
    updates = [_update(u) for u in opt_list(d, "updates")]
    return Incident(
        id=ident(d),
        title=title,
        title_en=title_en,
        status=opt_str(d, "status", 40),
        impact=opt_str(d, "impact", 40),
        kind=kind if kind in INCIDENT_KINDS else "incident",
        created_at=parse_time(d.get("created_at")),
        updated_at=parse_time(d.get("updated_at")),
        resolved_at=parse_time(d.get("resolved_at")),
        scheduled_for=parse_time(d.get("scheduled_for")),
        scheduled_until=parse_time(d.get("scheduled_until")),
        systems=str_list(d, "systems", 120),
        updates=sort_updates(updates),
    )


def sort_updates(updates: list[IncidentUpdate]) -> list[IncidentUpdate]:
    """Newest first (the Statuspage convention); undated updates last, in their given order."""
    dated = [(u.at, u) for u in updates if u.at is not None]
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return [u for _, u in dated] + [u for u in updates if u.at is None]


def _point(raw: Any) -> ProgressPoint:
    d = obj(raw, "progress")
    at = parse_time(d.get("at"))
    restored, total = opt_int(d, "restored", 0), opt_int(d, "total", 0)
    if at is None or restored is None or total is None:
        raise ItemError("at, restored and total are required")
    if restored > total:
        raise ItemError("restored is larger than total")
    note, note_en = bilingual(d.get("note"))
    return ProgressPoint(at, restored, total, note, note_en)


def _summary(raw: Any) -> DeclaredSummary | None:
    if raw is None:
        return None
    d = obj(raw, "summary")
    total, restored = opt_int(d, "total", 0), opt_int(d, "restored", 0)
    if total is None or restored is None or restored > total:
        raise ItemError("summary needs total >= restored")
    by_grade = {}
    for grade, g in obj(d.get("by_grade") or {}, "by_grade").items():
        if grade not in ("1", "2", "3", "4"):
            raise ItemError("by_grade keys are 1..4")
        g = obj(g, "grade count")
        g_total, g_restored = opt_int(g, "total", 0), opt_int(g, "restored", 0)
        if g_total is None or g_restored is None or g_restored > g_total:
            raise ItemError("grade count needs total >= restored")
        by_grade[grade] = GradeCount(g_restored, g_total, parse_time(g.get("as_of")))
    return DeclaredSummary(total, restored, by_grade)


def _items(items: list, parse, item_name: str, warnings: list[Msg]) -> list:
    out, seen = [], set()
    for index, raw in enumerate(items, 1):
        try:
            item = parse(raw)
        except ItemError as exc:
            warnings.append(skipped(item_name, index, exc.what))
            continue
        key = getattr(item, "id", None)
        if key is not None:
            if key in seen:
                warnings.append(skipped(item_name, index, "duplicate id"))
                continue
            seen.add(key)
        out.append(item)
    return out


def parse_native(doc: Any, location: str = "", kind: str = "native") -> SourceSnapshot:
    if not isinstance(doc, dict):
        raise _not_a_feed("the document is not a JSON object")
    fmt = doc.get("format")
    if fmt is not None and fmt != FORMAT_NAME:
        raise _not_a_feed("format")
    systems, incidents, progress = doc.get("systems"), doc.get("incidents", []), doc.get("progress", [])
    if not isinstance(systems, list):
        raise _not_a_feed("'systems' is not a list")
    if not isinstance(incidents, list) or not isinstance(progress, list):
        raise _not_a_feed("'incidents' or 'progress' is not a list")
    warnings: list[Msg] = []
    try:
        updated_at = parse_time(doc.get("updated_at"))
    except ItemError:
        raise _not_a_feed("'updated_at' is not a string") from None
    try:
        label, label_en = bilingual(doc.get("label"), MAX_NAME)
    except ItemError:
        label = label_en = None
        warnings.append(Msg("상태 정보 제목(label) 형식이 잘못되어 무시했습니다.", "Ignored a malformed feed label."))
    try:
        description, description_en = bilingual(doc.get("description"))
    except ItemError:
        description = description_en = None
        warnings.append(
            Msg("상태 정보 설명(description) 형식이 잘못되어 무시했습니다.", "Ignored a malformed feed description.")
        )
    try:
        summary = _summary(doc.get("summary"))
    except ItemError as exc:
        summary = None
        warnings.append(
            Msg(
                f"집계(summary) 형식이 잘못되어 무시했습니다 ({exc.what}).",
                f"Ignored a malformed summary ({exc.what}).",
            )
        )
    points = _items(progress, _point, "progress", warnings)
    points.sort(key=lambda p: p.at)
    parsed_systems = _items(systems, _system, "system", warnings)
    return SourceSnapshot(
        kind=kind,
        location=location,
        updated_at=updated_at,
        label=label,
        label_en=label_en,
        description=description,
        description_en=description_en,
        historical=doc.get("historical") is True,
        systems=parsed_systems,
        incidents=_items(incidents, _incident, "incident", warnings),
        progress=points,
        summary=summary,
        warnings=warnings,
        items_listed=len(systems),
        items_malformed=len(systems) - len(parsed_systems),
    )


# --- writing (the cache stores every normalised snapshot in this format) ----------------------


def _drop_empty(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, [], {})}


def _alt_out(a: Alternative) -> dict:
    return _drop_empty(
        {
            "kind": a.kind,
            "label": text_pair(a.label, a.label_en),
            "detail": text_pair(a.detail, a.detail_en),
            "phone": a.phone,
            "url": a.url,
            "procedure_id": a.procedure_id,
        }
    )


def _pairs_out(ko: list[str], en: list[str]) -> list:
    return [text_pair(k, en[i] if i < len(en) else None) for i, k in enumerate(ko)]


def _system_out(s: System) -> dict:
    er = s.expected_recovery
    return _drop_empty(
        {
            "id": s.id,
            "name_ko": s.name,
            "name_en": s.name_en,
            "group": text_pair(s.group, s.group_en),
            "ministry": text_pair(s.ministry, s.ministry_en),
            "grade": s.grade,
            "status": s.status,
            "since": iso_out(s.since),
            "restored_at": iso_out(s.restored_at),
            "expected_recovery": None
            if er is None
            else _drop_empty({"from": er.start, "to": er.end, "note": text_pair(er.note, er.note_en)}),
            "services": _pairs_out(s.services, s.services_en),
            "limitations": _pairs_out(s.limitations, s.limitations_en),
            "data_loss": text_pair(s.data_loss, s.data_loss_en),
            "alternatives": [_alt_out(a) for a in s.alternatives],
            "procedure_ids": s.procedure_ids,
            "note": text_pair(s.note, s.note_en),
            "unverified": s.unverified,
            "counted": None if s.counted else False,
        }
    )


def _incident_out(i: Incident) -> dict:
    return _drop_empty(
        {
            "id": i.id,
            "title": text_pair(i.title, i.title_en),
            "kind": i.kind,
            "status": i.status,
            "impact": i.impact,
            "created_at": iso_out(i.created_at),
            "updated_at": iso_out(i.updated_at),
            "resolved_at": iso_out(i.resolved_at),
            "scheduled_for": iso_out(i.scheduled_for),
            "scheduled_until": iso_out(i.scheduled_until),
            "systems": i.systems,
            "updates": [
                _drop_empty({"at": iso_out(u.at), "status": u.status, "body": text_pair(u.body, u.body_en)})
                for u in i.updates
            ],
        }
    )


def to_native(snap: SourceSnapshot) -> dict:
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "updated_at": iso_out(snap.updated_at),
        "label": text_pair(snap.label, snap.label_en),
        "description": text_pair(snap.description, snap.description_en),
        "historical": snap.historical,
    }
    if snap.summary is not None:
        doc["summary"] = {
            "total": snap.summary.total,
            "restored": snap.summary.restored,
            "by_grade": {
                k: _drop_empty({"restored": g.restored, "total": g.total, "as_of": iso_out(g.as_of)})
                for k, g in snap.summary.by_grade.items()
            },
        }
    doc["progress"] = [
        _drop_empty(
            {"at": iso_out(p.at), "restored": p.restored, "total": p.total, "note": text_pair(p.note, p.note_en)}
        )
        for p in snap.progress
    ]
    doc["systems"] = [_system_out(s) for s in snap.systems]
    doc["incidents"] = [_incident_out(i) for i in snap.incidents]
    return _drop_empty(doc) | {"historical": snap.historical, "systems": doc["systems"]}
