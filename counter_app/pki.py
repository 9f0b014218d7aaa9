"""The office root certificate and the per-terminal signing keys (contracts.md §4). Qt-free.

- Each office has a **root key** (ECDSA P-256) and a self-signed X.509 **root certificate**: a CA
  with path length 0, subject C=KR, O=<office name>, serialNumber=<10-digit 행정동 code>,
  CN="<code> root". Its private key is stored in the office row encrypted under the supervisor
  passphrase (security.encrypt_private_key: Argon2id-derived key, AES-256-GCM), like the office
  sealing key. Only a supervisor who gives the passphrase can issue, renew or revoke.
- Each terminal has its own **signing key** (ECDSA P-256) and an X.509 certificate issued by that
  root: subject C=KR, O=<office name>, serialNumber=<code>, UID=<terminal id>, CN="<code>-<terminal>";
  valid for at most one year; keyUsage digitalSignature (critical); not a CA; a random serial.

Why the terminal signing key is stored in clear, in a 0600 file (`terminal-key.pem` in the data
directory), and not under the passphrase: a clerk must sign without a supervisor — every audit
anchor, every printed receipt's QR code and PDF signature — so the program has to use the key
unattended. The file is created with mode 0600 (os.open with O_CREAT|O_EXCL, then renamed into
place), so another OS account on the machine cannot read it, and it is not in the database, so a
copied database alone carries no signing key and cannot forge an anchor or a document. What it
does not stop: someone who can act as this OS account (or root) can read the key and sign; the
remedy is revocation (`office certificate revoke`), which needs the supervisor passphrase.

The file is a PEM bundle: the private key (PKCS#8), this terminal's certificate and the root
certificate, so signing needs no database read. The database keeps the issued certificates and
the revocation list (table terminal_certificates), which `audit verify` and document verifiers read.

Signatures are ES256: `TerminalSigner.sign()` gives r‖s (64 bytes) for COSE and JWS,
`sign_der()` the DER form that CMS/PAdES wants; `verify_es256()` accepts either.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import importlib
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from counter_app.errors import UserError
from counter_app.i18n import Msg


class _Lazy:
    """A module imported on first use: cryptography.x509 costs 30-70 ms to import, and signing an
    audit anchor (every intake) needs only the key and the certificate's bytes, never X.509 parsing."""

    def __init__(self, name: str, member: str | None = None):
        self._name, self._member = name, member

    def __getattr__(self, attr: str) -> Any:
        target = importlib.import_module(self._name)
        return getattr(getattr(target, self._member) if self._member else target, attr)


if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.x509.oid import NameOID
else:
    x509 = _Lazy("cryptography.x509")
    NameOID = _Lazy("cryptography.x509.oid", "NameOID")

log = logging.getLogger(__name__)

TERMINAL_KEY_FILE = "terminal-key.pem"
ROOT_VALIDITY = dt.timedelta(days=3650)
TERMINAL_VALIDITY = dt.timedelta(days=365)  # contracts.md §4: at most one year
RENEW_BEFORE = dt.timedelta(days=30)  # a supervisor unlock renews a certificate this close to its end
_BACKDATE = dt.timedelta(minutes=5)  # tolerate a terminal clock a little behind the issuer's
_ES256 = ec.ECDSA(hashes.SHA256())
_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----\r?\n?", re.S)

CertLike = Union["x509.Certificate", bytes]

# reasons a chain does not verify (ChainError.reason)
UNKNOWN_ISSUER = "unknown_issuer"
BAD_SIGNATURE = "bad_signature"
EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"
REVOKED = "revoked"
NOT_A_SIGNING_CERTIFICATE = "not_a_signing_certificate"
MALFORMED = "malformed"

_CHAIN_MESSAGES = {
    UNKNOWN_ISSUER: Msg(
        "서명한 단말기의 인증서가 신뢰하는 사무소 루트 인증서로 발급된 것이 아닙니다.",
        "The signing terminal's certificate was not issued by a trusted office root certificate.",
    ),
    BAD_SIGNATURE: Msg("서명이 맞지 않습니다.", "The signature does not match."),
    EXPIRED: Msg(
        "서명한 단말기의 인증서가 서명 시각에 이미 만료되었습니다.",
        "The signing terminal's certificate had expired at the time of signing.",
    ),
    NOT_YET_VALID: Msg(
        "서명한 단말기의 인증서가 서명 시각에 아직 유효하지 않았습니다.",
        "The signing terminal's certificate was not yet valid at the time of signing.",
    ),
    REVOKED: Msg("서명한 단말기의 인증서는 폐지되었습니다.", "The signing terminal's certificate has been revoked."),
    NOT_A_SIGNING_CERTIFICATE: Msg(
        "서명한 인증서는 단말기 서명용 인증서가 아닙니다.",
        "The signing certificate is not a terminal signing certificate.",
    ),
    MALFORMED: Msg("인증서를 읽을 수 없습니다.", "A certificate cannot be read."),
}

