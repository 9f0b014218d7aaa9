"""The 동기화 page: a supervisor syncs off the GUI thread with progress and cancel, sees the cases
that need a person, and re-queues or marks them registered with a reason."""

from __future__ import annotations

import pytest
from conftest import PASSPHRASE  # tests/gui/conftest.py
from helpers.sync import TOKEN, queue_cases

from counter_app.sync.server import Faults, IntakeApiServer


@pytest.fixture
def server(tmp_path):
    srv = IntakeApiServer(tmp_path / "server.sqlite", TOKEN).start()
    yield srv
    srv.stop()


@pytest.fixture
def page(qtbot, office_ctx):
    from counter_app.ui.sync_page import SyncPage
    from counter_app.ui.tasks import TaskRunner

    tasks = TaskRunner()
    widget = SyncPage(office_ctx.sync, office_ctx.office, tasks)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    yield widget
    tasks.shutdown()


def test_a_supervisor_syncs_the_queue_off_the_gui_thread(qtbot, office_ctx, page, server, supervisor, clerk):
    queue_cases(office_ctx, 40)
    page.refresh()
    assert "40" in page.stats_label.text()
    page.set_actor(clerk)
    assert not page.start_button.isEnabled() and page.start_sync(PASSPHRASE) is None  # clerks cannot
    page.set_actor(supervisor)
    page.target_edit.setText(f"intake-api:{server.url}")
    page.token_edit.setText(TOKEN)
    page.batch_spin.setValue(10)
    handle = page.start_sync(PASSPHRASE)
    assert handle is not None and handle.lane == "write" and page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=20000)
    assert page.last_result.status == "done" and page.last_result.counts["sent"] == 40
    assert server.store.count() == 40 and page.progress.value() == page.progress.maximum()
    assert "40" in page.result_label.text() and page.start_button.isEnabled()
    assert page.model.rowCount() == 0


def test_quarantined_cases_are_listed_and_can_be_requeued_or_marked_registered(
    qtbot, office_ctx, page, server, supervisor
):
    queue_cases(office_ctx, 5, rrn_every=0)
    server.set_faults(Faults(invalid=2, seed=1))
    page.set_actor(supervisor)
    page.target_edit.setText(f"intake-api:{server.url}")
    page.token_edit.setText(TOKEN)
    page.start_sync(PASSPHRASE)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=20000)
    assert page.model.rowCount() == 2
    assert "HTTP 422" in page.model.item(0, 3).text()
    page.table.selectRow(0)
    first, _ = page.selected_case()
    page.requeue_selected(reason="중앙 시스템 오류 수정됨")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert office_ctx.queue.case_record(first).state == "QUEUED"
    page.table.selectRow(0)
    second, _ = page.selected_case()
    page.mark_selected_registered(official_no="2AA-2611-000777", reason="새올에 직접 입력")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    record = office_ctx.queue.case_record(second)
    assert record.state == "REGISTERED_MANUALLY" and record.official_no == "2AA-2611-000777"


def test_cancel_stops_the_run_and_nothing_is_left_sending(qtbot, office_ctx, page, server, supervisor):
    queue_cases(office_ctx, 60, rrn_every=0)
    server.set_faults(Faults(slow=1.0, slow_seconds=0.05, seed=1))
    page.set_actor(supervisor)
    page.target_edit.setText(f"intake-api:{server.url}")
    page.token_edit.setText(TOKEN)
    page.batch_spin.setValue(1)
    page.start_sync(PASSPHRASE)
    qtbot.waitUntil(lambda: server.stats.posts >= 2, timeout=10000)
    page.cancel_sync()
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10000)
    assert page.last_result.status == "cancelled"
    by_state = office_ctx.queue.stats()["by_state"]
    assert by_state["SENDING"] == 0 and server.store.count() < 60
    # the request in flight when Cancel came: its answer was dropped, so its outcome is unknown
    assert by_state["SENT"] <= server.store.count() <= by_state["SENT"] + by_state["UNKNOWN_OUTCOME"]
    assert by_state["SENT"] + by_state["UNKNOWN_OUTCOME"] + by_state["QUEUED"] + by_state["RETRY_WAIT"] == 60


def test_assisted_reentry_copies_fields_and_records_the_official_number(qtbot, office_ctx, page, supervisor):
    from PySide6.QtGui import QGuiApplication

    (case_id,) = queue_cases(office_ctx, 1, rrn_every=1)
    stored = office_ctx.queue.case_record(case_id)
    # a case the central system could not take by API: quarantined by a refusing server
    srv = IntakeApiServer(office_ctx.paths.root.parent / "r.sqlite", TOKEN, faults=Faults(invalid=1, seed=1)).start()
    try:
        page.set_actor(supervisor)
        page.target_edit.setText(f"intake-api:{srv.url}")
        page.token_edit.setText(TOKEN)
        page.start_sync(PASSPHRASE)
        qtbot.waitUntil(lambda: page.last_result is not None, timeout=20000)
    finally:
        srv.stop()
    page.table.selectRow(0)
    page.open_reentry()
    qtbot.waitUntil(lambda: page.reentry_dialog is not None and page.reentry_dialog.isVisible(), timeout=5000)
    dialog = page.reentry_dialog
    dialog.copy_buttons["Phone"].click()
    assert QGuiApplication.clipboard().text() == stored.applicant_phone == dialog.copied
    dialog.official_edit.setText("SAEOL-2026-000123")
    dialog.reason_edit.setText("새올 직접 입력")
    dialog._register()
    qtbot.waitUntil(lambda: office_ctx.queue.case_record(case_id).state == "REGISTERED_MANUALLY", timeout=5000)
    assert office_ctx.queue.case_record(case_id).official_no == "SAEOL-2026-000123"
    from sqlalchemy import select

    from counter_app.offline.models import AuditEntry

    with office_ctx.db.read() as s:
        actions = s.execute(select(AuditEntry.action).where(AuditEntry.case_id == case_id)).scalars().all()
    assert "case.view_for_reentry" in actions and "sync.registered_manually" in actions


def test_the_report_button_writes_the_signed_pdf_and_the_csv(qtbot, office_ctx, page, tmp_path, supervisor, clerk):
    queue_cases(office_ctx, 3, rrn_every=0)
    page.set_actor(clerk)
    assert not page.report_button.isEnabled() and page.write_report(str(tmp_path / "no.pdf")) is None
    page.set_actor(supervisor)
    assert page.report_button.isEnabled()
    pdf = tmp_path / "report.pdf"
    handle = page.write_report(str(pdf))
    assert handle is not None and handle.lane == "write"
    qtbot.waitUntil(lambda: page.last_report is not None, timeout=20000)
    assert page.last_report == (str(pdf), 3) and "3" in page.result_label.text()
    verdict = office_ctx.documents.verify_pdf(pdf.read_bytes())
    assert verdict.ok and verdict.facts["typ"] == "sync-report"
    csv_path = tmp_path / "report.csv"
    page.write_report(str(csv_path))
    qtbot.waitUntil(lambda: page.last_report == (str(csv_path), 3), timeout=20000)
    assert csv_path.read_text(encoding="utf-8-sig").count("\n") == 4  # header and three cases
