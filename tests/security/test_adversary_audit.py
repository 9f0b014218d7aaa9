"""Acceptance as an adversary (issue 6 §2): someone with a copy of, or write access to, the data
directory removes the anchor, cuts the newest entries (and the case they recorded), and waits for
the next ordinary intake to write a fresh anchor over the evidence. Before the fix `audit verify`
then said all was intact."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import PASSPHRASE
from helpers.cli import run_cli
from helpers.intake import PETITION_DOC
from helpers.operators import add_operators_to_dir, as_operator


@pytest.fixture
def office(office_dir, monkeypatch, tmp_path):
    add_operators_to_dir(office_dir)
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    case = tmp_path / "petition.json"
    case.write_text(json.dumps(PETITION_DOC, ensure_ascii=False), encoding="utf-8")
    return office_dir, case


def cut_the_newest_case(data_dir) -> None:
    """Remove the anchor, then the newest case with its audit entries, as sqlite3 would."""
    (data_dir / "counter_app.audit-anchor.json").unlink()
    db = sqlite3.connect(data_dir / "counter_app.db")
    with db:
        (pk, case_id) = db.execute("SELECT id, case_id FROM cases ORDER BY id DESC LIMIT 1").fetchone()
        first = db.execute("SELECT min(seq) FROM audit_log WHERE case_id = ?", (case_id,)).fetchone()[0]
        db.execute("DELETE FROM audit_log WHERE seq >= ?", (first,))
        db.execute("DELETE FROM case_transitions WHERE case_pk = ?", (pk,))
        db.execute("DELETE FROM cases WHERE id = ?", (pk,))
        db.execute("UPDATE receipt_counters SET last_seq = last_seq - 1")
    db.close()


def test_the_next_intake_does_not_write_a_fresh_anchor_over_a_cut_tail(office, capsys):
    data_dir, case = office
    cli = ("--data-dir", str(data_dir))
    for _ in range(2):
        assert run_cli(capsys, *cli, "intake", "add", str(case))[0] == 0
    cut_the_newest_case(data_dir)
    code, _, err = run_cli(capsys, *cli, "audit", "verify")
    assert code == 1 and "기준점" in err
    # a clerk goes on working, unaware
    assert run_cli(capsys, *cli, "intake", "add", str(case))[0] == 0
    assert not (data_dir / "counter_app.audit-anchor.json").exists()
    code, _, err = run_cli(capsys, *cli, "audit", "verify")
    assert code == 1 and "기준점" in err and "audit reanchor" in err


def test_a_supervisor_reanchors_and_the_loss_stays_on_the_record(office, capsys, monkeypatch):
    data_dir, case = office
    cli = ("--data-dir", str(data_dir))
    assert run_cli(capsys, *cli, "intake", "add", str(case))[0] == 0
    (data_dir / "counter_app.audit-anchor.json").unlink()
    # a clerk cannot, and nobody without the passphrase
    code, _, err = run_cli(capsys, *cli, *as_operator(monkeypatch, "C001"), "audit", "reanchor", "--reason", "정전")
    assert code == 1 and "감독자" in err
    code, out, err = run_cli(
        capsys,
        *cli,
        *as_operator(monkeypatch, "S001"),
        "audit",
        "reanchor",
        "--reason",
        "12월 1일 정전 뒤 기준점 손상 확인",
    )
    assert code == 0, err
    assert run_cli(capsys, *cli, "audit", "verify")[0] == 0
    code, out, _ = run_cli(capsys, *cli, "audit", "list", "--json")
    entries = json.loads(out)
    entries = entries["entries"] if isinstance(entries, dict) else entries
    reanchored = [e for e in entries if e["action"] == "audit.reanchored"]
    assert len(reanchored) == 1 and reanchored[0]["operator"] == "S001"
    assert "missing" in json.dumps(reanchored[0], ensure_ascii=False)
    # nothing to repair while the anchor is there (a bad signature or a cut tail is evidence)
    code, _, err = run_cli(capsys, *cli, *as_operator(monkeypatch, "S001"), "audit", "reanchor", "--reason", "다시")
    assert code == 1 and "기준점" in err


def test_reanchor_refuses_a_chain_that_is_itself_broken(office, capsys, monkeypatch):
    data_dir, case = office
    cli = ("--data-dir", str(data_dir))
    for _ in range(2):
        assert run_cli(capsys, *cli, "intake", "add", str(case))[0] == 0
    (data_dir / "counter_app.audit-anchor.json").unlink()
    db = sqlite3.connect(data_dir / "counter_app.db")
    with db:
        db.execute("UPDATE audit_log SET operator = 'X999' WHERE seq = 2")
    db.close()
    code, _, err = run_cli(capsys, *cli, *as_operator(monkeypatch, "S001"), "audit", "reanchor", "--reason", "정전")
    assert code == 1 and "2" in err
    assert not (data_dir / "counter_app.audit-anchor.json").exists()
