"""The trust store: which office root certificates this installation believes (contracts.md §4).
Qt-free; used by document verification and by the status desk's signed feeds.

- The own office's root (the `office` row) is always trusted, with the office's own revocation
  list (table terminal_certificates).
- Other offices' roots are imported by a supervisor from a PEM file (`documents trust add F.pem`;
  the file may hold several roots, and X509 CRL blocks signed by one of them, whose revoked
  serials are kept with that root). They live in the database (table trusted_roots, migration
  0007) — the data directory's files are 0600 — and every import is audited.
- `verify(chain, at)` says who signed (office code, office name, terminal) or raises
  pki.ChainError naming why not: unknown_issuer, revoked, expired, not_yet_valid, bad_signature,
  not_a_signing_certificate, malformed. Revocation is checked before the validity period, so a
  revoked certificate is called revoked even after it has expired.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from counter_app import pki
from counter_app.clock import Clock, system_clock, to_kst
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.offline.models import Office, TrustedRoot

if TYPE_CHECKING:
    from cryptography import x509

    from counter_app.offline.audit import AuditLog
    from counter_app.offline.db import Database

NO_CERTIFICATES = Msg(
    "파일에 인증서가 없습니다(PEM 형식의 'CERTIFICATE' 블록이 필요합니다).",
    "The file holds no certificate (a PEM 'CERTIFICATE' block is needed).",
)
NOT_A_ROOT = Msg(
    "사무소 루트 인증서가 아닙니다(자체 서명된 CA 인증서만 신뢰할 수 있습니다).",
    "This is not an office root certificate (only a self-signed CA certificate can be trusted).",
)
ROOT_EXPIRED = Msg("이 루트 인증서는 유효 기간이 지났습니다.", "This root certificate has expired.")
BAD_CRL = Msg(
    "인증서 폐지 목록(CRL)이 어느 루트 인증서로도 서명되지 않았습니다.",
    "A certificate revocation list (CRL) in the file is not signed by any of its root certificates.",
)


@dataclass(frozen=True)
class SignedBy:
    """Who signed: the terminal certificate's office and terminal, and the root it chains to."""

    office_code: str | None
    office_name: str | None
    terminal: str | None
    own_office: bool
    root_fingerprint: str
    certificate_serial: str  # hex

    def as_json(self) -> dict:
        return {
            "office_code": self.office_code,
            "office_name": self.office_name,
            "terminal": self.terminal,
            "own_office": self.own_office,
            "root_fingerprint": self.root_fingerprint,
            "certificate_serial": self.certificate_serial,
        }


@dataclass(frozen=True)
class _Root:
    cert: x509.Certificate
    fingerprint: str
    revoked: frozenset[int]
    own: bool


def _name_of(cert: x509.Certificate) -> str | None:
    from cryptography.x509.oid import NameOID

    values = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    value = values[0].value if values else None
    return value if isinstance(value, str) else None


def _check_root(cert: x509.Certificate, now: dt.datetime) -> None:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    try:
        bc = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        cert.verify_directly_issued_by(cert)
    except (x509.ExtensionNotFound, ValueError, TypeError, InvalidSignature):
        raise UserError(NOT_A_ROOT) from None
    if not bc.ca or cert.subject != cert.issuer:
        raise UserError(NOT_A_ROOT)
    if now > cert.not_valid_after_utc:
        raise UserError(ROOT_EXPIRED)


def _crls(data: bytes) -> list:
    from cryptography import x509

    out = []
    for m in pki._PEM_BLOCK.finditer(data):
        if m.group(1) == b"X509 CRL":
            try:
                out.append(x509.load_pem_x509_crl(m.group(0)))
            except ValueError:
                raise UserError(BAD_CRL) from None
    return out


