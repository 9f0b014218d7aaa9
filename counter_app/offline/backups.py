"""The backups of an office database (`backups/` beside it) and their rotation after a purge.

The program takes one kind of backup today: a consistent online copy before a migration
(schema.backup_database, `counter_app-before-<head>-from-<rev>-<time>.db`). A backup is a full
copy of the database, so one taken before a retention purge still holds the personal data the
purge destroyed (issue 10 §4: "in the database and its backups' next rotation").

`rotate_after_purge` is that rotation, run by the purge (sync/purge.py) after it has scrubbed the
live database:

1. every backup is checked against the live database's purge log: one that still holds any purged
   field (sealed RRN, phone, email, address, postcode) of a purged case — or that cannot be read
   well enough to tell — is a holder;
2. if there are holders, a fresh backup is taken from the live, already-purged database
   (`counter_app-after-purge-<time>.db`: its pages are those VACUUM just rewrote, so it carries no
   purged byte);
3. each holder is overwritten with zeros, fsynced and deleted (with any -wal/-shm beside it).

A backup that holds no purged data (one taken before those cases existed) is kept. The zeroing
makes the bytes unreadable through the file system; on an SSD or a copy-on-write file system the
old blocks may survive below it until the device reuses them (said plainly in docs/sync.md).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger(__name__)

# the case columns a purge destroys (sync/purge.py PURGED_FIELDS; every schema since 0001 has them)
PURGED_COLUMNS = ("rrn_sealed", "applicant_phone", "applicant_email", "applicant_address", "applicant_postcode")
_HOLDS_SQL = (
    "SELECT 1 FROM backup.cases AS old JOIN main.cases AS live ON live.case_id = old.case_id "
    "WHERE live.id IN (SELECT case_pk FROM main.purge_log) AND ("
    + " OR ".join(f"old.{c} IS NOT NULL" for c in PURGED_COLUMNS)
    + ") LIMIT 1"
)


@dataclass(frozen=True)
class Rotation:
    removed: tuple[str, ...]  # the backups deleted (file names)
    fresh: str | None  # the backup taken from the purged database, if one was


def backup_files(backups_dir: Path) -> list[Path]:
    if not backups_dir.is_dir():
        return []
    return sorted(p for p in backups_dir.iterdir() if p.is_file() and p.suffix == ".db")


def holds_purged_data(db_path: Path, backup: Path) -> bool:
    """Whether `backup` still holds a purged field of a case the live database has purged (True
    when the backup cannot be read well enough to tell: it is not kept on a guess)."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("ATTACH DATABASE ? AS backup", (f"file:{quote(str(backup))}?mode=ro&immutable=1",))
        return conn.execute(_HOLDS_SQL).fetchone() is not None
    except sqlite3.Error as exc:
        log.warning("backup %s could not be checked for purged data (%s): it is rotated out", backup.name, exc)
        return True
    finally:
        conn.close()


def _destroy(path: Path) -> None:
    """Overwrite the file with zeros, fsync, delete it (and its -wal/-shm)."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            continue
        with open(p, "r+b") as fh:
            left = size
            block = b"\0" * 65536
            while left > 0:
                n = min(left, len(block))
                fh.write(block[:n])
                left -= n
            fh.flush()
            os.fsync(fh.fileno())
        p.unlink()


def rotate_after_purge(db_path: Path, backups_dir: Path) -> Rotation:
    """After a purge has scrubbed `db_path`: replace the backups that still hold purged data by one
    fresh backup of the purged database (module docstring). Never raises for a backup it cannot
    delete (logged); the next purge run tries again."""
    from counter_app.offline.schema import backup_database

    holders = [b for b in backup_files(backups_dir) if holds_purged_data(db_path, b)]
    if not holders:
        return Rotation((), None)
    fresh = None
    try:
        fresh = backup_database(db_path, backups_dir, "after-purge").name
    except (OSError, sqlite3.Error) as exc:  # the purged data still goes: privacy before a spare copy
        log.warning("no fresh backup after the purge (%s); the older ones are deleted all the same", exc)
    removed = []
    for b in holders:
        if b.name == fresh:
            continue
        try:
            _destroy(b)
            removed.append(b.name)
        except OSError as exc:
            log.warning("backup %s holds purged data and could not be deleted: %s", b.name, exc)
    if removed:
        log.info("backups rotated after the purge: %d removed, fresh copy %s", len(removed), fresh)
    return Rotation(tuple(removed), fresh)


__all__ = ["PURGED_COLUMNS", "Rotation", "backup_files", "holds_purged_data", "rotate_after_purge"]
