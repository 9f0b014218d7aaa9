"""Two copies on one sheet (issue 9 §1, `documents receipt|interim … --copies 2`): one A4 landscape
page with the applicant's copy (민원인용) and the office's (기관보관용) side by side, the same serial
and QR code in both, readable from a 150-dpi rendering; signed like any document, verified from
the PDF and from the scan; one serial and one print in the ledger, the copies named in the audit."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import pytest
import test_cli_office
import zxingcpp
from helpers.intake import CONTRACT_DOC, PETITION_DOC
from sqlalchemy import select
from test_cli_office import INIT

from counter_app.actor import os_actor
from counter_app.offline.models import AuditEntry, DocumentPrint, IssuedDocument

env = test_cli_office.env
run = test_cli_office.run


def _pages(pdf: bytes):
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        return len(doc), page.get_size(), page.get_textpage().get_text_range(), page.render(scale=150 / 72).to_pil()
    finally:
        doc.close()


def test_two_copies_side_by_side_on_one_signed_sheet(office_ctx):
    rno = office_ctx.queue.submit(os_actor(), CONTRACT_DOC).receipt_no
    issued = office_ctx.documents.receipt("C001", rno, copies=2)
    count, (width, height), text, scan = _pages(issued.pdf)
    assert count == 1 and width > height  # A4 landscape: two A5 portrait copies
    assert text.count("민원인용") == 1 and text.count("기관보관용") == 1
    assert text.count(issued.serial) >= 2 and text.count(rno) == 2 and text.count("접수증") >= 2
    found = [r for r in zxingcpp.read_barcodes(scan.convert("L")) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(found) == 2 and {r.text for r in found} == {issued.qr_text}
    xs = sorted(r.position.top_left.x for r in found)
    assert xs[0] < scan.width / 2 < xs[1]  # one code in each half
    assert CONTRACT_DOC["applicant"]["rrn"].encode() not in issued.pdf

    verdict = office_ctx.documents.verify_pdf(issued.pdf)
    assert verdict.ok and verdict.facts["pdf_signature"] == "valid" and verdict.facts["serial"] == issued.serial

    with office_ctx.db.read() as s:
        (doc,) = s.execute(select(IssuedDocument).where(IssuedDocument.serial == issued.serial)).scalars()
        prints = s.execute(select(DocumentPrint).where(DocumentPrint.document_id == doc.id)).scalars().all()
        detail = s.execute(
            select(AuditEntry.detail).where(AuditEntry.action == "document.print").order_by(AuditEntry.seq.desc())
        ).scalar()
    assert doc.prints == 1 and len(prints) == 1 and json.loads(detail)["copies"] == 2


def test_english_labels_and_the_interim_confirmation(office_ctx):
    rno = office_ctx.queue.submit(os_actor(), PETITION_DOC).receipt_no
    issued = office_ctx.documents.interim("C001", rno, "en", copies=2)
    _, _, text, _ = _pages(issued.pdf)
    assert "Applicant's copy" in text and "Office copy" in text and "Interim confirmation" in text


def test_copies_is_one_or_two(office_ctx):
    from counter_app.errors import UserError

    rno = office_ctx.queue.submit(os_actor(), PETITION_DOC).receipt_no
    with pytest.raises(UserError):
        office_ctx.documents.receipt("C001", rno, copies=3)


def test_cli_copies_2_and_verify_from_the_scan(env, run, tmp_path):
    assert run(*INIT)[0] == 0
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(PETITION_DOC, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("intake", "add", str(case_file), "--json")
    assert code == 0, err
    rno = json.loads(out)["receipt_no"]
    pdf = tmp_path / "two.pdf"
    code, out, err = run("documents", "receipt", rno, "--out", str(pdf), "--copies", "2")
    assert code == 0, err
    serial = out.split()[1]
    scan = tmp_path / "two.png"
    _pages(pdf.read_bytes())[3].save(scan)
    for argv in (("documents", "verify", str(pdf), "--json"), ("documents", "verify", "--image", str(scan), "--json")):
        code, out, err = run(*argv)
        assert code == 0, err
        assert json.loads(out)["serial"] == serial
    code, out, err = run("documents", "receipt", rno, "--out", str(pdf), "--copies", "3")
    assert code == 2  # usage: argparse refuses it
