"""The queue's read views on 100,000 cases (CaseQueue.count, page, stats, each filter), moved
here from tests/unit/test_queue_service.py: timing belongs in a benchmark, not in a unit test
(the unit test keeps what the views answer).

Baseline in the same run: `SELECT count(*) FROM cases` on a plain sqlite3 connection.
Prints one JSON line: {"bench": "queue_views", "cases", "ms": {view: ms}, "baseline_count_ms", "ratio"
(the slowest view as a share of its aim),
"aim": {...}, "within_aim": bool}.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from helpers.ui_cases import insert_cases  # noqa: E402  (shared with the unit test and the queue page)

CASES = 100_000
AIM_MS = {"count": 100, "page_middle": 100, "page_state": 50, "page_name": 50, "page_by_due": 500, "stats": 200}


def timed(fn) -> float:
    fn()  # warm
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> int:
    from counter_app.app import open_context
    from counter_app.offline.queue import QueueFilter

    with tempfile.TemporaryDirectory(prefix="bench-queue-views-") as tmp:
        ctx = open_context(Path(tmp) / "office", lang="ko")
        try:
            ctx.office.init("2611051000", "T1", "김담당", "bench passphrase", operator="bench")
            insert_cases(ctx.paths.database, "2611051000", "T9", list(ctx.catalogue.services), CASES)
            q = ctx.queue
            ms = {
                "count": timed(lambda: q.count(QueueFilter())),
                "page_middle": timed(lambda: q.page(QueueFilter(), 50_000, 200)),
                "page_state": timed(lambda: q.page(QueueFilter(state="SENT"), 0, 200)),
                "page_name": timed(lambda: q.page(QueueFilter(name="김민"), 0, 200)),
                "page_by_due": timed(lambda: q.page(QueueFilter(), 0, 200, sort="due_date")),
                "stats": timed(q.stats),
            }
            raw = sqlite3.connect(ctx.paths.database)
            baseline = timed(lambda: raw.execute("SELECT count(*) FROM cases").fetchone())
            raw.close()
        finally:
            ctx.close()
    print(
        json.dumps(
            {
                "bench": "queue_views",
                "cases": CASES,
                "ms": {k: round(v, 2) for k, v in ms.items()},
                "baseline_count_ms": round(baseline, 2),
                "ratio": round(max(ms[k] / AIM_MS[k] for k in ms), 2),  # worst view, as a share of its aim
                "aim": AIM_MS,
                "within_aim": all(ms[k] <= AIM_MS[k] for k in ms),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
