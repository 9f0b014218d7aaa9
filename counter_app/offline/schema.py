"""Bring an office database to the current schema, safely.

Start-up cost matters at every counter every morning, so the common case (the schema is current)
is one sqlite3 query and never loads Alembic. Otherwise: refuse a database from a newer program,
copy the file to backups/ (a consistent online backup, WAL included), then migrate.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from counter_app.errors import SchemaTooNewError, StorageError
from counter_app.i18n import Msg

log = logging.getLogger(__name__)

SCHEMA_HEAD = "0010"  # keep equal to the newest revision in migrations/versions (tested)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def current_revision(db_path: Path, read_only: bool = False) -> str | None:
    if not db_path.exists():
        return None
    if read_only:
        from counter_app.offline.db import connect_read_only

        conn = connect_read_only(db_path)
    else:
        conn = sqlite3.connect(db_path)
    try:
        row = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if row is None:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            Msg(
                "데이터베이스 파일을 읽을 수 없습니다: 손상되었거나 데이터베이스가 아닙니다.",
                "The database file cannot be read: it is damaged or not a database.",
            )
        ) from exc
    finally:
        conn.close()


def backup_database(db_path: Path, backups_dir: Path, label: str) -> Path:
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups_dir / f"{db_path.stem}-{label}-{stamp}.db"
    src = sqlite3.connect(db_path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # consistent copy including anything still in the WAL
    finally:
        dst.close()
        src.close()
    return target


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)
    return {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}


def upgrade(engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def prepare(db_path: Path, backups_dir: Path, engine, read_only: bool = False) -> str:
    """Make the database current. Returns what was done: 'current', 'created' or 'upgraded'.
    In a read-only data directory only a current database can be opened (nothing is written)."""
    if read_only and not db_path.is_file():
        raise StorageError(
            Msg(
                "데이터 폴더가 읽기 전용이고 그 안에 사무소 데이터베이스가 없습니다.",
                "The data folder is read-only and holds no office database.",
            )
        )
    rev = current_revision(db_path, read_only)
    if rev == SCHEMA_HEAD:
        return "current"
    if read_only:
        raise StorageError(
            Msg(
                "데이터 폴더가 읽기 전용이라 데이터베이스를 이 프로그램의 형식으로 올릴 수 없으니 쓸 수 있는 곳에서 한 번 여십시오.",
                "The data folder is read-only, so its database cannot be brought up to this program's "
                "schema; open it once where it can be written.",
            )
        )
    if rev is not None and rev not in known_revisions():
        raise SchemaTooNewError(
            Msg(
                f"이 데이터베이스는 더 새로운 counter_app(스키마 {rev})으로 만들어졌습니다. 프로그램을 업데이트하십시오. 자료는 변경하지 않았습니다.",
                f"This database was written by a newer counter_app (schema {rev}); update the program. Nothing was changed.",
            )
        )
    if rev is None and db_path.exists() and db_path.stat().st_size > 0:
        # A file with tables but no version is not ours; do not touch it.
        conn = sqlite3.connect(db_path)
        try:
            n = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        finally:
            conn.close()
        if n:
            raise StorageError(
                Msg(
                    "데이터 폴더의 데이터베이스가 counter_app의 것이 아닙니다.",
                    "The database in the data folder does not belong to counter_app.",
                )
            )
    if rev is not None:
        saved = backup_database(db_path, backups_dir, f"before-{SCHEMA_HEAD}-from-{rev}")
        log.info("database backed up to %s before migration %s -> %s", saved.name, rev, SCHEMA_HEAD)
    upgrade(engine)
    return "created" if rev is None else "upgraded"
