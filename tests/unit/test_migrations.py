"""The schema is migrated at start-up, a newer schema is refused, and a real old database upgrades."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from counter_app.errors import SchemaTooNewError
from counter_app.offline import schema
from counter_app.offline.db import Database
from counter_app.offline.models import Base

FIXTURES = Path(__file__).parent.parent / "fixtures" / "old_databases"


def test_schema_head_constant_matches_newest_migration():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == schema.SCHEMA_HEAD


def test_fresh_database_matches_models(tmp_path):
    db = Database(tmp_path / "x.db")
    assert schema.prepare(db.path, tmp_path / "b", db.engine) == "created"
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
    assert schema.prepare(db.path, tmp_path / "b", db.engine) == "current"


def test_pragmas_are_on(tmp_path):
    db = Database(tmp_path / "x.db")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    db = Database(tmp_path / "x.db")
    schema.prepare(db.path, tmp_path / "b", db.engine)
    db.dispose()
    with sqlite3.connect(db.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num='9999'")
    before = db.path.read_bytes()
    db2 = Database(db.path)
    with pytest.raises(SchemaTooNewError) as err:
        schema.prepare(db2.path, tmp_path / "b", db2.engine)
    assert "9999" in err.value.text("en")
    db2.dispose()
    assert db.path.read_bytes() == before


def test_first_schema_database_upgrades_with_backup(tmp_path):
    """tests/fixtures/old_databases/v0001.counter-db is a real database written at schema 0001."""
    src = FIXTURES / "v0001.counter-db"
    if schema.SCHEMA_HEAD == "0001":
        pytest.skip("no migration after 0001 yet")
    target = tmp_path / "counter_app.db"
    shutil.copy(src, target)
    db = Database(target)
    assert schema.prepare(target, tmp_path / "backups", db.engine) == "upgraded"
    assert list((tmp_path / "backups").glob("*.db")), "a backup copy is made before migrating"
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
        # the data written under the old schema is still there
        assert conn.exec_driver_sql("SELECT count(*) FROM cases").scalar() > 0
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() > 0
    from counter_app.offline.audit import AuditLog

    with db.read() as session:  # the chain written by the old program still verifies
        assert AuditLog("T1").verify(session).ok
