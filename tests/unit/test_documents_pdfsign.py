"""The PAdES signature written directly (documents/pdfsign.py, no pyHanko signer): its CMS decoded
and checked with asn1crypto and cryptography alone, the byte range covering the whole file but the
/Contents, pyHanko's validator accepting a one-page and a multi-page document, and a PDF the direct
writer does not recognise still signed (by pyHanko, as before)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest
from asn1crypto import cms, tsp  # noqa: F401 - tsp names the ESS attribute, as importing pyHanko does
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from counter_app import pki
from counter_app.documents import pdfsign
from counter_app.documents.render import DocSpec, Table, render

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def signer():
    root_key, root = pki.create_root("2611051000", "중구 중앙동 행정복지센터", NOW)
    key = pki.generate_key()
    cert = pki.issue_terminal_certificate(root_key, root, "T1", key.public_key(), NOW)
    return pki.TerminalSigner(key, cert, root)


def _spec(rows: int = 2) -> DocSpec:
    return DocSpec(
        title="민원 처리부",
        subtitle="Daily register",
        banner="법정 증명서가 아닙니다",
        watermark="임시 · 전산장애",
        rows=(("사무소", "중구 중앙동 행정복지센터"),),
        table=Table(("접수번호", "신청인"), (0.5, 0.5), tuple((f"R-{i:05d}", "홍*동") for i in range(rows))),
        qr_text="KRC1:" + "6BFOXN*TS0BIU%D5XGTQ4E1M" * 20,
        serial_label="문서번호",
        serial="2611051-20261124-T1-0001Q",
        code_label="확인코드",
        code="ABCDE-FGHJK",
        issued_at_pdf="D:20261124010000+00'00'",
    )


def _validate(data: bytes, root: x509.Certificate):
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    vc = ValidationContext(
        trust_roots=[ax509.Certificate.load(pki.to_der(root))], allow_fetching=False, revocation_mode="soft-fail"
    )
    sigs = PdfFileReader(io.BytesIO(data)).embedded_signatures
    status = validate_pdf_signature(
        sigs[-1], vc, key_usage_settings=KeyUsageConstraints(key_usage={"digital_signature"})
    )
    return status.intact and status.valid and status.trusted, status.coverage == SignatureCoverageLevel.ENTIRE_FILE


def test_the_cms_is_checked_by_an_independent_decoding(signer):
    unsigned = render(_spec())
    signed = pdfsign.sign_pdf(unsigned, signer, reason="register 1", location="중구 중앙동", signed_at=NOW)
    assert signed.startswith(unsigned) and b"pyHanko" not in signed  # written directly, incrementally
    (br,) = re.findall(rb"/ByteRange \[0 (\d+) (\d+) (\d+)\]", signed)
    a, b, c = (int(x) for x in br)
    assert b + c == len(signed) and signed[a : a + 1] == b"<" and signed[b - 1 : b] == b">"
    contents = bytes.fromhex(signed[a + 1 : b - 1].decode("ascii"))
    info = cms.ContentInfo.load(contents, strict=False)
    assert info["content_type"].native == "signed_data"
    sd = info["content"]
    assert sd["encap_content_info"]["content"].native is None  # detached
    (si,) = sd["signer_infos"]
    attrs = {attr["type"].native: attr["values"][0] for attr in si["signed_attrs"]}
    assert set(attrs) == {"content_type", "message_digest", "signing_certificate_v2"}
    assert attrs["content_type"].native == "data"
    assert attrs["message_digest"].native == hashlib.sha256(signed[:a] + signed[b:]).digest()
    assert si["digest_algorithm"]["algorithm"].native == "sha256"
    assert si["signature_algorithm"]["algorithm"].native == "sha256_ecdsa"
    terminal = x509.load_der_x509_certificate(signer.certificate_der)
    (ess,) = attrs["signing_certificate_v2"]["certs"]
    assert ess["cert_hash"].native == hashlib.sha256(signer.certificate_der).digest()
    assert ess["hash_algorithm"]["algorithm"].native == "sha256"  # the DEFAULT, left out
    assert ess["issuer_serial"]["serial_number"].native == terminal.serial_number
    (issuer,) = ess["issuer_serial"]["issuer"]
    assert issuer.name == "directory_name" and issuer.chosen.dump().endswith(terminal.issuer.public_bytes())
    certs = {c.chosen.dump() for c in sd["certificates"]}
    assert certs == set(signer.certificate_chain_der())
    assert si["sid"].chosen["serial_number"].native == terminal.serial_number
    signed_attrs = si["signed_attrs"].untag().dump()
    terminal.public_key().verify(si["signature"].native, signed_attrs, ec.ECDSA(hashes.SHA256()))  # raises if wrong
    assert b"/M (D:20261124010000Z)" in signed and b"/Reason (register 1)" in signed
    assert b"/Location <FEFF" in signed  # Korean as UTF-16BE


def test_pdfium_reads_the_same_signature_from_the_written_update(signer):
    """A second PDF library (pdfium, strict about the xref it is given) finds one signature with
    the PAdES subfilter, the byte range written and the CMS as /Contents."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    signed = pdfsign.sign_pdf(render(_spec()), signer, reason="r", signed_at=NOW)
    (br,) = re.findall(rb"/ByteRange \[(0 \d+ \d+ \d+)\]", signed)
    doc = pdfium.PdfDocument(signed)
    try:
        assert pdfium_c.FPDF_GetSignatureCount(doc.raw) == 1
        sig = pdfium_c.FPDF_GetSignatureObject(doc.raw, 0)
        size = pdfium_c.FPDFSignatureObj_GetSubFilter(sig, None, 0)
        subfilter = ctypes.create_string_buffer(size)
        pdfium_c.FPDFSignatureObj_GetSubFilter(sig, subfilter, size)
        assert subfilter.value == b"ETSI.CAdES.detached"
        count = pdfium_c.FPDFSignatureObj_GetByteRange(sig, None, 0)
        ranges = (ctypes.c_int * count)()
        pdfium_c.FPDFSignatureObj_GetByteRange(sig, ranges, count)
        assert list(ranges) == [int(x) for x in br.split()]
        size = pdfium_c.FPDFSignatureObj_GetContents(sig, None, 0)
        contents = ctypes.create_string_buffer(size)
        pdfium_c.FPDFSignatureObj_GetContents(sig, contents, size)
        assert cms.ContentInfo.load(contents.raw, strict=False)["content_type"].native == "signed_data"
        assert len(doc) == 1 and "민원 처리부" in doc[0].get_textpage().get_text_range()
    finally:
        doc.close()