NO_TERMINAL_KEY = Msg(
    "이 단말기에는 서명 키가 없습니다. 감독자가 'counter-app office certificate issue'로 발급하십시오.",
    "This terminal has no signing key; a supervisor must issue one with 'counter-app office certificate issue'.",
)


class ChainError(UserError):
    """A certificate chain or a signature did not verify; `reason` is one of the codes above."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(_CHAIN_MESSAGES.get(reason, _CHAIN_MESSAGES[MALFORMED]))


# ---------------------------------------------------------------- keys and certificates
def generate_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _office_attributes(office_code: str, office_name: str) -> list[x509.NameAttribute]:
    return [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "KR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, office_name),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, office_code),
    ]


def root_name(office_code: str, office_name: str) -> x509.Name:
    return x509.Name(
        [*_office_attributes(office_code, office_name), x509.NameAttribute(NameOID.COMMON_NAME, f"{office_code} root")]
    )


def terminal_name(office_code: str, office_name: str, terminal: str) -> x509.Name:
    return x509.Name(
        [
            *_office_attributes(office_code, office_name),
            x509.NameAttribute(NameOID.USER_ID, terminal),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{office_code}-{terminal}"),
        ]
    )


def _utc_seconds(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def create_root(
    office_code: str, office_name: str, now: dt.datetime
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A new office root key and its self-signed CA certificate (path length 0)."""
    key = generate_key()
    name = root_name(office_code, office_name)
    start = _utc_seconds(now) - _BACKDATE
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + ROOT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue_terminal_certificate(
    root_key: ec.EllipticCurvePrivateKey,
    root_cert: x509.Certificate,
    terminal: str,
    public_key: ec.EllipticCurvePublicKey,
    now: dt.datetime,
) -> x509.Certificate:
    """A terminal certificate signed by the root: valid for at most a year (and never past the root)."""
    office_code, _ = certificate_identity(root_cert)
    office_name = _attribute(root_cert.subject, NameOID.ORGANIZATION_NAME) or ""
    start = _utc_seconds(now) - _BACKDATE
    end = min(start + TERMINAL_VALIDITY, root_cert.not_valid_after_utc)
    if end <= start:
        raise UserError(
            Msg(
                "사무소 루트 인증서가 만료되어 단말기 인증서를 발급할 수 없습니다.",
                "The office root certificate has expired; no terminal certificate can be issued.",
            )
        )
    return (
        x509.CertificateBuilder()
        .subject_name(terminal_name(office_code or "", office_name, terminal))
        .issuer_name(root_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )


def encrypt_root_key(key: ec.EllipticCurvePrivateKey, passphrase: str) -> bytes:
    from counter_app.security import encrypt_private_key

    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return encrypt_private_key(der, passphrase)


def decrypt_root_key(blob: bytes, passphrase: str) -> ec.EllipticCurvePrivateKey:
    """The root key; UserError (wrong passphrase) when it does not open."""
    from counter_app.security import decrypt_private_key

    key = serialization.load_der_private_key(decrypt_private_key(blob, passphrase), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise UserError(Msg("알 수 없는 키 형식입니다.", "Unknown key format."))
    return key


# ---------------------------------------------------------------- reading certificates
def _attribute(name: x509.Name, oid) -> str | None:
    values = name.get_attributes_for_oid(oid)
    value = values[0].value if values else None
    return value if isinstance(value, str) else None


def certificate_identity(cert: x509.Certificate) -> tuple[str | None, str | None]:
    """(office code, terminal id) named by a certificate's subject; terminal is None for a root."""
    return _attribute(cert.subject, NameOID.SERIAL_NUMBER), _attribute(cert.subject, NameOID.USER_ID)


def load_certificate(data: CertLike) -> x509.Certificate:
    """A certificate from DER bytes (or one already loaded); ChainError(MALFORMED) otherwise."""
    if isinstance(data, x509.Certificate):
        return data
    try:
        return x509.load_der_x509_certificate(bytes(data))
    except (ValueError, TypeError):
        raise ChainError(MALFORMED) from None


def load_pem_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM file (an office's export may hold several roots)."""
    certs = []
    for m in _PEM_BLOCK.finditer(data):
        if m.group(1) == b"CERTIFICATE":
            try:
                certs.append(x509.load_pem_x509_certificate(m.group(0)))
            except ValueError:
                raise ChainError(MALFORMED) from None
    return certs


def to_der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def to_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def fingerprint(cert: CertLike) -> str:
    """SHA-256 of the DER certificate, hex."""
    return hashlib.sha256(to_der(load_certificate(cert))).hexdigest()


def serial_hex(cert: x509.Certificate) -> str:
    return format(cert.serial_number, "x")


# ---------------------------------------------------------------- ES256 signatures
def raw_to_der(signature: bytes) -> bytes:
    if len(signature) != 64:
        raise ValueError("an ES256 raw signature is 64 bytes")
    return encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))


def der_to_raw(signature: bytes) -> bytes:
    r, s = decode_dss_signature(signature)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def verify_es256(cert: CertLike, signature: bytes, data: bytes) -> bool:
    """Whether `signature` (r‖s or DER) over `data` was made by the key of `cert`."""
    key = load_certificate(cert).public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):
        return False
    try:
        der = raw_to_der(signature) if len(signature) == 64 else signature
        key.verify(der, data, _ES256)
        return True
    except (InvalidSignature, ValueError):
        return False


