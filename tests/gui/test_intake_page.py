"""The intake page against the real CaseQueue: keyboard-only entry, inline checks, drafts, the RRN."""

from __future__ import annotations

import re

import pytest
from conftest import PASSPHRASE, type_text  # tests/gui/conftest.py
from helpers.gui_writes import settle, submit  # saves run on the writer lane
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

RECEIPT_RE = re.compile(r"^2611051000-\d{8}-T1-\d{4,}-[0-9A-Z]$")


@pytest.fixture
def page(qtbot, office_ctx, clerk):
    from counter_app.ui.intake_page import IntakePage

    widget = IntakePage(office_ctx.queue, office_ctx.catalogue, actor=clerk, draft_delay_ms=50)
    qtbot.addWidget(widget)
    widget.resize(900, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.focus_first_field()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return widget


def focused():
    return QApplication.focusWidget()


def type_here(qtbot, text: str) -> None:
    type_text(qtbot, focused(), text)


def tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def test_keyboard_only_complaint_is_saved_and_shows_in_the_queue(qtbot, page, office_ctx, clerk):
    from counter_app.ui.queue_page import QueuePage

    assert focused() is page.service
    type_here(qtbot, "국민신문고 민원")
    tab(qtbot)
    assert focused() is page.channel and page.channel.currentData() == "visit"
    tab(qtbot)
    assert focused() is page.category and page.category.currentData() == "suggestion"
    tab(qtbot)
    assert focused() is page.name
    type_here(qtbot, "홍길동")
    tab(qtbot)
    type_here(qtbot, "19900101")
    tab(qtbot)
    type_here(qtbot, "010-1234-5678")
    tab(qtbot)
    assert focused() is page.email
    tab(qtbot)
    type_here(qtbot, "부산광역시 중구 중앙대로 100")
    tab(qtbot)
    type_here(qtbot, "48939")
    tab(qtbot)
    assert focused() is page.disclose, "the RRN field must not be in the way for a general petition"
    tab(qtbot, 2)
    assert focused() is page.title
    type_here(qtbot, "가로등 고장")
    tab(qtbot)
    assert focused() is page.content
    type_here(qtbot, "집 앞 가로등이 일주일째 꺼져 있습니다.")
    tab(qtbot)
    assert focused() is page.save_button, "Tab in the content box moves on instead of typing a tab"
    assert "\t" not in page.content.toPlainText()

    with qtbot.waitSignal(page.caseSaved, timeout=3000) as saved:
        qtbot.keyClick(page.title, Qt.Key.Key_Return)  # Enter in a one-line field saves
    case_id, receipt = saved.args
    assert RECEIPT_RE.match(receipt)
    assert page.banner.isVisible() and page.receipt_label.text() == receipt
    assert page.receipt_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert page.due_label.text().endswith(page.last_result.due_date.isoformat())
    assert page.name.text() == "" and page.title.text() == ""
    # the window's own focus widget: while the commit ran, the offscreen platform handed the
    # activation to the completer's (hidden) popup, which no real window manager does
    assert page.focusWidget() is page.service
    assert office_ctx.queue.case_detail(case_id)["state"] == "QUEUED"

    queue_page = QueuePage(office_ctx.queue, office_ctx.office, clerk)
    qtbot.addWidget(queue_page)
    row = queue_page.model.row_of_receipt(receipt)
    assert row == 0
    assert queue_page.model.row_at(row).applicant == "홍*동"


def test_ctrl_enter_saves_from_the_content_box(qtbot, page):
    page.fill(
        {
            "service": "epeople_petition",
            "category": "grievance",
            "channel": "visit",
            "title": "소음",
            "content": "공사 소음",
            "applicant": {"name": "김민수", "phone": "010-9876-5432"},
            "notify_by": "sms",
        }
    )
    page.content.setFocus()
    with qtbot.waitSignal(page.caseSaved, timeout=3000):
        qtbot.keyClick(page.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.content.toPlainText() == ""


def test_copy_receipt_number(qtbot, page):
    page.fill(
        {
            "service": "epeople_petition",
            "category": "inquiry",
            "channel": "visit",
            "title": "질의",
            "content": "절차 문의",
            "applicant": {"name": "김민수", "phone": "010-9876-5432"},
            "notify_by": "sms",
        }
    )
    result = submit(qtbot, page)
    page.copy_button.click()
    assert QApplication.clipboard().text() == result.receipt_no


def test_bad_phone_gets_a_korean_message_when_leaving_the_field(qtbot, page):
    page.phone.setFocus()
    type_text(qtbot, page.phone, "010-12")
    tab(qtbot)
    error = page.error_text("applicant.phone")
    assert error and re.search(r"[가-힣]", error), error
    assert page.errors["applicant.phone"].isVisible()
    assert page.phone.property("invalid") is True
    page.phone.setFocus()
    page.phone.selectAll()
    type_text(qtbot, page.phone, "010-1234-5678")
    tab(qtbot)
    assert page.error_text("applicant.phone") == ""
    assert page.phone.property("invalid") is False


def test_save_refuses_and_jumps_to_the_first_bad_field(qtbot, page, office_ctx):
    page.fill(
        {
            "service": "epeople_petition",
            "category": "grievance",
            "channel": "visit",
            "content": "내용",
            "applicant": {"name": "김민수", "phone": "12345"},
            "notify_by": "sms",
        }
    )
    before = office_ctx.queue.count()
    with qtbot.assertNotEmitted(page.caseSaved):
        assert submit(qtbot, page) is None
    assert office_ctx.queue.count() == before
    assert page.error_text("applicant.phone") and page.error_text("title")
    assert focused() is page.phone  # the phone comes before the title in the form
    assert page.error_banner.isVisible() and not page.banner.isVisible()


def test_rrn_field_only_for_services_that_require_it(qtbot, page, office_ctx):
    assert not page.rrn_visible()
    page.service.setCurrentIndex(page.service.findData("seal_certificate"))
    assert page.rrn_visible()
    assert page.category.currentData() == "statutory" and not page.category.isEnabled()
    page.service.setCurrentIndex(page.service.findData("epeople_petition"))
    assert not page.rrn_visible()
    assert page.category.isEnabled()
    assert "rrn" not in page.collect()["applicant"]


def test_rrn_is_masked_after_leaving_and_saved_sealed(qtbot, page, office_ctx, supervisor):
    page.service.setCurrentIndex(page.service.findData("resident_register_copy"))
    page.name.setText("홍길동")
    page.phone.setText("010-1234-5678")
    page.title.setText("등본 신청")
    page.content.setPlainText("등본 1통")
    page.rrn.setFocus()
    type_text(qtbot, page.rrn, "900101-1234568")
    tab(qtbot)
    assert page.rrn.text() == "900101-*******"
    assert page.rrn.value() == "900101-1234568"
    result = submit(qtbot, page)
    assert result is not None, page.error_banner.text()
    case_id = result.case_id
    detail = office_ctx.queue.case_detail(case_id)
    assert detail["applicant"]["has_rrn"] and "1234568" not in str(detail)
    keys = office_ctx.office.unlock(PASSPHRASE)
    assert office_ctx.queue.reveal_rrn(supervisor, case_id, keys, "test") == "900101-1234568"


def test_half_typed_form_is_restored_as_a_draft_without_the_rrn(qtbot, office_ctx, clerk):
    from counter_app.ui.intake_page import IntakePage

    first = IntakePage(office_ctx.queue, office_ctx.catalogue, actor=clerk, draft_delay_ms=50)
    qtbot.addWidget(first)
    first.show()
    first.service.setCurrentIndex(first.service.findData("seal_certificate"))
    first.name.setFocus()
    type_text(qtbot, first.name, "홍길동")
    first.rrn.setFocus()
    type_text(qtbot, first.rrn, "900101-1234568")
    first.title.setFocus()
    type_text(qtbot, first.title, "인감 신청")
    qtbot.waitUntil(lambda: first.draft_id is not None and not first._draft_timer.isActive(), timeout=3000)
    draft_id = first.draft_id
    first.close()  # closing saves whatever is pending
    settle(qtbot, first)

    stored = office_ctx.queue.latest_draft(clerk)
    assert stored is not None and stored[0] == draft_id
    assert "900101" not in str(stored[1])

    second = IntakePage(office_ctx.queue, office_ctx.catalogue, actor=clerk)
    qtbot.addWidget(second)
    second.show()
    assert second.name.text() == "홍길동" and second.title.text() == "인감 신청"
    assert second.rrn_visible() and second.rrn.value() == ""
    assert second.notice.isVisible()
    # Finishing the draft submits it under the same case id: no second case, no stray draft.
    second.content.setPlainText("인감증명서 1통")
    second.phone.setText("010-1234-5678")
    second.rrn.setFocus()
    type_text(qtbot, second.rrn, "900101-1234568")
    result = submit(qtbot, second)
    assert result is not None, second.error_banner.text()
    assert result.case_id == draft_id
    assert office_ctx.queue.latest_draft(clerk) is None


def test_drafts_belong_to_their_clerk(qtbot, office_ctx, clerk, supervisor):
    from counter_app.ui.intake_page import IntakePage

    page = IntakePage(office_ctx.queue, office_ctx.catalogue, actor=clerk)
    qtbot.addWidget(page)
    page.title.setFocus()
    type_text(qtbot, page.title, "반쯤 쓴 민원")
    page.set_actor(supervisor)  # someone else signs in at this terminal: the clerk's form is kept for them
    assert page.title.text() == ""
    settle(qtbot, page)
    assert office_ctx.queue.latest_draft(clerk)[1]["title"] == "반쯤 쓴 민원"
    page.set_actor(clerk)
    assert page.title.text() == "반쯤 쓴 민원"


def test_clear_form_discards_the_draft(qtbot, page, office_ctx, clerk):
    page.title.setFocus()
    type_text(qtbot, page.title, "버릴 민원")
    page.autosave()
    settle(qtbot, page)
    assert office_ctx.queue.latest_draft(clerk) is not None
    page.clear_button.click()  # a filled form is thrown away only after asking (issue 7 item 13)
    box = page.confirm_clear_box
    assert box is not None and box.isVisible()
    assert office_ctx.queue.latest_draft(clerk) is not None and page.title.text() == "버릴 민원"
    box.findChild(QPushButton, "confirmDiscard").click()
    settle(qtbot, page)
    assert office_ctx.queue.latest_draft(clerk) is None
    assert page.title.text() == ""


def test_clear_form_kept_with_esc(qtbot, page, office_ctx, clerk):
    page.title.setFocus()
    type_text(qtbot, page.title, "지킬 민원")
    box = page.ask_clear()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert page.title.text() == "지킬 민원"


# ---------------------------------------------------------------- the three-valued RRN rule (issue 12)
def _rule_of(service_name: str) -> str:
    from helpers.intake import RRN_RULE_BY_SERVICE

    return RRN_RULE_BY_SERVICE[service_name]


def _all_services():
    from helpers.intake import RRN_RULE_BY_SERVICE

    return sorted(RRN_RULE_BY_SERVICE)


@pytest.mark.parametrize("service_name", _all_services())
def test_the_form_follows_the_rrn_rule_of_every_service(qtbot, page, office_ctx, supervisor, service_name):
    """Required: shown with '*' and its basis, refused without a number. Permitted: offered with its
    basis and no '*', saved without a number and sealed with one. Not permitted: hidden."""
    from helpers.intake import RULE_RRN, service_doc

    rule = _rule_of(service_name)
    service = office_ctx.catalogue.find(service_name)
    page.fill(service_doc(service_name, with_rrn=False))
    label = page.case_form._row_labels["applicant.rrn"].text()
    basis = page.case_form.rrn_basis
    assert page.rrn_visible() is (rule != "not_permitted")
    if rule == "not_permitted":
        assert not basis.isVisibleTo(page)
        assert submit(qtbot, page) is not None  # nothing to give, nothing asked
        return
    assert label.endswith(" *") is (rule == "required")
    assert basis.isVisibleTo(page) and service.rrn_basis in basis.text()
    assert ("선택" in basis.text()) is (rule == "permitted") and ("필수" in basis.text()) is (rule == "required")

    first = submit(qtbot, page)  # without the number
    if rule == "required":
        assert first is None and page.error_text("applicant.rrn")
        assert focused() is page.rrn
    else:
        assert first is not None, page.error_banner.text()
        assert office_ctx.queue.case_detail(first.case_id)["applicant"]["has_rrn"] is False
        page.fill(service_doc(service_name, with_rrn=False))
    page.rrn.setFocus()
    type_text(qtbot, page.rrn, RULE_RRN)
    tab(qtbot)
    assert page.rrn.text() == "900101-*******"
    saved = submit(qtbot, page)
    assert saved is not None, page.error_banner.text()
    keys = office_ctx.office.unlock(PASSPHRASE)
    assert office_ctx.queue.reveal_rrn(supervisor, saved.case_id, keys, "규칙 확인") == RULE_RRN


def test_switching_from_a_required_to_a_permitted_service_drops_the_star(qtbot, page):
    page.service.setCurrentIndex(page.service.findData("seal_certificate"))
    assert page.case_form._row_labels["applicant.rrn"].text().endswith(" *")
    page.service.setCurrentIndex(page.service.findData("fixed_date_lease"))
    assert page.rrn_visible() and not page.case_form._row_labels["applicant.rrn"].text().endswith(" *")
    assert "주택임대차보호법 시행령 제4조①3호가목" in page.case_form.rrn_basis.text()
    page.service.setCurrentIndex(page.service.findData("grievance"))
    assert not page.rrn_visible() and not page.case_form.rrn_basis.isVisibleTo(page)


# ---------------------------------------------------------------- an RRN typed into free text (issue 6)
def test_an_rrn_typed_into_the_content_is_masked_on_leaving_and_never_drafted(qtbot, page, office_ctx, clerk):
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
    type_text(qtbot, page.content, "제 번호 850314-1357926 로 누가 가입했습니다")
    tab(qtbot)
    assert page.content.toPlainText() == "제 번호 850314-1****** 로 누가 가입했습니다"
    note = page.error_text("content")
    assert "가렸습니다" in note and "1357926" not in note
    page.autosave()
    settle(qtbot, page)
    assert "1357926" not in str(office_ctx.queue.latest_draft(clerk))
    result = submit(qtbot, page)
    assert result is not None, page.error_banner.text()
    assert office_ctx.queue.case_detail(result.case_id)["content"] == "제 번호 850314-1****** 로 누가 가입했습니다"


def test_saving_with_an_rrn_still_in_the_text_masks_it_first_and_asks_again(qtbot, page, office_ctx):
    page.fill(
        {
            "service": "epeople_petition",
            "category": "grievance",
            "channel": "visit",
            "title": "문의",
            "content": "내용",
            "applicant": {"name": "김민수", "phone": "010-9876-5432"},
            "notify_by": "sms",
        }
    )
    page.title.setText("문의 8503141357926")  # typed, and Enter pressed before the cursor left the field
    before = office_ctx.queue.count()
    with qtbot.assertNotEmitted(page.caseSaved):
        assert submit(qtbot, page) is None  # the clerk sees the masked text before anything is kept
    assert office_ctx.queue.count() == before
    assert page.title.text() == "문의 850314-1******"
    assert page.error_banner.isVisible() and "가렸습니다" in page.error_banner.text()
    assert submit(qtbot, page) is not None


def test_the_queue_detail_masks_an_rrn_stored_in_free_text_by_an_older_program(qtbot, page, office_ctx):
    import sqlite3

    result = office_ctx.queue.submit(
        page.actor,
        {
            "service": "epeople_petition",
            "category": "grievance",
            "channel": "visit",
            "title": "t",
            "content": "c",
            "applicant": {"name": "김민수", "phone": "010-9876-5432"},
            "notify_by": "sms",
        },
    )
    with sqlite3.connect(office_ctx.paths.database) as conn:  # what a program before issue 6 let through
        conn.execute(
            "UPDATE cases SET content = ?, title = ? WHERE case_id = ?",
            ("번호 850314-1357926", "8503141357926 건", result.case_id),
        )
    detail = office_ctx.queue.case_detail(result.case_id)
    assert detail["content"] == "번호 850314-1******" and detail["title"] == "850314-1****** 건"


def test_a_stored_document_with_an_rrn_in_its_text_is_shown_masked(qtbot, page):
    """CaseForm.fill is how a draft comes back and how a case opens for correction: a number an
    older program let into the text is never put on screen in clear."""
    page.fill(
        {
            "service": "epeople_petition",
            "category": "grievance",
            "channel": "visit",
            "title": "번호 850314-1357926",
            "content": "본문 8503141357926 끝",
            "applicant": {"name": "김민수", "address": "부산광역시 중구 중앙대로 100, 850314 1357926호"},
        }
    )
    assert page.title.text() == "번호 850314-1******"
    assert page.content.toPlainText() == "본문 850314-1****** 끝"
    assert page.address.text() == "부산광역시 중구 중앙대로 100, 850314-1******호"
    assert "가렸습니다" in page.error_text("content")
    assert "1357926" not in str(page.collect(include_rrn=False))
