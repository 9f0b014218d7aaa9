"""The PDF signature of contracts.md §4: PAdES baseline (ETSI.CAdES.detached) by the terminal
key, with its certificate chain [terminal, root] embedded. Qt-free.

Signing writes the incremental update itself (the signature field and widget, the /Sig dictionary
with a reserved /Contents, the catalog's /AcroForm and the page's /Annots) and the CMS SignedData
by hand in DER, the same structure pyHanko makes: signed attributes content-type, message-digest
and ESS signing-certificate-v2; certificates [root, terminal]; ecdsa-with-SHA256; no content.
Everything but the digest and the signature is made once per terminal certificate. pyHanko's
signer machinery cost ~13 ms a document (asn1crypto building and re-encoding the structure); this
costs well under 1 ms. A PDF this writer does not recognise (not a classic xref table at its end,
an existing form or annotations) is signed with pyHanko as before. Checking (`check_pdf`) is
pyHanko's validator, which the tests also use as the independent judge of what is signed here.

The terminal's private key never leaves pki.TerminalSigner: TerminalSigner.sign_der signs the
DER of the signed attributes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass

from counter_app.i18n import Msg

FIELD = "Signature1"

NOT_SIGNED = "pdf_not_signed"
NOT_A_PDF = "not_a_pdf"
PDF_BAD = "pdf_bad_signature"
PDF_PARTIAL = "pdf_not_whole_file"
MESSAGES = {
    NOT_SIGNED: Msg("PDF 파일에 서명이 없습니다.", "The PDF file carries no signature."),
    NOT_A_PDF: Msg("PDF 파일이 아닙니다.", "This is not a PDF file."),
    PDF_BAD: Msg(
        "PDF 파일의 서명이 맞지 않습니다: 파일이 서명 후 바뀌었습니다.",
        "The PDF file's signature does not match: the file was changed after it was signed.",
    ),
    PDF_PARTIAL: Msg(
        "PDF 파일의 서명이 파일 전체를 덮지 않습니다: 서명 후 내용이 덧붙었습니다.",
        "The PDF signature does not cover the whole file: content was added after signing.",
    ),
}


def _asn1(der: bytes):
    from asn1crypto import x509 as ax509

    return ax509.Certificate.load(der)


_SIGNERS: dict[bytes, object] = {}
BYTES_RESERVED = 8192  # the CMS container: ~1.5 kB of certificates and attributes, room to spare


def _pyhanko_signer(terminal_signer):
    """pyHanko's signer for this terminal, made once per certificate (parsing it costs)."""
    cached = _SIGNERS.get(terminal_signer.certificate_der)
    if cached is None:
        cached = _SIGNERS[terminal_signer.certificate_der] = _make_pyhanko_signer(terminal_signer)
        while len(_SIGNERS) > 8:
            _SIGNERS.pop(next(iter(_SIGNERS)))
    return cached


def _make_pyhanko_signer(terminal_signer):
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class _TerminalPdfSigner(signers.Signer):
        def __init__(self):
            chain = terminal_signer.certificate_chain_der()
            from asn1crypto.algos import SignedDigestAlgorithm

            super().__init__(
                signing_cert=_asn1(chain[0]),
                cert_registry=SimpleCertificateStore.from_certs([_asn1(d) for d in chain[1:]]),
                signature_mechanism=SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
                embed_roots=True,
            )

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if dry_run:
                return bytes(72)
            return terminal_signer.sign_der(data)

    return _TerminalPdfSigner()


