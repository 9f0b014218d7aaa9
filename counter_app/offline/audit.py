"""The append-only, hash-chained audit log (PIPC 안전성 확보조치: who, when, which terminal,
which data subject, which action; export reasons recorded; tamper-evident).

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields in a
canonical form, so editing, deleting or reordering any entry breaks every hash after it.
Entries are appended inside the caller's write transaction: the action and its audit record
commit together or not at all. Details must never hold personal data: use case ids.

The chain alone cannot show that its newest entries were cut off (a shorter chain is still a
valid chain). So after every commit that appended entries, the head of the chain (seq, hash) is
written to a small *anchor* file beside the database (`<db stem>.audit-anchor.json`), outside the
audit table. `verify` compares the table against the anchor.

The anchor is written only AFTER the commit (which SQLite has already fsynced), so it can never
name an entry the table does not durably hold: a false "missing_tail" would need an anchor AHEAD
of the table, which this order of writes rules out. It is cheap, because every intake pays for
it: one fixed-size record (JSON padded to ANCHOR_RECORD_SIZE bytes, with a check value over its
fields) rewritten in place, not fsynced. A reader that catches a write half done, or a record a
power cut left half on disk, sees a check that does not match and treats the anchor as unreadable
(it never misreads one). After a power cut the anchor may therefore come back older than the
table, or unreadable; both are harmless: an older anchor only makes verify less strict, an
unreadable one is reported as "no anchor", and the next commit rewrites it.

What `verify` catches:
- an entry whose fields were changed in place ("edited", at that entry);
- entries deleted from the middle, or rows renumbered/swapped ("deleted_or_reordered", at the
  first entry that no longer follows its predecessor); an entry edited *and* re-hashed shows up
  the same way at the next entry;
- the newest entries deleted ("missing_tail": the table ends before the anchor's seq), which
  also catches an older copy of the database put back in place of the current one;
- the whole chain re-computed from some point with consistent hashes, as long as it still
  reaches the anchor's seq ("rewritten": the hash at the anchor's seq differs).

What it does not catch (said plainly, so nobody over-trusts it):
- someone who edits the database AND the anchor file consistently: both sit in the same data
  folder and neither is signed, because signing needs the supervisor's key, which a clerk's
  terminal does not hold unlocked. Copying the anchor elsewhere (a USB stick, the district)
  and comparing by hand is the remedy when that matters;
- truncation that happened before the anchor existed (databases older than this feature) or
  while the anchor file was missing: verify says it has no anchor to compare against;
- the last few appends when the machine lost power before the anchor reached the disk: the
  anchor then lags behind or is unreadable (harmless: it can only make verify less strict, never
  report a false break).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from counter_app import pii
from counter_app.i18n import Msg
from counter_app.offline.db import driver_connection
from counter_app.offline.models import AuditEntry, UTCDateTime

log = logging.getLogger(__name__)

GENESIS = "0" * 64
ANCHOR_SUFFIX = ".audit-anchor.json"
_PENDING_HEAD = "counter_app.audit.pending_head"  # session.info key: (anchor path, seq, hash) to write on commit
_stored_time = UTCDateTime().process_bind_param  # the exact text the ORM would store for `at`
_LAST_ENTRY_SQL = "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
_INSERT_SQL = ("INSERT INTO audit_log (seq, at, operator, terminal, action, case_id, reason, detail, prev_hash, "
               "entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")

EDITED = "edited"
DELETED_OR_REORDERED = "deleted_or_reordered"
MISSING_TAIL = "missing_tail"
REWRITTEN = "rewritten"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def entry_digest(prev_hash: str, seq: int, at: dt.datetime, operator: str, terminal: str,
                 action: str, case_id: Optional[str], reason: Optional[str], detail: Optional[str]) -> str:
    canonical = json.dumps(
        [prev_hash, seq, at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"), operator,
         terminal, action, case_id, reason, detail],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- the anchor file
@dataclass(frozen=True)
class Anchor:
    seq: int
    entry_hash: str


def anchor_path_for_database(db_path: str | os.PathLike) -> Path:
    p = Path(db_path)
    return p.with_name(p.stem + ANCHOR_SUFFIX)


@lru_cache(maxsize=16)
def _anchor_path_for_url_database(database: str | None) -> Optional[Path]:
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return anchor_path_for_database(database)


def anchor_path_for_session(session: Session) -> Optional[Path]:
    """The anchor beside the session's SQLite file; None for an in-memory database."""
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    return _anchor_path_for_url_database(engine.url.database)


