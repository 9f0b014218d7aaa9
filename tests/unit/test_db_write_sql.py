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
    # the writer connection went back clean: the next write works and moves the anchor
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


# ---------------------------------------------------------------- the writer connection
def test_every_write_sql_uses_one_connection_and_gives_it_back_however_it_ends(tmp_path, monkeypatch):
    """write_sql keeps one connection for its transactions (no pool checkout per intake); a write
    that commits, raises, or finds the database busy leaves it free for the next one."""
    import counter_app.offline.db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 50)
    db = Database(tmp_path / "w.db")
    try:
        with db.write_sql() as w:
            w.connection.execute("CREATE TABLE t (x INTEGER)")
            first = w.connection
        with pytest.raises(RuntimeError), db.write_sql() as w:
            w.connection.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("stopped")
        other = sqlite3.connect(tmp_path / "w.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StorageError), db.write_sql() as w:
            pass
        other.execute("ROLLBACK")
        other.close()
        with db.write_sql() as w:
            w.connection.execute("INSERT INTO t VALUES (2)")
            assert w.connection is first
        assert count(tmp_path / "w.db", "t") == 1  # the raised one rolled back
    finally:
        db.dispose()


def test_a_second_thread_writing_meanwhile_waits_on_a_pooled_connection_and_both_commit(tmp_path):
    import threading

    db = Database(tmp_path / "w.db")
    try:
        with db.write_sql() as w:
            w.connection.execute("CREATE TABLE t (who TEXT)")
        inside, done = threading.Event(), []

        def second_writer():
            inside.wait(10)
            with db.write_sql() as w2:  # the writer connection is taken: a pooled one, blocked at BEGIN
                w2.connection.execute("INSERT INTO t VALUES ('second')")
            done.append(True)

        thread = threading.Thread(target=second_writer)
        thread.start()
        with db.write_sql() as w:
            w.connection.execute("INSERT INTO t VALUES ('first')")
            inside.set()
        thread.join(20)
        assert done == [True]
        conn = sqlite3.connect(tmp_path / "w.db")
        assert [r[0] for r in conn.execute("SELECT who FROM t ORDER BY rowid")] == ["first", "second"]
        conn.close()
    finally:
        db.dispose()


def test_the_writer_connection_is_opened_by_the_engine_and_renewed_when_it_is_disposed(tmp_path):
    """It goes through the engine's connect listeners (the pragmas, and a test's disk cap), and an
    engine.dispose() renews it as it renews the pool's."""
    from sqlalchemy import event

    db = Database(tmp_path / "w.db")
    try:
        with db.write_sql() as w:
            assert w.connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            assert w.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            before = w.connection
        db.engine.dispose()
        seen = []
        event.listen(db.engine, "connect", lambda conn, _record: seen.append(conn))
        with db.write_sql() as w:
            assert w.connection is not before
            assert w.connection in seen
    finally:
        db.dispose()


def test_dispose_closes_the_writer_connection(tmp_path):
    db = Database(tmp_path / "w.db")
    with db.write_sql() as w:
        conn = w.connection
    db.dispose()
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")


def test_a_forked_child_opens_its_own_writer_connection(tmp_path):
    """A sqlite3 connection must never cross a fork (SQLite's locks are per process): the child's
    first write_sql opens a new one, and both processes' commits land."""
    import os

    db = Database(tmp_path / "w.db")
    try:
        with db.write_sql() as w:
            w.connection.execute("CREATE TABLE t (who TEXT, conn INTEGER)")
            w.connection.execute("INSERT INTO t VALUES ('parent', ?)", (id(w.connection),))
            parent_conn = w.connection
        pid = os.fork()
        if pid == 0:  # the child: report through its exit status only
            try:
                with db.write_sql() as w:
                    w.connection.execute("INSERT INTO t VALUES ('child', ?)", (id(w.connection),))
                    same = w.connection is parent_conn
                os._exit(3 if same else 0)
            except BaseException:
                os._exit(4)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        db._write_conn_lock.acquire()  # as if a parent thread were between taking it and BEGIN
        try:
            pid = os.fork()
            if pid == 0:
                try:
                    with db.write_sql() as w:
                        w.connection.execute("INSERT INTO t VALUES ('child 2', ?)", (id(w.connection),))
                        # its own writer connection, not a pooled one the parent's held lock forced
                        same = w.connection is parent_conn or w.connection is not db._write_conn
                    os._exit(3 if same else 0)
                except BaseException:
                    os._exit(4)
            _, status = os.waitpid(pid, 0)
        finally:
            db._write_conn_lock.release()
        assert os.waitstatus_to_exitcode(status) == 0
        with db.write_sql() as w:
            assert w.connection is parent_conn  # the parent keeps its own
            assert [r[0] for r in w.connection.execute("SELECT who FROM t ORDER BY rowid")] == [
                "parent",
                "child",
                "child 2",
            ]
    finally:
        db.dispose()


def test_a_child_forked_before_the_first_write_still_gets_its_own_writer_and_can_dispose(tmp_path):
    """The parent's lock may be held at the fork before any connection was opened: the child's
    write_sql still opens its own writer connection, and its dispose() does not wait for that lock."""
    import os

    db = Database(tmp_path / "w.db")
    try:
        db._write_conn_lock.acquire()  # a parent thread about to open the first writer connection
        try:
            pid = os.fork()
            if pid == 0:
                try:
                    with db.write_sql() as w:
                        w.connection.execute("CREATE TABLE t (x INTEGER)")
                        own = w.connection is db._write_conn
                    db.dispose()
                    os._exit(0 if own else 3)
                except BaseException:
                    os._exit(4)
            _, status = os.waitpid(pid, 0)
        finally:
            db._write_conn_lock.release()
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        db.dispose()