def sign_pdf(
    pdf: bytes, terminal_signer, *, reason: str = "", location: str = "", signed_at: dt.datetime | None = None
) -> bytes:
    """`pdf` with one PAdES signature by the terminal (incremental update)."""
    when = (signed_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    fast = _sign_incremental(pdf, terminal_signer, reason, location, when)
    return fast if fast is not None else sign_pdf_pyhanko(pdf, terminal_signer, reason=reason, location=location)


def sign_pdf_pyhanko(pdf: bytes, terminal_signer, *, reason: str = "", location: str = "") -> bytes:
    """The same signature made by pyHanko's signer (any PDF; ~13 ms a document)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    # bytes_reserved given: pyHanko would otherwise sign once more, dry, to measure the container
    out = signers.PdfSigner(meta, signer=_pyhanko_signer(terminal_signer)).sign_pdf(
        writer, bytes_reserved=BYTES_RESERVED
    )
    return out.getvalue()


# ---------------------------------------------------------------- CMS SignedData in DER
def _der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def _tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + _der_len(len(content)) + content


def _seq(*parts: bytes) -> bytes:
    return _tlv(0x30, b"".join(parts))


def _set(*parts: bytes) -> bytes:
    return _tlv(0x31, b"".join(sorted(parts)))  # DER: SET OF sorted by encoding


_OID_DATA = bytes.fromhex("06092A864886F70D010701")
_OID_SIGNED_DATA = bytes.fromhex("06092A864886F70D010702")
_OID_CONTENT_TYPE = bytes.fromhex("06092A864886F70D010903")
_OID_MESSAGE_DIGEST = bytes.fromhex("06092A864886F70D010904")
_OID_SIGNING_CERT_V2 = bytes.fromhex("060B2A864886F70D010910022F")
_ALG_SHA256 = _seq(bytes.fromhex("0609608648016503040201"), b"\x05\x00")
_ALG_ECDSA_SHA256 = _seq(bytes.fromhex("06082A8648CE3D040302"))
_INT_1 = b"\x02\x01\x01"


@dataclass(frozen=True)
class _CmsTemplate:
    """What a terminal's signatures share: all of the SignedData but the digest and the signature."""

    attr_content_type: bytes
    attr_signing_cert: bytes
    issuer_and_serial: bytes
    certificates: bytes  # [0] IMPLICIT SET OF Certificate


_TEMPLATES: dict[tuple[bytes, ...], _CmsTemplate] = {}


def _template(chain_der: list[bytes]) -> _CmsTemplate:
    key = tuple(chain_der)
    cached = _TEMPLATES.get(key)
    if cached is None:
        tbs = _asn1(chain_der[0])["tbs_certificate"]
        issuer, serial = tbs["issuer"].dump(), tbs["serial_number"].dump()
        issuer_serial = _seq(_seq(_tlv(0xA4, issuer)), serial)  # GeneralNames [directoryName], serial
        ess_cert_id = _seq(_tlv(0x04, hashlib.sha256(chain_der[0]).digest()), issuer_serial)  # sha256: default
        cached = _CmsTemplate(
            attr_content_type=_seq(_OID_CONTENT_TYPE, _set(_OID_DATA)),
            attr_signing_cert=_seq(_OID_SIGNING_CERT_V2, _set(_seq(_seq(ess_cert_id)))),
            issuer_and_serial=_seq(issuer, serial),
            certificates=_tlv(0xA0, b"".join(sorted(chain_der))),
        )
        _TEMPLATES[key] = cached
        while len(_TEMPLATES) > 8:
            _TEMPLATES.pop(next(iter(_TEMPLATES)))
    return cached


def cms_signature(digest: bytes, terminal_signer) -> bytes:
    """CMS ContentInfo(SignedData), detached, over a SHA-256 `digest` of the signed bytes."""
    t = _template(terminal_signer.certificate_chain_der())
    attrs = sorted((t.attr_content_type, _seq(_OID_MESSAGE_DIGEST, _set(_tlv(0x04, digest))), t.attr_signing_cert))
    signature = terminal_signer.sign_der(_tlv(0x31, b"".join(attrs)))  # signed as SET OF, stored [0] IMPLICIT
    signer_info = _seq(
        _INT_1, t.issuer_and_serial, _ALG_SHA256, _tlv(0xA0, b"".join(attrs)), _ALG_ECDSA_SHA256, _tlv(0x04, signature)
    )
    signed_data = _seq(_INT_1, _set(_ALG_SHA256), _seq(_OID_DATA), t.certificates, _set(signer_info))
    return _seq(_OID_SIGNED_DATA, _tlv(0xA0, signed_data))


# ---------------------------------------------------------------- the incremental update
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_SUB = re.compile(rb"(\d+) (\d+)\s*\n")
_BYTERANGE_PLACEHOLDER = b"/ByteRange [0 0000000000 0000000000 0000000000]"


def _pdf_text(text: str) -> bytes:
    """A PDF text string: literal when printable ASCII, else UTF-16BE with its BOM, in hex."""
    if text.isascii() and text.isprintable():
        return b"(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _object_at(pdf: bytes, offset: int, number: int) -> bytes | None:
    """The dictionary text (without << >>) of object `number` written at `offset`, when it is a
    plain dictionary (no stream)."""
    m = re.compile(rb"%d\s+0\s+obj\s*" % number).match(pdf, offset)
    end = pdf.find(b"endobj", offset)
    if m is None or end < 0:
        return None
    body = pdf[m.end() : end].strip()
    if not (body.startswith(b"<<") and body.endswith(b">>")) or b"stream" in body:
        return None
    return body[2:-2]


def _sign_incremental(pdf: bytes, terminal_signer, reason: str, location: str, when: dt.datetime) -> bytes | None:
    """The signed PDF, or None when `pdf` is not laid out as this writer expects (one classic xref
    table, no /Prev, a catalog without a form, a first page without annotations)."""
    m = _STARTXREF.search(pdf, max(0, len(pdf) - 1024))
    if m is None:
        return None
    xref_at = int(m.group(1))
    trailer_at = pdf.find(b"trailer", xref_at)
    if pdf[xref_at : xref_at + 4] != b"xref" or trailer_at < 0:
        return None
    offsets: dict[int, int] = {}
    table = pdf[xref_at + 4 : trailer_at].lstrip()
    i = 0
    while True:
        sub = _XREF_SUB.match(table, i) if i < len(table) else None
        if sub is None:
            break
        first, count = int(sub.group(1)), int(sub.group(2))
        i = sub.end()
        for k in range(count):
            entry = table[i : i + 20]
            if len(entry) < 18:
                return None
            if entry[17:18] == b"n":
                offsets[first + k] = int(entry[:10])
            i += 20
        while i < len(table) and table[i : i + 1] in b" \r\n":
            i += 1
    trailer = pdf[trailer_at : m.start()]
    root = re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer)
    size = re.search(rb"/Size\s+(\d+)", trailer)
    info = re.search(rb"/Info\s+(\d+)\s+0\s+R", trailer)
    ids = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]*)>", trailer)
    if root is None or size is None or b"/Prev" in trailer or b"/Encrypt" in trailer:
        return None
    cat_no, next_no = int(root.group(1)), int(size.group(1))
    catalog = _object_at(pdf, offsets.get(cat_no, -1), cat_no) if cat_no in offsets else None
    if catalog is None or b"/AcroForm" in catalog:
        return None
    pages = re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog)
    pages_no = int(pages.group(1)) if pages else -1
    pages_obj = _object_at(pdf, offsets[pages_no], pages_no) if pages_no in offsets else None
    kid = re.search(rb"/Kids\s*\[\s*(\d+)\s+0\s+R", pages_obj or b"")
    page_no = int(kid.group(1)) if kid else -1
    page = _object_at(pdf, offsets[page_no], page_no) if page_no in offsets else None
    if page is None or b"/Annots" in page or not re.search(rb"/Type\s*/Page(?![s\w])", page):
        return None

    field_no, sig_no, form_no = next_no, next_no + 1, next_no + 2
    stamp = f"D:{when:%Y%m%d%H%M%S}Z".encode("ascii")
    contents_hex = 2 * BYTES_RESERVED
    objects = {
        page_no: b"<<" + page.rstrip() + b"\n/Annots [ %d 0 R ]\n>>" % field_no,
        cat_no: b"<<" + catalog.rstrip() + b"\n/AcroForm %d 0 R\n>>" % form_no,
        field_no: b"<<\n/FT /Sig\n/T (%s)\n/Type /Annot\n/Subtype /Widget\n/F 132\n/Rect [ 0 0 0 0 ]\n/P %d 0 R\n"
        b"/V %d 0 R\n>>" % (FIELD.encode("ascii"), page_no, sig_no),
        sig_no: b"<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/Contents <"
        + b"0" * contents_hex
        + b">\n"
        + _BYTERANGE_PLACEHOLDER
        + b"\n/M ("
        + stamp
        + b")"
        + (b"\n/Reason " + _pdf_text(reason) if reason else b"")
        + (b"\n/Location " + _pdf_text(location) if location else b"")
        + b"\n>>",
        form_no: b"<<\n/Fields [ %d 0 R ]\n/SigFlags 3\n>>" % field_no,
    }
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    written: dict[int, int] = {}
    for number in sorted(objects):
        written[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    new_xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    numbers = sorted(written)
    run_start = 0
    for k in range(1, len(numbers) + 1):
        if k == len(numbers) or numbers[k] != numbers[k - 1] + 1:
            out += b"%d %d\n" % (numbers[run_start], k - run_start)
            out += b"".join(b"%010d 00000 n \n" % written[n] for n in numbers[run_start:k])
            run_start = k
    first_id = ids.group(1) if ids else hashlib.md5(pdf, usedforsecurity=False).hexdigest().encode("ascii")
    new_id = hashlib.md5(pdf + stamp, usedforsecurity=False).hexdigest().encode("ascii")
    out += (
        b"trailer\n<<\n/Size %d\n/Root %d 0 R\n" % (form_no + 1, cat_no)
        + (b"/Info %s 0 R\n" % info.group(1) if info else b"")
        + b"/ID [ <%s> <%s> ]\n/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (first_id, new_id, xref_at, new_xref)
    )

    sig_at = written[sig_no]
    lt = out.index(b"/Contents <", sig_at) + len(b"/Contents ")
    gt = lt + contents_hex + 2
    br_at = out.index(_BYTERANGE_PLACEHOLDER, gt)
    byte_range = b"/ByteRange [0 %d %d %d]" % (lt, gt, len(out) - gt)
    if len(byte_range) > len(_BYTERANGE_PLACEHOLDER):
        return None
    out[br_at : br_at + len(_BYTERANGE_PLACEHOLDER)] = byte_range.ljust(len(_BYTERANGE_PLACEHOLDER))
    digest = hashlib.sha256(out[:lt])
    digest.update(out[gt:])
    cms = cms_signature(digest.digest(), terminal_signer).hex().upper().encode("ascii")
    if len(cms) > contents_hex:
        return None
    out[lt + 1 : lt + 1 + len(cms)] = cms
    return bytes(out)


@dataclass(frozen=True)
class PdfSignatureCheck:
    ok: bool
    reason: str | None  # one of MESSAGES' keys when not ok
    certificate_chain_der: tuple[bytes, ...] = ()  # leaf first, as embedded
    signed_at: dt.datetime | None = None

    @property
    def message(self) -> Msg | None:
        return MESSAGES.get(self.reason or "")


def check_pdf(data: bytes) -> PdfSignatureCheck:
    """The cryptographic check of the file's (last) signature: intact, valid, covering the whole
    file. Whether its certificate is trusted is the trust store's question (the caller's)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if data.lstrip()[:5] != b"%PDF-":
        return PdfSignatureCheck(False, NOT_A_PDF)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, OSError):
        return PdfSignatureCheck(False, PDF_BAD)
    if not sigs:
        return PdfSignatureCheck(False, NOT_SIGNED)
    sig = sigs[-1]
    try:
        signer_cert = sig.signer_cert
        embedded = list(sig.other_embedded_certs)
        vc = ValidationContext(
            trust_roots=[c for c in embedded if c.self_signed == "maybe" or c.self_signed == "yes"] or [signer_cert],
            allow_fetching=False,
            revocation_mode="soft-fail",
        )
        from pyhanko.sign.validation.settings import KeyUsageConstraints

        status = validate_pdf_signature(
            sig, vc, key_usage_settings=KeyUsageConstraints(key_usage={"digital_signature"})
        )
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError):
        return PdfSignatureCheck(False, PDF_BAD)
    if not (status.intact and status.valid):
        return PdfSignatureCheck(False, PDF_BAD)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return PdfSignatureCheck(False, PDF_PARTIAL)
    chain = (signer_cert.dump(), *(c.dump() for c in embedded if c.dump() != signer_cert.dump()))
    return PdfSignatureCheck(True, None, chain, status.signer_reported_dt)
