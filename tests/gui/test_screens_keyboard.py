"""Every path by keyboard (issue 7): Tab reaches every control of every page in reading order and
never sticks, Ctrl+F finds each page's search, Ctrl+1..5 put the keyboard in the page, the
queue's dates are typed, the status header's counts are the list's, and what one clerk left on
screen is gone when another signs in."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SUPERVISOR_PIN, type_text  # tests/gui/conftest.py
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QWidget
from test_main_window import activate, open_window, sign_in


def focusable_controls(page: QWidget) -> list[QWidget]:
    """What a clerk can operate on the page: visible, enabled, takes Tab focus."""
    out = []
    for widget in page.findChildren(QWidget):
        if not (widget.isVisibleTo(page) and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QComboBox) and isinstance(widget, QLineEdit):
            continue  # an editable combo's line edit is the combo's own stop
        if widget.focusProxy() is not None:
            continue
        out.append(widget)
    return out


def tab_walk(qtbot, page: QWidget, limit: int = 120) -> list[QWidget]:
    """Tab from the page's current focus until the chain comes round again; returns the order."""
    seen: list[QWidget] = []
    for _ in range(limit):
        focused = QApplication.focusWidget()
        assert focused is not None
        if page.isAncestorOf(focused):
            if seen and focused is seen[0]:
                break
            if focused in seen:  # came round to a later stop: the walk is done
                break
            seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        # a control that keeps Tab to itself (QDateEdit's sections, of old) is a keyboard trap
        assert after is not focused or isinstance(focused, QComboBox) and focused.isEditable() is False, (
            f"Tab stays in {focused.objectName() or type(focused).__name__}"
        )
    return seen


@pytest.fixture
def signed_in_window(qtbot, office_ctx, staff):
    window = open_window(qtbot, office_ctx)
    with qtbot.waitSignal(window.signedIn, timeout=8000):
        sign_in(qtbot, window, "S100", SUPERVISOR_PIN)
    activate(qtbot, window)
    return window


def _record_case(ctx, actor):
    from helpers.intake import PETITION_DOC, doc

    return ctx.queue.submit(actor, doc(PETITION_DOC, **{"applicant.name": "홍길동"}))


