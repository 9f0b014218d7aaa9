"""Personal operator accounts: who may sign in at this terminal (PIPC notice 2023-6: individual
accounts, failed-login lockout, passwords kept as salted one-way hashes).

- A PIN is 4 to 12 digits and is stored only as an Argon2id hash (security.hash_secret).
- Every wrong PIN counts; after settings "lockout_attempts" failures in a row the account is
  locked for "lockout_minutes" (the injected clock decides), and a locked account refuses even
  the right PIN. A successful sign-in resets the count.
- Sign-ins, failures, lock-outs and new accounts are written to the audit log, never the PIN.
- Only a supervisor may add operators. The exception is the very first account of an office,
  which must itself be a supervisor (someone has to be able to add the rest).

The Argon2 hash costs ~50 ms on purpose, so it is always computed outside the write
transaction: a sign-in never holds the database's single write lock while hashing.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.actor import CLERK, SUPERVISOR, Actor
from counter_app.clock import Clock, system_clock
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.offline.audit import AuditLog
from counter_app.offline.db import Database
from counter_app.offline.models import Operator
from counter_app.security import hash_secret, verify_secret

ROLES = (CLERK, SUPERVISOR)
PIN_RE = re.compile(r"^[0-9]{4,12}$")
STAFF_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
MAX_NAME = 40

ROLE_LABELS = {CLERK: Msg("민원 담당", "clerk"), SUPERVISOR: Msg("감독자", "supervisor")}

WRONG_CREDENTIALS = Msg("직원 번호 또는 PIN이 올바르지 않습니다.", "The staff ID or PIN is wrong.")


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Checked against when the staff id is unknown, so an unknown id takes as long as a wrong PIN.
    return hash_secret("0000-not-a-pin")


@dataclass(frozen=True)
class OperatorInfo:
    """An account as a supervisor sees it (no hash)."""

    staff_id: str
    name: str
    role: str
    active: bool
    failed_attempts: int
    locked_until: Optional[dt.datetime]
    created_at: dt.datetime

    def as_actor(self) -> Actor:
        return Actor(self.staff_id, self.name, self.role)


@dataclass(frozen=True)
class NewOperator:
    """A validated account with its PIN already hashed, ready to insert (see `Accounts.prepare`)."""

    staff_id: str
    name: str
    role: str
    pin_hash: str


def check_pin(pin: str) -> None:
    if not isinstance(pin, str) or not PIN_RE.match(pin):
        raise UserError(Msg("PIN은 숫자 4~12자리여야 합니다.", "The PIN must be 4 to 12 digits."))


def check_staff_id(staff_id: str) -> str:
    staff_id = (staff_id or "").strip()
    if not STAFF_ID_RE.match(staff_id):
        raise UserError(Msg("직원 번호는 영문·숫자로 시작하는 20자 이하(영문, 숫자, . _ -)여야 합니다.",
                            "The staff ID must be at most 20 letters, digits, '.', '_' or '-', starting with a letter or digit."))
    return staff_id


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def _locked_msg(minutes: int) -> Msg:
    return Msg(f"로그인 실패가 반복되어 계정이 잠겼습니다. {minutes}분 뒤에 다시 시도하거나 감독자에게 문의하십시오.",
               f"This account is locked after repeated failed sign-ins; try again in {minutes} minute(s) or ask a supervisor.")


class Accounts:
    def __init__(self, db: Database, audit: AuditLog, settings, clock: Clock = system_clock):
        self._db = db
        self._audit = audit
        self._settings = settings
        self._clock = clock

    # ---------------------------------------------------------------- settings
    def _lockout_attempts(self) -> int:
        return max(1, int(self._settings.get("lockout_attempts")))

    def _lockout_minutes(self) -> int:
        return max(1, int(self._settings.get("lockout_minutes")))

    # ---------------------------------------------------------------- queries
    def has_operators(self) -> bool:
        with self._db.read() as s:
            return s.execute(select(func.count()).select_from(Operator)).scalar_one() > 0

    def list(self) -> list[Actor]:
        """Active accounts, by staff id."""
        return [info.as_actor() for info in self.records() if info.active]

    def records(self) -> list[OperatorInfo]:
        with self._db.read() as s:
            rows = s.execute(select(Operator).order_by(Operator.staff_id)).scalars().all()
        return [OperatorInfo(o.staff_id, o.name, o.role, bool(o.active), o.failed_attempts or 0, o.locked_until,
                             o.created_at) for o in rows]

    # ---------------------------------------------------------------- creating accounts
    @staticmethod
    def validate(staff_id: str, name: str, role: str) -> tuple[str, str]:
        """Check a new account's id, name and role (cheap; no PIN). Returns the cleaned id and name."""
        staff_id = check_staff_id(staff_id)
        name = (name or "").strip()
        if not name or len(name) > MAX_NAME:
            raise UserError(Msg(f"이름은 1~{MAX_NAME}자로 입력하십시오.", f"Enter a name of 1 to {MAX_NAME} characters."))
        if role not in ROLES:
            raise UserError(Msg("역할은 clerk(민원 담당) 또는 supervisor(감독자)입니다.",
                                "The role is clerk or supervisor."))
        return staff_id, name

    @classmethod
    def prepare(cls, staff_id: str, name: str, role: str, pin: str) -> NewOperator:
        """Validate a new account and hash its PIN (slow: do it before opening a transaction)."""
        staff_id, name = cls.validate(staff_id, name, role)
        check_pin(pin)
        return NewOperator(staff_id, name, role, hash_secret(pin))

    def add(self, by: Actor, staff_id: str, name: str, role: str, pin: str) -> Actor:
        """Create an account. `by` must be a supervisor, except for an office's first account."""
        new = self.prepare(staff_id, name, role, pin)
        with self._db.write() as s:
            actor = self.insert(s, self._audit, by, new)
        return actor

    def insert(self, session: Session, audit: AuditLog, by: Actor, new: NewOperator) -> Actor:
        """Insert a prepared account inside the caller's write transaction (office init uses this to
        create the office and its first supervisor atomically), with its audit entry."""
        first = session.execute(select(func.count()).select_from(Operator)).scalar_one() == 0
        if first:
            if new.role != SUPERVISOR:
                raise UserError(Msg("첫 번째 계정은 감독자여야 합니다.", "The first account must be a supervisor."))
        else:
            self._require_supervisor(session, by)
        exists = session.execute(select(Operator.id).where(Operator.staff_id == new.staff_id)).first()
        if exists is not None:
            raise UserError(Msg(f"직원 번호 {new.staff_id}은(는) 이미 등록되어 있습니다.",
                                f"Staff ID {new.staff_id} is already registered."))
        session.add(Operator(staff_id=new.staff_id, name=new.name, role=new.role, pin_hash=new.pin_hash,
                             failed_attempts=0, locked_until=None, active=True, created_at=self._clock()))
        session.flush()
        audit.append(session, by.id, "operator.add",
                     detail={"staff_id": new.staff_id, "role": new.role, "first": first})
        return Actor(new.staff_id, new.name, new.role)

    @staticmethod
    def _require_supervisor(session: Session, by: Actor) -> None:
        refused = UserError(Msg("직원 계정은 감독자만 추가할 수 있습니다.", "Only a supervisor may add operators."))
        if by is None or not by.is_supervisor:
            raise refused
        # An Actor claiming to be a supervisor must not be a clerk or disabled account here. An id
        # with no account (the command line, after the supervisor passphrase) relies on the caller.
        record = session.execute(select(Operator).where(Operator.staff_id == by.id)).scalar_one_or_none()
        if record is not None and (record.role != SUPERVISOR or not record.active):
            raise refused

    # ---------------------------------------------------------------- signing in
    def sign_in(self, staff_id: str, pin: str) -> Actor:
        """The signed-in Actor, or UserError (wrong id/PIN, or locked with the minutes left)."""
        staff_id = (staff_id or "").strip()
        pin = pin if isinstance(pin, str) else ""
        with self._db.read() as s:
            op = s.execute(select(Operator).where(Operator.staff_id == staff_id)).scalar_one_or_none() \
                if staff_id else None
        now = self._clock()
        if op is None or not op.active:
            verify_secret(_dummy_hash(), pin)  # same cost as a real check: ids cannot be probed by timing
            with self._db.write() as s:
                self._audit.append(s, op.staff_id if op else "unknown", "operator.sign_in_failed",
                                   detail={"reason": "inactive" if op else "unknown_id"})
            raise UserError(WRONG_CREDENTIALS)
        if op.locked_until is not None and op.locked_until > now:
            with self._db.write() as s:
                self._audit.append(s, op.staff_id, "operator.sign_in_failed", detail={"reason": "locked"})
            raise UserError(_locked_msg(_minutes_left(op.locked_until, now)))
        pin_ok = verify_secret(op.pin_hash, pin)
        error: Msg | None = None
        with self._db.write() as s:
            record = s.execute(select(Operator).where(Operator.id == op.id)).scalar_one()
            now = self._clock()
            if record.locked_until is not None and record.locked_until > now:
                # another window or process locked it while we were hashing
                self._audit.append(s, record.staff_id, "operator.sign_in_failed", detail={"reason": "locked"})
                error = _locked_msg(_minutes_left(record.locked_until, now))
            elif pin_ok:
                record.failed_attempts = 0
                record.locked_until = None
                self._audit.append(s, record.staff_id, "operator.sign_in")
                actor = Actor(record.staff_id, record.name, record.role)
            else:
                error = self._record_failure(s, record, now)
        # Raised only after the commit: the failure count must survive the error.
        if error is not None:
            raise UserError(error)
        return actor

    def _record_failure(self, session: Session, record: Operator, now: dt.datetime) -> Msg:
        record.failed_attempts = (record.failed_attempts or 0) + 1
        self._audit.append(session, record.staff_id, "operator.sign_in_failed",
                           detail={"reason": "wrong_pin", "failed_attempts": record.failed_attempts})
        limit = self._lockout_attempts()
        if record.failed_attempts < limit:
            left = limit - record.failed_attempts
            return Msg(f"직원 번호 또는 PIN이 올바르지 않습니다. {left}번 더 틀리면 계정이 잠깁니다.",
                       f"The staff ID or PIN is wrong; {left} more failure(s) will lock the account.")
        minutes = self._lockout_minutes()
        record.locked_until = now + dt.timedelta(minutes=minutes)
        record.failed_attempts = 0  # a fresh set of attempts once the lock expires
        self._audit.append(session, record.staff_id, "operator.locked",
                           detail={"minutes": minutes, "after_failures": limit})
        return _locked_msg(minutes)

    # ---------------------------------------------------------------- supervisor tools
    def unlock(self, by: Actor, staff_id: str) -> None:
        """A supervisor clears another account's lock-out and failure count (audited)."""
        staff_id = (staff_id or "").strip()
        with self._db.write() as s:
            self._require_supervisor(s, by)
            record = s.execute(select(Operator).where(Operator.staff_id == staff_id)).scalar_one_or_none()
            if record is None:
                raise UserError(Msg(f"직원 번호 {staff_id}인 계정이 없습니다.", f"There is no account with staff ID {staff_id}."))
            record.failed_attempts = 0
            record.locked_until = None
            self._audit.append(s, by.id, "operator.unlock", detail={"staff_id": staff_id})
