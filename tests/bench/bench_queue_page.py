"""The queue page on 100,000 cases: time to open (model made, first rows fetched, view shown)
and to apply each filter, and the process's peak memory.

Set-up inserts the cases with direct SQL (rows consistent with the cases table and the queue's
own conventions); everything measured goes through the real CaseQueue and the real QueuePage.
Baseline in the same run: the page on an empty office (what the widgets alone cost).

Prints one JSON line: {"bench": "queue_page", "cases": 100000, "open_ms", "filter_ms": {...},
"peak_rss_mb", "aim": "open<=200ms, filter<=100ms", "ratio": open_ms/200, ...}
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CASES = 100_000

sys.path.insert(0, str(ROOT / "tests"))
from helpers.ui_cases import insert_cases  # noqa: E402  (shared with the GUI tests)


def open_page(ctx, qapp):
    """Time from nothing to a shown page with its first screen of rows fetched."""
    from counter_app.intake import CATEGORIES
    from counter_app.ui.queue_page import QueuePage

    t0 = time.perf_counter()
    page = QueuePage(ctx.queue, ctx.office, category_labels={k: m.text() for k, m in CATEGORIES.items()})
    page.resize(1200, 800)
    page.show()
    qapp.processEvents()  # lays out and paints the view, which fetches the visible rows
    page.view.viewport().repaint()
    elapsed = (time.perf_counter() - t0) * 1000
    assert page.model.rowCount() == 0 or page.model.queries >= 1, "the view fetched no rows"
    return page, elapsed


def time_filter(page, qapp, **widgets) -> float:
    t0 = time.perf_counter()
    for name, value in widgets.items():
        widget = getattr(page, name)
        if name == "state":
            widget.blockSignals(True)
            widget.setCurrentIndex(widget.findData(value))
            widget.blockSignals(False)
        else:
            widget.setText(value)
    page.apply_filter()  # what the debounce timer calls; the 150 ms wait itself is not counted
    qapp.processEvents()
    page.view.viewport().repaint()
    return (time.perf_counter() - t0) * 1000


def current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def setup_office(office_dir: Path) -> None:
    from counter_app.app import open_context

    ctx = open_context(office_dir, lang="ko")
    office = ctx.office.init("2611051000", "T1", "김담당", "bench-passphrase", operator="bench")
    insert_cases(ctx.paths.database, office.hdong_code, "T1", list(ctx.catalogue.services), CASES)
    ctx.close()


def main() -> int:
    from helpers.qt_quiet import quiet_offscreen_warnings
    from PySide6.QtWidgets import QApplication

    from counter_app.app import open_context

    quiet_offscreen_warnings()
    qapp = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="counter_app-bench-") as tmp:
        empty = open_context(Path(tmp) / "empty", lang="ko")
        empty.office.init("2611051000", "T1", "김담당", "bench-passphrase", operator="bench")
        _, baseline_ms = open_page(empty, qapp)
        empty.close()

        # The 100,000 rows are built in a child process, so this process's peak memory is the page's.
        office_dir = Path(tmp) / "office"
        t_insert = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--setup", str(office_dir)], check=True)
        insert_s = time.perf_counter() - t_insert
        ctx = open_context(office_dir, lang="ko")
        rss_before_mb = current_rss_mb()

        opens = []
        for _ in range(3):
            page, ms = open_page(ctx, qapp)
            opens.append(ms)
            page.close()
            page.deleteLater()
            qapp.processEvents()
        page, _ = open_page(ctx, qapp)
        assert page.model.rowCount() > CASES * 0.95  # drafts are not listed unless asked for

        some_receipt = page.model.row_at(5).receipt_no
        filters = {
            "state": dict(state="RETRY_WAIT"),
            "name_prefix": dict(name="김민"),
            "receipt_substring": dict(receipt=some_receipt.split("-")[3]),  # the day's sequence number
            "receipt_exact": dict(receipt=some_receipt),
        }
        filter_ms = {}
        for label, widgets in filters.items():
            runs = []
            for _ in range(3):
                page.clear_filters()
                runs.append(time_filter(page, qapp, **widgets))
            filter_ms[label] = round(statistics.median(runs), 1)
            assert page.model.rowCount() > 0, label
        page.clear_filters()
        # scrolling deep into the table: one more page fetch, never a scan of everything before it
        t0 = time.perf_counter()
        page.view.scrollToBottom()
        qapp.processEvents()
        page.view.viewport().repaint()
        scroll_end_ms = (time.perf_counter() - t0) * 1000
        page.close()
        ctx.close()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    open_ms = statistics.median(opens)
    print(
        json.dumps(
            {
                "bench": "queue_page",
                "cases": CASES,
                "open_ms": round(open_ms, 1),
                "filter_ms": filter_ms,
                "scroll_to_end_ms": round(scroll_end_ms, 1),
                "peak_rss_mb": round(peak_mb, 1),
                "rss_before_page_mb": round(rss_before_mb, 1),
                "baseline_empty_open_ms": round(baseline_ms, 1),
                "setup_insert_s": round(insert_s, 1),
                "aim": "open<=200ms, filter<=100ms",
                "ratio": round(open_ms / 200, 2),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--setup":
        setup_office(Path(sys.argv[2]))
        raise SystemExit(0)
    raise SystemExit(main())
