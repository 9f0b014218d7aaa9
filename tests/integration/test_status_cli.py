"""`counter-app status` end to end: contract keys, file and loopback sources, stale and exit codes."""

from __future__ import annotations

import json

from conftest import PASSPHRASE
from helpers.cli import run_cli
from status_servers import json_body, native_feed

CONTRACT_TOP = {"fetched_at", "source_updated_at", "stale", "sources", "summary", "systems", "incidents"}
CONTRACT_SOURCE = {"location", "kind", "ok", "error", "fetched_at"}
CONTRACT_SUMMARY = {"total", "by_status", "restored_ratio"}
CONTRACT_SYSTEM = {
    "id",
    "name",
    "group",
    "status",
    "since",
    "expected_recovery",
    "grade",
    "ministry",
    "alternatives",
    "procedure_ids",
}
API_SYSTEM_EXTRAS = {"name_en", "restored_at", "services", "limitations", "data_loss", "source_updated_at"}
CONTRACT_INCIDENT = {"id", "title", "status", "impact", "updates"}


run = run_cli  # (exit code, stdout, stderr)


def test_fresh_install_json_has_the_contract_shape(capsys, data_dir):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "status", "--json")
    assert code == 0
    board = json.loads(out)  # stdout is the document and nothing else
    assert CONTRACT_TOP <= board.keys()
    assert {"historical", "label", "progress", "notes"} <= board.keys()
    assert board["historical"] is True and board["stale"] is True
    assert CONTRACT_SUMMARY <= board["summary"].keys() and "by_grade" in board["summary"]
    assert board["summary"]["by_status"]["operational"] == 640 and board["summary"]["restored_ratio"] == 0.903
    for system in board["systems"]:
        assert CONTRACT_SYSTEM | API_SYSTEM_EXTRAS <= system.keys()
        for alt in system["alternatives"]:
            assert {"kind", "label", "detail", "phone", "url", "procedure_id"} <= alt.keys()
    for incident in board["incidents"]:
        assert CONTRACT_INCIDENT <= incident.keys()
        assert all({"at", "body"} <= u.keys() for u in incident["updates"])
    assert all({"at", "restored", "total"} <= p.keys() for p in board["progress"])


def test_readable_board(capsys, data_dir):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "--lang", "en", "status")
    assert code == 0
    assert "Historical record" in out and "Restored 640/709 (90.3%)" in out
    assert "■ Major outage" in out and "Data loss — e-People" in out


def test_file_source_with_refresh(capsys, data_dir, tmp_path):
    feed = tmp_path / "usb-feed.json"
    feed.write_text(json.dumps(native_feed(4)), encoding="utf-8")
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "status", "--source", f"native:{feed}", "--json")
    assert code == 0 and json.loads(out)["historical"] is True, "without --refresh nothing is read"
    code, out, err = run(
        capsys, "--data-dir", str(data_dir), "status", "--source", f"native:{feed}", "--refresh", "--json"
    )
    board = json.loads(out)
    assert code == 0 and err == ""
    assert board["historical"] is False and len(board["systems"]) == 4
    source = board["sources"][0]
    assert CONTRACT_SOURCE <= source.keys() and source["ok"] is True and source["kind"] == "native"


def test_refresh_against_loopback_then_server_gone(capsys, data_dir, status_server):
    url = status_server.route("/feed.json", json_body(native_feed(5)))
    args = ("--data-dir", str(data_dir), "status", "--source", f"native:{url}")
    code, out, _ = run(capsys, *args, "--refresh", "--json")
    assert code == 0 and json.loads(out)["stale"] is False
    status_server.stop()
    code, out, err = run(capsys, *args, "--refresh", "--json")
    board = json.loads(out)
    assert code == 1, "every source failed"
    assert board["stale"] is True and len(board["systems"]) == 5  # the last good snapshot is printed
    assert url in err and board["sources"][0]["ok"] is False
    code, out, _ = run(capsys, *args, "--json")  # no network asked: cache, stale, exit 0
    assert code == 0 and json.loads(out)["stale"] is True
    code, out, _ = run(capsys, "--lang", "en", *args)
    assert "may be out of date" in out and "Source error" in out


def test_refresh_without_sources_and_bad_source(capsys, data_dir):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "status", "--refresh")
    assert code == 1 and out == "" and "--source" in err
    code, out, err = run(capsys, "--data-dir", str(data_dir), "status", "--source", "rss:http://x")
    assert code == 1 and "native" in err


def test_supervisor_note_and_load(capsys, office_ctx, data_dir, tmp_path, monkeypatch):
    from helpers.operators import add_operators, as_operator

    add_operators(office_ctx)
    as_operator(monkeypatch, "S001")  # --operator S001 signs in with its PIN
    feed = tmp_path / "snap.json"
    feed.write_text(json.dumps(native_feed(3)), encoding="utf-8")
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", "wrong passphrase")
    code, _, err = run(capsys, "--data-dir", str(data_dir), "--operator", "S001", "status", "note", "hello")
    assert code == 1 and err
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    code, out, _ = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "--operator",
        "S001",
        "status",
        "note",
        "창구 안내 변경",
        "--system",
        "sys-0001",
    )
    assert code == 0
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "--operator", "S001", "status", "load", str(feed), "--json")
    board = json.loads(out)
    assert code == 0 and len(board["systems"]) == 3
    assert board["notes"][0]["body"] == "창구 안내 변경" and board["notes"][0]["author"] == "S001"


def test_text_output_names_skipped_items_and_a_failed_mostly_malformed_feed(capsys, data_dir, tmp_path):
    feed = native_feed(12)
    feed["systems"][5]["grade"] = "five"
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "--lang", "en", "status", "--source", f"native:{path}", "--refresh"
    )
    assert code == 0
    assert "1 item(s) skipped" in out and "Skipped system item 6" in out
    for system in feed["systems"][:6]:
        system["name_ko"] = None
    path.write_text(json.dumps(feed), encoding="utf-8")
    code, out, err = run(
        capsys, "--data-dir", str(data_dir), "--lang", "en", "status", "--source", f"native:{path}", "--refresh"
    )
    assert code == 1 and "6 of the 12 systems listed are malformed" in err
    assert "Restored 6/11" in out  # the last good snapshot, not the broken one
