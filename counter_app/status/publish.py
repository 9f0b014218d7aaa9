"""Signed native feeds (contracts.md §3): writing them (`status publish`) and checking them (the
counters' native source). Qt-free.

A published feed is two files side by side: `feed.json`, the exact bytes, and `feed.json.jws`,
a detached JWS compact serialization (RFC 7515 Appendix F) over those bytes:

    BASE64URL(header) + ".." + BASE64URL(signature)

with the protected header {"alg": "ES256", "x5c": [terminal certificate, root certificate]}
(standard base64 DER, RFC 7515 §4.1.6) and the signature r‖s (64 bytes) over
ASCII(BASE64URL(header) + "." + BASE64URL(feed.json bytes)), made by this terminal's signer
(pki.TerminalSigner).

Writing: each file goes to a temporary name in the same directory, is fsynced and renamed into
place — feed.json first, then feed.json.jws — so a reader sees whole files only. A reader that
fetches between the two renames can still get a new feed.json with the old signature; the
counters' reader therefore fetches the pair once more before calling a mismatch an error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.status.model import SourceError

FEED_NAME = "feed.json"
JWS_SUFFIX = ".jws"
JWS_NAME = FEED_NAME + JWS_SUFFIX
MAX_JWS = 64 * 1024

VERIFIED = "verified"  # signed, the signer's root trusted here
UNVERIFIED = "unverified"  # signed correctly, by a certificate whose root this counter does not trust
UNSIGNED = "unsigned"  # no signature at all (Statuspage, Cachet, a native feed without .jws)


class SignatureError(SourceError):
    """The feed's signature is missing where it must be, malformed, or does not match the bytes."""