ANCHOR_RECORD_SIZE = 256  # an anchor is one fixed-size record, so it can be rewritten in place


def _anchor_check(seq: int, entry_hash: str, written_at: str) -> str:
    """Guards an in-place anchor record against a torn write or read (not against forgery)."""
    return hashlib.sha256(f"anchor|{seq}|{entry_hash}|{written_at}".encode("utf-8")).hexdigest()[:16]


def _anchor_record(seq: int, entry_hash: str) -> bytes:
    written_at = _utcnow().isoformat(timespec="seconds")
    payload = json.dumps({"version": 2, "seq": seq, "hash": entry_hash, "written_at": written_at,
                          "check": _anchor_check(seq, entry_hash, written_at)})
    return payload.encode("ascii").ljust(ANCHOR_RECORD_SIZE)  # JSON allows the trailing spaces


def _parse_anchor(data: bytes) -> Optional[Anchor]:
    """The anchor in `data`, or None when it is not a well-formed one. Version 1 files (written
    whole by rename, before in-place records) carry no check."""
    try:
        raw = json.loads(data.decode("utf-8"))
        seq, digest = raw["seq"], raw["hash"]
        if not (isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0 and isinstance(digest, str)):
            return None
        if raw.get("version", 1) >= 2 and raw.get("check") != _anchor_check(seq, digest, raw.get("written_at")):
            return None  # torn: a write under way (or cut short by a power loss)
        return Anchor(seq, digest)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_anchor(path: Optional[Path]) -> Optional[Anchor]:
    """The recorded chain head, or None when there is no (readable) anchor."""
    if path is None:
        return None
    for _ in range(3):  # a torn read (a commit rewriting the record right now) is read again
        try:
            anchor = _parse_anchor(path.read_bytes())
        except FileNotFoundError:
            return None
        except OSError:
            break
        if anchor is not None:
            return anchor
    log.warning("audit anchor %s is unreadable; ignoring it", path.name)
    return None


def write_anchor(path: Path, seq: int, entry_hash: str) -> None:
    """Record the chain head, without fsync (see the module docstring). Never moves the anchor
    backwards: two processes committing close together may finish their anchor writes in either
    order.

    An existing well-formed record is overwritten in place with one write of one fixed-size
    record: ~5 us. Temp file + rename cost ~0.3 ms per intake on ext4 (which flushes a file renamed
    over another, and whose journal commit the next database fsync also waits for), so it is used
    only to create the anchor or to replace one that is not such a record (missing, an older
    program's, torn)."""
    record = _anchor_record(seq, entry_hash)
    try:
        with path.open("r+b") as fh:
            current_bytes = fh.read(ANCHOR_RECORD_SIZE + 1)
            current = _parse_anchor(current_bytes)
            if current is not None and current.seq >= seq:
                return
            if current is not None and len(current_bytes) == ANCHOR_RECORD_SIZE and b'"check"' in current_bytes:
                fh.seek(0)
                fh.write(record)
                return
    except FileNotFoundError:
        pass
    _replace_anchor(path, record)


def _replace_anchor(path: Path, record: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".audit-anchor-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(record)
        os.replace(tmp, path)  # a crash leaves the old anchor or the new one, never half of one
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# Listening on the Session class (once, at import) rather than registering two listeners on every
# write session. Sessions that appended nothing return at once.
@event.listens_for(Session, "after_commit")
def _anchor_after_commit(session: Session) -> None:
    head = session.info.pop(_PENDING_HEAD, None)
    if head is None:
        return
    try:
        write_anchor(*head)
    except OSError as exc:
        # The entries are committed and safe; a stale anchor only makes verify less strict.
        # Raising here would tell the caller a committed action had failed.
        log.warning("could not update the audit anchor: %s", type(exc).__name__)


@event.listens_for(Session, "after_rollback")
def _anchor_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING_HEAD, None)


