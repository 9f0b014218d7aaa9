"""Benchmark: what keeping every window on a small screen costs (counter_app/ui/fit.py).

The ScreenFitter listens to the application's focusWindowChanged signal and clamps each dialog
that comes up (an application-wide Python event filter, its first form, cost 8.6-9x here: it sees
every event of every object). Measured: opening, laying out and closing the sign-in dialog
(the dialog shown most often, with its reserved message room) 200 times with the fitter
installed, against the same without it, in the same run on the offscreen platform. Also the
median time Tab takes to move through the queue page's filters (DateField instead of QDateEdit).
Prints one JSON line: {"bench": "screens", ..., "ratio": with/without}.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers.qt_quiet import quiet_offscreen_warnings  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget  # noqa: E402

ROUNDS = 200


class _Accounts:
    def sign_in(self, staff_id, pin):  # never called: the dialog is only opened and closed
        raise AssertionError


def open_close(app: QApplication, rounds: int) -> list[float]:
    from counter_app.ui.sign_in import SignInDialog

    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        dialog = SignInDialog(_Accounts(), office_name="부산광역시 중구 중앙동 행정복지센터")
        dialog.show()
        app.processEvents()
        dialog._fail("직원 번호 또는 PIN이 올바르지 않습니다. 4번 더 틀리면 계정이 잠깁니다.")
        app.processEvents()
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
        times.append(time.perf_counter() - start)
    return times


def tab_through(app: QApplication, rounds: int) -> list[float]:
    from counter_app.ui.date_field import DateField

    host = QWidget()
    fields = [QLineEdit(host), DateField(host), DateField(host), QLineEdit(host), QLineEdit(host)]
    for first, second in zip(fields, fields[1:]):
        QWidget.setTabOrder(first, second)
    host.show()
    app.processEvents()
    times = []
    for _ in range(rounds):
        fields[0].setFocus()
        app.processEvents()
        start = time.perf_counter()
        for field in fields[:-1]:
            QCoreApplication.sendEvent(
                field, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
            )
            app.processEvents()
        times.append(time.perf_counter() - start)
        assert app.focusWidget() is fields[-1]  # never kept inside a date box
    host.close()
    return times


def main() -> int:
    quiet_offscreen_warnings()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from counter_app.ui.fit import ScreenFitter

    open_close(app, 20)  # warm-up: imports, fonts
    without = open_close(app, ROUNDS)
    fitter = ScreenFitter(app)
    with_fitter = open_close(app, ROUNDS)
    fitter.deleteLater()
    tabs = tab_through(app, 100)
    med_with, med_without = statistics.median(with_fitter), statistics.median(without)
    print(
        json.dumps(
            {
                "bench": "screens",
                "dialog_open_close_ms_with_fitter": round(med_with * 1000, 3),
                "dialog_open_close_ms_without": round(med_without * 1000, 3),
                "tab_through_5_filters_ms": round(statistics.median(tabs) * 1000, 3),
                "ratio": round(med_with / med_without, 3) if med_without else None,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
