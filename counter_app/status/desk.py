"""The status desk (issue 11): the supervisor's editable board, which `status publish` signs and
writes as a native feed for every counter of the district. Qt-free; the CLI (`status desk …`) and
the desk page share it.

The board is kept as the native feed document itself (docs/status-feed.md), so what is edited is
exactly what is published. Every change is a new row of status_desk_versions holding the whole
document after the change, who made it, when, and what changed (field, old, new); rows are never
updated or deleted. Undo is `revert(version)`: a new version carrying the older document, which
the next publish sends out again. Each change is audited as `status.desk` (action, version,
system id and field names; never the texts, which stay in the version table).

A document is checked on every change with the same parser the counters use (parse_native, no
item may be skipped as malformed) and against resources/schemas/status-feed.schema.json, so the
desk can never hold a version that a counter would refuse.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.status.model import ALTERNATIVE_KINDS, STATUSES, iso_out, parse_time

FORMAT_NAME = "counter_app.status-feed"
MAX_TEXT = 4000
MAX_ID = 120
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_PROC = re.compile(r"^proc\.[a-z0-9][a-z0-9.-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOT_ANNOUNCED = {"ko": "발표되지 않음", "en": "not announced"}

# What `set_system` may change, and how each value is checked (native field names).
SYSTEM_TEXT_FIELDS = ("name_ko", "ministry", "group", "data_loss", "note")
SYSTEM_FIELDS = (
    "status",
    "since",
    "restored_at",
    "expected_recovery",
    "grade",
    "name_en",
    "alternatives",
    "services",
    "limitations",
    "counted",
    "unverified",
) + SYSTEM_TEXT_FIELDS
INCIDENT_STATUSES = ("investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "completed")


@dataclass(frozen=True)
class DeskVersion:
    id: int
    at: dt.datetime
    author: str
    author_name: str | None
    action: str
    system_id: str | None
    changes: tuple[dict, ...]
    content_hash: str
    published_at: dt.datetime | None = None  # the last publication of exactly this version

    def as_json(self) -> dict:
        return {
            "version": self.id,
            "at": iso_out(self.at),
            "author": self.author,
            "author_name": self.author_name,
            "action": self.action,
            "system_id": self.system_id,
            "changes": list(self.changes),
            "content_hash": self.content_hash,
            "published_at": iso_out(self.published_at),
        }


def _bad(ko: str, en: str) -> UserError:
    return UserError(Msg(ko, en))


def require_supervisor(actor) -> None:
    if not getattr(actor, "is_supervisor", False):
        raise _bad(
            "감독자만 상태판을 편집하거나 게시할 수 있습니다.",
            "Only a supervisor can edit or publish the status board.",
        )


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    from counter_app.resources import resource_path

    schema = json.loads(resource_path("schemas", "status-feed.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=None)


def check_document(doc: dict, systems: set[str] | None = None) -> None:
    """UserError unless `doc` is a native feed a counter reads without skipping anything.

    `systems`: only these systems need the JSON Schema's check (the others passed it in the
    version they come from; the schema costs ~0.3 s for 709 systems, the parser ~30 ms) — the
    parser the counters use checks every system every time."""
    from counter_app.status.adapters.native import parse_native
    from counter_app.status.model import SourceError

    subject = doc
    if systems is not None:
        subject = dict(doc, systems=[x for x in doc.get("systems", []) if x.get("id") in systems])
    error = next(iter(_validator().iter_errors(subject)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(document)"
        raise _bad(f"상태판 형식이 맞지 않습니다 ({where}).", f"The status board is not a valid feed ({where}).")
    try:
        snap = parse_native(doc, "desk")
    except SourceError as exc:
        raise UserError(exc.msg) from None
    if snap.items_malformed or snap.warnings:
        raise _bad("상태판에 읽을 수 없는 항목이 있습니다.", "The status board has an item a counter could not read.")
    ids = [s.get("id") for s in doc.get("systems", [])]
    if len(set(ids)) != len(ids):
        raise _bad("같은 시스템 ID가 두 번 있습니다.", "A system id appears twice.")


def canonical(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(doc: dict) -> str:
    return hashlib.sha256(canonical(doc).encode("utf-8")).hexdigest()


# --- turning user input into feed values ------------------------------------------------------


def _text(value: Any, what: str, limit: int = MAX_TEXT) -> Any:
    """A string or {"ko", "en"}; None (or "") removes the field."""
    from counter_app.pii import refuse_rrn_in

    if value is None or value == "":
        return None
    if isinstance(value, str):
        pieces = [value]
    elif (
        isinstance(value, dict)
        and set(value) <= {"ko", "en"}
        and value
        and all(isinstance(v, str) for v in value.values())
    ):
        pieces = list(value.values())
    else:
        raise _bad(f"{what}: 글자로 입력하십시오.", f"{what}: give text.")
    from counter_app.accounts import UNSAFE_CHARACTERS, has_unsafe_characters

    for piece in pieces:
        if len(piece) > limit:
            raise _bad(f"{what}: {limit}자 이내로 쓰십시오.", f"{what}: keep it within {limit} characters.")
        refuse_rrn_in(piece, Msg(what, what))  # the feed goes to every counter and the lobby: no RRN
        if has_unsafe_characters(piece.replace("\n", "")):  # no reordered text on other offices' boards
            raise _bad(f"{what}: {UNSAFE_CHARACTERS.ko}", f"{what}: {UNSAFE_CHARACTERS.en}")
    if isinstance(value, dict):
        clean = {k: v.strip() for k, v in value.items() if v.strip()}
        if not clean:
            return None
        return clean["ko"] if set(clean) == {"ko"} or clean.get("ko") == clean.get("en") else clean
    return value.strip()


def bilingual(ko: str | None, en: str | None) -> Any:
    """A feed text from a Korean and an English value (either may be missing)."""
    ko, en = (ko or "").strip() or None, (en or "").strip() or None
    if ko is None and en is None:
        return None
    if en is None or en == ko:
        return ko
    if ko is None:
        return {"en": en}
    return {"ko": ko, "en": en}


def parse_when(value: str | None, what: str) -> str | None:
    """'2025-10-20T14:05' (KST when no zone), 'now' is not accepted here; '' / None clears."""
    if value is None or value == "":
        return None
    moment = parse_time(value)
    if moment is None:
        raise _bad(
            f"{what}: 시각을 2025-10-20T14:05 형식으로 쓰십시오.", f"{what}: write the time as 2025-10-20T14:05."
        )
    return iso_out(moment)


def _date_or_time(value: str, what: str) -> str:
    value = value.strip()
    if _DATE.match(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise _bad(f"{what}: 없는 날짜입니다.", f"{what}: no such date.") from None
        return value
    out = parse_when(value, what)
    assert out is not None
    return out


def parse_expected(value: str | None, note_ko: str | None = None, note_en: str | None = None) -> Any:
    """Expected recovery from what a supervisor types: a date ('2025-11-20'), a time, a range
    ('2025-10-20..2025-10-31'), or 'none' (not announced: 미정/미발표 too). '' clears it."""
    what = "복구 예정"
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    note = bilingual(note_ko, note_en)
    if text.lower() in ("none", "not announced", "unknown", "미정", "미발표", "발표되지 않음"):
        return {"note": note or dict(NOT_ANNOUNCED)}
    if ".." in text:
        start, _, end = text.partition("..")
        out: dict[str, Any] = {}
        if start.strip():
            out["from"] = _date_or_time(start, what)
        if end.strip():
            out["to"] = _date_or_time(end, what)
        if not out:
            raise _bad(
                "복구 예정: 기간을 2025-10-20..2025-10-31 형식으로 쓰십시오.",
                "Expected recovery: write a range as 2025-10-20..2025-10-31.",
            )
        if "from" in out and "to" in out and out["from"] > out["to"]:
            raise _bad("복구 예정: 시작이 끝보다 늦습니다.", "Expected recovery: the range starts after it ends.")
        if note:
            out["note"] = note
        return out
    single = _date_or_time(text, what)
    return {"from": single, "to": single, "note": note} if note else single


def alternative(
    kind: str,
    label: Any,
    detail: Any = None,
    procedure_id: str | None = None,
    phone: str | None = None,
    url: str | None = None,
) -> dict:
    """One alternative in feed form, checked."""
    kind = (kind or "").strip().lower()
    if kind not in ALTERNATIVE_KINDS:
        raise _bad(
            f"대안 종류는 {', '.join(ALTERNATIVE_KINDS)} 중 하나입니다.",
            f"The alternative kind is one of {', '.join(ALTERNATIVE_KINDS)}.",
        )
    out: dict[str, Any] = {"kind": kind, "label": _text(label, "대안 이름")}
    if out["label"] is None:
        raise _bad("대안 이름을 입력하십시오.", "Give the alternative's label.")
    if detail:
        out["detail"] = _text(detail, "대안 설명")
    if procedure_id:
        if not _PROC.match(procedure_id.strip()):
            raise _bad(
                "업무 절차 ID는 proc.로 시작합니다 (예: proc.epeople-complaint).",
                "A guide id starts with proc. (e.g. proc.epeople-complaint).",
            )
        out["procedure_id"] = procedure_id.strip()
    if phone:
        out["phone"] = _text(phone, "전화번호", 40)
    if url:
        out["url"] = _text(url, "주소", 500)
    return out


def parse_alternative(spec: str) -> dict:
    """'KIND|LABEL|DETAIL|GUIDE' (the last two optional), as typed on the command line."""
    parts = [p.strip() for p in spec.split("|")]
    while len(parts) < 4:
        parts.append("")
    if len(parts) > 4:
        raise _bad(
            "대안은 종류|이름|설명|절차ID 형식으로 쓰십시오.", "Write an alternative as KIND|LABEL|DETAIL|GUIDE."
        )
    kind, label, detail, guide = parts
    phone = label if kind == "phone" and re.fullmatch(r"[0-9-]{3,20}", label) else None
    return alternative(kind, label, detail or None, guide or None, phone=phone)


def _check_system_value(name: str, value: Any) -> Any:
    if name == "status":
        if value not in STATUSES:
            raise _bad(f"상태는 {', '.join(STATUSES)} 중 하나입니다.", f"The status is one of {', '.join(STATUSES)}.")
        return value
    if name in ("since", "restored_at"):
        return parse_when(value, "시각") if isinstance(value, str) or value is None else iso_out(value)
    if name == "grade":
        if value is None or value == "":
            return None
        try:
            grade = int(value)
        except (TypeError, ValueError):
            grade = 0
        if grade not in (1, 2, 3, 4):
            raise _bad("등급은 1~4입니다.", "The grade is 1 to 4.")
        return grade
    if name == "name_en":
        out = _text(value, "영문 이름", 200)
        if isinstance(out, dict):
            raise _bad("영문 이름은 한 줄 글자입니다.", "The English name is plain text.")
        return out
    if name == "name_ko":
        out = _text(value, "시스템 이름", 200)
        if out is None:
            raise _bad("시스템 이름을 입력하십시오.", "Give the system's name.")
        return out
    if name in SYSTEM_TEXT_FIELDS:
        return _text(value, name)
    if name == "alternatives":
        if not isinstance(value, list):
            raise _bad("대안 목록이 잘못되었습니다.", "The list of alternatives is malformed.")
        return [
            alternative(
                a.get("kind", ""), a.get("label"), a.get("detail"), a.get("procedure_id"), a.get("phone"), a.get("url")
            )
            for a in value
        ]
    if name in ("services", "limitations", "unverified"):
        if not isinstance(value, list):
            raise _bad("목록 형식이 잘못되었습니다.", "The list is malformed.")
        items = [_text(v, name, 500) for v in value]
        return [v for v in items if v is not None]
    if name == "counted":
        return None if value is None or value is True else False
    if name == "expected_recovery":
        return value  # built by parse_expected; the schema check on commit has the last word
    raise _bad(f"바꿀 수 없는 항목입니다: {name}", f"This field cannot be changed: {name}")


def _procedure_ids(system: dict) -> list[str]:
    """A system's procedure_ids always include its alternatives' guide ids (docs/status-feed.md)."""
    ids = list(system.get("procedure_ids", []))
    for a in system.get("alternatives", []):
        pid = a.get("procedure_id")
        if pid and pid not in ids:
            ids.append(pid)
    return ids


# --- from a board to a document ---------------------------------------------------------------


def board_document(board) -> dict:
    """The native feed document for a typed Board (status/board.py): where a desk starts from
    the board this counter shows now, whatever its sources."""
    from counter_app.status.adapters.native import to_native
    from counter_app.status.model import (
        Alternative,
        DeclaredSummary,
        ExpectedRecovery,
        GradeCount,
        Incident,
        IncidentUpdate,
        ProgressPoint,
        SourceSnapshot,
        System,
    )

    systems = []
    for s in board.systems:
        er = s.expected_recovery
        systems.append(
            System(
                id=s.id,
                name=s.name,
                status=s.status,
                name_en=s.name_en,
                group=s.group,
                group_en=s.group_en,
                since=s.since,
                restored_at=s.restored_at,
                grade=s.grade,
                ministry=s.ministry,
                ministry_en=s.ministry_en,
                expected_recovery=None if er is None else ExpectedRecovery(er.start, er.end, er.note, er.note_en),
                services=list(s.services),
                services_en=list(s.services_en),
                limitations=list(s.limitations),
                limitations_en=list(s.limitations_en),
                data_loss=s.data_loss,
                data_loss_en=s.data_loss_en,
                alternatives=[
                    Alternative(a.kind, a.label, a.detail, a.phone, a.url, a.procedure_id, a.label_en, a.detail_en)
                    for a in s.alternatives
                ],
                procedure_ids=list(s.procedure_ids),
                note=s.note,
                note_en=s.note_en,
                unverified=list(s.unverified),
                counted=s.counted,
            )
        )
    incidents = [
        Incident(
            id=i.id,
            title=i.title,
            status=i.status,
            impact=i.impact,
            kind=i.kind,
            title_en=i.title_en,
            created_at=i.created_at,
            updated_at=i.updated_at,
            resolved_at=i.resolved_at,
            scheduled_for=i.scheduled_for,
            scheduled_until=i.scheduled_until,
            systems=list(i.systems),
            updates=[IncidentUpdate(u.at, u.body, u.status, u.body_en) for u in i.updates],
        )
        for i in board.incidents
    ]
    summary = board.summary
    declared = DeclaredSummary(
        summary.total,
        summary.restored,
        {k: GradeCount(g.restored, g.total, g.as_of) for k, g in summary.by_grade.items()},
    )
    snap = SourceSnapshot(
        kind="native",
        location="desk",
        updated_at=board.source_updated_at,
        label=board.label,
        label_en=board.label_en,
        description=board.description,
        description_en=board.description_en,
        historical=False,
        systems=systems,
        incidents=incidents,
        progress=[ProgressPoint(p.at, p.restored, p.total, p.note, p.note_en) for p in board.progress],
        summary=declared,
    )
    return to_native(snap)


# --- the desk ---------------------------------------------------------------------------------


class StatusDesk:
    """`status`: the StatusService (the current board to start from); `clock`: aware UTC now."""

    def __init__(self, db, audit, status, clock: Callable[[], dt.datetime]):
        self._db = db
        self._audit = audit
        self._status = status
        self._clock = clock

    # --- reading ----------------------------------------------------------------------------

    def _latest_row(self, session):
        from sqlalchemy import select

        from counter_app.offline.models import StatusDeskVersion

        return session.execute(
            select(StatusDeskVersion).order_by(StatusDeskVersion.id.desc()).limit(1)
        ).scalar_one_or_none()

    def started(self) -> bool:
        with self._db.read() as s:
            return self._latest_row(s) is not None

    def document(self, version: int | None = None) -> dict:
        """The document of `version` (default: the latest); UserError when there is none."""
        from counter_app.offline.models import StatusDeskVersion

        with self._db.read() as s:
            row = self._latest_row(s) if version is None else s.get(StatusDeskVersion, version)
            if row is None:
                if version is None:
                    raise _bad(
                        "상태판 편집을 아직 시작하지 않았습니다 ('status desk start').",
                        "The status desk has not been started yet ('status desk start').",
                    )
                raise _bad(f"상태판 버전 {version}이(가) 없습니다.", f"There is no status board version {version}.")
            return json.loads(row.document)

    def current_version(self) -> DeskVersion | None:
        with self._db.read() as s:
            row = self._latest_row(s)
            return None if row is None else self._view(row, None)

    @staticmethod
    def _view(row, published_at) -> DeskVersion:
        return DeskVersion(
            row.id,
            row.at,
            row.author,
            row.author_name,
            row.action,
            row.system_id,
            tuple(json.loads(row.changes)),
            row.content_hash,
            published_at,
        )

    def history(self, limit: int = 500) -> list[DeskVersion]:
        """Newest first: every change with its author, and when each version was last published."""
        from sqlalchemy import func, select

        from counter_app.offline.models import StatusDeskPublication, StatusDeskVersion

        with self._db.read() as s:
            published = dict(
                s.execute(
                    select(StatusDeskPublication.version_id, func.max(StatusDeskPublication.at)).group_by(
                        StatusDeskPublication.version_id
                    )
                ).all()
            )
            rows = s.execute(select(StatusDeskVersion).order_by(StatusDeskVersion.id.desc()).limit(limit)).scalars()
            return [self._view(r, published.get(r.id)) for r in rows]

    def system(self, system_id: str) -> dict:
        doc = self.document()
        found = next((x for x in doc["systems"] if x.get("id") == system_id), None)
        if found is None:
            raise _unknown_system(system_id)
        return found

    # --- writing ----------------------------------------------------------------------------

    def _commit(
        self,
        actor,
        action: str,
        doc: dict,
        changes: list[dict],
        system_id: str | None = None,
        base_id: int | None = None,
    ) -> DeskVersion:
        from counter_app.offline.models import StatusDeskVersion

        require_supervisor(actor)
        now = self._clock()
        doc["format"], doc["version"] = FORMAT_NAME, 1
        doc["updated_at"] = iso_out(now)
        doc["historical"] = False
        # An edit made on a version that passed the schema: it needs to look only at what changed
        # (the edited system; nothing of the systems for a removal, the figures or an incident).
        touched: set[str] | None = None
        if base_id is not None and action in ("set", "add") and system_id:
            touched = {system_id}
        elif base_id is not None and action in ("remove", "counts", "incident"):
            touched = set()
        check_document(doc, touched)
        with self._db.write() as s:
            latest = self._latest_row(s)
            if base_id is not None and latest is not None and latest.id != base_id:
                raise _bad(
                    "그 사이에 다른 감독자가 상태판을 바꿨습니다. 다시 불러와서 편집하십시오.",
                    "Another supervisor changed the board meanwhile; reload it and edit again.",
                )
            row = StatusDeskVersion(
                at=now,
                author=actor.id,
                author_name=getattr(actor, "name", None),
                action=action,
                system_id=system_id,
                changes=json.dumps(changes, ensure_ascii=False),
                document=canonical(doc),
                content_hash=digest(doc),
            )
            s.add(row)
            s.flush()
            self._audit.append(
                s,
                actor.id,
                "status.desk",
                detail={
                    "action": action,
                    "version": row.id,
                    "system_id": system_id,
                    "fields": sorted({c["field"] for c in changes if "field" in c}),
                },
            )
            return self._view(row, None)

    def _edit(self, actor) -> tuple[dict, int]:
        require_supervisor(actor)
        with self._db.read() as s:
            row = self._latest_row(s)
            if row is None:
                raise _bad(
                    "상태판 편집을 아직 시작하지 않았습니다 ('status desk start').",
                    "The status desk has not been started yet ('status desk start').",
                )
            return json.loads(row.document), row.id

    def start(self, actor, source: str = "board") -> DeskVersion:
        """Begin (or begin again) from the board this counter shows now ('board') or from the
        bundled 2025 record ('bundled'). Earlier versions stay in the history."""
        require_supervisor(actor)
        if source == "bundled":
            from counter_app.status.bundled import bundled_path

            doc = json.loads(bundled_path().read_text(encoding="utf-8"))
            doc.pop("references", None)
        elif source == "board":
            doc = board_document(self._status.board())
        else:
            raise _bad("시작할 상태판은 board 또는 bundled입니다.", "Start from 'board' or 'bundled'.")
        return self._commit(actor, "start", doc, [{"field": "source", "old": None, "new": source}])

    def set_system(self, actor, system_id: str, changes: dict[str, Any]) -> DeskVersion:
        """Change fields of one system (native names: status, since, expected_recovery, grade,
        ministry, alternatives, note, …); None removes a field."""
        if not changes:
            raise _bad("바꿀 내용을 지정하십시오.", "Say what to change.")
        doc, base = self._edit(actor)
        system = next((x for x in doc["systems"] if x.get("id") == system_id), None)
        if system is None:
            raise _unknown_system(system_id)
        recorded = self._apply(system, changes)
        if not recorded:
            raise _bad("바뀐 내용이 없습니다.", "Nothing changed.")
        return self._commit(actor, "set", doc, recorded, system_id, base)

    def _apply(self, system: dict, changes: dict[str, Any]) -> list[dict]:
        recorded = []
        for name, raw in changes.items():
            if name not in SYSTEM_FIELDS:
                raise _bad(f"바꿀 수 없는 항목입니다: {name}", f"This field cannot be changed: {name}")
            value = _check_system_value(name, raw)
            old = system.get(name)
            if value == old:
                continue
            if value is None:
                system.pop(name, None)
            else:
                system[name] = value
            recorded.append({"field": name, "old": old, "new": value})
        if (
            system.get("status") == "operational"
            and "restored_at" not in system
            and any(c["field"] == "status" for c in recorded)
        ):
            system["restored_at"] = iso_out(self._clock())
        elif system.get("status") != "operational" and any(c["field"] == "status" for c in recorded):
            system.pop("restored_at", None)
        ids = _procedure_ids(system)
        if ids:
            system["procedure_ids"] = ids
        return recorded

    def add_system(self, actor, system_id: str, name_ko: str, fields: dict[str, Any] | None = None) -> DeskVersion:
        system_id = (system_id or "").strip()
        if not _ID.match(system_id):
            raise _bad(
                "시스템 ID는 영문자·숫자·.-_로 120자 이내입니다.",
                "A system id is letters, digits and . - _ (at most 120).",
            )
        doc, base = self._edit(actor)
        if any(x.get("id") == system_id for x in doc["systems"]):
            raise _bad(f"시스템 '{system_id}'은(는) 이미 있습니다.", f"System '{system_id}' is already on the board.")
        system: dict[str, Any] = {"id": system_id, "status": "unknown"}
        recorded = [{"field": "id", "old": None, "new": system_id}]
        recorded += self._apply(system, {"name_ko": name_ko, **(fields or {})})
        doc["systems"].append(system)
        return self._commit(actor, "add", doc, recorded, system_id, base)

    def remove_system(self, actor, system_id: str) -> DeskVersion:
        doc, base = self._edit(actor)
        kept = [x for x in doc["systems"] if x.get("id") != system_id]
        if len(kept) == len(doc["systems"]):
            raise _unknown_system(system_id)
        doc["systems"] = kept
        return self._commit(actor, "remove", doc, [{"field": "id", "old": system_id, "new": None}], system_id, base)

    def set_counts(
        self,
        actor,
        *,
        restored: int,
        total: int,
        grade: str | None = None,
        as_of: str | None = None,
        note_ko: str | None = None,
        note_en: str | None = None,
    ) -> DeskVersion:
        """The restoration figure: of one grade (with its own 'as of' time) or overall (which also
        adds a point to the progress series; the denominator may change, 647 → 709)."""
        if restored < 0 or total < 0 or restored > total:
            raise _bad("복구 수는 0 이상이고 전체 수보다 클 수 없습니다.", "Restored must be between 0 and the total.")
        doc, base = self._edit(actor)
        summary = doc.setdefault("summary", {"total": total, "restored": restored})
        when = parse_when(as_of, "기준 시각") or iso_out(self._clock())
        if grade is not None:
            if str(grade) not in ("1", "2", "3", "4"):
                raise _bad("등급은 1~4입니다.", "The grade is 1 to 4.")
            by_grade = summary.setdefault("by_grade", {})
            old = by_grade.get(str(grade))
            by_grade[str(grade)] = {"restored": restored, "total": total, "as_of": when}
            return self._commit(
                actor,
                "counts",
                doc,
                [{"field": f"by_grade.{grade}", "old": old, "new": by_grade[str(grade)]}],
                None,
                base,
            )
        old_counts = {"restored": summary.get("restored"), "total": summary.get("total")}
        summary["restored"], summary["total"] = restored, total
        point: dict[str, Any] = {"at": when, "restored": restored, "total": total}
        note = bilingual(note_ko, note_en)
        if note is None and old_counts["total"] not in (None, total):
            note = {
                "ko": f"전체 {old_counts['total']} → {total}개 정정",
                "en": f"Total corrected {old_counts['total']} -> {total}",
            }
        if note is not None:
            point["note"] = _text(note, "메모")
        progress = [p for p in doc.get("progress", []) if p.get("at") != when]
        progress.append(point)
        progress.sort(key=lambda p: parse_time(p["at"]) or dt.datetime.min.replace(tzinfo=dt.UTC))
        doc["progress"] = progress
        return self._commit(
            actor,
            "counts",
            doc,
            [{"field": "summary", "old": old_counts, "new": {"restored": restored, "total": total}}],
            None,
            base,
        )

    def incident(
        self,
        actor,
        incident_id: str,
        *,
        title: Any = None,
        status: str | None = None,
        impact: str | None = None,
        systems: list[str] | None = None,
        update: Any = None,
        at: str | None = None,
    ) -> DeskVersion:
        """Create or change an incident; `update` adds a timed update (newest first)."""
        incident_id = (incident_id or "").strip()
        if not _ID.match(incident_id):
            raise _bad(
                "공지 ID는 영문자·숫자·.-_로 120자 이내입니다.",
                "An incident id is letters, digits and . - _ (at most 120).",
            )
        doc, base = self._edit(actor)
        incidents = doc.setdefault("incidents", [])
        item = next((i for i in incidents if i.get("id") == incident_id), None)
        recorded: list[dict] = []
        now = iso_out(self._clock())
        if item is None:
            if title is None:
                raise _bad("새 공지에는 제목이 필요합니다.", "A new incident needs a title.")
            item = {"id": incident_id, "kind": "incident", "created_at": now, "updates": []}
            incidents.insert(0, item)
            recorded.append({"field": "id", "old": None, "new": incident_id})
        for name, value in (("title", _text(title, "공지 제목", 200)), ("status", status), ("impact", impact)):
            if value is not None and item.get(name) != value:
                if name == "status" and value not in INCIDENT_STATUSES:
                    raise _bad(
                        f"공지 상태는 {', '.join(INCIDENT_STATUSES)} 중 하나입니다.",
                        f"The incident status is one of {', '.join(INCIDENT_STATUSES)}.",
                    )
                recorded.append({"field": name, "old": item.get(name), "new": value})
                item[name] = value
        if systems is not None:
            known = {x.get("id") for x in doc["systems"]}
            missing = [x for x in systems if x not in known]
            if missing:
                raise _unknown_system(missing[0])
            recorded.append({"field": "systems", "old": item.get("systems"), "new": systems})
            item["systems"] = systems
        if update is not None:
            body = _text(update, "공지 내용")
            if body is None:
                raise _bad("공지 내용을 입력하십시오.", "Give the update's text.")
            entry: dict[str, Any] = {"at": parse_when(at, "시각") or now, "body": body}
            if item.get("status"):
                entry["status"] = item["status"]
            item.setdefault("updates", []).insert(0, entry)
            recorded.append({"field": "update", "old": None, "new": entry})
        if not recorded:
            raise _bad("바뀐 내용이 없습니다.", "Nothing changed.")
        item["updated_at"] = now
        if item.get("status") == "resolved":
            item.setdefault("resolved_at", now)
        if not item.get("updates"):
            item.pop("updates", None)
        return self._commit(actor, "incident", doc, recorded, None, base)

    def set_label(self, actor, label_ko: str | None, label_en: str | None) -> DeskVersion:
        doc, base = self._edit(actor)
        new = _text(bilingual(label_ko, label_en), "제목", 200)
        old = doc.get("label")
        if new is None:
            doc.pop("label", None)
        else:
            doc["label"] = new
        return self._commit(actor, "set", doc, [{"field": "label", "old": old, "new": new}], None, base)

    def revert(self, actor, version: int) -> DeskVersion:
        """Undo: a new version carrying the document of `version` (published by the next publish)."""
        doc = self.document(version)
        _current, base = self._edit(actor)
        return self._commit(actor, "revert", doc, [{"field": "version", "old": base, "new": version}], None, base)

    def record_publication(self, session, version: DeskVersion, actor, feed_sha256: str, out_dir: str) -> None:
        from counter_app.offline.models import StatusDeskPublication

        session.add(
            StatusDeskPublication(
                version_id=version.id, at=self._clock(), author=actor.id, feed_sha256=feed_sha256, out_dir=out_dir
            )
        )
        self._audit.append(session, actor.id, "status.publish", detail={"version": version.id, "sha256": feed_sha256})


def _unknown_system(system_id: str) -> UserError:
    return _bad(f"상태판에 시스템 '{system_id}'이(가) 없습니다.", f"There is no system '{system_id}' on the board.")


def copy_document(doc: dict) -> dict:
    return copy.deepcopy(doc)
