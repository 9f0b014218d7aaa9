"""The waiting-room display (`counter-app --lobby`): a full-screen, read-only, keyboard-locked
window rotating large-type pages (status/desk_lobby.py says what they say), Korean with English
below, updating itself with the status feed.

- Type size: status/desk_lobby.body_pixels — readable at five metres on the screen it runs on.
- Nothing is ever cut off: each page's items are laid out one by one and a screen that would
  overflow starts the next screen (`screens`), so a long list of affected services simply takes
  more screens in the rotation. A single item longer than a whole screen is shown smaller.
- Keyboard-locked: every key and mouse press is swallowed; only Ctrl+Alt+Shift+Q (for the staff
  member who set it up) closes the window. No cursor is shown.
- Updates itself: the configured sources are refreshed off the GUI thread (TaskRunner), every
  `poll_seconds`, backing off with jitter while the desk is unreachable; the board is re-read after.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QVBoxLayout, QWidget

from counter_app.status.desk_lobby import ENGLISH_SCALE, LobbyItem, LobbyPage, body_pixels, footer, pages

log = logging.getLogger(__name__)

ROTATE_MS = 12000
MARGIN_RATIO = 0.035  # of the screen height, around the page
EXIT_KEYS = (
    Qt.Key.Key_Q,
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
)
BACKGROUND = "#0b2545"
FOREGROUND = "#ffffff"
ACCENT = "#ffd166"


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(8, int(px)))
    font.setBold(bold)
    return font


class _Block(QWidget):
    """One item: the Korean line (body size) with its English line below (smaller)."""

    def __init__(self, item: LobbyItem, body_px: int, colour: str = FOREGROUND, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, int(body_px * 0.25))
        layout.setSpacing(int(body_px * 0.05))
        size = int(body_px * (1.15 if item.emphasis else 1.0))
        self.ko = QLabel(item.ko, self)
        self.en = QLabel(item.en, self)
        for label, px, bold in ((self.ko, size, item.emphasis), (self.en, int(size * ENGLISH_SCALE), False)):
            label.setWordWrap(True)
            label.setFont(_font(px, bold))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setStyleSheet(f"color: {colour if label is self.ko else '#cfe3ff'};")
            layout.addWidget(label)

    def labels(self) -> list[QLabel]:
        return [self.ko, self.en]


class LobbyScreen(QWidget):
    """One screen of the rotation: a title, some items of one page, the footer."""

    def __init__(
        self,
        page: LobbyPage,
        items: list[LobbyItem],
        foot: LobbyItem,
        body_px: int,
        index: tuple[int, int],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.page = page
        self.key = page.key
        layout = QVBoxLayout(self)
        margin = int(body_px * 0.5)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(int(body_px * 0.2))
        part = f" ({index[0]}/{index[1]})" if index[1] > 1 else ""
        self.title = _Block(LobbyItem(page.title_ko + part, page.title_en + part, emphasis=True), body_px, ACCENT, self)
        layout.addWidget(self.title)
        self.blocks = [_Block(item, body_px, parent=self) for item in items]
        for block in self.blocks:
            layout.addWidget(block)
        layout.addStretch(1)
        self.foot = _Block(foot, int(body_px * 0.8), "#cfe3ff", self)
        layout.addWidget(self.foot)

    def labels(self) -> list[QLabel]:
        out = self.title.labels()
        for block in self.blocks:
            out += block.labels()
        return out + self.foot.labels()

    def needed_height(self, width: int) -> int:
        layout = self.layout()
        assert layout is not None
        return layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()


def screens(page_list: list[LobbyPage], foot: LobbyItem, width: int, height: int, body_px: int) -> list[LobbyScreen]:
    """Lay each page's items out over as many screens as they need at this size (nothing cut off)."""
    out: list[LobbyScreen] = []
    for page in page_list:
        groups: list[list[LobbyItem]] = []
        current: list[LobbyItem] = []
        for item in page.items:
            trial = LobbyScreen(page, current + [item], foot, body_px, (1, 2))
            fits = trial.needed_height(width) <= height
            trial.deleteLater()
            if fits or not current:
                current.append(item)
            else:
                groups.append(current)
                current = [item]
        if current:
            groups.append(current)
        for n, group in enumerate(groups, start=1):
            px = body_px
            screen = LobbyScreen(page, group, foot, px, (n, len(groups)))
            while screen.needed_height(width) > height and px > 12:  # one item longer than a screen
                screen.deleteLater()
                px = int(px * 0.9)
                screen = LobbyScreen(page, group, foot, px, (n, len(groups)))
            out.append(screen)
    return out


