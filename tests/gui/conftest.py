"""Fixtures for the desktop application tests (pytest-qt, offscreen, real data directories).

The Qt catalogues (.qm) are built from the committed .ts sources when missing, so a clean
checkout runs the Korean tests without `make translations` first.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
PASSPHRASE = "correct horse battery"  # the office_ctx passphrase of tests/conftest.py
CLERK_PIN = "246813"  # 6 digits, not trivial (accounts.check_pin)
SUPERVISOR_PIN = "135792"


def lrelease_path() -> str:
    candidate = Path(sys.executable).with_name("pyside6-lrelease")
    return str(candidate) if candidate.exists() else (shutil.which("pyside6-lrelease") or "pyside6-lrelease")


def lupdate_path() -> str:
    candidate = Path(sys.executable).with_name("pyside6-lupdate")
    return str(candidate) if candidate.exists() else (shutil.which("pyside6-lupdate") or "pyside6-lupdate")


def _build_missing_qm() -> None:
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([lrelease_path(), "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True)


_build_missing_qm()


@pytest.fixture
def korean(qapp):
    """Korean catalogues installed for the test, removed afterwards (other tests expect English)."""
    from counter_app.i18n import set_language
    from counter_app.ui.bootstrap import install_translators, remove_translators

    set_language("ko")
    translators = install_translators(qapp, "ko")
    yield translators
    remove_translators(qapp, translators)


@pytest.fixture
def english(qapp):
    from counter_app.i18n import set_language

    set_language("en")
    yield  # Korean comes back after every test (tests/conftest.py)


@pytest.fixture
def staff(office_ctx):
    """A supervisor and a clerk in the office; returns (clerk Actor, supervisor Actor)."""
    from counter_app.actor import SUPERVISOR, Actor

    boss = Actor("S100", "박감독", SUPERVISOR)
    supervisor = office_ctx.accounts.add(boss, "S100", "박감독", "supervisor", SUPERVISOR_PIN)
    clerk = office_ctx.accounts.add(supervisor, "C100", "이접수", "clerk", CLERK_PIN)
    return clerk, supervisor


@pytest.fixture
def clerk(staff):
    return staff[0]


@pytest.fixture
def supervisor(staff):
    return staff[1]


def sample_case(**overrides) -> dict:
    doc = {
        "channel": "visit",
        "category": "grievance",
        "service": "국민신문고 민원",
        "title": "가로등 고장",
        "content": "집 앞 가로등이 일주일째 꺼져 있습니다.",
        "applicant": {
            "name": "홍길동",
            "birth_date": "1990-01-01",
            "phone": "010-1234-5678",
            "email": None,
            "address": "부산광역시 중구 중앙대로 100",
            "postcode": "48939",
        },
        "disclose": False,
        "notify_by": "sms",
    }
    doc.update(overrides)
    return doc


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard would. QTest.keyClicks only knows Latin-1, so Hangul (which an input
    method delivers as text) is sent as key events carrying the text."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Press, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)
            QTest.sendKeyEvent(QTest.KeyAction.Release, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def open_signed_in(qtbot, ctx, staff_id: str = "C100", pin: str = CLERK_PIN):
    """The main window on `ctx`, signed in by keyboard (staff id, Enter, PIN, Enter) and active,
    so window shortcuts work. The caller shuts its task runner down (window.tasks.shutdown())."""
    from PySide6.QtCore import Qt

    from counter_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible(), timeout=5000)
    dialog = window.sign_in_dialog
    dialog.staff_id.setFocus()
    qtbot.keyClicks(dialog.staff_id, staff_id)
    qtbot.keyClick(dialog.staff_id, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


# The offscreen platform cannot raise windows or grab the keyboard, which a completer popup asks
# for; those two warnings say nothing about our code.
OFFSCREEN_NOISE = ("This plugin does not support raise", "This plugin does not support grabbing the keyboard")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here and "status" not in Path(str(item.fspath)).name:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture
def tasks(qapp):
    """The background task runner pages use, shut down (tasks cancelled and joined) after the test."""
    from counter_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    yield runner
    runner.shutdown()
