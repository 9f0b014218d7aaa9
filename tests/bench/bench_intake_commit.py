"""Intake commit latency: CaseQueue.submit (validation, RRN sealing, due date, receipt number,
case + transition + audit in one durable transaction) against a raw sqlite3 durable insert
(WAL, synchronous=FULL, one row per transaction) measured in the same run on the same disk.

Prints one JSON line:
{"bench":"intake_commit","n":..,"p50_ms":..,"p99_ms":..,"baseline_p50_ms":..,"baseline_p99_ms":..,
 "ratio": p99/baseline_p99, "aim": "p99 ratio <= 3", "audit_only_p50_ms": ..}

audit_only_p50_ms is the floor every intake pays whatever the queue does: a durable transaction
holding one audit entry, whose commit also rewrites and fsyncs the audit anchor file. Where an
fsync is cheap (~0.2 ms) that floor alone is several times the baseline; where it is dear (a
busy or slow disk) the fsyncs dominate both sides and the ratio falls toward 2.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

N = 300
WARMUP = 20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def bench_submit(root: Path) -> tuple[list[float], list[float]]:
    from counter_app.actor import Actor
    from counter_app.app import open_context
    from helpers.intake import CONTRACT_DOC, PETITION_DOC

    ctx = open_context(root / "office", lang="ko")
    logging.getLogger().setLevel(logging.WARNING)
    try:
        ctx.office.init("2611051000", "T1", "김담당", "bench passphrase", operator="bench")
        ctx.__dict__.pop("audit", None)
        queue = ctx.queue
        clerk = Actor("C001", "bench")
        docs = [CONTRACT_DOC, PETITION_DOC]  # half with an RRN to seal
        for i in range(WARMUP):
            queue.submit(clerk, docs[i % 2])
        times = []
        for i in range(N):
            t = time.perf_counter()
            queue.submit(clerk, docs[i % 2])
            times.append(time.perf_counter() - t)
        # the floor any intake pays: one durable transaction holding only its audit entry
        floor = []
        for _ in range(N // 3):
            t = time.perf_counter()
            with ctx.db.write() as s:
                ctx.audit.append(s, clerk.id, "bench.floor")
            floor.append(time.perf_counter() - t)
        return times, floor
    finally:
        ctx.close()


def bench_baseline(root: Path) -> list[float]:
    conn = sqlite3.connect(root / "baseline.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, case_id TEXT UNIQUE, payload TEXT)")
    payload = json.dumps({"title": "x" * 40, "content": "y" * 200})
    times = []
    try:
        for i in range(WARMUP + N):
            t = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t (case_id, payload) VALUES (?, ?)", (f"case-{i}", payload))
            conn.execute("COMMIT")
            if i >= WARMUP:
                times.append(time.perf_counter() - t)
    finally:
        conn.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-intake-", dir=os.environ.get("BENCH_DIR")) as tmp:
        root = Path(tmp)
        baseline = bench_baseline(root)
        submit, floor = bench_submit(root)
    ms = 1000.0
    p99, base_p99 = percentile(submit, 0.99) * ms, percentile(baseline, 0.99) * ms
    print(json.dumps({
        "bench": "intake_commit", "n": N,
        "p50_ms": round(statistics.median(submit) * ms, 3), "p99_ms": round(p99, 3),
        "baseline_p50_ms": round(statistics.median(baseline) * ms, 3), "baseline_p99_ms": round(base_p99, 3),
        "ratio": round(p99 / base_p99, 2), "aim": "p99 ratio <= 3",
        # context: a durable transaction with nothing but one audit entry (and its anchor file)
        "audit_only_p50_ms": round(statistics.median(floor) * ms, 3),
    }))


if __name__ == "__main__":
    main()
