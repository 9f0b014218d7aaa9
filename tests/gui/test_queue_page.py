"""The queue page and its model against the real CaseQueue."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE, sample_case, type_text  # tests/gui/conftest.py
from PySide6.QtCore import Qt, QTimer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers.ui_cases import insert_cases  # noqa: E402

N_BULK = 1000


@pytest.fixture
def bulk_ctx(office_ctx):
    """The office with 1000 cases spread over ~12 days from 2025-09-27."""
    insert_cases(
        office_ctx.paths.database, "2611051000", "T1", list(office_ctx.catalogue.services), N_BULK, spacing_s=1000
    )
    return office_ctx


def make_page(qtbot, ctx, actor, **kwargs):
    from counter_app.intake import CATEGORIES
    from counter_app.ui.queue_page import QueuePage

    page = QueuePage(
        ctx.queue, ctx.office, actor, category_labels={k: m.text() for k, m in CATEGORIES.items()}, **kwargs
    )
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_model_passes_qt_model_tester_on_1000_cases(qtmodeltester, bulk_ctx):
    from counter_app.ui.queue_model import QueueModel

    model = QueueModel(bulk_ctx.queue, page_size=200)
    assert model.rowCount() == bulk_ctx.queue.count()
    assert 950 < model.rowCount() < N_BULK  # drafts are not listed
    qtmodeltester.check(model)
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.AscendingOrder)
        qtmodeltester.check(model)


def test_rows_are_fetched_lazily_in_pages(qtbot, bulk_ctx, clerk):
    page = make_page(qtbot, bulk_ctx, clerk)
    model = page.model
    qtbot.waitUntil(lambda: model.queries >= 1, timeout=3000)  # the view paints its first screen
    assert model.queries == 1  # only the first page for the first screen
    last = model.rowCount() - 1
    assert model.row_at(last) is not None
    assert model.queries == 2  # one more page for the far end, nothing in between
    assert model.row_at(0) is not None and model.queries == 2  # cached


def test_sorting_by_header_requeries(qtbot, bulk_ctx, clerk):
    page = make_page(qtbot, bulk_ctx, clerk)
    newest = page.model.row_at(0).received_at
    page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    oldest = page.model.row_at(0).received_at
    assert oldest < newest
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    receipts = [page.model.row_at(i).receipt_no for i in range(50)]
    assert receipts == sorted(receipts)


def test_filters_by_state_name_receipt_and_date(qtbot, office_ctx, clerk):
    queue = office_ctx.queue
    first = queue.submit(clerk, sample_case())
    queue.submit(clerk, sample_case(applicant={"name": "김민수", "phone": "010-2222-3333"}))
    queue.submit(clerk, sample_case(applicant={"name": "김민지", "phone": "010-4444-5555"}))
    page = make_page(qtbot, office_ctx, clerk)
    assert page.model.rowCount() == 3

    with qtbot.waitSignal(page.filterApplied, timeout=2000):  # debounced: one query after typing stops
        type_text(qtbot, page.name, "김민")
    assert page.model.rowCount() == 2
    assert {page.model.row_at(i).applicant for i in range(2)} == {"김*수", "김*지"}
    assert "2" in page.count_label.text()

    page.clear_filters()
    assert page.model.rowCount() == 3
    with qtbot.waitSignal(page.filterApplied, timeout=2000):
        qtbot.keyClicks(page.receipt, first.receipt_no.split("-")[3])
    assert page.model.rowCount() == 1 and page.model.row_at(0).receipt_no == first.receipt_no

    page.clear_filters()
    page.state.setCurrentIndex(page.state.findData("SENT"))  # applied at once
    assert page.model.rowCount() == 0
    page.state.setCurrentIndex(page.state.findData("QUEUED"))
    assert page.model.rowCount() == 3

    page.clear_filters()
    today = first.received_at.astimezone(dt.timezone(dt.timedelta(hours=9))).date()
    with qtbot.waitSignal(page.filterApplied, timeout=2000):
        page.date_from.setDate(today + dt.timedelta(days=1))
    assert page.model.rowCount() == 0
    with qtbot.waitSignal(page.filterApplied, timeout=2000):
        page.date_from.setDate(today)
        page.date_to.setDate(today)
    assert page.model.rowCount() == 3


def test_filters_on_1000_cases(qtbot, bulk_ctx, clerk):
    page = make_page(qtbot, bulk_ctx, clerk)
    page.state.setCurrentIndex(page.state.findData("RETRY_WAIT"))
    n = page.model.rowCount()
    assert 0 < n < 200
    assert all(page.model.row_at(i).state == "RETRY_WAIT" for i in range(n))
    page.clear_filters()
    page.name.setText("김")
    page.apply_filter()
    assert all(page.model.row_at(i).applicant.startswith("김") for i in range(page.model.rowCount()))


def test_detail_is_masked(qtbot, office_ctx, clerk):
    result = office_ctx.queue.submit(clerk, sample_case())
    page = make_page(qtbot, office_ctx, clerk)
    page.select_row(0)
    html = page.detail.toPlainText()
    assert result.receipt_no in html
    assert "홍*동" in html and "홍길동" not in html
    assert "010-****-5678" in html and "1234-5678" not in html
    assert "가로등 고장" in html
    assert not page.reveal_button.isVisible()  # a clerk never sees the reveal button


def test_supervisor_reveals_the_rrn_with_passphrase_and_reason_and_it_is_audited(qtbot, office_ctx, clerk, supervisor):
    doc = sample_case(service="인감증명서 발급", category="statutory", title="인감 신청", content="인감증명서 1통")
    doc["applicant"] = dict(doc["applicant"], rrn="900101-1234568")
    result = office_ctx.queue.submit(clerk, doc)
    page = make_page(qtbot, office_ctx, supervisor)
    page.select_row(0)
    assert "900101-1******" in page.detail.toPlainText() or "900101-*******" in page.detail.toPlainText()
    assert "1234568" not in page.detail.toPlainText()
    assert page.reveal_button.isVisible() and page.reveal_button.isEnabled()

    dialog = page.ask_reveal()
    dialog.reason.setText("신청인 요청으로 번호 확인")
    dialog.passphrase.setText("wrong passphrase")
    dialog.try_reveal()  # the passphrase check runs on the writer lane; the form waits meanwhile
    assert dialog.pending is not None and not dialog.ok_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.pending is None, timeout=10000)
    assert dialog.isVisible() and "암호" in dialog.error.text()
    assert page.revealed_label.text() == ""

    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.try_reveal()
    assert "900101-1234568" in page.revealed_label.text()
    with office_ctx.db.read() as s:
        from sqlalchemy import select

        from counter_app.offline.models import AuditEntry

        entries = s.execute(select(AuditEntry).where(AuditEntry.action == "case.view_unmasked")).scalars().all()
    assert [(e.operator, e.case_id, e.reason) for e in entries] == [
        ("S100", result.case_id, "신청인 요청으로 번호 확인")
    ]
    page.select_row(0)  # moving the selection hides the number again
    page.view.clearSelection()
    page.refresh()
    assert page.revealed_label.text() == ""


def test_reveal_needs_a_reason(qtbot, office_ctx, clerk, supervisor):
    doc = sample_case(service="seal_certificate", category="statutory")
    doc["applicant"] = dict(doc["applicant"], rrn="900101-1234568")
    office_ctx.queue.submit(clerk, doc)
    page = make_page(qtbot, office_ctx, supervisor)
    page.select_row(0)
    dialog = page.ask_reveal()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_reveal()
    assert dialog.isVisible() and dialog.error.text()
    assert re.search(r"[가-힣]", dialog.error.text()) or "reason" in dialog.error.text()


def test_the_reveal_runs_off_the_gui_thread_and_a_lock_meanwhile_shows_nothing(qtbot, tasks):
    import threading

    from counter_app.ui.queue_page import RevealRrnDialog

    release, ran_on = threading.Event(), []

    def reveal(passphrase, reason):  # stands for the key derivation + audited read
        ran_on.append(threading.current_thread())
        release.wait(5)
        return "900101-1234568"

    dialog = RevealRrnDialog(reveal, tasks=tasks)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.reason.setText("확인")
    dialog.passphrase.setText("x")
    dialog.try_reveal()
    ticks = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks) and bool(ran_on), timeout=5000)  # the GUI thread goes on meanwhile
    assert ran_on[0] is not threading.main_thread()
    assert dialog.busy.isVisible() and dialog.passphrase.isReadOnly()
    dialog.reject()  # the window locked while the check ran
    release.set()
    qtbot.waitUntil(lambda: dialog.pending is None, timeout=5000)
    assert dialog.revealed is None
