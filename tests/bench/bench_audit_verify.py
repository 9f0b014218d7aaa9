"""How long `audit verify` takes on a large log (two years of a busy counter: ~100,000 entries)
and its cases table (100,000 cases, each with the content hash of its case.submit entry).

Baseline, measured in the same run: the bare minimum the check needs, i.e. reading the same rows
with sqlite3 and recomputing SHA-256 over them in a plain loop (the chain, then every case's
content). ratio = verify / baseline. Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # helpers.*

from helpers.ui_cases import insert_cases  # noqa: E402

from counter_app.app import open_context  # noqa: E402
from counter_app.intake import load_catalogue  # noqa: E402
from counter_app.offline.audit import (  # noqa: E402
    CASE_CONTENT_COLUMNS,
    GENESIS,
    anchor_path_for_database,
    content_hash_detail,
    entry_digest,
    write_anchor,
)

ENTRIES = 100_000


def fill(db_path: Path) -> None:
    insert_cases(db_path, "2611051000", "T1", list(load_catalogue())[:6], ENTRIES)
    conn = sqlite3.connect(db_path)
    cases = conn.execute("SELECT {} FROM cases ORDER BY id".format(", ".join(CASE_CONTENT_COLUMNS))).fetchall()
    prev, start, rows = GENESIS, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), []
    for seq, values in enumerate(cases, start=1):
        case = dict(zip(CASE_CONTENT_COLUMNS, values, strict=True))
        at = (start + dt.timedelta(seconds=seq)).isoformat(timespec="microseconds")
        detail = json.dumps(
            {**content_hash_detail(case), "import": False, "receipt_no": case["receipt_no"]}, sort_keys=True
        )
        digest = entry_digest(prev, seq, at, "C001", "T1", "case.submit", case["case_id"], None, detail)
        rows.append((seq, at, "C001", "T1", "case.submit", case["case_id"], None, detail, prev, digest))
        prev = digest
    conn.executemany(
        "INSERT INTO audit_log (seq, at, operator, terminal, action, case_id, reason, detail, "
        "prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    conn.commit()
    conn.close()
    write_anchor(anchor_path_for_database(db_path), len(rows), prev)


def baseline(db_path: Path) -> float:
    t0 = time.perf_counter()
    conn = sqlite3.connect(db_path)
    prev = GENESIS
    for row in conn.execute(
        "SELECT seq, at, operator, terminal, action, case_id, reason, detail, entry_hash FROM audit_log ORDER BY seq"
    ):
        canonical = json.dumps([prev, *row[:8]], ensure_ascii=False, separators=(",", ":"))
        prev = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        assert prev == row[8]
    for row in conn.execute("SELECT {} FROM cases".format(", ".join(CASE_CONTENT_COLUMNS))):
        hashlib.sha256(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()
    conn.close()
    return time.perf_counter() - t0


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    try:
        ctx = open_context(tmp)
        fill(ctx.paths.database)
        base = min(baseline(ctx.paths.database) for _ in range(2))
        best = None
        for _ in range(2):
            t0 = time.perf_counter()
            with ctx.db.read() as s:
                result = ctx.audit.verify(s)
            elapsed = time.perf_counter() - t0
            assert result.ok and result.entries == ENTRIES and result.anchor_seq == ENTRIES, result
            assert result.cases_checked == ENTRIES
            best = elapsed if best is None else min(best, elapsed)
        ctx.close()
        print(
            json.dumps(
                {
                    "bench": "audit_verify",
                    "entries": ENTRIES,
                    "cases": ENTRIES,
                    "verify_s": round(best, 3),
                    "baseline_s": round(base, 3),
                    "ratio": round(best / base, 2),
                }
            )
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
