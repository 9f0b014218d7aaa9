"""The office root and terminal certificates (contracts.md §4) and the signer the others build on:
what the certificates say, ES256 in both encodings, chain verification and its refusals, and
where the keys are kept (a 0600 key file, never the database)."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from conftest import PASSPHRASE
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from counter_app import pki
from counter_app.errors import UserError

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
OFFICE = ("2611051000", "부산광역시 중구 중앙동 행정복지센터")


@pytest.fixture(scope="module")
def root():
    return pki.create_root(*OFFICE, NOW)


def terminal(root, name="T1", at=NOW):
    root_key, root_cert = root
    key = pki.generate_key()
    return key, pki.issue_terminal_certificate(root_key, root_cert, name, key.public_key(), at)


def test_root_is_a_self_signed_p256_ca_with_path_length_zero(root):
    key, cert = root
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey) and cert.public_key().curve.name == "secp256r1"
    bc = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca and bc.value.path_length == 0
    assert cert.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    cert.verify_directly_issued_by(cert)  # self-signed
    assert pki.certificate_identity(cert) == ("2611051000", None)
    assert OFFICE[1] in cert.subject.rfc4514_string()


def test_terminal_certificate_names_office_and_terminal_and_lasts_at_most_a_year(root):
    _, cert = terminal(root, "T2")
    _, other = terminal(root, "T2")
    assert pki.certificate_identity(cert) == ("2611051000", "T2")
    assert cert.not_valid_after_utc - cert.not_valid_before_utc <= dt.timedelta(days=365)
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert ku.critical and ku.value.digital_signature and not ku.value.key_cert_sign
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cert.serial_number != other.serial_number and cert.serial_number.bit_length() > 64
    cert.verify_directly_issued_by(root[1])


def test_signer_gives_raw_and_der_es256_and_its_chain(root):
    key, cert = terminal(root)
    signer = pki.TerminalSigner(key, cert, root[1])
    raw = signer.sign(b"payload")
    der = signer.sign_der(b"payload")
    assert len(raw) == 64 and der[0] == 0x30  # r||s for COSE/JWS; an ECDSA-Sig-Value for CMS
    assert pki.verify_es256(cert, raw, b"payload") and pki.verify_es256(cert, der, b"payload")
    assert pki.der_to_raw(pki.raw_to_der(raw)) == raw
    assert not pki.verify_es256(cert, raw, b"payload!")
    assert signer.certificate_chain() == [cert, root[1]]
    assert [x509.load_der_x509_certificate(d) for d in signer.certificate_chain_der()] == [cert, root[1]]


def test_signer_refuses_a_key_that_is_not_the_certificates(root):
    _, cert = terminal(root)
    with pytest.raises(UserError) as err:
        pki.TerminalSigner(pki.generate_key(), cert, root[1])
    assert "does not match" in err.value.text("en")


def test_verify_chain_accepts_a_good_chain(root):
    _, cert = terminal(root)
    chain = pki.verify_chain([pki.to_der(cert), pki.to_der(root[1])], [pki.to_der(root[1])], at=NOW)
    assert (chain.office_code, chain.terminal, chain.root) == ("2611051000", "T1", root[1])


@pytest.mark.parametrize(
    "case, reason",
    [
        ("other_root", pki.UNKNOWN_ISSUER),
        ("expired", pki.EXPIRED),
        ("not_yet_valid", pki.NOT_YET_VALID),
        ("revoked", pki.REVOKED),
        ("root_as_leaf", pki.NOT_A_SIGNING_CERTIFICATE),
        ("garbage", pki.MALFORMED),
    ],
)
def test_verify_chain_refusals(root, case, reason):
    _, cert = terminal(root)
    trusted, chain, kwargs = [root[1]], [cert], {"at": NOW}
    if case == "other_root":
        trusted = [pki.create_root(*OFFICE, NOW)[1]]  # same name, another key: a forger's root
    elif case == "expired":
        kwargs["at"] = NOW + dt.timedelta(days=366)
    elif case == "not_yet_valid":
        kwargs["at"] = NOW - dt.timedelta(days=1)
    elif case == "revoked":
        kwargs["revoked_serials"] = {cert.serial_number}
    elif case == "root_as_leaf":
        chain = [root[1]]
    elif case == "garbage":
        chain = [b"not a certificate"]
    with pytest.raises(pki.ChainError) as err:
        pki.verify_chain(chain, trusted, **kwargs)
    assert err.value.reason == reason and err.value.text("en").endswith(".")


def test_root_key_is_only_stored_under_the_passphrase(root):
    key, _ = root
    blob = pki.encrypt_root_key(key, PASSPHRASE)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    assert der not in blob and key.private_numbers().private_value.to_bytes(32, "big") not in blob
    assert pki.decrypt_root_key(blob, PASSPHRASE).private_numbers() == key.private_numbers()
    with pytest.raises(UserError) as err:
        pki.decrypt_root_key(blob, "wrong passphrase")
    assert err.value.text("en") == "The supervisor passphrase is wrong."


def test_key_file_is_private_exclusive_and_reloaded_when_replaced(root, tmp_path):
    path = pki.terminal_key_path(tmp_path)
    key, cert = terminal(root)
    staged = pki.stage_terminal_key(path, key, cert, root[1])
    assert stat.S_IMODE(os.stat(staged).st_mode) == 0o600
    pki.install_terminal_key(staged, path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and not list(tmp_path.glob(".*.new"))
    provider = pki.SignerProvider(path)
    assert provider().serial == cert.serial_number and provider() is provider()  # read once
    key2, cert2 = terminal(root)
    pki.install_terminal_key(pki.stage_terminal_key(path, key2, cert2, root[1]), path)
    assert provider().serial == cert2.serial_number  # another process renewed it: seen at once
    path.unlink()
    assert provider() is None
    with pytest.raises(UserError, match="office certificate issue"):
        provider.require()


def test_damaged_key_file_is_refused(tmp_path):
    path = pki.terminal_key_path(tmp_path)
    path.write_bytes(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    with pytest.raises(UserError) as err:
        pki.load_terminal_signer(path)
    assert "damaged" in err.value.text("en")
    assert pki.SignerProvider(path)() is None


def test_office_keeps_the_signing_key_out_of_the_database(office_ctx):
    """A clerk signs without the supervisor, from the 0600 key file; a copied database alone
    holds no usable private key (the root is under the passphrase, the terminal key not there)."""
    signer = office_ctx.office.terminal_signer()
    assert pki.verify_es256(signer.certificate, signer.sign(b"x"), b"x")
    path = office_ctx.office.key_path
    assert path.parent == office_ctx.paths.root and stat.S_IMODE(path.stat().st_mode) == 0o600
    secret = signer._key.private_numbers().private_value.to_bytes(32, "big")
    pem = signer._key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for name in os.listdir(office_ctx.paths.root):
        p = office_ctx.paths.root / name
        if p.is_file() and p != path:
            data = p.read_bytes()
            assert secret not in data and pem not in data, name
    office = office_ctx.office.require()
    chain = pki.verify_chain(signer.certificate_chain(), [office.root_certificate], at=NOW)
    assert (chain.office_code, chain.terminal) == ("2611051000", "T1")


def test_signing_the_audit_anchor_needs_no_x509_parsing(office_dir):
    """Every intake signs the anchor: that path loads the key file without importing
    cryptography.x509 (30-70 ms on the first intake of a process, measured)."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; sys.path.insert(0, 'tests'); from counter_app.app import open_context; "
        "from counter_app.actor import Actor; from helpers.intake import PETITION_DOC; "
        f"ctx = open_context({str(office_dir)!r}); ctx.queue.submit(Actor('C001', 'x'), PETITION_DOC); "
        "from counter_app.offline.audit import anchor_path_for_database, read_anchor; "
        "assert read_anchor(anchor_path_for_database(ctx.paths.database)).signed; "
        "print('cryptography.x509' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "False"
