"""The ledger commit in plain SQL keeps the serials gapless under concurrency: two threads issuing
receipts at once, each commit its own BEGIN IMMEDIATE transaction on the real database, get the
sequence 1…N of the day with no number taken twice or skipped, one print row and one audit entry
per document, and the audit chain intact."""

from __future__ import annotations

import threading

from helpers.intake import PETITION_DOC
from sqlalchemy import func, select

from counter_app.actor import os_actor
from counter_app.offline.models import AuditEntry, DocumentPrint, IssuedDocument


def test_concurrent_issues_take_every_sequence_number_once(office_ctx):
    receipts = [office_ctx.queue.submit(os_actor(), PETITION_DOC).receipt_no for _ in range(16)]
    issued: list = []
    errors: list = []

    def worker(numbers):
        try:
            for rno in numbers:
                issued.append(office_ctx.documents.receipt("C001", rno))
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(receipts[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors and len(issued) == 16
    with office_ctx.db.read() as s:
        seqs = sorted(s.execute(select(IssuedDocument.seq)).scalars())
        prints = s.execute(select(func.count()).select_from(DocumentPrint)).scalar()
        entries = s.execute(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "document.print")
        ).scalar()
        assert office_ctx.audit.verify(s).ok
    assert seqs == list(range(1, 17)) and prints == 16 and entries == 16
    assert len({i.serial for i in issued}) == 16 and len({i.code for i in issued}) == 16
    assert all(office_ctx.documents.verify_text(i.qr_text).ok for i in issued)
