"""The SQLite engine: durable pragmas on every connection, one writer at a time.

- WAL so readers (the queue page, the CLI) never block the writer and vice versa;
- synchronous=FULL: a commit is on disk before we tell anyone it is saved;
- foreign_keys=ON, set outside a transaction (SQLite silently ignores it inside one) and verified;
- busy_timeout so two processes (GUI and a CLI script) wait for each other instead of failing;
- writes start with BEGIN IMMEDIATE, so a writer takes the lock up front instead of failing half
  way through when another writer got there first;
- wal_autocheckpoint=0: SQLite would otherwise copy the WAL back into the database file inside
  whichever commit crosses 1000 pages (about one intake in 75, ~1 ms), i.e. on the clerk's
  submit. Checkpoints run instead where nobody waits for them: `Database.checkpoint()` (PASSIVE)
  from the GUI's idle timer on the writer lane, after every CHECKPOINT_EVERY writes outside the
  write's transaction (the WAL size guard for long CLI imports), and when the last connection
  closes. A checkpoint never weakens durability: every commit is already fsync'ed in the WAL
  (synchronous=FULL); the checkpoint only moves committed pages into the main file.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from counter_app.errors import StorageError
from counter_app.i18n import Msg

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
# WAL size guard: a PASSIVE checkpoint after this many writes without one (~13 WAL pages an
# intake: ~6,500 pages, ~26 MB). The GUI's idle checkpoints keep an interactive desk far below it.
CHECKPOINT_EVERY = 500
READ_ONLY = Msg(
    "데이터 폴더가 읽기 전용이어서 아무것도 저장하지 못했습니다.", "The data folder is read-only, so nothing was saved."
)


def apply_pragmas(dbapi_conn: sqlite3.Connection) -> None:
    """Set and verify the pragmas every connection needs. Used by the engine and raw tools."""
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if cur.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # asked first: a read-only one cannot switch
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints off the commit path (module docstring)
    cur.execute("PRAGMA foreign_keys=ON")
    (fk,) = cur.execute("PRAGMA foreign_keys").fetchone()
    cur.close()
    if fk != 1:
        raise StorageError(
            Msg(
                "데이터베이스 무결성 설정(foreign_keys)을 켤 수 없습니다.",
                "Could not turn on database integrity checks (foreign_keys).",
            )
        )


def read_only_uri(path: Path) -> str:
    """An SQLite URI opening `path` read-only, for a data directory we cannot write. With the
    -wal beside it (another process has the database open and writes), `mode=ro` reads through
    the WAL; with none, SQLite could not create the -shm it needs, so the file is opened
    `immutable` (no locks, no -shm): no writer can be at work, since a writer in WAL mode keeps
    a -wal file while it has the database open."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path))}?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None, check_same_thread=False)


