"""The status desk end to end (issue 11, contracts.md §3 "Signed native feeds"): a supervisor at one
office edits the board and publishes it; `serve status-feed` serves it over loopback HTTP; a second
office (its own data directory) reads it with `status --refresh`, signed by the first once it
trusts the first's root; an unchanged feed answers 304; a changed byte is refused with the last
good kept; a feed from an office it does not trust is unverified; the history names each author."""

from __future__ import annotations

import base64
import json
import threading
import urllib.request

import pytest
import test_cli_office
from test_cli_office import INIT, SUPERVISOR, one_sentence

from counter_app.cli import main

env = test_cli_office.env
run = test_cli_office.run

OTHER_INIT = [a if a != "2611051000" else "2611052000" for a in INIT]
FEED_SCHEMA = "status-feed.schema.json"


@pytest.fixture
def feed_server(tmp_path):
    """`serve status-feed`'s server on a free loopback port, over tmp_path/'pub'."""
    from counter_app.status.publish_server import make_server

    pub = tmp_path / "pub"
    pub.mkdir()
    server = make_server(pub, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    server.pub = pub
    server.url = f"http://127.0.0.1:{server.server_address[1]}/feed.json"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def run_other(tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()

    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(other), "--lang", "en", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def _get(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback test server
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read()


def _source(out: str) -> dict:
    return json.loads(out)["sources"][0]


def _desk_edit_and_publish(run, pub) -> None:
    assert run(*SUPERVISOR, "status", "desk", "start", "--from", "bundled")[0] == 0
    code, out, err = run(
        *SUPERVISOR,
        "status",
        "desk",
        "set",
        "epeople",
        "--status",
        "major_outage",
        "--expected",
        "2025-11-20",
        "--expected-note",
        "행안부 브리핑",
        "--alternative",
        "visit|행정복지센터 방문 (종이 접수)|서면으로 접수|proc.epeople-complaint",
        "--alternative",
        "phone|110",
    )
    assert code == 0, err
    code, out, err = run(*SUPERVISOR, "status", "publish", "--out", str(pub), "--json")
    assert code == 0, err
    assert json.loads(out)["signed_by"] == {"office_code": "2611051000", "terminal": "T1"}


def test_a_desk_edit_reaches_a_second_office_signed_and_polls_with_304(env, run, run_other, feed_server, tmp_path):
    import jsonschema

    from counter_app.resources import resource_path

    assert run(*INIT)[0] == 0
    _desk_edit_and_publish(run, feed_server.pub)

    # what was written: the exact bytes, valid against the schema, and a detached JWS over them
    body = (feed_server.pub / "feed.json").read_bytes()
    jws = (feed_server.pub / "feed.json.jws").read_bytes().decode("ascii")
    schema = json.loads(resource_path("schemas", FEED_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(body))
    protected, empty, signature = jws.split(".")
    assert empty == "" and len(base64.urlsafe_b64decode(signature + "==")) == 64
    header = json.loads(base64.urlsafe_b64decode(protected + "=" * (-len(protected) % 4)))
    assert header["alg"] == "ES256" and len(header["x5c"]) == 2
    base64.b64decode(header["x5c"][0], validate=True)  # standard base64 DER

    # the server: exactly the two files, ETag / 304, gzip on request, nothing else
    status, headers, got = _get(feed_server.url)
    assert status == 200 and got == body and headers["Cache-Control"] == "no-cache"
    etag = headers["ETag"]
    status, headers, got = _get(feed_server.url, {"If-None-Match": etag})
    assert status == 304 and got == b""
    status, headers, got = _get(feed_server.url, {"Accept-Encoding": "gzip"})
    import gzip

    assert headers.get("Content-Encoding") == "gzip" and gzip.decompress(got) == body
    base = feed_server.url.rsplit("/", 1)[0]
    for path in ("/", "/feed", "/../feed.json", "/.feed.json.tmp", "/feed.json/x"):
        assert _get(base + path)[0] == 404, path
    (feed_server.pub / "secret.txt").write_text("x")
    assert _get(base + "/secret.txt")[0] == 404

    # a second office that does not trust the first yet: shown, but unverified
    assert run_other(*OTHER_INIT)[0] == 0
    spec = f"native:{feed_server.url}"
    code, out, err = run_other("status", "--source", spec, "--refresh", "--json")
    assert code == 0, err
    entry = _source(out)
    assert entry["ok"] and entry["signature"] == "unverified" and entry["signed_by"] is None
    assert entry["signer_claimed"]["office_code"] == "2611051000"

    # after trusting the first office's root: published by it
    root_pem = tmp_path / "root.pem"
    assert run("office", "certificate", "--out", str(root_pem))[0] == 0
    code, _, err = run_other(*SUPERVISOR, "documents", "trust", "add", str(root_pem))
    assert code == 0, err
    code, out, err = run_other("status", "--source", spec, "--refresh", "--json")
    assert code == 0, err
    board = json.loads(out)
    entry = board["sources"][0]
    assert entry["signature"] == "verified"
    assert entry["signed_by"]["office_code"] == "2611051000" and entry["signed_by"]["terminal"] == "T1"
    epeople = next(s for s in board["systems"] if s["id"] == "epeople")
    assert epeople["status"] == "major_outage" and epeople["expected_recovery"]["from"] == "2025-11-20"
    assert [a["procedure_id"] for a in epeople["alternatives"]][0] == "proc.epeople-complaint"
    code, out, err = run_other("status", "--source", spec)
    assert "2611051000" in out and "T1" in out  # "published by … at …" in the text board

    # unchanged: the counter asks with If-None-Match and the server answers 304
    before = dict(feed_server.answered)
    code, out, err = run_other("status", "--source", spec, "--refresh", "--json")
    assert code == 0, err
    assert _source(out)["signature"] == "verified"
    assert feed_server.answered.get(304, 0) == before.get(304, 0) + 1
    assert feed_server.answered.get(200, 0) == before.get(200, 0)  # not even the .jws again

    # one changed byte in feed.json: refused, the last good kept (still verified, epeople still down)
    tampered = body.replace(b"major_outage", b"operational\x20", 1)
    assert tampered != body and len(tampered) == len(body)
    (feed_server.pub / "feed.json").write_bytes(tampered)
    code, out, err = run_other("status", "--source", spec, "--refresh", "--json")
    assert code == 1 and "signature" in err
    board = json.loads(out)
    assert not board["sources"][0]["ok"] and board["stale"]
    assert board["sources"][0]["signed_by"]["office_code"] == "2611051000"
    assert next(s for s in board["systems"] if s["id"] == "epeople")["status"] == "major_outage"

    # a new publication whose signature is taken away: a feed that was signed stays signed
    assert run(*SUPERVISOR, "status", "desk", "set", "epeople", "--note", "오후 브리핑 예정")[0] == 0
    assert run(*SUPERVISOR, "status", "publish", "--out", str(feed_server.pub))[0] == 0
    (feed_server.pub / "feed.json.jws").unlink()
    code, out, err = run_other("status", "--source", spec, "--refresh", "--json")
    assert code == 1 and "feed.json.jws" in err and not _source(out)["ok"]


def test_history_names_every_author_and_publishing_an_old_version_undoes(env, run, tmp_path):
    assert run(*INIT)[0] == 0
    code, out, err = run("status", "desk", "list")
    assert code == 1 and one_sentence(err)  # not started yet
    code, _, err = run("status", "desk", "start", "--from", "bundled")
    assert code == 1 and one_sentence(err)  # supervisor work
    assert run(*SUPERVISOR, "status", "desk", "start", "--from", "bundled")[0] == 0
    assert run(*SUPERVISOR, "status", "desk", "set", "law", "--status", "operational")[0] == 0
    code, _, err = run(*SUPERVISOR, "status", "desk", "set", "law", "--status", "operational")
    assert code == 1 and "Nothing changed" in err
    assert (
        run(
            *SUPERVISOR,
            "status",
            "desk",
            "add",
            "city-desk",
            "--name",
            "부산시 임시 민원창구",
            "--status",
            "operational",
            "--grade",
            "4",
        )[0]
        == 0
    )
    assert run(*SUPERVISOR, "status", "desk", "counts", "--restored", "641", "--total", "709")[0] == 0
    assert (
        run(
            *SUPERVISOR,
            "status",
            "desk",
            "counts",
            "--grade",
            "1",
            "--restored",
            "40",
            "--total",
            "40",
            "--as-of",
            "2025-10-31T12:00",
        )[0]
        == 0
    )
    assert run(*SUPERVISOR, "status", "desk", "incident", "nirs-fire-2025", "--update", "641/709 복구")[0] == 0
    code, _, err = run(*SUPERVISOR, "status", "desk", "set", "gov24", "--status", "sideways")
    assert code == 1 and one_sentence(err)
    code, _, err = run(*SUPERVISOR, "status", "desk", "set", "gov24", "--note", "900101-1234568 문의")
    assert code == 1 and one_sentence(err) and "900101" not in err  # no RRN on a public board
    code, out, err = run("status", "desk", "history", "--json")
    versions = json.loads(out)["versions"]
    assert [v["action"] for v in versions] == ["incident", "counts", "counts", "add", "set", "start"]
    assert {v["author"] for v in versions} == {"S001"} and all(v["author_name"] for v in versions)
    assert versions[4]["system_id"] == "law"
    assert versions[4]["changes"] == [{"field": "status", "old": "unknown", "new": "operational"}]
    code, out, _ = run("status", "desk", "list", "--json")
    doc = json.loads(out)
    assert doc["summary"]["total"] == 709 and doc["summary"]["by_grade"]["1"]["as_of"].startswith("2025-10-31T12:00")
    assert any(s["id"] == "city-desk" for s in doc["systems"])

    # undo: publish the version before the system was added
    pub = tmp_path / "pub"
    set_version = versions[4]["version"]
    code, out, err = run(*SUPERVISOR, "status", "publish", "--out", str(pub), "--version", str(set_version), "--json")
    assert code == 0, err
    published = json.loads((pub / "feed.json").read_text(encoding="utf-8"))
    assert not any(s["id"] == "city-desk" for s in published["systems"])
    code, out, _ = run("status", "desk", "history", "--json")
    latest = json.loads(out)["versions"][0]
    assert latest["action"] == "revert" and latest["published_at"]
    code, out, _ = run("audit", "list", "--json")
    assert "status.desk" in out and "status.publish" in out and "부산시 임시" not in out


def test_serve_status_feed_as_a_process(tmp_path):
    """`counter-app serve status-feed` as district IT runs it: says where it listens, serves the
    folder, stops on SIGINT (exit 0); a missing folder is one sentence and exit 1."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pub = tmp_path / "pub"
    pub.mkdir()
    (pub / "feed.json").write_bytes(b'{"systems": []}\n')
    base = [
        sys.executable,
        "-m",
        "counter_app",
        "--data-dir",
        str(tmp_path / "d"),
        "--lang",
        "en",
        "serve",
        "status-feed",
    ]
    missing = subprocess.run(
        [*base, "--dir", str(tmp_path / "nope"), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(root),
    )
    assert missing.returncode == 1 and one_sentence(missing.stderr)
    proc = subprocess.Popen(
        [*base, "--dir", str(pub), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(root),
        env=dict(os.environ),
    )
    try:
        line = proc.stdout.readline()
        url = line.split()[line.split().index("at") + 1]
        assert url.startswith("http://127.0.0.1:")  # loopback unless told otherwise
        status, headers, body = _get(url)
        assert status == 200 and body == b'{"systems": []}\n' and headers["ETag"]
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(20) == 0
        proc.stdout.close()
        proc.stderr.close()
