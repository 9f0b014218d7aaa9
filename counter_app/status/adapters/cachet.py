"""Cachet API v1 -> SourceSnapshot (domain.md §6).

A Cachet source is a base URL: the adapter reads {base}/api/v1/components, /components/groups
(best effort) and /incidents, each a paginated list `{meta: {pagination}, data: [...]}`, following
`links.next_page` up to MAX_PAGES and only on the same host. Component status 1..4 (0 unknown);
timestamps without a zone (`YYYY-MM-DD HH:MM:SS`) are KST. A file location is one JSON document
`{"components": <list or page>, "incidents": <list or page>, "groups": <optional>}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

from counter_app.i18n import Msg
from counter_app.status.adapters.fields import ident, obj, opt_str
from counter_app.status.model import (
    Cancelled,
    FeedError,
    Incident,
    IncidentUpdate,
    ItemError,
    SourceError,
    SourceSnapshot,
    System,
    parse_time,
    skipped,
    strip_html,
)

MAX_PAGES = 20
PER_PAGE = 100
COMPONENT_STATUS = {0: "unknown", 1: "operational", 2: "degraded", 3: "partial_outage", 4: "major_outage"}
INCIDENT_STATUS = {0: "scheduled", 1: "investigating", 2: "identified", 3: "monitoring", 4: "resolved"}


def _not_cachet(what: str) -> FeedError:
    return FeedError(Msg(f"Cachet API 응답 형식이 아닙니다 ({what}).", f"Not a Cachet API response ({what})."))


def unwrap_page(doc: Any) -> tuple[list, str | None]:
    """One list response -> (data, next_page URL or None). A bare list is accepted (files)."""
    if isinstance(doc, list):
        return doc, None
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise _not_cachet("'data' is not a list")
    next_page = None
    meta = doc.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("pagination"), dict):
        p = meta["pagination"]
        links = p.get("links") if isinstance(p.get("links"), dict) else {}
        current, total = p.get("current_page"), p.get("total_pages")
        more = not (isinstance(current, int) and isinstance(total, int) and current >= total)
        if more and isinstance(links.get("next_page"), str) and links["next_page"]:
            next_page = links["next_page"]
    return doc["data"], next_page


def _code(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ItemError(f"{what} is not a number")
    return value


def _component(raw: Any, groups: dict[str, str]) -> System | None:
    c = obj(raw, "component")
    if c.get("enabled") is False:
        return None
    cid, name = ident(c), opt_str(c, "name")
    if not name:
        raise ItemError("name is missing")
    code = _code(c.get("status"), "status")
    group_id = c.get("group_id")
    if group_id is not None and (isinstance(group_id, bool) or not isinstance(group_id, (int, str))):
        raise ItemError("group_id is not an id")
    group = groups.get(str(group_id)) if group_id not in (None, 0, "0") else None
    description = opt_str(c, "description", 1000)
    note = strip_html(description, 1000) if description else None
    return System(
        id=cid,
        name=name,
        name_en=name,
        status=COMPONENT_STATUS.get(code, "unknown") if code is not None else "unknown",
        group=group,
        group_en=group,
        since=parse_time(c.get("updated_at")),
        note=note,
        note_en=note,
    )


def _incident(raw: Any) -> Incident | None:
    d = obj(raw, "incident")
    if d.get("visible") in (0, False):
        return None  # not meant for the public page
    title = opt_str(d, "name")
    if not title:
        raise ItemError("name is missing")
    code = _code(d.get("status"), "status")
    message = d.get("message")
    if message is not None and not isinstance(message, str):
        raise ItemError("message is not a string")
    component = d.get("component_id")
    systems = (
        [str(component)]
        if isinstance(component, (int, str)) and not isinstance(component, bool) and component not in (0, "0", "")
        else []
    )
    updated = parse_time(d.get("updated_at"))
    created = parse_time(d.get("occurred_at")) or parse_time(d.get("created_at"))
    status = INCIDENT_STATUS.get(code) if code is not None else None
    body = strip_html(message or "")
    title = strip_html(title, 200)
    return Incident(
        id=ident(d),
        title=title,
        title_en=title,
        status=status,
        kind="maintenance" if code == 0 else "incident",
        created_at=created,
        updated_at=updated,
        resolved_at=updated if code == 4 else None,
        scheduled_for=parse_time(d.get("scheduled_at")) if code == 0 else None,
        systems=systems,
        updates=[IncidentUpdate(at=updated or created, body=body, body_en=body, status=status)] if body else [],
    )


def parse_cachet(
    components: list, incidents: list, groups_data: list | None = None, location: str = ""
) -> SourceSnapshot:
    if not isinstance(components, list) or not isinstance(incidents, list):
        raise _not_cachet("components and incidents must be lists")
    warnings: list[Msg] = []
    groups: dict[str, str] = {}
    for g in groups_data or []:
        if isinstance(g, dict) and isinstance(g.get("name"), str):
            try:
                groups[ident(g)] = g["name"].strip()[:200]
            except ItemError:
                pass  # a group without an id only costs its name
    systems, seen = [], set()
    malformed = 0
    for index, raw in enumerate(components, 1):
        try:
            system = _component(raw, groups)
        except ItemError as exc:
            warnings.append(skipped("component", index, exc.what))
            malformed += 1
            continue
        if system is None:
            continue
        if system.id in seen:
            warnings.append(skipped("component", index, "duplicate id"))
            malformed += 1
            continue
        seen.add(system.id)
        systems.append(system)
    parsed = []
    for index, raw in enumerate(incidents, 1):
        try:
            incident = _incident(raw)
        except ItemError as exc:
            warnings.append(skipped("incident", index, exc.what))
            continue
        if incident is not None:
            parsed.append(incident)
    newest = max((s.since for s in systems if s.since), default=None)
    newest_incident = max((i.updated_at for i in parsed if i.updated_at), default=None)
    updated_at = max((t for t in (newest, newest_incident) if t), default=None)
    return SourceSnapshot(
        kind="cachet",
        location=location,
        updated_at=updated_at,
        systems=systems,
        incidents=parsed,
        warnings=warnings,
        items_listed=len(systems) + malformed,
        items_malformed=malformed,
    )


def parse_cachet_file(doc: Any, location: str = "") -> SourceSnapshot:
    """A Cachet snapshot carried as one file: {"components": ..., "incidents": ..., "groups": ...}."""
    if not isinstance(doc, dict) or "components" not in doc:
        raise _not_cachet("a Cachet snapshot file holds 'components' and 'incidents'")
    components, _ = unwrap_page(doc["components"])
    incidents, _ = unwrap_page(doc.get("incidents", []))
    groups = None
    if "groups" in doc:
        groups, _ = unwrap_page(doc["groups"])
    return parse_cachet(components, incidents, groups, location)


def collect_pages(get_json: Callable[[str], Any], first_url: str, cancelled: Callable[[], bool] | None = None) -> list:
    """Follow next_page links from `first_url`, same scheme+host only, at most MAX_PAGES pages."""
    origin = urlsplit(first_url)[:2]
    items: list = []
    url: str | None = first_url
    seen: set[str] = set()
    while url and len(seen) < MAX_PAGES:
        if cancelled is not None and cancelled():
            raise Cancelled()
        seen.add(url)
        data, next_page = unwrap_page(get_json(url))
        items.extend(data)
        if next_page is None:
            break
        next_url = urljoin(url, next_page)
        if urlsplit(next_url)[:2] != origin or next_url in seen:
            break  # never follow a link to another host, never loop
        url = next_url
    return items


def fetch_cachet(
    get_json: Callable[[str], Any], base: str, location: str, cancelled: Callable[[], bool] | None = None
) -> SourceSnapshot:
    root = base.rstrip("/")
    if root.endswith("/api/v1"):
        root = root[: -len("/api/v1")]
    components = collect_pages(get_json, f"{root}/api/v1/components?per_page={PER_PAGE}", cancelled)
    try:
        groups = collect_pages(get_json, f"{root}/api/v1/components/groups?per_page={PER_PAGE}", cancelled)
    except SourceError:  # group names are a nicety (older Cachet has no such endpoint)
        groups = None
    incidents = collect_pages(get_json, f"{root}/api/v1/incidents?per_page={PER_PAGE}&sort=id&order=desc", cancelled)
    return parse_cachet(components, incidents, groups, location)
