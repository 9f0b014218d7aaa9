"""Database.write_sql(): the plain-SQL write scope of the intake path keeps every promise of
Database.write(): all or nothing, the audit anchor moved only by a commit, clear storage errors,
nothing written to a read-only directory."""

from __future__ import annotations

import sqlite3

import pytest
from helpers.intake import PETITION_DOC

from counter_app.actor import Actor
from counter_app.errors import StorageError
from counter_app.offline.audit import anchor_path_for_database, read_anchor
from counter_app.offline.db import Database

CLERK = Actor("C001", "김접수")


def count(db_file, table: str) -> int:
    conn = sqlite3.connect(db_file)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_an_error_inside_rolls_back_everything_and_leaves_the_anchor_alone(office_ctx):
    office_ctx.queue.submit(CLERK, PETITION_DOC)
    db_file = office_ctx.paths.database
    anchor_before = read_anchor(anchor_path_for_database(db_file))
    entries_before = count(db_file, "audit_log")
    with pytest.raises(RuntimeError), office_ctx.db.write_sql() as w:
        office_ctx.audit.append(w, CLERK.id, "test.half_done")
        raise RuntimeError("stopped half way")
    assert count(db_file, "audit_log") == entries_before
    assert read_anchor(anchor_path_for_database(db_file)) == anchor_before
    # the pooled connection went back clean: the next write works and moves the anchor
    with office_ctx.db.write_sql() as w:
        head = office_ctx.audit.append(w, CLERK.id, "test.done")
    assert count(db_file, "audit_log") == entries_before + 1
    assert read_anchor(anchor_path_for_database(db_file)).seq == head.seq
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok


def test_a_database_held_by_another_writer_is_a_clear_storage_error(office_ctx, monkeypatch):
    import counter_app.offline.db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 50)
    db = Database(office_ctx.paths.database)  # fresh connections pick up the short timeout
    other = sqlite3.connect(office_ctx.paths.database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StorageError) as caught, db.write_sql() as w:
            w.connection.execute("SELECT 1")
        assert "busy" in caught.value.msg.en
    finally:
        other.execute("ROLLBACK")
        other.close()
        db.dispose()


def test_a_read_only_database_refuses_before_touching_the_file(office_ctx):
    db = Database(office_ctx.paths.database, read_only=True)
    try:
        with pytest.raises(StorageError) as caught, db.write_sql():
            pass
        assert "read-only" in caught.value.msg.en
    finally:
        db.dispose()
