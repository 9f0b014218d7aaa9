"""Keeping windows on a small screen: counter PCs are often 1366×768 (or 1280×720) laptops.

- `available_geometry(widget)`: the usable part of the screen the widget is on (or the primary
  one). The tests give Qt's offscreen platform a 1366×768 or 1280×720 screen
  (`QT_QPA_PLATFORM=offscreen:configfile=…`, tests/helpers/screen_probe.py).
- `fit_window(window)`: the main window's opening size — its preferred size within the available
  screen, maximised when the screen is small.
- `ScreenFitter`: an application-wide event filter that keeps every dialog (ours and Qt's own)
  inside the available screen when it is shown or grows; a long form scrolls instead (the forms
  put themselves in QScrollAreas).
- `reserve_lines(label, n)`: a message label that keeps its room while hidden, so an error that
  appears does not squeeze the fields above it (the sign-in's 직원 번호 cut in half, of old).
- `grow_to_fit(dialog)`: after a message appears, the dialog grows to show it whole (never
  beyond the screen).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QSizePolicy, QWidget

SMALL_SCREEN = QSize(1440, 900)  # below this the main window opens maximised
PREFERRED_WINDOW = QSize(1280, 800)


def available_geometry(widget: QWidget | None = None) -> QRect:
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def is_small_screen(area: QRect) -> bool:
    return area.width() < SMALL_SCREEN.width() or area.height() < SMALL_SCREEN.height()


def frame_margins(window: QWidget) -> QSize:
    """What the window manager adds around the client area (title bar, borders); a guess before
    the first show, when Qt does not know it yet."""
    frame, inner = window.frameGeometry(), window.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    if extra.width() <= 0 and extra.height() <= 0 and not window.isVisible():
        return QSize(8, 36)
    return extra


def fit_window(window: QWidget, area: QRect | None = None) -> None:
    """Size the main window for the screen it opens on: its preferred size where that fits,
    maximised on a small screen, and never larger than the available area."""
    area = area or available_geometry(window)
    margins = frame_margins(window)
    width = min(PREFERRED_WINDOW.width(), area.width() - margins.width())
    height = min(PREFERRED_WINDOW.height(), area.height() - margins.height())
    window.resize(max(width, 640), max(height, 480))
    window.move(
        area.x() + max(0, (area.width() - window.width() - margins.width()) // 2),
        area.y() + max(0, (area.height() - window.height() - margins.height()) // 2),
    )
    if is_small_screen(area):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def clamp_to_screen(window: QWidget, area: QRect | None = None) -> None:
    """Shrink `window` to the available area if it is larger, and move it inside."""
    area = area or available_geometry(window.parentWidget() or window)
    margins = frame_margins(window)
    max_w, max_h = area.width() - margins.width(), area.height() - margins.height()
    width, height = min(window.width(), max_w), min(window.height(), max_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    geo = window.frameGeometry()
    x = min(max(geo.x(), area.x()), area.x() + area.width() - geo.width())
    y = min(max(geo.y(), area.y()), area.y() + area.height() - geo.height())
    if (x, y) != (geo.x(), geo.y()):
        window.move(max(x, area.x()), max(y, area.y()))


def lies_inside(window: QWidget, area: QRect) -> bool:
    """The whole window (with its frame where known) inside `area` (tests use it)."""
    return area.contains(window.frameGeometry()) and area.contains(window.geometry())


def reserve_lines(label: QLabel, lines: int = 2) -> None:
    """Keep room for `lines` lines of the label even while it is hidden."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
    label.setSizePolicy(policy)
    label.setWordWrap(True)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * lines + 4)


def grow_to_fit(dialog: QWidget) -> None:
    """After a message appeared: make the dialog tall enough to show every line, within the screen."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    if needed > dialog.height():
        dialog.resize(width, needed)
    clamp_to_screen(dialog)


class ScreenFitter(QObject):
    """Every dialog that comes up (ours and Qt's own) is kept inside the screen.

    It listens to the application's focusWindowChanged signal (a dialog that opens takes the
    keyboard) rather than filtering every event of the application: a Python event filter on the
    QApplication sees thousands of events per dialog and made opening one ~9x slower
    (tests/bench/bench_screens.py). A dialog that grows later (a message appearing) calls
    grow_to_fit, which keeps it inside too.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pending: set[int] = set()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._focus_window_changed)

    def _focus_window_changed(self, window) -> None:
        if window is None:
            return
        from PySide6.QtWidgets import QApplication

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, (QDialog, QMessageBox)) and widget.windowHandle() is window:
                self.watch(widget)
                return

    def watch(self, widget: QWidget) -> None:
        key = id(widget)
        if key not in self._pending:  # once per turn of the event loop, after the layout settled
            self._pending.add(key)
            QTimer.singleShot(0, lambda w=widget, k=key: self._fit(w, k))

    def _fit(self, window: QWidget, key: int) -> None:
        self._pending.discard(key)
        try:
            if window.isVisible():
                clamp_to_screen(window)
        except RuntimeError:  # deleted meanwhile
            pass


def install_screen_fitter(app: QObject) -> ScreenFitter:
    """One per application (a second call returns the first)."""
    existing = getattr(app, "_counter_screen_fitter", None)
    if isinstance(existing, ScreenFitter):
        return existing
    fitter = ScreenFitter(app)
    app._counter_screen_fitter = fitter  # type: ignore[attr-defined]
    return fitter


def first_focusable(container: QWidget) -> QWidget | None:
    """The first control of `container`'s Tab chain that can take the keyboard now."""
    widget = container.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not container and seen < 2000:
        seen += 1
        if (
            container.isAncestorOf(widget)
            and widget.isVisibleTo(container)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None
