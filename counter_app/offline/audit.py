"""The append-only, hash-chained audit log (PIPC 안전성 확보조치: who, when, which terminal,
which data subject, which action; export reasons recorded; tamper-evident).

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields in a
canonical form, so editing, deleting or reordering any entry breaks every hash after it.
Entries are appended inside the caller's write transaction: the action and its audit record
commit together or not at all. Details must never hold personal data: use case ids.

**The anchor.** The chain alone cannot show that its newest entries were cut off (a shorter chain
is still a valid chain). So after every commit that appended entries, the head of the chain (seq,
hash, the head entry's time) is written to a small *anchor* file beside the database
(`<db stem>.audit-anchor.json`), outside the audit table, **signed with this terminal's ECDSA key**
(pki.py; the record carries the signature and the terminal certificate). `verify` compares the
table against the anchor and checks the signature against the office root certificate in the
office profile (or one given from outside: `audit verify --root office.pem`). Once the chain has
entries, a missing, unreadable, unsigned (in an office that has its certificates), badly signed
or foreign anchor is a verification failure: deleting the anchor no longer hides a cut tail.

The anchor is written only AFTER the commit (which SQLite has already fsynced), so it can never
name an entry the table does not durably hold. It is cheap: one ECDSA signature (once per
write, never per entry) and one fixed-size record (JSON padded to ANCHOR_RECORD_SIZE bytes, with
a check value over its fields) rewritten in place, not fsynced. And it is off the committing
thread: an ordinary commit hands the new head to a small writer thread (_AnchorWriter) and
returns, since signing and writing right after the fsync cost an intake ~0.2 ms (a sixth of it)
for something durability does not need. The thread writes the newest head it was given
(coalescing a burst into one signature); every in-process reader of the anchor (verify,
reanchor) first waits for it, and so do closing the database and the interpreter's exit. A
commit that may create the anchor (the chain's first, a re-anchor) still writes it at once. A
kill -9 between a commit and the thread's write leaves the anchor one write behind, as a power
cut does. A reader that catches a write half done sees a check that does not match and reads
again. After a power cut the anchor may come back older than the table (harmless: verify is less
strict about the newest entries) or unreadable: verify then FAILS, saying the anchor is
unreadable — a power cut is rare, a deleted anchor is an attack, and the two cannot be told apart.
So a missing or unreadable anchor is **never recreated by an ordinary commit** once the chain has
entries (the next intake used to write a fresh anchor over the evidence of the cut): only the
commit that starts the chain creates it, and after a loss a supervisor re-anchors with
`audit reanchor --reason` (AuditLog.reanchor), which appends an `audit.reanchored` entry naming
the anchor's state and the head it found, so the loss stays on the record.

**The cases table is covered too.** The create (case.submit) and edit (case.edit) entries carry
`content_hash`, SHA-256 over a canonical form of the stored case row's content columns
(CASE_CONTENT_COLUMNS, the sealed RRN blob and received_via_system included; entries from before
version 2 of the hash left the latter out and are checked as version 1; `case_content_hash`).
`verify` recomputes it for every case and names, by receipt number, a case whose row changed or
vanished outside the program, and a case row that no audit entry ever mentions (inserted outside
the program).

What `verify` catches:
- an entry whose fields were changed in place ("edited", at that entry);
- entries deleted from the middle, or rows renumbered/swapped ("deleted_or_reordered");
- the newest entries deleted ("missing_tail": the table ends before the anchor's seq), which
  also catches an older copy of the database put back in place of the current one;
- the chain re-computed from some point with consistent hashes ("rewritten" at the anchor's seq);
- the anchor missing, unreadable, unsigned, signed by a key that does not chain to the office
  root, by a revoked certificate, or by another terminal;
- the database and the anchor rewritten together: the forger would need this terminal's
  signing key, which is not in the database (a 0600 file beside it, pki.py);
- a case row edited, deleted or inserted with raw SQL.

What it does not catch (said plainly, so nobody over-trusts it):
- someone who can act as this terminal's OS account: they can read the signing key and sign a
  forged anchor. They cannot rewrite the *office root* in a way that fools a verifier that holds
  the exported root certificate (`audit verify --root`), but they can sign with the terminal key
  until it is revoked;
- without `--root`, the root is the one in the office profile, which someone who rewrites the
  database can replace together with everything else; keep the exported root (office
  certificate --out) off the machine and verify with it when it matters;
- truncation before the anchor existed (databases from before this feature: migration 0003
  anchors their chain at the upgrade), or before the office had its certificates;
- a case's state, due date and sync bookkeeping (they change without a per-case content entry:
  outage periods recompute due dates in bulk); its history is in case_transitions and the log.
"""

from __future__ import annotations

import atexit
import base64
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from counter_app import pii
from counter_app.actor import UNAUTHENTICATED_PREFIX
from counter_app.background import BackgroundJob
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.offline.db import AFTER_COMMIT, AFTER_ROLLBACK, BEFORE_DISPOSE, SqlWrite, WriteScope, driver_connection
from counter_app.offline.models import CASE_APPLICATION_COLUMNS, AuditEntry, UTCDateTime

log = logging.getLogger(__name__)