# ---------------------------------------------------------------- verification result
@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int  # entries checked (all of them when ok)
    first_broken_seq: Optional[int] = None
    problem: Optional[str] = None  # EDITED | DELETED_OR_REORDERED | MISSING_TAIL | REWRITTEN
    anchor_seq: Optional[int] = None  # the recorded head, when an anchor was found
    last_seq: Optional[int] = None  # the newest seq in the table

    @property
    def anchored(self) -> bool:
        return self.anchor_seq is not None

    def message(self) -> Msg:
        """One sentence for a person (no personal data: the log holds none)."""
        seq = self.first_broken_seq
        if self.ok:
            if self.anchored:
                return Msg(f"감사 기록 {self.entries}건의 연결이 모두 온전합니다(기준점 {self.anchor_seq}번 확인).",
                           f"All {self.entries} audit entries are intact (checked against the anchor at seq {self.anchor_seq}).")
            return Msg(f"감사 기록 {self.entries}건의 연결이 모두 온전합니다. 기준점 파일이 없어 마지막 기록이 잘려 나갔는지는 확인하지 못했습니다.",
                       f"All {self.entries} audit entries are intact; there is no anchor file, so a cut-off tail could not be checked.")
        if self.problem == EDITED:
            return Msg(f"감사 기록 {seq}번이 수정되었습니다(내용이 해시와 맞지 않음).",
                       f"Audit entry {seq} was edited (its fields do not match its hash).")
        if self.problem == DELETED_OR_REORDERED:
            return Msg(f"감사 기록 {seq}번이 앞 기록과 이어지지 않습니다: 그 앞의 기록이 삭제되었거나 순서가 바뀌었거나, 수정된 뒤 해시가 다시 계산되었습니다.",
                       f"Audit entry {seq} does not follow the entry before it: entries were deleted or reordered "
                       f"(or an earlier entry was edited and re-hashed).")
        if self.problem == MISSING_TAIL:
            last = self.last_seq or 0
            if last == 0:
                return Msg(f"감사 기록이 모두 없어졌습니다(기준점에는 {self.anchor_seq}번까지 기록됨).",
                           f"All audit entries are missing (the anchor records entries up to seq {self.anchor_seq}).")
            return Msg(f"감사 기록 {last}번 뒤의 기록이 없어졌습니다(기준점에는 {self.anchor_seq}번까지 기록됨).",
                       f"Audit entries are missing after seq {last} (the anchor records entries up to seq {self.anchor_seq}).")
        if self.problem == REWRITTEN:
            return Msg(f"감사 기록 {seq}번이 기준점에 기록된 것과 다릅니다: 기록이 다시 작성되었습니다.",
                       f"Audit entry {seq} differs from the one recorded in the anchor: the log was rewritten.")
        return Msg(f"감사 기록 {seq}번에서 연결이 끊어졌습니다.", f"The audit chain is broken at entry {seq}.")

    def as_json(self) -> dict:
        return {"ok": self.ok, "entries": self.entries, "first_broken_seq": self.first_broken_seq,
                "problem": self.problem, "anchor_seq": self.anchor_seq, "last_seq": self.last_seq,
                "message": self.message().text()}


