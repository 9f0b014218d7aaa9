"""The status page: models (qtmodeltester), chart, and the page on a real StatusService fed by a
real loopback HTTP server."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from status_helpers import (
    FeedServer,
    board_from_feed,
    feed_from_systems,
    named_systems,
    native_feed,
    synthetic_feed,
)

from counter_app.ui.status_chart import RESTORED_COLOUR, GradeBars, RestorationChart
from counter_app.ui.status_labels import severity
from counter_app.ui.status_model import (
    COL_GRADE,
    COL_NAME,
    COL_STATUS,
    FILTER_NOT_OPERATIONAL,
    GroupCountsRole,
    IsGroupRole,
    StatusRole,
    StatusTreeModel,
    SystemIdRole,
)
from counter_app.ui.status_page import StatusPage, next_poll_delay

KO_LABELS = {
    "operational": "정상",
    "degraded": "성능 저하",
    "partial_outage": "부분 장애",
    "major_outage": "전면 장애",
    "maintenance": "점검 중",
    "unknown": "알 수 없음",
}


# ====================================================================== model
@pytest.fixture
def boards(ctx, tmp_path):
    """boards(n) -> the Board the real StatusService makes of a synthetic feed of n systems
    (read from a file); boards(feed=doc) for a given feed document."""

    def make(n: int = 709, *, feed: dict | None = None, **kwargs):
        return board_from_feed(ctx.status, feed if feed is not None else synthetic_feed(n, **kwargs), tmp_path)

    return make


def _model(board, **kwargs) -> StatusTreeModel:
    model = StatusTreeModel()
    model.set_board(board.systems, **kwargs)
    return model


def _children(model, group_row: int) -> list[QModelIndex]:
    parent = model.index(group_row, 0)
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


@pytest.mark.parametrize("group_by", ["status", "ministry", "grade"])
def test_model_passes_qtmodeltester(qtmodeltester, boards, group_by):
    model = _model(boards(80), changed={"gov24"}, watched={"epeople"})
    model.set_group_by(group_by)
    qtmodeltester.check(model)
    model.set_filter("시스템 001")
    qtmodeltester.check(model)
    model.sort(COL_GRADE, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_group_by_status_rolls_up_worst_first(boards):
    model = _model(boards(120))
    statuses = [model.index(r, 0).data(StatusRole) for r in range(model.rowCount())]
    assert statuses[0] == "major_outage" and statuses[-1] == "operational"
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        children = {c.data(StatusRole) for c in _children(model, row)}
        assert children == {group.data(StatusRole)}


def test_group_by_ministry_counts_and_worst_status(boards):
    systems = named_systems() + [
        {**named_systems()[2], "id": "x1", "name_ko": "법원 A", "ministry": "법원행정처", "status": "operational"},
        {**named_systems()[2], "id": "x2", "name_ko": "법원 B", "ministry": "법원행정처", "status": "degraded"},
    ]
    model = _model(boards(feed=feed_from_systems(systems)))
    model.set_group_by("ministry")
    titles = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    court = next(r for t, r in titles.items() if t.startswith("법원행정처"))
    group = model.index(court, 0)
    assert group.data(GroupCountsRole) == (2, 3)
    assert group.data(StatusRole) == "degraded"  # worst of operational, operational, degraded
    assert group.data(IsGroupRole) is True
    assert model.index(court, COL_STATUS).data() == "Degraded"  # no translator installed here
    assert "(2/3 operational)" in group.data()
    assert model.rowCount(group) == 3


def test_group_by_grade_orders_grades(boards):
    model = _model(boards(200))
    model.set_group_by("grade")
    assert [model.index(r, 0).data().split(" (")[0] for r in range(model.rowCount())] == [
        "Grade 1",
        "Grade 2",
        "Grade 3",
        "Grade 4",
    ]
    assert sum(model.index(r, 0).data(GroupCountsRole)[1] for r in range(model.rowCount())) == 200


def test_filter_by_text_matches_ko_en_ministry_and_services(boards):
    model = _model(boards(100))
    model.set_filter("government24")
    assert model.system_count() == 1
    model.set_filter("국민신문고 민원")  # a service name
    assert [i.data(SystemIdRole) for i in _children(model, 0)] == ["epeople"]
    model.set_filter("법원행정처")
    assert model.system_count() == 1
    model.set_filter("")
    assert model.system_count() == 100


def test_filter_by_status_and_not_operational(boards):
    board = boards(100)
    model = _model(board)
    model.set_filter("", "partial_outage")
    assert model.rowCount() == 1 and model.index(0, 0).data(StatusRole) == "partial_outage"
    expected = sum(1 for s in board.systems if s.status != "operational")
    model.set_filter("", FILTER_NOT_OPERATIONAL)
    assert model.system_count() == expected
    assert all(model.index(r, 0).data(StatusRole) != "operational" for r in range(model.rowCount()))


def test_sort_by_name_within_groups(boards):
    model = _model(boards(60))
    model.sort(COL_NAME, Qt.SortOrder.AscendingOrder)
    names = [c.data() for c in _children(model, 0)]
    assert names == sorted(names, key=str.casefold)
    model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert [c.data() for c in _children(model, 0)] == sorted(names, key=str.casefold, reverse=True)


def test_watch_checkbox_emits_and_changed_rows_are_bold(qtbot, boards):
    model = _model(boards(20), changed={"gov24"})
    index = model.index_of("gov24")
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert model.index_of("epeople").data(Qt.ItemDataRole.FontRole) is None
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    with qtbot.waitSignal(model.watchToggled) as blocker:
        assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert blocker.args == ["gov24", True]
    assert model.index_of("gov24").data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.set_changed(set())
    assert model.index_of("gov24").data(Qt.ItemDataRole.FontRole) is None


def test_english_names_in_english_ui(boards):
    board = boards(10)
    assert _model(board, lang="en").index_of("gov24").data() == "Government24"
    assert _model(board, lang="ko").index_of("gov24").data() == "정부24"


# ====================================================================== chart
def test_chart_draws_total_as_its_own_step_line(qtbot, boards):
    chart = RestorationChart()
    qtbot.addWidget(chart)
    chart.resize(600, 240)
    board = boards(709)
    chart.set_points(board.progress)
    assert [(before, after) for _, before, after in chart.total_changes()] == [(647, 709)]
    image = chart.grab().toImage()
    assert not image.isNull() and image.width() == 600
    colours = {image.pixelColor(x, y).name() for x in range(0, 600, 3) for y in range(0, 240, 3)}
    assert RESTORED_COLOUR.name() in colours  # the restored line was painted
    chart.resize(260, 150)  # scales down without error
    assert not chart.grab().isNull()


def test_chart_without_history_says_so(qtbot):
    chart = RestorationChart()
    qtbot.addWidget(chart)
    chart.set_points([])
    chart.resize(300, 150)
    assert not chart.grab().isNull()
    assert chart.points() == []


def test_grade_bars(qtbot, boards):
    bars = GradeBars()
    qtbot.addWidget(bars)
    by_grade = boards(120).summary.by_grade
    bars.set_grades(dict(reversed(list(by_grade.items()))))  # sorted by grade whatever the order given
    assert [g for g, _, _ in bars.grades()] == ["1", "2", "3", "4"]
    assert bars.grades()[0] == ("1", by_grade["1"].restored, by_grade["1"].total)
    bars.resize(320, bars.sizeHint().height())
    image = bars.grab().toImage()
    assert QColor(image.pixelColor(bars.width() // 2, 8)).isValid()


# ====================================================================== the page, on a real service

REFRESH_TIMEOUT = 15_000


@pytest.fixture
def feed():
    server = FeedServer(native_feed({"gov24": "major_outage", "epeople": "partial_outage"}))
    yield server
    server.stop()


@pytest.fixture
def make_page(qtbot, office_ctx, tasks, feed):
    """StatusPage(ctx.status, ...) on the office's real data dir, its source the loopback feed."""
    pages = []
    office_ctx.settings.set("status_sources", [f"native:{feed.url}"])
    office_ctx.settings.set("status_poll_seconds", 0)  # tests poll only where they say so

    def make(**kwargs) -> StatusPage:
        kwargs.setdefault("refresh_on_start", False)
        page = StatusPage(office_ctx.status, office_ctx.settings, tasks, clock=office_ctx.clock, **kwargs)
        qtbot.addWidget(page)
        page.resize(1200, 800)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.stop()
    tasks.shutdown()


