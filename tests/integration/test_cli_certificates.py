"""`counter-app office certificate …` as district IT scripts it (contracts.md §1, §4): export the
office root (PEM), list, and the supervisor's issue / renew / revoke, all audited; `audit verify
--root` with the exported root."""

from __future__ import annotations

import json

import test_cli_office
from test_cli_office import INIT, SUPERVISOR, one_sentence

from counter_app import pki

env = test_cli_office.env  # the same fixtures as the office commands' tests
run = test_cli_office.run


def test_certificate_export_writes_the_root_pem(env, run, tmp_path):
    assert run(*INIT)[0] == 0
    out_file = tmp_path / "office-root.pem"
    code, out, err = run("office", "certificate", "--out", str(out_file))
    assert code == 0, err
    (root,) = pki.load_pem_certificates(out_file.read_bytes())
    assert pki.certificate_identity(root) == ("2611051000", None) and pki.fingerprint(root) in out
    assert b"PRIVATE" not in out_file.read_bytes()
    assert run("office", "certificate")[0] == 2  # neither --out nor an action: usage


def test_certificate_export_needs_an_office(env, run, tmp_path):
    code, _, err = run("office", "certificate", "--out", str(tmp_path / "x.pem"))
    assert code == 1 and one_sentence(err) and "office init" in err


def test_list_renew_and_revoke_as_a_supervisor(env, run):
    assert run(*INIT)[0] == 0
    code, out, _ = run("office", "certificate", "list", "--json")
    (first,) = json.loads(out)["certificates"]
    assert first["terminal"] == "T1" and first["revoked_at"] is None

    code, _, err = run("office", "certificate", "renew")  # no --operator: refused, nothing issued
    assert code == 1 and one_sentence(err)
    code, out, err = run(*SUPERVISOR, "office", "certificate", "renew", "--json")
    assert code == 0, err
    renewed = json.loads(out)
    assert renewed["previous"] == first["serial"] and renewed["serial"] != first["serial"]

    code, out, err = run(*SUPERVISOR, "office", "certificate", "issue")
    assert code == 1 and "already has a valid certificate" in err

    code, out, err = run(*SUPERVISOR, "office", "certificate", "revoke", "--reason", "key copied to a USB stick")
    assert code == 0, err
    assert f"Certificate {renewed['serial']} revoked" in out and "new certificate" in out
    code, out, _ = run("office", "certificate", "list")
    lines = out.splitlines()
    assert len(lines) == 3 and sum("revoked" in line for line in lines) == 1

    code, out, _ = run("audit", "list", "--json")
    actions = [e["action"] for e in json.loads(out)["entries"]]
    assert "pki.renew" in actions and "pki.revoke" in actions
    code, out, err = run("audit", "verify")
    assert code == 0 and "signed by terminal 2611051000/T1" in out, err


def test_revoke_reason_is_checked_before_any_secret(env, run):
    assert run(*INIT)[0] == 0
    env.delenv("COUNTER_APP_PASSPHRASE")
    code, _, err = run(*SUPERVISOR, "office", "certificate", "revoke", "--reason", "  ")
    assert code == 1 and "reason" in err and "COUNTER_APP_PASSPHRASE" not in err


def test_audit_verify_fails_when_the_anchor_is_deleted(env, run, data_dir):
    assert run(*INIT)[0] == 0
    (data_dir / "counter_app.audit-anchor.json").unlink()
    code, out, err = run("audit", "verify")
    assert code == 1 and out == "" and one_sentence(err) and "anchor file is missing" in err


def test_office_show_names_the_root_fingerprint_of_the_exported_certificate(env, run, tmp_path):
    assert run(*INIT)[0] == 0
    assert run("office", "certificate", "--out", str(tmp_path / "root.pem"))[0] == 0
    (root,) = pki.load_pem_certificates((tmp_path / "root.pem").read_bytes())
    code, out, _ = run("office", "show", "--json")
    assert json.loads(out)["root_fingerprint"] == pki.fingerprint(root)
    assert f"Root certificate (SHA-256): {pki.fingerprint(root)}" in run("office", "show")[1]
