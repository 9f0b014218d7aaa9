"""Opens the main window and every dialog on the screen Qt was given, and prints one JSON line:
for each window its geometry and whether it lies inside the screen's available area, and for the
buttons a clerk must reach (the status bar, intake Save, the queue's Edit/Reveal, the edit
dialog's Save/Cancel) whether they are on screen.

Run by tests/gui/test_screens_fit.py under QT_QPA_PLATFORM=offscreen:configfile=… (a 1366×768 or
1280×720 virtual screen):  python tests/helpers/screen_probe.py DATA_DIR STAFF_ID PIN
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from counter_app.app import open_context  # Qt-free modules before PySide6
    from counter_app.i18n import set_language

    # isort: split
    from PySide6.QtCore import QEventLoop, QPoint, QRect, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from counter_app.ui.bootstrap import load_korean_font
    from counter_app.ui.main_window import MainWindow

    data_dir, staff_id, pin = sys.argv[1:4]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    set_language("ko")
    load_korean_font(app)
    screen = app.primaryScreen().availableGeometry()
    report: dict = {"screen": [screen.x(), screen.y(), screen.width(), screen.height()], "windows": {}, "controls": {}}

    def pump(ms: int = 30) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait(condition, timeout: float = 10.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if condition():
                return True
            pump(20)
        return bool(condition())

    def record(name: str, window: QWidget) -> None:
        pump(60)  # the screen fitter runs right after the show
        frame, inner = window.frameGeometry(), window.geometry()
        report["windows"][name] = {
            "geometry": [inner.x(), inner.y(), inner.width(), inner.height()],
            "inside": screen.contains(frame) and screen.contains(inner),
            "visible": window.isVisible(),
        }

    def on_screen(name: str, widget: QWidget) -> None:
        top_left = widget.mapToGlobal(QPoint(0, 0))
        rect = QRect(top_left, widget.size())
        window = widget.window()
        window_rect = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
        report["controls"][name] = {
            "inside": widget.isVisible() and screen.contains(rect) and window_rect.contains(rect)
        }

    ctx = open_context(data_dir, lang="ko")
    window = MainWindow(ctx)
    window.show()
    wait(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible())
    dialog = window.sign_in_dialog
    record("sign_in", dialog)
    dialog._fail("잘못된 PIN입니다. 계정이 잠기기까지 4번 남았습니다. 잠기면 15분 뒤에 다시 시도하십시오.")
    pump(60)
    record("sign_in_with_error", dialog)
    report["controls"]["sign_in_label_whole"] = {
        "inside": dialog.staff_id.height() >= dialog.staff_id.sizeHint().height()
        and dialog.pin.height() >= dialog.pin.sizeHint().height()
    }
    dialog.staff_id.setText(staff_id)
    dialog.pin.setText(pin)
    dialog.try_sign_in()
    wait(lambda: not window.is_locked())
    pump(100)
    record("main_window", window)
    on_screen("status_bar", window.statusBar())

    for key in ("status", "procedures", "intake", "queue", "sync"):
        window.go_to(key)
        pump(60)
    window.go_to("intake")
    intake = window.page("intake")
    pump(60)
    on_screen("intake_save", intake.save_button)
    intake.title.setText("화면 점검")
    box = intake.ask_clear()
    if box is not None:
        record("clear_confirm", box)
        box.reject()

    window.go_to("queue")
    queue = window.page("queue")
    pump(60)
    queue.select_row(0)
    pump(60)
    on_screen("queue_edit", queue.edit_button)
    on_screen("queue_reveal", queue.reveal_button)
    reveal = queue.ask_reveal()
    if reveal is not None:
        record("reveal", reveal)
        reveal.error.setText("감독자 암호가 맞지 않습니다. 다시 입력하십시오.")
        reveal.error.show()
        pump(60)
        record("reveal_with_error", reveal)
        reveal.reject()
    reason = queue.ask_edit()
    if reason is not None:
        record("edit_reason", reason)
        reason.reason.setText("화면 점검")
        reason.try_accept()
        wait(lambda: queue.edit_dialog is not None and queue.edit_dialog.isVisible(), 5)
        if queue.edit_dialog is not None:
            record("case_edit", queue.edit_dialog)
            on_screen("case_edit_save", queue.edit_dialog.save_button)
            on_screen("case_edit_cancel", queue.edit_dialog.cancel_button)
            queue.edit_dialog.reject()
    extend = queue.ask_extend()
    if extend is not None:
        record("extend", extend)
        extend.reject()

    outage = window.open_outage_periods()
    if outage is not None:
        record("outage", outage)
        outage.reject()
    sources = window.open_status_sources()
    if sources is not None:
        record("status_sources", sources)
        sources.reject()
    status = window.page("status")
    open_note = getattr(status, "_open_note_dialog", None)
    if open_note is not None:
        open_note()
        pump(60)
        note = getattr(status, "note_dialog", None) or next(
            (w for w in app.topLevelWidgets() if w.isVisible() and type(w).__name__ == "NoteDialog"), None
        )
        if note is not None:
            record("note", note)
            note.reject()
    window.show_about()
    record("about", window.about_box)
    window.about_box.reject()

    from counter_app.ui.first_run import FirstRunDialog

    first = FirstRunDialog(ctx, window, tasks=window.tasks)
    first.open()
    record("first_run", first)
    first.reject()

    print(json.dumps(report, ensure_ascii=False))
    window.close()
    pump(50)
    window.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
