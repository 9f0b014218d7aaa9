"""Extending a case's period from the queue page (시행령 제21조), and ad hoc holidays in the outage
dialog (관공서의 공휴일에 관한 규정 제2조11호): supervisor work, keyboard first, audited by the core.

The sample case is a 7-day grievance (시행령 제17조①) received Tue 2026-11-24 10:00 KST:
24-27 Nov, 30 Nov, 1-2 Dec -> due Wed 2 Dec (법 제19조②). One extension by at most 7 more days:
3-4, 7-11 Dec -> Fri 11 Dec 18:00 at the latest.
"""

from __future__ import annotations

from conftest import sample_case, type_text  # tests/gui/conftest.py
from helpers.gui_writes import submit  # the intake save runs on the writer lane
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from sqlalchemy import select


def make_page(qtbot, ctx, actor):
    from counter_app.ui.queue_page import QueuePage

    page = QueuePage(ctx.queue, ctx.office, actor)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def actions(ctx, action: str) -> list:
    from counter_app.offline.models import AuditEntry

    with ctx.db.read() as s:
        return list(s.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars())


def test_a_clerk_has_no_extend_button(qtbot, office_ctx, clerk):
    office_ctx.queue.submit(clerk, sample_case())
    page = make_page(qtbot, office_ctx, clerk)
    page.select_row(0)
    assert not page.extend_button.isVisible() and page.ask_extend() is None


def test_supervisor_extends_with_the_keyboard_within_the_original_period(qtbot, korean, office_ctx, clerk, supervisor):
    result = office_ctx.queue.submit(clerk, sample_case())
    assert result.due_date.isoformat() == "2026-12-02"
    page = make_page(qtbot, office_ctx, supervisor)
    page.select_row(0)
    assert "처리기간" in page.detail.toPlainText() and "시행령 제17조" in page.detail.toPlainText()
    assert page.extend_button.isVisible() and page.extend_button.isEnabled()
    qtbot.mouseClick(page.extend_button, Qt.MouseButton.LeftButton)
    dialog = page.extend_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.until_edit.dateTime() == QDateTime(QDate(2026, 12, 2), QTime(18, 0))  # the current due date
    # one working day beyond the limit: refused, naming the latest lawful time; the dialog stays
    dialog.until_edit.setDateTime(QDateTime(QDate(2026, 12, 14), QTime(18, 0)))
    dialog.reason_edit.setFocus()
    qtbot.waitUntil(dialog.reason_edit.hasFocus)
    type_text(qtbot, dialog.reason_edit, "관계 기관 회신 대기")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.saving)  # the refusal comes back from the writer lane
    assert dialog.isVisible() and "2026-12-11 18:00" in dialog.error.text()
    assert actions(office_ctx, "case.extend") == []
    dialog.until_edit.setDateTime(QDateTime(QDate(2026, 12, 11), QTime(18, 0)))
    dialog.reason_edit.setFocus()
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.extend_dialog is None)
    assert dialog.result_value.due_date.isoformat() == "2026-12-11"
    assert "2026-12-11" in page.action_message.text() and "문서" in page.action_message.text()
    text = page.detail.toPlainText()
    assert "2026-12-11" in text and "연장" in text
    (entry,) = actions(office_ctx, "case.extend")
    assert (entry.operator, entry.reason, entry.case_id) == ("S100", "관계 기관 회신 대기", result.case_id)


def test_a_workload_reason_is_refused_in_the_dialog(qtbot, office_ctx, clerk, supervisor):
    office_ctx.queue.submit(clerk, sample_case())
    page = make_page(qtbot, office_ctx, supervisor)
    page.select_row(0)
    dialog = page.ask_extend()
    qtbot.waitUntil(dialog.isVisible)
    dialog.until_edit.setDateTime(QDateTime(QDate(2026, 12, 4), QTime(18, 0)))
    dialog.reason_edit.setText("업무과중")
    assert dialog.try_extend()  # started on the writer lane
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.isVisible() and "제21조②" in dialog.error.text()
    assert actions(office_ctx, "case.extend") == []


def test_ad_hoc_holidays_in_the_outage_dialog_move_due_dates(qtbot, office_ctx, clerk, supervisor, clock):
    """With Thu 26 Nov 2026 an ad hoc holiday the 7th working day is Thu 3 Dec; removed, Wed 2 Dec."""
    from counter_app.ui.outage_dialog import OutageDialog

    result = office_ctx.queue.submit(clerk, sample_case())
    dialog = OutageDialog(office_ctx.queue, supervisor, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.holiday_table.rowCount() == 0 and not dialog.remove_holiday_button.isEnabled()
    dialog.holiday_date.setDate(QDate(2026, 11, 26))
    dialog.holiday_name.setFocus()
    type_text(qtbot, dialog.holiday_name, "임시공휴일")
    with qtbot.waitSignal(dialog.windowsChanged, timeout=3000):
        qtbot.mouseClick(dialog.add_holiday_button, Qt.MouseButton.LeftButton)
    assert dialog.holiday_table.rowCount() == 1 and dialog.holiday_table.item(0, 0).text() == "2026-11-26"
    assert office_ctx.queue.case_detail(result.case_id)["due_date"] == "2026-12-03"
    assert dialog.add_holiday()  # the same day again: started on the writer lane, refused, said in the dialog
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.message_label.styleSheet() == "color: #b71c1c;" and dialog.message_label.text()
    assert dialog.holiday_table.rowCount() == 1
    dialog.holiday_table.setCurrentCell(0, 0)
    with qtbot.waitSignal(dialog.windowsChanged, timeout=3000):
        qtbot.mouseClick(dialog.remove_holiday_button, Qt.MouseButton.LeftButton)
    assert dialog.holiday_table.rowCount() == 0
    assert office_ctx.queue.case_detail(result.case_id)["due_date"] == "2026-12-02"
    assert [e.action for e in actions(office_ctx, "holiday.add") + actions(office_ctx, "holiday.remove")] == [
        "holiday.add",
        "holiday.remove",
    ]


def test_the_intake_banner_marks_an_unconfirmed_period(qtbot, office_ctx, clerk):
    """Issue 12 item 5: the 즉시 of 등·초본 is not confirmed against the 민원처리기준표, so the saved
    banner says so next to the due date; a confirmed class period (고충 7일, 시행령 제17조①) does not."""
    from counter_app.ui.intake_page import IntakePage

    page = IntakePage(office_ctx.queue, office_ctx.catalogue, actor=clerk, draft_delay_ms=50)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.fill(sample_case(service="주민등록표 등본 발급", category="statutory", title="등본 발급"))
    result = submit(qtbot, page)
    assert result is not None and not result.due_confirmed
    assert "2026-11-24" in page.due_label.text() and "미확인" in page.due_label.text()
    page.fill(sample_case())
    assert submit(qtbot, page) is not None
    assert "2026-12-02" in page.due_label.text() and "미확인" not in page.due_label.text()
