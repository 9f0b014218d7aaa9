"""Office bundles: carried by hand to another office, imported once; a tampered bundle, one signed
by an office this installation does not trust, one made for another office, and a replayed import
are each handled, naming why."""

from __future__ import annotations

import base64
import json

import pytest
from conftest import PASSPHRASE
from helpers.sync import queue_cases

from counter_app.actor import SUPERVISOR, Actor
from counter_app.errors import UserError

BOSS = Actor("S001", "박감독", SUPERVISOR)


@pytest.fixture(scope="module")
def offices(tmp_path_factory):
    """Three offices, set up once for the module (office set-up derives keys: seconds each)."""
    from counter_app.app import open_context

    root = tmp_path_factory.mktemp("bundle-offices")
    out = {}
    for name, hdong in (("a", "2611051000"), ("b", "2611052000"), ("c", "2611053000")):
        d = root / name
        ctx = open_context(d, lang="ko")
        ctx.office.init(hdong, "T1", "김담당", PASSPHRASE, operator="test")
        ctx.__dict__.pop("audit", None)
        ctx.office.unlock(PASSPHRASE, by="test")  # the terminal certificate is issued at the first unlock
        out[name] = ctx
    yield out
    for ctx in out.values():
        ctx.close()


def bundles(ctx):
    return ctx.sync.bundles(ctx.office, ctx.trust)


def test_a_bundle_carries_cases_to_another_office_once(tmp_path, offices):
    a, b = offices["a"], offices["b"]
    ids = queue_cases(a, 6, rrn_every=2)
    b.trust.add("test", a.office.root_certificate_pem())
    path = tmp_path / "cases.bundle"
    assert bundles(a).export(BOSS, PASSPHRASE, path, b.office.root_certificate_pem()) == 6
    raw = path.read_bytes()  # RRNs never in clear (names and phones travel: the bundle is for the district)
    assert b"900101-1234568" not in raw
    assert b"900101-1234568" not in base64.urlsafe_b64decode(json.loads(raw)["payload"] + "==")
    result = bundles(b).import_(BOSS, PASSPHRASE, path)
    assert result.imported == 6 and result.skipped == 0 and result.signed_by == "2611051000/T1"
    keys_b = b.office.unlock(PASSPHRASE, by="test")
    for i, case_id in enumerate(ids):
        record = b.queue.case_record(case_id)
        assert record.state == "QUEUED" and record.office_code == "2611052000"
        if i % 2 == 0:
            assert b.queue.reveal_rrn(BOSS, case_id, keys_b, "확인") == "900101-1234568"
        else:
            assert record.rrn_sealed is None
    again = bundles(b).import_(BOSS, PASSPHRASE, path)  # replayed: nothing added
    assert again.imported == 0 and again.skipped == 6
    assert b.queue.stats()["by_state"]["QUEUED"] == 6  # (the first test of the module: b was empty)
    with b.db.read() as s:
        assert b.audit.verify(s).ok


def test_a_tampered_bundle_is_refused(tmp_path, offices):
    a, b = offices["a"], offices["b"]
    queue_cases(a, 2, rrn_every=0)
    path = tmp_path / "cases.bundle"
    bundles(a).export(BOSS, PASSPHRASE, path, b.office.root_certificate_pem())
    bundle = json.loads(path.read_text())
    payload = base64.urlsafe_b64decode(bundle["payload"] + "==").replace("민원 1".encode(), "민원 9".encode())
    bundle["payload"] = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    path.write_text(json.dumps(bundle))
    before = b.queue.stats()["total"]
    with pytest.raises(UserError) as refused:
        bundles(b).import_(BOSS, PASSPHRASE, path)
    assert "changed after it was signed" in refused.value.msg.en
    assert b.queue.stats()["total"] == before


def test_a_bundle_signed_by_an_office_not_trusted_is_refused(tmp_path, offices):
    b, c = offices["b"], offices["c"]
    queue_cases(c, 2, rrn_every=0)
    path = tmp_path / "cases.bundle"
    bundles(c).export(BOSS, PASSPHRASE, path, b.office.root_certificate_pem())
    before = b.queue.stats()["total"]
    with pytest.raises(UserError) as refused:
        bundles(b).import_(BOSS, PASSPHRASE, path)
    assert "not imported" in refused.value.msg.en and b.queue.stats()["total"] == before


def test_a_bundle_for_another_office_is_refused(tmp_path, offices):
    a, b, c = offices["a"], offices["b"], offices["c"]
    queue_cases(a, 1, rrn_every=1)
    c.trust.add("test", a.office.root_certificate_pem())
    path = tmp_path / "cases.bundle"
    bundles(a).export(BOSS, PASSPHRASE, path, b.office.root_certificate_pem())  # made for b
    before = c.queue.stats()["total"]
    with pytest.raises(UserError) as refused:
        bundles(c).import_(BOSS, PASSPHRASE, path)
    assert "for another office" in refused.value.msg.en and c.queue.stats()["total"] == before