def refresh(qtbot, page: StatusPage) -> None:
    with qtbot.waitSignal(page.boardShown, timeout=REFRESH_TIMEOUT):
        qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.refreshing)


def status_of(page: StatusPage, system_id: str) -> str:
    return page.model.index_of(system_id).data(StatusRole)


def test_bundled_board_first_then_refresh_shows_the_feed(qtbot, make_page, feed):
    page = make_page()
    assert page.board.historical is True
    assert not page.historical_banner.isHidden()
    assert "2025" in page.historical_banner.text()
    assert page.stale_banner.isHidden()  # sources never tried yet is not a network error
    assert status_of(page, "gov24") == "operational"  # as the 2025 record ends
    assert feed.hits == 0  # nothing fetched on the GUI thread while building the page

    refresh(qtbot, page)
    assert feed.hits == 1
    assert page.board.historical is False
    assert page.historical_banner.isHidden() and page.stale_banner.isHidden()
    assert status_of(page, "gov24") == "major_outage"
    assert page.model.index_of("gov24", COL_STATUS).data() == "Major outage"
    assert status_of(page, "epeople") == "partial_outage"
    assert "2026-11-24 10:00" in page.fetched_time_label.text()  # our fetch time (KST)
    assert "2026-11-24 09:50" in page.source_time_label.text()  # the source's own time
    assert page.refresh_button.isEnabled()
    assert page.model.system_count() == len(page.board.systems)


