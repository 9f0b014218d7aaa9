"""The outbox of civil complaints (CaseQueue): drafts, durable submission, corrections, extensions
and the records that move deadlines. A service: the rules are here, the parts live beside it:

- counter_app/cases/states.py       THE state machine (states, transitions, who may make them, labels)
- counter_app/cases/read_models.py  typed views of a case: masked for screens, the wire, printing
- counter_app/cases/extensions.py   시행령 제21조 (extending a period)
- counter_app/offline/repository.py THE way to the cases tables (plain SQL on the hot path, reads
                                    through Database so their errors become StorageError)
- counter_app/offline/outages.py    outage windows, ad hoc holidays, office periods → DeadlineBook
- counter_app/offline/stored_time.py the one place times are converted

Durable first: `submit()` validates, seals the RRN for the office public key (so the clear number
never touches disk), computes the due date, allocates the receipt number and inserts the case,
its first transition and its audit entry in ONE write transaction, and returns only after the
commit. Nothing unsent is ever deleted; only a DRAFT may be discarded, and that is audited.

`edit()` corrects a case that has not been sent yet (QUEUED, never attempted) or that the
central system refused (QUARANTINED, which goes back to QUEUED): the same validation as intake,
the RRN re-sealed or kept sealed, the due date recomputed, one audited write transaction.

Every state change goes through states.check_transition(): `transition()` (ours, sync's, the
supervisor's) and `submit()` (a case's first step, on its fast path); each writes a
case_transitions row and an audit entry in the caller's transaction (`_record_transition()`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from counter_app.actor import Actor
from counter_app.cases.extensions import (
    REASON_CODES,
    ExtensionRecord,
    check_extension,
    check_reason,
)
from counter_app.cases.periods import PeriodFact
from counter_app.cases.read_models import (
    WARNING_MESSAGES,
    CaseScreenView,
    PrintCase,
    PrintOffice,
    WireCase,
    case_document,
    print_case,
    screen_view,
    wire_case,
)
from counter_app.cases.states import (
    DRAFT,
    EDITABLE_STATES,
    FINAL_STATES,
    QUARANTINED,
    QUEUED,
    REGISTERED_MANUALLY,
    RETRY_WAIT,
    SENDING,
    SENT,
    STATE_LABELS,
    STATES,
    TRANSITIONS,
    UNKNOWN_OUTCOME,
    UNSENT_STATES,
    InvalidTransition,
    check_transition,
)
from counter_app.clock import KST, Clock, system_clock, to_kst
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.intake.catalogue import Catalogue
from counter_app.intake.receipts import MAX_SEQ, format_receipt_no
from counter_app.intake.validation import ValidCase, validate_case_document
from counter_app.offline import outages
from counter_app.offline.audit import ANCHOR_WRITER, AuditLog, content_hash_detail
from counter_app.offline.db import Database, WriteScope
from counter_app.offline.models import (
    AdHocHoliday,
    Case,
    CaseExtension,
    CaseTransition,
    OfficePeriod,
    OutageWindow,
)
from counter_app.offline.outages import DeadlineBook, DeadlineRules
from counter_app.offline.repository import (
    DRAFT_ROW_SQL,
    DUPLICATE_IMPORT_SQL,
    INSERT_CASE_SQL,
    INSERT_TRANSITION_SQL,
    NEXT_RECEIPT_SEQ_SQL,
    SORT_COLUMNS,
    SUBMIT_COLUMNS,
    UPDATE_DRAFT_SQL,
    CaseRepository,
    QueueFilter,
    QueueRow,
)
from counter_app.offline.stored_time import from_stored, kst_iso, kst_minutes, to_stored
from counter_app.security import Sealer, UnlockedKeys, mask_name, mask_phone

log = logging.getLogger(__name__)

__all__ = [
    "DRAFT",
    "EDITABLE_STATES",
    "FINAL_STATES",
    "QUARANTINED",
    "QUEUED",
    "REGISTERED_MANUALLY",
    "RETRY_WAIT",
    "SENDING",
    "SENT",
    "SORT_COLUMNS",
    "STATES",
    "STATE_LABELS",
    "TRANSITIONS",
    "UNKNOWN_OUTCOME",
    "UNSENT_STATES",
    "WARNING_MESSAGES",
    "CaseQueue",
    "CaseScreenView",
    "Move",
    "EditResult",
    "ExtendResult",
    "InvalidTransition",
    "PrintCase",
    "QueueFilter",
    "QueueRow",
    "SubmitResult",
    "WireCase",
    "case_document",
]

# The names the intake benchmark (tests/bench/bench_intake_commit.py) times on a bare connection.
_SUBMIT_COLUMNS = SUBMIT_COLUMNS
_INSERT_CASE_SQL = INSERT_CASE_SQL
_INSERT_TRANSITION_SQL = INSERT_TRANSITION_SQL
_NEXT_RECEIPT_SEQ_SQL = NEXT_RECEIPT_SEQ_SQL

MAX_DRAFT_BYTES = 64 * 1024


@dataclass(frozen=True)
class SubmitResult:
    case_id: str
    receipt_no: str
    due_date: dt.date | None  # None only for a duplicate import recorded without one
    warnings: list[Msg] = field(default_factory=list)
    received_at: dt.datetime | None = None
    duplicate: bool = False  # the import_key was already recorded: nothing was added
    period: PeriodFact | None = None  # the period applied, with its source and whether it is confirmed

    @property
    def due_confirmed(self) -> bool:
        return self.period is None or self.period.confirmed


@dataclass(frozen=True)
class EditResult:
    case_id: str
    receipt_no: str
    changed: list[str]  # dotted field names ("applicant.phone"), never values; [] = nothing to change
    due_date: dt.date | None
    warnings: list[Msg] = field(default_factory=list)
    state: str = QUEUED  # the state after the edit


@dataclass(frozen=True)
class ExtendResult:
    case_id: str
    receipt_no: str
    seq: int  # 1 = the extension, 2 = the second one (with the applicant's consent)
    previous_due: dt.datetime
    until: dt.datetime
    due_date: dt.date
    notice_pending: bool = True  # the 처리기간 연장 통지 (시행령 제21조③) is still to be sent


# Stored columns -> the case-document field a clerk edits (the names edit() reports and audits).
_EDIT_FIELDS: tuple[tuple[str, str], ...] = (
    ("channel", "channel"),
    ("category", "category"),
    ("service_code", "service"),
    ("title", "title"),
    ("content", "content"),
    ("applicant_kind", "applicant.kind"),
    ("applicant_name", "applicant.name"),
    ("applicant_birth_date", "applicant.birth_date"),
    ("applicant_gender", "applicant.gender"),
    ("applicant_phone", "applicant.phone"),
    ("applicant_email", "applicant.email"),
    ("applicant_address", "applicant.address"),
    ("applicant_postcode", "applicant.postcode"),
    ("rrn_sealed", "applicant.rrn"),
    ("disclose", "disclose"),
    ("notify_by", "notify_by"),
    ("region", "region"),
    ("attachments_note", "attachments_note"),
    ("received_via_system", "received_via_system"),
)


@dataclass(frozen=True)
class _OfficeFacts:
    hdong_code: str
    terminal: str
    sealer: Sealer


def _check_case_id(case_id: str) -> str:
    try:
        return str(uuid.UUID(str(case_id)))
    except ValueError:
        raise UserError(Msg("사건 번호(case_id)는 UUID여야 합니다.", "The case id must be a UUID.")) from None


def _drop_rrn(value: Any) -> Any:
    """A copy of a form with every 'rrn' key removed, at any depth, and every RRN-shaped number
    typed into its free text masked (pii.py): a draft is never sealed, so it holds no clear number."""
    if isinstance(value, str):
        from counter_app.pii import mask_text

        return mask_text(value)
    if isinstance(value, dict):
        return {k: _drop_rrn(v) for k, v in value.items() if k != "rrn"}
    if isinstance(value, list):
        return [_drop_rrn(v) for v in value]
    return value


def _free_text(value: Any, label: Msg) -> None:
    """A reason or note is stored in the audit log and shown to every counter: no RRN-shaped
    number may reach it (pii.py), nor a control or text-direction character (line breaks and tabs
    are fine in a note) that would reorder what the next reader sees."""
    from counter_app.accounts import UNSAFE_CHARACTERS, has_unsafe_characters
    from counter_app.pii import refuse_rrn_in

    refuse_rrn_in(value, label)
    if isinstance(value, str) and has_unsafe_characters(value.translate({9: None, 10: None, 13: None})):
        raise UserError(Msg(f"{label.ko}: {UNSAFE_CHARACTERS.ko}", f"{label.en}: {UNSAFE_CHARACTERS.en}"))


# The columns transition_many may set besides state and updated_at (stored form: times as
# stored_time text): the sync's bookkeeping, never a case's content.
_BULK_COLUMNS = frozenset(
    {"attempts", "last_attempt_at", "next_attempt_at", "last_error", "official_no", "registered_at"}
)


@dataclass(frozen=True)
class Move:
    """One state change for CaseQueue.transition_many."""

    case_pk: int
    case_id: str
    from_state: str
    to_state: str
    detail: str | None
    audit_action: str
    audit_detail: dict | None = None
    columns: tuple[tuple[str, Any], ...] = ()  # further (column, stored value) pairs: _BULK_COLUMNS


# One-time sealing keys kept ready (security.Sealer): a burst of RRN intakes seals without X25519 work.
SEAL_SPARES = 4


class CaseQueue:
    def __init__(
        self,
        db: Database,
        audit: AuditLog,
        office_service,
        catalogue: Catalogue,
        clock: Clock = system_clock,
        *,
        holidays=None,
    ):
        self._db = db
        self._audit = audit
        self._office = office_service
        self._catalogue = catalogue
        self._clock = clock
        self._repo = CaseRepository(db)
        self._rules = DeadlineRules(catalogue, holidays)  # holidays None: Korean public holidays
        self._facts: _OfficeFacts | None = None

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    # ---------------------------------------------------------------- helpers
    def _office_facts(self) -> _OfficeFacts:
        # The office row and its public key never change once set up: read them once.
        if self._facts is None:
            office = self._office.require()
            self._facts = _OfficeFacts(
                office.hdong_code, office.terminal_id, Sealer(office.seal_public_key, spares=SEAL_SPARES)
            )
        return self._facts

    def settle(self) -> None:
        """Wait for what an intake leaves to background threads (the audit anchor, spare sealing
        keys), for a measurement or a check that must not overlap it. Nothing waits for it."""
        ANCHOR_WRITER.flush()
        if self._facts is not None:
            self._facts.sealer.settle()

    def _book(self, session: WriteScope, now: dt.datetime) -> DeadlineBook:
        """The deadline rules of this transaction (outages, ad hoc holidays, office periods as
        recorded now, read in the caller's transaction: another process may have changed them)."""
        return self._rules.book(self._repo.conn(session), now)

    def close(self) -> None:
        """Nothing to release: every read goes through Database sessions."""

    # ---------------------------------------------------------------- the state machine
    def transition(
        self,
        session: Session,
        case: Case,
        to_state: str,
        actor_id: str,
        detail: str | None = None,
        *,
        audit_action: str = "case.transition",
        audit_detail: dict | None = None,
        role: str | None = None,
    ) -> None:
        """Move `case` to `to_state` inside the caller's write session: every state change but
        submit's goes through here (both check with states.check_transition; with `role` —
        "clerk", "supervisor" or "sync" — also who may make it). Writes a case_transitions row
        and an audit entry (no personal data in `detail`)."""
        from_state = case.state
        check_transition(from_state, to_state, role)
        now = self._clock()
        case.state = to_state
        case.updated_at = now
        if case.id is None:
            session.add(case)
            session.flush()
        self._record_transition(
            session,
            case.id,
            case.case_id,
            from_state,
            to_state,
            actor_id,
            now,
            detail,
            audit_action=audit_action,
            audit_detail=audit_detail,
        )

    def _record_transition(
        self,
        session: WriteScope,
        case_pk: int,
        case_id: str,
        from_state: str | None,
        to_state: str,
        actor_id: str,
        now: dt.datetime,
        detail: str | None = None,
        *,
        audit_action: str,
        audit_detail: dict | None,
    ) -> None:
        """The history row and the audit entry of a change the caller has checked."""
        self._repo.insert_transition(session, case_pk, from_state, to_state, to_stored(now), actor_id, detail)
        details = {"from": from_state, "to": to_state}
        if audit_detail:
            details.update(audit_detail)
        self._audit.append(session, actor_id, audit_action, case_id=case_id, detail=details)

    def transition_many(self, session: WriteScope, moves: list[Move], actor_id: str, *, role: str | None) -> None:
        """Many state changes in the caller's write transaction (the sync's bulk path: a chunk of
        up to 200 cases marked SENDING before anything is sent, then their outcomes), with the
        same records transition() makes one by one: each move checked by the state machine
        (states.check_transition, with `role`), the case row updated — only while it is still in
        `from_state` (the caller read it in this transaction; anything else is a bug and rolls
        everything back) — a case_transitions row and a hash-chained audit entry each, in order.
        Plain SQL: the ORM's load, flush and per-row UPDATE cost a case more than the rest."""
        if not moves:
            return
        for m in moves:
            check_transition(m.from_state, m.to_state, role)
            if not _BULK_COLUMNS.issuperset(name for name, _ in m.columns):
                raise ValueError("transition_many sets only the sync bookkeeping columns")
        now = self._clock()
        at = to_stored(now)
        conn = self._repo.conn(session)
        groups: dict[tuple[str, ...], list[tuple]] = {}
        for m in moves:
            names = tuple(name for name, _ in m.columns)
            groups.setdefault(names, []).append(
                (m.to_state, at, *(value for _, value in m.columns), m.case_pk, m.from_state)
            )
        for names, params in groups.items():
            sets = ", ".join(("state = ?", "updated_at = ?", *(f"{name} = ?" for name in names)))
            changed = conn.executemany(f"UPDATE cases SET {sets} WHERE id = ? AND state = ?", params).rowcount
            if changed != len(params):
                raise RuntimeError("a case changed state inside its own write transaction")
        conn.executemany(
            INSERT_TRANSITION_SQL,
            [(m.case_pk, m.from_state, m.to_state, at, actor_id, m.detail) for m in moves],
        )
        self._audit.append_many(
            session,
            actor_id,
            (
                (m.audit_action, m.case_id, {"from": m.from_state, "to": m.to_state, **(m.audit_detail or {})})
                for m in moves
            ),
        )

    # ---------------------------------------------------------------- drafts
    def save_draft(self, actor: Actor, form: dict, case_id: str | None = None) -> str:
        """Keep a half-typed form. Any 'rrn' is dropped here and never stored; returns the case id."""
        if not isinstance(form, dict):
            raise UserError(Msg("임시 저장할 양식이 올바르지 않습니다.", "The form to save is not valid."))
        clean = _drop_rrn(form)
        try:
            payload = json.dumps(clean, ensure_ascii=False, sort_keys=True)
        except (TypeError, ValueError):
            raise UserError(
                Msg("임시 저장할 양식에 저장할 수 없는 값이 있습니다.", "The form holds a value that cannot be saved.")
            ) from None
        if len(payload.encode("utf-8", "surrogatepass")) > MAX_DRAFT_BYTES:
            raise UserError(Msg("임시 저장할 양식이 너무 큽니다.", "The form is too large to save."))
        facts = self._office_facts()
        case_id = _check_case_id(case_id) if case_id else str(uuid.uuid4())
        now = self._clock()
        applicant = clean.get("applicant") if isinstance(clean.get("applicant"), dict) else {}
        service = self._catalogue.find(clean.get("service")) if isinstance(clean.get("service"), str) else None
        with self._db.write() as s:
            case = self._repo.maybe_case(s, case_id)
            if case is not None and case.state != DRAFT:
                raise UserError(
                    Msg(
                        f"이미 접수된 민원입니다(접수번호 {case.receipt_no}). 임시 저장하지 않았습니다.",
                        f"This complaint was already submitted (receipt {case.receipt_no}); nothing was saved.",
                    )
                )
            creating = case is None
            if case is None:
                case = Case(
                    case_id=case_id,
                    office_code=facts.hdong_code,
                    terminal=facts.terminal,
                    clerk=actor.id,
                    created_at=now,
                    disclose=False,
                    attempts=0,
                    received_via_system=False,
                )
            case.draft_json = payload
            case.updated_at = now
            # best effort, so the queue page can show the draft; the form itself is the truth
            case.title = _short(clean.get("title"), 200)
            case.applicant_name = _short(applicant.get("name"), 100)
            case.service_code = service.code if service else None
            if creating:
                self.transition(s, case, DRAFT, actor.id, audit_action="case.draft_create")
        return case_id

    def latest_draft(self, actor: Actor) -> tuple[str, dict] | None:
        with self._db.read() as s:
            row = s.execute(
                select(Case.case_id, Case.draft_json)
                .where(Case.state == DRAFT, Case.clerk == actor.id)
                .order_by(Case.updated_at.desc(), Case.id.desc())
                .limit(1)
            ).first()
        if row is None:
            return None
        try:
            form = json.loads(row[1]) if row[1] else {}
        except ValueError:
            form = {}
        return row[0], form

    def discard_draft(self, actor: Actor, case_id: str) -> None:
        """Delete a DRAFT (the only row this program ever deletes before registration), audited."""
        case_id = _check_case_id(case_id)
        with self._db.write() as s:
            case = self._repo.maybe_case(s, case_id)
            if case is None:
                raise UserError(Msg("임시 저장된 민원이 없습니다.", "There is no such draft."))
            if case.state != DRAFT:
                raise UserError(
                    Msg(
                        "접수된 민원은 삭제할 수 없습니다. 임시 저장만 버릴 수 있습니다.",
                        "A submitted complaint can never be deleted; only a draft can be discarded.",
                    )
                )
            s.execute(delete(CaseTransition).where(CaseTransition.case_pk == case.id))
            s.delete(case)
            self._audit.append(s, actor.id, "case.draft_discard", case_id=case_id)

    # ---------------------------------------------------------------- submission
    def submit(
        self, actor: Actor, doc: dict, *, case_id: str | None = None, import_key: str | None = None
    ) -> SubmitResult:
        """Record one complaint durably. Raises CaseValidationError (fields named) or UserError.

        One BEGIN IMMEDIATE transaction holds the receipt counter, the case row (new, or the draft
        it replaces), its first transition and its audit entry; it commits (synchronous=FULL)
        before this returns. The database work is plain SQL on that transaction's connection."""
        now = self._clock()
        valid = validate_case_document(doc, self._catalogue, today=to_kst(now).date(), now=now)
        facts = self._office_facts()
        given_case_id = case_id is not None
        case_id = _check_case_id(case_id) if case_id is not None else str(uuid.uuid4())
        # Sealed in memory before any database work: the clear RRN never reaches the disk.
        sealed = facts.sealer.seal(valid.rrn.encode("ascii"), case_id.encode("ascii")) if valid.rrn else None
        received_at = valid.received_at or now
        warning_codes = list(valid.warning_codes)
        warnings = list(valid.warnings)
        with self._db.write_sql() as s:  # plain SQL only: no Session machinery on the clerk's submit
            conn = self._repo.conn(s)
            if import_key is not None:
                dup = conn.execute(DUPLICATE_IMPORT_SQL, (import_key,)).fetchone()
                if dup is not None:
                    return SubmitResult(
                        dup[0],
                        dup[1] or "",
                        dt.date.fromisoformat(dup[2]) if dup[2] else None,
                        [],
                        from_stored(dup[3]),
                        duplicate=True,
                    )
            # a fresh UUID cannot name an existing row: only a given id (a draft) is looked up
            draft = conn.execute(DRAFT_ROW_SQL, (case_id,)).fetchone() if given_case_id else None
            from_state = draft[1] if draft else None
            if draft is not None and from_state != DRAFT:
                raise UserError(
                    Msg(
                        f"이미 접수된 민원입니다(접수번호 {draft[2]}).",
                        f"This complaint was already submitted (receipt {draft[2]}).",
                    )
                )
            check_transition(from_state, QUEUED)
            book = self._book(s, now)
            period = book.period(valid.service.code, valid.category)
            if period is None:  # a validated case always names a catalogued service and a class
                raise UserError(Msg("이 민원의 처리기간을 알 수 없습니다.", "This complaint's period is not known."))
            if not period.confirmed:
                warning_codes.append("period_unverified")
                warnings.append(WARNING_MESSAGES["period_unverified"])  # never shown as fact (issue 12 item 5)
            due = book.calculator(valid.received_via_system).due_date(received_at, days=period.days, hours=period.hours)
            receipt_no = self._allocate_receipt_no(conn, facts, to_kst(received_at).date())
            row = _submitted_row(
                valid, facts, actor, sealed, received_at, due, receipt_no, import_key, warning_codes, now
            )
            if draft is None:
                case_pk = int(
                    conn.execute(
                        INSERT_CASE_SQL, {**row, "case_id": case_id, "created_at": row["updated_at"], "attempts": 0}
                    ).lastrowid
                    or 0
                )
            else:
                case_pk = draft[0]
                conn.execute(UPDATE_DRAFT_SQL, {**row, "pk": case_pk})
            self._record_transition(
                s,
                case_pk,
                case_id,
                from_state,
                QUEUED,
                actor.id,
                now,
                audit_action="case.submit",
                audit_detail={
                    "receipt_no": receipt_no,
                    "import": import_key is not None,
                    # audit verify recomputes it from the stored row
                    **content_hash_detail({**row, "case_id": case_id}),
                },
            )
        if sealed is not None:
            facts.sealer.replenish()  # committed: the next RRN's one-time key is made now, off this intake
        return SubmitResult(case_id, receipt_no, due, warnings, received_at, period=period)

    def _allocate_receipt_no(self, conn: sqlite3.Connection, facts: _OfficeFacts, day: dt.date) -> str:
        """Next sequence for this terminal and KST day, inside the case's own transaction: if the
        case rolls back so does the number, so the sequence has no gaps."""
        ((seq,),) = conn.execute(NEXT_RECEIPT_SEQ_SQL, (facts.terminal, f"{day:%Y%m%d}")).fetchall()
        if seq > MAX_SEQ:
            raise UserError(
                Msg(
                    f"이 단말기의 {day:%Y-%m-%d} 접수번호({MAX_SEQ}건)를 모두 썼습니다. 다른 단말기에서 접수하십시오.",
                    f"This terminal has used all {MAX_SEQ} receipt numbers for {day:%Y-%m-%d}; record it on another terminal.",
                )
            )
        return format_receipt_no(facts.hdong_code, day, facts.terminal, seq)

    # ---------------------------------------------------------------- records that move deadlines
    def add_outage_window(
        self, actor: Actor, start: dt.datetime, end: dt.datetime | None = None, note: str | None = None
    ) -> int:
        """Record a period when systems were down and recompute the due dates of unsent cases.
        It is excluded only from cases received through the system, and only when it began on or
        after 2026-05-06 (시행령 제20조 2호, 부칙 제3조). Supervisor only (it moves legal
        deadlines); audited."""
        _require_supervisor(actor, _OUTAGE_SUPERVISOR)
        outages.check_window(start, end, note)
        if note:
            _free_text(note, Msg("장애 기간 메모", "outage note"))
        now = self._clock()
        with self._db.write() as s:
            window = OutageWindow(start_at=start, end_at=end, note=note, recorded_by=actor.id[:20], created_at=now)
            s.add(window)
            s.flush()
            changed = self._recompute_due_dates(s, now)
            self._audit.append(
                s,
                actor.id,
                "outage.add",
                detail={
                    "window_id": window.id,
                    "start": to_stored(start),
                    "end": to_stored(end),
                    "recomputed": changed,
                },
            )
            return window.id

    def close_outage_window(self, actor: Actor, window_id: int, end: dt.datetime) -> None:
        _require_supervisor(actor, _OUTAGE_SUPERVISOR)
        now = self._clock()
        with self._db.write() as s:
            window = s.get(OutageWindow, window_id)
            if window is None:
                raise UserError(Msg("해당 장애 기간 기록이 없습니다.", "There is no such outage window."))
            outages.check_window(window.start_at, end, None)
            window.end_at = end
            changed = self._recompute_due_dates(s, now)
            self._audit.append(
                s,
                actor.id,
                "outage.close",
                detail={"window_id": window_id, "end": to_stored(end), "recomputed": changed},
            )

    def outage_windows(self) -> list[dict]:
        with self._db.read() as s:
            rows = s.execute(select(OutageWindow).order_by(OutageWindow.start_at)).scalars().all()
        from counter_app.intake.deadlines import outage_exclusion_applies

        return [
            {
                "id": w.id,
                "start_at": kst_iso(w.start_at),
                "end_at": kst_iso(w.end_at),
                "note": w.note,
                "recorded_by": w.recorded_by,
                # 부칙 제3조: an outage that began before 2026-05-06 is never excluded
                "excludable": outage_exclusion_applies(w.start_at),
            }
            for w in rows
        ]

    def add_holiday(self, actor: Actor, day: dt.date, name: str) -> int:
        """Record an ad hoc public holiday (임시공휴일, 관공서의 공휴일에 관한 규정 제2조11호): not
        counted in any period; unsent cases' due dates are recomputed. Supervisor only; audited.
        Returns how many due dates moved."""
        _require_supervisor(actor, _HOLIDAY_SUPERVISOR)
        name = outages.check_holiday(day, name)
        _free_text(name, Msg("공휴일 이름", "holiday name"))
        now = self._clock()
        with self._db.write() as s:
            if s.get(AdHocHoliday, day.isoformat()) is not None:
                raise UserError(
                    Msg(
                        f"{day.isoformat()}은(는) 이미 임시공휴일로 기록되어 있습니다.",
                        f"{day.isoformat()} is already recorded as an ad hoc holiday.",
                    )
                )
            s.add(AdHocHoliday(day=day.isoformat(), name=name, recorded_by=actor.id[:20], created_at=now))
            s.flush()
            changed = self._recompute_due_dates(s, now)
            self._audit.append(
                s, actor.id, "holiday.add", detail={"day": day.isoformat(), "name": name, "recomputed": changed}
            )
        return changed

    def remove_holiday(self, actor: Actor, day: dt.date) -> int:
        _require_supervisor(actor, _HOLIDAY_SUPERVISOR)
        now = self._clock()
        with self._db.write() as s:
            row = s.get(AdHocHoliday, day.isoformat())
            if row is None:
                raise UserError(
                    Msg("그 날짜의 임시공휴일 기록이 없습니다.", "No ad hoc holiday is recorded for that day.")
                )
            s.delete(row)
            s.flush()
            changed = self._recompute_due_dates(s, now)
            self._audit.append(s, actor.id, "holiday.remove", detail={"day": day.isoformat(), "recomputed": changed})
        return changed

    def holidays(self) -> list[dict]:
        with self._db.read() as s:
            rows = s.execute(select(AdHocHoliday).order_by(AdHocHoliday.day)).scalars().all()
        return [{"day": h.day, "name": h.name, "recorded_by": h.recorded_by} for h in rows]

    def set_office_period(
        self, actor: Actor, service_name: str, *, days: int | None = None, hours: int | None = None, note: str
    ) -> int:
        """This office's own period for a service (its reading of the 민원처리기준표, with the note
        saying which), replacing the catalogue's; unsent cases' due dates are recomputed.
        Supervisor only; audited. Returns how many due dates moved."""
        _require_supervisor(actor, _PERIOD_SUPERVISOR)
        service = self._catalogue.find(service_name) if isinstance(service_name, str) else None
        note = outages.check_office_period(service, days, hours, note)
        assert service is not None  # check_office_period refuses an unknown service
        _free_text(note, Msg("처리기간 근거", "period note"))
        now = self._clock()
        with self._db.write() as s:
            row = s.get(OfficePeriod, service.code)
            before = None if row is None else {"days": row.period_days, "hours": row.period_hours}
            if row is None:
                row = OfficePeriod(service_code=service.code)
                s.add(row)
            row.period_days, row.period_hours, row.note = days, hours, note
            row.set_by, row.set_at = actor.id[:20], now
            s.flush()
            changed = self._recompute_due_dates(s, now)
            self._audit.append(
                s,
                actor.id,
                "period.set",
                reason=note,
                detail={
                    "service": service.code,
                    "from": before,
                    "to": {"days": days, "hours": hours},
                    "recomputed": changed,
                },
            )
        return changed

    def clear_office_period(self, actor: Actor, service_name: str, note: str) -> int:
        _require_supervisor(actor, _PERIOD_SUPERVISOR)
        service = self._catalogue.find(service_name) if isinstance(service_name, str) else None
        if service is None:
            raise UserError(Msg("그런 민원 종류가 없습니다.", "There is no such service."))
        text = note.strip() if isinstance(note, str) else ""
        if not text:
            raise UserError(Msg("사유를 적으십시오.", "Give a reason."))
        _free_text(text, Msg("사유", "reason"))
        now = self._clock()
        with self._db.write() as s:
            row = s.get(OfficePeriod, service.code)
            if row is None:
                raise UserError(
                    Msg("이 민원에는 사무소 지정 처리기간이 없습니다.", "This service has no office period.")
                )
            s.delete(row)
            s.flush()
            changed = self._recompute_due_dates(s, now)
            self._audit.append(
                s, actor.id, "period.clear", reason=text[:500], detail={"service": service.code, "recomputed": changed}
            )
        return changed

    def periods(self) -> list[dict]:
        """Every service's period as it applies now: its source, whether it is confirmed, and
        this office's own period where one is set."""
        now = self._clock()
        with self._db.read() as s:
            book = self._rules.book(self._repo.conn(s), now)
        out = []
        for service in self._catalogue:
            category = service.category
            fact = book.period(service.code, category)
            entry = {
                "code": service.code,
                "service": service.display_name(),
                "category": category,
                "class_period": bool(service.selectable_categories),
            }
            entry.update(fact.as_dict() if fact else {})
            out.append(entry)
        return out

    def _recompute_due_dates(self, session: Session, now: dt.datetime) -> int:
        """Recompute the due date of every unsent case, except one whose period was extended:
        its due date is the completion date notified to the applicant (시행령 제21조③)."""
        session.flush()  # the rules read the facts with plain SQL: they must see the change
        book = self._book(session, now)
        extended = self._repo.extended_case_pks(session)
        changed = 0
        for case in self._repo.unsent_cases(session):
            if case.id in extended:
                continue
            due = book.due_date(case.received_at, case.service_code, case.category, bool(case.received_via_system))
            if due is not None and due.isoformat() != case.due_date:
                case.due_date = due.isoformat()
                changed += 1
        return changed

    # ---------------------------------------------------------------- extensions (시행령 제21조)
    def extend(
        self,
        actor: Actor,
        case_id: str,
        until: dt.datetime,
        reason: str,
        *,
        reason_code: str = "similar",
        applicant_consent: bool = False,
    ) -> ExtendResult:
        """Extend a case's processing period (시행령 제21조①): supervisor work; once by at most the
        original period, a second time only with the applicant's consent, never for workload or an
        absent official (②). Moves the due date; audited ('case.extend'). The written notice to
        the applicant (③, 처리기간 연장 통지) is a document: `ExtendResult.notice_pending`."""
        _require_supervisor(actor, _EXTEND_SUPERVISOR)
        case_id = _check_case_id(case_id)
        if not isinstance(until, dt.datetime) or until.tzinfo is None:
            raise UserError(Msg("연장 기한에는 시간대가 있어야 합니다.", "The new due time must carry a time zone."))
        code, text = check_reason(reason_code, reason)
        _free_text(text, Msg("연장 사유", "extension reason"))
        now = self._clock()
        with self._db.write() as s:
            case = self._repo.case_in(s, case_id)
            if case.state not in UNSENT_STATES:
                raise UserError(
                    Msg(
                        "처리기간은 아직 처리되지 않은(전송 전) 민원만 연장할 수 있습니다.",
                        "Only a complaint not yet sent or registered can have its period extended.",
                    )
                )
            book = self._book(s, now)
            period = book.period(case.service_code, case.category)
            if period is None or case.received_at is None:
                raise UserError(
                    Msg(
                        "처리기간을 알 수 없는 민원은 연장할 수 없습니다.",
                        "A complaint without a known period cannot be extended.",
                    )
                )
            previous = list(self._repo.extensions(s, case.id))
            calc = book.calculator(bool(case.received_via_system))
            current_due = (
                previous[-1].until if previous else calc.due(case.received_at, days=period.days, hours=period.hours)
            )
            limit = calc.extension_limit(current_due, days=period.days, hours=period.hours)
            seq = check_extension(
                previous, current_due=current_due, until=until, limit=limit, applicant_consent=applicant_consent
            )
            s.add(
                CaseExtension(
                    case_pk=case.id,
                    seq=seq,
                    previous_due=current_due,
                    until=until,
                    reason_code=code,
                    reason=text,
                    applicant_consent=bool(applicant_consent),
                    decided_by=actor.id[:20],
                    decided_at=now,
                )
            )
            old_due = case.due_date
            case.due_date = to_kst(until).date().isoformat()
            case.updated_at = now
            self._audit.append(
                s,
                actor.id,
                "case.extend",
                case_id=case.case_id,
                reason=text,
                detail={
                    "receipt_no": case.receipt_no,
                    "seq": seq,
                    "reason_code": code,
                    "applicant_consent": bool(applicant_consent),
                    "previous_due": to_stored(current_due),
                    "until": to_stored(until),
                    "due_date": {"from": old_due, "to": case.due_date},
                    "notice": "pending",
                },
            )
            receipt_no = case.receipt_no
        return ExtendResult(case_id, receipt_no or "", seq, current_due, until, to_kst(until).date())

    @staticmethod
    def extension_reasons() -> dict[str, Msg]:
        return dict(REASON_CODES)

    # ---------------------------------------------------------------- views
    def count(self, f: QueueFilter | None = None) -> int:
        return self._repo.count(f if f is not None else QueueFilter())

    def page(
        self, f: QueueFilter, offset: int, limit: int, sort: str = "received_at", descending: bool = True
    ) -> list[QueueRow]:
        out = []
        for case_id, receipt_no, received_at, state, category, service_code, name, phone, due in self._repo.page_rows(
            f, offset, limit, sort, descending
        ):
            service = self._catalogue.by_code(service_code)
            out.append(
                QueueRow(
                    case_id,
                    receipt_no,
                    kst_minutes(received_at),
                    state,
                    category,
                    service.display_name() if service else (service_code or ""),
                    mask_name(name),
                    mask_phone(phone),
                    due or "",
                )
            )
        return out

    def case_record(self, case_id: str) -> Case:
        """The stored case row (detached; unmasked apart from the sealed RRN). Prefer the read
        models: screen_view(), wire_case(), print_case()."""
        return self._repo.detached(case_id)

    def find_by_receipt(self, receipt_no: str) -> Case | None:
        return self._repo.find_by_receipt(receipt_no)

    def screen_view(self, case_id: str) -> CaseScreenView:
        """Everything about a case for a screen, personal data masked."""
        now = self._clock()
        with self._db.read() as s:
            case = self._repo.case_in(s, case_id)
            history = self._repo.history(s, case.id)
            extensions = self._repo.extensions(s, case.id)
            period = self._rules.book(self._repo.conn(s), now).period(case.service_code, case.category)
        last = (history[-1].from_state, history[-1].to_state) if history else None
        return screen_view(
            case,
            self._catalogue,
            period=period,
            extensions=extensions,
            history=history,
            editable=_editable(case.state, case.attempts, last),
        )

    def case_detail(self, case_id: str) -> dict:
        """screen_view() as the dict `queue show --json` prints and the queue page reads."""
        return self.screen_view(case_id).as_dict()

    def wire_case(self, case_id: str) -> WireCase:
        """The case as sync sends it (contracts.md §2)."""
        return wire_case(self._repo.detached(case_id), self._catalogue)

    def print_case(self, case_id: str) -> PrintCase:
        """The facts the receipt and the interim confirmation print."""
        office = self._office.require()
        now = self._clock()
        with self._db.read() as s:
            case = self._repo.case_in(s, case_id)
            extensions = self._repo.extensions(s, case.id)
            period = self._rules.book(self._repo.conn(s), now).period(case.service_code, case.category)
        return print_case(
            case,
            self._catalogue,
            PrintOffice(office.office_name, office.hdong_code, office.address, office.phone),
            period=period,
            extensions=extensions,
        )

    def reveal_rrn(self, actor: Actor, case_id: str, keys: UnlockedKeys, reason: str) -> str:
        """The clear RRN, for an unlocked supervisor with a stated reason. The access is audited
        ('case.view_unmasked') and committed before the number is returned."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                Msg(
                    "주민등록번호를 보려면 사유를 입력하십시오.",
                    "Give a reason to view the resident registration number.",
                )
            )
        _free_text(reason, Msg("열람 사유", "reason for viewing"))
        with self._db.write() as s:
            case = self._repo.case_in(s, case_id)
            if case.rrn_sealed is None:
                raise UserError(
                    Msg("이 민원에는 주민등록번호가 없습니다.", "This complaint holds no resident registration number.")
                )
            blob = case.rrn_sealed
            value = keys.unsealer.unseal(blob, case.case_id.encode("ascii")).decode("ascii")
            self._audit.append(
                s,
                actor.id,
                "case.view_unmasked",
                case_id=case_id,
                reason=reason.strip()[:500],
                detail={"field": "applicant.rrn"},
            )
        return value

    # ---------------------------------------------------------------- corrections
    def case_for_edit(self, actor: Actor, case_id: str, reason: str) -> dict:
        """The case document in clear for the edit form: personal data unmasked, so the view is
        audited ('case.view_for_edit', with the reason) and committed before it is returned. The
        RRN is never returned: "rrn_on_file" says whether one is sealed. Refused for a case that
        cannot be edited (nobody needs the clear data for an edit that cannot happen)."""
        reason = _edit_reason(reason)
        case_id = _check_case_id(case_id)
        with self._db.write() as s:
            case = self._repo.case_in(s, case_id)
            refusal = self._edit_refusal(s, case)
            if refusal is not None:
                raise UserError(refusal)
            document = case_document(case, self._catalogue)
            document["rrn_on_file"] = case.rrn_sealed is not None
            self._audit.append(
                s,
                actor.id,
                "case.view_for_edit",
                case_id=case_id,
                reason=reason,
                detail={"receipt_no": case.receipt_no},
            )
        phone = document["applicant"].get("phone")
        if phone:
            document["applicant"]["phone"] = _national_phone(phone)  # as a clerk types it
        return document

    def edit(self, actor: Actor, case_id: str, doc: dict, reason: str) -> EditResult:
        """Correct a case that the central system has never seen: QUEUED and never attempted, or
        QUARANTINED (refused for its content; it goes back to QUEUED through transition()).

        `doc` is the whole corrected case document, validated like intake. Its "rrn" is sealed
        afresh; without one, the sealed RRN is kept if the service still requires or permits it and dropped
        if it no longer does. case_id, receipt_no, received_at and the office/terminal/clerk
        never change; the due date is recomputed when the service, the class or whether it was
        received through the system changes (an extended due date stays). One write transaction:
        the row, the audit entry 'case.edit' (reason and the NAMES of the changed fields, never
        their values) and, from QUARANTINED, the transition. A document that changes nothing
        writes nothing and returns changed=[]."""
        reason = _edit_reason(reason)
        case_id = _check_case_id(case_id)
        if not isinstance(doc, dict):
            raise UserError(Msg("민원 문서는 JSON 객체여야 합니다.", "The case document must be a JSON object."))
        doc = {k: v for k, v in doc.items() if k != "rrn_on_file"}  # case_for_edit's note, not a field
        now = self._clock()
        facts = self._office_facts()
        with self._db.write() as s:
            case = self._repo.case_in(s, case_id)
            refusal = self._edit_refusal(s, case)
            if refusal is not None:
                raise UserError(refusal)
            # The sealed RRN cannot be read without the supervisor's key; when the clerk does not
            # retype it, the validator accepts it as on file (its date is the stored birth date).
            rrn_on_file = None
            if not _has_rrn(doc) and case.rrn_sealed is not None and case.applicant_birth_date:
                rrn_on_file = dt.date.fromisoformat(case.applicant_birth_date)
            valid = validate_case_document(
                doc, self._catalogue, today=to_kst(now).date(), now=now, rrn_on_file=rrn_on_file
            )
            received_at = case.received_at
            assert received_at is not None  # a case past DRAFT always has its time of receipt
            kept = case.rrn_sealed if rrn_on_file is not None and valid.service.rrn_allowed else None
            if valid.received_at is not None and valid.received_at != case.received_at:
                raise UserError(
                    Msg(
                        "접수일시(received_at)는 고칠 수 없습니다.",
                        "The time of receipt (received_at) cannot be changed.",
                    )
                )
            if kept is not None:
                sealed = kept
            elif valid.rrn is not None:
                # sealed in memory before the row is touched: the clear RRN never reaches the disk
                sealed = facts.sealer.seal(valid.rrn.encode("ascii"), case.case_id.encode("ascii"))
            else:
                sealed = None
            old_codes = json.loads(case.warnings) if case.warnings else []
            warning_codes = list(valid.warning_codes)
            if kept is not None and "rrn_check_digit" in old_codes:
                warning_codes.insert(0, "rrn_check_digit")  # a warning about the number we kept
            book = self._book(s, now)
            period = book.period(valid.service.code, valid.category)
            if period is not None and not period.confirmed:
                warning_codes.append("period_unverified")
            due = dt.date.fromisoformat(case.due_date) if case.due_date else None
            extended = bool(self._repo.extensions(s, case.id))
            if not extended and (
                due is None
                or valid.service.code != case.service_code
                or valid.category != case.category
                or valid.received_via_system != bool(case.received_via_system)
            ):
                due = book.due_date(received_at, valid.service.code, valid.category, valid.received_via_system)
            # the very values submit() stores, so an edit normalises exactly like an intake
            row = _submitted_row(
                valid,
                facts,
                actor,
                sealed,
                received_at,
                due,
                case.receipt_no or "",
                case.import_key,
                warning_codes,
                now,
            )
            row["disclose"] = bool(row["disclose"])
            row["received_via_system"] = bool(row["received_via_system"])
            changed = [name for column, name in _EDIT_FIELDS if _stored_differs(getattr(case, column), row[column])]
            warnings = list(valid.warnings)
            if kept is not None and "rrn_check_digit" in old_codes:
                warnings.insert(0, WARNING_MESSAGES["rrn_check_digit"])
            if not changed:
                return EditResult(case.case_id, case.receipt_no or "", [], due, warnings, case.state)
            old_due = case.due_date
            for column, _name in _EDIT_FIELDS:
                setattr(case, column, row[column])
            case.warnings = row["warnings"]
            case.due_date = row["due_date"]
            case.updated_at = now
            detail: dict[str, Any] = {
                "fields": changed,
                "receipt_no": case.receipt_no,
                **content_hash_detail(case),
            }  # of the row as now stored
            if old_due != case.due_date:
                detail["due_date"] = {"from": old_due, "to": case.due_date}  # dates, not personal data
            self._audit.append(s, actor.id, "case.edit", case_id=case.case_id, reason=reason, detail=detail)
            if case.state == QUARANTINED:
                self.transition(s, case, QUEUED, actor.id, detail="edited")
            state = case.state
        return EditResult(case_id, case.receipt_no or "", changed, due, warnings, state)

    def _edit_refusal(self, session: Session, case: Case) -> Msg | None:
        """Why `case` cannot be edited now, or None. Editable: never offered to the central system
        (QUEUED, no attempt), or refused by it for its content (QUARANTINED, and QUEUED again
        after that with no attempt since). Anything that may have reached the server is not:
        it may hold the old content, and another document for the same case id is a conflict."""
        state = case.state
        if state in EDITABLE_STATES:
            last = self._repo.last_transition(session, case.id) if state == QUEUED and case.attempts else None
            if _editable(state, case.attempts, last):
                return None
        if state == DRAFT:
            return Msg(
                "임시 저장된 민원은 고칠 수 없습니다. 접수 화면에서 마저 작성해 저장하십시오.",
                "This complaint is only a draft: finish it on the intake page and save it there.",
            )
        if state in FINAL_STATES:
            return Msg(
                f"이미 등록된 민원입니다(접수번호 {case.receipt_no}). 등록된 시스템에서 고치십시오.",
                f"This complaint is already registered (receipt {case.receipt_no}); correct it in the "
                f"system where it is registered.",
            )
        label = STATE_LABELS.get(state)
        return Msg(
            f"이 민원은 이미 중앙 시스템으로 보낸 적이 있어({label.ko if label else state}) 고칠 수 없습니다. "
            f"중앙 시스템에 이전 내용이 있을 수 있으니, 등록된 뒤 그 시스템에서 고치십시오.",
            f"This complaint has already been sent ({label.en if label else state}), so it cannot be "
            f"changed here: the central system may hold the old content. Correct it there once it is "
            f"registered.",
        )

    def stats(self) -> dict:
        counts, oldest = self._repo.state_counts()
        by_state = {s: int(counts.get(s, 0)) for s in STATES}
        for state, n in counts.items():  # a state written by a newer program still counts
            by_state.setdefault(state, int(n))
        return {
            "total": sum(by_state.values()),
            "by_state": by_state,
            "oldest_unsent_at": kst_iso(oldest),
        }


def _short(value: Any, limit: int) -> str | None:
    return value.strip()[:limit] or None if isinstance(value, str) else None


def _editable(state: str, attempts: int | None, last_transition: tuple | None) -> bool:
    """Never offered to the central system, or refused by it for its content: QUARANTINED, or
    QUEUED with no attempt (or none since it was re-queued after a refusal)."""
    if state == QUARANTINED:
        return True
    return state == QUEUED and (not attempts or last_transition == (QUARANTINED, QUEUED))


def _edit_reason(reason: Any) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise UserError(Msg("민원을 고치려면 사유를 입력하십시오.", "Give a reason for correcting the complaint."))
    _free_text(reason, Msg("수정 사유", "reason for the correction"))
    return reason.strip()[:500]


def _has_rrn(doc: dict) -> bool:
    applicant = doc.get("applicant")
    if not isinstance(applicant, dict):
        return False
    value = applicant.get("rrn")
    return not (value is None or (isinstance(value, str) and not value.strip()))


_OUTAGE_SUPERVISOR = Msg(
    "전산장애 기간은 처리기한을 바꾸므로 감독자만 기록할 수 있습니다.",
    "Only a supervisor may record outage periods: they move processing deadlines.",
)
_HOLIDAY_SUPERVISOR = Msg(
    "임시공휴일은 처리기한을 바꾸므로 감독자만 기록할 수 있습니다.",
    "Only a supervisor may record ad hoc holidays: they move processing deadlines.",
)
_PERIOD_SUPERVISOR = Msg("사무소 처리기간은 감독자만 정할 수 있습니다.", "Only a supervisor may set an office period.")
_EXTEND_SUPERVISOR = Msg(
    "처리기간 연장은 감독자만 할 수 있습니다(시행령 제21조).",
    "Only a supervisor may extend a processing period (Decree art. 21).",
)


def _require_supervisor(actor: Actor, message: Msg) -> None:
    if not actor.is_supervisor:
        raise UserError(message)


def _stored_differs(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return bool(old) != bool(new)
    return old != new


def _national_phone(e164: str) -> str:
    """'+821012345678' -> '010-1234-5678' for the edit form; other countries stay international."""
    import phonenumbers  # imported here: start-up time

    try:
        number = phonenumbers.parse(e164, "KR")
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 82
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


def _submitted_row(
    valid: ValidCase,
    facts: _OfficeFacts,
    actor: Actor,
    sealed: bytes | None,
    received_at: dt.datetime,
    due: dt.date | None,
    receipt_no: str,
    import_key: str | None,
    warning_codes: list[str],
    now: dt.datetime,
) -> dict[str, Any]:
    """The SUBMIT_COLUMNS of a submitted case, in their stored form (times as stored_time text,
    booleans 0/1), for plain SQL."""
    return {
        "receipt_no": receipt_no,
        "state": QUEUED,
        "office_code": facts.hdong_code,
        "terminal": facts.terminal,
        "clerk": actor.id[:20],
        "channel": valid.channel,
        "category": valid.category,
        "service_code": valid.service.code,
        "title": valid.title,
        "content": valid.content,
        "applicant_kind": valid.applicant_kind,
        "applicant_name": valid.applicant_name,
        "applicant_birth_date": valid.birth_date.isoformat() if valid.birth_date else None,
        "applicant_gender": valid.gender,
        "applicant_phone": valid.phone_e164,
        "applicant_email": valid.email,
        "applicant_address": valid.address,
        "applicant_postcode": valid.postcode,
        "rrn_sealed": sealed,
        "disclose": 1 if valid.disclose else 0,
        "notify_by": valid.notify_by,
        "region": valid.region,
        "attachments_note": valid.attachments_note,
        "warnings": json.dumps(warning_codes) if warning_codes else None,
        "draft_json": None,  # the draft has become the case
        "import_key": import_key,
        "received_at": to_stored(received_at),
        "due_date": due.isoformat() if due else None,
        "updated_at": to_stored(now),
        "received_via_system": 1 if valid.received_via_system else 0,
    }


_ = (KST, RETRY_WAIT, SENDING, SENT, UNKNOWN_OUTCOME, REGISTERED_MANUALLY, ExtensionRecord)  # re-exported names
