"""The document seal of contracts.md §4: what the QR code carries, how it is made and opened. Qt-free.

QR text = "KRC1:" + base45(zlib(COSE_Sign1)) (RFC 9285 base45: only QR alphanumeric-mode
characters, so the code stays small). COSE_Sign1 (RFC 9052) is CBOR tag 18 over
[protected, unprotected, payload, signature]:

- protected = bstr(CBOR {1: -7})  (alg ES256)
- unprotected = {33: DER of the terminal certificate}  (x5chain, RFC 9360)
- payload = bstr(CBOR CWT claims, RFC 8392): 1 iss (10-digit 행정동 code, text), 6 iat, 4 exp
  (integer seconds UTC), 7 cti (the document serial, text), "doc" = {"typ", "rno" (one case's
  receipt number, where there is one), "nh" (SHA-256(salt ‖ name ‖ birth date)), "salt"}.
  Never the RRN, the phone or the address. The name is NFC-normalised and trimmed, the birth date
  written YYYY-MM-DD, both UTF-8, so any verifier can recompute `nh` from what the citizen says.
- signature = r‖s (64 bytes) over Sig_structure ["Signature1", protected, h'', payload].

Serials: `{first 7 digits of the 행정동 code}-{YYYYMMDD}-{terminal}-{seq:04d}{check}`, the check
character ISO 7064 MOD 37,36 over the rest (a mistyped or swapped character is caught).
The verification code read out on the phone is 10 Crockford base-32 characters (XXXXX-XXXXX)
from the SHA-256 of the signed claims (with their random salt): unguessable, unique per document, looked up in the issuer's ledger.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from counter_app.errors import UserError
from counter_app.i18n import Msg

PREFIX = "KRC1:"
DOC_TYPES = ("receipt", "interim", "notice", "register", "sync-report")
MAX_QR_TEXT = 4_000  # a version-40 QR holds at most 4,296 alphanumeric characters
MAX_COSE = 16_000  # bound on the inflated COSE object (a zip bomb stops here)

MALFORMED = "malformed"
BAD_SIGNATURE = "bad_signature"

MESSAGES = {
    MALFORMED: Msg(
        "문서의 QR 코드 내용을 읽을 수 없습니다(이 프로그램이 만든 문서의 인증 코드가 아닙니다).",
        "The document's QR code cannot be read (it is not a seal made by this program).",
    ),
    BAD_SIGNATURE: Msg(
        "문서의 서명이 맞지 않습니다: 내용이 바뀌었거나 위조된 문서입니다.",
        "The document's signature does not match: its content was changed or it is forged.",
    ),
}


class SealError(UserError):
    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(MESSAGES[reason])


# ---------------------------------------------------------------- base45 (RFC 9285)
_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_INDEX = {c: i for i, c in enumerate(_B45)}


def b45encode(data: bytes) -> str:
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        e, rest = divmod(n, 45 * 45)
        d, c = divmod(rest, 45)
        out += (_B45[c], _B45[d], _B45[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += (_B45[c], _B45[d])
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        values = [_B45_INDEX[c] for c in text]
    except KeyError:
        raise ValueError("not base45") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i : i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise ValueError("not base45")
            out += n.to_bytes(2, "big")
        elif len(chunk) == 2:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise ValueError("not base45")
            out.append(n)
        else:
            raise ValueError("not base45")
    return bytes(out)


# ---------------------------------------------------------------- serials and codes
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def check_character(text: str) -> str:
    """ISO 7064 MOD 37,36 (hybrid) over the letters and digits of `text` (others ignored)."""
    m = 36
    p = m
    for ch in text.upper():
        if ch not in _ALNUM:
            continue
        p = (p + _ALNUM.index(ch)) % m or m
        p = (p * 2) % (m + 1)
    return _ALNUM[(m + 1 - p) % m]


def make_serial(office_code: str, day: dt.date, terminal: str, seq: int) -> str:
    body = f"{office_code[:7]}-{day:%Y%m%d}-{terminal}-{seq:04d}"
    return body + check_character(body)


def serial_is_well_formed(serial: str) -> bool:
    return len(serial) > 1 and check_character(serial[:-1]) == serial[-1:]


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def verification_code(payload: bytes) -> str:
    """From the signed claims (which hold a random salt): the same for every reprint of a serial."""
    n = int.from_bytes(hashlib.sha256(payload).digest()[:7], "big") >> 6  # 50 bits
    chars = "".join(_CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(10)))
    return f"{chars[:5]}-{chars[5:]}"


def normalise_code(text: str) -> str:
    """What a clerk types for a code read out on the phone: case, spaces, dashes and the
    look-alikes O/I/L forgiven (Crockford)."""
    t = "".join(ch for ch in text.upper() if ch.isalnum()).translate(str.maketrans("OIL", "011"))
    return f"{t[:5]}-{t[5:]}" if len(t) == 10 else t


# ---------------------------------------------------------------- claims
def name_hash(salt: bytes, name: str, birth_date: dt.date | str | None) -> bytes:
    name_n = unicodedata.normalize("NFC", name or "").strip()
    birth = birth_date.isoformat() if isinstance(birth_date, dt.date) else (birth_date or "").strip()
    return hashlib.sha256(salt + name_n.encode("utf-8") + birth.encode("ascii", "replace")).digest()


@dataclass(frozen=True)
class Claims:
    iss: str  # office code
    iat: int
    exp: int
    cti: str  # serial
    typ: str
    rno: str | None = None
    nh: bytes | None = field(default=None, repr=False)
    salt: bytes | None = field(default=None, repr=False)
    extra: dict = field(default_factory=dict, hash=False)  # further "doc" keys (e.g. "ver": 1)

    def to_cbor_map(self) -> dict:
        doc: dict[str, Any] = {"typ": self.typ}
        if self.rno is not None:
            doc["rno"] = self.rno
        if self.nh is not None:
            doc["nh"], doc["salt"] = self.nh, self.salt
        doc.update(self.extra)
        return {1: self.iss, 6: self.iat, 4: self.exp, 7: self.cti, "doc": doc}

    @classmethod
    def from_cbor_map(cls, m: Any) -> Claims:
        if not isinstance(m, Mapping) or not isinstance(m.get("doc"), Mapping):
            raise SealError(MALFORMED)
        doc = dict(m["doc"])
        iss, iat, exp, cti, typ = m.get(1), m.get(6), m.get(4), m.get(7), doc.pop("typ", None)
        rno, nh, salt = doc.pop("rno", None), doc.pop("nh", None), doc.pop("salt", None)
        if (
            not (
                isinstance(iss, str)
                and isinstance(iat, int)
                and isinstance(exp, int)
                and isinstance(cti, str)
                and isinstance(typ, str)
            )
            or (rno is not None and not isinstance(rno, str))
            or (nh is not None and not (isinstance(nh, bytes) and isinstance(salt, bytes)))
        ):
            raise SealError(MALFORMED)
        return cls(iss, iat, exp, cti, typ, rno, nh, salt, doc)

    @property
    def issued_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.iat, dt.UTC)

    @property
    def expires_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.exp, dt.UTC)

    def matches_person(self, name: str, birth_date: dt.date | str) -> bool:
        import hmac

        return (
            self.nh is not None
            and self.salt is not None
            and hmac.compare_digest(self.nh, name_hash(self.salt, name, birth_date))
        )


# ---------------------------------------------------------------- COSE_Sign1
_PROTECTED: bytes | None = None


def _protected() -> bytes:
    global _PROTECTED
    if _PROTECTED is None:
        import cbor2

        _PROTECTED = cbor2.dumps({1: -7})
    return _PROTECTED


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    import cbor2

    return cbor2.dumps(["Signature1", protected, b"", payload])


@dataclass(frozen=True)
class Sealed:
    text: str  # what the QR code holds
    claims: Claims
    signature: bytes
    payload: bytes  # the CBOR claims, as signed

    @property
    def code(self) -> str:
        return verification_code(self.payload)

    @property
    def payload_sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()


def claims_payload(claims: Claims) -> bytes:
    import cbor2

    return cbor2.dumps(claims.to_cbor_map())


def seal(signer, claims: Claims, payload: bytes | None = None) -> Sealed:
    """COSE_Sign1 over the claims by the terminal's key (pki.TerminalSigner), as QR text.
    `payload` (the claims as stored in the ledger) is signed as it is, for a reprint."""
    import cbor2

    payload = payload if payload is not None else claims_payload(claims)
    protected = _protected()
    signature = signer.sign(_sig_structure(protected, payload))
    cose = cbor2.dumps(cbor2.CBORTag(18, [protected, {33: signer.certificate_der}, payload, signature]))
    return Sealed(PREFIX + b45encode(zlib.compress(cose, 9)), claims, signature, payload)


@dataclass(frozen=True)
class Opened:
    """A seal whose signature matches the certificate it carries (whether that certificate is
    trusted is the trust store's question)."""

    claims: Claims
    certificate_der: bytes
    signature: bytes
    payload: bytes

    @property
    def code(self) -> str:
        return verification_code(self.payload)

    @property
    def payload_sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()


def open_seal(text: str) -> Opened:
    """Decode and check the signature against the carried certificate; SealError(MALFORMED /
    BAD_SIGNATURE) otherwise. Bounded: a long text or a zip bomb is malformed, not a hang."""
    import cbor2

    from counter_app import pki

    text = (text or "").strip()
    if not text.startswith(PREFIX) or len(text) > MAX_QR_TEXT:
        raise SealError(MALFORMED)
    try:
        packed = b45decode(text[len(PREFIX) :])
        inflater = zlib.decompressobj()
        cose_bytes = inflater.decompress(packed, MAX_COSE)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("too long or truncated")
        obj = cbor2.loads(cose_bytes)
    except (ValueError, zlib.error, cbor2.CBORDecodeError, EOFError, RecursionError):
        raise SealError(MALFORMED) from None
    if (
        not isinstance(obj, cbor2.CBORTag)
        or obj.tag != 18
        or not isinstance(obj.value, (list, tuple))
        or len(obj.value) != 4
    ):
        raise SealError(MALFORMED)
    protected, unprotected, payload, signature = obj.value
    if not (
        isinstance(protected, bytes)
        and isinstance(unprotected, Mapping)
        and isinstance(payload, bytes)
        and isinstance(signature, bytes)
    ):
        raise SealError(MALFORMED)
    try:
        header = cbor2.loads(protected)
        claims_map = cbor2.loads(payload)
    except (ValueError, cbor2.CBORDecodeError, EOFError):
        raise SealError(MALFORMED) from None
    cert = unprotected.get(33)
    if isinstance(cert, (list, tuple)) and cert:  # x5chain may be an array (leaf first)
        cert = cert[0]
    if (
        not isinstance(header, Mapping)
        or dict(header) != {1: -7}
        or not isinstance(cert, bytes)
        or len(signature) != 64
    ):
        raise SealError(MALFORMED)
    claims = Claims.from_cbor_map(claims_map)
    try:
        ok = pki.verify_es256(cert, signature, _sig_structure(protected, payload))
    except pki.ChainError:
        raise SealError(MALFORMED) from None
    if not ok:
        raise SealError(BAD_SIGNATURE)
    return Opened(claims, cert, signature, payload)


# ---------------------------------------------------------------- the QR code
def qr_rows(text: str) -> list[bytes]:
    """The QR symbol as rows of bytes, 0 = dark module (error correction M; alphanumeric mode,
    which base45 was made for). zxing-cpp's encoder: ~2 ms, where the pure-Python qrcode package
    took ~60 ms a code."""
    import zxingcpp

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    rows, cols = image.shape or (0, 0)
    data = image.tobytes()
    return [data[r * cols : (r + 1) * cols] for r in range(rows)]


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules, True = dark."""
    return [[b < 128 for b in row] for row in qr_rows(text)]