def test_korean_status_labels_and_times(qtbot, korean, make_page):
    page = make_page()
    refresh(qtbot, page)
    assert page.model.index_of("gov24", COL_STATUS).data() == "전면 장애"
    assert page.model.index_of("epeople", COL_STATUS).data() == "부분 장애"
    assert page.model.index_of("gov24", COL_NAME).data() == "정부24"
    assert page.fetched_time_label.text().startswith("가져온 시각 ")
    assert page.source_time_label.text().startswith("출처 갱신 ")
    labels = {page.status_filter.itemText(i) for i in range(page.status_filter.count())}
    assert set(KO_LABELS.values()) <= labels


def test_refresh_progress_and_model_check(qtbot, qtmodeltester, make_page):
    page = make_page()
    seen = []
    assert page.refresh()
    assert not page.refresh_button.isEnabled()
    assert page.refresh() is False  # one refresh at a time
    seen.append(page.refresh_state_label.text())
    qtbot.waitUntil(lambda: not page.refreshing, timeout=REFRESH_TIMEOUT)
    assert seen[0].startswith("Refreshing")
    assert page.refresh_state_label.text().startswith("Checked")
    qtmodeltester.check(page.model)


def test_filter_by_text_and_status(qtbot, make_page):
    page = make_page()
    refresh(qtbot, page)
    total = page.model.system_count()
    qtbot.keyClicks(page.search_edit, "government24")  # QTest types ASCII only; the English name
    assert page.model.system_count() == 1
    assert page.count_label.text() == f"1 of {total} systems"
    page.search_edit.clear()
    page.search_edit.setText("행정안전부")  # a ministry
    assert page.model.system_count() >= 1
    assert all(
        page.model.system_at(c).ministry == "행정안전부"
        for g in range(page.model.rowCount())
        for c in _children(page.model, g)
    )
    page.search_edit.clear()
    assert page.model.system_count() == total
    page.status_filter.setCurrentIndex(page.status_filter.findData("partial_outage"))
    assert [c.data(SystemIdRole) for c in _children(page.model, 0)] == ["epeople"]
    page.status_filter.setCurrentIndex(page.status_filter.findData(FILTER_NOT_OPERATIONAL))
    ids = {c.data(SystemIdRole) for g in range(page.model.rowCount()) for c in _children(page.model, g)}
    assert {"gov24", "epeople"} <= ids and "hometax" not in ids


def test_detail_alternatives_and_guide_button(qtbot, make_page):
    page = make_page()
    refresh(qtbot, page)
    assert page.select_system("gov24")
    detail = page.detail
    assert detail.system_id == "gov24"
    title = detail.findChild(type(page.count_label), "detailTitle")
    assert title.text() == "정부24"
    assert detail.findChild(type(page.count_label), "detailStatus").text() == "Major outage"
    kinds = [card.alternative.kind for card in detail.alternative_cards]
    assert kinds[:2] == ["visit", "phone"]
    buttons = [c.guide_button for c in detail.alternative_cards if c.guide_button is not None]
    assert buttons, "the visit alternative names a procedure"
    with qtbot.waitSignal(page.procedureRequested, timeout=2000) as blocker:
        qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert blocker.args == ["proc.gov24-certificates"]
    # the phone alternative has no procedure: no button on its card
    phone = next(c for c in detail.alternative_cards if c.alternative.kind == "phone")
    assert phone.guide_button is None

    assert page.select_system("epeople")
    loss = page.detail.findChild(type(page.count_label), "detailDataLoss")
    assert loss is not None and "2025-09-25" in loss.text()


