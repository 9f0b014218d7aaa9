"""Walks in the database (migration 0006): the open walk of each operator, kept like the intake
draft so a closed window resumes it, and the record of every completed walk, audited.

What is kept of a finished walk: who, when, which guide and version, the path of step ids, the
answers and the actions (which paper form, which referral number), and the case it produced.
What the clerk typed into an input step lives only in the open walk's state and is dropped when
the walk ends (the case itself carries it from then on).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.offline.models import ProcedureWalk
from counter_app.procedures.engine import Walk

OPEN, DONE, ABANDONED = "open", "done", "abandoned"
MAX_STATE_BYTES = 64 * 1024


@dataclass(frozen=True)
class WalkRecord:
    walk_id: str
    guide_id: str
    guide_version: int
    operator: str
    terminal: str
    status: str
    started_at: object
    finished_at: object
    path: list
    actions: list
    case_id: str | None

    def as_json(self) -> dict:
        from counter_app.clock import to_kst

        def iso(t):
            return to_kst(t).isoformat() if t is not None else None

        return {
            "walk_id": self.walk_id,
            "guide": self.guide_id,
            "version": self.guide_version,
            "operator": self.operator,
            "terminal": self.terminal,
            "status": self.status,
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "path": self.path,
            "actions": self.actions,
            "case_id": self.case_id,
        }


def _check_walk_id(walk_id: str) -> str:
    try:
        return str(uuid.UUID(str(walk_id)))
    except ValueError:
        raise UserError(Msg("안내 진행 번호가 올바르지 않습니다.", "That is not a valid walk id.")) from None


class WalkStore:
    def __init__(self, db, audit, clock):
        self._db = db
        self._audit = audit
        self._clock = clock

    def save(self, actor, walk: Walk, walk_id: str | None = None) -> str:
        """Keep an open walk (creating it on first save); returns its id. Like an intake draft it
        is never sealed, so an RRN-shaped number typed into one of its fields is masked (pii.py)."""
        from counter_app.pii import mask_in

        payload = json.dumps(mask_in(walk.state()), ensure_ascii=False, sort_keys=True)
        if len(payload.encode("utf-8")) > MAX_STATE_BYTES:
            raise UserError(Msg("안내 진행 상태가 너무 커서 저장하지 못했습니다.", "The walk is too large to save."))
        now = self._clock()
        walk_id = _check_walk_id(walk_id) if walk_id else str(uuid.uuid4())
        with self._db.write() as s:
            row = s.execute(select(ProcedureWalk).where(ProcedureWalk.walk_id == walk_id)).scalar_one_or_none()
            if row is None:
                row = ProcedureWalk(
                    walk_id=walk_id,
                    guide_id=walk.guide.id,
                    guide_version=walk.guide.version,
                    operator=actor.id,
                    terminal=self._audit.terminal,
                    status=OPEN,
                    started_at=now,
                )
                s.add(row)
            elif row.status != OPEN or row.operator != actor.id:
                raise UserError(Msg("이미 끝난 안내 진행입니다.", "This walk has already ended."))
            row.guide_id, row.guide_version = walk.guide.id, walk.guide.version
            row.state_json = payload
            row.updated_at = now
        return walk_id

    def latest_open(self, actor) -> tuple[str, str, dict] | None:
        """(walk id, guide id, state) of this operator's most recent open walk."""
        with self._db.read() as s:
            row = s.execute(
                select(ProcedureWalk.walk_id, ProcedureWalk.guide_id, ProcedureWalk.state_json)
                .where(ProcedureWalk.operator == actor.id, ProcedureWalk.status == OPEN)
                .order_by(ProcedureWalk.updated_at.desc(), ProcedureWalk.id.desc())
                .limit(1)
            ).first()
        if row is None:
            return None
        try:
            state = json.loads(row[2]) if row[2] else {}
        except ValueError:
            state = {}
        return row[0], row[1], state if isinstance(state, dict) else {}

    def abandon(self, actor, walk_id: str) -> None:
        """The clerk left the walk for good: its state (and anything it captured) is dropped."""
        walk_id = _check_walk_id(walk_id)
        now = self._clock()
        with self._db.write() as s:
            row = s.execute(select(ProcedureWalk).where(ProcedureWalk.walk_id == walk_id)).scalar_one_or_none()
            if row is None or row.status != OPEN:
                return
            row.status, row.state_json, row.updated_at, row.finished_at = ABANDONED, None, now, now
            row.path_json = None

    def complete(self, actor, walk: Walk, walk_id: str | None = None) -> str:
        """Record a walk that reached an end, in the database and the audit log (one transaction)."""
        if not walk.finished:
            raise UserError(Msg("안내가 아직 끝나지 않았습니다.", "The walk has not reached an end yet."))
        from counter_app.pii import mask_in  # an action's detail may hold what the clerk typed

        record = walk.record()
        now = self._clock()
        walk_id = _check_walk_id(walk_id) if walk_id else str(uuid.uuid4())
        with self._db.write() as s:
            row = s.execute(select(ProcedureWalk).where(ProcedureWalk.walk_id == walk_id)).scalar_one_or_none()
            if row is None:
                row = ProcedureWalk(
                    walk_id=walk_id,
                    operator=actor.id,
                    terminal=self._audit.terminal,
                    started_at=now,
                    guide_id=walk.guide.id,
                    guide_version=walk.guide.version,
                    status=OPEN,
                )
                s.add(row)
            elif row.status != OPEN:
                raise UserError(Msg("이미 끝난 안내 진행입니다.", "This walk has already ended."))
            row.guide_id, row.guide_version = walk.guide.id, walk.guide.version
            row.status, row.state_json = DONE, None
            row.path_json = json.dumps(mask_in(record), ensure_ascii=False, sort_keys=True)
            row.updated_at = row.finished_at = now
            self._audit.append(
                s,
                actor.id,
                "procedure.walk",
                detail={
                    "walk_id": walk_id,
                    "guide": walk.guide.id,
                    "version": walk.guide.version,
                    "path": record["path"],
                    "actions": [a["action"] for a in record["actions"]],
                },
            )
        return walk_id

    def link_case(self, actor, walk_id: str, case_id: str) -> None:
        """The intake form opened by the walk saved its case: name the case on the walk (audited)."""
        walk_id = _check_walk_id(walk_id)
        with self._db.write() as s:
            row = s.execute(select(ProcedureWalk).where(ProcedureWalk.walk_id == walk_id)).scalar_one_or_none()
            if row is None:
                raise UserError(Msg("그런 안내 진행 기록이 없습니다.", "There is no such walk."))
            if row.case_id is not None:
                return
            row.case_id = case_id
            row.updated_at = self._clock()
            self._audit.append(
                s, actor.id, "procedure.walk_case", case_id=case_id, detail={"walk_id": walk_id, "guide": row.guide_id}
            )

    def history(self, actor, limit: int = 100) -> list[WalkRecord]:
        """Completed walks, newest first: supervisor work (they name operators and cases)."""
        if not getattr(actor, "is_supervisor", False):
            raise UserError(
                Msg("안내 진행 기록은 감독자만 볼 수 있습니다.", "Only a supervisor may see the walk history.")
            )
        with self._db.read() as s:
            rows = (
                s.execute(
                    select(ProcedureWalk)
                    .where(ProcedureWalk.status == DONE)
                    .order_by(ProcedureWalk.finished_at.desc(), ProcedureWalk.id.desc())
                    .limit(max(1, int(limit)))
                )
                .scalars()
                .all()
            )
            out = []
            for row in rows:
                try:
                    record = json.loads(row.path_json or "{}")
                except ValueError:
                    record = {}
                out.append(
                    WalkRecord(
                        row.walk_id,
                        row.guide_id,
                        row.guide_version,
                        row.operator,
                        row.terminal,
                        row.status,
                        row.started_at,
                        row.finished_at,
                        list(record.get("path", [])),
                        list(record.get("actions", [])),
                        row.case_id,
                    )
                )
        return out