# ---------------------------------------------------------------- verifying a chain
@dataclass(frozen=True)
class VerifiedChain:
    certificate: x509.Certificate  # the terminal (signing) certificate
    root: x509.Certificate  # the trusted root it chains to
    office_code: str | None
    terminal: str | None


def verify_chain(
    cert_chain: Sequence[CertLike],
    trusted_roots: Iterable[CertLike],
    *,
    at: dt.datetime | None = None,
    revoked_serials: Iterable[int] = (),
    check_validity: bool = True,
) -> VerifiedChain:
    """Check that cert_chain[0] (a terminal certificate; a root after it may be given and is
    ignored) was issued by one of `trusted_roots`, both valid at `at` (default now), the leaf a
    signing certificate and its serial not in `revoked_serials`. Raises ChainError naming why.
    `check_validity=False` skips the validity periods (the audit anchor: a statement about the
    current state of this terminal's own log, where issuer, signature and revocation matter)."""
    if not cert_chain:
        raise ChainError(MALFORMED)
    leaf = load_certificate(cert_chain[0])
    at = at or dt.datetime.now(dt.UTC)
    root = None
    for candidate in (load_certificate(r) for r in trusted_roots):
        if candidate.subject != leaf.issuer:
            continue
        try:
            leaf.verify_directly_issued_by(candidate)
        except (ValueError, TypeError, InvalidSignature):
            continue
        root = candidate
        break
    if root is None:
        raise ChainError(UNKNOWN_ISSUER)
    try:
        root_bc = root.extensions.get_extension_for_class(x509.BasicConstraints).value
        leaf_bc = leaf.extensions.get_extension_for_class(x509.BasicConstraints).value
        leaf_ku = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise ChainError(NOT_A_SIGNING_CERTIFICATE) from None
    if (
        not root_bc.ca
        or leaf_bc.ca
        or not leaf_ku.digital_signature
        or not isinstance(leaf.public_key(), ec.EllipticCurvePublicKey)
    ):
        raise ChainError(NOT_A_SIGNING_CERTIFICATE)
    for cert in (leaf, root) if check_validity else ():
        if at < cert.not_valid_before_utc:
            raise ChainError(NOT_YET_VALID)
        if at > cert.not_valid_after_utc:
            raise ChainError(EXPIRED)
    if leaf.serial_number in set(revoked_serials):
        raise ChainError(REVOKED)
    office_code, terminal = certificate_identity(leaf)
    return VerifiedChain(leaf, root, office_code, terminal)


