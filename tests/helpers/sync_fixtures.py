"""Fixtures for the sync tests, loaded for the whole suite by tests/conftest.py
(`pytest_plugins`), so each test module asks for them by name instead of keeping its own copy."""

from __future__ import annotations

import pytest
from helpers.sync import TOKEN


@pytest.fixture
def server(tmp_path):
    """A rehearsal Intake API server on loopback with its own SQLite file (no faults unless the
    test sets them); a module that needs another kind of server defines its own `server`."""
    from counter_app.sync.server import IntakeApiServer

    srv = IntakeApiServer(tmp_path / "server.sqlite", TOKEN).start()
    yield srv
    srv.stop()
