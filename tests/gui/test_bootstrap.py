"""Process-wide set-up: the Korean font, the crash handler, the idle watcher."""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtGui import QFontDatabase


def test_shipped_korean_font_becomes_the_application_font(qapp):
    from counter_app.ui.bootstrap import load_korean_font

    before = qapp.font()
    try:
        family = load_korean_font(qapp)
        assert family == "NanumGothic"
        assert qapp.font().family() == "NanumGothic"
        assert "NanumGothic" in QFontDatabase.families()
    finally:
        qapp.setFont(before)


def _raise_and_capture(exc: BaseException):
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


def test_crash_handler_logs_type_and_stack_but_no_message_saves_and_tells_the_user(
    qtbot, tmp_path, caplog, logged_errors
):
    from counter_app.ui.bootstrap import CrashHandler

    saved = []
    handler = CrashHandler(tmp_path / "logs" / "counter_app.log", autosave=lambda: saved.append(True))
    with caplog.at_level(logging.CRITICAL, logger="counter_app.ui.bootstrap"):
        with qtbot.waitSignal(handler.crashed, timeout=2000) as signal:
            handler.handle(*_raise_and_capture(ValueError("홍길동 900101-1234568")))
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ValueError" in logged and "test_bootstrap.py" in logged
    assert "홍길동" not in logged and "900101" not in logged and "홍길동" not in signal.args[0]
    assert [r.levelname for r in logged_errors] == ["CRITICAL"]
    assert saved == [True]
    assert handler.dialog is not None and handler.dialog.isVisible()
    assert str(tmp_path / "logs" / "counter_app.log") in handler.dialog.informativeText()
    handler.dialog.close()


def test_crash_in_a_worker_thread_reaches_the_gui_thread(qtbot, tmp_path, logged_errors):
    from counter_app.ui.bootstrap import CrashHandler

    handler = CrashHandler(tmp_path / "x.log", show_dialog=False)
    handler.install()
    try:
        with qtbot.waitSignal(handler.crashed, timeout=3000) as signal:
            worker = threading.Thread(target=lambda: 1 / 0)
            worker.start()
            worker.join()
        assert "ZeroDivisionError" in signal.args[0]
        assert [r.getMessage().splitlines()[0] for r in logged_errors] == ["unhandled error"]
    finally:
        handler.uninstall()
    assert threading.excepthook is not handler._thread_hook


def test_autosave_failure_does_not_stop_the_crash_dialog(qtbot, tmp_path, logged_errors):
    from counter_app.ui.bootstrap import CrashHandler

    def broken_save():
        raise OSError("disk gone")

    handler = CrashHandler(tmp_path / "x.log", autosave=broken_save)
    with qtbot.waitSignal(handler.crashed, timeout=2000):
        handler.handle(*_raise_and_capture(RuntimeError("boom")))
    assert handler.dialog.isVisible()
    assert [r.levelname for r in logged_errors] == ["CRITICAL", "ERROR"]  # the crash, then the failed autosave
    handler.dialog.close()


def test_idle_watcher_fires_after_quiet_and_rearms_after_input(qtbot, qapp):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from counter_app.ui.idle import IdleWatcher

    watcher = IdleWatcher(qapp, 150)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    try:
        watcher.start()
        with qtbot.waitSignal(watcher.idle, timeout=3000):
            pass
        fired = []
        watcher.idle.connect(lambda: fired.append(1))
        qtbot.keyClick(edit, Qt.Key.Key_A)  # input re-arms the watcher
        qtbot.waitUntil(lambda: fired == [1], timeout=3000)
    finally:
        watcher.dispose()


def test_idle_watcher_zero_means_never(qtbot, qapp):
    from counter_app.ui.idle import IdleWatcher

    watcher = IdleWatcher(qapp, 0)
    watcher.start()
    try:
        with qtbot.assertNotEmitted(watcher.idle, wait=300):
            pass
    finally:
        watcher.dispose()
