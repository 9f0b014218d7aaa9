"""WAL checkpoints run off the submit path (offline/db.py): no commit copies the WAL into the
database file; the idle checkpoint and the size guard do, outside any write's transaction."""

from __future__ import annotations

import hashlib
import sqlite3

from helpers.intake import PETITION_DOC

from counter_app.actor import Actor

CLERK = Actor("C001", "김접수")


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_connection_turns_sqlite_automatic_checkpoints_off(ctx):
    with ctx.db.read() as s:
        assert s.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        assert s.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL stays
    raw = ctx.db.raw_connection()
    try:
        assert raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    finally:
        raw.close()


def test_submits_never_checkpoint_and_the_idle_checkpoint_moves_them_into_the_file(office_ctx):
    db_file = office_ctx.paths.database
    office_ctx.db.checkpoint()
    before = digest(db_file)
    ids = [office_ctx.queue.submit(CLERK, PETITION_DOC).case_id for _ in range(100)]  # > 1000 WAL pages
    assert digest(db_file) == before  # SQLite's own checkpoint would have run inside a commit by now
    busy, wal_pages, copied = office_ctx.db.checkpoint()
    assert busy == 0 and copied == wal_pages > 1000
    assert digest(db_file) != before
    conn = sqlite3.connect(f"file:{db_file}?mode=ro&immutable=1", uri=True)  # the main file alone
    try:
        stored = {r[0] for r in conn.execute("SELECT case_id FROM cases")}
    finally:
        conn.close()
    assert set(ids) <= stored


def test_the_wal_size_guard_checkpoints_after_n_writes_outside_the_transaction(office_ctx):
    db = office_ctx.db
    db.checkpoint()
    db.checkpoint_every = 5
    before = digest(office_ctx.paths.database)
    for _ in range(4):
        office_ctx.queue.submit(CLERK, PETITION_DOC)
    assert digest(office_ctx.paths.database) == before and db.writes_since_checkpoint == 4
    office_ctx.queue.submit(CLERK, PETITION_DOC)
    assert db.writes_since_checkpoint == 0
    assert digest(office_ctx.paths.database) != before
