"""The queue's read views on 100,000 cases (CaseQueue.count, page, stats, each filter), moved
here from tests/unit/test_queue_service.py: timing belongs in a benchmark, not in a unit test
(the unit test keeps what the views answer).

Baseline in the same run: `SELECT count(*) FROM cases` on a plain sqlite3 connection.
Prints one JSON line: {"bench": "queue_views", "cases", "ms": {view: ms}, "baseline_count_ms", "ratio"
(the slowest view as a share of its aim),
"aim": {...}, "within_aim": bool}.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CASES = 100_000
AIM_MS = {"count": 100, "page_middle": 100, "page_state": 50, "page_name": 50, "page_by_due": 500, "stats": 200}


def insert(db_file: Path) -> None:
    base = dt.datetime(2025, 9, 26, tzinfo=dt.UTC)
    states = ["QUEUED", "SENT", "RETRY_WAIT", "QUARANTINED"]
    rows = [
        (
            f"00000000-0000-4000-8000-{i:012d}",
            f"2611051000-20250926-T9-{i:04d}-X{i}",
            states[i % 4],
            "2611051000",
            "T9",
            "C001",
            "visit",
            "other",
            "other_request",
            "제목",
            "내용",
            f"성명{i % 997}",
            "+821012345678",
            (base + dt.timedelta(seconds=37 * i)).isoformat(timespec="microseconds"),
            "2025-10-29",
            base.isoformat(),
            base.isoformat(),
            0,
            0,
        )
        for i in range(CASES)
    ]
    conn = sqlite3.connect(db_file)
    with conn:
        conn.executemany(
            "INSERT INTO cases (case_id, receipt_no, state, office_code, terminal, clerk, channel, category, "
            "service_code, title, content, applicant_name, applicant_phone, received_at, due_date, created_at, "
            "updated_at, disclose, attempts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    conn.close()


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
            insert(ctx.paths.database)
            q = ctx.queue
            ms = {
                "count": timed(lambda: q.count(QueueFilter())),
                "page_middle": timed(lambda: q.page(QueueFilter(), 50_000, 200)),
                "page_state": timed(lambda: q.page(QueueFilter(state="SENT"), 0, 200)),
                "page_name": timed(lambda: q.page(QueueFilter(name="성명99"), 0, 200)),
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