def test_tab_reaches_every_control_of_every_page_and_never_sticks(qtbot, office_ctx, staff, signed_in_window):
    window = signed_in_window
    _record_case(office_ctx, staff[0])
    for number, key in enumerate(("status", "procedures", "intake", "queue", "sync"), start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        page = window.page(key)
        qtbot.waitUntil(lambda p=page: p.isVisible() and p.isAncestorOf(QApplication.focusWidget()), timeout=3000)
        walked = tab_walk(qtbot, page)
        missing = [w for w in focusable_controls(page) if w not in walked]
        names = [w.objectName() or type(w).__name__ for w in missing]
        assert not missing, f"{key}: not reachable by Tab: {names}"


def test_queue_tab_order_is_reading_order_and_dates_are_typed(qtbot, office_ctx, staff, signed_in_window):
    window = signed_in_window
    _record_case(office_ctx, staff[0])
    window.go_to("queue")
    page = window.page("queue")
    assert QApplication.focusWidget() is page.state  # Ctrl+4 / go_to: the first filter, not the sidebar
    walked = tab_walk(qtbot, page)
    order = [
        page.state,
        page.date_from,
        page.date_to,
        page.receipt,
        page.name,
        page.clear_button,
        page.view,
        page.detail,
    ]
    assert walked[: len(order)] == order
    # a date is typed, digit by digit, and filters (it never turns into "any9")
    page.date_from.setFocus()
    today = dt.date.today()
    with qtbot.waitSignal(page.filterApplied, timeout=3000):
        type_text(qtbot, page.date_from, (today + dt.timedelta(days=1)).strftime("%Y%m%d"))
    assert page.date_from.value() == today + dt.timedelta(days=1)
    assert page.model.rowCount() == 0
    page.date_from.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    type_text(qtbot, page.date_to, "2026-13-40")  # not a date: marked, and no limit meanwhile
    assert not page.date_to.is_valid() and page.date_to.value() is None


@pytest.mark.parametrize(
    "key, search", [("status", "search_edit"), ("queue", "receipt"), ("procedures", None), ("intake", None)]
)
def test_ctrl_f_focuses_the_pages_search(qtbot, office_ctx, staff, signed_in_window, key, search):
    window = signed_in_window
    window.go_to(key)
    page = window.page(key)
    window.nav.setFocus()  # from anywhere in the window
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    focused = QApplication.focusWidget()
    if search is not None:
        assert focused is getattr(page, search)
    elif key == "intake":
        assert focused in (page.service, page.service.lineEdit())
    else:
        assert focused is not None and page.isAncestorOf(focused) and isinstance(focused, QLineEdit)


def test_page_shortcuts_put_the_keyboard_in_the_page(qtbot, office_ctx, staff, signed_in_window):
    window = signed_in_window
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    intake = window.page("intake")
    assert QApplication.focusWidget() in (intake.service, intake.service.lineEdit())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    queue = window.page("queue")
    assert QApplication.focusWidget() is queue.state
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.page("status").search_edit
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    focused = QApplication.focusWidget()
    assert focused is not window.nav and window.page("sync").isAncestorOf(focused)


def test_another_clerk_finds_no_filters_or_case_left_on_screen(qtbot, office_ctx, staff, signed_in_window):
    window = signed_in_window
    _record_case(office_ctx, staff[0])
    window.go_to("queue")
    page = window.page("queue")
    type_text(qtbot, page.name, "홍")
    page.apply_filter()
    page.select_row(0)
    assert page._current_case is not None
    window.sign_out()
    assert page.name.text() == "" and page._current_case is None
    assert "홍" not in page.detail.toPlainText()


def test_a_revealed_rrn_goes_back_under_the_mask(qtbot, office_ctx, staff):
    from counter_app.ui.queue_page import QueuePage

    page = QueuePage(office_ctx.queue, office_ctx.office, staff[1])
    qtbot.addWidget(page)
    page._reveal_timer.setInterval(50)  # 30 s in the program
    page._current_case = "x"
    page._show_revealed("x", "900101-1234568")
    assert "900101-1234568" in page.revealed_label.text()
    qtbot.waitUntil(lambda: page.revealed_label.text() == "", timeout=3000)


def test_status_header_counts_are_the_lists(qtbot, office_ctx, tasks):
    from counter_app.ui.status_page import StatusPage

    page = StatusPage(office_ctx.status, office_ctx.settings, tasks, refresh_on_start=False)
    qtbot.addWidget(page)
    board = page.board
    assert board is not None and board.systems  # the bundled 2025 record
    listed: dict[str, int] = {}
    model = page.model
    for system in board.systems:
        index = model.index_of(system.id)
        assert index.isValid()
        listed[system.status] = listed.get(system.status, 0) + 1
    assert page.listed_counts() == listed
    assert sum(listed.values()) == len(board.systems)
    text = page.status_counts_label.text()
    from counter_app.ui.status_labels import status_label

    listed_line = (
        next(line for line in text.splitlines() if f"({len(board.systems)})" in line)
        if board.summary.listed < board.summary.total
        else text
    )
    for status, n in listed.items():
        assert f"{status_label(status)} {n}" in listed_line
    # each figure says its own time: the grades older than the headline say so
    older = [g for g in board.summary.by_grade.values() if g.as_of is not None]
    if older:
        assert page.grade_time_label.text() and "3" in page.grade_time_label.text()
    # a system still down without a date from its source says "not announced", not an empty cell
    from counter_app.ui.status_model import COL_EXPECTED

    down = [s for s in board.systems if s.status != "operational" and s.expected_recovery is None]
    if down:
        index = model.index_of(down[0].id)
        cell = model.index(index.row(), COL_EXPECTED, index.parent()).data()
        assert cell and cell != ""


def test_sources_dialog_enter_adds_only_and_refuses_what_is_no_location(qtbot, office_ctx, staff, tasks):
    from counter_app.ui.status_sources_dialog import StatusSourcesDialog

    dialog = StatusSourcesDialog(office_ctx.status, staff[1], tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for bad in ("ftp://bad", "hello world"):
        dialog.location_edit.clear()
        dialog.location_edit.setFocus()
        qtbot.keyClicks(dialog.location_edit, bad)
        assert not dialog.add_button.isEnabled() and dialog.problem_label.text()
        qtbot.keyClick(dialog.location_edit, Qt.Key.Key_Return)
        assert dialog.sources() == [] and dialog.isVisible()
    dialog.location_edit.clear()
    qtbot.keyClicks(dialog.location_edit, "https://status.example/feed.json")
    qtbot.keyClick(dialog.location_edit, Qt.Key.Key_Return)  # adds, and the dialog stays open
    assert dialog.sources() == ["native:https://status.example/feed.json"] and dialog.isVisible()
    assert office_ctx.status.configured_sources() == []  # nothing saved by that Enter


def test_intake_errors_name_the_label_not_the_field_path(qtbot, office_ctx, staff):
    from counter_app.ui.intake_page import IntakePage

    page = IntakePage(office_ctx.queue, office_ctx.catalogue, staff[0])
    qtbot.addWidget(page)
    page.show()
    page.phone.setText("0101")
    page.case_form.check_field("applicant.phone")  # what leaving the field does
    text = page.error_text("applicant.phone")
    assert text and "applicant.phone" not in text
    from counter_app.intake import check_field

    core = check_field("applicant.phone", "0101", page.collect(), office_ctx.catalogue)
    assert "applicant.phone" in core.text()  # the CLI and --json keep the path


def test_service_search_finds_aliases_and_other_language_names(qtbot, office_ctx, staff):
    from counter_app.ui.intake_page import IntakePage

    page = IntakePage(office_ctx.queue, office_ctx.catalogue, staff[0])
    qtbot.addWidget(page)
    assert page.service.itemText(0) != ""  # no blank first row
    completer = page.service.completer()
    svc = next(s for s in office_ctx.catalogue.services if s.aliases)
    completer.setCompletionPrefix(svc.aliases[0][:4])
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionModel().rowCount())]
    assert svc.name_ko in found
    completer.setCompletionPrefix(svc.name_en[:6])
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionModel().rowCount())]
    assert svc.name_ko in found


