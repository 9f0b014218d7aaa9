"""Printed documents (issue 9): render-and-sign per receipt against a raw reportlab page with the
same font and text (baseline, measured in the same run; aim ≤ 3×), a batch of 500 receipts
(documents per second, peak memory), and verification of a PDF and of a 150-dpi image.

One receipt = ledger row + audit entry (durable commit), COSE seal, QR, A4 render with the
embedded NanumGothic subset, PAdES signature. The baseline draws the same rows, paragraph and
watermark text with the same registered font on one A4 page (no QR, no signature, no database).
Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # helpers.*

from helpers.intake import CONTRACT_DOC, PETITION_DOC  # noqa: E402

from counter_app.actor import os_actor  # noqa: E402
from counter_app.app import open_context  # noqa: E402

RUNS = 25
BATCH = 500


def raw_page(spec) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from counter_app.documents.render import FONT, register_fonts

    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(FONT, 54)
    for dy in (-260, 0, 260):
        c.drawCentredString(297, 421 + dy, spec.watermark)
    c.setFont(FONT, 10.5)
    y = 760
    for text in (
        spec.banner,
        spec.title,
        spec.subtitle,
        *(f"{a} {b}" for a, b in spec.rows),
        *spec.paragraphs,
        spec.serial,
        spec.code,
        spec.verify_hint,
    ):
        c.drawString(57, y, text[:90])
        y -= 18
    c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "office"
        d.mkdir()
        ctx = open_context(d, lang="ko")
        ctx.office.init("2611051000", "T1", "김담당", "correct horse battery", operator="bench")
        ctx.__dict__.pop("audit", None)
        actor = os_actor()
        receipts = [
            ctx.queue.submit(actor, CONTRACT_DOC if i % 2 else PETITION_DOC).receipt_no for i in range(BATCH + RUNS + 1)
        ]
        docs = ctx.documents
        docs.receipt("bench", receipts[-1])  # warm: imports, font, key file

        # the spec the service renders, for the baseline's text
        from counter_app.documents.content import SealFacts, case_document

        printable = ctx.queue.print_case(ctx.queue.find_by_receipt(receipts[0]).case_id)
        now = dt.datetime.now(dt.UTC)
        spec = case_document(
            "receipt",
            printable,
            "김담당",
            SealFacts("2611051-20261124-T1-0001Q", "ABCDE-FGHJK", "", now, now, None),
            "ko",
        )
        raw_page(spec)

        ours, base = [], []
        for i in range(RUNS):
            t = time.perf_counter()
            issued = docs.receipt("bench", receipts[i])
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            raw_page(spec)
            base.append(time.perf_counter() - t)

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        for rno in receipts[RUNS : RUNS + BATCH]:
            docs.receipt("bench", rno)
        batch_s = time.perf_counter() - t
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        verify_pdf, verify_img = [], []
        from counter_app.documents.service import render_page_image

        scan = Path(tmp) / "scan.png"
        render_page_image(issued.pdf).save(scan)
        for _ in range(10):
            t = time.perf_counter()
            assert docs.verify_pdf(issued.pdf).ok
            verify_pdf.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert docs.verify_image(scan).ok
            verify_img.append(time.perf_counter() - t)
        ctx.close()

    p50, b50 = statistics.median(ours), statistics.median(base)
    print(
        json.dumps(
            {
                "bench": "documents",
                "receipt_render_sign_ms_p50": round(p50 * 1000, 1),
                "raw_reportlab_page_ms_p50": round(b50 * 1000, 1),
                "ratio": round(p50 / b50, 2),
                "batch": BATCH,
                "batch_docs_per_s": round(BATCH / batch_s, 1),
                "peak_rss_mb": round(rss_after / 1024, 1),
                "rss_growth_during_batch_mb": round((rss_after - rss_before) / 1024, 1),
                "verify_pdf_ms_p50": round(statistics.median(verify_pdf) * 1000, 1),
                "verify_150dpi_image_ms_p50": round(statistics.median(verify_img) * 1000, 1),
                "pdf_bytes": len(issued.pdf),
            }
        )
    )


if __name__ == "__main__":
    main()
