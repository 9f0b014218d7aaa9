"""Benchmark: the status page's GUI-thread update for a 709-system board.

Measures the time from handing a new Board (built by the real StatusService from a synthetic
709-system feed file, tests/gui/status_helpers.py) to the page until the model, tree, chart and
header are updated and the pending events (layout, paint of the visible page) are processed,
over ~20 updates alternating between two boards that differ in status. Baseline, same run:
building a plain QStandardItemModel with 709 rows x 6 columns. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "gui"))
sys.path.insert(0, str(ROOT / "tests"))

from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from status_helpers import board_from_feed, synthetic_feed  # noqa: E402

SYSTEMS = 709
UPDATES = 20


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def baseline_ms(board, app: QApplication) -> float:
    """A plain QStandardItemModel, 709 x 6, filled cell by cell (median of 5)."""
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        model = QStandardItemModel(0, 6)
        for system in board.systems:
            er = system.expected_recovery
            model.appendRow(
                [
                    QStandardItem(str(system.name)),
                    QStandardItem(str(system.status)),
                    QStandardItem(str(system.grade)),
                    QStandardItem(str(system.ministry)),
                    QStandardItem(str(system.since)),
                    QStandardItem(str(er.end if er else "")),
                ]
            )
        samples.append((time.perf_counter() - start) * 1000)
        del model
    return statistics.median(samples)


def main() -> None:
    from helpers.qt_quiet import quiet_offscreen_warnings

    quiet_offscreen_warnings()
    app = QApplication.instance() or QApplication([])
    from counter_app.app import open_context
    from counter_app.ui.bootstrap import load_korean_font
    from counter_app.ui.status_page import StatusPage
    from counter_app.ui.tasks import TaskRunner

    load_korean_font(app)
    with tempfile.TemporaryDirectory(prefix="bench-status-") as tmp:
        ctx = open_context(Path(tmp) / "office", lang="ko")
        ctx.settings.set("status_poll_seconds", 0)  # no background polls while measuring
        # one source whose feed changes between refreshes, as in the field (the selected system's
        # detail pane is kept when its content, source included, is unchanged)
        first = board_from_feed(ctx.status, synthetic_feed(SYSTEMS, restored_share=0.86), Path(tmp))
        second = board_from_feed(ctx.status, synthetic_feed(SYSTEMS, restored_share=0.90), Path(tmp))
        tasks = TaskRunner()
        page = StatusPage(ctx.status, ctx.settings, tasks, refresh_on_start=False)
        page.resize(1400, 900)
        page.show()
        app.processEvents()
        page.select_system("gov24")
        page.show_board(first)  # warm-up: icons, fonts, caches
        app.processEvents()

        samples = []
        for i in range(UPDATES):
            board = second if i % 2 == 0 else first
            start = time.perf_counter()
            page.show_board(board)
            app.processEvents()  # layout and paint of the visible page
            samples.append((time.perf_counter() - start) * 1000)
        assert page.model.system_count() == SYSTEMS
        base = baseline_ms(first, app)
        page.stop()
        tasks.shutdown()
        page.deleteLater()
        app.processEvents()
        ctx.close()

    p50, p99 = statistics.median(samples), _percentile(samples, 99)
    print(
        json.dumps(
            {
                "bench": "status_page",
                "systems": SYSTEMS,
                "update_p50_ms": round(p50, 2),
                "update_p99_ms": round(p99, 2),
                "baseline_ms": round(base, 2),
                "ratio": round(p99 / base, 2) if base else None,
                "aim": "update <= 50 ms",
            }
        )
    )


if __name__ == "__main__":
    main()
