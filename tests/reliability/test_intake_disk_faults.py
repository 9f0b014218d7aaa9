"""Storage faults during intake: a locked database, a full disk, a read-only database.
Each gives one clear Korean sentence, and nothing is ever half-written.

Read-only: tests run as root, so chmod does not stop writes. The database is instead opened
through SQLite's read-only URI (`file:...?mode=ro`) by a Database subclass, which is what the
program meets when the data folder sits on a read-only medium or belongs to another user.
Full disk: `PRAGMA max_page_count` caps the file at its current size on every connection, and a
subprocess with a tiny RLIMIT_FSIZE hits the operating system's own limit.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.intake import CONTRACT_DOC, PETITION_DOC, doc
from sqlalchemy import create_engine, event

from counter_app.actor import Actor
from counter_app.app import open_context
from counter_app.errors import StorageError
from counter_app.intake import load_catalogue
from counter_app.office import OfficeService
from counter_app.offline import db as db_module
from counter_app.offline.audit import AuditLog
from counter_app.offline.db import Database, apply_pragmas
from counter_app.offline.queue import CaseQueue

ROOT = Path(__file__).resolve().parents[2]
CLERK = Actor("C001", "김직원")


def counts(db_path: Path) -> tuple[int, int, int, int]:
    conn = sqlite3.connect(db_path)
    try:
        return (
            conn.execute("SELECT count(*) FROM cases").fetchone()[0],
            conn.execute("SELECT count(*) FROM case_transitions").fetchone()[0],
            conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
            conn.execute("SELECT coalesce(sum(last_seq), 0) FROM receipt_counters").fetchone()[0],
        )
    finally:
        conn.close()


def test_locked_database_fails_clearly_after_busy_timeout(office_dir, monkeypatch):
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)
    ctx = open_context(office_dir, lang="ko")
    try:
        first = ctx.queue.submit(CLERK, PETITION_DOC)
        before = counts(ctx.paths.database)
        other = sqlite3.connect(ctx.paths.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            with pytest.raises(StorageError) as err:
                ctx.queue.submit(CLERK, CONTRACT_DOC)
            assert "다른 프로그램이 데이터베이스를 사용 중" in err.value.text("ko")
            assert "busy" in err.value.text("en")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert counts(ctx.paths.database) == before  # nothing half-written, no receipt number used
        second = ctx.queue.submit(CLERK, CONTRACT_DOC)
        assert int(second.receipt_no.split("-")[3]) == int(first.receipt_no.split("-")[3]) + 1
    finally:
        ctx.close()


def test_full_database_fails_clearly_and_keeps_earlier_cases(office_dir):
    ctx = open_context(office_dir, lang="ko")
    try:
        saved = [ctx.queue.submit(CLERK, PETITION_DOC) for _ in range(3)]
        pages = sqlite3.connect(ctx.paths.database).execute("PRAGMA page_count").fetchone()[0]
        ctx.queue.close()
        ctx.db.engine.dispose()

        @event.listens_for(ctx.db.engine, "connect")
        def _cap(dbapi_conn, _record):  # the disk is 'full' at the current size
            dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

        big = doc(PETITION_DOC, content="가" * 4000)
        with pytest.raises(StorageError) as err:
            for _ in range(200):
                saved.append(ctx.queue.submit(CLERK, big))
        assert "디스크가 가득" in err.value.text("ko") and "Earlier data is safe" in err.value.text("en")
        n_cases, n_transitions, _, seq_total = counts(ctx.paths.database)
        assert n_cases == len(saved) == n_transitions == seq_total  # the failed one left nothing behind
    finally:
        ctx.close()
    ctx = open_context(office_dir, lang="ko")  # a fresh start: everything saved is there and sound
    try:
        for r in saved:
            assert ctx.queue.find_by_receipt(r.receipt_no).case_id == r.case_id
        assert sqlite3.connect(ctx.paths.database).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        ctx.close()


def _limit_file_size():  # runs in the child before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (_FSIZE_LIMIT, _FSIZE_LIMIT))


_FSIZE_LIMIT = 0


def test_file_size_limit_in_a_subprocess_fails_clearly(office_dir, tmp_path):
    global _FSIZE_LIMIT
    ctx = open_context(office_dir, lang="ko")
    try:
        saved = ctx.queue.submit(CLERK, PETITION_DOC)
        ctx.queue.close()
    finally:
        ctx.close()
    db_path = office_dir / "counter_app.db"
    before = counts(db_path)
    # Every write goes to the WAL first. Allow the 32 KiB shared-memory index and a WAL of a
    # few pages only: too small for one large case with its indexes, transition and audit entry.
    _FSIZE_LIMIT = 32 * 1024 + 8 * 1024
    assert (office_dir / "logs" / "counter_app.log").stat().st_size < _FSIZE_LIMIT
    case_file = tmp_path / "big.json"
    import json

    case_file.write_text(
        json.dumps(
            doc(
                PETITION_DOC,
                content="나" * 4000,
                title="제" * 200,
                attachments_note="다" * 1000,
                **{"applicant.address": "부" * 300},
            ),
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(office_dir), "intake", "add", str(case_file)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        preexec_fn=_limit_file_size,
    )
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "저장하지 못했습니다" in err or "디스크" in err
    assert counts(db_path) == before
    assert sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ctx = open_context(office_dir, lang="ko")
    try:
        assert ctx.queue.find_by_receipt(saved.receipt_no) is not None
    finally:
        ctx.close()


class ReadOnlyDatabase(Database):
    """The office database opened through SQLite's read-only URI: every write is refused by SQLite."""

    def __init__(self, path: Path):
        engine = create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None
            apply_pragmas(dbapi_conn)

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

        # read_only stays False: the program does not know, and SQLite itself must refuse the write
        super().__init__(path, engine=engine)

    def raw_connection(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
        apply_pragmas(conn)
        return conn


def test_read_only_database_fails_clearly(office_dir):
    ctx = open_context(office_dir, lang="ko")
    try:
        saved = ctx.queue.submit(CLERK, PETITION_DOC)
    finally:
        ctx.close()
    db_path = office_dir / "counter_app.db"
    before = counts(db_path)
    ro = ReadOnlyDatabase(db_path)
    office = OfficeService(ro)
    queue = CaseQueue(ro, AuditLog(office.require().terminal_id), office, load_catalogue())
    try:
        assert queue.count() == 1  # reading still works: the queue can be shown
        with pytest.raises(StorageError) as err:
            queue.submit(CLERK, CONTRACT_DOC)
        assert "읽기 전용" in err.value.text("ko") and "read-only" in err.value.text("en")
        with pytest.raises(StorageError):
            queue.save_draft(CLERK, {"title": "x"})
    finally:
        queue.close()
        ro.dispose()
    assert counts(db_path) == before
    ctx = open_context(office_dir, lang="ko")
    try:
        assert ctx.queue.find_by_receipt(saved.receipt_no) is not None
    finally:
        ctx.close()