GENESIS = "0" * 64
ANCHOR_SUFFIX = ".audit-anchor.json"
_PENDING_HEAD = "counter_app.audit.pending_head"  # session.info key: (anchor path, seq, hash, at) to write on commit
_MAY_CREATE = "counter_app.audit.may_create_anchor"  # session.info key: this commit starts the chain or re-anchors it
_stored_time = UTCDateTime().process_bind_param  # the exact text the ORM would store for `at`
_LAST_ENTRY_SQL = "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
_INSERT_SQL = (
    "INSERT INTO audit_log (seq, at, operator, terminal, action, case_id, reason, detail, prev_hash, "
    "entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_ENTRIES_SQL = (
    "SELECT seq, at, operator, terminal, action, case_id, reason, detail, prev_hash, entry_hash "
    "FROM audit_log ORDER BY seq"
)

EDITED = "edited"
DELETED_OR_REORDERED = "deleted_or_reordered"
MISSING_TAIL = "missing_tail"
REWRITTEN = "rewritten"
NO_ANCHOR = "no_anchor"
ANCHOR_UNREADABLE = "anchor_unreadable"
ANCHOR_UNSIGNED = "anchor_unsigned"
ANCHOR_BAD_SIGNATURE = "anchor_bad_signature"
ANCHOR_FOREIGN = "anchor_foreign"
ANCHOR_REVOKED = "anchor_revoked"
ROOT_MISMATCH = "root_mismatch"
CASE_CHANGED = "case_changed"
CASE_MISSING = "case_missing"
CASE_UNRECORDED = "case_unrecorded"

