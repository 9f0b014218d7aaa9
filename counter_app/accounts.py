"""Personal operator accounts: who may sign in at this terminal (PIPC notice 2023-6: individual
accounts, failed-login lockout, passwords kept as salted one-way hashes).

- A PIN is 6 to 12 digits; trivial PINs are refused (one digit repeated, a short block repeated,
  ascending or descending runs such as 123456 or 987654, the staff id's digits).
- A PIN is stored only as an Argon2id hash of HMAC-SHA256(pin.key, PIN). `pin.key` is 32 random
  bytes in a 0600 file in the data folder, never in the database: a copied database alone does
  not allow an offline PIN search (a 6-digit PIN space is small, so the key is what protects it).
  Accounts of an older database (hashed before the key existed: `pin_keyed` false) keep working
  and are re-hashed keyed at their next good sign-in.
- Every wrong PIN counts; after settings "lockout_attempts" failures in a row the account is
  locked for "lockout_minutes" (the injected clock decides), and a locked account refuses even
  the right PIN. A successful sign-in resets the count. A staff id with no (active) account is
  counted and locked the same way (in failure_counters), so the answers never tell whether an id
  exists: same message, same countdown, same cost.
- Wrong supervisor passphrases are audited and throttled the same way (`PassphraseGuard`), with
  the state in the database so a command-line loop cannot start afresh on every run.
- Staff ids and names with control characters or bidirectional-text overrides are refused.
- Sign-ins, failures, lock-outs and new accounts are written to the audit log, never the PIN.
- Only a supervisor may add operators. The exception is the very first account of an office,
  which must itself be a supervisor (someone has to be able to add the rest).

The Argon2 hash costs ~50 ms on purpose, so it is always computed outside the write
transaction: a sign-in never holds the database's single write lock while hashing.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import hmac
import logging
import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from counter_app.actor import CLERK, SUPERVISOR, Actor
from counter_app.clock import Clock, system_clock
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.offline.audit import AuditLog
from counter_app.offline.db import Database
from counter_app.offline.models import FailureCounter, Operator
from counter_app.security import hash_secret, verify_secret

log = logging.getLogger(__name__)

ROLES = (CLERK, SUPERVISOR)
PIN_MIN, PIN_MAX = 6, 12
PIN_RE = re.compile(rf"^[0-9]{{{PIN_MIN},{PIN_MAX}}}$")
STAFF_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
MAX_NAME = 40
PIN_KEY_BYTES = 32

# Passphrase throttling: this many wrong passphrases, each within the window of the one before,
# lock supervisor work office-wide for the lock time. (Not settings: settings.json is a plain
# file a clerk's account can edit.)
PASSPHRASE_ATTEMPTS = 5
PASSPHRASE_WINDOW_MINUTES = 15
PASSPHRASE_LOCK_MINUTES = 15
PASSPHRASE_SUBJECT = "passphrase"
UNKNOWN_ID_PREFIX = "pin:"  # failure_counters subject of a staff id with no active account
UNKNOWN_ID_FORGET = dt.timedelta(days=1)  # counts of unknown ids idle this long are dropped

ROLE_LABELS = {CLERK: Msg("민원 담당", "clerk"), SUPERVISOR: Msg("감독자", "supervisor")}

WRONG_CREDENTIALS = Msg("직원 번호 또는 PIN이 올바르지 않습니다.", "The staff ID or PIN is wrong.")
PIN_KEY_MISSING = Msg(
    "PIN 확인용 키 파일(pin.key)이 데이터 폴더에 없거나 손상되어 PIN을 확인할 수 없습니다. 백업에서 되살리거나, "
    "감독자가 'counter-app operator recover-pin-key'로 새 키를 만드십시오(감독자 암호 필요).",
    "The PIN key file (pin.key) is missing from the data folder or damaged, so PINs cannot "
    "be checked; restore it from a backup, or a supervisor makes a new one with "
    "'counter-app operator recover-pin-key' (supervisor passphrase needed).",
)

# The hash of an account whose PIN must be set again (after a lost pin.key): not an Argon2 hash,
# so verify_secret is False for every PIN.
PIN_RESET_REQUIRED = "!pin-reset-required"

T = TypeVar("T")


# ---------------------------------------------------------------- the PIN key
class PinKey:
    """The secret mixed into every PIN hash: `pin.key` in the data folder (AppPaths.pin_key).

    Created once, with O_EXCL and mode 0600, the first time a PIN is hashed; read, never created,
    when a PIN is checked (a new key could not verify the hashes an old one made)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._key: bytes | None = None

    def get(self, *, create: bool) -> bytes | None:
        if self._key is None:
            self._key = self._read() if not create else (self._read() or self._create())
        return self._key

    def _read(self) -> bytes | None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise UserError(PIN_KEY_MISSING) from exc
        if len(data) != PIN_KEY_BYTES:
            raise UserError(PIN_KEY_MISSING)
        return data

    def _create(self) -> bytes:
        key = os.urandom(PIN_KEY_BYTES)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:  # another process made it first: use theirs
            found = self._read()
            if found is None:
                raise UserError(PIN_KEY_MISSING) from None
            return found
        except OSError as exc:  # a read-only data folder, no permission
            raise UserError(
                Msg(
                    "데이터 폴더에 PIN 확인용 키 파일(pin.key)을 만들 수 없습니다(읽기 전용이거나 권한 없음).",
                    "The PIN key file (pin.key) cannot be created in the data folder "
                    "(it is read-only, or there is no permission).",
                )
            ) from exc
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        log.info("created the PIN key file")
        return key

    def mix(self, pin: str, *, create: bool) -> str:
        """What Argon2 hashes: HMAC-SHA256(key, PIN), hex. UserError when the key is gone."""
        key = self.get(create=create)
        if key is None:
            raise UserError(PIN_KEY_MISSING)
        return hmac.new(key, pin.encode("utf-8"), hashlib.sha256).hexdigest()


