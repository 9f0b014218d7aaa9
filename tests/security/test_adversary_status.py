"""Acceptance as an adversary (issue 6 §4): a status source whose URL carries credentials
(https://user:password@host/…?token=…, as Statuspage private pages and some relays want). The
whole URL went into the append-only audit log, which every clerk reads with `audit list` and no
one can ever clean; it is now recorded without user:password, query or fragment."""

from __future__ import annotations

import json

from conftest import PASSPHRASE
from helpers.cli import run_cli
from helpers.operators import add_operators_to_dir, as_operator

SECRET_URL = "statuspage:https://ops:s3cret-pw@status.example/api/v2/summary.json?token=tok-98765#x"


def test_credentials_in_a_source_url_never_reach_the_audit_log(office_dir, capsys, monkeypatch):
    add_operators_to_dir(office_dir)
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    cli = ("--data-dir", str(office_dir))
    code, _, err = run_cli(capsys, *cli, *as_operator(monkeypatch, "S001"), "status", "sources", "add", SECRET_URL)
    assert code == 0, err
    code, out, _ = run_cli(capsys, *cli, "audit", "list", "--json")
    assert code == 0 and "s3cret-pw" not in out and "tok-98765" not in out
    assert "https://status.example/api/v2/summary.json" in out  # the change itself is recorded
    code, _, err = run_cli(capsys, *cli, *as_operator(monkeypatch, "S001"), "status", "sources", "add", SECRET_URL)
    assert code == 1 and "s3cret-pw" not in err and "tok-98765" not in err  # the duplicate, named safely
    code, _, _ = run_cli(capsys, *cli, *as_operator(monkeypatch, "S001"), "status", "sources", "remove", SECRET_URL)
    assert code == 0
    code, out, _ = run_cli(capsys, *cli, "audit", "list", "--json")
    assert "s3cret-pw" not in out and "tok-98765" not in out and json.loads(out)
    db = (
        (office_dir / "counter_app.db").read_bytes() + (office_dir / "counter_app.db-wal").read_bytes()
        if (office_dir / "counter_app.db-wal").exists()
        else (office_dir / "counter_app.db").read_bytes()
    )
    assert b"s3cret-pw" not in db and b"tok-98765" not in db
