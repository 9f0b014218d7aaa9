"""THE way to the cases tables: every SQL statement on cases, their history, extensions and the
law facts lives here.

One rule, used throughout: writes run inside `Database.write()` (BEGIN IMMEDIATE, commit or roll
back as one; driver errors become StorageError); the hot submit path and the history rows are
plain SQL on that transaction's own sqlite3 connection (offline.db.driver_connection — the ORM's
flush and per-statement work cost several times what SQLite spends), the rest of a write is the
ORM in the same session. Reads run inside `Database.read()` (so their errors become StorageError
too: no second raw connection any more), list and count queries as plain SQL on the session's
connection. Times are converted only by offline/stored_time.py.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.cases.extensions import ExtensionRecord
from counter_app.cases.read_models import HistoryEntry
from counter_app.cases.states import UNSENT_STATES
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.offline.db import Database, WriteScope, driver_connection
from counter_app.offline.models import CASE_APPLICATION_COLUMNS, Case, CaseExtension, CaseTransition
from counter_app.offline.stored_time import kst_day_start

# The cases columns submit() writes: a new case is INSERTed with them (plus its id, created_at and
# attempts), a draft is UPDATEd to them. Values come from queue._submitted_row() in their stored form.
SUBMIT_COLUMNS: tuple[str, ...] = (
    "receipt_no",
    "state",
    "office_code",
    "terminal",
    "clerk",
    *CASE_APPLICATION_COLUMNS,
    "warnings",
    "draft_json",
    "import_key",
    "received_at",
    "due_date",
    "updated_at",
    "received_via_system",
)
INSERT_CASE_SQL = "INSERT INTO cases ({}) VALUES ({})".format(
    ", ".join(("case_id", "created_at", "attempts") + SUBMIT_COLUMNS),
    ", ".join(":" + c for c in ("case_id", "created_at", "attempts") + SUBMIT_COLUMNS),
)
UPDATE_DRAFT_SQL = "UPDATE cases SET {} WHERE id = :pk".format(", ".join(f"{c} = :{c}" for c in SUBMIT_COLUMNS))
INSERT_TRANSITION_SQL = (
    "INSERT INTO case_transitions (case_pk, from_state, to_state, at, operator, detail) VALUES (?, ?, ?, ?, ?, ?)"
)
NEXT_RECEIPT_SEQ_SQL = (
    "INSERT INTO receipt_counters (terminal, day, last_seq) VALUES (?, ?, 1) "
    "ON CONFLICT (terminal, day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq"
)
DUPLICATE_IMPORT_SQL = "SELECT case_id, receipt_no, due_date, received_at FROM cases WHERE import_key = ?"
DRAFT_ROW_SQL = "SELECT id, state, receipt_no FROM cases WHERE case_id = ?"

SORT_COLUMNS = {
    "receipt_no": "receipt_no",
    "received_at": "received_at",
    "state": "state",
    "category": "category",
    "service": "service_code",
    "applicant": "applicant_name",
    "due_date": "due_date",
}
_PAGE_COLUMNS = (
    "case_id, receipt_no, received_at, state, category, service_code, applicant_name, applicant_phone, due_date"
)


@dataclass(frozen=True)
class QueueFilter:
    state: str | None = None
    date_from: dt.date | None = None  # KST days, inclusive
    date_to: dt.date | None = None
    receipt_no: str | None = None  # substring
    name: str | None = None  # prefix of the applicant name


class QueueRow(NamedTuple):
    case_id: str
    receipt_no: str | None
    received_at: str  # KST, 'YYYY-MM-DD HH:MM'
    state: str
    category: str | None
    service: str
    applicant: str  # masked
    phone: str  # masked
    due_date: str


def no_such_case() -> UserError:
    return UserError(Msg("해당 민원이 없습니다.", "There is no such complaint."))


class CaseRepository:
    def __init__(self, db: Database):
        self._db = db

    # ---------------------------------------------------------------- reads (Database.read)
    def _fetch(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._db.read() as s:
            return [tuple(r) for r in s.connection().exec_driver_sql(sql, params).fetchall()]

    @staticmethod
    def where(f: QueueFilter) -> tuple[str, list]:
        clauses, params = [], []
        if f.state:
            clauses.append("state = ?")
            params.append(f.state)
        else:
            clauses.append("state != 'DRAFT'")  # drafts are not cases yet: shown only when asked for
        if f.date_from:
            clauses.append("received_at >= ?")
            params.append(kst_day_start(f.date_from))
        if f.date_to:
            clauses.append("received_at < ?")
            params.append(kst_day_start(f.date_to + dt.timedelta(days=1)))
        if f.receipt_no and f.receipt_no.strip():
            clauses.append("instr(receipt_no, ?) > 0")
            params.append(f.receipt_no.strip().upper())
        if f.name and f.name.strip():
            prefix = f.name.strip()
            clauses.append("applicant_name >= ? AND applicant_name < ?")  # a range: uses the name index
            params.extend([prefix, prefix + "\U0010ffff"])
        return " AND ".join(clauses), params

    def count(self, f: QueueFilter) -> int:
        where, params = self.where(f)
        return int(self._fetch(f"SELECT count(*) FROM cases WHERE {where}", tuple(params))[0][0])

    def page_rows(self, f: QueueFilter, offset: int, limit: int, sort: str, descending: bool) -> list[tuple]:
        column = SORT_COLUMNS.get(sort)
        if column is None:
            raise ValueError(f"unknown sort key {sort!r}")
        where, params = self.where(f)
        order = "DESC" if descending else "ASC"
        return self._fetch(
            f"SELECT {_PAGE_COLUMNS} FROM cases WHERE {where} ORDER BY {column} {order}, id {order} LIMIT ? OFFSET ?",
            (*params, int(limit), int(offset)),
        )

    def state_counts(self) -> tuple[dict[str, int], str | None]:
        placeholders = ",".join("?" * len(UNSENT_STATES))
        with self._db.read() as s:
            conn = s.connection()
            counts = {
                state: int(n)
                for state, n in conn.exec_driver_sql("SELECT state, count(*) FROM cases GROUP BY state").fetchall()
            }
            row = conn.exec_driver_sql(
                f"SELECT min(received_at) FROM cases WHERE state IN ({placeholders})", tuple(UNSENT_STATES)
            ).fetchone()
        return counts, (row[0] if row is not None else None)

    def detached(self, case_id: str) -> Case:
        with self._db.read() as s:
            case = self.case_in(s, case_id)
        return case

    def find_by_receipt(self, receipt_no: str) -> Case | None:
        with self._db.read() as s:
            return s.execute(select(Case).where(Case.receipt_no == receipt_no.strip().upper())).scalar_one_or_none()

    # ---------------------------------------------------------------- inside a session
    @staticmethod
    def case_in(session: Session, case_id: str) -> Case:
        case = session.execute(select(Case).where(Case.case_id == case_id)).scalar_one_or_none()
        if case is None:
            raise no_such_case()
        return case

    @staticmethod
    def maybe_case(session: Session, case_id: str) -> Case | None:
        return session.execute(select(Case).where(Case.case_id == case_id)).scalar_one_or_none()

    @staticmethod
    def history(session: Session, case_pk: int) -> tuple[HistoryEntry, ...]:
        rows = (
            session.execute(select(CaseTransition).where(CaseTransition.case_pk == case_pk).order_by(CaseTransition.id))
            .scalars()
            .all()
        )
        return tuple(HistoryEntry(t.at, t.from_state, t.to_state, t.operator, t.detail) for t in rows)

    @staticmethod
    def last_transition(session: Session, case_pk: int) -> tuple[str | None, str] | None:
        row = session.execute(
            select(CaseTransition.from_state, CaseTransition.to_state)
            .where(CaseTransition.case_pk == case_pk)
            .order_by(CaseTransition.id.desc())
            .limit(1)
        ).first()
        return (row[0], row[1]) if row is not None else None

    @staticmethod
    def extensions(session: Session, case_pk: int) -> tuple[ExtensionRecord, ...]:
        rows = (
            session.execute(select(CaseExtension).where(CaseExtension.case_pk == case_pk).order_by(CaseExtension.seq))
            .scalars()
            .all()
        )
        return tuple(
            ExtensionRecord(
                e.seq,
                e.previous_due,
                e.until,
                e.reason_code,
                e.reason,
                bool(e.applicant_consent),
                e.decided_by,
                e.decided_at,
            )
            for e in rows
        )

    @staticmethod
    def extended_case_pks(session: Session) -> set[int]:
        return set(session.execute(select(CaseExtension.case_pk).distinct()).scalars())

    @staticmethod
    def unsent_cases(session: Session):
        return session.execute(
            select(Case).where(Case.state.in_(UNSENT_STATES), Case.received_at.is_not(None))
        ).scalars()

    # ---------------------------------------------------------------- hot path (plain SQL)
    @staticmethod
    def conn(session: WriteScope) -> sqlite3.Connection:
        return driver_connection(session)

    @staticmethod
    def insert_transition(
        session: WriteScope,
        case_pk: int,
        from_state: str | None,
        to_state: str,
        at: str,
        operator: str,
        detail: str | None,
    ) -> None:
        driver_connection(session).execute(INSERT_TRANSITION_SQL, (case_pk, from_state, to_state, at, operator, detail))