def pin_key_for(db: Database) -> PinKey:
    """The PIN key of the data folder that holds `db`."""
    from counter_app.paths import AppPaths

    return PinKey(AppPaths(Path(db.path).parent).pin_key)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Checked against when the staff id is unknown, so an unknown id takes as long as a wrong PIN.
    return hash_secret("0" * 64)


# ---------------------------------------------------------------- rules for ids, names and PINs
# Bidirectional-text controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, ALM): they reorder
# what a reader sees in a log or a terminal. Categories Cc (C0/C1 controls) and Cf (format
# characters such as zero-width ones) are refused as a whole.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def has_unsafe_characters(text: str) -> bool:
    """True when `text` holds a control character, a bidi override or another invisible format
    character (Unicode categories Cc, Cf, Zl, Zp)."""
    return any(ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


UNSAFE_CHARACTERS = Msg(
    "제어 문자나 글자 방향을 바꾸는 문자는 쓸 수 없습니다.",
    "Control characters and text-direction characters are not allowed.",
)


def _is_run(pin: str) -> bool:
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(pin)}
    return steps in ({1}, {9})  # 123456, 890123 / 987654, 210987


def _is_repeated_block(pin: str) -> bool:
    return any(len(pin) >= 2 * n and (pin[:n] * len(pin))[: len(pin)] == pin for n in (1, 2, 3))


def check_pin(pin: str, staff_id: str | None = None) -> None:
    """UserError unless `pin` is 6 to 12 digits and not a trivial one (see the module docstring)."""
    if not isinstance(pin, str) or not PIN_RE.match(pin):
        raise UserError(
            Msg(f"PIN은 숫자 {PIN_MIN}~{PIN_MAX}자리여야 합니다.", f"The PIN must be {PIN_MIN} to {PIN_MAX} digits.")
        )
    if _is_repeated_block(pin) or _is_run(pin):
        raise UserError(
            Msg(
                "같은 숫자의 반복(111111, 121212)이나 연속된 숫자(123456, 987654)는 PIN으로 쓸 수 없습니다.",
                "A repeated digit or pattern (111111, 121212) or a run (123456, 987654) cannot be a PIN.",
            )
        )
    digits = "".join(ch for ch in (staff_id or "") if ch.isdigit())
    if digits and (pin in digits or (len(digits) >= 4 and digits in pin)):
        raise UserError(Msg("직원 번호의 숫자는 PIN으로 쓸 수 없습니다.", "The staff ID's digits cannot be the PIN."))


