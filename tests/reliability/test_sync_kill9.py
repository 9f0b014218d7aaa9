"""SIGKILL of a sync at random moments, twenty times, then resume: every case is on the server
exactly once with identical content, none is lost locally, the database and the audit chain hold.

The moments come from a seeded generator; the seed is printed and COUNTER_APP_KILL_SEED=N
replays the same moments (test_crash_kill9.kill_seed)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from helpers.intake import make_office_dir
from helpers.sync import TOKEN, assert_exactly_once, expected_hashes, queue_cases, states
from test_crash_kill9 import KILLS, kill_seed

from counter_app.sync.server import Faults, IntakeApiServer

DRIVER = Path(__file__).with_name("sync_driver.py")
CASES = 1200
ROOT = Path(__file__).resolve().parents[2]


def _run(data_dir: Path, url: str, batch: int, kill_after: float | None) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data_dir), url, TOKEN, PASSPHRASE, str(batch)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    try:
        first = proc.stdout.readline()
        assert first == b"ready\n", (first, proc.stderr.read() if proc.poll() is not None else b"")
        if kill_after is None:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            return out.decode().strip()
        time.sleep(kill_after)  # a random moment of the run (the point of the test, not a wait)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)
        return "killed" if proc.returncode == -signal.SIGKILL else f"ended {proc.returncode}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_sync_killed_twenty_times_then_resumed_registers_every_case_exactly_once(tmp_path):
    from counter_app.app import open_context

    data_dir = tmp_path / "office"
    make_office_dir(data_dir, PASSPHRASE)
    ctx = open_context(data_dir, lang="ko")
    try:
        # enough that the queue outlasts the twenty kills now that a chunk is marked and recorded in one
        # transaction each (with 400 it could drain in the first few runs, leaving none to kill mid-send)
        queue_cases(ctx, CASES)
        keys = ctx.office.unlock(PASSPHRASE, by="test")
    finally:
        ctx.close()
    rng = random.Random(kill_seed())
    server = IntakeApiServer(
        tmp_path / "server.sqlite",
        TOKEN,
        faults=Faults(slow=0.3, slow_seconds=0.02, drop=0.05, seed=rng.randrange(2**31)),
    ).start()
    try:
        endings, caught_sending = [], 0
        for _ in range(KILLS):
            endings.append(_run(data_dir, server.url, rng.choice((1, 1, 25)), rng.uniform(0.0, 0.35)))
            conn = sqlite3.connect(data_dir / "counter_app.db")
            try:  # killed between the durable SENDING mark and the outcome's commit
                caught_sending += conn.execute("SELECT count(*) FROM cases WHERE state='SENDING'").fetchone()[0] > 0
            finally:
                conn.close()
        assert endings.count("killed") >= KILLS // 2, endings
        assert caught_sending >= 3, caught_sending  # the kills really landed mid-attempt
        server.set_faults(Faults(seed=1))
        assert _run(data_dir, server.url, 25, None) == "done"

        conn = sqlite3.connect(data_dir / "counter_app.db")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()
        ctx = open_context(data_dir, lang="ko")
        try:
            assert states(ctx) == {"SENT": CASES}
            assert_exactly_once(server, expected_hashes(ctx, keys.unsealer))
            official = {r["case_id"]: r["official_no"] for r in server.store.rows()}
            with ctx.db.read() as s:
                assert ctx.audit.verify(s).ok
                from sqlalchemy import text

                rows = s.execute(text("SELECT case_id, official_no FROM cases")).all()
            assert {cid: no for cid, no in rows} == official
        finally:
            ctx.close()
    finally:
        server.stop()
