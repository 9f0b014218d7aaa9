"""Walks in a real database: an open walk is kept and resumed, a finished one is recorded with
its path and actions (never what was typed) and audited, the case it produced is named on it, and
the history is for supervisors only. Plus the `procedures` command line."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers.cli import run_cli
from helpers.operators import add_operators, add_operators_to_dir, as_operator

from counter_app.errors import UserError
from counter_app.procedures import Walk

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "procedures"


@pytest.fixture
def people(office_ctx):
    return add_operators(office_ctx)


def _walk_busan(ctx) -> Walk:
    walk = Walk(ctx.procedures.library().get("proc.busan120-guidance"))
    walk.choose(0)
    walk.go_on()
    walk.go_on()
    return walk


def test_an_open_walk_is_kept_and_comes_back_for_the_same_clerk_only(office_ctx, people):
    clerk, supervisor = people
    store = office_ctx.procedures.walks
    guide = office_ctx.procedures.library().get("proc.transfer-other-agency")
    walk = Walk(guide)
    walk.go_on()
    walk.set_value("applicant.name", "홍길동")
    walk_id = store.save(clerk, walk)
    assert store.save(clerk, walk, walk_id) == walk_id  # saved again in place
    found = store.latest_open(clerk)
    assert found is not None and found[0] == walk_id and found[1] == guide.id
    resumed = Walk.restore(guide, found[2])
    assert resumed.current == "capture" and resumed.values["applicant.name"] == "홍길동"
    assert store.latest_open(supervisor) is None
    store.abandon(clerk, walk_id)
    assert store.latest_open(clerk) is None
    with sqlite3.connect(office_ctx.paths.database) as conn:
        assert conn.execute("select state_json from procedure_walks").fetchone() == (None,)


def test_a_finished_walk_is_recorded_and_audited_without_what_was_typed(office_ctx, people):
    clerk, supervisor = people
    store = office_ctx.procedures.walks
    guide = office_ctx.procedures.library().get("proc.transfer-other-agency")
    walk = Walk(guide)
    walk.go_on()
    walk.set_value("applicant.name", "홍길동")
    walk.set_value("applicant.phone", "010-1234-5678")
    walk_id = store.save(clerk, walk)
    walk.go_on()
    walk.go_on({"opened": True})
    walk.choose(1)
    walk.go_on()
    for i in range(3):
        walk.tick(i)
    walk.go_on()
    with pytest.raises(UserError):
        store.complete(clerk, Walk(guide))  # not at an end
    assert store.complete(clerk, walk, walk_id) == walk_id
    store.link_case(clerk, walk_id, "6f1c5e1e-6c0d-4a38-9e77-2b0c8f6f6a11")
    records = store.history(supervisor)
    assert len(records) == 1
    r = records[0].as_json()
    assert r["guide"] == guide.id and r["version"] == 1 and r["operator"] == "C001" and r["terminal"] == "T1"
    assert r["path"] == ["receive", "capture", "open-form", "how-send", "send-paper", "done"]
    assert [a["action"] for a in r["actions"]] == ["open_intake"]
    assert r["case_id"] == "6f1c5e1e-6c0d-4a38-9e77-2b0c8f6f6a11"
    with pytest.raises(UserError):
        store.history(clerk)
    with office_ctx.db.read() as s:
        entries = [(e.action, e.operator, e.case_id) for e in office_ctx.audit.recent(s, 10)]
        assert office_ctx.audit.verify(s).ok
    assert ("procedure.walk", "C001", None) in entries
    assert ("procedure.walk_case", "C001", "6f1c5e1e-6c0d-4a38-9e77-2b0c8f6f6a11") in entries
    with sqlite3.connect(office_ctx.paths.database) as conn:
        row = conn.execute("select state_json, path_json from procedure_walks").fetchone()
    assert row[0] is None and "홍길동" not in row[1] and "010-1234-5678" not in row[1]


def test_cli_list_show_and_validate(office_dir, capsys, tmp_path):
    code, out, err = run_cli(capsys, "--data-dir", str(office_dir), "procedures", "list", "--json")
    assert code == 0 and err == ""
    listed = json.loads(out)
    assert {"id", "title", "version", "source"} == set(listed[0])
    assert {g["id"] for g in listed} >= {"proc.epeople-complaint", "proc.gov24-certificates"}
    assert all(set(g["title"]) == {"ko", "en"} for g in listed)
    code, out, _ = run_cli(
        capsys, "--data-dir", str(office_dir), "--lang", "en", "procedures", "show", "proc.busan120-guidance"
    )
    assert code == 0 and "(referral) Busan 120 call centre" in out
    code, out, _ = run_cli(
        capsys, "--data-dir", str(office_dir), "procedures", "show", "proc.busan120-guidance", "--json"
    )
    assert code == 0 and json.loads(out)["steps"][1]["phone"] == "120"
    code, _, err = run_cli(capsys, "--data-dir", str(office_dir), "--lang", "en", "procedures", "show", "proc.nope")
    assert code == 1 and err.strip() == "There is no guide 'proc.nope'."

    bad = tmp_path / "bad"
    bad.mkdir()
    for name in ("missing_target.yaml", "unknown_action.yaml", "good.yaml"):
        shutil.copy(FIXTURES / name, bad / name)
    code, out, err = run_cli(capsys, "--data-dir", str(office_dir), "--lang", "en", "procedures", "validate", str(bad))
    assert code == 1
    assert out.splitlines() == [
        f"{bad / 'missing_target.yaml'}:14: steps[0].choices[1].next: there is no step 'nowhere' to go to.",
        (
            f"{bad / 'unknown_action.yaml'}:9: steps[0].action: unknown action 'send_fax'; the known actions are: "
            "open_intake, print_receipt, print_interim, print_notice, referral"
        ),
    ]
    assert err.strip() == "2 problem(s) in 2 guide file(s)."
    code, out, _ = run_cli(
        capsys, "--data-dir", str(office_dir), "--lang", "en", "procedures", "validate", str(FIXTURES / "good.yaml")
    )
    assert code == 0 and out.strip() == "No problems found."


def test_cli_list_names_a_refused_office_guide_and_keeps_the_rest(office_dir, capsys):
    office = office_dir / "procedures"
    office.mkdir()
    shutil.copy(FIXTURES / "good.yaml", office / "good.yaml")
    shutil.copy(FIXTURES / "missing_english.yaml", office / "broken.yaml")
    code, out, err = run_cli(capsys, "--data-dir", str(office_dir), "--lang", "en", "procedures", "list")
    assert code == 0
    assert (
        err.strip() == f"{office / 'broken.yaml'}:9: steps[0].title: the English text (en) is missing; "
        "every text needs Korean and English."
    )
    assert "proc.test-good\tv1\toffice\tTest guide" in out.splitlines()


def test_cli_history_is_supervisor_work(office_dir, capsys, monkeypatch):
    add_operators_to_dir(office_dir)
    code, _, err = run_cli(
        capsys,
        "--data-dir",
        str(office_dir),
        "--lang",
        "en",
        *as_operator(monkeypatch, "C001"),
        "procedures",
        "history",
    )
    assert code == 1 and "supervisor" in err
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", "correct horse battery")
    code, out, err = run_cli(
        capsys, "--data-dir", str(office_dir), *as_operator(monkeypatch, "S001"), "procedures", "history", "--json"
    )
    assert code == 0 and json.loads(out) == []
