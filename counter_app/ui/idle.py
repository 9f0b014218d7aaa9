"""Idle detection for the session timeout (PIPC 안전성 확보조치: lock an unattended terminal).

An application-wide event filter notes the time of the last keyboard or mouse input; a timer
checks it a few times per interval. Restarting a QTimer on every mouse move would cost far more
than writing one float.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
        QEvent.Type.ShortcutOverride,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` once after `interval_ms` without input; re-arms after the next input."""

    idle = Signal()

    def __init__(self, app: QObject, interval_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._app = app
        self._interval_s = interval_ms / 1000
        self._last_input = time.monotonic()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(20, min(interval_ms // 4, 5000)))
        self._timer.timeout.connect(self._check)
        self._enabled = False
        self.set_interval(interval_ms)

    @property
    def interval_ms(self) -> int:
        return int(self._interval_s * 1000)

    def set_interval(self, interval_ms: int) -> None:
        """0 disables the lock (the setting's 'never')."""
        self._interval_s = interval_ms / 1000
        self._timer.setInterval(max(20, min(interval_ms // 4, 5000)))
        if interval_ms > 0 and not self._enabled:
            self._app.installEventFilter(self)
            self._enabled = True
        elif interval_ms <= 0 and self._enabled:
            self._app.removeEventFilter(self)
            self._enabled = False
        self.reset()

    def start(self) -> None:
        self.reset()
        if self._enabled:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        self._last_input = time.monotonic()
        self._fired = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in _INPUT_EVENTS:
            self._last_input = time.monotonic()
            self._fired = False
        return False

    def _check(self) -> None:
        if self._fired or self._interval_s <= 0:
            return
        if time.monotonic() - self._last_input >= self._interval_s:
            self._fired = True
            self.idle.emit()

    def dispose(self) -> None:
        self._timer.stop()
        if self._enabled:
            self._app.removeEventFilter(self)
            self._enabled = False
