"""Printed documents (issue 9, contracts.md §4): text layer, embedded font, the QR read back from a
150-dpi rendering and checked with an independent COSE/CBOR decoding, pyHanko's validator, every
refusal with its reason, the ledger (gapless, reprints), a committed render snapshot, and no RRN,
full phone or address in any printed document."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zlib
from pathlib import Path

import cbor2
import pypdfium2 as pdfium
import pytest
import zxingcpp
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from helpers.intake import CONTRACT_DOC
from sqlalchemy import select, update

from counter_app import pki
from counter_app.actor import os_actor
from counter_app.documents import seal as sealmod
from counter_app.documents.render import DocSpec, render
from counter_app.offline.models import Case, IssuedDocument

DEMO_HDONG = "2611051000"  # 중구 중앙동
PASSPHRASE = "correct horse battery"  # tests/conftest.py (imported by name there: `conftest` is ambiguous
# when the GUI tests, with their own conftest, are collected in the same run)


class FixedClock:
    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += dt.timedelta(**kwargs)


SNAPSHOT = Path(__file__).parent.parent / "fixtures" / "documents" / "receipt_render.sha256"
RRN = CONTRACT_DOC["applicant"]["rrn"]
PHONE = CONTRACT_DOC["applicant"]["phone"]
ADDRESS = CONTRACT_DOC["applicant"]["address"]
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """One office (중구 중앙동, T1) with one queued case, for the whole module (office set-up is slow)."""
    from counter_app.app import open_context

    clock = FixedClock(dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC))
    d = tmp_path_factory.mktemp("docs") / "office"
    d.mkdir()
    ctx = open_context(d, lang="ko", clock=clock)
    ctx.office.init(DEMO_HDONG, "T1", "김담당", PASSPHRASE, operator="test")
    ctx.__dict__.pop("audit", None)
    rno = ctx.queue.submit(os_actor(), CONTRACT_DOC).receipt_no
    yield ctx, clock, rno
    ctx.close()


@pytest.fixture(scope="module")
def receipt(office):
    ctx, _, rno = office
    return ctx.documents.receipt("C001", rno)


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _scan(pdf: bytes):
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].render(scale=150 / 72).to_pil()
    finally:
        doc.close()


def _independent_cose_check(text: str, root: x509.Certificate) -> dict:
    """The COSE_Sign1 of the QR decoded with cbor2 alone and checked with cryptography alone."""
    assert text.startswith("KRC1:")
    body = text[5:]
    raw = bytearray()
    for i in range(0, len(body), 3):
        chunk = [B45.index(c) for c in body[i : i + 3]]
        n = sum(v * 45**k for k, v in enumerate(chunk))
        raw += n.to_bytes(2 if len(chunk) == 3 else 1, "big")
    tag = cbor2.loads(zlib.decompress(bytes(raw)))
    assert tag.tag == 18
    protected, unprotected, payload, signature = tag.value
    assert cbor2.loads(protected) == {1: -7} and len(signature) == 64
    cert = x509.load_der_x509_certificate(unprotected[33])
    cert.verify_directly_issued_by(root)
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    cert.public_key().verify(der, to_be_signed, ec.ECDSA(hashes.SHA256()))  # raises when wrong
    return cbor2.loads(payload)


def test_text_layer_font_and_no_personal_data_beyond_name_and_birth(office, receipt):
    ctx, _, rno = office
    text = _text(receipt.pdf)
    assert receipt.serial in text and rno in text and "중구 중앙동 행정복지센터" in text
    assert "접수증" in text and "임시 · 전산장애" in text and "법정 증명서가 아닙니다" in text
    assert "홍길동" in text and "1990-01-01" in text and "010-****-5678" in text
    assert b"/FontFile2" in receipt.pdf and b"+NanumGothic" in receipt.pdf  # embedded, as a subset
    for secret in (RRN, RRN.replace("-", ""), PHONE, PHONE.replace("-", ""), ADDRESS, "중앙대로 1001"):
        assert secret not in text
        assert secret.encode() not in receipt.pdf
    assert RRN not in receipt.qr_text and "홍길동" not in cbor2.dumps(receipt.qr_text).decode("utf-8", "replace")


def test_qr_decodes_from_a_150_dpi_rendering_and_its_cose_verifies_independently(office, receipt):
    ctx, _, rno = office
    (found,) = zxingcpp.read_barcodes(_scan(receipt.pdf).convert("L"))
    assert found.format == zxingcpp.BarcodeFormat.QRCode and found.text == receipt.qr_text
    root = x509.load_der_x509_certificate(ctx.office.require().root_certificate)
    claims = _independent_cose_check(found.text, root)
    assert claims[1] == DEMO_HDONG and claims[7] == receipt.serial and claims["doc"]["typ"] == "receipt"
    assert claims["doc"]["rno"] == rno and claims[4] > claims[6]
    doc = claims["doc"]
    assert doc["nh"] == hashlib.sha256(doc["salt"] + "홍길동".encode() + b"1990-01-01").digest()
    assert not ({"rrn", "phone", "address"} & set(doc))


def test_pyhanko_validator_accepts_the_signature_and_rejects_a_changed_byte(office, receipt):
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    ctx, _, _ = office
    root = ax509.Certificate.load(ctx.office.require().root_certificate)

    def status(data: bytes):
        vc = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail")
        sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
        return validate_pdf_signature(sig, vc, key_usage_settings=KeyUsageConstraints(key_usage={"digital_signature"}))

    good = status(receipt.pdf)
    assert good.intact and good.valid and good.trusted
    assert "PAdES" in good.pades_subfilter if hasattr(good, "pades_subfilter") else True
    changed = bytearray(receipt.pdf)
    at = receipt.pdf.index(b"/Title")  # inside the signed byte range
    changed[at + 8] ^= 0x01
    bad = status(bytes(changed))
    assert not (bad.intact and bad.valid)
    assert ctx.documents.verify_pdf(bytes(changed)).reason == "pdf_bad_signature"


def test_verify_pdf_and_image_give_the_facts(office, receipt, tmp_path):
    ctx, _, rno = office
    v = ctx.documents.verify_pdf(receipt.pdf)
    assert v.ok, v.message
    assert v.facts["serial"] == receipt.serial and v.facts["receipt_no"] == rno
    assert v.facts["signed_by"]["terminal"] == "T1" and v.facts["pdf_signature"] == "valid"
    assert v.claims.matches_person("홍길동", "1990-01-01") and not v.claims.matches_person("홍길동", "1990-01-02")
    scan = tmp_path / "scan.png"
    _scan(receipt.pdf).save(scan)
    assert ctx.documents.verify_image(scan).ok
    code = ctx.documents.verify_code(receipt.code.lower().replace("-", " "))
    assert code.ok and code.facts["serial"] == receipt.serial
    assert ctx.documents.verify_code("ZZZZZ-ZZZZZ").reason == "code_unknown"


def test_a_changed_qr_payload_byte_fails_as_bad_signature(office, receipt):
    ctx, _, _ = office
    opened = sealmod.open_seal(receipt.qr_text)
    cose = cbor2.loads(zlib.decompress(sealmod.b45decode(receipt.qr_text[5:])))
    protected, unprotected, payload, signature = cose.value
    tampered = bytearray(payload)
    at = tampered.index(receipt.serial.encode()) + 5
    tampered[at] = ord("9") if tampered[at] != ord("9") else ord("8")
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected, dict(unprotected), bytes(tampered), signature]))
    text = "KRC1:" + sealmod.b45encode(zlib.compress(forged))
    verdict = ctx.documents.verify_text(text)
    assert not verdict.ok and verdict.reason == "bad_signature"
    assert opened.claims.cti == receipt.serial
    assert ctx.documents.verify_text("KRC1:%%%").reason == "malformed"
    assert ctx.documents.verify_text("HC1:abc").reason == "malformed"


def test_another_office_key_is_an_unknown_issuer_until_its_root_is_trusted(office):
    ctx, clock, _ = office
    root_key, root = pki.create_root("2611052000", "부산광역시 중구 동광동 행정복지센터", clock())
    key = pki.generate_key()
    cert = pki.issue_terminal_certificate(root_key, root, "T7", key.public_key(), clock())
    signer = pki.TerminalSigner(key, cert, root)
    now = int(clock().timestamp())
    sealed = sealmod.seal(
        signer,
        sealmod.Claims(
            "2611052000", now, now + 3600, "2611052-20261124-T7-0001X", "notice", extra={"nonce": b"12345678"}
        ),
    )
    verdict = ctx.documents.verify_text(sealed.text)
    assert not verdict.ok and verdict.reason == pki.UNKNOWN_ISSUER
    # a document claiming to be ours but signed by the other office's key is refused too
    fake = sealmod.seal(signer, sealmod.Claims(DEMO_HDONG, now, now + 3600, "x", "notice"))
    assert ctx.documents.verify_text(fake.text).reason == pki.UNKNOWN_ISSUER


def test_expired_document_fails_with_its_reason(office):
    ctx, clock, _ = office
    issued = ctx.documents.notice("C001")
    assert ctx.documents.verify_text(issued.qr_text).ok
    saved = clock.now
    clock.advance(days=8)  # a notice is valid 7 days
    try:
        verdict = ctx.documents.verify_text(issued.qr_text)
        assert not verdict.ok and verdict.reason == "expired"
        assert ctx.documents.verify_code(issued.code).reason == "expired"
    finally:
        clock.now = saved


def test_not_in_ledger_only_where_the_verifier_is_the_issuer(office):
    ctx, clock, _ = office
    signer = ctx.office.terminal_signer()
    now = int(clock().timestamp())
    unknown = sealmod.seal(signer, sealmod.Claims(DEMO_HDONG, now, now + 3600, "2611051-20261124-T1-9999Z", "notice"))
    assert ctx.documents.verify_text(unknown.text).reason == "not_in_ledger"


def test_reprint_keeps_the_serial_and_says_so_and_serials_are_gapless(office):
    ctx, _, rno = office
    first = ctx.documents.interim("C001", rno)
    again = ctx.documents.interim("C001", rno, "en")
    assert again.serial == first.serial and again.code == first.code and again.reprint == 1
    assert "REPRINT (1)" in _text(again.pdf) and "재발급" not in _text(first.pdf)
    assert "Interim confirmation" in _text(again.pdf)
    with ctx.db.read() as s:
        rows = s.execute(select(IssuedDocument.day, IssuedDocument.seq).order_by(IssuedDocument.id)).all()
    by_day: dict[str, list[int]] = {}
    for day, seq in rows:
        by_day.setdefault(day, []).append(seq)
    assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in by_day.values())
    assert all(sealmod.serial_is_well_formed(r["serial"]) for r in ctx.documents.ledger())
    with ctx.db.read() as s:
        from counter_app.offline.models import AuditEntry

        actions = [a for (a,) in s.execute(select(AuditEntry.action).where(AuditEntry.action.like("document.%")))]
    assert "document.print" in actions and "document.reprint" in actions


def test_interim_confirmation_ends_when_its_case_is_registered(office):
    ctx, clock, rno = office
    issued = ctx.documents.interim("C001", rno)
    assert ctx.documents.verify_text(issued.qr_text).ok
    with ctx.db.write() as s:
        s.execute(update(Case).where(Case.receipt_no == rno).values(registered_at=clock()))
    try:
        assert ctx.documents.verify_text(issued.qr_text).reason == "case_registered"
        assert ctx.documents.verify_code(issued.code).reason == "case_registered"
    finally:
        with ctx.db.write() as s:
            s.execute(update(Case).where(Case.receipt_no == rno).values(registered_at=None))


def test_revoked_terminal_certificate_fails_with_its_reason(office):
    ctx, _, rno = office
    issued = ctx.documents.receipt("C001", rno)
    ctx.office.revoke_certificate(PASSPHRASE, "S001", "stolen laptop")
    verdict = ctx.documents.verify_text(issued.qr_text)
    assert not verdict.ok and verdict.reason == pki.REVOKED
    assert ctx.documents.verify_pdf(issued.pdf).reason == pki.REVOKED


def test_notice_and_register_content(office):
    ctx, _, rno = office
    notice = _text(ctx.documents.notice("C001").pdf)
    root_fp = pki.fingerprint(ctx.office.require().root_certificate)
    assert "전산장애 안내문" in notice and "120" in notice and root_fp[:40] in notice.replace("\n", "")
    register = ctx.documents.register("C001", dt.date(2026, 11, 24))
    text = _text(register.pdf)
    assert "민원 처리부" in text and rno in text and "감사 기록 체인 헤드" in text and "홍*동" in text
    for secret in (RRN, PHONE, ADDRESS, "홍길동"):
        assert secret not in text


def test_render_is_reproducible_against_the_committed_snapshot():
    """The same spec (fixed seal text and issue time) gives the same bytes (Canvas invariant=1)."""
    spec = DocSpec(
        title="접수증",
        subtitle="Receipt of application",
        banner="법정 증명서가 아닙니다",
        watermark="임시 · 전산장애",
        rows=(("접수번호", "2611051000-20261124-T1-0001-X"), ("신청인", "홍길동")),
        paragraphs=("전산 복구 후 시스템 등록 예정",),
        qr_text="KRC1:" + "6BFOXN*TS0BIU%D5XGTQ4E1M" * 40,
        serial_label="문서번호",
        serial="2611051-20261124-T1-0001Q",
        code_label="확인코드",
        code="ABCDE-FGHJK",
        verify_hint="counter-app documents verify",
        issued_at_pdf="D:20261124010000+00'00'",
    )
    first, second = render(spec), render(spec)
    assert first == second
    assert hashlib.sha256(first).hexdigest() == SNAPSHOT.read_text().strip()


def test_what_is_not_a_document_is_answered_in_one_sentence(office, tmp_path):
    from counter_app.errors import UserError

    ctx, _, _ = office
    assert ctx.documents.verify_pdf(b"hello").reason == "not_a_pdf"
    unsigned = render(DocSpec(title="x", subtitle="y", banner="z", watermark="w"))
    assert ctx.documents.verify_pdf(unsigned).reason == "pdf_not_signed"
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x89PNG not really")
    with pytest.raises(UserError):
        ctx.documents.verify_image(junk)
    blank = tmp_path / "blank.png"
    from PIL import Image

    Image.new("L", (300, 300), 255).save(blank)
    assert ctx.documents.verify_image(blank).reason == "no_qr"