def test_pyhanko_accepts_one_and_many_pages_and_refuses_a_changed_byte(signer):
    root = signer.root
    for rows in (2, 200):
        signed = pdfsign.sign_pdf(render(_spec(rows)), signer, reason="r", location="l")
        assert _validate(signed, root) == (True, True)
        assert pdfsign.check_pdf(signed).ok
    for at in (10, len(signed) // 2, len(signed) - 30):
        changed = bytearray(signed)
        changed[at] ^= 0x01
        assert pdfsign.check_pdf(bytes(changed)).reason in (pdfsign.PDF_BAD, pdfsign.NOT_SIGNED, pdfsign.PDF_PARTIAL)
    appended = signed + b"\n% appended after signing\n"
    assert pdfsign.check_pdf(appended).reason == pdfsign.PDF_PARTIAL


def test_a_pdf_the_direct_writer_does_not_recognise_is_signed_by_pyhanko(signer):
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.drawString(72, 720, "a page with a link")
    c.linkURL("https://example.org/", (72, 700, 200, 730))  # its page has /Annots already
    c.showPage()
    c.save()
    assert pdfsign._sign_incremental(buf.getvalue(), signer, "", "", NOW) is None
    signed = pdfsign.sign_pdf(buf.getvalue(), signer, reason="fallback")
    assert b"pyHanko" in signed and _validate(signed, signer.root) == (True, True)