def test_server_down_shows_stale_banner_and_keeps_last_good_data(qtbot, make_page, feed, office_ctx):
    office_ctx.settings.set("status_poll_seconds", 60)
    page = make_page()
    refresh(qtbot, page)
    assert page.failures == 0
    assert 29_000 <= page.next_poll_ms <= 60_000  # healthy: the setting (with jitter)

    feed.stop()
    office_ctx.clock.advance(hours=3)
    refresh(qtbot, page)
    assert not page.stale_banner.isHidden()
    text = page.stale_banner.text()
    assert "3 h ago" in text and "check the network" in text
    assert feed.url in text  # the failing source is named with its error
    assert status_of(page, "gov24") == "major_outage"  # the last good data is still shown
    assert page.board.stale is True
    assert page.failures == 1
    assert 59_000 <= page.next_poll_ms <= 120_000  # backed off: twice the interval


def test_stale_banner_in_korean(qtbot, korean, make_page, feed, office_ctx):
    page = make_page()
    refresh(qtbot, page)
    feed.stop()
    office_ctx.clock.advance(hours=3)
    refresh(qtbot, page)
    assert page.stale_banner.text().startswith("마지막으로 받은 정보: 3시간 전 — 네트워크 확인 필요")


def test_watch_list_notifies_on_change(qtbot, make_page, feed, office_ctx):
    page = make_page()
    refresh(qtbot, page)
    gov24 = page.model.index_of("gov24", COL_NAME)
    assert page.model.setData(gov24, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert office_ctx.settings.get("status_watch") == ["gov24"]
    assert page.watch_bar.isHidden()

    feed.payload = native_feed({"gov24": "operational", "epeople": "degraded"}, updated_at="2026-11-24T10:30:00+09:00")
    office_ctx.clock.advance(minutes=40)
    with qtbot.waitSignal(page.watchedChanged, timeout=REFRESH_TIMEOUT) as blocker:
        page.refresh()
    qtbot.waitUntil(lambda: not page.refreshing)
    assert blocker.args[0] == [{"id": "gov24", "name": "정부24", "from": "major_outage", "to": "operational"}]
    assert not page.watch_bar.isHidden()
    assert "Major outage → Operational" in page.watch_label.text()
    # epeople changed too but is not watched: no signal for it
    assert all(change["id"] == "gov24" for change in blocker.args[0])
    # the detail pane's checkbox and the row star are one setting
    page.select_system("gov24")
    assert page.detail.watch_box.isChecked()
    page.detail.watch_box.setChecked(False)
    assert office_ctx.settings.get("status_watch") == []
    assert page.model.index_of("gov24").data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_changed_since_last_look_and_mark_as_seen(qtbot, make_page, office_ctx):
    page = make_page()
    # first look: the bundled board becomes the baseline, nothing highlighted
    assert office_ctx.settings.get("status_last_seen_at")
    assert page.changed_bar.isHidden()
    refresh(qtbot, page)
    assert page.changed_ids() == {"gov24", "epeople"}
    assert not page.changed_bar.isHidden()
    assert page.changed_label.text().startswith("2 system(s) changed status since you last looked")
    assert page.model.index_of("gov24").data(Qt.ItemDataRole.FontRole).bold()
    page.status_filter.setCurrentIndex(page.status_filter.findData("changed"))
    assert page.model.system_count() == 2
    page.status_filter.setCurrentIndex(0)

    qtbot.mouseClick(page.mark_seen_button, Qt.MouseButton.LeftButton)
    assert page.changed_bar.isHidden()
    assert page.model.index_of("gov24").data(Qt.ItemDataRole.FontRole) is None
    assert office_ctx.settings.get("status_last_seen_statuses")["gov24"] == "major_outage"
    assert office_ctx.settings.get("status_last_seen_at").startswith("2026-11-24T01:00")
    # a new page at this desk remembers what was seen
    again = make_page()
    assert again.changed_ids() == set()


def test_chart_paints_the_restoration_history(qtbot, make_page):
    page = make_page()
    refresh(qtbot, page)
    chart = page.chart
    assert len(chart.points()) == len(page.board.progress) > 2
    assert (647, 709) in [(before, after) for _, before, after in chart.total_changes()]
    image = chart.grab().toImage()
    assert not image.isNull()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert RESTORED_COLOUR.name() in colours
    assert page.grade_bars.grades()[0] == ("1", 40, 40)
    assert "640 of 709 restored" in page.summary_label.text()


def test_group_by_ministry_grade_status_roll_up(qtbot, make_page):
    page = make_page()
    refresh(qtbot, page)
    model = page.model
    page.group_combo.setCurrentIndex(page.group_combo.findData("ministry"))
    assert model.group_by == "ministry"
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        children = _children(model, row)
        worst = max((c.data(StatusRole) for c in children), key=severity)
        assert group.data(StatusRole) == worst
        operational = sum(c.data(StatusRole) == "operational" for c in children)
        assert group.data(GroupCountsRole) == (operational, len(children))
    interior = next(r for r in range(model.rowCount()) if model.index(r, 0).data().startswith("행정안전부"))
    assert "gov24" in {c.data(SystemIdRole) for c in _children(model, interior)}

    page.group_combo.setCurrentIndex(page.group_combo.findData("grade"))
    assert model.group_by == "grade"
    page.group_combo.setCurrentIndex(page.group_combo.findData("status"))
    assert model.index(0, 0).data(StatusRole) == "major_outage"

    # a group the user collapsed stays collapsed across refreshes
    page.tree.collapse(model.index(0, 0))
    refresh(qtbot, page)
    assert not page.tree.isExpanded(model.index(0, 0))
    assert page.tree.isExpanded(model.index(1, 0))


def test_supervisor_note_and_snapshot_file(qtbot, make_page, supervisor, tmp_path):
    page = make_page(actor_provider=lambda: supervisor)
    assert not page.add_note_button.isHidden()
    with qtbot.waitSignal(page.boardShown, timeout=REFRESH_TIMEOUT):
        assert page.add_note("120: 정부24 14:00부터 정상", "gov24")
    assert page.action_label.text() == "Note saved."
    page.select_system("gov24")
    notes = [w.text() for w in page.detail.findChildren(type(page.count_label), "detailNote")]
    assert any("120: 정부24 14:00부터 정상" in n and "박감독" in n for n in notes)

    snapshot = tmp_path / "usb_status.json"
    snapshot.write_text(json.dumps(native_feed({"gov24": "maintenance"}), ensure_ascii=False), encoding="utf-8")
    with qtbot.waitSignal(page.boardShown, timeout=REFRESH_TIMEOUT):
        assert page.load_snapshot(str(snapshot))
    assert status_of(page, "gov24") == "maintenance"
    assert page.action_label.text() == "Snapshot loaded."


def test_clerk_cannot_add_notes(qtbot, make_page, clerk, office_ctx):
    page = make_page(actor_provider=lambda: clerk)
    assert page.add_note("no", None) is False
    assert page.action_label.text() == "Only a supervisor can do this."
    assert list(page.board.notes) == []
    # no actor provider: the supervisor buttons are not offered at all
    plain = make_page()
    assert plain.add_note_button.isHidden() and plain.load_snapshot_button.isHidden()


def test_keyboard_find_refresh_and_enter(qtbot, make_page, feed):
    page = make_page()
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search_edit
    with qtbot.waitSignal(page.boardShown, timeout=REFRESH_TIMEOUT):
        qtbot.keyClick(page.search_edit, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not page.refreshing)
    assert feed.hits == 1
    page.select_system("gov24")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    focused = QApplication.focusWidget()
    assert focused is not None and page.detail.isAncestorOf(focused)


def test_english_ui_uses_english_names(qtbot, make_page, office_ctx, english):
    # the program runs in English (--lang en) while the saved setting says Korean: the board
    # follows the language on screen, like every other string (issue 7 item 6)
    office_ctx.settings.set("language", "ko")
    page = make_page()
    assert page.model.index_of("gov24").data() == "Government24 (gov.kr)"
    page.select_system("gov24")
    title = page.detail.findChild(type(page.count_label), "detailTitle")
    assert title.text() == "Government24 (gov.kr)"


def test_polls_in_the_background(qtbot, make_page, feed, office_ctx):
    office_ctx.settings.set("status_poll_seconds", 1)
    page = make_page(refresh_on_start=True)
    qtbot.waitUntil(lambda: feed.hits >= 2, timeout=10_000)  # the start-up refresh, then a poll
    qtbot.waitUntil(lambda: not page.refreshing)
    assert status_of(page, "gov24") == "major_outage"
    page.stop()
    hits = feed.hits
    assert page.next_poll_ms == -1 and page.refresh() is False
    assert feed.hits == hits


def test_poll_delay_backs_off_and_caps():
    assert 150 <= next_poll_delay(300, 0) <= 300
    assert 1200 <= next_poll_delay(300, 3) <= 2400
    assert next_poll_delay(300, 20) <= 3600


def test_statuspage_source(qtbot, make_page, office_ctx):
    summary = {
        "page": {"id": "p", "name": "Gov", "url": "http://127.0.0.1", "updated_at": "2026-11-24T00:55:00Z"},
        "components": [
            {"id": "grp", "name": "민원", "status": "partial_outage", "group": True, "components": ["c1", "c2"]},
            {"id": "c1", "name": "정부24", "status": "major_outage", "group_id": "grp", "group": False},
            {"id": "c2", "name": "홈택스", "status": "degraded_performance", "group_id": "grp", "group": False},
        ],
        "incidents": [],
        "scheduled_maintenances": [],
        "status": {"indicator": "major", "description": "Major"},
    }
    server = FeedServer(summary)
    try:
        office_ctx.settings.set("status_sources", [f"statuspage:{server.url}"])
        page = make_page()
        refresh(qtbot, page)
        assert status_of(page, "c1") == "major_outage"
        assert status_of(page, "c2") == "degraded"
        assert page.historical_banner.isHidden()
    finally:
        server.stop()


def test_set_actor_hook_offers_supervisor_actions(qtbot, make_page, supervisor, clerk):
    page = make_page()
    assert page.add_note_button.isHidden()
    assert page.add_note("x") is False
    assert page.action_label.text() == "Sign in as a supervisor first."
    page.set_actor(clerk)
    assert page.add_note_button.isHidden()
    page.set_actor(supervisor)
    assert not page.add_note_button.isHidden() and not page.load_snapshot_button.isHidden()
    with qtbot.waitSignal(page.boardShown, timeout=REFRESH_TIMEOUT):
        assert page.add_note("120 안내: 전체 시스템 점검 중")
    assert [n.body for n in page.board.notes] == ["120 안내: 전체 시스템 점검 중"]
    notes = [w.text() for w in page.detail.findChildren(type(page.count_label), "detailNote")]
    assert any("120 안내" in n for n in notes)  # a note for every system shows with nothing selected
    page.set_actor(None)
    assert page.add_note_button.isHidden()


def test_skipped_items_and_a_redirect_are_shown_on_the_board(qtbot, make_page, feed, office_ctx, status_server):
    from status_servers import redirect

    page = make_page()
    assert page.warnings_banner.isHidden()
    doc = native_feed({"gov24": "major_outage"})
    doc["systems"][3]["grade"] = "three"  # one of 13 malformed: skipped, with a warning
    feed.payload = doc
    moved = status_server.route("/old/feed.json", redirect(feed.url))  # the source moved to another host
    office_ctx.settings.set("status_sources", [f"native:{moved}"])
    refresh(qtbot, page)
    assert page.board.sources[0].ok and len(page.board.systems) == 12
    assert not page.warnings_banner.isHidden()
    text = page.warnings_banner.text()
    assert f"answered from another host: {feed.url}" in text
    assert "1 item(s) skipped as malformed" in text
    assert "시스템 항목 4번을 건너뛰었습니다" in text  # the core's sentence, in the board's language

    broken = native_feed({"gov24": "operational"})
    for system in broken["systems"][:3]:
        system["name_ko"] = 7  # three of 13: the source failed, the last good board stays
    feed.payload = broken
    office_ctx.clock.advance(minutes=5)
    refresh(qtbot, page)
    assert not page.stale_banner.isHidden()
    assert "시스템 13개 중 3개가 형식 오류" in page.stale_banner.text()
    assert status_of(page, "gov24") == "major_outage"


def test_the_board_words_are_the_cores_in_both_languages(qtbot, korean, boards):
    from counter_app.status.vocabulary import STATUS_LABELS
    from counter_app.ui.status_labels import status_label, ui_language

    assert ui_language() == "ko"
    assert {s: status_label(s) for s in STATUS_LABELS} == {s: m.ko for s, m in STATUS_LABELS.items()}
    model = _model(boards(30))
    groups = {model.index(r, 0).data(StatusRole): model.index(r, COL_STATUS).data() for r in range(model.rowCount())}
    assert all(label == STATUS_LABELS[status].ko for status, label in groups.items())
