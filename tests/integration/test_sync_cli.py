"""`counter-app sync`, `sync status` and `serve intake-api` as district IT scripts them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from conftest import PASSPHRASE
from helpers.cli import run_cli
from helpers.operators import add_operators_to_dir, as_operator
from helpers.sync import (
    TOKEN,
    queue_cases,
)

from counter_app.sync.server import Faults

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def office(office_dir):
    from counter_app.app import open_context

    add_operators_to_dir(office_dir)
    ctx = open_context(office_dir, lang="ko")
    try:
        queue_cases(ctx, 12)
    finally:
        ctx.close()
    return office_dir


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("REHEARSAL_TOKEN", TOKEN)


def test_sync_sends_everything_and_status_says_so(office, server, env, capsys, monkeypatch):
    code, out, err = run_cli(
        capsys,
        "--data-dir",
        str(office),
        *as_operator(monkeypatch, "S001"),
        "sync",
        "--target",
        f"intake-api:{server.url}",
        "--token-env",
        "REHEARSAL_TOKEN",
        "--batch",
        "5",
        "--json",
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["status"] == "done" and doc["counts"]["sent"] == 12 and doc["unresolved"] == 0
    assert server.store.count() == 12
    code, out, _ = run_cli(capsys, "--data-dir", str(office), "sync", "status", "--json")
    status = json.loads(out)
    assert code == 0 and status["unsent"] == 0 and status["by_state"]["SENT"] == 12
    assert status["last_run"]["status"] == "done" and status["last_run"]["counts"]["sent"] == 12
    assert status["lease"] is None  # released at the end
    code, out, _ = run_cli(capsys, "--data-dir", str(office), "--lang", "en", "sync", "status")
    assert code == 0 and "0 unsent" in out
    report = office.parent / "report.csv"
    code, out, err = run_cli(
        capsys,
        "--data-dir",
        str(office),
        "--lang",
        "en",
        *as_operator(monkeypatch, "S001"),
        "sync",
        "report",
        "--out",
        str(report),
    )
    assert code == 0 and "12 case(s)" in out, err
    import csv

    with open(report, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    official = {r["case_id"]: r["official_no"] for r in server.store.rows()}
    assert len(rows) == 12 and all(r["official_no"] == official[r["case_id"]] for r in rows)
    assert all(r["state"] == "SENT" for r in rows) and "홍길동" not in report.read_text(encoding="utf-8-sig")
    assert report.stat().st_mode & 0o077 == 0


def test_sync_with_a_refused_case_exits_1_and_counts_it(office, server, env, capsys, monkeypatch):
    server.set_faults(Faults(invalid=1, seed=1))
    code, out, err = run_cli(
        capsys,
        "--data-dir",
        str(office),
        "--lang",
        "en",
        *as_operator(monkeypatch, "S001"),
        "sync",
        "--target",
        f"intake-api:{server.url}",
        "--token-env",
        "REHEARSAL_TOKEN",
    )
    assert code == 1
    assert "registered: 11" in out and "quarantined: 1" in out
    assert err.strip().endswith("(see sync status).") and err.count("\n") == 1


def test_sync_is_supervisor_work_and_the_token_must_be_right(office, server, env, capsys, monkeypatch):
    code, _, err = run_cli(
        capsys,
        "--data-dir",
        str(office),
        "--lang",
        "en",
        *as_operator(monkeypatch, "C001"),
        "sync",
        "--target",
        f"intake-api:{server.url}",
        "--token-env",
        "REHEARSAL_TOKEN",
    )
    assert code == 1 and "supervisor" in err
    monkeypatch.setenv("REHEARSAL_TOKEN", "wrong")
    code, out, err = run_cli(
        capsys,
        "--data-dir",
        str(office),
        "--lang",
        "en",
        *as_operator(monkeypatch, "S001"),
        "sync",
        "--target",
        f"intake-api:{server.url}",
        "--token-env",
        "REHEARSAL_TOKEN",
    )
    assert code == 1 and "token" in err and server.store.count() == 0
    code, out, _ = run_cli(capsys, "--data-dir", str(office), "sync", "status", "--json")
    assert json.loads(out)["by_state"]["QUEUED"] + json.loads(out)["by_state"]["RETRY_WAIT"] == 12


@pytest.mark.parametrize("target", ["intake-api:http://192.0.2.10/", "intake-api:ftp://127.0.0.1/", "soap:http://x"])
def test_a_target_that_would_leak_or_cannot_work_is_refused_before_anything_is_asked(
    office, capsys, monkeypatch, target
):
    monkeypatch.delenv("COUNTER_APP_PASSPHRASE", raising=False)
    code, out, err = run_cli(
        capsys,
        "--data-dir",
        str(office),
        "--lang",
        "en",
        "--operator",
        "S001",
        "sync",
        "--target",
        target,
        "--token-env",
        "PATH",
    )
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "PIN" not in err and "passphrase" not in err


def test_serve_intake_api_serves_until_interrupted(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), REHEARSAL_TOKEN=TOKEN)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "counter_app",
            "--lang",
            "en",
            "serve",
            "intake-api",
            "--port",
            "0",
            "--token-env",
            "REHEARSAL_TOKEN",
            "--store",
            str(tmp_path / "r.sqlite"),
            "--faults",
            "slow=0.5,seed=4",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "fault seed 4" in line, (line, proc.stderr.read() if proc.poll() is not None else "")
        url = line.split(" at ")[1].split(" ")[0]
        assert requests.get(f"{url}/v1/health", timeout=5).json() == {"status": "ok"}
        assert requests.get(f"{url}/v1/cases/00000000-0000-4000-8000-000000000000", timeout=5).status_code == 401
        answer = requests.get(
            f"{url}/v1/cases/00000000-0000-4000-8000-000000000000",
            timeout=5,
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert answer.status_code == 404
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)
    assert proc.returncode == 0


def test_serve_intake_api_refuses_bad_faults(capsys, monkeypatch):
    monkeypatch.setenv("REHEARSAL_TOKEN", TOKEN)
    code, _, err = run_cli(
        capsys,
        "--lang",
        "en",
        "serve",
        "intake-api",
        "--port",
        "0",
        "--token-env",
        "REHEARSAL_TOKEN",
        "--faults",
        "drop=2",
    )
    assert code == 1 and "drop=2" in err
