"""Retention purge: personal data is destroyed irreversibly once a case's registration is
confirmed and the retention period has passed (개인정보 보호법 제21조; issue 10 item 4).

- Only cases in a final state (SENT, REGISTERED_MANUALLY) whose `registered_at` is older than the
  `retention_days` setting (30 by default) — nothing unsent is ever touched.
- What goes: the sealed RRN blob and the clear phone, email, address and postcode. The name and
  birth date stay (the register and the sync report list them; the receipt can still be checked).
- One audited write transaction: per case a `purge_log` row (field names, never values) and an
  audit entry `case.purge` carrying the new content hash, so `audit verify` still matches the row.
- `PRAGMA secure_delete=ON` zeroes the freed cells as they are overwritten; then the WAL is
  checkpointed and truncated, `VACUUM` rewrites the file without the free pages, and the WAL is
  truncated again — so no byte of the purged values remains in the database files.
- Then the backups' rotation (offline/backups.py): every backup in `backups/` that still holds a
  purged field of a purged case is replaced by one fresh backup of the purged database, and
  overwritten with zeros and deleted; a backup holding none of it is kept. It runs on every purge
  run, so one that could not finish (a crash after the commit) is finished by the next.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select

from counter_app.cases.states import FINAL_STATES
from counter_app.clock import Clock, system_clock
from counter_app.errors import UserError
from counter_app.i18n import Msg

log = logging.getLogger(__name__)

PURGED_FIELDS = ("rrn_sealed", "applicant_phone", "applicant_email", "applicant_address", "applicant_postcode")
DEFAULT_RETENTION_DAYS = 30


@dataclass(frozen=True)
class PurgeResult:
    cases: int
    retention_days: int
    cutoff: dt.datetime
    backups_removed: tuple[str, ...] = ()  # backups rotated out: they held purged data
    fresh_backup: str | None = None  # the backup of the purged database that replaced them

    def as_dict(self) -> dict:
        from counter_app.offline.stored_time import kst_iso

        return {
            "purged_cases": self.cases,
            "retention_days": self.retention_days,
            "cutoff": kst_iso(self.cutoff),
            "backups_removed": list(self.backups_removed),
            "fresh_backup": self.fresh_backup,
        }


class RetentionPurge:
    def __init__(self, db, audit, settings, clock: Clock = system_clock, backups_dir: Path | None = None):
        self._db = db
        self._audit = audit
        self._settings = settings
        self._clock = clock
        self._backups_dir = backups_dir if backups_dir is not None else Path(db.path).parent / "backups"

    @property
    def retention_days(self) -> int:
        try:
            days = int(self._settings.get("retention_days"))
        except KeyError:
            days = DEFAULT_RETENTION_DAYS
        return max(days, 1)

    def due(self) -> list[str]:
        """Case ids whose personal data is due for purging now."""
        from counter_app.offline.models import Case

        cutoff = self._clock() - dt.timedelta(days=self.retention_days)
        with self._db.read() as s:
            return list(
                s.execute(
                    select(Case.case_id)
                    .where(
                        Case.state.in_(FINAL_STATES),
                        Case.registered_at.is_not(None),
                        Case.registered_at <= cutoff,
                        or_(*(getattr(Case, f).is_not(None) for f in PURGED_FIELDS)),
                    )
                    .order_by(Case.id)
                ).scalars()
            )

    def run(self, actor) -> PurgeResult:
        """Purge every due case (supervisor), then make sure the bytes are gone from the files."""
        from counter_app.offline.audit import content_hash_detail
        from counter_app.offline.db import driver_connection
        from counter_app.offline.models import Case, PurgeLogEntry

        if not getattr(actor, "is_supervisor", False):
            raise UserError(
                Msg("감독자만 개인정보를 파기할 수 있습니다.", "Only a supervisor may purge personal data.")
            )
        now = self._clock()
        cutoff = now - dt.timedelta(days=self.retention_days)
        ids = self.due()
        if ids:
            with self._db.write() as s:
                driver_connection(s).execute("PRAGMA secure_delete=ON")
                for case in s.execute(select(Case).where(Case.case_id.in_(ids))).scalars():
                    if case.state not in FINAL_STATES:  # changed since due() looked: never purge unsent
                        continue
                    gone = [f for f in PURGED_FIELDS if getattr(case, f) is not None]
                    for f in gone:
                        setattr(case, f, None)
                    s.flush()
                    s.add(
                        PurgeLogEntry(
                            case_pk=case.id,
                            purged_at=now,
                            purged_by=actor.id,
                            fields=",".join(gone),
                            registered_at=case.registered_at,
                        )
                    )
                    self._audit.append(
                        s,
                        actor.id,
                        "case.purge",
                        case_id=case.case_id,
                        detail={
                            "fields": gone,
                            "retention_days": self.retention_days,
                            "receipt_no": case.receipt_no,
                            **content_hash_detail(case),
                        },
                    )
            self._scrub()
            log.info("retention purge: personal data of %d case(s) destroyed", len(ids))
        rotation = self._rotate_backups(actor)
        return PurgeResult(len(ids), self.retention_days, cutoff, rotation.removed, rotation.fresh)

    def _rotate_backups(self, actor):
        """The backups' rotation after the purge (offline/backups.py), audited when it removed any."""
        from counter_app.offline.backups import rotate_after_purge

        rotation = rotate_after_purge(Path(self._db.path), self._backups_dir)
        if rotation.removed:
            with self._db.write() as s:
                self._audit.append(
                    s,
                    actor.id,
                    "backup.rotate",
                    detail={"removed": list(rotation.removed), "fresh": rotation.fresh, "why": "purged data"},
                )
        return rotation

    def _scrub(self) -> None:
        """No freed page, WAL frame or free-list page may keep a purged byte."""
        conn = self._db.raw_connection()
        try:
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
