"""Atlassian Statuspage API v2 `summary.json` -> SourceSnapshot (domain.md §6).

Groups are components with `group: true` listing child ids; they become the children's `group`
and are not systems themselves. A `group_id` naming a group that is not in the document is not
an error: the component is shown ungrouped (a warning says so). Incident bodies may hold HTML:
they are reduced to plain text.
"""

from __future__ import annotations

from typing import Any

from counter_app.i18n import Msg
from counter_app.status.adapters.fields import ident, obj, opt_list, opt_str
from counter_app.status.adapters.native import sort_updates
from counter_app.status.model import (
    FeedError,
    Incident,
    IncidentUpdate,
    ItemError,
    SourceSnapshot,
    System,
    parse_time,
    skipped,
    strip_html,
)

STATUS_MAP = {
    "operational": "operational",
    "degraded_performance": "degraded",
    "partial_outage": "partial_outage",
    "major_outage": "major_outage",
    "under_maintenance": "maintenance",
}


def _not_a_summary(what: str) -> FeedError:
    return FeedError(
        Msg(f"Statuspage summary.json 형식이 아닙니다 ({what}).", f"Not a Statuspage summary.json ({what}).")
    )


def _update(raw: Any) -> IncidentUpdate:
    d = obj(raw, "incident update")
    body = d.get("body")
    if body is not None and not isinstance(body, str):
        raise ItemError("body is not a string")
    at = parse_time(d.get("display_at")) or parse_time(d.get("created_at"))
    text = strip_html(body or "")
    return IncidentUpdate(at=at, body=text, body_en=text, status=opt_str(d, "status", 40))


def _incident(raw: Any, kind: str) -> Incident:
    d = obj(raw, kind)
    title = opt_str(d, "name")
    if not title:
        raise ItemError("name is missing")
    title = strip_html(title, 200)
    systems = []
    for c in opt_list(d, "components"):
        systems.append(ident(obj(c, "incident component")))
    return Incident(
        id=ident(d),
        title=title,
        title_en=title,
        status=opt_str(d, "status", 40),
        impact=opt_str(d, "impact", 40),
        kind=kind,
        created_at=parse_time(d.get("created_at")),
        updated_at=parse_time(d.get("updated_at")),
        resolved_at=parse_time(d.get("resolved_at")),
        scheduled_for=parse_time(d.get("scheduled_for")),
        scheduled_until=parse_time(d.get("scheduled_until")),
        systems=systems,
        updates=sort_updates([_update(u) for u in opt_list(d, "incident_updates")]),
    )


def parse_statuspage(doc: Any, location: str = "") -> SourceSnapshot:
    if not isinstance(doc, dict):
        raise _not_a_summary("the document is not a JSON object")
    components = doc.get("components")
    incidents = doc.get("incidents", [])
    maintenances = doc.get("scheduled_maintenances", [])
    if not isinstance(components, list):
        raise _not_a_summary("'components' is not a list")
    if not isinstance(incidents, list) or not isinstance(maintenances, list):
        raise _not_a_summary("'incidents' or 'scheduled_maintenances' is not a list")
    raw_page = doc.get("page")
    page: dict = raw_page if isinstance(raw_page, dict) else {}
    warnings: list[Msg] = []
    try:
        updated_at = parse_time(page.get("updated_at"))
        label = opt_str(page, "name")
    except ItemError:
        updated_at, label = None, None
        warnings.append(Msg("page 항목 형식이 잘못되어 무시했습니다.", "Ignored a malformed 'page' object."))

    # First pass: which components are groups (and their names), so children can find them.
    group_names: dict[str, str] = {}
    for c in components:
        if isinstance(c, dict) and c.get("group") is True:
            try:
                group_names[ident(c)] = opt_str(c, "name") or ident(c)
            except ItemError:
                pass  # reported in the second pass
    systems: list[System] = []
    seen: set[str] = set()
    dangling = 0
    malformed = 0
    for index, raw in enumerate(components, 1):
        try:
            c = obj(raw, "component")
            cid = ident(c)
            name = opt_str(c, "name")
            status = c.get("status")
            if not name:
                raise ItemError("name is missing")
            if status is not None and not isinstance(status, str):
                raise ItemError("status is not a string")
            if c.get("group") is True:
                continue
            group_id = c.get("group_id")
            if group_id is not None and not isinstance(group_id, str):
                raise ItemError("group_id is not a string")
            group = group_names.get(group_id) if group_id else None
            if group_id and group is None:
                dangling += 1  # its group is not in the document: shown ungrouped
            description = opt_str(c, "description", 1000)
            since = parse_time(c.get("updated_at"))
        except ItemError as exc:
            warnings.append(skipped("component", index, exc.what))
            malformed += 1
            continue
        if cid in seen:
            warnings.append(skipped("component", index, "duplicate id"))
            malformed += 1
            continue
        seen.add(cid)
        note = strip_html(description, 1000) if description else None
        systems.append(
            System(
                id=cid,
                name=name,
                name_en=name,
                status=STATUS_MAP.get(status, "unknown") if status is not None else "unknown",
                group=group,
                group_en=group,
                since=since,
                note=note,
                note_en=note,
            )
        )
    if dangling:
        warnings.append(
            Msg(
                f"없는 그룹을 가리키는 구성요소 {dangling}개를 그룹 없이 표시합니다.",
                f"{dangling} component(s) point at a group that is not in the feed; shown ungrouped.",
            )
        )

    parsed: list[Incident] = []
    for items, kind in ((incidents, "incident"), (maintenances, "maintenance")):
        for index, raw in enumerate(items, 1):
            try:
                parsed.append(_incident(raw, kind))
            except ItemError as exc:
                warnings.append(skipped(kind, index, exc.what))
    return SourceSnapshot(
        kind="statuspage",
        location=location,
        updated_at=updated_at,
        label=label,
        label_en=label,
        systems=systems,
        incidents=parsed,
        warnings=warnings,
        items_listed=len(systems) + malformed,
        items_malformed=malformed,
    )
