"""Strict, hermetic test harness.

- Qt runs offscreen; Qt warnings fail the test (pytest-qt qt_log_level_fail in pyproject).
- Python warnings are errors (filterwarnings = error in pyproject).
- HOME and the XDG dirs point into a temp dir for the whole session, so no test can touch the
  real home directory; every test that needs an office gets its own data directory.
- Logged errors fail the test: any log record at ERROR or above, and the task runner's
  "background task ... failed" warnings (a fault in work run off the GUI thread, which nothing
  else would show), fail the test that produced them. A test that provokes one on purpose asks
  for the `logged_errors` fixture (the records, to assert on) or carries
  `@pytest.mark.logged_errors_expected`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
_FAKE_HOME = Path(tempfile.mkdtemp(prefix="counter_app-home-"))
for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[var] = str(_FAKE_HOME / var.lower())
os.environ.pop("COUNTER_APP_DATA_DIR", None)
os.environ.pop("COUNTER_APP_PASSPHRASE", None)

import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))  # helpers.*
sys.path.insert(0, str(Path(__file__).parent / "integration"))  # status_servers (loopback feeds)

pytest_plugins = ("helpers.sync_fixtures",)  # the rehearsal Intake API `server` the sync tests share

PASSPHRASE = "correct horse battery"
DEMO_HDONG = "2611051000"  # 중구 중앙동


# ---------------------------------------------------------------- logged errors fail the test
class _ErrorRecords(logging.Handler):
    """Keeps the records a test must not produce unnoticed (see the module docstring)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or is_background_task_failure(record):
            self.records.append(record)


def is_background_task_failure(record: logging.LogRecord) -> bool:
    return (
        record.name == "counter_app.ui.tasks"
        and str(record.msg).startswith("background task")
        and record.levelno >= logging.WARNING
    )


_ERRORS = _ErrorRecords()


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "logged_errors_expected: the test logs errors on purpose (or use the logged_errors fixture to assert on them)",
    )
    logging.getLogger().addHandler(_ERRORS)


@pytest.fixture
def logged_errors() -> list[logging.LogRecord]:
    """The ERROR records (and background-task failures) logged during the test, for a test that
    provokes them on purpose; asking for this fixture stops them failing the test."""
    return _ERRORS.records


@pytest.fixture(autouse=True)
def _fail_on_logged_errors(request):
    # Set up before (and so torn down after) the test's other fixtures: a background task the
    # runner joins at teardown is still caught.
    _ERRORS.records = []
    yield
    records, _ERRORS.records = _ERRORS.records, []
    if (
        not records
        or "logged_errors" in request.fixturenames
        or request.node.get_closest_marker("logged_errors_expected")
    ):
        return
    lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in records[:10])
    pytest.fail(
        f"{len(records)} error(s) logged during the test (ask for the logged_errors fixture "
        f"if they are expected):\n{lines}",
        pytrace=False,
    )


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += dt.timedelta(**kwargs)


@pytest.fixture(autouse=True)
def _korean_again_after_each_test():
    """`--lang en` (and the GUI's language switch) set a process-wide language: put Korean back
    after every test, even a failing one, so no test depends on the order tests run in."""
    yield
    from counter_app.i18n import set_language

    set_language("ko")


@pytest.fixture
def clock() -> FixedClock:
    # Tuesday 2026-11-24 10:00 KST
    return FixedClock(dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC))


@pytest.fixture
def data_dir(tmp_path) -> Path:
    d = tmp_path / "office"
    d.mkdir()
    return d


@pytest.fixture
def ctx(data_dir, clock):
    """An opened, migrated data directory with no office yet."""
    from counter_app.app import open_context

    context = open_context(data_dir, lang="ko", clock=clock)
    yield context
    context.close()


@pytest.fixture
def office_ctx(ctx):
    """A context with an office set up (중구 중앙동, terminal T1)."""
    ctx.office.init(DEMO_HDONG, "T1", "김담당", PASSPHRASE, operator="test")
    ctx.__dict__.pop("audit", None)  # the audit log names the terminal, known only now
    return ctx


@pytest.fixture
def office_dir(tmp_path) -> Path:
    """A closed data directory with an office set up, for driving the CLI against."""
    from helpers.intake import make_office_dir

    d = tmp_path / "office"
    make_office_dir(d, PASSPHRASE)
    return d


@pytest.fixture
def status_server():
    """A loopback HTTP server (tests/integration/status_servers.py); tests add routes with .route()."""
    from status_servers import StatusServer

    server = StatusServer().start()
    yield server
    server.stop()
