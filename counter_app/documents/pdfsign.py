"""The PDF signature of contracts.md §4: PAdES baseline (ETSI.CAdES.detached) by the terminal
key, with its certificate chain [terminal, root] embedded, made and checked with pyHanko. Qt-free.

The terminal's private key never leaves pki.TerminalSigner: pyHanko asks for the raw signature
over the signed attributes and TerminalSigner.sign_der gives it.
"""

from __future__ import annotations

import datetime as dt
import io
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


def sign_pdf(pdf: bytes, terminal_signer, *, reason: str = "", location: str = "") -> bytes:
    """`pdf` with one PAdES signature by the terminal (incremental update)."""
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