# The actions whose detail carries the case's content hash (written in the case's own transaction).
CASE_CONTENT_ACTIONS = ("case.submit", "case.edit", "case.purge")  # case.purge: sync/purge.py
# The stored columns a case's content hash covers: what the applicant said, who took it and how
# it was received. Not the state, the due date (recomputed whenever an outage is recorded: it
# follows from what is covered here and the audited outage periods), warnings or sync
# bookkeeping (see the module docstring). Version 1, in entries written before 2026-12, left out
# received_via_system, which moves a legal deadline (시행령 제20조 2호): an entry says which version
# its hash is (CONTENT_HASH_VERSION_KEY; none: 1), and verify recomputes that one. A version only
# ever appends columns, so each is a prefix of the next.
CASE_CONTENT_COLUMNS_V1: tuple[str, ...] = (
    "case_id",
    "receipt_no",
    "office_code",
    "terminal",
    "clerk",
    *CASE_APPLICATION_COLUMNS,
    "import_key",
    "received_at",
)
CASE_CONTENT_COLUMNS: tuple[str, ...] = (*CASE_CONTENT_COLUMNS_V1, "received_via_system")
CONTENT_HASH_VERSION = 2
CONTENT_HASH_VERSION_KEY = "content_hash_version"
_CONTENT_COLUMNS_BY_VERSION = {1: CASE_CONTENT_COLUMNS_V1, 2: CASE_CONTENT_COLUMNS}
_CASES_SQL = "SELECT {} FROM cases".format(", ".join(("state",) + CASE_CONTENT_COLUMNS))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _at_text(at: dt.datetime | str) -> str:
    if isinstance(at, str):  # the stored form (fixed-width UTC ISO): what the hash is computed over
        return at
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_digest(
    prev_hash: str,
    seq: int,
    at: dt.datetime | str,
    operator: str,
    terminal: str,
    action: str,
    case_id: str | None,
    reason: str | None,
    detail: str | None,
) -> str:
    canonical = json.dumps(
        [prev_hash, seq, _at_text(at), operator, terminal, action, case_id, reason, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- case content
_RRN_AT = CASE_CONTENT_COLUMNS.index("rrn_sealed")
_DISCLOSE_AT = CASE_CONTENT_COLUMNS.index("disclose")
_RECEIVED_AT = CASE_CONTENT_COLUMNS.index("received_at")
_VIA_SYSTEM_AT = CASE_CONTENT_COLUMNS.index("received_via_system")
_b64 = base64.b64encode


def _content_digest(values: list) -> str:
    """SHA-256 over the values of one version's content columns (in that order), normalised: the
    sealed RRN as base64, disclose and received_via_system as booleans, received_at as its stored
    UTC text."""
    sealed, disclose, received = values[_RRN_AT], values[_DISCLOSE_AT], values[_RECEIVED_AT]
    if sealed is not None:
        values[_RRN_AT] = _b64(bytes(sealed)).decode("ascii")
    if disclose is not None:
        values[_DISCLOSE_AT] = bool(disclose)
    if received is not None and not isinstance(received, str):
        values[_RECEIVED_AT] = _at_text(received)
    if len(values) > _VIA_SYSTEM_AT and values[_VIA_SYSTEM_AT] is not None:
        values[_VIA_SYSTEM_AT] = bool(values[_VIA_SYSTEM_AT])
    canonical = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def case_content_hash(row: Mapping[str, Any] | Any, version: int = CONTENT_HASH_VERSION) -> str:
    """SHA-256 (hex) over the canonical form of a case's content columns (CASE_CONTENT_COLUMNS;
    an older `version`'s for checking what an older entry says). `row` is a mapping of column ->
    value (stored form or ORM form: times as text or aware datetimes, booleans as 0/1 or bool,
    the sealed RRN as bytes) or a Case object."""
    get = row.get if isinstance(row, Mapping) else (lambda c: getattr(row, c, None))
    return _content_digest([get(c) for c in _CONTENT_COLUMNS_BY_VERSION[version]])


def content_hash_detail(row: Mapping[str, Any] | Any) -> dict[str, Any]:
    """What a create, edit or purge entry's detail says of the case row it leaves behind."""
    return {"content_hash": case_content_hash(row), CONTENT_HASH_VERSION_KEY: CONTENT_HASH_VERSION}


# ---------------------------------------------------------------- the anchor file
@dataclass(frozen=True)
class Anchor:
    seq: int
    entry_hash: str
    written_at: str | None = field(default=None, compare=False)  # the head entry's time (signed)
    signature: bytes | None = field(default=None, compare=False, repr=False)  # ES256 r||s
    certificate: bytes | None = field(default=None, compare=False, repr=False)  # the terminal's, DER

    @property
    def signed(self) -> bool:
        return self.signature is not None and self.certificate is not None

    def signed_message(self) -> bytes:
        return _anchor_message(self.seq, self.entry_hash, self.written_at)


def anchor_path_for_database(db_path: str | os.PathLike) -> Path:
    p = Path(db_path)
    return p.with_name(p.stem + ANCHOR_SUFFIX)


@lru_cache(maxsize=16)
def _anchor_path_for_url_database(database: str | None) -> Path | None:
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return anchor_path_for_database(database)


def anchor_path_for_session(session: WriteScope) -> Path | None:
    """The anchor beside the session's SQLite file; None for an in-memory database."""
    if isinstance(session, SqlWrite):
        return _anchor_path_for_url_database(str(session.path))
    bind = session.get_bind()
    engine: Any = getattr(bind, "engine", bind)
    return _anchor_path_for_url_database(engine.url.database)


ANCHOR_RECORD_SIZE = 2048  # one fixed-size record (signature and certificate included), rewritten in place


def _anchor_message(seq: int, entry_hash: str, written_at: str | None) -> bytes:
    return f"counter_app audit anchor v3|{seq}|{entry_hash}|{written_at}".encode()


def _anchor_check(seq: int, entry_hash: str, written_at: Any, sig: Any = None, cert: Any = None) -> str:
    """Guards an in-place anchor record against a torn write or read (not against forgery)."""
    text = f"anchor|{seq}|{entry_hash}|{written_at}"
    if sig is not None or cert is not None:
        text += f"|{sig}|{cert}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _anchor_record(seq: int, entry_hash: str, signer=None, written_at: str | None = None) -> bytes:
    written_at = written_at or _utcnow().isoformat(timespec="microseconds")
    fields: dict[str, Any] = {"version": 2, "seq": seq, "hash": entry_hash, "written_at": written_at}
    if signer is not None:
        sig = base64.b64encode(signer.sign(_anchor_message(seq, entry_hash, written_at))).decode("ascii")
        fields.update(version=3, sig=sig, cert=signer.certificate_b64)
        fields["check"] = _anchor_check(seq, entry_hash, written_at, sig, signer.certificate_b64)
    else:
        fields["check"] = _anchor_check(seq, entry_hash, written_at)
    payload = json.dumps(fields).encode("ascii")
    return payload.ljust(ANCHOR_RECORD_SIZE) if len(payload) <= ANCHOR_RECORD_SIZE else payload


def _parse_anchor(data: bytes, decode: bool = True) -> Anchor | None:
    """The anchor in `data`, or None when it is not a well-formed one. Version 1 files (written
    whole by rename, before in-place records) carry no check; version 3 ones are signed (their
    signature and certificate are decoded only with `decode`: a commit needs just the seq)."""
    try:
        raw = json.loads(data.decode("utf-8"))
        seq, digest = raw["seq"], raw["hash"]
        if not (isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0 and isinstance(digest, str)):
            return None
        version = raw.get("version", 1)
        sig, cert = (raw.get("sig"), raw.get("cert")) if version >= 3 else (None, None)
        if version >= 2 and raw.get("check") != _anchor_check(seq, digest, raw.get("written_at"), sig, cert):
            return None  # torn: a write under way (or cut short by a power loss)
        if version >= 3:
            if not (isinstance(sig, str) and isinstance(cert, str)):
                return None
            if not decode:
                return Anchor(seq, digest, raw.get("written_at"))
            return Anchor(
                seq,
                digest,
                raw.get("written_at"),
                base64.b64decode(sig, validate=True),
                base64.b64decode(cert, validate=True),
            )
        return Anchor(seq, digest, raw.get("written_at"))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


MISSING, UNREADABLE, PRESENT = "missing", "unreadable", "present"


def load_anchor(path: Path | None) -> tuple[str, Anchor | None]:
    """(MISSING | UNREADABLE | PRESENT, the anchor when present), after this process's own
    pending anchor writes (a reader in this process sees every head it committed)."""
    if path is None:
        return MISSING, None
    ANCHOR_WRITER.flush()
    for _ in range(3):  # a torn read (a commit rewriting the record right now) is read again
        try:
            anchor = _parse_anchor(path.read_bytes())
        except FileNotFoundError:
            return MISSING, None
        except OSError:
            break
        if anchor is not None:
            return PRESENT, anchor
    log.warning("audit anchor %s is unreadable", path.name)
    return UNREADABLE, None


def read_anchor(path: Path | None) -> Anchor | None:
    """The recorded chain head, or None when there is no (readable) anchor."""
    return load_anchor(path)[1]


def write_anchor(
    path: Path, seq: int, entry_hash: str, signer=None, written_at: str | None = None, *, create: bool = True
) -> bool:
    """Record the chain head, signed by `signer` (a pki.TerminalSigner) when given, without fsync
    (see the module docstring). Never moves the anchor backwards: two processes committing close
    together may finish their anchor writes in either order.

    An existing well-formed record is overwritten in place with one write of one fixed-size
    record: ~5 us. Temp file + rename cost ~0.3 ms per intake on ext4 (which flushes a file renamed
    over another, and whose journal commit the next database fsync also waits for), so it is used
    only to create the anchor or to replace one that is not such a record (missing, an older
    program's, torn).

    With `create=False` (every ordinary commit on a chain that already has entries) a missing or
    unreadable anchor is left as it is and False returned: recreating it would erase the evidence
    that it was removed (see the module docstring)."""
    try:
        with path.open("r+b") as fh:
            current_bytes = fh.read(ANCHOR_RECORD_SIZE + 1)
            current = _parse_anchor(current_bytes, decode=False)
            if current is not None and current.seq >= seq:
                return True
            if current is None and not create:
                return False
            record = _anchor_record(seq, entry_hash, signer, written_at)
            if (
                current is not None
                and len(current_bytes) == ANCHOR_RECORD_SIZE == len(record)
                and b'"check"' in current_bytes
            ):
                fh.seek(0)
                fh.write(record)
                return True
    except FileNotFoundError:
        if not create:
            return False
        record = _anchor_record(seq, entry_hash, signer, written_at)
    _replace_anchor(path, record)
    return True


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


@lru_cache(maxsize=16)
def signer_provider(data_dir: Path):
    """This data directory's terminal signer (pki.SignerProvider: one stat per call)."""
    from counter_app.pki import SignerProvider, terminal_key_path  # imported on the first commit, not at start-up

    return SignerProvider(terminal_key_path(data_dir))


def anchor_signer(anchor_path: Path):
    """The TerminalSigner that signs the anchor at `anchor_path`, or None (no terminal key yet).
    The key file sits in the same data directory as the database and its anchor."""
    return signer_provider(anchor_path.parent)()


# Listening on the Session class (once, at import) rather than registering two listeners on every
# write session, and in db's hooks for its plain-SQL writes. Writes that appended nothing return at once.
@event.listens_for(Session, "after_commit")
def _anchor_after_commit(session: Session) -> None:
    _move_anchor(session.info)


@event.listens_for(Session, "after_rollback")
def _anchor_after_rollback(session: Session) -> None:
    _forget_anchor(session.info)


def _move_anchor(info: dict) -> None:
    head = info.pop(_PENDING_HEAD, None)
    create = info.pop(_MAY_CREATE, False)
    if head is None:
        return
    if create:  # the chain's first commit or a re-anchor: written before the caller goes on
        ANCHOR_WRITER.flush()
        _write_head(*head, create=True)
    else:
        ANCHOR_WRITER.put(*head)


def _write_head(path: Path, seq: int, entry_hash: str, at: str, *, create: bool) -> None:
    try:
        if not write_anchor(path, seq, entry_hash, anchor_signer(path), at, create=create):
            log.warning(
                "the audit anchor is missing or unreadable and was not recreated; "
                "audit verify fails until a supervisor runs 'audit reanchor'"
            )
    except OSError as exc:
        # The entries are committed and safe; verify reports the stale or unreadable anchor.
        # Raising here would tell the caller a committed action had failed.
        log.warning("could not update the audit anchor: %s", type(exc).__name__)


class _AnchorWriter:
    """Moves anchors after commits on a background job (module docstring). Holds the newest head
    per anchor file; write_anchor itself never moves an anchor backwards, so the order in which
    heads from several threads or processes land does not matter."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[Path, tuple[int, str, str]] = {}
        self._job = BackgroundJob(self._write_pending, "audit-anchor")

    def put(self, path: Path, seq: int, entry_hash: str, at: str) -> None:
        with self._lock:
            queued = self._pending.get(path)
            if queued is None or seq > queued[0]:
                self._pending[path] = (seq, entry_hash, at)
        self._job.request()

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every head handed over so far is written (or could not be: logged)."""
        self._job.wait(timeout)

    def _write_pending(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    return
                path, (seq, entry_hash, at) = self._pending.popitem()
            _write_head(path, seq, entry_hash, at, create=False)


ANCHOR_WRITER = _AnchorWriter()
atexit.register(ANCHOR_WRITER.flush)
BEFORE_DISPOSE.append(ANCHOR_WRITER.flush)


def _forget_anchor(info: dict) -> None:
    info.pop(_PENDING_HEAD, None)
    info.pop(_MAY_CREATE, None)


AFTER_COMMIT.append(_move_anchor)
AFTER_ROLLBACK.append(_forget_anchor)


# ---------------------------------------------------------------- verification result
@dataclass(frozen=True)
class CaseProblem:
    problem: str  # CASE_CHANGED | CASE_MISSING | CASE_UNRECORDED
    case_id: str
    receipt_no: str | None

    def as_json(self) -> dict:
        return {"problem": self.problem, "case_id": self.case_id, "receipt_no": self.receipt_no}


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int  # entries checked (all of them when ok)
    first_broken_seq: int | None = None
    problem: str | None = None  # one of the problem codes above
    anchor_seq: int | None = None  # the recorded head, when an anchor was found
    last_seq: int | None = None  # the newest seq in the table
    signed_by: str | None = None  # "office code/terminal" of a verified anchor signature
    cases_checked: int = 0
    case_problems: tuple[CaseProblem, ...] = ()

    @property
    def anchored(self) -> bool:
        return self.anchor_seq is not None

    def message(self) -> Msg:
        """One sentence for a person (no personal data: the log holds none)."""
        seq = self.first_broken_seq
        if self.ok:
            cases_ko = f" 민원 {self.cases_checked}건의 내용도 기록과 맞습니다." if self.cases_checked else ""
            cases_en = f", and the {self.cases_checked} cases match them" if self.cases_checked else ""
            if self.anchored and self.signed_by:
                return Msg(
                    f"감사 기록 {self.entries}건의 연결이 모두 온전합니다(기준점 {self.anchor_seq}번, "
                    f"단말기 {self.signed_by}의 서명 확인).{cases_ko}",
                    f"All {self.entries} audit entries are intact{cases_en} (checked against the anchor "
                    f"at seq {self.anchor_seq}, signed by terminal {self.signed_by}).",
                )
            if self.anchored:
                return Msg(
                    f"감사 기록 {self.entries}건의 연결이 모두 온전합니다(기준점 {self.anchor_seq}번 확인).{cases_ko} "
                    f"이 사무소에는 아직 인증서가 없어 기준점이 서명되지 않았습니다.",
                    f"All {self.entries} audit entries are intact{cases_en} (checked against the anchor at "
                    f"seq {self.anchor_seq}); the office has no certificates yet, so the anchor is not signed.",
                )
            return Msg(
                f"감사 기록 {self.entries}건의 연결이 모두 온전합니다.{cases_ko}",
                f"All {self.entries} audit entries are intact{cases_en}.",
            )
        if self.problem == EDITED:
            return Msg(
                f"감사 기록 {seq}번이 수정되었습니다(내용이 해시와 맞지 않음).",
                f"Audit entry {seq} was edited (its fields do not match its hash).",
            )
        if self.problem == DELETED_OR_REORDERED:
            return Msg(
                f"감사 기록 {seq}번이 앞 기록과 이어지지 않습니다: 그 앞의 기록이 삭제되었거나 순서가 바뀌었거나, 수정된 뒤 해시가 다시 계산되었습니다.",
                f"Audit entry {seq} does not follow the entry before it: entries were deleted or reordered "
                f"(or an earlier entry was edited and re-hashed).",
            )
        if self.problem == MISSING_TAIL:
            last = self.last_seq or 0
            if last == 0:
                return Msg(
                    f"감사 기록이 모두 없어졌습니다(기준점에는 {self.anchor_seq}번까지 기록됨).",
                    f"All audit entries are missing (the anchor records entries up to seq {self.anchor_seq}).",
                )
            return Msg(
                f"감사 기록 {last}번 뒤의 기록이 없어졌습니다(기준점에는 {self.anchor_seq}번까지 기록됨).",
                f"Audit entries are missing after seq {last} (the anchor records entries up to seq {self.anchor_seq}).",
            )
        if self.problem == REWRITTEN:
            return Msg(
                f"감사 기록 {seq}번이 기준점에 기록된 것과 다릅니다: 기록이 다시 작성되었습니다.",
                f"Audit entry {seq} differs from the one recorded in the anchor: the log was rewritten.",
            )
        anchor_messages = {
            NO_ANCHOR: Msg(
                "감사 기록의 기준점 파일이 없습니다: 마지막 기록이 잘려 나갔는지 확인할 수 없으므로 검증에 실패했습니다"
                "(경위를 확인한 뒤 감독자가 'audit reanchor'로 다시 만들 수 있으며, 그 사실도 기록됩니다).",
                "The audit anchor file is missing, so a cut-off tail cannot be ruled out: verification failed "
                "(once the cause is known, a supervisor can recreate it with 'audit reanchor', which is recorded too).",
            ),
            ANCHOR_UNREADABLE: Msg(
                "감사 기록의 기준점 파일을 읽을 수 없습니다(손상됨): 검증에 실패했습니다"
                "(경위를 확인한 뒤 감독자가 'audit reanchor'로 다시 만들 수 있습니다).",
                "The audit anchor file is unreadable (damaged): verification failed "
                "(once the cause is known, a supervisor can recreate it with 'audit reanchor').",
            ),
            ANCHOR_UNSIGNED: Msg(
                "감사 기록의 기준점에 단말기 서명이 없습니다: 기준점이 바꿔치기되었거나 이 단말기의 서명 키 파일이 "
                "없어졌습니다(감독자가 'office certificate issue'로 새로 발급할 수 있습니다).",
                "The audit anchor carries no terminal signature: it was replaced, or this terminal's "
                "signing key file is gone (a supervisor can issue a new one with 'office certificate issue').",
            ),
            ANCHOR_BAD_SIGNATURE: Msg(
                "감사 기록의 기준점 서명이 맞지 않습니다: 기준점이 고쳐졌습니다.",
                "The audit anchor's signature does not match: the anchor was altered.",
            ),
            ANCHOR_FOREIGN: Msg(
                "감사 기록의 기준점이 이 사무소의 이 단말기가 서명한 것이 아닙니다.",
                "The audit anchor was not signed by this terminal of this office.",
            ),
            ANCHOR_REVOKED: Msg(
                "감사 기록의 기준점이 폐지된 단말기 인증서로 서명되었습니다.",
                "The audit anchor was signed with a revoked terminal certificate.",
            ),
            ROOT_MISMATCH: Msg(
                "사무소 정보에 저장된 루트 인증서가 주어진 사무소 루트 인증서와 다릅니다.",
                "The root certificate in the office profile is not the office root certificate given.",
            ),
        }
        if self.problem in anchor_messages:
            return anchor_messages[self.problem]
        if self.case_problems:
            first, more = self.case_problems[0], len(self.case_problems) - 1
            rno = first.receipt_no or first.case_id
            tail_ko = f" (모두 {more + 1}건)" if more else ""
            tail_en = f" ({more + 1} cases in all)" if more else ""
            if first.problem == CASE_MISSING:
                return Msg(
                    f"민원 {rno}이(가) 프로그램 밖에서 삭제되었습니다{tail_ko}.",
                    f"Case {rno} was deleted outside the program{tail_en}.",
                )
            if first.problem == CASE_UNRECORDED:
                return Msg(
                    f"민원 {rno}은(는) 감사 기록에 없습니다: 프로그램 밖에서 추가되었습니다{tail_ko}.",
                    f"Case {rno} is not in the audit log: it was added outside the program{tail_en}.",
                )
            return Msg(
                f"민원 {rno}의 내용이 프로그램 밖에서 바뀌었습니다(감사 기록의 해시와 맞지 않음){tail_ko}.",
                f"Case {rno} was changed outside the program (it does not match its audit entry){tail_en}.",
            )
        return Msg(f"감사 기록 {seq}번에서 연결이 끊어졌습니다.", f"The audit chain is broken at entry {seq}.")

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "first_broken_seq": self.first_broken_seq,
            "problem": self.problem,
            "anchor_seq": self.anchor_seq,
            "last_seq": self.last_seq,
            "signed_by": self.signed_by,
            "cases_checked": self.cases_checked,
            "cases": [p.as_json() for p in self.case_problems],
            "message": self.message().text(),
        }


def _with(result: VerifyResult, **changes) -> VerifyResult:
    from dataclasses import replace

    return replace(result, **changes)


@dataclass(frozen=True)
class Appended:
    """The entry an append added: the chain's new head."""

    seq: int
    entry_hash: str
    at: dt.datetime


class AuditLog:
    """Appends to and verifies the chain. `terminal` is this terminal's id, or a callable giving
    it (so a log built before the office existed names the right terminal once it does)."""

    def __init__(self, terminal: str | Callable[[], str], clock: Callable[[], dt.datetime] = _utcnow):
        self._terminal = terminal
        self._clock = clock

    @property
    def terminal(self) -> str:
        return self._terminal() if callable(self._terminal) else self._terminal

    def append(
        self,
        session: WriteScope,
        operator: str,
        action: str,
        *,
        case_id: str | None = None,
        reason: str | None = None,
        detail: dict | None = None,
    ) -> Appended:
        """Add an entry in the caller's (write) transaction. Plain SQL on the session's own
        connection: every intake pays for this, and the ORM flush cost more than the insert. Returns
        the new head (building an ORM AuditEntry cost an intake ~50 us for nobody)."""
        # in a db.write() session this holds BEGIN IMMEDIATE: no writer can come between read and insert
        conn = driver_connection(session)
        last = conn.execute(_LAST_ENTRY_SQL).fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = self._clock()
        at_text = _stored_time(at, None)
        terminal = self.terminal
        # Last line of defence (issue 6): an RRN typed into a reason or note never reaches this
        # append-only table in clear. Entry points refuse one; this masks whatever slips past them.
        reason, detail = pii.mask_text(reason), (pii.mask_in(detail) if detail else detail)
        if operator.startswith(UNAUTHENTICATED_PREFIX):  # a command line's OS user, never signed in (actor.py)
            detail = {**(detail or {}), "authenticated": False}
        detail_json = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None
        entry_hash = entry_digest(prev, seq, at_text, operator, terminal, action, case_id, reason, detail_json)
        conn.execute(
            _INSERT_SQL, (seq, at_text, operator, terminal, action, case_id, reason, detail_json, prev, entry_hash)
        )
        self._anchor_on_commit(session, seq, entry_hash, at_text)
        if seq == 1:  # this commit starts the chain: it may create the anchor
            session.info[_MAY_CREATE] = True
        return Appended(seq, entry_hash, at)

    def append_many(
        self, session: WriteScope, operator: str, entries: Iterable[tuple[str, str | None, dict | None]]
    ) -> Appended | None:
        """append() for many (action, case_id, detail) entries in order, in the caller's write
        transaction: the same entries, masked and chained exactly as append() makes them one by one
        (one time for all, since they commit together), read the head once and inserted with one
        executemany (the sync records a chunk of up to 200 cases' moves this way). Returns the new
        head, or None when there was nothing to append."""
        conn = driver_connection(session)
        last = conn.execute(_LAST_ENTRY_SQL).fetchone()
        seq, prev = (last[0], last[1]) if last else (0, GENESIS)
        first = seq + 1
        at = self._clock()
        at_text = _stored_time(at, None)
        terminal = self.terminal
        unauthenticated = operator.startswith(UNAUTHENTICATED_PREFIX)
        rows = []
        for action, case_id, detail in entries:
            detail = pii.mask_in(detail) if detail else detail  # the last line of defence, as in append()
            if unauthenticated:
                detail = {**(detail or {}), "authenticated": False}
            detail_json = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None
            seq += 1
            entry_hash = entry_digest(prev, seq, at_text, operator, terminal, action, case_id, None, detail_json)
            rows.append((seq, at_text, operator, terminal, action, case_id, None, detail_json, prev, entry_hash))
            prev = entry_hash
        if not rows:
            return None
        conn.executemany(_INSERT_SQL, rows)
        self._anchor_on_commit(session, seq, prev, at_text)
        if first == 1:  # this commit starts the chain: it may create the anchor
            session.info[_MAY_CREATE] = True
        return Appended(seq, prev, at)

    def reanchor(self, session: Session, operator: str, reason: str) -> Appended:
        """A supervisor's repair after the anchor was lost (deleted, or torn by a power cut):
        the chain itself must be intact; an `audit.reanchored` entry names the anchor's state and
        the head found, and this commit writes a fresh signed anchor. Refused while the anchor
        is readable (nothing to repair: a bad signature or a cut tail is evidence, not damage)."""
        path = anchor_path_for_session(session)
        state, _anchor = load_anchor(path)
        if path is None or state == PRESENT:
            raise UserError(
                Msg(
                    "감사 기록의 기준점 파일이 있으므로 다시 만들 필요가 없습니다.",
                    "The audit anchor is there; there is nothing to re-anchor.",
                )
            )
        conn = driver_connection(session)
        chain = self.verify_entries(_Row(*r) for r in conn.execute(_ENTRIES_SQL))
        if not chain.ok:
            raise UserError(chain.message())
        entry = self.append(
            session,
            operator,
            "audit.reanchored",
            reason=reason,
            detail={"anchor_state": state, "head_seq": chain.last_seq},
        )
        session.info[_MAY_CREATE] = True
        return entry

    @staticmethod
    def _anchor_on_commit(session: WriteScope, seq: int, entry_hash: str, at_text: str) -> None:
        """Arrange for the anchor to move to this entry once (and only if) the transaction commits
        (the Session-wide listeners above do the signing and writing, once per commit)."""
        path = anchor_path_for_session(session)
        if path is not None:
            session.info[_PENDING_HEAD] = (path, seq, entry_hash, at_text)

    @staticmethod
    def verify_entries(
        entries: Iterable[Any],
        anchor: Anchor | None = None,
        case_hashes: dict | None = None,
        case_ids: set | None = None,
    ) -> VerifyResult:
        """Check a chain given oldest first (AuditEntry objects or rows with the same attribute
        names, `at` as an aware datetime or its stored text); with an anchor, also that the chain
        reaches it and matches it there. `case_hashes` / `case_ids`, when given, collect each
        case's latest content hash (case_id -> (hash, receipt_no)) and every case id named."""
        anchor_seq = anchor.seq if anchor else None
        prev, expected_seq, n = GENESIS, 1, 0
        hash_at_anchor = None
        for e in entries:
            n += 1
            if e.seq != expected_seq or e.prev_hash != prev:
                return VerifyResult(False, n, e.seq, DELETED_OR_REORDERED, anchor_seq)
            digest = entry_digest(
                e.prev_hash, e.seq, e.at, e.operator, e.terminal, e.action, e.case_id, e.reason, e.detail
            )
            if digest != e.entry_hash:
                return VerifyResult(False, n, e.seq, EDITED, anchor_seq)
            if anchor is not None and e.seq == anchor.seq:
                hash_at_anchor = e.entry_hash
            if e.case_id is not None and case_ids is not None:
                case_ids.add(e.case_id)
                if (
                    case_hashes is not None
                    and e.action in CASE_CONTENT_ACTIONS
                    and e.detail
                    and '"content_hash"' in e.detail
                ):
                    detail = json.loads(e.detail)
                    case_hashes[e.case_id] = (
                        detail.get("content_hash"),
                        detail.get("receipt_no"),
                        detail.get(CONTENT_HASH_VERSION_KEY, 1),
                    )
            prev, expected_seq = e.entry_hash, expected_seq + 1
        last_seq = expected_seq - 1
        if anchor is not None and anchor.seq > 0:
            if last_seq < anchor.seq:
                return VerifyResult(False, n, last_seq + 1, MISSING_TAIL, anchor_seq, last_seq)
            if hash_at_anchor != anchor.entry_hash:
                return VerifyResult(False, n, anchor.seq, REWRITTEN, anchor_seq, last_seq)
        return VerifyResult(True, n, anchor_seq=anchor_seq, last_seq=last_seq)

    def verify(self, session: Session, *, trusted_root=None) -> VerifyResult:
        """The chain, its signed anchor and the cases table, in one read snapshot. `trusted_root`
        (a certificate, DER or PEM bytes) is the office root held outside this data folder; by
        default the one in the office profile is used."""
        # The anchor is read BEFORE the table: it is only written after a commit, so every entry it
        # names is already visible to the snapshot the queries below start. (The other order could
        # see an anchor from a commit newer than our snapshot and report a false truncation.)
        path = anchor_path_for_session(session)
        state, anchor = load_anchor(path)
        conn = driver_connection(session)
        began = not conn.in_transaction
        if began:
            conn.execute("BEGIN")  # one snapshot for the log, the office row and the cases
        try:
            case_hashes: dict[str, tuple] = {}
            case_ids: set[str] = set()
            rows = conn.execute(_ENTRIES_SQL)
            result = self.verify_entries((_Row(*r) for r in rows), anchor, case_hashes, case_ids)
            if not result.ok:
                return result
            if path is not None and result.entries > 0:
                result = self._check_anchor(conn, state, anchor, result, trusted_root)
                if not result.ok:
                    return result
            elif trusted_root is not None:
                result = self._check_anchor(conn, state, anchor, result, trusted_root, require=False)
                if not result.ok:
                    return result
            return self._check_cases(conn, result, case_hashes, case_ids)
        finally:
            if began and conn.in_transaction:
                conn.execute("ROLLBACK")

    @staticmethod
    def _check_anchor(
        conn, state: str, anchor: Anchor | None, result: VerifyResult, trusted_root, require: bool = True
    ) -> VerifyResult:
        from counter_app import pki

        failed = lambda problem: _with(result, ok=False, problem=problem)  # noqa: E731
        office = conn.execute("SELECT root_certificate, terminal_id FROM office LIMIT 1").fetchone()
        profile_root = office[0] if office is not None else None
        if trusted_root is not None:
            given = (
                trusted_root
                if not isinstance(trusted_root, (bytes, bytearray))
                else (pki.load_pem_certificates(bytes(trusted_root)) or [pki.load_certificate(bytes(trusted_root))])[0]
            )
            if profile_root is None or pki.fingerprint(bytes(profile_root)) != pki.fingerprint(given):
                return failed(ROOT_MISMATCH)
        if not require:
            return result
        if state == MISSING:
            return failed(NO_ANCHOR)
        if state == UNREADABLE or anchor is None:
            return failed(ANCHOR_UNREADABLE)
        if profile_root is None:
            # no certificates yet (an office from before migration 0003, not unlocked since):
            # an unsigned anchor is all there can be; a signed one means the root was removed
            return failed(ANCHOR_FOREIGN) if anchor.signed else result
        if not anchor.signed or anchor.certificate is None:
            return failed(ANCHOR_UNSIGNED)
        revoked = {
            int(serial, 16)
            for (serial,) in conn.execute("SELECT serial FROM terminal_certificates WHERE revoked_at IS NOT NULL")
        }
        try:
            chain = pki.verify_chain(
                [anchor.certificate], [bytes(profile_root)], revoked_serials=revoked, check_validity=False
            )
        except pki.ChainError as exc:
            return failed(ANCHOR_REVOKED if exc.reason == pki.REVOKED else ANCHOR_FOREIGN)
        if chain.terminal != office[1]:
            return failed(ANCHOR_FOREIGN)
        if not pki.verify_es256(chain.certificate, anchor.signature or b"", anchor.signed_message()):
            return failed(ANCHOR_BAD_SIGNATURE)
        return _with(result, signed_by=f"{chain.office_code}/{chain.terminal}")

    @staticmethod
    def _check_cases(conn, result: VerifyResult, case_hashes: dict, case_ids: set) -> VerifyResult:
        """Every case row against its latest content hash in the log; rows nobody logged."""
        problems: list[CaseProblem] = []
        seen: set[str] = set()
        n = 0
        receipt_at = 1 + CASE_CONTENT_COLUMNS.index("receipt_no")
        for values in conn.execute(_CASES_SQL):  # state, then CASE_CONTENT_COLUMNS (case_id first)
            n += 1
            case_id = values[1]
            seen.add(case_id)
            expected = case_hashes.get(case_id)
            if expected is not None:
                width = len(_CONTENT_COLUMNS_BY_VERSION.get(expected[2], ()))
                if not width or _content_digest(list(values[1 : 1 + width])) != expected[0]:
                    problems.append(CaseProblem(CASE_CHANGED, case_id, expected[1] or values[receipt_at]))
            elif case_id not in case_ids:
                problems.append(CaseProblem(CASE_UNRECORDED, case_id, values[receipt_at]))
        for case_id, (_digest, receipt_no, _version) in case_hashes.items():
            if case_id not in seen:
                problems.append(CaseProblem(CASE_MISSING, case_id, receipt_no))
        if problems:
            problems.sort(key=lambda p: (p.receipt_no or "", p.case_id))
            return _with(result, ok=False, cases_checked=n, case_problems=tuple(problems), problem=problems[0].problem)
        return _with(result, cases_checked=n)

    @staticmethod
    def recent(session: Session, limit: int = 50) -> list[AuditEntry]:
        """The newest entries, newest first."""
        return list(
            session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(max(0, int(limit)))).scalars()
        )


class _Row:
    """One audit_log row with attribute access (the verify loop reads plain tuples)."""

    __slots__ = (
        "seq",
        "at",
        "operator",
        "terminal",
        "action",
        "case_id",
        "reason",
        "detail",
        "prev_hash",
        "entry_hash",
    )

    def __init__(self, seq, at, operator, terminal, action, case_id, reason, detail, prev_hash, entry_hash):
        self.seq, self.at, self.operator, self.terminal, self.action = seq, at, operator, terminal, action
        self.case_id, self.reason, self.detail, self.prev_hash, self.entry_hash = (
            case_id,
            reason,
            detail,
            prev_hash,
            entry_hash,
        )
