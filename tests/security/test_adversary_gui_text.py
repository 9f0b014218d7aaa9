"""Acceptance as an adversary (issue 6 §1), on the screen: a clerk pastes an RRN into the intake
form's free text in a form the first detector missed (a Latin label run into it, Arabic-Indic
digits, a zero-width space from a web page). The form masks it when the cursor leaves the field,
and the draft kept on disk never holds it."""

from __future__ import annotations

import pytest
from helpers.gui_writes import settle
from helpers.operators import add_operators
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


@pytest.fixture
def page(qtbot, office_ctx):
    from counter_app.ui.intake_page import IntakePage

    clerk, _ = add_operators(office_ctx)
    widget = IntakePage(office_ctx.queue, office_ctx.catalogue, actor=clerk, draft_delay_ms=50)
    qtbot.addWidget(widget)
    widget.resize(900, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("pasted", ["RRN850314-1357926", "٨٥٠٣١٤-١٣٥٧٩٢٦", "850314\u200b-1357926"])
def test_a_pasted_rrn_variant_is_masked_on_leaving_and_never_drafted(qtbot, page, office_ctx, pasted):
    page.fill(
        {
            "service": "epeople_petition",
            "category": "grievance",
            "channel": "visit",
            "title": "명의 도용",
            "applicant": {"name": "김민수", "phone": "010-9876-5432"},
            "notify_by": "sms",
        }
    )
    page.content.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.content)
    page.content.insertPlainText(f"제 번호 {pasted} 로 가입됨")  # a paste: one insertion
    qtbot.keyClick(page.content, Qt.Key.Key_Tab)  # the form moves on with Tab, even from the content box
    qtbot.waitUntil(lambda: "850314-1******" in page.content.toPlainText())
    assert "1357926" not in page.content.toPlainText() and "١٣٥٧٩٢٦" not in page.content.toPlainText()
    page.autosave()
    settle(qtbot, page)
    assert "1357926" not in str(office_ctx.queue.latest_draft(page.actor))
