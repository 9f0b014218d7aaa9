"""The guide browser and the wizard page, driven by the keyboard (pytest-qt, offscreen)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import type_text
from PySide6.QtCore import Qt

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "procedures"


@pytest.fixture
def make_page(qtbot, office_ctx, tasks):
    from counter_app.ui.procedure_page import ProcedurePage

    def make(actor=None):
        page = ProcedurePage(office_ctx.procedures, tasks, actor=actor)
        qtbot.addWidget(page)
        page.resize(900, 700)
        page.show()
        qtbot.waitExposed(page)
        qtbot.waitUntil(lambda: page.model.rowCount() >= 12, timeout=5000)
        return page

    return make


def test_search_as_you_type_understands_initial_consonants(qtbot, make_page, clerk):
    page = make_page(clerk)
    page.focus_search()
    type_text(qtbot, page.search_edit, "ㄱㅈㄱㄱ")
    assert page.model.ids()[0] == "proc.family-relations-certificates"
    page.search_edit.clear()
    type_text(qtbot, page.search_edit, "국민신문고")
    assert page.model.ids()[0] == "proc.epeople-complaint"
    page.search_edit.clear()
    type_text(qtbot, page.search_edit, "zebra")
    assert page.model.rowCount() == 0 and page.summary_label.text() == "No guide matches."


def test_enter_starts_the_guide_and_the_wizard_walks_by_keyboard(qtbot, make_page, clerk, office_ctx):
    page = make_page(clerk)
    page.focus_search()
    type_text(qtbot, page.search_edit, "120")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    wizard = page.wizard
    assert page.stack.currentWidget() is wizard and page.walk.guide.id == "proc.busan120-guidance"
    assert wizard.title_label.text() == "무엇을 알고 싶어 합니까?"
    qtbot.keyClick(wizard.choices, Qt.Key.Key_Down)  # the second answer: 110
    qtbot.keyClick(wizard.choices, Qt.Key.Key_Return)
    assert page.walk.current == "refer-110"
    assert "110" in wizard.findChild(type(wizard.title_label), "wizardActionDetail").text()
    qtbot.keyClick(wizard, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # back
    assert page.walk.current == "what"
    qtbot.keyClick(wizard.choices, Qt.Key.Key_1)  # 1-9 choose too
    qtbot.keyClick(wizard.choices, Qt.Key.Key_Return)
    assert page.walk.current == "refer-120"
    with qtbot.waitSignal(page.walkRecorded, timeout=5000) as recorded:
        qtbot.keyClick(wizard.next_button, Qt.Key.Key_Return)
    assert page.walk.finished
    qtbot.keyClick(wizard.next_button, Qt.Key.Key_Return)  # Finish: back to the list
    assert page.stack.currentWidget() is page.browser, (page.walk and page.walk.path, page.wizard.blocker_label.text())
    from sqlalchemy import select

    from counter_app.offline.models import ProcedureWalk

    with office_ctx.db.read() as s:
        row = s.execute(select(ProcedureWalk).where(ProcedureWalk.walk_id == recorded.args[0])).scalar_one()
        assert row.status == "done" and '"refer-120"' in row.path_json and '"referral"' in row.path_json


def test_a_checklist_blocks_until_every_item_is_ticked_with_space(qtbot, make_page, clerk):
    page = make_page(clerk)
    page.open_guide("proc.outage-notice")
    wizard = page.wizard
    assert wizard.checklist is not None and wizard.checklist.hasFocus()
    qtbot.keyClick(wizard.checklist, Qt.Key.Key_Return)
    assert wizard.blocker_label.isVisible() and page.walk.current == "prepare"
    for row in range(wizard.checklist.count()):
        wizard.checklist.setCurrentRow(row)
        qtbot.keyClick(wizard.checklist, Qt.Key.Key_Space)
    assert len(page.walk.ticked["prepare"]) == 4
    qtbot.keyClick(wizard.checklist, Qt.Key.Key_Return)
    assert page.walk.current == "print"
    detail = wizard.findChild(type(wizard.title_label), "wizardActionDetail").text()
    assert "Enter prints it" in detail and "the paper form" in detail  # the print step prints (issue 9)


def test_a_walk_closed_mid_way_comes_back_for_the_same_clerk(qtbot, make_page, clerk, tasks, office_ctx):
    page = make_page(clerk)
    page.open_guide("proc.transfer-other-agency")
    qtbot.keyClick(page.wizard.next_button, Qt.Key.Key_Return)
    assert page.walk.current == "capture"
    name = page.wizard.editors["applicant.name"]
    assert name.hasFocus()
    type_text(qtbot, name, "홍길동")
    page.autosave()
    qtbot.waitUntil(lambda: tasks.active == 0, timeout=5000)
    page.close()
    again = make_page(clerk)
    qtbot.waitUntil(lambda: again.walk is not None, timeout=5000)
    assert again.walk.current == "capture" and again.wizard.editors["applicant.name"].text() == "홍길동"
    assert again.wizard.notice_label.isVisible()


def test_a_supervisor_adding_a_broken_file_is_told_exactly_what_is_wrong(
    qtbot, make_page, supervisor, clerk, office_ctx
):
    page = make_page(supervisor)
    assert page.add_button.isVisibleTo(page)
    assert page.add_file(FIXTURES / "missing_target.yaml") is None
    assert "missing_target.yaml:14: steps[0].choices[1].next:" in page.problems_label.text()
    guide = page.add_file(FIXTURES / "good.yaml")
    assert guide is not None and "proc.test-good" in page.model.ids()
    assert (office_ctx.paths.root / "procedures" / "proc.test-good.yaml").exists()
    clerk_page = make_page(clerk)
    assert not clerk_page.add_button.isVisibleTo(clerk_page) and clerk_page.add_file(FIXTURES / "good.yaml") is None


def test_a_file_dropped_in_the_office_folder_shows_after_reload_or_is_named(qtbot, make_page, clerk, office_ctx):
    page = make_page(clerk)
    folder = office_ctx.paths.root / "procedures"
    folder.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "good.yaml", folder / "good.yaml")
    shutil.copy(FIXTURES / "unknown_action.yaml", folder / "broken.yaml")
    with qtbot.waitSignal(page.libraryLoaded, timeout=5000):
        qtbot.keyClick(page.search_edit, Qt.Key.Key_F5)
    assert "proc.test-good" in page.model.ids()
    assert f"{folder / 'broken.yaml'}:9: steps[0].action:" in page.problems_label.text()


def test_a_file_dropped_in_the_office_folder_is_read_by_itself(qtbot, make_page, clerk, office_ctx):
    page = make_page(clerk)
    folder = office_ctx.paths.root / "procedures"
    assert folder.is_dir()  # the page watches it
    shutil.copy(FIXTURES / "missing_english.yaml", folder / "broken.yaml")
    qtbot.waitUntil(lambda: "broken.yaml:9: steps[0].title:" in page.problems_label.text(), timeout=10000)
    shutil.copy(FIXTURES / "good.yaml", folder / "good.yaml")
    qtbot.waitUntil(lambda: "proc.test-good" in page.model.ids(), timeout=10000)


def test_a_supervisor_sees_the_walk_history(qtbot, make_page, supervisor, clerk):
    page = make_page(clerk)
    assert not page.history_button.isVisibleTo(page)
    page.open_guide("proc.busan120-guidance")
    page.wizard.go_on()
    with qtbot.waitSignal(page.walkRecorded, timeout=5000):
        page.wizard.go_on()
    boss = make_page(supervisor)
    assert boss.history_button.isVisibleTo(boss)
    boss.show_history()
    qtbot.waitUntil(lambda: getattr(boss, "history_dialog", None) is not None, timeout=5000)
    from PySide6.QtWidgets import QPlainTextEdit

    text = boss.history_dialog.findChild(QPlainTextEdit, "procedureHistoryText")
    assert text is not None and "C100  proc.busan120-guidance  v1  what > refer-120 > done" in text.toPlainText()
    boss.history_dialog.close()


def test_every_shipped_guide_prints_on_one_page(qtbot, office_ctx, tmp_path):
    from counter_app.ui.procedure_print import save_pdf

    library = office_ctx.procedures.library()
    for guide in library.guides.values():
        for lang in ("ko", "en"):
            pdf = tmp_path / f"{guide.id}-{lang}.pdf"
            assert save_pdf(guide, lang, pdf) == 1, (guide.id, lang)
            assert pdf.read_bytes().startswith(b"%PDF")


def test_the_print_preview_opens_for_the_selected_guide(qtbot, make_page, clerk):
    page = make_page(clerk)
    dialog = page.print_selected()
    assert dialog is not None and dialog.isVisible()
    dialog.close()