def check_staff_id(staff_id: str) -> str:
    staff_id = (staff_id or "").strip()
    if has_unsafe_characters(staff_id):
        raise UserError(Msg("직원 번호에 " + UNSAFE_CHARACTERS.ko, "The staff ID: " + UNSAFE_CHARACTERS.en))
    if not STAFF_ID_RE.match(staff_id):
        raise UserError(
            Msg(
                "직원 번호는 영문·숫자로 시작하는 20자 이하(영문, 숫자, . _ -)여야 합니다.",
                "The staff ID must be at most 20 letters, digits, '.', '_' or '-', starting with a letter or digit.",
            )
        )
    return staff_id


def check_name(name: str) -> str:
    name = (name or "").strip()
    if has_unsafe_characters(name):
        raise UserError(Msg("이름에 " + UNSAFE_CHARACTERS.ko, "The name: " + UNSAFE_CHARACTERS.en))
    if not name or len(name) > MAX_NAME:
        raise UserError(Msg(f"이름은 1~{MAX_NAME}자로 입력하십시오.", f"Enter a name of 1 to {MAX_NAME} characters."))
    from counter_app.pii import refuse_rrn_in  # a name is shown in every list and audit line

    refuse_rrn_in(name, Msg("이름", "name"))
    return name


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def _locked_msg(minutes: int) -> Msg:
    return Msg(
        f"로그인 실패가 반복되어 계정이 잠겼습니다. {minutes}분 뒤에 다시 시도하거나 감독자에게 문의하십시오.",
        f"This account is locked after repeated failed sign-ins; try again in {minutes} minute(s) or ask a supervisor.",
    )


def _tries_left_msg(left: int) -> Msg:
    return Msg(
        f"직원 번호 또는 PIN이 올바르지 않습니다. {left}번 더 틀리면 계정이 잠깁니다.",
        f"The staff ID or PIN is wrong; {left} more failure(s) will lock the account.",
    )


def passphrase_locked_msg(minutes: int) -> Msg:
    return Msg(
        f"감독자 암호가 여러 번 틀려 감독자 작업을 잠시 막았습니다. {minutes}분 뒤에 다시 시도하십시오.",
        f"The supervisor passphrase was wrong too many times; supervisor work is blocked for {minutes} minute(s).",
    )


@dataclass(frozen=True)
class OperatorInfo:
    """An account as a supervisor sees it (no hash)."""

    staff_id: str
    name: str
    role: str
    active: bool
    failed_attempts: int
    locked_until: dt.datetime | None
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