class AuditLog:
    """Appends to and verifies the chain. `terminal` is this terminal's id."""

    def __init__(self, terminal: str, clock: Callable[[], dt.datetime] = _utcnow):
        self.terminal = terminal
        self._clock = clock

    def append(self, session: Session, operator: str, action: str, *, case_id: str | None = None,
               reason: str | None = None, detail: dict | None = None) -> AuditEntry:
        """Add an entry in the caller's (write) transaction. Plain SQL on the session's own
        connection: every intake pays for this, and the ORM flush cost more than the insert. The
        returned entry is a detached copy of the stored row."""
        # in a db.write() session this holds BEGIN IMMEDIATE: no writer can come between read and insert
        conn = driver_connection(session)
        last = conn.execute(_LAST_ENTRY_SQL).fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = self._clock()
        # Last line of defence (issue 6): an RRN typed into a reason or note never reaches this
        # append-only table in clear. Entry points refuse one; this masks whatever slips past them.
        reason, detail = pii.mask_text(reason), (pii.mask_in(detail) if detail else detail)
        detail_json = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None
        entry_hash = entry_digest(prev, seq, at, operator, self.terminal, action, case_id, reason, detail_json)
        conn.execute(_INSERT_SQL, (seq, _stored_time(at, None), operator, self.terminal, action, case_id, reason,
                                   detail_json, prev, entry_hash))
        self._anchor_on_commit(session, seq, entry_hash)
        return AuditEntry(seq=seq, at=at, operator=operator, terminal=self.terminal, action=action, case_id=case_id,
                          reason=reason, detail=detail_json, prev_hash=prev, entry_hash=entry_hash)

    @staticmethod
    def _anchor_on_commit(session: Session, seq: int, entry_hash: str) -> None:
        """Arrange for the anchor to move to this entry once (and only if) the transaction commits
        (the Session-wide listeners above do the writing or forgetting)."""
        path = anchor_path_for_session(session)
        if path is not None:
            session.info[_PENDING_HEAD] = (path, seq, entry_hash)

    @staticmethod
    def verify_entries(entries: Iterable[AuditEntry], anchor: Optional[Anchor] = None) -> VerifyResult:
        """Check a chain given oldest first (AuditEntry objects or rows with the same attribute
        names); with an anchor, also that the chain reaches it and matches it there."""
        anchor_seq = anchor.seq if anchor else None
        prev, expected_seq, n = GENESIS, 1, 0
        hash_at_anchor = None
        for e in entries:
            n += 1
            if e.seq != expected_seq or e.prev_hash != prev:
                return VerifyResult(False, n, e.seq, DELETED_OR_REORDERED, anchor_seq)
            digest = entry_digest(e.prev_hash, e.seq, e.at, e.operator, e.terminal, e.action,
                                  e.case_id, e.reason, e.detail)
            if digest != e.entry_hash:
                return VerifyResult(False, n, e.seq, EDITED, anchor_seq)
            if anchor is not None and e.seq == anchor.seq:
                hash_at_anchor = e.entry_hash
            prev, expected_seq = e.entry_hash, expected_seq + 1
        last_seq = expected_seq - 1
        if anchor is not None and anchor.seq > 0:
            if last_seq < anchor.seq:
                return VerifyResult(False, n, last_seq + 1, MISSING_TAIL, anchor_seq, last_seq)
            if hash_at_anchor != anchor.entry_hash:
                return VerifyResult(False, n, anchor.seq, REWRITTEN, anchor_seq, last_seq)
        return VerifyResult(True, n, anchor_seq=anchor_seq, last_seq=last_seq)

    def verify(self, session: Session) -> VerifyResult:
        # The anchor is read BEFORE the table: it is only written after a commit, so every entry it
        # names is already visible to the snapshot the query below starts. (The other order could
        # see an anchor from a commit newer than our snapshot and report a false truncation.)
        anchor = read_anchor(anchor_path_for_session(session))
        # Plain rows, not ORM objects: a two-year log holds hundreds of thousands of entries.
        rows = session.execute(select(
            AuditEntry.seq, AuditEntry.at, AuditEntry.operator, AuditEntry.terminal, AuditEntry.action,
            AuditEntry.case_id, AuditEntry.reason, AuditEntry.detail, AuditEntry.prev_hash, AuditEntry.entry_hash,
        ).order_by(AuditEntry.seq).execution_options(yield_per=2000))
        return self.verify_entries(rows, anchor)

    @staticmethod
    def recent(session: Session, limit: int = 50) -> list[AuditEntry]:
        """The newest entries, newest first."""
        return list(session.execute(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(max(0, int(limit)))).scalars())
