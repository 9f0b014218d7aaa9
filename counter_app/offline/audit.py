"""The append-only, hash-chained audit log (PIPC 안전성 확보조치: who, when, which terminal,
which data subject, which action; export reasons recorded; tamper-evident).

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields in a
canonical form, so editing, deleting or reordering any entry breaks every hash after it.
Entries are appended inside the caller's write transaction: the action and its audit record
commit together or not at all. Details must never hold personal data: use case ids.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.offline.models import AuditEntry

GENESIS = "0" * 64


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


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    first_broken_seq: Optional[int] = None
    problem: Optional[str] = None  # 'edited' | 'deleted_or_reordered' | 'bad_link'


class AuditLog:
    """Appends to and verifies the chain. `terminal` is this terminal's id."""

    def __init__(self, terminal: str, clock: Callable[[], dt.datetime] = _utcnow):
        self.terminal = terminal
        self._clock = clock

    def append(self, session: Session, operator: str, action: str, *, case_id: str | None = None,
               reason: str | None = None, detail: dict | None = None) -> AuditEntry:
        last = session.execute(
            select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = self._clock()
        detail_json = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None
        entry = AuditEntry(
            seq=seq, at=at, operator=operator, terminal=self.terminal, action=action, case_id=case_id,
            reason=reason, detail=detail_json, prev_hash=prev,
            entry_hash=entry_digest(prev, seq, at, operator, self.terminal, action, case_id, reason, detail_json),
        )
        session.add(entry)
        session.flush()
        return entry

    @staticmethod
    def verify_entries(entries: Iterable[AuditEntry]) -> VerifyResult:
        prev, expected_seq, n = GENESIS, 1, 0
        for e in entries:
            n += 1
            if e.seq != expected_seq or e.prev_hash != prev:
                return VerifyResult(False, n, e.seq, "deleted_or_reordered")
            digest = entry_digest(e.prev_hash, e.seq, e.at, e.operator, e.terminal, e.action,
                                  e.case_id, e.reason, e.detail)
            if digest != e.entry_hash:
                return VerifyResult(False, n, e.seq, "edited")
            prev, expected_seq = e.entry_hash, expected_seq + 1
        return VerifyResult(True, n)

    def verify(self, session: Session) -> VerifyResult:
        rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
        return self.verify_entries(rows)
