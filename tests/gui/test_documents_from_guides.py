"""Printed documents from the whole window (issue 9 §4): a guide's print step prints — the interim
confirmation of the case the walk's intake form saved, the receipt of a number the clerk types when
the walk has none, the outage notice — each a signed PDF with its ledger row; and Documents →
Verify (Ctrl+Shift+V) opens the verify dialog from any page. The main window, a real office,
offscreen, driven by the keyboard."""

from __future__ import annotations

import pytest
from conftest import open_signed_in, sample_case, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from counter_app.offline.models import IssuedDocument


def focused():
    return QApplication.focusWidget()


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), k, modifier)


@pytest.fixture
def window(qtbot, office_ctx, clerk):
    w = open_signed_in(qtbot, office_ctx)
    yield w
    w.tasks.shutdown()


def _ledger(ctx) -> list[tuple[str, str | None]]:
    with ctx.db.read() as s:
        return [(r.typ, r.receipt_no) for r in s.execute(select(IssuedDocument).order_by(IssuedDocument.id)).scalars()]


def _start_guide(qtbot, window, guide_id: str):
    key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # 업무 절차
    page = window.pages["procedures"]
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    page.open_guide(guide_id)
    qtbot.waitUntil(lambda: page.walk is not None and page.walk.guide.id == guide_id, timeout=5000)
    return page


def _preview(qtbot, window):
    actions = window.document_actions()
    qtbot.waitUntil(lambda: actions.preview is not None and actions.preview.isVisible(), timeout=15000)
    return actions.preview.issued


def _check_signed(ctx, issued, typ: str, receipt_no: str | None) -> None:
    assert issued.typ == typ and issued.pdf.startswith(b"%PDF-") and b"/ETSI.CAdES.detached" in issued.pdf
    verdict = ctx.documents.verify_pdf(issued.pdf)
    assert verdict.ok, verdict.message
    assert verdict.facts["pdf_signature"] == "valid" and verdict.facts["receipt_no"] == receipt_no
    assert (typ, receipt_no) in _ledger(ctx)


def test_a_guide_ends_in_the_interim_confirmation_of_the_case_its_intake_form_saved(qtbot, window, office_ctx):
    page = _start_guide(qtbot, window, "proc.resident-certificates-manual")
    wizard = page.wizard
    wizard.next_button.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # explain → how is the subject named?
    assert page.walk.current == "identify" and focused() is wizard.choices
    key(qtbot, Qt.Key.Key_Return)  # name and address
    assert page.walk.current == "capture" and focused() is wizard.editors["applicant.name"]
    type_text(qtbot, focused(), "홍길동")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is wizard.editors["applicant.phone"]
    type_text(qtbot, focused(), "010-1234-5678")
    key(qtbot, Qt.Key.Key_Return)
    assert page.walk.current == "open-form"
    key(qtbot, Qt.Key.Key_Return)  # open the intake form, filled by the walk

    assert window.current_page_key() == "intake"
    intake = window.pages["intake"]
    assert intake.case_form.name.text() == "홍길동"
    window.activateWindow()  # offscreen: the completer popup took the activation (see the walkthrough test)
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.waitUntil(lambda: focused() is intake.case_form.title, timeout=3000)
    type_text(qtbot, focused(), "등본 발급 신청")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is intake.case_form.content
    type_text(qtbot, focused(), "주민등록표 등본 1통, 복구 후 발급")
    with qtbot.waitSignal(intake.caseSaved, timeout=10000) as saved:
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    receipt_no = saved.args[1]
    qtbot.waitUntil(lambda: page.walk_receipt_no == receipt_no, timeout=3000)

    key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # back to the guide, at its print step
    assert window.current_page_key() == "procedures" and page.walk.current == "interim"
    assert wizard.next_button.text() == wizard.tr("Print the interim confirmation (Enter)")
    wizard.next_button.setFocus()
    with qtbot.waitSignal(page.walkRecorded, timeout=10000):
        key(qtbot, Qt.Key.Key_Return)  # prints, and the walk reaches its end
    issued = _preview(qtbot, window)
    _check_signed(office_ctx, issued, "interim", receipt_no)
    assert page.walk.finished


def test_a_print_step_with_no_case_asks_for_the_receipt_number(qtbot, window, office_ctx, clerk):
    receipt_no = office_ctx.queue.submit(clerk, sample_case()).receipt_no
    page = _start_guide(qtbot, window, "proc.manual-intake-retroactive")
    wizard = page.wizard
    wizard.next_button.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # explain → which item?
    key(qtbot, Qt.Key.Key_Return)  # the fixed-date stamp
    assert page.walk.current == "lease-check"
    for _row in range(wizard.checklist.count()):
        key(qtbot, Qt.Key.Key_Space)
        key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert page.walk.current == "capture-lease" and focused() is wizard.editors["applicant.name"]
    type_text(qtbot, focused(), "김민수")
    key(qtbot, Qt.Key.Key_Return)
    assert page.walk.current == "open-form"
    key(qtbot, Qt.Key.Key_Return)  # the intake form opens; the clerk does not save it here
    assert window.current_page_key() == "intake"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert page.walk.current == "receipt" and page.walk_receipt_no == ""
    wizard.next_button.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # no case from this walk: the number is asked
    actions = window.document_actions()
    qtbot.waitUntil(lambda: actions.receipt_dialog is not None and actions.receipt_dialog.isVisible(), timeout=3000)
    dialog = actions.receipt_dialog
    qtbot.waitUntil(lambda: focused() is dialog.edit, timeout=3000)
    qtbot.keyClicks(dialog.edit, receipt_no)
    key(qtbot, Qt.Key.Key_Return)
    _check_signed(office_ctx, _preview(qtbot, window), "receipt", receipt_no)
    assert page.walk.finished


def test_the_outage_notice_guide_prints_the_notice(qtbot, window, office_ctx):
    page = _start_guide(qtbot, window, "proc.outage-notice")
    wizard = page.wizard
    for _row in range(wizard.checklist.count()):  # tick every point of the notice
        key(qtbot, Qt.Key.Key_Space)
        key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert page.walk.current == "print"
    assert wizard.next_button.text() == wizard.tr("Print the outage notice (Enter)")
    wizard.next_button.setFocus()
    key(qtbot, Qt.Key.Key_Return)
    issued = _preview(qtbot, window)
    _check_signed(office_ctx, issued, "notice", None)
    assert page.walk.current == "online"  # the guide goes on


@pytest.mark.parametrize("page_key", ["status", "procedures", "intake", "queue", "sync"])
def test_ctrl_shift_v_opens_the_verify_dialog_from_every_page(qtbot, window, page_key):
    from counter_app.ui.main_window import PAGE_KEYS

    window.go_to(page_key)
    assert window.current_page_key() == page_key and page_key in PAGE_KEYS
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(focused() or window, Qt.Key.Key_V, ctrl_shift)
    actions = window.document_actions()
    qtbot.waitUntil(lambda: actions.verify_dialog is not None and actions.verify_dialog.isVisible(), timeout=3000)
    assert window.verify_action.text().replace("&", "") and window.verify_action.isEnabled()
    window.lock()  # the lock closes it (it can show a name and birth date)
    assert actions.verify_dialog is None