class TrustStore:
    def __init__(self, db: Database, audit: AuditLog, clock: Clock = system_clock):
        self._db = db
        self._audit = audit
        self._clock = clock

    # ---------------------------------------------------------------- reading
    def _roots(self) -> builtins.list[_Root]:
        with self._db.read() as s:
            office = s.execute(select(Office)).scalar_one_or_none()
            rows = s.execute(select(TrustedRoot).order_by(TrustedRoot.id)).scalars().all()
            own_der = office.root_certificate if office is not None else None
            from counter_app.offline.models import TerminalCertificate

            own_revoked = frozenset(
                int(serial, 16)
                for (serial,) in s.execute(
                    select(TerminalCertificate.serial).where(TerminalCertificate.revoked_at.is_not(None))
                )
            )
            others = [(r.certificate, r.revoked_serials) for r in rows]
        roots: builtins.list[_Root] = []
        if own_der is not None:
            roots.append(_Root(pki.load_certificate(own_der), pki.fingerprint(own_der), own_revoked, True))
        for der, revoked in others:
            serials = frozenset(int(x, 16) for x in json.loads(revoked)) if revoked else frozenset()
            roots.append(_Root(pki.load_certificate(der), pki.fingerprint(der), serials, False))
        return roots

    def root_certificates(self) -> builtins.list[x509.Certificate]:
        """Every trusted root, the own office's first."""
        return [r.cert for r in self._roots()]

    def list(self) -> builtins.list[dict]:
        """The trusted roots for `documents trust list` (own office first); no secrets."""
        out = []
        with self._db.read() as s:
            added = {
                r.fingerprint: (r.added_at, r.added_by, r.revoked_serials)
                for r in s.execute(select(TrustedRoot)).scalars()
            }
        for root in self._roots():
            code, _ = pki.certificate_identity(root.cert)
            at, by, _revoked = added.get(root.fingerprint, (None, None, None))
            out.append(
                {
                    "office_code": code,
                    "office_name": _name_of(root.cert),
                    "fingerprint": root.fingerprint,
                    "own_office": root.own,
                    "not_after": to_kst(root.cert.not_valid_after_utc).isoformat(),
                    "added_at": to_kst(at).isoformat() if at else None,
                    "added_by": by,
                    "revoked_terminal_certificates": len(root.revoked),
                }
            )
        return out

    # ---------------------------------------------------------------- verifying
    def verify(self, chain: Sequence[pki.CertLike], at: dt.datetime | None = None) -> SignedBy:
        """Who signed with chain[0] at `at` (default now); pki.ChainError naming why not."""
        at = at or self._clock()
        roots = self._roots()
        found = pki.verify_chain(chain, [r.cert for r in roots], check_validity=False)
        root = next(r for r in roots if r.cert == found.root)
        if found.certificate.serial_number in root.revoked:
            raise pki.ChainError(pki.REVOKED)
        pki.verify_chain(chain, [root.cert], at=at)  # the validity periods of leaf and root
        return SignedBy(
            found.office_code,
            _name_of(found.certificate),
            found.terminal,
            root.own,
            root.fingerprint,
            pki.serial_hex(found.certificate),
        )

    # ---------------------------------------------------------------- importing
    def add(self, operator: str, pem: bytes) -> builtins.list[dict]:
        """Trust the root certificates in `pem` (and take the revocations of CRLs in it signed by
        one of them, or by a root trusted already). Returns one entry per root: added / already
        trusted / own office. Audited ('trust.add', fingerprints only)."""
        from cryptography.hazmat.primitives.asymmetric import ec

        now = self._clock()
        certs = pki.load_pem_certificates(pem)
        crls = _crls(pem)
        if not certs and not crls:
            raise UserError(NO_CERTIFICATES)
        for cert in certs:
            _check_root(cert, now)
        known = {r.fingerprint: r for r in self._roots()}
        candidates = {pki.fingerprint(c): c for c in certs}
        for fp, r in known.items():
            candidates.setdefault(fp, r.cert)
        revocations: dict[str, set[str]] = {}
        for crl in crls:
            issuer_fp = next(
                (
                    fp
                    for fp, c in candidates.items()
                    if c.subject == crl.issuer
                    and isinstance(c.public_key(), ec.EllipticCurvePublicKey)
                    and crl.is_signature_valid(c.public_key())
                ),
                None,
            )
            if issuer_fp is None:
                raise UserError(BAD_CRL)
            revocations.setdefault(issuer_fp, set()).update(format(rc.serial_number, "x") for rc in crl)
        results: builtins.list[dict] = []
        with self._db.write() as s:
            rows = {r.fingerprint: r for r in s.execute(select(TrustedRoot)).scalars()}
            for fp, cert in candidates.items():
                in_file = fp in {pki.fingerprint(c) for c in certs}
                own = known.get(fp) is not None and known[fp].own
                if own:
                    if in_file:
                        results.append(self._entry(cert, fp, "own_office"))
                    continue
                row = rows.get(fp)
                if row is None and in_file:
                    row = TrustedRoot(
                        fingerprint=fp,
                        office_code=pki.certificate_identity(cert)[0],
                        office_name=_name_of(cert),
                        certificate=pki.to_der(cert),
                        not_after=cert.not_valid_after_utc,
                        added_at=now,
                        added_by=operator,
                    )
                    s.add(row)
                    results.append(self._entry(cert, fp, "added"))
                elif in_file:
                    results.append(self._entry(cert, fp, "already_trusted"))
                if row is not None and fp in revocations:
                    old = set(json.loads(row.revoked_serials)) if row.revoked_serials else set()
                    row.revoked_serials = json.dumps(sorted(old | revocations[fp]))
                    row.crl_updated_at = now
            s.flush()
            self._audit.append(
                s,
                operator,
                "trust.add",
                detail={
                    "roots": [
                        {"fingerprint": r["fingerprint"], "office_code": r["office_code"], "result": r["result"]}
                        for r in results
                    ],
                    "crl_revocations": {fp: len(v) for fp, v in revocations.items()},
                },
            )
        return results

    @staticmethod
    def _entry(cert: x509.Certificate, fp: str, result: str) -> dict:
        return {
            "office_code": pki.certificate_identity(cert)[0],
            "office_name": _name_of(cert),
            "fingerprint": fp,
            "result": result,
        }