def make_engine(path: Path, read_only: bool = False) -> Engine:
    if read_only:
        # the URL still names the file (the audit anchor is found beside it); creator opens it
        engine = create_engine(f"sqlite:///{path}", creator=lambda: connect_read_only(path), future=True)
    else:
        # LIFO: the connection used last is used next, so its page cache is warm. SQLite empties a
        # connection's cache when another connection wrote since it last ran, and a FIFO pool
        # alternating two connections made every intake start cold (~0.3 ms of re-reads).
        engine = create_engine(f"sqlite:///{path}", future=True, pool_use_lifo=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Take transaction control away from pysqlite so the pragmas run in autocommit and our
        # own BEGIN below decides the locking mode.
        dbapi_conn.isolation_level = None
        apply_pragmas(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


def translate_storage_error(exc: BaseException) -> StorageError:
    """Turn a driver error into one sentence a clerk can act on (no SQL, no values)."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return StorageError(
            Msg(
                "다른 프로그램이 데이터베이스를 사용 중입니다. 잠시 후 다시 시도하십시오.",
                "The database is busy in another program; try again in a moment.",
            )
        )
    if "full" in text:
        return StorageError(
            Msg(
                "디스크가 가득 차서 저장하지 못했습니다. 공간을 확보한 뒤 다시 시도하십시오. 이전 자료는 안전합니다.",
                "The disk is full, so nothing was saved; free some space and try again. Earlier data is safe.",
            )
        )
    if "readonly" in text or "read-only" in text or "permission" in text:
        return StorageError(READ_ONLY)
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StorageError(
            Msg(
                "데이터베이스 파일이 손상되었습니다. backups 폴더의 사본으로 복구하십시오.",
                "The database file is damaged; restore it from the copy in the backups folder.",
            )
        )
    return StorageError(
        Msg(
            "데이터베이스 오류로 저장하지 못했습니다. 이전 자료는 안전합니다.",
            "A database error stopped the save; earlier data is safe.",
        )
    )


class SqlWrite:
    """One write transaction on a bare sqlite3 connection (`Database.write_sql()`), for the hot
    paths that are plain SQL already (an intake: ~10 statements). It stands where a write Session
    would: `driver_connection()` gives its connection, `info` carries what runs after the commit
    (the audit anchor), and the audit log appends to it as to a Session. No ORM objects here."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.connection = connection
        self.path = path
        self.info: dict[str, Any] = {}


# What a write leaves for after its commit or rollback (the audit log registers the anchor
# update): run by Database.write_sql() for its SqlWrite, and by Session events for a Session.
AFTER_COMMIT: list[Callable[[dict[str, Any]], None]] = []
AFTER_ROLLBACK: list[Callable[[dict[str, Any]], None]] = []
# What must finish before a database is closed (the audit log's pending anchor writes).
BEFORE_DISPOSE: list[Callable[[], None]] = []

WriteScope = Session | SqlWrite


def driver_connection(session: WriteScope) -> sqlite3.Connection:
    """The sqlite3 connection under `session`'s transaction (starting it, BEGIN IMMEDIATE for a
    write session). For hot paths only (intake, the audit append): SQLAlchemy spends ~50 us of
    Python per statement, more than SQLite spends on the statement itself. Statements run in the
    same transaction as the session's ORM work, commit or roll back with it, but do not autoflush:
    pass values in their stored form (models.UTCDateTime text for times, 0/1 for booleans)."""
    if isinstance(session, SqlWrite):
        return session.connection
    return cast(sqlite3.Connection, session.connection().connection.driver_connection)


class Database:
    """One office database. `read()` for queries, `write()` for one atomic unit of work."""

    def __init__(self, path: Path, read_only: bool = False, *, engine: Engine | None = None):
        """`engine`: one made elsewhere (make_engine's listeners are then the caller's to add); the
        storage-fault tests open the file through SQLite's read-only URI this way."""
        self.path = path
        self.read_only = read_only  # a data directory we cannot write: reads work, writes refused
        self.engine = engine if engine is not None else make_engine(path, read_only)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE"), expire_on_commit=False
        )
        self.checkpoint_every = CHECKPOINT_EVERY
        self._writes_lock = threading.Lock()
        self.writes_since_checkpoint = 0
        # write_sql's own connection (see _take_write_connection); None until the first use
        self._write_conn: sqlite3.Connection | None = None
        self._write_conn_generation = 0  # the engine generation it was opened in
        self._write_conn_lock = threading.Lock()
        self._write_conn_pid = os.getpid()  # the process the lock and connection belong to
        self._engine_generation = 0
        event.listen(self.engine, "engine_disposed", self._on_engine_disposed)

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with self._reader() as session:
                yield session
        except DBAPIError as exc:
            raise translate_storage_error(exc) from None

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Commit on success, roll back everything on any error: nothing is ever half-written."""
        if self.read_only:
            raise StorageError(READ_ONLY)
        try:
            with self._writer() as session, session.begin():
                yield session
        except (DBAPIError, sqlite3.Error) as exc:
            raise translate_storage_error(exc) from None
        self._count_write()

    @contextmanager
    def write_sql(self) -> Iterator[SqlWrite]:
        """Like write(), for a unit of work that is plain SQL only: BEGIN IMMEDIATE on this
        Database's writer connection (_writer_connection), COMMIT (synchronous=FULL) on success,
        ROLLBACK on any error, then what the work left in `info` for after the commit. Skips the
        Session's transaction machinery, which cost an intake more Python than SQLite spent on its
        whole commit."""
        if self.read_only:
            raise StorageError(READ_ONLY)
        try:
            conn, release, discard = self._writer_connection()
        except (DBAPIError, sqlite3.Error) as exc:
            raise translate_storage_error(exc) from None
        try:
            scope = SqlWrite(conn, self.path)
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield scope
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        log.warning("rollback failed; the connection is discarded")
                        discard()
                for hook in AFTER_ROLLBACK:
                    hook(scope.info)
                if isinstance(exc, sqlite3.Error):
                    raise translate_storage_error(exc) from None
                raise
        finally:
            release()
        for hook in AFTER_COMMIT:
            hook(scope.info)
        self._count_write()

    def _writer_connection(self) -> tuple[sqlite3.Connection, Callable[[], None], Callable[[], None]]:
        """(connection, release it, discard it) for one write_sql transaction: this Database's own
        writer connection, or a pooled one while another thread holds that (it then waits for the
        other writer at BEGIN IMMEDIATE, as any second writer does)."""
        own = self._take_write_connection()
        if own is not None:
            return own, self._write_conn_lock.release, self._drop_write_connection
        pooled = self.engine.raw_connection()
        return cast(sqlite3.Connection, pooled.driver_connection), pooled.close, pooled.invalidate

    def _take_write_connection(self) -> sqlite3.Connection | None:
        """write_sql's own connection, held (its lock taken) for one transaction; None when another
        thread holds it. One connection kept for the plain-SQL writes instead of a pool checkout and
        check-in per intake (~30 us of SQLAlchemy's Python on a ~0.6 ms commit), and the writer's
        page cache stays its own. A forked child opens its own: a connection never crosses a fork."""
        self._forget_a_parents_writer()
        if not self._write_conn_lock.acquire(blocking=False):
            return None
        try:
            if self._write_conn is not None and self._write_conn_generation != self._engine_generation:
                self._drop_write_connection()  # the engine was disposed: its connections are renewed
            if self._write_conn is None:
                # opened by the engine (its connect listeners: pragmas, and whatever a caller added),
                # then detached: this Database closes it, the pool never hands it to anyone else
                pooled = self.engine.raw_connection()
                conn = cast(sqlite3.Connection, pooled.driver_connection)  # read before detach(): it forgets
                pooled.detach()
                if conn is None:
                    raise RuntimeError("the engine gave no driver connection")
                self._write_conn, self._write_conn_generation = conn, self._engine_generation
            return self._write_conn
        except BaseException:
            self._write_conn_lock.release()
            raise

    def _forget_a_parents_writer(self) -> None:
        if self._write_conn_pid != os.getpid():
            # a forked child: the parent's connection is neither used nor closed here, and its lock
            # may have been held by a parent thread at the fork
            self._write_conn, self._write_conn_lock, self._write_conn_pid = None, threading.Lock(), os.getpid()

    def _on_engine_disposed(self, _engine: Engine) -> None:
        self._engine_generation += 1  # write_sql's connection is renewed at its next use

    def _drop_write_connection(self) -> None:
        conn, self._write_conn = self._write_conn, None
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass

    def _count_write(self) -> None:
        with self._writes_lock:
            self.writes_since_checkpoint += 1
            due = bool(self.checkpoint_every) and self.writes_since_checkpoint >= self.checkpoint_every
        if due:  # committed already: the guard runs outside the write's transaction
            self.checkpoint()

    def checkpoint(self) -> tuple[int, int, int] | None:
        """Copy committed WAL pages into the database file (PASSIVE: never waits for readers or
        writers, never blocks them; what it cannot copy now waits for the next one). Returns
        SQLite's (busy, wal pages, pages copied), or None when it could not run. Errors are
        logged, never raised: a checkpoint is housekeeping, the data is safe in the WAL."""
        if self.read_only:
            return None
        with self._writes_lock:
            self.writes_since_checkpoint = 0
        try:
            pooled = self.engine.raw_connection()  # autocommit driver connection: outside any transaction
            try:
                driver = cast(sqlite3.Connection, pooled.driver_connection)
                row = driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                pooled.close()
        except (DBAPIError, sqlite3.Error) as exc:
            log.warning("WAL checkpoint did not run: %s", type(exc).__name__)
            return None
        return (int(row[0]), int(row[1]), int(row[2])) if row else None

    def raw_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection with the same pragmas, for fast read-only scans (queue page)."""
        if self.read_only:
            conn = connect_read_only(self.path)
        else:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        apply_pragmas(conn)
        return conn

    def dispose(self) -> None:
        for hook in BEFORE_DISPOSE:
            hook()
        self._forget_a_parents_writer()
        with self._write_conn_lock:
            self._drop_write_connection()
        self.engine.dispose()
