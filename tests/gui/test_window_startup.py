"""Start-up of the window: the sign-in goes up from a plain-sqlite3 glance at the office while
the real context opens on the writer lane; the WAL is checkpointed off the submit path; every
page implements ui/page.py's Page."""

from __future__ import annotations

import threading

from conftest import CLERK_PIN  # tests/gui/conftest.py
from PySide6.QtCore import Qt


def start_window(qtbot, data_dir, factory):
    from counter_app.app import glance_office
    from counter_app.settings import Settings
    from counter_app.ui.main_window import MainWindow

    window = MainWindow(
        context_factory=factory,
        office_glance=lambda: glance_office(data_dir / "counter_app.db"),
        settings=Settings(data_dir / "settings.json"),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def type_pin(qtbot, dialog, staff_id, pin):
    qtbot.keyClicks(dialog.staff_id, staff_id)
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)


def test_the_sign_in_is_up_before_the_context_opens_and_a_pin_typed_meanwhile_waits_for_it(qtbot, office_ctx, clerk):
    from counter_app.app import open_context

    data_dir = office_ctx.paths.root
    release, opened_on, opened = threading.Event(), [], []

    def factory():
        opened_on.append(threading.current_thread())
        release.wait(10)  # a slow disk: the context is still opening while the clerk types
        ctx = open_context(data_dir, lang="ko", clock=office_ctx.clock)
        opened.append(ctx)
        return ctx

    window = start_window(qtbot, data_dir, factory)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible(), timeout=5000)
    assert window.ctx is None and window.windowTitle().endswith("(T1)")
    qtbot.waitUntil(lambda: bool(opened_on), timeout=5000)
    assert opened_on[0] is not threading.main_thread()
    type_pin(qtbot, window.sign_in_dialog, "C100", CLERK_PIN)
    assert window.sign_in_dialog.pending is not None  # queued behind the opening on the writer lane
    release.set()
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=15000)
    assert window.actor.id == "C100" and window.ctx is opened[0]
    window.close()
    window.dispose()


def test_a_context_that_cannot_open_is_said_plainly(qtbot, office_ctx):
    from counter_app.errors import StorageError
    from counter_app.i18n import Msg

    def factory():
        raise StorageError(Msg("데이터베이스 파일이 손상되었습니다.", "The database file is damaged."))

    window = start_window(qtbot, office_ctx.paths.root, factory)
    qtbot.waitUntil(lambda: getattr(window, "fatal_box", None) is not None, timeout=5000)
    assert "손상" in window.fatal_box.text()
    assert window.sign_in_dialog is None or not window.sign_in_dialog.isVisible()
    window.fatal_box.close()


def test_the_idle_checkpoint_runs_on_the_writer_lane_after_writes(qtbot, office_ctx, clerk):
    from helpers.intake import PETITION_DOC

    from counter_app.ui.main_window import MainWindow

    window = MainWindow(office_ctx)
    qtbot.addWidget(window)
    office_ctx.db.checkpoint()
    assert window.checkpoint_database() is None  # nothing written since: nothing to do
    office_ctx.queue.submit(clerk, PETITION_DOC)
    assert office_ctx.db.writes_since_checkpoint == 1
    handle = window.checkpoint_database()
    assert handle is not None and handle.lane == "write"
    qtbot.waitUntil(lambda: window.tasks.active == 0, timeout=5000)
    assert office_ctx.db.writes_since_checkpoint == 0


def test_every_page_implements_the_page_interface(qtbot, office_ctx, supervisor):
    from counter_app.ui.main_window import PAGE_KEYS, MainWindow
    from counter_app.ui.page import Page

    window = MainWindow(office_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None, timeout=5000)
    window.unlock_as(supervisor)
    for key in PAGE_KEYS:
        window.go_to(key)
        assert isinstance(window.pages[key], Page), key
    window.lock()  # every page gets on_lock(), none needs a hasattr check
    assert window.is_locked()
    window.close()


def test_a_new_data_dir_opens_on_the_writer_lane_then_asks_for_the_first_run(qtbot, tmp_path):
    from counter_app.app import open_context

    data_dir, opened_on = tmp_path / "new-office", []

    def factory():  # creates and migrates the database: never on the GUI thread
        opened_on.append(threading.current_thread())
        return open_context(data_dir, lang="ko")

    data_dir.mkdir()
    window = start_window(qtbot, data_dir, factory)
    qtbot.waitUntil(lambda: window.first_run_dialog is not None and window.first_run_dialog.isVisible(), timeout=15000)
    assert opened_on and opened_on[0] is not threading.main_thread()
    assert window.ctx is not None and window.office is None
    window.first_run_dialog.reject()
    window.dispose()
