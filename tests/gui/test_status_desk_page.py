"""The supervisor's status desk page (issue 11): keyboard-first edit of a system, publish signed
to a folder, the history with its author; a clerk cannot edit; it fits a 1366×768 laptop."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt


def _page(office_ctx, tasks, out):
    from counter_app.ui.status_desk_page import StatusDeskPage

    return StatusDeskPage(office_ctx.desk, office_ctx.publisher, tasks, default_out=str(out))


def test_supervisor_marks_epeople_down_and_publishes(qtbot, office_ctx, supervisor, tasks, tmp_path):
    from PySide6.QtWidgets import QApplication

    from counter_app.status.publish import verify_detached

    office_ctx.desk.start(supervisor, "bundled")
    page = _page(office_ctx, tasks, tmp_path / "pub")
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    assert page.minimumSizeHint().width() <= 1366 and page.minimumSizeHint().height() <= 700
    page.set_actor(supervisor)
    qtbot.waitUntil(lambda: page.systems.count() > 0)
    page.search_focus()
    qtbot.keyClicks(page.filter, "epeople")
    visible = [i for i in range(page.systems.count()) if not page.systems.item(i).isHidden()]
    assert len(visible) == 1
    page.systems.setCurrentRow(visible[0])
    assert page._selected == "epeople"
    page.status.setCurrentIndex(page.status.findData("major_outage"))
    page.expected.setText("2025-11-20")
    page.alternatives.setPlainText("visit|행정복지센터 방문 (종이 접수)||proc.epeople-complaint\nphone|110")
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.keyClick(page.expected, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    system = office_ctx.desk.system("epeople")
    assert system["status"] == "major_outage" and system["expected_recovery"] == "2025-11-20"
    assert system["alternatives"][0]["procedure_id"] == "proc.epeople-complaint"
    with qtbot.waitSignal(page.published, timeout=5000) as signal:
        qtbot.keyClick(page.systems, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    published = signal.args[0]
    body = (tmp_path / "pub" / "feed.json").read_bytes()
    jws = (tmp_path / "pub" / "feed.json.jws").read_bytes()
    assert verify_detached(body, jws, office_ctx.trust.verify).signed_by["office_code"] == published.office_code
    assert json.loads(body)["systems"][1]["status"] == "major_outage"
    qtbot.waitUntil(lambda: page.history.count() >= 2)
    assert "박감독" in page.history.item(0).text() and "set" in page.history.item(0).text()
    QApplication.processEvents()


def test_a_clerk_cannot_edit(qtbot, office_ctx, clerk, tasks, tmp_path):
    page = _page(office_ctx, tasks, tmp_path)
    qtbot.addWidget(page)
    page.set_actor(clerk)
    assert not page.save_button.isEnabled() and not page.publish_button.isEnabled()
    assert "supervisor" in page.banner.text()


def test_start_from_the_board_shown_now(qtbot, office_ctx, supervisor, tasks, tmp_path):
    page = _page(office_ctx, tasks, tmp_path)
    qtbot.addWidget(page)
    page.show()
    page.set_actor(supervisor)
    qtbot.waitUntil(lambda: getattr(page, "start_button", None) is not None and page.start_button.isVisible())
    with qtbot.waitSignal(page.changed, timeout=5000):
        page.start_button.click()
    qtbot.waitUntil(lambda: page.systems.count() > 0)
    assert office_ctx.desk.started()


def test_the_main_window_offers_the_desk_to_a_supervisor_only(qtbot, office_ctx, supervisor, clerk):
    from conftest import CLERK_PIN, SUPERVISOR_PIN
    from test_main_window import open_window, sign_in

    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "C100", CLERK_PIN)
    qtbot.waitUntil(lambda: window.actor is not None)
    assert not any(a.isEnabled() for a in window.desk_actions)
    assert window.open_status_desk() is None
    window.sign_out_action.trigger()
    sign_in(qtbot, window, "S100", SUPERVISOR_PIN)
    qtbot.waitUntil(lambda: window.actor is not None and window.actor.is_supervisor)
    assert all(a.isEnabled() for a in window.desk_actions)
    dialog = window.open_status_desk()
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    lobby = window.open_lobby()
    qtbot.waitUntil(lambda: lobby.stack.count() > 0)
    lobby.close()


def test_the_status_page_says_who_published_a_signed_feed(qtbot, office_ctx, supervisor, tasks, tmp_path):
    """The counter's board says "published by …" for a feed signed by a trusted office (here the
    own office, read from a folder as from a USB stick), and shows no unverified banner."""
    from counter_app.ui.status_page import StatusPage

    office_ctx.desk.start(supervisor, "bundled")
    office_ctx.desk.set_system(supervisor, "epeople", {"status": "major_outage"})
    pub = tmp_path / "pub"
    office_ctx.publisher.publish(supervisor, pub)
    office_ctx.settings.set("status_sources", [f"native:{pub / 'feed.json'}"])  # a USB stick works alike
    office_ctx.settings.set("status_poll_seconds", 0)
    office_ctx.status.refresh()
    page = StatusPage(office_ctx.status, office_ctx.settings, tasks, clock=office_ctx.clock, refresh_on_start=False)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.publisher_banner.isVisible(), timeout=5000)
    assert "2611051000" in page.publisher_banner.text() or "중앙동" in page.publisher_banner.text()
    assert not page.unverified_banner.isVisible()
    page.stop()
