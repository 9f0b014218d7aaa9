"""The sync engine: every unsent case reaches the target exactly once, or says why not.

The rules (architecture.md "Sync", issue 10):
- One worker per data directory (lease.py), renewed as it works.
- The attempt is marked durably BEFORE anything is sent: a chunk of cases goes to SENDING (one
  BEGIN IMMEDIATE transaction, each change through the state machine and audited), and only then
  are their requests made. Outcomes are written when the chunk ends — a crash in between leaves
  SENDING rows, which the next run turns into UNKNOWN_OUTCOME and resolves by asking the server
  (GET /v1/cases/{id}): found -> SENT, never received -> QUEUED and sent again. So a lost write
  of an outcome costs a question, never a double registration or a lost case.
- Only a validated success (intake_api.registration) moves a case to SENT, with its official
  number. 409/422 (another 4xx) quarantine that case with the reason; the batch goes on.
- 401/403 stop the run at once: the cases not yet answered go back to RETRY_WAIT (nothing is
  marked sent or refused that was not), and the supervisor is told.
- 429/503 honour Retry-After; transport errors back off exponentially with jitter; a run gives up
  after `max_failures` failures in a row (the cases wait in RETRY_WAIT for the next run).
- A lost answer (UnknownOutcomeError, an HTML page with 200, a body for another case) makes the
  case UNKNOWN_OUTCOME, resolved by the lookup above — never a blind resend.
- Sleep, clock and randomness are injected (tests never sleep for real); `cancelled()` is polled
  between requests and passed to the HTTP client so an exchange in flight stops too.
- Nothing sent is edited here (a SENT case is final in the state machine), nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select

from counter_app.cases.read_models import wire_case
from counter_app.cases.states import (
    QUARANTINED,
    QUEUED,
    RETRY_WAIT,
    SENDING,
    SENT,
    UNKNOWN_OUTCOME,
    UNSENT_STATES,
)
from counter_app.clock import Clock, system_clock
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.net.errors import AuthError, Cancelled, TransportError, UnknownOutcomeError
from counter_app.offline.db import driver_connection
from counter_app.offline.models import CASE_APPLICATION_COLUMNS
from counter_app.offline.queue import Move
from counter_app.offline.stored_time import from_stored, to_stored
from counter_app.sync.intake_api import (
    NeverReceived,
    Pending,
    Refused,
    Registered,
    RetryLater,
    Unknowable,
    Unknown,
)
from counter_app.sync.lease import Lease, LeaseHeld

log = logging.getLogger(__name__)

SYNC_ROLE = "sync"


@dataclass(frozen=True)
class SyncOptions:
    batch: int = 1  # 1: one POST /v1/cases per case; 2..200: POST /v1/cases:batch of that many
    chunk: int = 100  # single requests: cases marked SENDING per transaction
    max_tries: int = 8  # sends (and, separately, lookups) of one case in one run
    max_failures: int = 10  # failures in a row (no success between) before the run gives up
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    retry_after_max: float = 120.0


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    sent: int
    quarantined: int
    waiting: int
    unknown: int
    phase: str  # sending | checking | waiting


@dataclass
class SyncResult:
    run_id: int
    status: str  # done | unresolved | stopped | cancelled | gave_up
    message: Msg | None
    counts: dict[str, int]
    unresolved: int
    target: str

    def as_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "status": self.status,
            "target": self.target,
            "message": self.message.text() if self.message else None,
            "counts": dict(self.counts),
            "unresolved": self.unresolved,
        }


class _Stop(Exception):
    def __init__(self, status: str, msg: Msg):
        super().__init__(msg.en)
        self.status = status
        self.msg = msg


COUNT_KEYS = ("sent", "already_registered", "quarantined", "unknown_outcome", "retry_wait", "requeued", "needs_key")

_AUTH_STOP = Msg(
    "서버가 접속 토큰을 거부해 동기화를 멈췄습니다. 보내지 않은 민원은 그대로 대기합니다. 토큰을 확인한 뒤 다시 시작하십시오.",
    "The server refused the access token, so the sync stopped; unsent complaints keep waiting. "
    "Check the token and start again.",
)
_GAVE_UP = Msg(
    "서버에 계속 연결하지 못해 이번 동기화를 멈췄습니다. 보내지 못한 민원은 재시도 대기 상태로 남습니다.",
    "The server kept failing, so this sync stopped; the complaints not sent wait to be retried.",
)
_CANCELLED = Msg(
    "동기화를 취소했습니다. 보내지 않은 민원은 그대로 대기합니다.",
    "The sync was cancelled; unsent complaints keep waiting.",
)
_NOT_SENT = "not sent (the run stopped first)"
_INTERRUPTED = "interrupted while sending (a previous run stopped): asking the server"


class SyncEngine:
    def __init__(
        self,
        db,
        queue,
        audit,
        target,
        *,
        actor_id: str,
        unsealer=None,
        clock: Clock = system_clock,
        sleep: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
        options: SyncOptions = SyncOptions(),
        progress: Callable[[Progress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        lease: Lease | None = None,
    ):
        if not 1 <= options.batch <= 200:
            raise UserError(Msg("묶음 크기는 1에서 200 사이여야 합니다.", "The batch size must be between 1 and 200."))
        if options.batch > 1 and not getattr(target, "supports_batch", True):
            raise UserError(
                Msg(
                    "이 대상에는 묶음 전송이 없습니다(--batch 1).", "This target has no batch endpoint (use --batch 1)."
                )
            )
        self._db = db
        self._queue = queue
        self._audit = audit
        self._target = target
        self._actor = actor_id
        self._unsealer = unsealer
        self._clock = clock
        self._sleep = sleep or self._real_sleep
        self._rng = rng or random.Random()
        self.options = options
        self._progress = progress
        self._cancelled = cancelled or (lambda: False)
        self._lease = lease or Lease(db, clock)
        self._counts: Counter[str] = Counter()
        self._tries: Counter[int] = Counter()
        self._lookups: Counter[int] = Counter()
        self._skip: set[int] = set()  # cases this run leaves alone (needs the key)
        self._failures = 0
        self._run_id = 0
        self._total = 0
        self._done = 0
        self._wake = threading.Event()

    # ------------------------------------------------------------------ the run
    def run(self) -> SyncResult:
        self._lease.acquire()
        status, message = "done", None
        try:
            self._start_run()
            try:
                self._recover()
                self._total = self._count(UNSENT_STATES, exclude=(QUARANTINED,))
                self._report("sending")
                while True:
                    self._check_cancel()
                    self._resolve_unknowns()
                    pending = self._eligible((QUEUED, RETRY_WAIT), self._tries)
                    if not pending:
                        if self._eligible((UNKNOWN_OUTCOME,), self._lookups):
                            continue  # tokens not resolved yet, or a lookup failed: ask again (bounded)
                        break
                    size = self.options.batch if self.options.batch > 1 else self.options.chunk
                    for start in range(0, len(pending), size):
                        self._check_cancel()
                        self._send_chunk(pending[start : start + size])  # renews the lease as it marks
            except _Stop as stop:
                status, message = stop.status, stop.msg
            except LeaseHeld as exc:
                status, message = "stopped", exc.msg
            except KeyboardInterrupt:
                self._end_run("cancelled", _CANCELLED)
                raise
            unresolved = self._count(UNSENT_STATES)
            if status == "done" and unresolved:
                status = "unresolved"
            left = self._left_counts()
            self._counts["unknown_outcome"] = left.get(UNKNOWN_OUTCOME, 0)
            self._counts["retry_wait"] = left.get(RETRY_WAIT, 0)
            self._end_run(status, message)
        finally:
            try:
                self._lease.release()
            except UserError:  # the database went away at the very end: the lease runs out by itself
                log.warning("sync lease not released (it expires by itself)")
        counts = {k: int(self._counts.get(k, 0)) for k in COUNT_KEYS}
        return SyncResult(self._run_id, status, message, counts, unresolved, self._target.shown_target)

    def _real_sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self._cancelled():
            left = end - time.monotonic()
            if left <= 0:
                return
            self._wake.wait(min(left, 0.2))

    def _check_cancel(self) -> None:
        if self._cancelled():
            raise _Stop("cancelled", _CANCELLED)

    def _report(self, phase: str) -> None:
        if self._progress is None:
            return
        self._progress(
            Progress(
                self._done,
                self._total,
                self._counts["sent"] + self._counts["already_registered"],
                self._counts["quarantined"],
                self._counts["retry_wait_events"],
                self._counts["unknown_events"],
                phase,
            )
        )

    # ------------------------------------------------------------------ failures and backoff
    def _failed(self, retry_after: float | None = None) -> None:
        """One failure (transport, 429/5xx, a lost answer): wait, then go on — or give up."""
        self._failures += 1
        if self._failures > self.options.max_failures:
            raise _Stop("gave_up", _GAVE_UP)
        delay = min(self.options.backoff_max, self.options.backoff_base * 2 ** (self._failures - 1))
        delay *= self._rng.uniform(0.5, 1.0)  # jitter: terminals retrying together spread out
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.options.retry_after_max))
        self._report("waiting")
        self._sleep(delay)
        self._check_cancel()

    def _succeeded(self) -> None:
        self._failures = 0

    # ------------------------------------------------------------------ database steps
    def _start_run(self) -> None:
        from counter_app.offline.models import SyncRun

        with self._db.write() as s:
            run = SyncRun(
                target_kind=self._target.kind,
                target=self._target.shown_target,
                operator=self._actor,
                started_at=self._clock(),
                status="running",
            )
            s.add(run)
            s.flush()
            self._run_id = run.id
            self._audit.append(
                s,
                self._actor,
                "sync.run_start",
                detail={
                    "run": run.id,
                    "target": self._target.shown_target,
                    "kind": self._target.kind,
                    "batch": self.options.batch,
                },
            )

    def _end_run(self, status: str, message: Msg | None) -> None:
        from counter_app.offline.models import SyncRun

        counts = {k: int(self._counts.get(k, 0)) for k in COUNT_KEYS}
        with self._db.write() as s:
            run = s.get(SyncRun, self._run_id)
            if run is not None:
                run.ended_at, run.status = self._clock(), status
                run.counts_json = json.dumps(counts, sort_keys=True)
                run.message = message.en if message else None
            self._audit.append(s, self._actor, "sync.run_end", detail={"run": self._run_id, "status": status, **counts})

    def _count(self, states: Iterable[str], exclude: Iterable[str] = ()) -> int:
        from counter_app.offline.models import Case

        wanted = [st for st in states if st not in set(exclude)]
        with self._db.read() as s:
            return int(s.execute(select(func.count()).select_from(Case).where(Case.state.in_(wanted))).scalar_one())

    def _left_counts(self) -> dict[str, int]:
        from counter_app.offline.models import Case

        with self._db.read() as s:
            rows = s.execute(
                select(Case.state, func.count()).where(Case.state.in_(UNSENT_STATES)).group_by(Case.state)
            ).all()
        return {st: int(n) for st, n in rows}

    def _eligible(self, states: Sequence[str], tries: Counter[int]) -> list[int]:
        from counter_app.offline.models import Case

        with self._db.read() as s:
            pks = s.execute(select(Case.id).where(Case.state.in_(list(states))).order_by(Case.id)).scalars().all()
        return [pk for pk in pks if tries[pk] < self.options.max_tries and pk not in self._skip]

    def _attempt_rows(self, s, rows: list[dict]) -> None:
        from counter_app.offline.models import SyncAttempt

        if rows:
            s.execute(insert(SyncAttempt), rows)

    def _move(self, s, case, to_state: str, detail: str, action: str, extra: dict | None = None) -> None:
        self._queue.transition(
            s,
            case,
            to_state,
            self._actor,
            detail,
            audit_action=action,
            audit_detail={"run": self._run_id, **(extra or {})},
            role=SYNC_ROLE,
        )

    def _load(self, s, pks: Sequence[int]) -> list:
        from counter_app.offline.models import Case

        return list(s.execute(select(Case).where(Case.id.in_(list(pks))).order_by(Case.id)).scalars())

    def _recover(self) -> None:
        """SENDING rows left by a run that died: their outcome is unknown until the server says."""
        from counter_app.offline.models import Case

        with self._db.write() as s:
            cases = list(s.execute(select(Case).where(Case.state == SENDING)).scalars())
            now = self._clock()
            for case in cases:
                self._move(s, case, UNKNOWN_OUTCOME, _INTERRUPTED, "sync.unknown_outcome", {"interrupted": True})
            self._attempt_rows(
                s,
                [
                    {
                        "case_pk": c.id,
                        "run_id": self._run_id,
                        "at": now,
                        "kind": "recover",
                        "outcome": UNKNOWN_OUTCOME,
                        "http_status": None,
                        "detail": _INTERRUPTED,
                    }
                    for c in cases
                ],
            )
        if cases:
            log.info(
                "sync run %s: %d case(s) left SENDING by a stopped run are now UNKNOWN_OUTCOME",
                self._run_id,
                len(cases),
            )

    # ------------------------------------------------------------------ unknown outcomes
    def _resolve_unknowns(self) -> None:
        pks = self._eligible((UNKNOWN_OUTCOME,), self._lookups)
        for start in range(0, len(pks), 50):
            self._check_cancel()
            chunk = pks[start : start + 50]
            ids, tokens = self._ids_and_tokens(chunk)
            answers: dict[int, Any] = {}
            stop: _Stop | None = None
            for pk in chunk:
                self._lookups[pk] += 1
                try:
                    answer = self._target.resolve(ids[pk], tokens.get(pk))
                    answers[pk] = answer
                    if isinstance(answer, Unknowable):
                        self._lookups[pk] = self.options.max_tries  # no question can help: a person must look
                    elif isinstance(answer, Pending):
                        self._failed(None)  # asked too early: wait a little, then ask again
                    else:
                        self._succeeded()
                except AuthError:
                    stop = _Stop("stopped", _AUTH_STOP)
                    break
                except Cancelled:
                    stop = _Stop("cancelled", _CANCELLED)
                    break
                except _Stop as s_:
                    stop = s_
                    break
                except (TransportError, UnknownOutcomeError) as exc:
                    answers[pk] = exc
                    try:
                        self._failed(getattr(exc, "retry_after", None))
                    except _Stop as s_:
                        stop = s_
                        break
            self._record_lookups(answers)
            self._report("checking")
            if stop is not None:
                raise stop

    def _ids_and_tokens(self, pks: Sequence[int]) -> tuple[dict[int, str], dict[int, str]]:
        from counter_app.offline.models import Case, Open311Token

        with self._db.read() as s:
            ids = dict(s.execute(select(Case.id, Case.case_id).where(Case.id.in_(list(pks)))).all())
            tokens: dict[int, str] = {}
            if getattr(self._target, "needs_tokens", False):
                tokens = dict(
                    s.execute(
                        select(Open311Token.case_pk, Open311Token.token).where(Open311Token.case_pk.in_(list(pks)))
                    ).all()
                )
        return ids, tokens

    def _record_lookups(self, answers: dict[int, Any]) -> None:
        if not answers:
            return
        now = self._clock()
        rows = []
        with self._db.write() as s:
            for case in self._load(s, list(answers)):
                answer = answers[case.id]
                if case.state != UNKNOWN_OUTCOME:
                    continue
                if isinstance(answer, Registered):
                    self._registered(s, case, answer, "sync.sent", now)
                    self._token_done(s, case.id, answer.official_no, now)
                    self._counts["already_registered"] += 1
                    rows.append(self._row(case, now, "lookup", SENT, 200, "found on the server"))
                elif isinstance(answer, NeverReceived):
                    self._move(s, case, QUEUED, "never received by the server: queued again", "sync.requeue")
                    self._counts["requeued"] += 1
                    rows.append(self._row(case, now, "lookup", QUEUED, 404, "never received"))
                elif isinstance(answer, Pending):
                    rows.append(self._row(case, now, "lookup", UNKNOWN_OUTCOME, 200, "token not resolved yet"))
                elif isinstance(answer, Unknowable):
                    case.last_error = answer.reason
                    rows.append(self._row(case, now, "lookup", UNKNOWN_OUTCOME, None, answer.reason))
                else:
                    status = getattr(answer, "status", None)
                    case.last_error = _msg_text(answer)
                    rows.append(self._row(case, now, "lookup", UNKNOWN_OUTCOME, status, case.last_error))
            self._attempt_rows(s, rows)

    # ------------------------------------------------------------------ sending
    def _mark_sending(self, pks: Sequence[int]) -> list[tuple[int, str, dict]]:
        """The attempt, durable before any request: QUEUED/RETRY_WAIT -> SENDING, the whole chunk
        in ONE transaction (plain SQL, CaseQueue.transition_many: each move checked and audited).
        Returns the wire documents (pk, case_id, document) of the cases marked."""
        out: list[tuple[int, str, dict]] = []
        moves: list[Move] = []
        now = to_stored(self._clock())
        catalogue = self._queue.catalogue
        carries_rrn = getattr(self._target, "carries_rrn", True)
        with self._db.write_sql() as w:
            conn = driver_connection(w)
            self._lease.renew_in(conn)  # LeaseHeld: another worker took over; nothing is marked
            for case in _wire_rows(conn, pks):
                if case.state not in (QUEUED, RETRY_WAIT):
                    continue  # changed since we looked (a supervisor registered it by hand)
                document = wire_case(case, catalogue).as_json()
                if case.rrn_sealed is not None and carries_rrn:
                    if self._unsealer is None:
                        self._skip.add(case.id)
                        self._counts["needs_key"] += 1
                        continue
                    rrn = self._unsealer.unseal(case.rrn_sealed, case.case_id.encode("ascii")).decode("ascii")
                    document["applicant"] = dict(document["applicant"], rrn=rrn)
                attempts = (case.attempts or 0) + 1
                moves.append(
                    Move(
                        case.id,
                        case.case_id,
                        case.state,
                        SENDING,
                        f"attempt {attempts}",
                        "sync.send",
                        {"run": self._run_id},
                        (("attempts", attempts), ("last_attempt_at", now)),
                    )
                )
                out.append((case.id, case.case_id, document))
            self._queue.transition_many(w, moves, self._actor, role=SYNC_ROLE)
        return out

    def _send_chunk(self, pks: Sequence[int]) -> None:
        marked = self._mark_sending(pks)
        if not marked:
            return
        for pk, _, _ in marked:
            self._tries[pk] += 1
        outcomes: dict[int, Any] = {}
        stop: _Stop | None = None
        try:
            if self.options.batch > 1:
                stop = self._send_batch(marked, outcomes)
            else:
                stop = self._send_single(marked, outcomes)
        finally:
            self._record_outcomes(marked, outcomes)
            self._report("sending")
        if stop is not None:
            raise stop

    def _send_single(self, marked, outcomes: dict[int, Any]) -> _Stop | None:
        for pk, case_id, document in marked:
            if self._cancelled():
                return _Stop("cancelled", _CANCELLED)
            try:
                outcome = self._target.send(case_id, document)
            except KeyboardInterrupt:  # Ctrl+C with the request in flight: it may have arrived
                outcomes[pk] = Unknown("interrupted while the request was in flight")
                raise
            except AuthError:
                return _Stop("stopped", _AUTH_STOP)
            except Cancelled:
                outcomes[pk] = Unknown("cancelled while the request was in flight")
                return _Stop("cancelled", _CANCELLED)
            except UnknownOutcomeError as exc:
                outcome = Unknown(_msg_text(exc))
            except TransportError as exc:
                outcome = RetryLater(exc.status or 0, _msg_text(exc), exc.retry_after)
            outcomes[pk] = outcome
            stop = self._after(outcome)
            if stop is not None:
                return stop
        return None

    def _send_batch(self, marked, outcomes: dict[int, Any]) -> _Stop | None:
        items = [(case_id, document) for _, case_id, document in marked]
        try:
            results: list[Any] = self._target.send_batch(items)
        except KeyboardInterrupt:  # Ctrl+C with the batch in flight: any of it may have arrived
            for pk, _, _ in marked:
                outcomes[pk] = Unknown("interrupted while the request was in flight")
            raise
        except AuthError:
            return _Stop("stopped", _AUTH_STOP)
        except Cancelled:
            for pk, _, _ in marked:
                outcomes[pk] = Unknown("cancelled while the request was in flight")
            return _Stop("cancelled", _CANCELLED)
        except UnknownOutcomeError as exc:
            results = [Unknown(_msg_text(exc))] * len(items)
        except TransportError as exc:
            results = [RetryLater(exc.status or 0, _msg_text(exc), exc.retry_after)] * len(items)
        for (pk, _, _), outcome in zip(marked, results):
            outcomes[pk] = outcome
        failed = [o for o in results if isinstance(o, (Unknown, RetryLater))]
        if failed and len(failed) == len(results):
            after = [o.retry_after for o in failed if isinstance(o, RetryLater) and o.retry_after is not None]
            try:
                self._failed(max(after) if after else None)
            except _Stop as stop:
                return stop
        else:
            self._succeeded()
        return None

    def _after(self, outcome: Any) -> _Stop | None:
        if isinstance(outcome, (Registered, Refused, Pending)):
            self._succeeded()
            return None
        try:
            self._failed(outcome.retry_after if isinstance(outcome, RetryLater) else None)
        except _Stop as stop:
            return stop
        return None

    def _record_outcomes(self, marked, outcomes: dict[int, Any]) -> None:
        """Every outcome of a chunk in ONE transaction (plain SQL, CaseQueue.transition_many)."""
        now = self._clock()
        at = to_stored(now)
        rows: list[tuple] = []
        moves: list[Move] = []
        run = {"run": self._run_id}
        with self._db.write_sql() as w:
            conn = driver_connection(w)
            marks = conn.execute(
                f"SELECT id, case_id, state, attempts FROM cases WHERE id IN ({_marks(len(marked))}) ORDER BY id",
                [pk for pk, _, _ in marked],
            ).fetchall()
            for pk, case_id, state, attempts in marks:
                if state != SENDING:
                    continue
                outcome = outcomes.get(pk)
                if isinstance(outcome, Registered):
                    registered_at = to_stored(outcome.registered_at or now)
                    moves.append(
                        Move(
                            pk,
                            case_id,
                            SENDING,
                            SENT,
                            f"official no {outcome.official_no}",
                            "sync.sent",
                            {**run, "official_no": outcome.official_no},
                            (
                                ("official_no", outcome.official_no),
                                ("registered_at", registered_at),
                                ("last_error", None),
                                ("next_attempt_at", None),
                            ),
                        )
                    )
                    self._done += 1
                    self._counts["already_registered" if outcome.replay else "sent"] += 1
                    rows.append((pk, self._run_id, at, "send", SENT, 200 if outcome.replay else 201, None))
                elif isinstance(outcome, Refused):
                    moves.append(
                        Move(
                            pk,
                            case_id,
                            SENDING,
                            QUARANTINED,
                            outcome.reason,
                            "sync.quarantine",
                            {**run, "status": outcome.status},
                            (("last_error", outcome.reason),),
                        )
                    )
                    self._counts["quarantined"] += 1
                    self._done += 1
                    rows.append((pk, self._run_id, at, "send", QUARANTINED, outcome.status, outcome.reason))
                elif isinstance(outcome, Pending):
                    # stored before it is ever polled: a restart resumes polling, never resends
                    conn.execute(_INSERT_TOKEN_SQL, (pk, self._target.shown_target, outcome.token, at))
                    moves.append(
                        Move(
                            pk,
                            case_id,
                            SENDING,
                            UNKNOWN_OUTCOME,
                            "token received: asking for the request id",
                            "sync.token",
                            run,
                            (("last_error", None),),
                        )
                    )
                    rows.append((pk, self._run_id, at, "send", UNKNOWN_OUTCOME, 200, "token received"))
                elif isinstance(outcome, Unknown):
                    moves.append(
                        Move(
                            pk,
                            case_id,
                            SENDING,
                            UNKNOWN_OUTCOME,
                            outcome.reason,
                            "sync.unknown_outcome",
                            run,
                            (("last_error", outcome.reason),),
                        )
                    )
                    self._counts["unknown_events"] += 1
                    rows.append((pk, self._run_id, at, "send", UNKNOWN_OUTCOME, None, outcome.reason))
                else:  # RetryLater, or never sent because the run stopped first
                    reason = outcome.reason if isinstance(outcome, RetryLater) else _NOT_SENT
                    columns: tuple[tuple[str, Any], ...] = ()
                    if outcome is None:
                        columns = (("attempts", max((attempts or 1) - 1, 0)),)  # not an attempt after all
                        self._tries[pk] -= 1
                    delay = outcome.retry_after if isinstance(outcome, RetryLater) and outcome.retry_after else 0
                    columns += (
                        ("last_error", reason),
                        ("next_attempt_at", to_stored(now + dt.timedelta(seconds=delay))),
                    )
                    moves.append(Move(pk, case_id, SENDING, RETRY_WAIT, reason, "sync.retry_wait", run, columns))
                    self._counts["retry_wait_events"] += 1
                    status = outcome.status if isinstance(outcome, RetryLater) else None
                    rows.append((pk, self._run_id, at, "send", RETRY_WAIT, status, reason))
            self._queue.transition_many(w, moves, self._actor, role=SYNC_ROLE)
            if rows:
                conn.executemany(_INSERT_ATTEMPT_SQL, rows)

    def _token_done(self, s, case_pk: int, official_no: str, now: dt.datetime) -> None:
        if getattr(self._target, "needs_tokens", False):
            from counter_app.offline.models import Open311Token

            token = s.execute(select(Open311Token).where(Open311Token.case_pk == case_pk)).scalar_one_or_none()
            if token is not None:
                token.polled_at, token.service_request_id = now, official_no

    def _registered(self, s, case, outcome: Registered, action: str, now: dt.datetime) -> None:
        case.official_no = outcome.official_no
        case.registered_at = outcome.registered_at or now
        case.last_error = None
        case.next_attempt_at = None
        self._move(s, case, SENT, f"official no {outcome.official_no}", action, {"official_no": outcome.official_no})
        self._done += 1

    def _row(self, case, now: dt.datetime, kind: str, outcome: str, status: int | None, detail: str | None) -> dict:
        return {
            "case_pk": case.id,
            "run_id": self._run_id,
            "at": now,
            "kind": kind,
            "outcome": outcome,
            "http_status": status,
            "detail": detail,
        }


_INSERT_ATTEMPT_SQL = (
    "INSERT INTO sync_attempts (case_pk, run_id, at, kind, outcome, http_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_TOKEN_SQL = "INSERT INTO open311_tokens (case_pk, endpoint, token, created_at) VALUES (?, ?, ?, ?)"
# What the wire document (read_models.wire_case) reads of a case, and the sync's own bookkeeping.
_WIRE_COLUMNS = (
    "id",
    "case_id",
    "state",
    "attempts",
    "receipt_no",
    "office_code",
    "terminal",
    "received_at",
    *CASE_APPLICATION_COLUMNS,
    "received_via_system",
)
_WIRE_SQL = "SELECT {} FROM cases WHERE id IN ({{}}) ORDER BY id".format(", ".join(_WIRE_COLUMNS))


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class _WireRow:
    """A stored case row with the attribute names read_models.wire_case reads (times as aware
    datetimes, booleans as bool, the sealed RRN as bytes), without an ORM object."""

    __slots__ = _WIRE_COLUMNS

    def __init__(self, values: Sequence[Any]):
        row = dict(zip(_WIRE_COLUMNS, values))
        row["received_at"] = from_stored(row["received_at"])
        row["disclose"] = bool(row["disclose"])
        row["received_via_system"] = bool(row["received_via_system"])
        if row["rrn_sealed"] is not None:
            row["rrn_sealed"] = bytes(row["rrn_sealed"])
        for name, value in row.items():
            setattr(self, name, value)


def _wire_rows(conn, pks: Sequence[int]) -> list[Any]:
    if not pks:
        return []
    return [_WireRow(r) for r in conn.execute(_WIRE_SQL.format(_marks(len(pks))), list(pks)).fetchall()]


def _msg_text(exc: Exception) -> str:
    msg = getattr(exc, "msg", None)
    return msg.text() if isinstance(msg, Msg) else type(exc).__name__


__all__ = ["COUNT_KEYS", "Progress", "SyncEngine", "SyncOptions", "SyncResult"]
