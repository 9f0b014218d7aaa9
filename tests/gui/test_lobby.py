"""The waiting-room display (issue 11): every page renders at 1920×1080 and 1366×768 with no text
cut off, in type sized for five metres; it is keyboard-locked; it updates itself with the feed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QKeyEvent

from counter_app.status.desk_lobby import body_pixels, glyph_mm

SIZES = ((1920, 1080), (1366, 768))


def _check_not_cut(window, screen) -> list[str]:
    """Every label wholly inside the window, its wrapped text within its own height, and no
    single word wider than the label (which word wrap could not break)."""
    problems = []
    win = QRect(QPoint(0, 0), window.size())
    for label in screen.labels():
        top_left = label.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, label.size())
        if not win.contains(rect):
            problems.append(f"outside the window: {label.text()[:30]!r} {rect}")
        needed = label.heightForWidth(label.width())
        if needed > label.height():
            problems.append(f"cut off ({needed} > {label.height()}): {label.text()[:30]!r}")
        metrics = label.fontMetrics()
        for word in label.text().split():
            if metrics.horizontalAdvance(word) > label.width():
                problems.append(f"word wider than the line: {word!r}")
    return problems


@pytest.fixture
def board(office_ctx):
    return office_ctx.status.board()  # the bundled 2025 record: 65 major outages, long texts


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_renders_whole_at_lobby_sizes(qtbot, board, size):
    from counter_app.ui.lobby import LobbyWindow

    window = LobbyWindow(lambda: board, rotate_ms=60000)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitUntil(lambda: window.stack.count() > 0)
    screens = window.all_screens()
    assert {s.key for s in screens} == {"affected", "progress", "call", "notice"}
    for screen in screens:
        window.stack.setCurrentWidget(screen)
        qtbot.waitUntil(lambda s=screen: s.isVisible() and s.width() > 100)
        assert not _check_not_cut(window, screen), screen.key
    # large type: the Korean body at least 33 mm (1/150 of five metres) on the assumed panel
    px = body_pixels(*size)
    assert glyph_mm(px, *size) >= 33
    first = next(s for s in screens if s.key == "call")
    assert first.blocks[0].ko.font().pixelSize() >= px
    texts = " ".join(label.text() for s in screens for label in s.labels())
    assert "120" in texts and "제6조의2" in texts and "부산민원120" in texts
    assert "instead" in texts  # English below the Korean
    assert "640" in texts and "709" in texts  # restoration progress


def test_rotation_and_keyboard_lock(qtbot, board):
    from counter_app.ui.lobby import LobbyWindow

    window = LobbyWindow(lambda: board, rotate_ms=50)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.start(full_screen=False)
    qtbot.waitUntil(lambda: window.stack.currentIndex() > 0, timeout=3000)
    for key, mods in (
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    ):
        event = QKeyEvent(QEvent.Type.KeyPress, key, mods)
        window.keyPressEvent(event)
        assert window.isVisible()
    exit_mods = (
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    )
    window.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Q, exit_mods))
    assert not window.isVisible()


def feed_with(status: str) -> dict:
    return {
        "format": "counter_app.status-feed",
        "version": 1,
        "updated_at": "2026-11-24T09:50:00+09:00",
        "systems": [
            {
                "id": "test-sys",
                "name_ko": "시험 시스템",
                "name_en": "Test system",
                "status": status,
                "alternatives": [{"kind": "phone", "label": "120", "phone": "120"}],
            }
        ],
    }


def test_updates_itself_with_the_feed(qtbot, office_ctx, tmp_path):
    import json

    from counter_app.ui.lobby import LobbyWindow
    from counter_app.ui.tasks import TaskRunner

    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(feed_with("major_outage")), encoding="utf-8")
    office_ctx.settings.set("status_sources", [f"native:{feed}"])
    status = office_ctx.status
    runner = TaskRunner()
    window = LobbyWindow(status.board, refresh=status.refresh, runner=runner, poll_seconds=1, rotate_ms=60000)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.start(full_screen=False)

    def says(text):
        return any(text in label.text() for s in window.all_screens() for label in s.labels())

    qtbot.waitUntil(lambda: says("시험 시스템"), timeout=5000)
    feed.write_text(json.dumps(feed_with("operational")), encoding="utf-8")
    qtbot.waitUntil(lambda: says("중단된 서비스가 없습니다"), timeout=8000)
    window.close()
    runner.shutdown()
