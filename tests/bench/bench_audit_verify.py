"""How long `audit verify` takes on a large log (two years of a busy counter: ~100,000 entries).

Baseline, measured in the same run: the bare minimum the check needs, i.e. reading the same rows
with sqlite3 and recomputing SHA-256 over them in a plain loop. ratio = verify / baseline.
Prints one JSON line.
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

from counter_app.app import open_context  # noqa: E402
from counter_app.offline.audit import GENESIS, anchor_path_for_database, entry_digest, write_anchor  # noqa: E402

ENTRIES = 100_000


def fill(db_path: Path) -> None:
    prev, start, rows = GENESIS, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), []
    for seq in range(1, ENTRIES + 1):
        at = start + dt.timedelta(seconds=seq)
        detail = json.dumps({"receipt_no": f"2611051000-20260101-T1-{seq:04d}"})
        digest = entry_digest(prev, seq, at, "C001", "T1", "case.submit", f"case-{seq}", None, detail)
        rows.append((seq, at.isoformat(timespec="microseconds"), "C001", "T1", "case.submit", f"case-{seq}", None,
                     detail, prev, digest))
        prev = digest
    conn = sqlite3.connect(db_path)
    conn.executemany("INSERT INTO audit_log (seq, at, operator, terminal, action, case_id, reason, detail, "
                     "prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    conn.commit()
    conn.close()
    write_anchor(anchor_path_for_database(db_path), ENTRIES, prev)


def baseline(db_path: Path) -> float:
    t0 = time.perf_counter()
    conn = sqlite3.connect(db_path)
    prev = GENESIS
    for row in conn.execute("SELECT seq, at, operator, terminal, action, case_id, reason, detail, entry_hash "
                            "FROM audit_log ORDER BY seq"):
        canonical = json.dumps([prev, *row[:8]], ensure_ascii=False, separators=(",", ":"))
        prev = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        assert prev == row[8]
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
            assert result.ok and result.entries == ENTRIES and result.anchor_seq == ENTRIES
            best = elapsed if best is None else min(best, elapsed)
        ctx.close()
        print(json.dumps({"bench": "audit_verify", "entries": ENTRIES, "verify_s": round(best, 3),
                          "baseline_s": round(base, 3), "ratio": round(best / base, 2)}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
