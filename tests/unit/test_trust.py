"""The trust store (counter_app/trust.py): the own root always trusted, other offices' roots
imported from PEM (several per file, CRLs beside them), audited; verify() names who signed or why not."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from counter_app import pki
from counter_app.errors import UserError

PASSPHRASE = "correct horse battery"  # the office_ctx passphrase of tests/conftest.py
NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def _office(code="2611052000", name="부산광역시 중구 동광동 행정복지센터", terminal="T9"):
    root_key, root = pki.create_root(code, name, NOW - dt.timedelta(days=1))
    key = pki.generate_key()
    cert = pki.issue_terminal_certificate(root_key, root, terminal, key.public_key(), NOW - dt.timedelta(days=1))
    return root_key, root, key, cert


def _crl(root_key, root, serials):
    b = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.subject)
        .last_update(NOW - dt.timedelta(hours=1))
        .next_update(NOW + dt.timedelta(days=30))
    )
    for serial in serials:
        b = b.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(NOW - dt.timedelta(hours=1)).build()
        )
    return b.sign(root_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def test_own_root_is_trusted_and_names_the_terminal(office_ctx):
    signer = office_ctx.office.terminal_signer()
    who = office_ctx.trust.verify(signer.certificate_chain_der())
    assert (who.office_code, who.terminal, who.own_office) == ("2611051000", "T1", True)
    listed = office_ctx.trust.list()
    assert listed[0]["own_office"] and listed[0]["office_code"] == "2611051000"


def test_other_office_is_unknown_until_its_root_is_added_then_audited(office_ctx):
    _, root, _, cert = _office()
    with pytest.raises(pki.ChainError) as err:
        office_ctx.trust.verify([pki.to_der(cert)])
    assert err.value.reason == pki.UNKNOWN_ISSUER
    _, root2, _, _ = _office("2611053000", "부산광역시 중구 영주제1동 행정복지센터")
    results = office_ctx.trust.add("S001", pki.to_pem(root) + pki.to_pem(root2))  # one file, two roots
    assert [r["result"] for r in results] == ["added", "added"]
    who = office_ctx.trust.verify([pki.to_der(cert)])
    assert (who.office_code, who.terminal, who.own_office) == ("2611052000", "T9", False)
    assert office_ctx.trust.add("S001", pki.to_pem(root))[0]["result"] == "already_trusted"
    own = office_ctx.office.root_certificate_pem()
    assert office_ctx.trust.add("S001", own)[0]["result"] == "own_office"
    assert len(office_ctx.trust.list()) == 3
    with office_ctx.db.read() as s:
        from sqlalchemy import select

        from counter_app.offline.models import AuditEntry

        actions = [a for (a,) in s.execute(select(AuditEntry.action))]
    assert actions.count("trust.add") == 3


def test_revoked_by_imported_crl_and_by_own_revocation(office_ctx):
    root_key, root, _, cert = _office()
    office_ctx.trust.add("S001", pki.to_pem(root) + _crl(root_key, root, [cert.serial_number]))
    with pytest.raises(pki.ChainError) as err:
        office_ctx.trust.verify([pki.to_der(cert)])
    assert err.value.reason == pki.REVOKED
    chain = office_ctx.office.terminal_signer().certificate_chain_der()
    office_ctx.office.revoke_certificate(PASSPHRASE, "S001", "lost laptop")
    with pytest.raises(pki.ChainError) as err:
        office_ctx.trust.verify(chain)
    assert err.value.reason == pki.REVOKED


def test_expired_and_refusals(office_ctx):
    _, root, _, cert = _office()
    office_ctx.trust.add("S001", pki.to_pem(root))
    with pytest.raises(pki.ChainError) as err:
        office_ctx.trust.verify([pki.to_der(cert)], at=NOW + dt.timedelta(days=400))
    assert err.value.reason == pki.EXPIRED
    with pytest.raises(UserError):
        office_ctx.trust.add("S001", pki.to_pem(cert))  # a terminal certificate is no root
    with pytest.raises(UserError):
        office_ctx.trust.add("S001", b"nothing here")
    other_key, other_root, _, _ = _office("2611054000", "x")
    with pytest.raises(UserError):  # a CRL signed by no root in the file or the store
        office_ctx.trust.add("S001", _crl(other_key, other_root, [1]))