class LobbyWindow(QWidget):
    """`board`: () -> status Board (cache only); `refresh`: () -> Board fetching the sources, run
    off the GUI thread by `runner` (a ui.tasks.TaskRunner); both may be None in tests."""

    def __init__(
        self,
        board: Callable[[], Any],
        *,
        refresh: Callable[[], Any] | None = None,
        runner=None,
        poll_seconds: int = 60,
        rotate_ms: int = ROTATE_MS,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Service status — waiting room"))
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self._board_fn = board
        self._refresh_fn = refresh
        self._runner = runner
        self._poll_seconds = poll_seconds
        self._failures = 0
        self._board = None
        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._rotate = QTimer(self)
        self._rotate.setInterval(rotate_ms)
        self._rotate.timeout.connect(self.next_screen)
        self._poll = QTimer(self)
        self._poll.setSingleShot(True)
        self._poll.timeout.connect(self.poll)
        self._built_for: tuple[int, int] | None = None
        self.installEventFilter(self)
        self.set_board(board())

    # --- content ----------------------------------------------------------------------------

    @property
    def body_px(self) -> int:
        screen = self.screen()
        reported = screen.physicalSize().height() if screen is not None else None
        return body_pixels(max(1, self.width()), max(1, self.height()), reported if self.isFullScreen() else None)

    def set_board(self, board) -> None:
        self._board = board
        self._built_for = None
        self.rebuild()

    def rebuild(self) -> None:
        if self._board is None or self.width() < 100 or self.height() < 100:
            return
        size = (self.width(), self.height())
        if self._built_for == size:
            return
        self._built_for = size
        current = self.stack.currentIndex()
        while self.stack.count():
            old = self.stack.widget(0)
            self.stack.removeWidget(old)
            old.deleteLater()
        for screen in screens(pages(self._board), footer(self._board), size[0], size[1], self.body_px):
            self.stack.addWidget(screen)
        self.stack.setCurrentIndex(min(max(current, 0), self.stack.count() - 1))

    def all_screens(self) -> list[LobbyScreen]:
        return [self.stack.widget(i) for i in range(self.stack.count())]  # type: ignore[misc]

    def next_screen(self) -> None:
        if self.stack.count():
            self.stack.setCurrentIndex((self.stack.currentIndex() + 1) % self.stack.count())

    # --- life -------------------------------------------------------------------------------

    def start(self, full_screen: bool = True) -> None:
        if full_screen:
            self.showFullScreen()
        else:
            self.show()
        self._rotate.start()
        if self._refresh_fn is not None and self._runner is not None:
            self._poll.start(1000)

    def poll(self) -> None:
        from counter_app.status.service import next_poll_delay

        def done(board) -> None:
            self._failures = 0 if not board.failed_sources else self._failures + 1
            self.set_board(board)
            self._poll.start(int(next_poll_delay(self._failures, self._poll_seconds, jitter=True) * 1000))

        def failed(_exc) -> None:
            self._failures += 1
            self._poll.start(int(next_poll_delay(self._failures, self._poll_seconds, jitter=True) * 1000))

        assert self._refresh_fn is not None and self._runner is not None
        fn = self._refresh_fn
        self._runner.run(lambda task: fn(), name="lobby refresh", on_result=done, on_error=failed)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.rebuild()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            key = event if isinstance(event, QKeyEvent) else None
            if (
                key is not None
                and kind == QEvent.Type.KeyPress
                and key.key() == EXIT_KEYS[0]
                and key.modifiers() == EXIT_KEYS[1]
            ):
                self.close()
            return True  # keyboard-locked: nothing else reaches anything
        if kind in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,
            QEvent.Type.ContextMenu,
        ):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == EXIT_KEYS[0] and event.modifiers() == EXIT_KEYS[1]:
            self.close()
        event.accept()

    def closeEvent(self, event) -> None:  # noqa: N802
        self._rotate.stop()
        self._poll.stop()
        super().closeEvent(event)


def run_lobby(args) -> int:
    """`counter-app --lobby`: the display on its own (no sign-in: it shows only the public board)."""
    import sys
    from typing import cast

    from counter_app.app import open_context
    from counter_app.paths import AppPaths, resolve_data_dir
    from counter_app.settings import Settings
    from counter_app.ui.bootstrap import install_translators, load_korean_font, route_qt_messages
    from counter_app.ui.tasks import TaskRunner

    qapp = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    route_qt_messages()
    paths = AppPaths(resolve_data_dir(args.data_dir)).ensure()
    lang = args.lang or Settings(paths.settings_file).get("language") or "ko"
    load_korean_font(qapp)
    translators = install_translators(qapp, lang if lang in ("ko", "en") else "ko")
    ctx = open_context(paths.root, lang=lang)
    runner = TaskRunner()
    status = ctx.status
    has_sources = bool(status.configured_sources())
    window = LobbyWindow(status.board, refresh=status.refresh if has_sources else None, runner=runner)
    window.start(full_screen=True)
    try:
        return int(qapp.exec())
    finally:
        runner.shutdown()
        ctx.close()
        del translators