_MISMATCH = Msg(
    "상태 정보의 서명이 내용과 맞지 않습니다. 변조되었을 수 있어 쓰지 않았습니다 (마지막 정상 정보를 유지합니다).",
    "The status feed's signature does not match its content; it may have been tampered with, "
    "so it was not used (the last good snapshot is kept).",
)
_MALFORMED = Msg(
    "상태 정보의 서명 파일(feed.json.jws) 형식이 잘못되었습니다.",
    "The status feed's signature file (feed.json.jws) is malformed.",
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not text or any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_detached(payload: bytes, signer) -> bytes:
    """The detached JWS compact serialization of `payload`, by a pki.TerminalSigner."""
    header = {"alg": "ES256", "x5c": [base64.b64encode(der).decode("ascii") for der in signer.certificate_chain_der()]}
    protected = b64url(json.dumps(header, separators=(",", ":")).encode("ascii"))
    signing_input = (protected + "." + b64url(payload)).encode("ascii")
    return (protected + ".." + b64url(signer.sign(signing_input))).encode("ascii")


@dataclass(frozen=True)
class Signature:
    """What a checked signature says: `state` VERIFIED / UNVERIFIED / UNSIGNED, and who signed."""

    state: str
    office_code: str | None = None
    office_name: str | None = None
    terminal: str | None = None
    root_fingerprint: str | None = None
    reason: str | None = None  # why a correct signature is not trusted (pki chain reason)
    x5c: tuple[str, ...] = ()  # the chain as signed (standard base64 DER): trust is re-checked on a 304

    def as_json(self) -> dict:
        return {
            "state": self.state,
            "office_code": self.office_code,
            "office_name": self.office_name,
            "terminal": self.terminal,
            "root_fingerprint": self.root_fingerprint,
            "reason": self.reason,
            "x5c": list(self.x5c),
        }

    @classmethod
    def from_json(cls, d: Any) -> Signature | None:
        if not isinstance(d, dict) or d.get("state") not in (VERIFIED, UNVERIFIED, UNSIGNED):
            return None
        raw = d.get("x5c")
        x5c: list = raw if isinstance(raw, list) else []
        return cls(
            d["state"],
            d.get("office_code"),
            d.get("office_name"),
            d.get("terminal"),
            d.get("root_fingerprint"),
            d.get("reason"),
            tuple(c for c in x5c if isinstance(c, str)),
        )

    @property
    def signed_by(self) -> dict | None:
        """contracts.md §3 sources[].signed_by: office code and terminal of a trusted signer, else None."""
        if self.state != VERIFIED:
            return None
        return {"office_code": self.office_code, "office_name": self.office_name, "terminal": self.terminal}


def verify_detached(payload: bytes, jws: bytes, verify_chain: Callable[[list[bytes]], Any] | None) -> Signature:
    """Check `jws` over `payload`. SignatureError when it is malformed or does not match (by the
    key of the first x5c certificate); else who signed: VERIFIED when `verify_chain(ders)` (e.g.
    TrustStore.verify) accepts the chain, UNVERIFIED (with the claimed identity) when it raises."""
    from counter_app import pki

    try:
        text = jws.decode("ascii").strip()
        protected, empty, sig_text = text.split(".")
        if empty:
            raise ValueError("not detached")
        header = json.loads(b64url_decode(protected))
        if not isinstance(header, dict) or header.get("alg") != "ES256":
            raise ValueError("alg")
        if set(header.get("crit", [])):
            raise ValueError("crit")
        x5c = header.get("x5c")
        if not isinstance(x5c, list) or not x5c or not all(isinstance(c, str) for c in x5c) or len(x5c) > 4:
            raise ValueError("x5c")
        ders = [base64.b64decode(c, validate=True) for c in x5c]
        signature = b64url_decode(sig_text)
        leaf = pki.load_certificate(ders[0])
    except (ValueError, UnicodeDecodeError, binascii.Error, TypeError, UserError):
        raise SignatureError(_MALFORMED) from None
    if len(signature) != 64:
        raise SignatureError(_MALFORMED)
    signing_input = (protected + "." + b64url(payload)).encode("ascii")
    if not pki.verify_es256(leaf, signature, signing_input):
        raise SignatureError(_MISMATCH)
    return trust_of(tuple(x5c), verify_chain)


def trust_of(x5c: tuple[str, ...], verify_chain: Callable[[list[bytes]], Any] | None) -> Signature:
    """Who a correctly signed feed is from, judged by today's trust store: VERIFIED when
    `verify_chain` accepts the chain, else UNVERIFIED with the identity the certificate claims.
    Run again on every 304, so a root trusted (or a certificate revoked) since takes effect."""
    from counter_app import pki

    ders = [base64.b64decode(c) for c in x5c]
    if not ders:
        return Signature(UNSIGNED)
    code, terminal = pki.certificate_identity(pki.load_certificate(ders[0]))
    if verify_chain is None:
        return Signature(UNVERIFIED, code, None, terminal, reason=pki.UNKNOWN_ISSUER, x5c=x5c)
    try:
        who = verify_chain(ders)
    except pki.ChainError as exc:
        return Signature(UNVERIFIED, code, None, terminal, reason=exc.reason, x5c=x5c)
    return Signature(VERIFIED, who.office_code, who.office_name, who.terminal, who.root_fingerprint, x5c=x5c)


def is_signed_location(location: str) -> bool:
    """A native location whose last path segment is feed.json: its signature sits beside it."""
    from urllib.parse import urlsplit

    path = urlsplit(location).path if "://" in location else location
    return path.replace("\\", "/").rsplit("/", 1)[-1] == FEED_NAME


def jws_location(location: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    if "://" in location:
        parts = urlsplit(location)
        return urlunsplit(parts._replace(path=parts.path + JWS_SUFFIX))
    return location + JWS_SUFFIX


# --- writing ----------------------------------------------------------------------------------


def feed_bytes(doc: dict) -> bytes:
    """The published bytes: UTF-8 JSON, keys in the document's order, one line per item kept
    readable for a person opening the file (the signature covers exactly these bytes)."""
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o644)  # a published feed is public: the web server's user must read it
    os.replace(tmp, path)


def write_pair(out_dir: Path, payload: bytes, jws: bytes) -> None:
    if not out_dir.is_dir():
        out_dir.mkdir(parents=True)
        os.chmod(out_dir, 0o755)  # the program's umask is private; a web server must enter this folder
    _write_atomic(out_dir / FEED_NAME, payload)
    _write_atomic(out_dir / JWS_NAME, jws)
    try:
        dfd = os.open(out_dir, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


@dataclass(frozen=True)
class Published:
    out_dir: Path
    version: int
    sha256: str
    size: int
    systems: int
    office_code: str | None
    terminal: str | None

    def as_json(self) -> dict:
        return {
            "out": str(self.out_dir),
            "version": self.version,
            "sha256": self.sha256,
            "bytes": self.size,
            "systems": self.systems,
            "signed_by": {"office_code": self.office_code, "terminal": self.terminal},
        }


class Publisher:
    """`status publish`: the desk's current version (or an older one: undo), signed, to a folder."""

    def __init__(self, db, desk, signer_provider: Callable[[], Any]):
        self._db = db
        self._desk = desk
        self._signer = signer_provider

    def publish(self, actor, out_dir: str | os.PathLike, version: int | None = None) -> Published:
        from counter_app.status.desk import check_document, require_supervisor

        require_supervisor(actor)
        signer = self._signer()
        if signer is None:
            from counter_app.pki import NO_TERMINAL_KEY

            raise UserError(NO_TERMINAL_KEY)
        if version is not None:
            self._desk.revert(actor, version)  # publishing an older version again = undo
        current = self._desk.current_version()
        if current is None:
            self._desk.document()  # raises "not started"
        assert current is not None
        doc = self._desk.document(current.id)
        check_document(doc, set())  # every version passed the schema when made; the parser checks all again
        payload = feed_bytes(doc)
        jws = sign_detached(payload, signer)
        out = Path(out_dir).expanduser()
        if out.exists() and not out.is_dir():
            raise UserError(
                Msg(f"게시할 곳이 폴더가 아닙니다: {out.name}", f"The publishing target is not a folder: {out.name}")
            )
        try:
            write_pair(out, payload, jws)
        except OSError:
            raise UserError(
                Msg(f"게시 폴더에 쓸 수 없습니다: {out.name}", f"Cannot write to the publishing folder: {out.name}")
            ) from None
        sha = hashlib.sha256(payload).hexdigest()
        with self._db.write() as s:
            self._desk.record_publication(s, current, actor, sha, str(out.resolve()))
        return Published(
            out, current.id, sha, len(payload), len(doc.get("systems", [])), signer.office_code, signer.terminal
        )


# --- reading (the counters) -------------------------------------------------------------------


def read_regular_file(location: str, max_bytes: int) -> bytes:
    """A regular file's bytes (fetch.py's rules: no pipes or devices, the size cap)."""
    from counter_app.status.fetch import FetchError, _open_regular, _too_big, file_path

    path = file_path(location)
    fd = _open_regular(path)
    try:
        with os.fdopen(fd, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > max_bytes:
                raise _too_big(max_bytes)
            body = fh.read(max_bytes + 1)
    except OSError:
        raise FetchError(Msg(f"파일을 읽을 수 없습니다: {path.name}", f"Cannot read the file: {path.name}")) from None
    if len(body) > max_bytes:
        raise _too_big(max_bytes)
    return body


@dataclass
class SignedFetch:
    """One signed-feed fetch: `body` None when the server answered 304 (unchanged)."""

    body: bytes | None
    jws: bytes | None
    etag: str | None


def fetch_pair(fetcher, location: str, etag: str | None) -> SignedFetch:
    """feed.json (with If-None-Match when we hold its ETag) and, when it changed, its .jws.
    A missing .jws (404 / no file) is an unsigned feed; other failures are FetchErrors."""
    from counter_app.status.fetch import FetchError, is_url

    if not is_url(location):
        from counter_app.status.fetch import file_path

        body = read_regular_file(location, fetcher.max_bytes)
        beside = jws_location(location)
        jws: bytes | None = read_regular_file(beside, MAX_JWS) if file_path(beside).exists() else None
        return SignedFetch(body, jws, None)
    headers = {"Accept": "application/json"}
    if etag:
        headers["If-None-Match"] = etag
    answer = fetcher.get_raw(location, headers)
    assert answer is not None
    if answer.status == 304:
        return SignedFetch(None, None, etag)
    if answer.status != 200:
        raise FetchError(
            Msg(f"예상하지 못한 응답입니다 (HTTP {answer.status}).", f"Unexpected answer (HTTP {answer.status}).")
        )
    if answer.content_type in ("text/html", "application/xhtml+xml"):
        from counter_app.status.fetch import _HTML

        raise FetchError(_HTML)
    sig = fetcher.get_raw(jws_location(location), {"Accept": "application/jose"}, missing_ok=True)
    if sig is None:
        jws = None
    elif sig.status != 200:
        raise FetchError(
            Msg(f"예상하지 못한 응답입니다 (HTTP {sig.status}).", f"Unexpected answer (HTTP {sig.status}).")
        )
    else:
        jws = sig.body
    if jws is not None and len(jws) > MAX_JWS:
        raise SignatureError(_MALFORMED)
    return SignedFetch(answer.body, jws, answer.headers.get("etag"))
