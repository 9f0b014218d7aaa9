"""Protecting personal data: sealing, passphrase hashing, office keys, masking.

Sealing follows the scheme ODK uses for encrypted forms: each record gets a random content key
(AES-256-GCM); the content key is wrapped for the office's public key (X25519 + HKDF-SHA256 +
AES-256-GCM). Any counter can seal with the public key; only an unlocked supervisor, holding the
private key, can open. Every primitive sits behind `Sealer`/`Unsealer`, and every blob starts with
a suite id, so a KCMVP-validated cipher (ARIA, LEA) can replace AES without touching callers.

Signing is not here: documents, status feeds and the audit anchor are signed with the terminal's
ECDSA P-256 key under the office root certificate (counter_app/pki.py, contracts.md §4). The
Ed25519 office key below predates it; it is still generated (the office row requires it) but
nothing signs with it, because PDF validators reject Ed25519 signatures.
"""

from __future__ import annotations

import os
import re
from collections import deque
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counter_app.background import BackgroundJob
from counter_app.errors import UserError
from counter_app.i18n import Msg

SUITE_X25519_AESGCM = b"CA1"  # sealed-record format: suite | eph_pub(32) | n1(12) | wrapped | n2(12) | ct
SUITE_KEYFILE = b"CK1"  # passphrase-encrypted private key: suite | salt(16) | nonce(12) | ct

WRONG_PASSPHRASE = Msg("감독자 암호가 올바르지 않습니다.", "The supervisor passphrase is wrong.")


# ---------------------------------------------------------------- passphrases and PINs
def _hasher():
    from argon2 import PasswordHasher

    # Argon2id (PIPC notice 2023-6: salted one-way hash). ~50 ms here: slow for guessing, fine for a clerk.
    return PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=1)


def hash_secret(secret: str) -> str:
    return _hasher().hash(secret)


def verify_secret(stored_hash: str, secret: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def _kek(passphrase: str, salt: bytes) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        passphrase.encode("utf-8"), salt, time_cost=2, memory_cost=32 * 1024, parallelism=1, hash_len=32, type=Type.ID
    )


def encrypt_private_key(raw_private: bytes, passphrase: str) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    return SUITE_KEYFILE + salt + nonce + AESGCM(_kek(passphrase, salt)).encrypt(nonce, raw_private, SUITE_KEYFILE)


def decrypt_private_key(blob: bytes, passphrase: str) -> bytes:
    if not blob.startswith(SUITE_KEYFILE):
        raise UserError(Msg("알 수 없는 키 형식입니다.", "Unknown key format."))
    salt, nonce, ct = blob[3:19], blob[19:31], blob[31:]
    try:
        return AESGCM(_kek(passphrase, salt)).decrypt(nonce, ct, SUITE_KEYFILE)
    except InvalidTag:
        raise UserError(WRONG_PASSPHRASE) from None


# ---------------------------------------------------------------- office keys
@dataclass(frozen=True)
class OfficeKeyMaterial:
    """What an office stores: public halves in clear, private halves under the passphrase."""

    seal_public: bytes
    seal_private_enc: bytes
    sign_public: bytes
    sign_private_enc: bytes


def _raw_public(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _raw_private(key) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def generate_office_keys(passphrase: str) -> OfficeKeyMaterial:
    seal, sign = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    return OfficeKeyMaterial(
        seal_public=_raw_public(seal),
        seal_private_enc=encrypt_private_key(_raw_private(seal), passphrase),
        sign_public=_raw_public(sign),
        sign_private_enc=encrypt_private_key(_raw_private(sign), passphrase),
    )


# ---------------------------------------------------------------- sealing
def _wrap_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + recipient_pub, info=b"counter_app seal v1").derive(
        shared
    )


class Sealer:
    """Seals small secrets (an RRN) for the office public key. Needs no passphrase.

    With `spares`, that many one-time wrapping keys (an ephemeral X25519 key's public half and
    the key wrap derived from it, which do not depend on what is sealed) are kept ready, made by
    a background thread when the caller says `replenish()`: the X25519 work (~0.1 ms) leaves the
    intake's own time. Each spare is used for exactly one seal and dropped; they exist only in memory."""

    def __init__(self, office_public_key: bytes, *, spares: int = 0):
        self._pub_bytes = office_public_key
        self._pub = X25519PublicKey.from_public_bytes(office_public_key)
        self.spares = spares
        self._ready: deque[tuple[bytes, bytes]] = deque()  # thread-safe append/popleft
        self._refill = BackgroundJob(self.prepare, "seal-spares") if spares else None

    def _one_time_wrap(self) -> tuple[bytes, bytes]:
        eph = X25519PrivateKey.generate()
        eph_pub = _raw_public(eph)
        return eph_pub, _wrap_key(eph.exchange(self._pub), eph_pub, self._pub_bytes)

    def prepare(self) -> None:
        """Make spare wrapping keys up to `spares` (the background thread calls this)."""
        while len(self._ready) < self.spares:
            self._ready.append(self._one_time_wrap())

    def settle(self, timeout: float = 5.0) -> None:
        """Wait until the spares are made (for a measurement that must not overlap them)."""
        if self._refill is not None:
            self._refill.wait(timeout)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        try:
            eph_pub, wrap = self._ready.popleft()
        except IndexError:
            eph_pub, wrap = self._one_time_wrap()
        content_key, n1, n2 = AESGCM.generate_key(bit_length=256), os.urandom(12), os.urandom(12)
        ct = AESGCM(content_key).encrypt(n2, plaintext, aad)
        wrapped = AESGCM(wrap).encrypt(n1, content_key, aad)  # 32 + 16 tag = 48 bytes
        return SUITE_X25519_AESGCM + eph_pub + n1 + wrapped + n2 + ct

    def replenish(self) -> None:
        """Have the background thread make the spares used up. Called by the caller once its
        own work is done (an intake: after its commit): woken earlier, the thread would take the
        interpreter lock whenever SQLite let go of it and do its work inside the intake."""
        if self._refill is not None and len(self._ready) < self.spares:
            self._refill.request()


