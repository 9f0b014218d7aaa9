"""kill -9 at random moments while cases are being recorded: nothing reported saved is lost,
the database stays intact, receipt sequences have no gaps, the audit chain verifies.

The moments come from a seeded random generator; the seed is printed (pytest shows it with a
failure, `-s` always) and COUNTER_APP_KILL_SEED=N replays the same moments."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from helpers.intake import make_office_dir

from counter_app.intake import is_valid_receipt_no, parse_receipt_no

WRITER = Path(__file__).with_name("crash_writer.py")
ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
SEED_ENV = "COUNTER_APP_KILL_SEED"


def kill_seed() -> int:
    """The seed from COUNTER_APP_KILL_SEED, else a fresh random one; printed so a failure replays."""
    given = os.environ.get(SEED_ENV, "").strip()
    seed = int(given) if given else int.from_bytes(os.urandom(4), "big")
    print(f"kill -9 seed: {seed} (replay with {SEED_ENV}={seed})")
    return seed


def _run_and_kill(data_dir: Path, rng: random.Random) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )
    try:
        first = proc.stdout.readline()
        assert first == b"ready\n", (first, proc.stderr.read() if proc.poll() is not None else b"")
        time.sleep(rng.uniform(0.0, 0.25))  # somewhere in the middle of a submit (or between two)
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # whatever reached the pipe before the kill was printed after a commit
    return [line for line in out.decode("ascii", "replace").splitlines() if is_valid_receipt_no(line)]


@pytest.mark.slow
def test_kill9_loses_nothing_reported_saved(tmp_path):
    data_dir = tmp_path / "office"
    make_office_dir(data_dir, PASSPHRASE)
    rng = random.Random(kill_seed())
    reported: list[str] = []
    for _ in range(KILLS):
        reported += _run_and_kill(data_dir, rng)
    assert len(reported) >= KILLS  # the writer really wrote under fire

    conn = sqlite3.connect(data_dir / "counter_app.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {r[0] for r in conn.execute("SELECT receipt_no FROM cases WHERE receipt_no IS NOT NULL")}
        missing = [r for r in reported if r not in stored]
        assert not missing, f"{len(missing)} receipts reported saved are gone"
        # gap-free: per terminal and day, sequences are exactly 1..N and the counter says N
        seqs: dict[tuple[str, str], list[int]] = defaultdict(list)
        for receipt in stored:
            parsed = parse_receipt_no(receipt)
            assert parsed is not None
            seqs[(parsed.terminal, f"{parsed.day:%Y%m%d}")].append(parsed.seq)
        counters = dict(((t, d), n) for t, d, n in conn.execute("SELECT terminal, day, last_seq FROM receipt_counters"))
        for key, values in seqs.items():
            assert sorted(values) == list(range(1, len(values) + 1)), key
            assert counters[key] == len(values)
        # every case has its transition and its audit entry (they committed together)
        n_cases = conn.execute("SELECT count(*) FROM cases WHERE state='QUEUED'").fetchone()[0]
        assert n_cases == len(stored)
        assert conn.execute("SELECT count(*) FROM case_transitions WHERE to_state='QUEUED'").fetchone()[0] == n_cases
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action='case.submit'").fetchone()[0] == n_cases
        # no draft ever kept an RRN
        assert conn.execute("SELECT count(*) FROM cases WHERE draft_json LIKE '%rrn%'").fetchone()[0] == 0
    finally:
        conn.close()

    from counter_app.app import open_context

    ctx = open_context(data_dir, lang="ko")
    try:
        with ctx.db.read() as s:
            result = ctx.audit.verify(s)
        assert result.ok, result
    finally:
        ctx.close()


def test_the_kill_seed_is_printed_and_can_be_given(monkeypatch, capsys):
    monkeypatch.setenv(SEED_ENV, "12345")
    assert kill_seed() == 12345
    assert "COUNTER_APP_KILL_SEED=12345" in capsys.readouterr().out
    monkeypatch.delenv(SEED_ENV)
    seed = kill_seed()
    assert f"kill -9 seed: {seed}" in capsys.readouterr().out