# ---------------------------------------------------------------- the terminal's signer
class TerminalSigner:
    """Signs with this terminal's key; carries its certificate chain [terminal, root].

    `certificate` and `root` may be given as x509 objects (then the key is checked against the
    certificate at once) or as DER bytes, as the key file provides them: the audit anchor, signed
    on every commit, then never pays for X.509 parsing; reading `.certificate` parses and checks."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey, certificate: CertLike, root: CertLike):
        self._key = private_key
        self._certificate: x509.Certificate | None = None
        self._root: x509.Certificate | None = None
        if isinstance(certificate, (bytes, bytearray)):
            self.certificate_der = bytes(certificate)
        else:
            self._certificate = certificate
            self.certificate_der = to_der(certificate)
        if isinstance(root, (bytes, bytearray)):
            self._root_der = bytes(root)
        else:
            self._root, self._root_der = root, to_der(root)
        self.certificate_b64 = base64.b64encode(self.certificate_der).decode("ascii")  # reused by every anchor
        if self._certificate is not None:
            self._check(self._certificate)

    def _check(self, cert: x509.Certificate) -> None:
        cert_key = cert.public_key()
        if (
            not isinstance(cert_key, ec.EllipticCurvePublicKey)
            or self._key.public_key().public_numbers() != cert_key.public_numbers()
        ):
            raise UserError(
                Msg(
                    "단말기 서명 키와 인증서가 맞지 않습니다.",
                    "The terminal signing key does not match its certificate.",
                )
            )

    @property
    def certificate(self) -> x509.Certificate:
        if self._certificate is None:
            cert = load_certificate(self.certificate_der)
            self._check(cert)
            self._certificate = cert
        return self._certificate

    @property
    def root(self) -> x509.Certificate:
        if self._root is None:
            self._root = load_certificate(self._root_der)
        return self._root

    @property
    def office_code(self) -> str | None:
        return certificate_identity(self.certificate)[0]

    @property
    def terminal(self) -> str | None:
        return certificate_identity(self.certificate)[1]

    def sign(self, data: bytes) -> bytes:
        """ES256 r‖s, 64 bytes (COSE_Sign1, JWS)."""
        return der_to_raw(self._key.sign(data, _ES256))

    def sign_der(self, data: bytes) -> bytes:
        """ES256 as a DER ECDSA-Sig-Value (CMS / PAdES)."""
        return self._key.sign(data, _ES256)

    def certificate_chain(self) -> list[x509.Certificate]:
        return [self.certificate, self.root]

    def certificate_chain_der(self) -> list[bytes]:
        return [self.certificate_der, self._root_der]

    @property
    def serial(self) -> int:
        return self.certificate.serial_number


def terminal_key_path(data_dir: str | os.PathLike) -> Path:
    return Path(data_dir) / TERMINAL_KEY_FILE


def _bundle(key: ec.EllipticCurvePrivateKey, cert: x509.Certificate, root: x509.Certificate) -> bytes:
    return (
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        + to_pem(cert)
        + to_pem(root)
    )


def stage_terminal_key(
    path: Path, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate, root: x509.Certificate
) -> Path:
    """Write the bundle to a new 0600 file beside `path` (O_CREAT|O_EXCL, fsynced) and return its
    name; `install_terminal_key` moves it into place once the database has committed the certificate."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _bundle(key, cert, root)
    for attempt in range(100):
        staged = path.with_name(f".{path.name}.{os.getpid()}.{attempt}.new")
        try:
            fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            continue
        try:
            os.write(fd, data)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            staged.unlink(missing_ok=True)
            raise
        os.close(fd)
        return staged
    raise UserError(Msg("단말기 서명 키 파일을 만들 수 없습니다.", "The terminal signing key file cannot be created."))


def install_terminal_key(staged: Path, path: Path) -> None:
    os.replace(staged, path)  # atomic: the old bundle or the new one, never half of one


def discard_staged_key(staged: Path | None) -> None:
    if staged is not None:
        try:
            staged.unlink()
        except OSError:
            pass


def _pem_body(block: bytes) -> bytes:
    """The DER inside one PEM block (no X.509 parsing: see TerminalSigner)."""
    lines = block.strip().splitlines()[1:-1]
    return base64.b64decode(b"".join(line.strip() for line in lines), validate=True)


def load_terminal_signer(path: Path) -> TerminalSigner:
    """The signer in the bundle at `path`; UserError when it is missing or damaged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(NO_TERMINAL_KEY) from None
    blocks: dict[bytes, list[bytes]] = {m.group(1): [] for m in _PEM_BLOCK.finditer(data)}
    for m in _PEM_BLOCK.finditer(data):
        blocks[m.group(1)].append(m.group(0))
    try:
        key = serialization.load_pem_private_key(blocks[b"PRIVATE KEY"][0], password=None)
        cert, root = (_pem_body(b) for b in blocks[b"CERTIFICATE"][:2])
    except (KeyError, IndexError, ValueError, TypeError):
        raise UserError(
            Msg("단말기 서명 키 파일이 손상되었습니다.", "The terminal signing key file is damaged.")
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise UserError(Msg("단말기 서명 키 파일이 손상되었습니다.", "The terminal signing key file is damaged."))
    return TerminalSigner(key, cert, root)


@dataclass
class SignerProvider:
    """Callable: this terminal's TerminalSigner, or None while it has none. The bundle is read once
    and read again only when the file changes (one stat per call: another process, e.g. the CLI
    renewing the certificate, may replace it while the GUI runs)."""

    path: Path
    _stamp: tuple | None = field(default=None, repr=False)
    _signer: TerminalSigner | None = field(default=None, repr=False)

    def __call__(self) -> TerminalSigner | None:
        try:
            st = os.stat(self.path)
        except OSError:
            self._stamp, self._signer = None, None
            return None
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp != self._stamp:
            try:
                self._signer = load_terminal_signer(self.path)
            except UserError:
                log.warning("the terminal signing key file is unreadable")
                self._signer = None
            self._stamp = stamp
        return self._signer

    def require(self) -> TerminalSigner:
        signer = self()
        if signer is None:
            raise UserError(NO_TERMINAL_KEY)
        return signer