class Accounts:
    def __init__(
        self, db: Database, audit: AuditLog, settings, clock: Clock = system_clock, pin_key: PinKey | None = None
    ):
        self._db = db
        self._audit = audit
        self._settings = settings
        self._clock = clock
        self.pin_key = pin_key or pin_key_for(db)

    # ---------------------------------------------------------------- settings
    def _lockout_attempts(self) -> int:
        return max(1, int(self._settings.get("lockout_attempts")))

    def _lockout_minutes(self) -> int:
        return max(1, int(self._settings.get("lockout_minutes")))

    # ---------------------------------------------------------------- queries
    def has_operators(self) -> bool:
        with self._db.read() as s:
            return s.execute(select(func.count()).select_from(Operator)).scalar_one() > 0

    def list(self) -> builtins.list[Actor]:
        """Active accounts, by staff id."""
        return [info.as_actor() for info in self.records() if info.active]

    def records(self) -> builtins.list[OperatorInfo]:
        with self._db.read() as s:
            rows = s.execute(select(Operator).order_by(Operator.staff_id)).scalars().all()
        return [
            OperatorInfo(
                o.staff_id, o.name, o.role, bool(o.active), o.failed_attempts or 0, o.locked_until, o.created_at
            )
            for o in rows
        ]

    # ---------------------------------------------------------------- creating accounts
    @staticmethod
    def validate(staff_id: str, name: str, role: str) -> tuple[str, str]:
        """Check a new account's id, name and role (cheap; no PIN). Returns the cleaned id and name."""
        staff_id = check_staff_id(staff_id)
        name = check_name(name)
        if role not in ROLES:
            raise UserError(
                Msg("역할은 clerk(민원 담당) 또는 supervisor(감독자)입니다.", "The role is clerk or supervisor.")
            )
        return staff_id, name

    def hash_pin(self, pin: str) -> str:
        """The keyed Argon2id hash of a PIN (slow; creates pin.key the first time)."""
        return hash_secret(self.pin_key.mix(pin, create=True))

    def prepare(self, staff_id: str, name: str, role: str, pin: str) -> NewOperator:
        """Validate a new account and hash its PIN (slow: do it before opening a transaction)."""
        staff_id, name = self.validate(staff_id, name, role)
        check_pin(pin, staff_id)
        return NewOperator(staff_id, name, role, self.hash_pin(pin))

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
            raise UserError(
                Msg(
                    f"직원 번호 {new.staff_id}은(는) 이미 등록되어 있습니다.",
                    f"Staff ID {new.staff_id} is already registered.",
                )
            )
        session.add(
            Operator(
                staff_id=new.staff_id,
                name=new.name,
                role=new.role,
                pin_hash=new.pin_hash,
                pin_keyed=True,
                failed_attempts=0,
                locked_until=None,
                active=True,
                created_at=self._clock(),
            )
        )
        session.flush()
        # a new account starts clean, even if its id was tried (and counted) before it existed
        session.execute(delete(FailureCounter).where(FailureCounter.subject == UNKNOWN_ID_PREFIX + new.staff_id))
        audit.append(
            session, by.id, "operator.add", detail={"staff_id": new.staff_id, "role": new.role, "first": first}
        )
        return Actor(new.staff_id, new.name, new.role)

    @staticmethod
    def _require_supervisor(session: Session, by: Actor) -> None:
        refused = UserError(Msg("직원 계정은 감독자만 추가할 수 있습니다.", "Only a supervisor may add operators."))
        if by is None or not by.is_supervisor:
            raise refused
        # An Actor claiming to be a supervisor must be an active supervisor account here.
        record = session.execute(select(Operator).where(Operator.staff_id == by.id)).scalar_one_or_none()
        if record is None or record.role != SUPERVISOR or not record.active:
            raise refused

    # ---------------------------------------------------------------- signing in
    def sign_in(self, staff_id: str, pin: str, *, via: str | None = None) -> Actor:
        """The signed-in Actor, or UserError (wrong id/PIN, or locked with the minutes left).
        `via` ("cli") is recorded with the sign-in."""
        staff_id = check_staff_id(staff_id)
        pin = pin if isinstance(pin, str) else ""
        with self._db.read() as s:
            op = s.execute(select(Operator).where(Operator.staff_id == staff_id)).scalar_one_or_none()
            keyed = s.execute(select(Operator.id).where(Operator.pin_keyed.is_(True)).limit(1)).first() is not None
        if keyed and self.pin_key.get(create=False) is None:
            raise UserError(PIN_KEY_MISSING)  # for every id alike: it says nothing about which exist
        if op is None or not op.active:
            return self._unknown_id(staff_id, pin, "inactive" if op else "unknown_id", via)
        now = self._clock()
        if op.locked_until is not None and op.locked_until > now:
            with self._db.write() as s:
                self._audit.append(s, op.staff_id, "operator.sign_in_failed", detail=_via({"reason": "locked"}, via))
            raise UserError(_locked_msg(_minutes_left(op.locked_until, now)))
        pin_ok = self._verify_pin(op, pin)
        rehash = self.hash_pin(pin) if pin_ok and not op.pin_keyed else None  # an account from before pin.key
        error: Msg | None = None
        with self._db.write() as s:
            record = s.execute(select(Operator).where(Operator.id == op.id)).scalar_one()
            now = self._clock()
            if record.locked_until is not None and record.locked_until > now:
                # another window or process locked it while we were hashing
                self._audit.append(
                    s, record.staff_id, "operator.sign_in_failed", detail=_via({"reason": "locked"}, via)
                )
                error = _locked_msg(_minutes_left(record.locked_until, now))
            elif pin_ok:
                record.failed_attempts = 0
                record.locked_until = None
                if rehash is not None and record.pin_hash == op.pin_hash:
                    record.pin_hash, record.pin_keyed = rehash, True
                self._audit.append(
                    s,
                    record.staff_id,
                    "operator.sign_in",
                    detail=_via({"rehashed": True} if rehash else {}, via) or None,
                )
                actor = Actor(record.staff_id, record.name, record.role)
            else:
                error = self._record_failure(s, record, now, via)
        # Raised only after the commit: the failure count must survive the error.
        if error is not None:
            raise UserError(error)
        return actor

    def _verify_pin(self, op: Operator, pin: str) -> bool:
        if not op.pin_keyed:
            return verify_secret(op.pin_hash, pin)
        return verify_secret(op.pin_hash, self.pin_key.mix(pin, create=False))

    def _record_failure(self, session: Session, record: Operator, now: dt.datetime, via: str | None) -> Msg:
        record.failed_attempts = (record.failed_attempts or 0) + 1
        self._audit.append(
            session,
            record.staff_id,
            "operator.sign_in_failed",
            detail=_via({"reason": "wrong_pin", "failed_attempts": record.failed_attempts}, via),
        )
        limit = self._lockout_attempts()
        if record.failed_attempts < limit:
            return _tries_left_msg(limit - record.failed_attempts)
        minutes = self._lockout_minutes()
        record.locked_until = now + dt.timedelta(minutes=minutes)
        record.failed_attempts = 0  # a fresh set of attempts once the lock expires
        self._audit.append(
            session, record.staff_id, "operator.locked", detail={"minutes": minutes, "after_failures": limit}
        )
        return _locked_msg(minutes)

    def _unknown_id(self, staff_id: str, pin: str, reason: str, via: str | None) -> Actor:
        """A staff id with no active account: the same answers, countdown, lock and cost as a real
        account with a wrong PIN, so the answers cannot tell which ids exist."""
        subject = UNKNOWN_ID_PREFIX + staff_id
        who = staff_id if reason == "inactive" else "unknown"
        with self._db.read() as s:
            counter = s.get(FailureCounter, subject)
            locked_until = counter.locked_until if counter is not None else None
        now = self._clock()
        if locked_until is not None and locked_until > now:
            with self._db.write() as s:
                self._audit.append(s, who, "operator.sign_in_failed", detail=_via({"reason": "locked"}, via))
            raise UserError(_locked_msg(_minutes_left(locked_until, now)))
        verify_secret(_dummy_hash(), pin)  # same cost as a real check: ids cannot be probed by timing
        with self._db.write() as s:
            now = self._clock()
            s.execute(
                delete(FailureCounter).where(
                    FailureCounter.subject.like(UNKNOWN_ID_PREFIX + "%"),
                    FailureCounter.last_failed_at < now - UNKNOWN_ID_FORGET,
                )
            )
            counter = s.get(FailureCounter, subject)
            if counter is None:
                counter = FailureCounter(subject=subject, failed_attempts=0)
                s.add(counter)
            if counter.locked_until is not None and counter.locked_until > now:
                self._audit.append(s, who, "operator.sign_in_failed", detail=_via({"reason": "locked"}, via))
                error = _locked_msg(_minutes_left(counter.locked_until, now))
            else:
                counter.failed_attempts = (counter.failed_attempts or 0) + 1
                counter.last_failed_at = now
                self._audit.append(
                    s,
                    who,
                    "operator.sign_in_failed",
                    detail=_via({"reason": reason, "failed_attempts": counter.failed_attempts}, via),
                )
                limit = self._lockout_attempts()
                if counter.failed_attempts < limit:
                    error = _tries_left_msg(limit - counter.failed_attempts)
                else:
                    minutes = self._lockout_minutes()
                    counter.locked_until = now + dt.timedelta(minutes=minutes)
                    counter.failed_attempts = 0
                    self._audit.append(
                        s,
                        who,
                        "operator.locked",
                        detail={"minutes": minutes, "after_failures": limit, "reason": reason},
                    )
                    error = _locked_msg(minutes)
        raise UserError(error)

    # ---------------------------------------------------------------- supervisor tools
    def unlock(self, by: Actor, staff_id: str) -> None:
        """A supervisor clears another account's lock-out and failure count (audited)."""
        staff_id = (staff_id or "").strip()
        with self._db.write() as s:
            self._require_supervisor(s, by)
            record = s.execute(select(Operator).where(Operator.staff_id == staff_id)).scalar_one_or_none()
            if record is None:
                raise UserError(
                    Msg(f"직원 번호 {staff_id}인 계정이 없습니다.", f"There is no account with staff ID {staff_id}.")
                )
            record.failed_attempts = 0
            record.locked_until = None
            self._audit.append(s, by.id, "operator.unlock", detail={"staff_id": staff_id})

    # ---------------------------------------------------------------- new PINs
    def set_pin(self, by: Actor, staff_id: str, pin: str) -> None:
        """A supervisor gives an account a new PIN (forgotten, or reset after a lost pin.key); the
        lock-out and failure count are cleared with it. Audited, never the PIN."""
        staff_id = check_staff_id(staff_id)
        check_pin(pin, staff_id)
        pin_hash = self.hash_pin(pin)  # slow: before the write transaction
        with self._db.write() as s:
            self._require_supervisor(s, by)
            record = s.execute(select(Operator).where(Operator.staff_id == staff_id)).scalar_one_or_none()
            if record is None or not record.active:
                raise UserError(
                    Msg(f"직원 번호 {staff_id}인 계정이 없습니다.", f"There is no account with staff ID {staff_id}.")
                )
            record.pin_hash, record.pin_keyed = pin_hash, True
            record.failed_attempts, record.locked_until = 0, None
            self._audit.append(s, by.id, "operator.pin_set", detail={"staff_id": staff_id})

    def pin_key_lost(self) -> bool:
        """True when accounts hashed with pin.key exist and the key file is missing or damaged."""
        with self._db.read() as s:
            keyed = s.execute(select(Operator.id).where(Operator.pin_keyed.is_(True)).limit(1)).first() is not None
        if not keyed:
            return False
        try:
            return self.pin_key.get(create=False) is None
        except UserError:  # damaged (wrong size, unreadable)
            return True

    def recover_pin_key(self, supervisor_id: str, pin: str) -> int:
        """After pin.key was lost, no PIN can be checked, so nobody can sign in. The caller has
        checked the supervisor passphrase (the office's own secret, the only proof left). A new
        key is made, the named supervisor gets the new `pin`, and every other account is left
        unable to sign in until a supervisor sets its PIN (`set_pin`). A damaged key file is kept
        beside it for the record. Returns how many accounts need a new PIN. Audited."""
        supervisor_id = check_staff_id(supervisor_id)
        check_pin(pin, supervisor_id)
        if not self.pin_key_lost():
            raise UserError(
                Msg(
                    "PIN 확인용 키 파일(pin.key)이 정상이므로 복구할 것이 없습니다.",
                    "The PIN key file (pin.key) is fine; there is nothing to recover.",
                )
            )
        with self._db.read() as s:
            record = s.execute(select(Operator).where(Operator.staff_id == supervisor_id)).scalar_one_or_none()
            if record is None or not record.active or record.role != SUPERVISOR:
                raise UserError(Msg("감독자 계정의 직원 번호를 지정하십시오.", "Name a supervisor's staff ID."))
        if self.pin_key.path.exists():  # damaged: kept for whoever investigates, out of the way
            stamp = self._clock().strftime("%Y%m%dT%H%M%S")
            os.replace(self.pin_key.path, self.pin_key.path.with_name(f"{self.pin_key.path.name}.damaged-{stamp}"))
        self.pin_key = PinKey(self.pin_key.path)  # forget any cached key
        pin_hash = self.hash_pin(pin)  # creates the new key (O_EXCL, 0600)
        with self._db.write() as s:
            others = s.execute(select(Operator).where(Operator.staff_id != supervisor_id)).scalars().all()
            for other in others:
                # a keyed hash of the old key can never be checked again: no PIN opens it
                other.pin_hash, other.pin_keyed = PIN_RESET_REQUIRED, True
            record = s.execute(select(Operator).where(Operator.staff_id == supervisor_id)).scalar_one()
            record.pin_hash, record.pin_keyed = pin_hash, True
            record.failed_attempts, record.locked_until = 0, None
            self._audit.append(
                s, supervisor_id, "operator.pin_key_recovered", detail={"accounts_to_reset": len(others)}
            )
        log.warning("a new PIN key was made after the old one was lost; %d accounts need a new PIN", len(others))
        return len(others)


