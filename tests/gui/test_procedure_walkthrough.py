"""Done when: a clerk goes from "국민신문고 is down" on the status board through its guide to a
queued complaint without leaving the keyboard (the main window, a real office, offscreen)."""

from __future__ import annotations

from conftest import open_signed_in, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def focused():
    return QApplication.focusWidget()


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), k, modifier)


def test_from_the_status_board_through_the_guide_to_a_queued_case_by_keyboard(qtbot, office_ctx, clerk):
    window = open_signed_in(qtbot, office_ctx)

    # 1. the status board (the bundled 2025 record): find 국민신문고 and open its guide
    status = window.pages["status"]
    qtbot.waitUntil(lambda: status.model.system_count() > 0, timeout=10000)
    for _ in range(10):  # from the navigation, Tab into the board's search box
        if focused() is status.search_edit:
            break
        key(qtbot, Qt.Key.Key_Tab)
    assert focused() is status.search_edit
    type_text(qtbot, status.search_edit, "국민신문고")
    for _ in range(10):  # Tab to the table of systems
        if focused() is status.tree:
            break
        key(qtbot, Qt.Key.Key_Tab)
    assert focused() is status.tree
    for _ in range(5):  # down to the system row (past its group)
        index = status.tree.currentIndex()
        if index.isValid() and status.model.system_at(index) is not None:
            break
        key(qtbot, Qt.Key.Key_Down)
    assert status.model.system_at(status.tree.currentIndex()).id == "epeople"
    key(qtbot, Qt.Key.Key_Return)  # the detail, with the keyboard on the first guide button
    assert focused().objectName() == "openGuideButton"
    key(qtbot, Qt.Key.Key_Return)

    # 2. the guide, at its first step
    assert window.current_page_key() == "procedures"
    page = window.pages["procedures"]
    qtbot.waitUntil(lambda: page.walk is not None, timeout=5000)
    wizard = page.wizard
    assert page.walk.guide.id == "proc.epeople-complaint" and page.walk.current == "situation"
    key(qtbot, Qt.Key.Key_Return)  # the situation → how did it come in?
    assert page.walk.current == "how" and focused() is wizard.choices
    key(qtbot, Qt.Key.Key_Return)  # the first answer: at the counter
    assert page.walk.current == "visit-check" and focused() is wizard.checklist
    key(qtbot, Qt.Key.Key_Return)  # nothing ticked yet: refused, said why
    assert page.walk.current == "visit-check" and wizard.blocker_label.isVisible()
    for _row in range(wizard.checklist.count()):
        key(qtbot, Qt.Key.Key_Space)
        key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert page.walk.current == "capture"
    assert focused() is wizard.editors["applicant.name"]
    type_text(qtbot, focused(), "홍길동")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is wizard.editors["applicant.phone"]
    type_text(qtbot, focused(), "010-1234-5678")
    key(qtbot, Qt.Key.Key_Return)
    assert page.walk.current == "open-form"
    with qtbot.waitSignal(page.walkRecorded, timeout=5000):
        key(qtbot, Qt.Key.Key_Return)  # open the intake form

    # 3. the intake form, prefilled by the walk: type what is left and save with the keyboard
    assert window.current_page_key() == "intake"
    intake = window.pages["intake"]
    assert intake.case_form.name.text() == "홍길동" and intake.case_form.phone.text() == "010-1234-5678"
    # offscreen only: the service completer's popup window takes the activation with it when it
    # closes (there is no window manager to hand it back); the keyboard stays in our window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.waitUntil(lambda: focused() is intake.case_form.title, timeout=3000)
    type_text(qtbot, focused(), "가로등 고장")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is intake.case_form.content
    type_text(qtbot, focused(), "집 앞 가로등이 꺼져 있습니다.")
    with qtbot.waitSignal(intake.caseSaved, timeout=5000) as saved:
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    case_id = saved.args[0]

    # 4. a queued case, and the walk that produced it names it (the supervisor's history)
    from counter_app.actor import SUPERVISOR, Actor

    assert office_ctx.queue.stats()["by_state"].get("QUEUED") == 1
    boss = Actor("S100", "박감독", SUPERVISOR)

    def linked():
        history = office_ctx.procedures.walks.history(boss)
        return bool(history) and history[0].case_id == case_id

    qtbot.waitUntil(linked, timeout=5000)
    record = office_ctx.procedures.walks.history(boss)[0]
    assert record.guide_id == "proc.epeople-complaint" and record.operator == "C100"
    assert record.path == ["situation", "how", "visit-check", "capture", "open-form", "done"]
    assert [a["action"] for a in record.actions] == ["open_intake"]
