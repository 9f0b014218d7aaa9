"""`counter-app status sources [add|remove]` end to end on a real data directory and a loopback feed."""

from __future__ import annotations

import json

import pytest
from conftest import PASSPHRASE
from helpers.cli import run_cli
from status_servers import json_body, native_feed

run = run_cli  # (exit code, stdout, stderr)


@pytest.fixture
def cli(capsys, office_ctx, data_dir, monkeypatch):
    """Run a command as supervisor S001 (signed in with its PIN) on the office's data dir
    (passphrase in the environment)."""
    from helpers.operators import add_operators, as_operator

    add_operators(office_ctx)
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    operator = as_operator(monkeypatch, "S001")

    def call(*argv):
        return run(capsys, "--data-dir", str(data_dir), *operator, *argv)

    return call


def listed(cli) -> list[dict]:
    code, out, _ = cli("status", "sources", "--json")
    assert code == 0
    return json.loads(out)["sources"]


def audit_entries(cli, action: str) -> list[dict]:
    code, out, _ = cli("audit", "list", "--limit", "100", "--json")
    assert code == 0
    return [e for e in json.loads(out)["entries"] if e["action"] == action]


def test_list_add_remove_with_audit(cli, data_dir):
    code, out, _ = cli("--lang", "en", "status", "sources")
    assert code == 0 and "No status sources" in out
    assert listed(cli) == []

    code, out, _ = cli("status", "sources", "add", "  NATIVE:http://127.0.0.1:9/feed.json ")
    assert code == 0 and "추가했습니다" in out
    assert "native:http://127.0.0.1:9/feed.json" in out  # stored normalised
    code, _, _ = cli("status", "sources", "add", "statuspage:https://status.example/api/v2/summary.json")
    assert code == 0
    rows = listed(cli)
    assert [r["source"] for r in rows] == [
        "native:http://127.0.0.1:9/feed.json",
        "statuspage:https://status.example/api/v2/summary.json",
    ]
    assert rows[1]["kind"] == "statuspage" and rows[1]["valid"] is True
    settings = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    assert settings["status_sources"] == [r["source"] for r in rows]

    code, out, _ = cli("status", "sources", "remove", "native:http://127.0.0.1:9/feed.json")
    assert code == 0 and "삭제했습니다" in out
    assert [r["source"] for r in listed(cli)] == ["statuspage:https://status.example/api/v2/summary.json"]

    entries = audit_entries(cli, "status.sources")
    assert len(entries) == 3 and all(e["operator"] == "S001" for e in entries)
    newest = entries[0]["detail"]  # newest first
    assert newest["removed"] == ["native:http://127.0.0.1:9/feed.json"] and "added" not in newest
    assert entries[2]["detail"]["added"] == ["native:http://127.0.0.1:9/feed.json"]
    code, _, _ = cli("audit", "verify")
    assert code == 0


def test_duplicate_and_malformed_are_refused(cli):
    assert cli("status", "sources", "add", "native:http://127.0.0.1:9/a")[0] == 0
    code, out, err = cli("status", "sources", "add", "Native: http://127.0.0.1:9/a")
    assert code == 1 and out == "" and "이미 설정되어" in err
    code, _, err = cli("--lang", "en", "status", "sources", "add", "rss:http://127.0.0.1:9/b")
    assert code == 1 and "malformed" in err and "native, statuspage, cachet" in err
    code, _, err = cli("--lang", "ko", "status", "sources", "add", "native:")
    assert code == 1 and "형식이 잘못" in err
    code, _, err = cli("--lang", "en", "status", "sources", "remove", "cachet:http://127.0.0.1:9/never")
    assert code == 1 and "not configured" in err
    assert [r["source"] for r in listed(cli)] == ["native:http://127.0.0.1:9/a"]
    assert len(audit_entries(cli, "status.sources")) == 1, "a refused change is not audited"


def test_a_malformed_hand_edited_entry_is_listed_and_removable(cli, office_ctx):
    office_ctx.settings.set("status_sources", ["rss:oops", "native:http://127.0.0.1:9/a"])
    rows = listed(cli)
    assert (
        rows[0] == {"source": "rss:oops", "kind": None, "location": None, "valid": False, "error": rows[0]["error"]}
        and rows[0]["error"]
    )
    assert cli("status", "sources", "remove", "rss:oops")[0] == 0
    assert [r["source"] for r in listed(cli)] == ["native:http://127.0.0.1:9/a"]


def test_passphrase_is_required(cli, monkeypatch):
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", "wrong passphrase")
    code, _, err = cli("status", "sources", "add", "native:http://127.0.0.1:9/a")
    assert code == 1 and err
    monkeypatch.delenv("COUNTER_APP_PASSPHRASE")
    code, _, err = cli("status", "sources", "add", "native:http://127.0.0.1:9/a")
    assert code == 1 and "COUNTER_APP_PASSPHRASE" in err
    assert listed(cli) == [] and audit_entries(cli, "status.sources") == []


def test_refresh_uses_the_added_source(cli, status_server):
    url = status_server.route("/feed.json", json_body(native_feed(6)))
    code, _, err = cli("status", "--refresh")
    assert code == 1 and "--source" in err  # nothing configured yet
    assert cli("status", "sources", "add", f"native:{url}")[0] == 0
    code, out, err = cli("status", "--refresh", "--json")
    board = json.loads(out)
    assert code == 0 and err == ""
    assert status_server.hits == ["/feed.json", "/feed.json.jws"]  # contracts.md §3: its signature beside it
    assert board["historical"] is False and len(board["systems"]) == 6
    assert [(s["kind"], s["location"], s["ok"]) for s in board["sources"]] == [("native", url, True)]
