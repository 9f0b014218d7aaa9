"""Correcting a queued case from the queue page: reason, the shared intake form, keyboard only."""

from __future__ import annotations

import json

import pytest
from conftest import sample_case, type_text  # tests/gui/conftest.py
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select


def make_page(qtbot, ctx, actor):
    from counter_app.ui.queue_page import QueuePage

    page = QueuePage(ctx.queue, ctx.office, actor)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def drive(ctx, case_id: str, *states: str) -> None:
    from counter_app.offline.models import Case

    with ctx.db.write() as s:
        case = s.execute(select(Case).where(Case.case_id == case_id)).scalar_one()
        for state in states:
            ctx.queue.transition(s, case, state, "SYNC")


def audit(ctx, action: str):
    from counter_app.offline.models import AuditEntry

    with ctx.db.read() as s:
        return list(s.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars())


def open_edit_dialog(qtbot, page, reason: str):
    """Edit…, type the reason, Enter: the correction form opens."""
    assert page.edit_button.isEnabled()
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    reason_dialog = page.edit_reason_dialog
    qtbot.waitUntil(reason_dialog.isVisible)
    reason_dialog.reason.setFocus()
    type_text(qtbot, reason_dialog.reason, reason)
    qtbot.keyClick(reason_dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.edit_dialog is not None and page.edit_dialog.isVisible(), timeout=3000)
    assert page.edit_reason_dialog is None  # closed and let go
    return page.edit_dialog


def test_clerk_corrects_the_phone_with_the_keyboard(qtbot, office_ctx, clerk):
    result = office_ctx.queue.submit(clerk, sample_case())
    page = make_page(qtbot, office_ctx, clerk)
    page.select_row(0)
    assert "010-****-5678" in page.detail.toPlainText()
    assert not page.reveal_button.isVisible()  # editing is clerk work; revealing stays supervisor-only

    dialog = open_edit_dialog(qtbot, page, "전화번호 오기")
    form = dialog.form
    assert form.name.text() == "홍길동" and form.phone.text() == "010-1234-5678"
    assert not form.rrn_visible()  # a general petition holds no RRN
    (view,) = audit(office_ctx, "case.view_for_edit")
    assert (view.operator, view.reason, view.case_id) == ("C100", "전화번호 오기", result.case_id)

    form.phone.setFocus()
    qtbot.waitUntil(form.phone.hasFocus)
    form.phone.selectAll()
    type_text(qtbot, form.phone, "010-2468-1357")
    with qtbot.waitSignal(page.caseEdited, timeout=3000) as edited:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert edited.args == [result.case_id]
    assert not dialog.isVisible() and dialog.result_value.changed == ["applicant.phone"]

    assert page.model.row_at(0).phone == "010-****-1357"
    assert "010-****-1357" in page.detail.toPlainText() and "2468" not in page.detail.toPlainText()
    (entry,) = audit(office_ctx, "case.edit")
    assert entry.reason == "전화번호 오기" and json.loads(entry.detail)["fields"] == ["applicant.phone"]
    assert "2468" not in entry.detail


def test_inline_validation_and_refused_save_keep_the_dialog_open(qtbot, office_ctx, clerk):
    office_ctx.queue.submit(clerk, sample_case())
    page = make_page(qtbot, office_ctx, clerk)
    page.select_row(0)
    dialog = open_edit_dialog(qtbot, page, "정정")
    form = dialog.form
    form.phone.setFocus()
    qtbot.waitUntil(form.phone.hasFocus)
    form.phone.selectAll()
    type_text(qtbot, form.phone, "120")
    qtbot.keyClick(form.phone, Qt.Key.Key_Tab)
    assert form.phone.text() == "120" and form.email.hasFocus()
    assert form.error_text("applicant.phone")  # checked on leaving the field, as on intake
    assert dialog.save() is not None  # started on the writer lane; the core refuses it
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.isVisible() and dialog.error_banner.isVisible()
    assert form.phone.hasFocus()
    assert office_ctx.queue.case_detail(page.model.row_at(0).case_id)["applicant"]["phone"] == "010-****-5678"
    qtbot.keyClick(form.phone, Qt.Key.Key_Escape)  # Esc cancels: nothing saved
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert audit(office_ctx, "case.edit") == []


def test_rrn_on_file_is_kept_when_left_empty(qtbot, office_ctx, clerk, supervisor):
    from conftest import PASSPHRASE

    doc = sample_case(service="인감증명서 발급", category="statutory", title="인감 신청", content="인감증명서 1통")
    doc["applicant"] = dict(doc["applicant"], rrn="900101-1234568")
    result = office_ctx.queue.submit(clerk, doc)
    page = make_page(qtbot, office_ctx, clerk)
    page.select_row(0)
    dialog = open_edit_dialog(qtbot, page, "제목 정정")
    form = dialog.form
    assert form.rrn_visible() and form.rrn.value() == ""
    assert form.rrn_note.isVisible() and form.rrn_note.text()
    form.title.setFocus()
    form.title.selectAll()
    type_text(qtbot, form.title, "인감 발급 신청")
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        qtbot.keyClick(form.title, Qt.Key.Key_Return)  # Enter in a one-line field saves, once
    assert dialog.result_value.changed == ["title"]
    keys = office_ctx.office.unlock(PASSPHRASE)
    assert office_ctx.queue.reveal_rrn(supervisor, result.case_id, keys, "확인") == "900101-1234568"


@pytest.mark.parametrize("path", [("SENDING", "SENT"), ("SENDING", "RETRY_WAIT")])
def test_edit_is_disabled_once_sent(qtbot, office_ctx, clerk, path):
    result = office_ctx.queue.submit(clerk, sample_case())
    drive(office_ctx, result.case_id, *path)
    page = make_page(qtbot, office_ctx, clerk)
    page.select_row(0)
    assert page.edit_button.isVisible() and not page.edit_button.isEnabled()
    assert page.ask_edit() is None


def test_locking_closes_the_edit_dialog_without_saving(qtbot, office_ctx, clerk):
    office_ctx.queue.submit(clerk, sample_case())
    page = make_page(qtbot, office_ctx, clerk)
    page.select_row(0)
    dialog = open_edit_dialog(qtbot, page, "정정")
    dialog.form.title.setText("잠금 전에 고친 제목")
    page.on_lock()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.edit_dialog is None
    assert audit(office_ctx, "case.edit") == []
    assert office_ctx.queue.case_detail(page.model.row_at(0).case_id)["title"] == "가로등 고장"


def test_reason_dialog_requires_a_reason(qtbot, office_ctx, clerk):
    office_ctx.queue.submit(clerk, sample_case())
    page = make_page(qtbot, office_ctx, clerk)
    page.select_row(0)
    reason_dialog = page.ask_edit()
    reason_dialog.try_accept()
    assert reason_dialog.isVisible() and reason_dialog.error.isVisible()
    assert page.edit_dialog is None and audit(office_ctx, "case.view_for_edit") == []


def test_edit_button_and_form_are_korean(qtbot, korean, office_ctx, clerk):
    office_ctx.queue.submit(clerk, sample_case())
    page = make_page(qtbot, office_ctx, clerk)
    assert page.edit_button.text() == "수정…"
    page.select_row(0)
    dialog = open_edit_dialog(qtbot, page, "정정")
    assert dialog.save_button.text() == "수정 저장 (Ctrl+Enter)"
    assert dialog.form._row_labels["applicant.phone"].text() == "전화번호"
