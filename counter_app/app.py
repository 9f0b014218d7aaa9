"""The composition root: paths -> settings -> logging -> database (migrated) -> services.

The GUI and the CLI both build one AppContext and hand its services to what they construct.
Services are created on first use, so a command only imports what it needs (start-up time).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from counter_app.clock import Clock, system_clock
from counter_app.i18n import set_language
from counter_app.logsetup import configure_logging
from counter_app.paths import AppPaths, resolve_data_dir
from counter_app.settings import Settings

if TYPE_CHECKING:  # SQLAlchemy loads with the database, not with this module (start-up time)
    from counter_app.offline.db import Database

log = logging.getLogger(__name__)


class AppContext:
    def __init__(self, paths: AppPaths, settings: Settings, db: Database, clock: Clock = system_clock):
        self.paths = paths
        self.settings = settings
        self.db = db
        self.clock = clock

    @cached_property
    def office(self):
        from counter_app.office import OfficeService

        return OfficeService(self.db, clock=self.clock)

    @property
    def terminal(self) -> str:
        office = self.office.get()
        return office.terminal_id if office else "-"

    @cached_property
    def audit(self):
        from counter_app.offline.audit import AuditLog

        return AuditLog(self.office.terminal_id, self.clock)  # a provider: right once the office exists

    @cached_property
    def accounts(self):
        from counter_app.accounts import Accounts

        return Accounts(self.db, self.audit, self.settings, self.clock)

    @cached_property
    def catalogue(self):
        from counter_app.intake import load_catalogue

        return load_catalogue()

    @cached_property
    def queue(self):
        from counter_app.offline.queue import CaseQueue

        return CaseQueue(self.db, self.audit, self.office, self.catalogue, self.clock)

    @cached_property
    def status(self):
        from counter_app.status.service import StatusService

        return StatusService(self.db, self.settings, self.audit, self.clock, trust=lambda: self.trust)

    @cached_property
    def procedures(self):
        """The procedure guides (shipped + <data dir>/procedures/) and walks; guides load on first use."""
        from counter_app.procedures.service import ProcedureService

        return ProcedureService(self.paths.root / "procedures", self.db, self.audit, self.clock)

    @cached_property
    def trust(self):
        """The roots this installation trusts: the own office's and imported ones (trust.py)."""
        from counter_app.trust import TrustStore

        return TrustStore(self.db, self.audit, self.clock)

    @cached_property
    def desk(self):
        """The supervisor's editable status board (status/desk.py), published by `publisher`."""
        from counter_app.status.desk import StatusDesk

        return StatusDesk(self.db, self.audit, self.status, self.clock)

    @cached_property
    def publisher(self):
        """Signs the desk's board with this terminal's key and writes feed.json + .jws (status/publish.py)."""
        from counter_app.offline.audit import signer_provider
        from counter_app.status.publish import Publisher

        return Publisher(self.db, self.desk, signer_provider(Path(self.db.path).parent))

    @cached_property
    def documents(self):
        """Printed documents: ledger, seal, rendering, PDF signature, verification (documents/)."""
        from counter_app.documents.service import DocumentService

        return DocumentService(
            self.db, self.audit, self.office, self.queue, self.trust, self.status, self.paths, self.clock
        )

    @cached_property
    def sync(self):
        """Supervisor sync: targets, the engine, the outbox's state, console actions (sync/)."""
        from counter_app.sync.service import SyncService

        return SyncService(self.db, self.queue, self.audit, self.clock, documents=lambda: self.documents)

    def close(self) -> None:
        self.db.dispose()


def open_context(
    data_dir: str | Path | None = None, *, lang: str | None = None, clock: Clock = system_clock
) -> AppContext:
    """Open (creating if needed) the office data directory and bring its database up to date."""
    from counter_app.offline import schema
    from counter_app.offline.db import Database

    paths = AppPaths(resolve_data_dir(data_dir)).ensure()  # umask 0o077, modes repaired (paths.py)
    configure_logging(paths.log_file)  # a null handler when the log cannot be opened (read-only)
    if paths.repaired:  # counts only, never names: file names may carry personal data
        log.warning(
            "made the data directory private: %d folder(s) and %d file(s) were open to other users "
            "(%d could not be changed)",
            paths.repaired.dirs,
            paths.repaired.files,
            paths.repaired.failed,
        )
    if paths.read_only:
        log.info("data directory is read-only: opening the database read-only")
    settings = Settings(paths.settings_file)
    set_language(lang or settings.get("language"))
    db = Database(paths.database, read_only=paths.read_only)
    outcome = schema.prepare(paths.database, paths.backups, db.engine, read_only=paths.read_only)
    log.info("opened data dir (database %s)", outcome)
    return AppContext(paths, settings, db, clock)


@dataclass(frozen=True)
class OfficeGlance:
    """What the window needs to put up the sign-in: read before SQLAlchemy is even imported."""

    hdong_code: str
    office_name: str
    sigungu_name: str
    dong_name: str
    terminal_id: str
    demo: bool


def glance_office(database: Path) -> OfficeGlance | None:
    """The office profile's names, read with plain sqlite3 (read-only, no SQLAlchemy, no Alembic)
    so the desktop can show the sign-in while the real context opens off the GUI thread.

    Only a database already at the program's schema is read; for anything else (no database, an
    older or newer schema, no office yet, any error) this says None and the caller opens the
    context first, which migrates, refuses or explains."""
    import sqlite3

    from counter_app.offline.schema import SCHEMA_HEAD

    if not database.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(database))}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout={1000}")
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != SCHEMA_HEAD:
            return None
        row = conn.execute(
            "SELECT hdong_code, office_name, sigungu_name, dong_name, terminal_id, demo FROM office ORDER BY id LIMIT 1"
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    return OfficeGlance(row[0], row[1], row[2], row[3], row[4], bool(row[5]))
