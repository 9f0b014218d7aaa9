"""GUI writes off the GUI thread (issue 6 §5): how long pressing Save on the intake page holds the
GUI thread now that CaseQueue.submit runs on the task runner's writer lane, against the old way —
the same submit called on the GUI thread — measured in the same run, interleaved (one each, in
turn), so a noisy moment on a shared machine hits both sides.

Prints one JSON line:
{"bench":"gui_writes","n":..,"gui_blocked_p50_ms":..,"gui_blocked_p99_ms":..,
 "baseline_p50_ms":..,"baseline_p99_ms":..,"ratio": gui_blocked_p99 / baseline_p99,
 "aim":"ratio < 1", "save_to_banner_p50_ms":..,"save_to_banner_p99_ms":..,"latency_ratio":..}

What is left on the GUI thread is UI work (collecting the form; disabling the focused editor makes
Qt move the focus, which runs the form's on-leave field check): a few ms whatever the disk, while
the baseline's commit grows with the disk's fsync (tens to hundreds of ms on an office PC's
disk). The ratio is therefore smallest where it matters most; on a fast disk it stays below 1.

- gui_blocked: the time IntakePage.save() keeps the GUI thread (collecting the form, starting the
  write) — what the clerk's window can no longer paint or take keys during;
- baseline: CaseQueue.submit on the GUI thread, what save() used to do (validation, RRN sealing,
  due date, receipt number and the durable commit with its fsync);
- save_to_banner: from pressing Save until the receipt banner is up (the commit plus the hop back
  to the GUI thread): the latency the clerk sees; latency_ratio = its p50 / the baseline's p50.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

N = 120
WARMUP = 10


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from helpers.qt_quiet import quiet_offscreen_warnings
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from counter_app.actor import Actor
    from counter_app.app import open_context
    from counter_app.ui.intake_page import IntakePage
    from counter_app.ui.tasks import TaskRunner

    quiet_offscreen_warnings()
    app = QApplication.instance() or QApplication([])
    doc = {
        "service": "epeople_petition",
        "category": "inquiry",
        "channel": "visit",
        "title": "질의",
        "content": "절차 문의",
        "applicant": {"name": "김민수", "phone": "010-9876-5432"},
        "notify_by": "sms",
    }
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(Path(tmp) / "office", lang="ko")
        logging.getLogger().setLevel(logging.WARNING)
        ctx.office.init("2611051000", "T1", "김담당", "bench passphrase", operator="bench")
        ctx.__dict__.pop("audit", None)
        clerk = Actor("C001", "bench")
        tasks = TaskRunner()
        page = IntakePage(ctx.queue, ctx.catalogue, actor=clerk, tasks=tasks, draft_delay_ms=60_000)
        page.resize(900, 900)
        page.show()
        saved: list[float] = []
        page.caseSaved.connect(lambda *_a: saved.append(time.perf_counter()))

        def save_once() -> tuple[float, float]:
            page.fill(doc)
            before = len(saved)
            t = time.perf_counter()
            assert page.save() is not None
            blocked = time.perf_counter() - t
            while len(saved) == before:  # the event loop runs; the commit happens on the lane
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
            return blocked, saved[-1] - t

        def submit_on_gui_thread() -> float:
            t = time.perf_counter()
            ctx.queue.submit(clerk, doc)
            return time.perf_counter() - t

        try:
            for _ in range(WARMUP):
                save_once()
                submit_on_gui_thread()
            blocked, latency, base = [], [], []
            for _ in range(N):
                b, e2e = save_once()
                ctx.queue.settle()  # an intake's anchor write and spare sealing key: untimed, not in the next
                blocked.append(b)
                latency.append(e2e)
                base.append(submit_on_gui_thread())
                ctx.queue.settle()
        finally:
            page.close()
            tasks.shutdown()
            ctx.close()

    ms = 1000.0
    result = {
        "bench": "gui_writes",
        "n": N,
        "gui_blocked_p50_ms": round(statistics.median(blocked) * ms, 3),
        "gui_blocked_p99_ms": round(percentile(blocked, 0.99) * ms, 3),
        "baseline_p50_ms": round(statistics.median(base) * ms, 3),
        "baseline_p99_ms": round(percentile(base, 0.99) * ms, 3),
        "ratio": round(percentile(blocked, 0.99) / percentile(base, 0.99), 3),
        "aim": "ratio < 1",
        "save_to_banner_p50_ms": round(statistics.median(latency) * ms, 3),
        "save_to_banner_p99_ms": round(percentile(latency, 0.99) * ms, 3),
        "latency_ratio": round(statistics.median(latency) / statistics.median(base), 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