def test_rrn_is_masked_while_typed_and_shown_only_while_held(qtbot, office_ctx, staff):
    from PySide6.QtWidgets import QLineEdit as Line

    from counter_app.ui.intake_page import IntakePage

    page = IntakePage(office_ctx.queue, office_ctx.catalogue, staff[0])
    qtbot.addWidget(page)
    page.show()
    page.service.setCurrentIndex(page.service.findData("resident_register_copy"))
    page.rrn.setFocus()
    type_text(qtbot, page.rrn, "900101-1234568")
    assert page.rrn.echoMode() == Line.EchoMode.Password
    page.case_form.rrn_show.pressed.emit()
    assert page.rrn.echoMode() == Line.EchoMode.Normal
    page.case_form.rrn_show.released.emit()
    assert page.rrn.echoMode() == Line.EchoMode.Password


def test_a_clerk_cannot_switch_the_auto_lock_off(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    with qtbot.waitSignal(window.signedIn, timeout=8000):
        from conftest import CLERK_PIN

        sign_in(qtbot, window, "C100", CLERK_PIN)
    assert not window.idle_action.isEnabled()
    window.set_idle_minutes(0)
    assert office_ctx.settings.get("idle_lock_minutes") == 1


def test_buttons_are_reachable(qtbot, office_ctx, staff, signed_in_window):
    """The intake page's Save and Clear, and the queue's Edit, are Tab stops (issue 7 item 1)."""
    window = signed_in_window
    _record_case(office_ctx, staff[0])
    window.go_to("intake")
    intake = window.page("intake")
    walked = tab_walk(qtbot, intake)
    assert intake.save_button in walked and intake.clear_button in walked
    window.go_to("queue")
    queue = window.page("queue")
    queue.select_row(0)
    queue.state.setFocus()
    walked = tab_walk(qtbot, queue)
    assert queue.edit_button in walked and all(isinstance(w, QWidget) for w in walked)
    assert any(isinstance(w, QAbstractButton) for w in walked)