def _via(detail: dict, via: str | None) -> dict:
    return {**detail, "via": via} if via else detail


# ---------------------------------------------------------------- the supervisor passphrase
class PassphraseGuard:
    """Audits every wrong supervisor passphrase and, after PASSPHRASE_ATTEMPTS of them (each within
    PASSPHRASE_WINDOW_MINUTES of the one before), refuses every passphrase for
    PASSPHRASE_LOCK_MINUTES without checking it. The count lives in the database."""

    def __init__(self, db: Database, audit: Callable[[], AuditLog], clock: Clock = system_clock):
        self._db = db
        self._audit = audit
        self._clock = clock

    def check(self, by: str, verify: Callable[[], bool]) -> None:
        """Run `verify()` (the slow hash check) unless locked; UserError when locked or wrong."""
        from counter_app.security import WRONG_PASSPHRASE

        by = by if by and not has_unsafe_characters(by) else "unknown"
        with self._db.read() as s:
            counter = s.get(FailureCounter, PASSPHRASE_SUBJECT)
            locked_until = counter.locked_until if counter is not None else None
            failures = counter.failed_attempts if counter is not None else 0
        now = self._clock()
        if locked_until is not None and locked_until > now:
            with self._db.write() as s:
                self._audit().append(s, by, "office.passphrase_failed", detail={"reason": "locked"})
            raise UserError(passphrase_locked_msg(_minutes_left(locked_until, now)))
        if verify():
            if failures:
                with self._db.write() as s:
                    s.execute(delete(FailureCounter).where(FailureCounter.subject == PASSPHRASE_SUBJECT))
            return
        with self._db.write() as s:
            now = self._clock()
            counter = s.get(FailureCounter, PASSPHRASE_SUBJECT)
            if counter is None:
                counter = FailureCounter(subject=PASSPHRASE_SUBJECT, failed_attempts=0)
                s.add(counter)
            window = dt.timedelta(minutes=PASSPHRASE_WINDOW_MINUTES)
            if counter.last_failed_at is not None and now - counter.last_failed_at > window:
                counter.failed_attempts = 0
            counter.failed_attempts = (counter.failed_attempts or 0) + 1
            counter.last_failed_at = now
            self._audit().append(
                s,
                by,
                "office.passphrase_failed",
                detail={"reason": "wrong", "failed_attempts": counter.failed_attempts},
            )
            error = WRONG_PASSPHRASE
            if counter.failed_attempts >= PASSPHRASE_ATTEMPTS:
                counter.locked_until = now + dt.timedelta(minutes=PASSPHRASE_LOCK_MINUTES)
                counter.failed_attempts = 0
                self._audit().append(
                    s,
                    by,
                    "office.passphrase_locked",
                    detail={"minutes": PASSPHRASE_LOCK_MINUTES, "after_failures": PASSPHRASE_ATTEMPTS},
                )
                error = passphrase_locked_msg(PASSPHRASE_LOCK_MINUTES)
        raise UserError(error)
