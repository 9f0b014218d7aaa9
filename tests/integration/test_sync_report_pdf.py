"""The signed PDF sync report (issue 10 §3, document kind `sync-report`): every case's receipt
number and official number in its text layer, a PDF signature pyHanko validates, `documents
verify` accepts it, a changed byte is refused; the CLI writes PDF or CSV by the file's name."""

from __future__ import annotations

import io
import json

import pytest
from conftest import PASSPHRASE
from helpers.cli import run_cli
from helpers.operators import add_operators_to_dir, as_operator
from helpers.sync import (
    TOKEN,
    Sleeps,
    queue_cases,
)
from sqlalchemy import select

from counter_app.actor import Actor
from counter_app.offline.models import AuditEntry, Case, IssuedDocument
from counter_app.sync.engine import SyncOptions
from counter_app.sync.intake_api import IntakeApiClient
from counter_app.sync.server import Faults

SUPERVISOR = Actor("S001", "감독자", role="supervisor")


def _sync(ctx, server, batch=20):
    keys = ctx.office.unlock(PASSPHRASE, by="test")
    client = IntakeApiClient(server.url, TOKEN)
    try:
        return ctx.sync.engine(
            client, actor_id="S001", unsealer=keys.unsealer, options=SyncOptions(batch=batch), sleep=Sleeps()
        ).run()
    finally:
        client.close()


def _text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _pyhanko_status(ctx, data: bytes):
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    root = ax509.Certificate.load(ctx.office.require().root_certificate)
    vc = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail")
    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    return validate_pdf_signature(sig, vc, key_usage_settings=KeyUsageConstraints(key_usage={"digital_signature"}))


def _cases(ctx) -> list[tuple[str, str | None, str]]:
    with ctx.db.read() as s:
        return [tuple(r) for r in s.execute(select(Case.receipt_no, Case.official_no, Case.state)).all()]


def test_the_pdf_report_lists_every_case_with_its_official_number_and_is_signed(office_ctx, server, tmp_path):
    queue_cases(office_ctx, 130, rrn_every=7)  # three pages and more
    server.set_faults(Faults(invalid=1, seed=3))  # one case refused: quarantined, listed without a number
    result = _sync(office_ctx, server)
    assert result.counts["sent"] == 129 and result.counts["quarantined"] == 1
    out = tmp_path / "sync-report.pdf"
    assert office_ctx.sync.write_report(SUPERVISOR, out, lang="ko") == 130
    pdf = out.read_bytes()
    assert out.stat().st_mode & 0o077 == 0

    text = _text(pdf)
    cases = _cases(office_ctx)
    assert len(cases) == 130
    for receipt_no, official_no, state in cases:
        assert receipt_no in text
        if state == "SENT":
            assert official_no and official_no in text
    assert "동기화 결과 보고서" in text and "홍길동" not in text  # no names, phones or addresses
    assert "등록 완료" in text and "129 / 130" in text

    status = _pyhanko_status(office_ctx, pdf)
    assert status.intact and status.valid and status.trusted
    verdict = office_ctx.documents.verify_pdf(pdf)
    assert verdict.ok, verdict.message
    assert verdict.facts["typ"] == "sync-report" and verdict.facts["pdf_signature"] == "valid"
    assert verdict.claims.extra["cases"] == 130

    changed = bytearray(pdf)
    changed[pdf.index(b"/Title") + 8] ^= 0x01
    assert not office_ctx.documents.verify_pdf(bytes(changed)).ok

    with office_ctx.db.read() as s:
        row = s.execute(select(IssuedDocument).where(IssuedDocument.serial == verdict.facts["serial"])).scalar_one()
        assert row.typ == "sync-report" and row.prints == 1
        actions = [
            (e.action, e.detail)
            for e in s.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(2)).scalars()
        ]
        assert actions[0][0] == "sync.report" and json.loads(actions[0][1])["format"] == "pdf"
        assert actions[1][0] == "document.print" and json.loads(actions[1][1])["typ"] == "sync-report"
        assert office_ctx.audit.verify(s).ok


def test_a_number_too_wide_for_its_column_goes_on_over_the_next_line_whole(office_ctx, tmp_path):
    from counter_app.documents.sync_report import _table_rows

    wide = "OFFICIAL-" + "1234567890" * 5
    rows = _table_rows([("R-1", "2026-11-24 10:00", "Sent", wide, "2026-11-25 09:00")], 481.9)
    assert len(rows) > 1 and "".join(r[3] for r in rows) == wide
    assert [r[0] for r in rows] == ["R-1"] + [""] * (len(rows) - 1)


def test_only_a_supervisor_makes_the_report(office_ctx, tmp_path):
    from counter_app.errors import UserError

    with pytest.raises(UserError):
        office_ctx.sync.write_report(Actor("C001", "창구"), tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_cli_sync_report_writes_a_pdf_documents_verify_accepts_and_still_csv(office_dir, tmp_path, capsys, monkeypatch):
    from counter_app.app import open_context

    add_operators_to_dir(office_dir)
    ctx = open_context(office_dir, lang="ko")
    try:
        queue_cases(ctx, 5)
    finally:
        ctx.close()
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    pdf = tmp_path / "report.pdf"
    code, out, err = run_cli(
        capsys, "--data-dir", str(office_dir), "--lang", "en", *as_operator(monkeypatch, "S001"), "sync", "report",
        "--out", str(pdf),
    )  # fmt: skip
    assert code == 0 and "5 case(s)" in out, err
    assert pdf.read_bytes().startswith(b"%PDF")
    code, out, err = run_cli(capsys, "--data-dir", str(office_dir), "documents", "verify", str(pdf), "--json")
    assert code == 0, err
    facts = json.loads(out)
    assert facts["ok"] and facts["typ"] == "sync-report"
    csv_path = tmp_path / "report.csv"
    code, out, err = run_cli(
        capsys, "--data-dir", str(office_dir), *as_operator(monkeypatch, "S001"), "sync", "report", "--out",
        str(csv_path),
    )  # fmt: skip
    assert code == 0, err
    assert csv_path.read_text(encoding="utf-8-sig").startswith("receipt_no,case_id")


def test_a_state_label_too_wide_breaks_at_its_space():
    from counter_app.documents.sync_report import _pieces

    pieces = _pieces("Waiting to retry", 40)
    assert len(pieces) == 2 and " ".join(pieces) == "Waiting to retry"
    assert _pieces("short", 40) == ["short"]
