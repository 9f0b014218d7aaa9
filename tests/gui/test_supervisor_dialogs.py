"""Supervisor dialogs on real data directories: status sources (with a real loopback feed) and
outage periods (전산장애 기간), and that a clerk cannot open either."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import CLERK_PIN, SUPERVISOR_PIN, sample_case  # tests/gui/conftest.py
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select
from status_helpers import FeedServer

from counter_app.errors import UserError
from counter_app.offline.models import AuditEntry
from counter_app.ui.status_page import StatusPage

TIMEOUT = 15_000


def small_feed(status: str = "major_outage") -> dict:
    """A three-system native feed (fast to parse; the point here is where it comes from)."""
    return {
        "format": "counter_app.status-feed",
        "version": 1,
        "updated_at": "2026-11-24T09:50:00+09:00",
        "label": "sources test",
        "systems": [
            {
                "id": f"t-{i}",
                "name_ko": f"시험 시스템 {i}",
                "name_en": f"Test system {i}",
                "grade": 1,
                "ministry": {"ko": "행정안전부", "en": "MOIS"},
                "status": status if i == 0 else "operational",
            }
            for i in range(3)
        ],
    }


@pytest.fixture
def feed():
    server = FeedServer(small_feed())
    yield server
    server.stop()


@pytest.fixture
def page(qtbot, office_ctx, tasks):
    office_ctx.settings.set("status_sources", [])
    office_ctx.settings.set("status_poll_seconds", 0)  # no background polls in these tests
    made = StatusPage(office_ctx.status, office_ctx.settings, tasks, clock=office_ctx.clock, refresh_on_start=False)
    qtbot.addWidget(made)
    yield made
    made.stop()
    tasks.shutdown()


def audit_details(ctx, action: str) -> list[str]:
    with ctx.db.read() as s:
        return list(
            s.execute(select(AuditEntry.detail).where(AuditEntry.action == action).order_by(AuditEntry.seq)).scalars()
        )


# ---------------------------------------------------------------- the main window, signed in
def open_window(qtbot, ctx):
    from counter_app.ui.main_window import MainWindow

    ctx.settings.set("status_poll_seconds", 0)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def sign_in(qtbot, window, staff_id: str, pin: str) -> None:
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible(), timeout=5000)
    dialog = window.sign_in_dialog
    with qtbot.waitSignal(window.signedIn, timeout=5000):
        dialog.staff_id.setText(staff_id)
        dialog.pin.setText(pin)
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)


def close_window(qtbot, window) -> None:
    window.close()
    qtbot.waitUntil(lambda: window.tasks.active == 0, timeout=TIMEOUT)


def set_kst(edit, year, month, day, hour, minute) -> None:
    edit.setDateTime(QDateTime(QDate(year, month, day), QTime(hour, minute)))


# ================================================================ status sources
def test_supervisor_adds_a_source_tests_it_and_the_page_refreshes_from_it(
    qtbot, korean, page, feed, supervisor, office_ctx
):
    page.set_actor(supervisor)
    assert not page.sources_button.isHidden() and page.sources_button.isEnabled()
    assert page.board.historical is True  # the bundled record until a source is configured
    qtbot.mouseClick(page.sources_button, Qt.MouseButton.LeftButton)
    dialog = page.sources_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "상태 정보 출처" and dialog.sources() == []

    # inline validation with parse_source's Korean sentence
    qtbot.keyClicks(dialog.location_edit, "statuspage:")
    assert "형식이 잘못" in dialog.problem_label.text() and not dialog.add_button.isEnabled()
    dialog.location_edit.clear()
    assert dialog.problem_label.text() == ""

    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("native"))
    qtbot.keyClicks(dialog.location_edit, feed.url)
    assert dialog.add_button.isEnabled() and dialog.problem_label.text() == ""
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    spec = f"native:{feed.url}"
    assert dialog.sources() == [spec] and dialog.location_edit.text() == ""
    qtbot.keyClicks(dialog.location_edit, spec)  # the same again, typed whole: a duplicate
    assert "이미 목록에" in dialog.problem_label.text() and not dialog.add_button.isEnabled()
    dialog.location_edit.clear()

    # "test now" runs off the GUI thread and says what came back
    with qtbot.waitSignal(dialog.testFinished, timeout=TIMEOUT) as result:
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert result.args[:2] == [spec, True] and feed.hits == 1
    assert "3" in dialog.test_label.text() and dialog.test_label.text().startswith("정상")
    assert office_ctx.settings.get("status_sources") == []  # nothing saved by a test

    with qtbot.waitSignal(page.boardShown, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.refreshing, timeout=TIMEOUT)
    assert not dialog.isVisible()
    assert office_ctx.settings.get("status_sources") == [spec]
    assert feed.hits == 2, "saving refreshed the board from the new source"
    assert page.board.historical is False
    assert [s.location for s in page.board.sources] == [feed.url]
    assert {s.id for s in page.board.systems} == {"t-0", "t-1", "t-2"}
    assert page.action_label.text() == "상태 정보 출처를 저장했습니다."
    details = audit_details(office_ctx, "status.sources")
    assert len(details) == 1 and spec in details[0]


def test_a_failing_source_and_removing_it(qtbot, page, feed, supervisor, office_ctx):
    office_ctx.settings.set("status_sources", ["rss:hand-edited", f"native:{feed.url}"])
    page.set_actor(supervisor)
    dialog = page.open_sources_dialog()
    assert dialog.sources() == ["rss:hand-edited", f"native:{feed.url}"]
    assert dialog.source_list.item(0).toolTip()  # the malformed entry says why
    feed.status = 503
    dialog.source_list.setCurrentRow(1)
    with qtbot.waitSignal(dialog.testFinished, timeout=TIMEOUT) as result:
        dialog.test_selected()
    assert result.args[1] is False and dialog.test_label.text().startswith("Failed")
    # saving with the malformed entry still listed is refused and says which one
    assert dialog.save() is False and "rss:hand-edited" in dialog.problem_label.text()
    dialog.source_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.sources() == [f"native:{feed.url}"]
    feed.status = 200
    with qtbot.waitSignal(page.boardShown, timeout=TIMEOUT):
        assert dialog.save()
    assert office_ctx.settings.get("status_sources") == [f"native:{feed.url}"]
    assert '"removed": ["rss:hand-edited"]' in audit_details(office_ctx, "status.sources")[0]


def test_a_clerk_gets_neither_dialog(qtbot, office_ctx, page, clerk, supervisor):
    page.set_actor(clerk)
    assert page.sources_button.isHidden()
    assert page.open_sources_dialog() is None
    assert page.action_label.text() == "Only a supervisor can do this."
    with pytest.raises(UserError):
        office_ctx.status.set_sources(clerk, ["native:http://127.0.0.1:9/x"])
    assert office_ctx.settings.get("status_sources") == []

    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "C100", CLERK_PIN)
    for action in (window.status_sources_action, window.outage_action):
        assert not action.isEnabled() and "supervisor" in action.toolTip()
    window.outage_action.trigger()  # disabled: nothing happens
    assert window.open_outage_periods() is None and window.open_status_sources() is None
    assert getattr(window, "outage_dialog", None) is None
    close_window(qtbot, window)


# ================================================================ outage periods
def test_supervisor_records_and_closes_an_outage_and_due_dates_move(qtbot, korean, office_ctx, clerk, supervisor):
    # received Tue 2026-11-24 10:00 KST through the system before it failed (시행령 제20조 2호), unsent
    case = office_ctx.queue.submit(clerk, {**sample_case(), "received_via_system": True})
    due_before = office_ctx.queue.case_detail(case.case_id)["due_date"]
    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "S100", SUPERVISOR_PIN)
    assert window.outage_action.isEnabled() and window.status_sources_action.isEnabled()
    assert window.outage_action.text() == "전산장애 기간(&O)…"
    window.outage_action.trigger()
    dialog = window.outage_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert dialog.windowTitle() == "전산장애 기간" and dialog.table.rowCount() == 0
    assert dialog.start_edit.dateTime() == QDateTime(QDate(2026, 11, 24), QTime(10, 0))  # now, KST

    set_kst(dialog.start_edit, 2026, 11, 24, 9, 30)
    qtbot.keyClicks(dialog.note_edit, "NIRS")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving)  # recorded on the writer lane
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, dialog.COL_START).text() == "2026-11-24 09:30"
    assert dialog.table.item(0, dialog.COL_END).text() == "진행 중"
    assert dialog.table.item(0, dialog.COL_BY).text() == "S100"
    assert "다시 계산" in dialog.message_label.text()
    # still open: counted up to now (10:00), a partial day: the date is unchanged
    assert office_ctx.queue.case_detail(case.case_id)["due_date"] == due_before

    assert dialog.close_button.isEnabled()  # the ongoing period is selected
    set_kst(dialog.close_at_edit, 2026, 11, 24, 9, 0)  # before the start: refused, nothing changes
    assert dialog.close_selected()  # started; the core refuses it
    qtbot.waitUntil(lambda: not dialog.saving)
    assert "뒤여야" in dialog.message_label.text() and dialog.close_button.isEnabled()
    set_kst(dialog.close_at_edit, 2026, 11, 26, 19, 0)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.table.item(0, dialog.COL_END).text() == "2026-11-26 19:00"
    assert not dialog.close_button.isEnabled()
    qtbot.mouseClick(dialog.now_button, Qt.MouseButton.LeftButton)
    assert dialog.close_at_edit.dateTime() == QDateTime(QDate(2026, 11, 24), QTime(10, 0))
    due_after = office_ctx.queue.case_detail(case.case_id)["due_date"]
    # 25 and 26 Nov were wholly lost: two working days later
    assert dt.date.fromisoformat(due_after) > dt.date.fromisoformat(due_before)
    assert office_ctx.queue.outage_windows()[0]["end_at"] == "2026-11-26T19:00:00+09:00"
    with office_ctx.db.read() as s:
        actions = list(
            s.execute(
                select(AuditEntry.action).where(AuditEntry.action.like("outage.%")).order_by(AuditEntry.seq)
            ).scalars()
        )
    assert actions == ["outage.add", "outage.close"]

    # a period that is already over, recorded in one go
    set_kst(dialog.start_edit, 2026, 11, 27, 9, 0)
    dialog.has_end.setChecked(True)
    set_kst(dialog.end_edit, 2026, 11, 27, 18, 0)
    assert dialog.add_window()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, dialog.COL_END).text() == "2026-11-27 18:00"
    close_window(qtbot, window)


def test_status_sources_from_the_settings_menu(qtbot, office_ctx, supervisor, feed):
    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "S100", SUPERVISOR_PIN)
    window.status_sources_action.trigger()
    page = window.page("status")
    qtbot.waitUntil(lambda: page.sources_dialog is not None and page.sources_dialog.isVisible(), timeout=3000)
    assert page.sources_dialog.sources() == []
    page.sources_dialog.reject()
    close_window(qtbot, window)
