"""The outbox of civil complaints: drafts, durable submission, the state machine, queue views.

Durable first: `submit()` validates, seals the RRN for the office public key (so the clear number
never touches disk), computes the due date, allocates the receipt number and inserts the case,
its first transition and its audit entry in ONE write transaction, and returns only after the
commit. Nothing unsent is ever deleted; only a DRAFT may be discarded, and that is audited.

`edit()` corrects a case that has not been sent yet (QUEUED, never attempted) or that the
central system refused (QUARANTINED, which goes back to QUEUED): the same validation as intake,
the RRN re-sealed or kept sealed, the due date recomputed, one audited write transaction.

The state machine is the TRANSITIONS table below and is enforced only in `_check_transition()`,
which `transition()` (every later state change: ours, sync's, the supervisor's) and `submit()`
(a case's first step, on its fast path) call before they change a row; each change writes a
case_transitions row and an audit entry in the caller's transaction (`_record_transition()`).

`submit()` is every intake's latency, so its database work is plain SQL on the write session's
own sqlite3 connection (offline.db.driver_connection) instead of the ORM: the ORM's flush and
per-statement work cost several times what SQLite spends. Everything else here uses the ORM.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from counter_app.actor import Actor
from counter_app.clock import KST, Clock, system_clock, to_kst
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.intake.catalogue import CATEGORIES, Catalogue
from counter_app.intake.deadlines import DeadlineCalculator, kr_holidays
from counter_app.intake.receipts import MAX_SEQ, format_receipt_no
from counter_app.intake.validation import ValidCase, validate_case_document
from counter_app.offline.audit import AuditLog
from counter_app.offline.db import Database, driver_connection
from counter_app.offline.models import Case, CaseState, CaseTransition, OutageWindow, UTCDateTime
from counter_app.security import Sealer, UnlockedKeys, mask_address, mask_email, mask_name, mask_phone

log = logging.getLogger(__name__)

DRAFT = CaseState.DRAFT.value
QUEUED = CaseState.QUEUED.value
SENDING = CaseState.SENDING.value
SENT = CaseState.SENT.value
RETRY_WAIT = CaseState.RETRY_WAIT.value
UNKNOWN_OUTCOME = CaseState.UNKNOWN_OUTCOME.value
QUARANTINED = CaseState.QUARANTINED.value
REGISTERED_MANUALLY = CaseState.REGISTERED_MANUALLY.value

STATES: tuple[str, ...] = tuple(s.value for s in CaseState)

# THE state machine. None = a case being created. Final states (SENT, REGISTERED_MANUALLY) lead nowhere.
TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({DRAFT, QUEUED}),
    DRAFT: frozenset({QUEUED}),
    QUEUED: frozenset({SENDING, REGISTERED_MANUALLY}),
    # a sent request ends in exactly one of: success, a retryable failure, a lost answer, a refusal
    SENDING: frozenset({SENT, RETRY_WAIT, UNKNOWN_OUTCOME, QUARANTINED}),
    RETRY_WAIT: frozenset({SENDING, REGISTERED_MANUALLY}),
    # resolved by asking the server for the case id: found -> SENT, never received -> QUEUED, or resend
    UNKNOWN_OUTCOME: frozenset({SENDING, SENT, QUEUED, REGISTERED_MANUALLY}),
    # a supervisor fixes and re-queues, or registers it by hand in the recovered system
    QUARANTINED: frozenset({QUEUED, REGISTERED_MANUALLY}),
    SENT: frozenset(),
    REGISTERED_MANUALLY: frozenset(),
}
UNSENT_STATES: tuple[str, ...] = (QUEUED, SENDING, RETRY_WAIT, UNKNOWN_OUTCOME, QUARANTINED)
FINAL_STATES: tuple[str, ...] = (SENT, REGISTERED_MANUALLY)

# The cases columns submit() writes: a new case is INSERTed with them (plus its id, created_at and
# attempts), a draft is UPDATEd to them. Values come from _submitted_row() in their stored form.
_SUBMIT_COLUMNS: tuple[str, ...] = (
    "receipt_no", "state", "office_code", "terminal", "clerk", "channel", "category", "service_code", "title",
    "content", "applicant_kind", "applicant_name", "applicant_birth_date", "applicant_gender", "applicant_phone",
    "applicant_email", "applicant_address", "applicant_postcode", "rrn_sealed", "disclose", "notify_by", "region",
    "attachments_note", "warnings", "draft_json", "import_key", "received_at", "due_date", "updated_at",
)
_INSERT_CASE_SQL = "INSERT INTO cases ({}) VALUES ({})".format(
    ", ".join(("case_id", "created_at", "attempts") + _SUBMIT_COLUMNS),
    ", ".join(":" + c for c in ("case_id", "created_at", "attempts") + _SUBMIT_COLUMNS))
_UPDATE_DRAFT_SQL = "UPDATE cases SET {} WHERE id = :pk".format(", ".join(f"{c} = :{c}" for c in _SUBMIT_COLUMNS))
_INSERT_TRANSITION_SQL = ("INSERT INTO case_transitions (case_pk, from_state, to_state, at, operator, detail) "
                          "VALUES (?, ?, ?, ?, ?, ?)")
_NEXT_RECEIPT_SEQ_SQL = ("INSERT INTO receipt_counters (terminal, day, last_seq) VALUES (?, ?, 1) "
                         "ON CONFLICT (terminal, day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq")
_stored_time = UTCDateTime().process_bind_param  # the exact text the ORM stores for a time

SORT_COLUMNS = {
    "receipt_no": "receipt_no", "received_at": "received_at", "state": "state", "category": "category",
    "service": "service_code", "applicant": "applicant_name", "due_date": "due_date",
}
MAX_DRAFT_BYTES = 64 * 1024

STATE_LABELS: dict[str, Msg] = {
    DRAFT: Msg("임시 저장", "draft"),
    QUEUED: Msg("전송 대기", "queued"),
    SENDING: Msg("전송 중", "sending"),
    SENT: Msg("등록 완료", "sent"),
    RETRY_WAIT: Msg("재시도 대기", "waiting to retry"),
    UNKNOWN_OUTCOME: Msg("결과 확인 필요", "outcome unknown"),
    QUARANTINED: Msg("보류(확인 필요)", "quarantined"),
    REGISTERED_MANUALLY: Msg("수기 등록", "registered by hand"),
}

WARNING_MESSAGES: dict[str, Msg] = {
    "rrn_check_digit": Msg("주민등록번호 검증 숫자 불일치(2020년 10월 이후 번호일 수 있음)",
                           "RRN check digit mismatch (may be a number issued since October 2020)"),
    "phone_channel": Msg("전화 접수(기타민원 외)", "received by phone (not an 'other' request)"),
    "period_unverified": Msg("처리기간 미확인: 민원처리기준표로 확인 필요", "processing period unverified: check the MOIS table"),
}


class InvalidTransition(UserError):
    pass


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


@dataclass(frozen=True)
class SubmitResult:
    case_id: str
    receipt_no: str
    due_date: dt.date
    warnings: list[Msg] = field(default_factory=list)
    received_at: dt.datetime | None = None
    duplicate: bool = False  # the import_key was already recorded: nothing was added


@dataclass(frozen=True)
class EditResult:
    case_id: str
    receipt_no: str
    changed: list[str]  # dotted field names ("applicant.phone"), never values; [] = nothing to change
    due_date: dt.date | None
    warnings: list[Msg] = field(default_factory=list)
    state: str = QUEUED  # the state after the edit


# Stored columns -> the case-document field a clerk edits (the names edit() reports and audits).
_EDIT_FIELDS: tuple[tuple[str, str], ...] = (
    ("channel", "channel"), ("category", "category"), ("service_code", "service"), ("title", "title"),
    ("content", "content"), ("applicant_kind", "applicant.kind"), ("applicant_name", "applicant.name"),
    ("applicant_birth_date", "applicant.birth_date"), ("applicant_gender", "applicant.gender"),
    ("applicant_phone", "applicant.phone"), ("applicant_email", "applicant.email"),
    ("applicant_address", "applicant.address"), ("applicant_postcode", "applicant.postcode"),
    ("rrn_sealed", "applicant.rrn"), ("disclose", "disclose"), ("notify_by", "notify_by"), ("region", "region"),
    ("attachments_note", "attachments_note"),
)
EDITABLE_STATES: tuple[str, ...] = (QUEUED, QUARANTINED)


@dataclass(frozen=True)
class _OfficeFacts:
    hdong_code: str
    terminal: str
    sealer: Sealer


def _iso(value: dt.datetime) -> str:
    """The stored form of a time (models.UTCDateTime), for raw SQL comparisons."""
    return value.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _kst_display(stored: str | None) -> str:
    if not stored:
        return ""
    return dt.datetime.fromisoformat(stored).astimezone(KST).strftime("%Y-%m-%d %H:%M")


def _check_case_id(case_id: str) -> str:
    try:
        return str(uuid.UUID(str(case_id)))
    except ValueError:
        raise UserError(Msg("사건 번호(case_id)는 UUID여야 합니다.", "The case id must be a UUID.")) from None


def _check_transition(from_state: str | None, to_state: str) -> None:
    """THE state machine check (None = a case being created). Call before changing the row."""
    if to_state not in TRANSITIONS.get(from_state, frozenset()):
        raise InvalidTransition(Msg(
            f"사건 상태를 {from_state or '(새 사건)'}에서 {to_state}(으)로 바꿀 수 없습니다.",
            f"A case cannot go from {from_state or '(new)'} to {to_state}."))


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


def case_document(case: Case, catalogue: Catalogue) -> dict:
    """The case document (contracts.md §1) of a stored case, without the RRN: what sync sends
    (plus its own envelope) and what a supervisor re-keys. Deterministic for one case."""
    service = catalogue.by_code(case.service_code)
    applicant = {
        "name": case.applicant_name, "kind": case.applicant_kind, "birth_date": case.applicant_birth_date,
        "gender": case.applicant_gender, "phone": case.applicant_phone, "email": case.applicant_email,
        "address": case.applicant_address, "postcode": case.applicant_postcode,
    }
    return {
        "channel": case.channel, "category": case.category,
        "service": service.name_ko if service else case.service_code,
        "title": case.title, "content": case.content,
        "applicant": {k: v for k, v in applicant.items() if v is not None},
        "disclose": bool(case.disclose), "notify_by": case.notify_by, "region": case.region,
        "attachments_note": case.attachments_note,
    }


class CaseQueue:
    def __init__(self, db: Database, audit: AuditLog, office_service, catalogue: Catalogue,
                 clock: Clock = system_clock, *, holidays=None):
        self._db = db
        self._audit = audit
        self._office = office_service
        self._catalogue = catalogue
        self._clock = clock
        self._holidays = holidays  # None: Korean public holidays, loaded on first use
        self._facts: _OfficeFacts | None = None
        # (outage window rows, calculator built from them): reused while the rows stay the same
        self._calc_cache: tuple[tuple, DeadlineCalculator] | None = None
        self._reader = None
        self._reader_lock = threading.Lock()

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    # ---------------------------------------------------------------- helpers
    def _office_facts(self) -> _OfficeFacts:
        # The office row and its public key never change once set up: read them once.
        if self._facts is None:
            office = self._office.require()
            self._facts = _OfficeFacts(office.hdong_code, office.terminal_id, Sealer(office.seal_public_key))
        return self._facts

    def _holiday_test(self):
        if self._holidays is None:
            self._holidays = kr_holidays()
        return self._holidays

    def _calculator(self, session: Session, now: dt.datetime) -> DeadlineCalculator:
        """The deadline calculator for the recorded outage windows (flushed rows only). The windows
        are read in the caller's transaction every time (one tiny query; another process such as
        the CLI may have added or closed one), and the calculator is reused while they are the same
        rows as last time, so adding or closing a window invalidates it by itself. While a window
        is open it counts up to `now`, so it is built afresh."""
        rows = tuple(driver_connection(session).execute(
            "SELECT start_at, end_at FROM outage_windows ORDER BY id").fetchall())
        cached = self._calc_cache
        if cached is not None and cached[0] == rows:
            return cached[1]
        windows = [(dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b) if b else None) for a, b in rows]
        calc = DeadlineCalculator(self._holiday_test(), windows, open_window_end=now)
        if all(end is not None for _, end in rows):
            self._calc_cache = (rows, calc)
        return calc

    def _due_date(self, calc: DeadlineCalculator, received_at: dt.datetime, service_code: str | None,
                  category: str | None) -> dt.date | None:
        service = self._catalogue.by_code(service_code)
        if service is None or category is None:
            return None
        days, hours = service.period_for(category)
        return calc.due_date(received_at, days=days, hours=hours)

    def _raw(self):
        if self._reader is None:
            self._reader = self._db.raw_connection()
        return self._reader

    def close(self) -> None:
        with self._reader_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None

    # ---------------------------------------------------------------- the state machine
    def transition(self, session: Session, case: Case, to_state: str, actor_id: str, detail: str | None = None,
                   *, audit_action: str = "case.transition", audit_detail: dict | None = None) -> None:
        """Move `case` to `to_state` inside the caller's write session: every state change but
        submit's goes through here (both check with _check_transition). Writes a case_transitions
        row and an audit entry (no personal data in `detail`)."""
        from_state = case.state
        _check_transition(from_state, to_state)
        now = self._clock()
        case.state = to_state
        case.updated_at = now
        if case.id is None:
            session.add(case)
            session.flush()
        self._record_transition(session, case.id, case.case_id, from_state, to_state, actor_id, now, detail,
                                audit_action=audit_action, audit_detail=audit_detail)

    def _record_transition(self, session: Session, case_pk: int, case_id: str, from_state: str | None,
                           to_state: str, actor_id: str, now: dt.datetime, detail: str | None = None, *,
                           audit_action: str, audit_detail: dict | None) -> None:
        """The history row and the audit entry of a change the caller has checked with
        _check_transition(). Plain SQL: the history row needs no unit-of-work bookkeeping."""
        driver_connection(session).execute(
            _INSERT_TRANSITION_SQL, (case_pk, from_state, to_state, _stored_time(now, None), actor_id, detail))
        details = {"from": from_state, "to": to_state}
        if audit_detail:
            details.update(audit_detail)
        self._audit.append(session, actor_id, audit_action, case_id=case_id, detail=details)

    # ---------------------------------------------------------------- drafts
    def save_draft(self, actor: Actor, form: dict, case_id: str | None = None) -> str:
        """Keep a half-typed form. Any 'rrn' is dropped here and never stored; returns the case id."""
        if not isinstance(form, dict):
            raise UserError(Msg("임시 저장할 양식이 올바르지 않습니다.", "The form to save is not valid."))
        clean = _drop_rrn(form)
        try:
            payload = json.dumps(clean, ensure_ascii=False, sort_keys=True)
        except (TypeError, ValueError):
            raise UserError(Msg("임시 저장할 양식에 저장할 수 없는 값이 있습니다.", "The form holds a value that cannot be saved.")) from None
        if len(payload.encode("utf-8", "surrogatepass")) > MAX_DRAFT_BYTES:
            raise UserError(Msg("임시 저장할 양식이 너무 큽니다.", "The form is too large to save."))
        facts = self._office_facts()
        case_id = _check_case_id(case_id) if case_id else str(uuid.uuid4())
        now = self._clock()
        applicant = clean.get("applicant") if isinstance(clean.get("applicant"), dict) else {}
        service = self._catalogue.find(clean.get("service")) if isinstance(clean.get("service"), str) else None
        with self._db.write() as s:
            case = s.execute(select(Case).where(Case.case_id == case_id)).scalar_one_or_none()
            if case is not None and case.state != DRAFT:
                raise UserError(Msg(f"이미 접수된 민원입니다(접수번호 {case.receipt_no}). 임시 저장하지 않았습니다.",
                                    f"This complaint was already submitted (receipt {case.receipt_no}); nothing was saved."))
            creating = case is None
            if creating:
                case = Case(case_id=case_id, office_code=facts.hdong_code, terminal=facts.terminal, clerk=actor.id,
                            created_at=now, disclose=False, attempts=0)
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
                select(Case.case_id, Case.draft_json).where(Case.state == DRAFT, Case.clerk == actor.id)
                .order_by(Case.updated_at.desc(), Case.id.desc()).limit(1)
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
            case = s.execute(select(Case).where(Case.case_id == case_id)).scalar_one_or_none()
            if case is None:
                raise UserError(Msg("임시 저장된 민원이 없습니다.", "There is no such draft."))
            if case.state != DRAFT:
                raise UserError(Msg("접수된 민원은 삭제할 수 없습니다. 임시 저장만 버릴 수 있습니다.",
                                    "A submitted complaint can never be deleted; only a draft can be discarded."))
            s.execute(delete(CaseTransition).where(CaseTransition.case_pk == case.id))
            s.delete(case)
            self._audit.append(s, actor.id, "case.draft_discard", case_id=case_id)

    # ---------------------------------------------------------------- submission
    def submit(self, actor: Actor, doc: dict, *, case_id: str | None = None,
               import_key: str | None = None) -> SubmitResult:
        """Record one complaint durably. Raises CaseValidationError (fields named) or UserError.

        One BEGIN IMMEDIATE transaction holds the receipt counter, the case row (new, or the draft
        it replaces), its first transition and its audit entry; it commits (synchronous=FULL)
        before this returns. The database work is plain SQL on that transaction's connection."""
        now = self._clock()
        valid = validate_case_document(doc, self._catalogue, today=to_kst(now).date(), now=now)
        facts = self._office_facts()
        given_case_id = case_id is not None
        case_id = _check_case_id(case_id) if given_case_id else str(uuid.uuid4())
        # Sealed in memory before any database work: the clear RRN never reaches the disk.
        sealed = facts.sealer.seal(valid.rrn.encode("ascii"), case_id.encode("ascii")) if valid.rrn else None
        received_at = valid.received_at or now
        warning_codes = list(valid.warning_codes)
        warnings = list(valid.warnings)
        if not valid.service.period_verified:
            warning_codes.append("period_unverified")
        days, hours = valid.service.period_for(valid.category)
        with self._db.write() as s:
            conn = driver_connection(s)
            if import_key is not None:
                dup = conn.execute("SELECT case_id, receipt_no, due_date, received_at FROM cases WHERE import_key = ?",
                                   (import_key,)).fetchone()
                if dup is not None:
                    return SubmitResult(dup[0], dup[1] or "", dt.date.fromisoformat(dup[2]) if dup[2] else None,
                                        [], dt.datetime.fromisoformat(dup[3]) if dup[3] else None, duplicate=True)
            # a fresh UUID cannot name an existing row: only a given id (a draft) is looked up
            draft = conn.execute("SELECT id, state, receipt_no FROM cases WHERE case_id = ?",
                                 (case_id,)).fetchone() if given_case_id else None
            from_state = draft[1] if draft else None
            if from_state is not None and from_state != DRAFT:
                raise UserError(Msg(f"이미 접수된 민원입니다(접수번호 {draft[2]}).",
                                    f"This complaint was already submitted (receipt {draft[2]})."))
            _check_transition(from_state, QUEUED)
            due = self._calculator(s, now).due_date(received_at, days=days, hours=hours)
            receipt_no = self._allocate_receipt_no(conn, facts, to_kst(received_at).date())
            row = _submitted_row(valid, facts, actor, sealed, received_at, due, receipt_no, import_key,
                                 warning_codes, now)
            if draft is None:
                case_pk = conn.execute(_INSERT_CASE_SQL, {
                    **row, "case_id": case_id, "created_at": row["updated_at"], "attempts": 0}).lastrowid
            else:
                case_pk = draft[0]
                conn.execute(_UPDATE_DRAFT_SQL, {**row, "pk": case_pk})
            self._record_transition(s, case_pk, case_id, from_state, QUEUED, actor.id, now,
                                    audit_action="case.submit",
                                    audit_detail={"receipt_no": receipt_no, "import": import_key is not None})
        return SubmitResult(case_id, receipt_no, due, warnings, received_at)

    def _allocate_receipt_no(self, conn: sqlite3.Connection, facts: _OfficeFacts, day: dt.date) -> str:
        """Next sequence for this terminal and KST day, inside the case's own transaction: if the
        case rolls back so does the number, so the sequence has no gaps."""
        ((seq,),) = conn.execute(_NEXT_RECEIPT_SEQ_SQL, (facts.terminal, f"{day:%Y%m%d}")).fetchall()
        if seq > MAX_SEQ:
            raise UserError(Msg(f"이 단말기의 {day:%Y-%m-%d} 접수번호({MAX_SEQ}건)를 모두 썼습니다. 다른 단말기에서 접수하십시오.",
                                f"This terminal has used all {MAX_SEQ} receipt numbers for {day:%Y-%m-%d}; record it on another terminal."))
        return format_receipt_no(facts.hdong_code, day, facts.terminal, seq)

    # ---------------------------------------------------------------- outage windows
    def add_outage_window(self, actor: Actor, start: dt.datetime, end: dt.datetime | None = None,
                          note: str | None = None) -> int:
        """Record a period when systems were down (excluded from deadlines, 시행령 제20조 2호) and
        recompute the due dates of unsent cases. Supervisor only (it moves legal deadlines); audited."""
        _require_supervisor(actor)
        _check_window(start, end, note)
        now = self._clock()
        with self._db.write() as s:
            window = OutageWindow(start_at=start, end_at=end, note=note, recorded_by=actor.id[:20], created_at=now)
            s.add(window)
            s.flush()
            changed = self._recompute_due_dates(s, now)
            self._audit.append(s, actor.id, "outage.add", detail={
                "window_id": window.id, "start": _iso(start), "end": _iso(end) if end else None, "recomputed": changed})
            return window.id

    def close_outage_window(self, actor: Actor, window_id: int, end: dt.datetime) -> None:
        _require_supervisor(actor)
        now = self._clock()
        with self._db.write() as s:
            window = s.get(OutageWindow, window_id)
            if window is None:
                raise UserError(Msg("해당 장애 기간 기록이 없습니다.", "There is no such outage window."))
            _check_window(window.start_at, end, None)
            window.end_at = end
            changed = self._recompute_due_dates(s, now)
            self._audit.append(s, actor.id, "outage.close", detail={
                "window_id": window_id, "end": _iso(end), "recomputed": changed})

    def outage_windows(self) -> list[dict]:
        with self._db.read() as s:
            rows = s.execute(select(OutageWindow).order_by(OutageWindow.start_at)).scalars().all()
        return [{"id": w.id, "start_at": to_kst(w.start_at).isoformat(), "end_at": to_kst(w.end_at).isoformat() if w.end_at else None,
                 "note": w.note, "recorded_by": w.recorded_by} for w in rows]

    def _recompute_due_dates(self, session: Session, now: dt.datetime) -> int:
        session.flush()  # the calculator reads the windows with plain SQL: it must see the change
        calc = self._calculator(session, now)
        changed = 0
        cases = session.execute(
            select(Case).where(Case.state.in_(UNSENT_STATES), Case.received_at.is_not(None))).scalars()
        for case in cases:
            due = self._due_date(calc, case.received_at, case.service_code, case.category)
            if due is not None and due.isoformat() != case.due_date:
                case.due_date = due.isoformat()
                changed += 1
        return changed

    # ---------------------------------------------------------------- views
    def _where(self, f: QueueFilter) -> tuple[str, list]:
        clauses, params = [], []
        if f.state:
            clauses.append("state = ?")
            params.append(f.state)
        else:
            clauses.append("state != 'DRAFT'")  # drafts are not cases yet: shown only when asked for
        if f.date_from:
            clauses.append("received_at >= ?")
            params.append(_iso(dt.datetime.combine(f.date_from, dt.time(0), KST)))
        if f.date_to:
            clauses.append("received_at < ?")
            params.append(_iso(dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time(0), KST)))
        if f.receipt_no and f.receipt_no.strip():
            clauses.append("instr(receipt_no, ?) > 0")
            params.append(f.receipt_no.strip().upper())
        if f.name and f.name.strip():
            prefix = f.name.strip()
            clauses.append("applicant_name >= ? AND applicant_name < ?")  # a range: uses the name index
            params.extend([prefix, prefix + "\U0010ffff"])
        return " AND ".join(clauses), params

    def count(self, f: QueueFilter = QueueFilter()) -> int:
        where, params = self._where(f)
        with self._reader_lock:
            return self._raw().execute(f"SELECT count(*) FROM cases WHERE {where}", params).fetchone()[0]

    def page(self, f: QueueFilter, offset: int, limit: int, sort: str = "received_at",
             descending: bool = True) -> list[QueueRow]:
        column = SORT_COLUMNS.get(sort)
        if column is None:
            raise ValueError(f"unknown sort key {sort!r}")
        where, params = self._where(f)
        order = "DESC" if descending else "ASC"
        sql = (f"SELECT case_id, receipt_no, received_at, state, category, service_code, applicant_name, "
               f"applicant_phone, due_date FROM cases WHERE {where} ORDER BY {column} {order}, id {order} "
               f"LIMIT ? OFFSET ?")
        with self._reader_lock:
            rows = self._raw().execute(sql, [*params, int(limit), int(offset)]).fetchall()
        out = []
        for case_id, receipt_no, received_at, state, category, service_code, name, phone, due in rows:
            service = self._catalogue.by_code(service_code)
            out.append(QueueRow(case_id, receipt_no, _kst_display(received_at), state, category,
                                service.display_name() if service else (service_code or ""), mask_name(name),
                                mask_phone(phone), due or ""))
        return out

    def case_record(self, case_id: str) -> Case:
        """The stored case (detached; unmasked apart from the sealed RRN) for documents and sync."""
        with self._db.read() as s:
            case = s.execute(select(Case).where(Case.case_id == case_id)).scalar_one_or_none()
        if case is None:
            raise UserError(Msg("해당 민원이 없습니다.", "There is no such complaint."))
        return case

    def find_by_receipt(self, receipt_no: str) -> Case | None:
        with self._db.read() as s:
            return s.execute(select(Case).where(Case.receipt_no == receipt_no.strip().upper())).scalar_one_or_none()

    def case_detail(self, case_id: str) -> dict:
        """Everything about a case for the detail view, personal data masked."""
        with self._db.read() as s:
            case = s.execute(select(Case).where(Case.case_id == case_id)).scalar_one_or_none()
            if case is None:
                raise UserError(Msg("해당 민원이 없습니다.", "There is no such complaint."))
            history = s.execute(select(CaseTransition).where(CaseTransition.case_pk == case.id)
                                .order_by(CaseTransition.id)).scalars().all()
        service = self._catalogue.by_code(case.service_code)
        category = CATEGORIES.get(case.category or "")
        codes = json.loads(case.warnings) if case.warnings else []
        birth = case.applicant_birth_date
        return {
            "case_id": case.case_id, "receipt_no": case.receipt_no, "state": case.state,
            "state_label": STATE_LABELS[case.state].text() if case.state in STATE_LABELS else case.state,
            "received_at": to_kst(case.received_at).isoformat() if case.received_at else None,
            "due_date": case.due_date, "office_code": case.office_code, "terminal": case.terminal,
            "clerk": case.clerk, "channel": case.channel, "category": case.category,
            "category_label": category.text() if category else None,
            "service_code": case.service_code, "service": service.name_ko if service else case.service_code,
            "service_en": service.name_en if service else case.service_code,
            "title": case.title, "content": case.content, "disclose": bool(case.disclose),
            "notify_by": case.notify_by, "region": case.region, "attachments_note": case.attachments_note,
            "applicant": {
                "name": mask_name(case.applicant_name), "kind": case.applicant_kind, "birth_date": birth,
                "gender": case.applicant_gender, "phone": mask_phone(case.applicant_phone),
                "email": mask_email(case.applicant_email), "address": mask_address(case.applicant_address),
                "postcode": case.applicant_postcode,
                # the number is sealed: only its date part (= the birth date) can be shown without the key
                "rrn": (f"{birth[2:4]}{birth[5:7]}{birth[8:10]}-*******" if birth else "******-*******")
                if case.rrn_sealed else None,
                "has_rrn": case.rrn_sealed is not None,
            },
            "warnings": [(WARNING_MESSAGES.get(c) or Msg(c, c)).text() for c in codes],
            "attempts": case.attempts, "last_error": case.last_error, "official_no": case.official_no,
            "registered_at": to_kst(case.registered_at).isoformat() if case.registered_at else None,
            "history": [{"at": to_kst(t.at).isoformat(), "from": t.from_state, "to": t.to_state,
                         "operator": t.operator, "detail": t.detail} for t in history],
            # whether edit() would accept a correction now (the queue page enables its button by it)
            "editable": _editable(case.state, case.attempts,
                                  (history[-1].from_state, history[-1].to_state) if history else None),
        }

    def reveal_rrn(self, actor: Actor, case_id: str, keys: UnlockedKeys, reason: str) -> str:
        """The clear RRN, for an unlocked supervisor with a stated reason. The access is audited
        ('case.view_unmasked') and committed before the number is returned."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(Msg("주민등록번호를 보려면 사유를 입력하십시오.", "Give a reason to view the resident registration number."))
        from counter_app.pii import refuse_rrn_in

        refuse_rrn_in(reason, Msg("열람 사유", "reason for viewing"))  # it is kept in the audit log
        with self._db.write() as s:
            case = s.execute(select(Case).where(Case.case_id == case_id)).scalar_one_or_none()
            if case is None:
                raise UserError(Msg("해당 민원이 없습니다.", "There is no such complaint."))
            if case.rrn_sealed is None:
                raise UserError(Msg("이 민원에는 주민등록번호가 없습니다.", "This complaint holds no resident registration number."))
            blob = case.rrn_sealed
            value = keys.unsealer.unseal(blob, case.case_id.encode("ascii")).decode("ascii")
            self._audit.append(s, actor.id, "case.view_unmasked", case_id=case_id, reason=reason.strip()[:500],
                               detail={"field": "applicant.rrn"})
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
            case = _case_in(s, case_id)
            refusal = self._edit_refusal(s, case)
            if refusal is not None:
                raise UserError(refusal)
            document = case_document(case, self._catalogue)
            document["rrn_on_file"] = case.rrn_sealed is not None
            self._audit.append(s, actor.id, "case.view_for_edit", case_id=case_id, reason=reason,
                               detail={"receipt_no": case.receipt_no})
        phone = document["applicant"].get("phone")
        if phone:
            document["applicant"]["phone"] = _national_phone(phone)  # as a clerk types it
        return document

    def edit(self, actor: Actor, case_id: str, doc: dict, reason: str) -> EditResult:
        """Correct a case that the central system has never seen: QUEUED and never attempted, or
        QUARANTINED (refused for its content; it goes back to QUEUED through transition()).

        `doc` is the whole corrected case document, validated like intake. Its "rrn" is sealed
        afresh; without one, the sealed RRN is kept if the service still requires it and dropped
        if it no longer does. case_id, receipt_no, received_at and the office/terminal/clerk
        never change; the due date is recomputed when the service or the class changes. One
        write transaction: the row, the audit entry 'case.edit' (reason and the NAMES of the
        changed fields, never their values) and, from QUARANTINED, the transition. A document
        that changes nothing writes nothing and returns changed=[]."""
        reason = _edit_reason(reason)
        case_id = _check_case_id(case_id)
        if not isinstance(doc, dict):
            raise UserError(Msg("민원 문서는 JSON 객체여야 합니다.", "The case document must be a JSON object."))
        doc = {k: v for k, v in doc.items() if k != "rrn_on_file"}  # case_for_edit's note, not a field
        now = self._clock()
        facts = self._office_facts()
        with self._db.write() as s:
            case = _case_in(s, case_id)
            refusal = self._edit_refusal(s, case)
            if refusal is not None:
                raise UserError(refusal)
            # The sealed RRN cannot be read without the supervisor's key; when the clerk does not
            # retype it, the validator accepts it as on file (its date is the stored birth date).
            rrn_on_file = None
            if not _has_rrn(doc) and case.rrn_sealed is not None and case.applicant_birth_date:
                rrn_on_file = dt.date.fromisoformat(case.applicant_birth_date)
            valid = validate_case_document(doc, self._catalogue, today=to_kst(now).date(), now=now,
                                           rrn_on_file=rrn_on_file)
            kept = case.rrn_sealed if rrn_on_file is not None and valid.service.rrn_allowed else None
            if valid.received_at is not None and valid.received_at != case.received_at:
                raise UserError(Msg("접수일시(received_at)는 고칠 수 없습니다.",
                                    "The time of receipt (received_at) cannot be changed."))
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
            if not valid.service.period_verified:
                warning_codes.append("period_unverified")
            due = dt.date.fromisoformat(case.due_date) if case.due_date else None
            if due is None or valid.service.code != case.service_code or valid.category != case.category:
                due = self._due_date(self._calculator(s, now), case.received_at, valid.service.code, valid.category)
            # the very values submit() stores, so an edit normalises exactly like an intake
            row = _submitted_row(valid, facts, actor, sealed, case.received_at, due, case.receipt_no,
                                 case.import_key, warning_codes, now)
            row["disclose"] = bool(row["disclose"])
            changed = [name for column, name in _EDIT_FIELDS if _stored_differs(getattr(case, column), row[column])]
            warnings = list(valid.warnings)
            if kept is not None and "rrn_check_digit" in old_codes:
                warnings.insert(0, WARNING_MESSAGES["rrn_check_digit"])
            if not changed:
                return EditResult(case.case_id, case.receipt_no, [], due, warnings, case.state)
            old_due = case.due_date
            for column, _name in _EDIT_FIELDS:
                setattr(case, column, row[column])
            case.warnings = row["warnings"]
            case.due_date = row["due_date"]
            case.updated_at = now
            detail: dict[str, Any] = {"fields": changed, "receipt_no": case.receipt_no}
            if old_due != case.due_date:
                detail["due_date"] = {"from": old_due, "to": case.due_date}  # dates, not personal data
            self._audit.append(s, actor.id, "case.edit", case_id=case.case_id, reason=reason, detail=detail)
            if case.state == QUARANTINED:
                self.transition(s, case, QUEUED, actor.id, detail="edited")
            state = case.state
        return EditResult(case_id, case.receipt_no, changed, due, warnings, state)

    def _edit_refusal(self, session: Session, case: Case) -> Msg | None:
        """Why `case` cannot be edited now, or None. Editable: never offered to the central system
        (QUEUED, no attempt), or refused by it for its content (QUARANTINED, and QUEUED again
        after that with no attempt since). Anything that may have reached the server is not:
        it may hold the old content, and another document for the same case id is a conflict."""
        state = case.state
        if state in EDITABLE_STATES:
            last = None
            if state == QUEUED and case.attempts:
                last = session.execute(
                    select(CaseTransition.from_state, CaseTransition.to_state)
                    .where(CaseTransition.case_pk == case.id).order_by(CaseTransition.id.desc()).limit(1)).first()
            if _editable(state, case.attempts, tuple(last) if last is not None else None):
                return None
        if state == DRAFT:
            return Msg("임시 저장된 민원은 고칠 수 없습니다. 접수 화면에서 마저 작성해 저장하십시오.",
                       "This complaint is only a draft: finish it on the intake page and save it there.")
        if state in FINAL_STATES:
            return Msg(f"이미 등록된 민원입니다(접수번호 {case.receipt_no}). 등록된 시스템에서 고치십시오.",
                       f"This complaint is already registered (receipt {case.receipt_no}); correct it in the "
                       f"system where it is registered.")
        label = STATE_LABELS.get(state)
        return Msg(f"이 민원은 이미 중앙 시스템으로 보낸 적이 있어({label.ko if label else state}) 고칠 수 없습니다. "
                   f"중앙 시스템에 이전 내용이 있을 수 있으니, 등록된 뒤 그 시스템에서 고치십시오.",
                   f"This complaint has already been sent ({label.en if label else state}), so it cannot be "
                   f"changed here: the central system may hold the old content. Correct it there once it is "
                   f"registered.")

    def stats(self) -> dict:
        with self._reader_lock:
            conn = self._raw()
            counts = dict(conn.execute("SELECT state, count(*) FROM cases GROUP BY state").fetchall())
            placeholders = ",".join("?" * len(UNSENT_STATES))
            (oldest,) = conn.execute(
                f"SELECT min(received_at) FROM cases WHERE state IN ({placeholders})", UNSENT_STATES).fetchone()
        by_state = {s: int(counts.get(s, 0)) for s in STATES}
        for state, n in counts.items():  # a state written by a newer program still counts
            by_state.setdefault(state, int(n))
        return {
            "total": sum(by_state.values()),
            "by_state": by_state,
            "oldest_unsent_at": to_kst(dt.datetime.fromisoformat(oldest)).isoformat() if oldest else None,
        }


def _short(value: Any, limit: int) -> str | None:
    return value.strip()[:limit] or None if isinstance(value, str) else None


def _editable(state: str, attempts: int | None, last_transition: tuple | None) -> bool:
    """Never offered to the central system, or refused by it for its content: QUARANTINED, or
    QUEUED with no attempt (or none since it was re-queued after a refusal)."""
    if state == QUARANTINED:
        return True
    return state == QUEUED and (not attempts or last_transition == (QUARANTINED, QUEUED))


def _case_in(session: Session, case_id: str) -> Case:
    case = session.execute(select(Case).where(Case.case_id == case_id)).scalar_one_or_none()
    if case is None:
        raise UserError(Msg("해당 민원이 없습니다.", "There is no such complaint."))
    return case


def _edit_reason(reason: Any) -> str:
    from counter_app.pii import refuse_rrn_in

    if not isinstance(reason, str) or not reason.strip():
        raise UserError(Msg("민원을 고치려면 사유를 입력하십시오.", "Give a reason for correcting the complaint."))
    refuse_rrn_in(reason, Msg("수정 사유", "reason for the correction"))  # it is kept in the audit log
    return reason.strip()[:500]


def _has_rrn(doc: dict) -> bool:
    applicant = doc.get("applicant")
    if not isinstance(applicant, dict):
        return False
    value = applicant.get("rrn")
    return not (value is None or (isinstance(value, str) and not value.strip()))


def _require_supervisor(actor: Actor) -> None:
    if not actor.is_supervisor:
        raise UserError(Msg("전산장애 기간은 처리기한을 바꾸므로 감독자만 기록할 수 있습니다.",
                            "Only a supervisor may record outage periods: they move processing deadlines."))


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
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 82 else \
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


def _check_window(start: dt.datetime, end: dt.datetime | None, note: str | None) -> None:
    if not isinstance(start, dt.datetime) or start.tzinfo is None or (end is not None and end.tzinfo is None):
        raise UserError(Msg("장애 기간의 시각에는 시간대가 있어야 합니다.", "Outage times must carry a time zone."))
    if end is not None and end <= start:
        raise UserError(Msg("장애 종료 시각이 시작 시각보다 뒤여야 합니다.", "The outage must end after it starts."))
    if note is not None and len(note) > 200:
        raise UserError(Msg("장애 기간 메모는 200자 이하여야 합니다.", "The outage note must be at most 200 characters."))


def _submitted_row(valid: ValidCase, facts: _OfficeFacts, actor: Actor, sealed: bytes | None,
                   received_at: dt.datetime, due: dt.date, receipt_no: str, import_key: str | None,
                   warning_codes: list[str], now: dt.datetime) -> dict[str, Any]:
    """The _SUBMIT_COLUMNS of a submitted case, in their stored form (times as models.UTCDateTime
    text, booleans 0/1), for plain SQL."""
    return {
        "receipt_no": receipt_no, "state": QUEUED,
        "office_code": facts.hdong_code, "terminal": facts.terminal, "clerk": actor.id[:20],
        "channel": valid.channel, "category": valid.category, "service_code": valid.service.code,
        "title": valid.title, "content": valid.content,
        "applicant_kind": valid.applicant_kind, "applicant_name": valid.applicant_name,
        "applicant_birth_date": valid.birth_date.isoformat() if valid.birth_date else None,
        "applicant_gender": valid.gender, "applicant_phone": valid.phone_e164, "applicant_email": valid.email,
        "applicant_address": valid.address, "applicant_postcode": valid.postcode,
        "rrn_sealed": sealed, "disclose": 1 if valid.disclose else 0, "notify_by": valid.notify_by,
        "region": valid.region, "attachments_note": valid.attachments_note,
        "warnings": json.dumps(warning_codes) if warning_codes else None,
        "draft_json": None,  # the draft has become the case
        "import_key": import_key,
        "received_at": _stored_time(received_at, None), "due_date": due.isoformat(),
        "updated_at": _stored_time(now, None),
    }
