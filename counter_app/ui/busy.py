"""One database write at a time for a screen, on the task runner's writer lane, with the screen
showing that it works.

`WriteGuard(owner, tasks, widgets=[...], label=...)` is what a dialog or page keeps; its
`start(fn, name=..., on_result=..., on_error=...)` runs `fn(task)` on `TaskRunner.write` (never on
the GUI thread: the write's fsync, audit hashing and key use stay off it), and meanwhile

- the given widgets are disabled (and given back their own enabled state afterwards),
- the owner shows the busy cursor and the label, if any, says what is being done,
- a second `start` while one runs is refused (returns None): a second Enter does nothing.

The callbacks run on the GUI thread after the write returned ("durable first, then show"). The
guard is a QObject child of its owner: when the owner is gone before the write returns (a dialog
closed by the lock and deleted), the result is dropped with it — the write itself still commits,
and whoever lists the data reads it again on its next refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from counter_app.ui.tasks import TaskHandle, TaskRunner


class WriteGuard(QObject):
    busyChanged = Signal(bool)

    def __init__(
        self,
        owner: QWidget,
        tasks: TaskRunner,
        widgets: Iterable[QWidget] = (),
        label: QLabel | None = None,
        busy_text: str = "",
    ):
        super().__init__(owner)
        self._owner = owner
        self._tasks = tasks
        self._widgets = list(widgets)
        self._label = label
        self._busy_text = busy_text
        self._handle: TaskHandle | None = None
        self._restore: list[tuple[QWidget, bool]] = []
        self._on_result: Callable[[Any], None] | None = None
        self._on_error: Callable[[BaseException], None] | None = None
        self._label_shown = False

    @property
    def busy(self) -> bool:
        return self._handle is not None

    @property
    def handle(self) -> TaskHandle | None:
        return self._handle

    def add_widgets(self, *widgets: QWidget) -> None:
        self._widgets.extend(widgets)

    def start(
        self,
        fn: Callable[[TaskHandle], Any],
        *,
        name: str = "write",
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        busy_text: str | None = None,
    ) -> TaskHandle | None:
        """Run `fn` on the writer lane; None (nothing started) while a write of this guard runs."""
        if self._handle is not None:
            return None
        self._on_result, self._on_error = on_result, on_error
        self._restore = [(w, w.isEnabled()) for w in self._widgets]
        focus = QApplication.focusWidget()
        if focus is not None and any(w is focus or w.isAncestorOf(focus) for w in self._widgets):
            # keep the keyboard in the window: a disabled focus widget would hand it to whatever
            # Qt finds next (another top-level, e.g. a hidden completer popup)
            self._owner.setFocus(Qt.FocusReason.OtherFocusReason)
        for widget in self._widgets:
            widget.setEnabled(False)
        self._owner.setCursor(Qt.CursorShape.BusyCursor)
        text = self._busy_text if busy_text is None else busy_text
        self._label_shown = self._label is not None and bool(text)
        if self._label is not None and text:
            self._label.setText(text)
            self._label.show()
        # bound methods of this QObject: delivered on the GUI thread, dropped if the owner is gone
        self._handle = self._tasks.write(fn, name=name, on_result=self._done, on_error=self._failed)
        self.busyChanged.emit(True)
        return self._handle

    def _finish(self) -> None:
        self._handle = None
        for widget, enabled in self._restore:
            widget.setEnabled(enabled)
        self._restore = []
        self._owner.unsetCursor()
        if self._label is not None and self._label_shown:
            self._label.hide()
        self._label_shown = False
        self.busyChanged.emit(False)

    def _done(self, result: Any) -> None:
        callback = self._on_result
        self._finish()
        if callback is not None:
            callback(result)

    def _failed(self, exc: BaseException) -> None:
        callback = self._on_error
        self._finish()
        if callback is not None:
            callback(exc)