class Unsealer:
    """Opens sealed records. Exists only while a supervisor has unlocked the office key."""

    def __init__(self, office_private_key: bytes):
        self._priv = X25519PrivateKey.from_private_bytes(office_private_key)
        self._pub_bytes = _raw_public(self._priv)

    def unseal(self, blob: bytes, aad: bytes) -> bytes:
        if not blob.startswith(SUITE_X25519_AESGCM) or len(blob) < 3 + 32 + 12 + 48 + 12 + 16:
            raise UserError(Msg("봉인된 자료의 형식이 올바르지 않습니다.", "A sealed record is malformed."))
        eph_pub, n1 = blob[3:35], blob[35:47]
        wrapped, n2, ct = blob[47:95], blob[95:107], blob[107:]
        wrap = _wrap_key(self._priv.exchange(X25519PublicKey.from_public_bytes(eph_pub)), eph_pub, self._pub_bytes)
        try:
            content_key = AESGCM(wrap).decrypt(n1, wrapped, aad)
            return AESGCM(content_key).decrypt(n2, ct, aad)
        except InvalidTag:
            raise UserError(
                Msg(
                    "봉인된 자료가 손상되었거나 다른 사건의 것입니다.",
                    "A sealed record is damaged or belongs to another case.",
                )
            ) from None


class Signer:
    """The legacy Ed25519 office signing key (see the module docstring): use pki.TerminalSigner."""

    def __init__(self, sign_private_key: bytes):
        self._priv = Ed25519PrivateKey.from_private_bytes(sign_private_key)

    def sign(self, message: bytes) -> bytes:
        return self._priv.sign(message)


def verify_signature(sign_public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(sign_public_key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


@dataclass(frozen=True)
class UnlockedKeys:
    unsealer: Unsealer
    signer: Signer


def unlock_office_keys(material: OfficeKeyMaterial, passphrase: str) -> UnlockedKeys:
    return UnlockedKeys(
        unsealer=Unsealer(decrypt_private_key(material.seal_private_enc, passphrase)),
        signer=Signer(decrypt_private_key(material.sign_private_enc, passphrase)),
    )


# ---------------------------------------------------------------- masking (domain.md §4)
def mask_rrn(rrn: str | None) -> str:
    """'900101-1234568' -> '900101-1******'."""
    if not rrn:
        return ""
    digits = re.sub(r"\D", "", rrn)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:6]}-{digits[6]}******"


def mask_name(name: str | None) -> str:
    """'홍길동' -> '홍*동', '홍길' -> '홍*', 'John Smith' -> 'J********h'."""
    if not name:
        return ""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str | None) -> str:
    """Any Korean number, E.164 or local -> '010-****-5678' (area/carrier prefix and last 4 digits only)."""
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("82"):
        digits = "0" + digits[2:]
    if len(digits) == 8 and digits[:2] in ("15", "16", "18"):
        return f"{digits[:4]}-****"  # a nationwide business number (1588-xxxx): no area prefix
    if len(digits) < 8:
        return "*" * len(digits)
    if digits.startswith("02"):
        head = "02"  # Seoul is the only 2-digit area code
    elif digits.startswith("050"):
        head = digits[:4]  # 0502-0508 personal safe numbers
    else:
        head = digits[:3]
    return f"{head}-****-{digits[-4:]}"


# A road-name token: '중앙대로', '만덕대로155번길', or glued to its building number ('중앙대로1001').
_ROAD_TOKEN = re.compile(r"^(\S+?(?:로|길)(?:\d+번?길)?)(?:\d.*)?$")


def mask_address(address: str | None) -> str:
    """Keep the address up to the road name: '부산광역시 연제구 중앙대로 1001 (연산동)' -> '부산광역시 연제구 중앙대로 ***'."""
    if not address:
        return ""
    tokens = address.split()
    for i, token in enumerate(tokens):
        if i == 0:
            continue  # the 시도 ('서울특별시') is never the road
        m = _ROAD_TOKEN.match(token)
        if m:
            return " ".join(tokens[:i] + [m.group(1)]) + " ***"
    return " ".join(tokens[:2]) + " ***" if len(tokens) > 2 else "***"


def mask_email(email: str | None) -> str:
    if not email or "@" not in email:
        return "" if not email else "***"
    local, domain = email.split("@", 1)
    return (local[0] if local else "") + "***@" + domain