def test_export_and_import_on_the_command_line(tmp_path, offices, capsys, monkeypatch):
    from helpers.cli import run_cli
    from helpers.operators import add_operators, as_operator

    a, b = offices["a"], offices["b"]
    for ctx in (a, b, offices["c"]):
        add_operators(ctx)
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    root_b = tmp_path / "b-root.pem"
    root_b.write_bytes(b.office.root_certificate_pem())
    out = tmp_path / "to-b.bundle"
    code, stdout, err = run_cli(
        capsys,
        "--data-dir",
        str(a.paths.root),
        *as_operator(monkeypatch, "S001"),
        "export",
        "--out",
        str(out),
        "--to",
        str(root_b),
        "--json",
    )
    assert code == 0, err
    exported = json.loads(stdout)["exported"]
    code, stdout, err = run_cli(
        capsys, "--data-dir", str(b.paths.root), *as_operator(monkeypatch, "S001"), "import", str(out), "--json"
    )
    assert code == 0, err
    first = json.loads(stdout)
    assert first["imported"] + first["already_here"] == exported and first["signed_by"] == "2611051000/T1"
    code, stdout, _ = run_cli(
        capsys, "--data-dir", str(b.paths.root), "--lang", "en", *as_operator(monkeypatch, "S001"), "import", str(out)
    )
    assert code == 0 and "Imported 0" in stdout
    code, _, err = run_cli(
        capsys,
        "--data-dir",
        str(offices["c"].paths.root),
        "--lang",
        "en",
        *as_operator(monkeypatch, "S001"),
        "import",
        str(out),
    )
    assert code == 1 and "not imported" in err and err.count("\n") == 1


@pytest.fixture
def two_offices(tmp_path):
    """Two fresh offices (a revocation must not leak into the module's shared ones)."""
    from counter_app.app import open_context

    out = []
    for name, hdong in (("sender", "2611051000"), ("receiver", "2611052000")):
        ctx = open_context(tmp_path / name, lang="ko")
        ctx.office.init(hdong, "T1", "김담당", PASSPHRASE, operator="test")
        ctx.__dict__.pop("audit", None)
        ctx.office.unlock(PASSPHRASE, by="test")
        out.append(ctx)
    yield out
    for ctx in out:
        ctx.close()


def _crl_pem(office, serial: int) -> bytes:
    """A CRL signed by `office`'s root listing `serial` (what the receiving office is given with
    the sender's root certificate once the sender revoked a terminal)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    from counter_app import pki

    row = office.require()
    root_key = pki.decrypt_root_key(row.root_key_enc, PASSPHRASE)
    root = pki.load_certificate(row.root_certificate)
    now = dt.datetime.now(dt.UTC)
    revoked = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now).build()
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.subject)
        .last_update(now - dt.timedelta(minutes=1))
        .next_update(now + dt.timedelta(days=30))
        .add_revoked_certificate(revoked)
        .sign(root_key, hashes.SHA256())
    )
    return crl.public_bytes(serialization.Encoding.PEM)


def test_a_bundle_signed_by_a_revoked_terminal_certificate_is_refused_naming_why(tmp_path, two_offices):
    from counter_app import pki

    sender, receiver = two_offices
    queue_cases(sender, 3, rrn_every=1)
    path = tmp_path / "cases.bundle"
    bundles(sender).export(BOSS, PASSPHRASE, path, receiver.office.root_certificate_pem())
    signed_with = pki.load_certificate(sender.office.terminal_signer().certificate_chain_der()[0])
    # the sender's laptop is lost after the export: its terminal certificate is revoked, and the
    # receiving office takes the sender's root with the revocation list
    sender.office.revoke_certificate(PASSPHRASE, "S001", "분실된 노트북")
    receiver.trust.add(
        "S001", sender.office.root_certificate_pem() + _crl_pem(sender.office, signed_with.serial_number)
    )
    before = receiver.queue.stats()["total"]
    with pytest.raises(UserError) as refused:
        bundles(receiver).import_(BOSS, PASSPHRASE, path)
    assert refused.value.msg.en == ("The bundle was not imported: The signing terminal's certificate has been revoked.")
    assert "폐지" in refused.value.msg.ko
    assert receiver.queue.stats()["total"] == before
    # the sender's own installation refuses it too (its own revocation list), before anything else
    with pytest.raises(UserError) as own:
        bundles(sender).import_(BOSS, PASSPHRASE, path)
    assert "revoked" in own.value.msg.en
    # a bundle signed after the revocation, with the terminal's new certificate, goes in
    fresh = tmp_path / "fresh.bundle"
    assert bundles(sender).export(BOSS, PASSPHRASE, fresh, receiver.office.root_certificate_pem()) == 3
    assert bundles(receiver).import_(BOSS, PASSPHRASE, fresh).imported == 3
