"""The one way the GUI runs work off its thread (network, feeds, PDFs, big scans, database writes).

Two lanes:

- `TaskRunner.run(fn, on_result=..., on_error=..., on_progress=...)` runs `fn(task)` on the general
  pool (reads, network, parsing): several at once.
- `TaskRunner.write(fn, ...)` runs `fn(task)` on the single-writer lane: one thread, so database
  writes (and the key derivation, password hashing and fsync that come with them: sign-in, first
  run, revealing an RRN) run one after another, in the order they were asked for, and never on the
  GUI thread. SQLite allows one writer at a time anyway; queueing them here instead of letting two
  threads wait on the busy timeout keeps the order the clerk saw.

The callbacks are delivered on the GUI thread. `fn` may call `task.progress(done, total)` and
should check `task.cancelled` in long loops. The runner keeps the tasks alive until they end, and
`shutdown()` cancels and waits for them (the main window calls it on close).

A `UserError` raised by `fn` is an answer for the user (wrong PIN, refused input): it is delivered
to `on_error` and logged at INFO. Anything else is a fault: logged as a warning ("background task
... failed", the test harness fails a test on it unless the test expects it) and delivered too.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from counter_app.errors import UserError

log = logging.getLogger(__name__)


class TaskHandle(QObject):
    """Lives on the GUI thread; the worker emits through it (queued to the GUI thread)."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)
    done = Signal()

    def __init__(self, name: str, lane: str = "general"):
        super().__init__()
        self.name = name
        self.lane = lane
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int) -> None:  # called from the worker
        self.progressed.emit(done, total)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[TaskHandle], Any], handle: TaskHandle):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._handle = fn, handle

    def run(self) -> None:
        # The GUI thread that queued this job is usually still in its event handler, waiting for
        # the interpreter lock this thread took on starting: hand it back once, so the window
        # finishes its handler before this job's Python (an intake's validation) runs.
        time.sleep(0)
        try:
            result = self._fn(self._handle)
        except UserError as exc:  # an answer for the user, not a fault
            log.info("background task %s refused: %s", self._handle.name, type(exc).__name__)
            self._handle.failed.emit(exc)
        except BaseException as exc:  # delivered to on_error; never kills the worker thread
            log.warning("background task %s failed: %s", self._handle.name, type(exc).__name__)
            self._handle.failed.emit(exc)
        else:
            self._handle.finished.emit(result)
        finally:
            self._handle.done.emit()


class TaskRunner(QObject):
    def __init__(self, max_threads: int = 2, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._writer = QThreadPool(self)  # the single-writer lane
        self._writer.setMaxThreadCount(1)
        self._live: set[TaskHandle] = set()

    def run(
        self,
        fn: Callable[[TaskHandle], Any],
        *,
        name: str = "task",
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> TaskHandle:
        """Reads, network, parsing: on the general pool."""
        return self._start(self._pool, "general", fn, name, on_result, on_error, on_progress)

    def write(
        self,
        fn: Callable[[TaskHandle], Any],
        *,
        name: str = "write",
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> TaskHandle:
        """Database writes (and their hashing, key derivation, fsync): one at a time, in order."""
        return self._start(self._writer, "write", fn, name, on_result, on_error, on_progress)

    def _start(self, pool: QThreadPool, lane: str, fn, name, on_result, on_error, on_progress) -> TaskHandle:
        handle = TaskHandle(name, lane)
        if on_result:
            handle.finished.connect(on_result)
        if on_error:
            handle.failed.connect(on_error)
        if on_progress:
            handle.progressed.connect(on_progress)
        self._live.add(handle)
        handle.done.connect(lambda h=handle: self._live.discard(h))
        pool.start(_Job(fn, handle))
        return handle

    @property
    def active(self) -> int:
        return len(self._live)

    @Slot()
    def shutdown(self, timeout_ms: int = 5000) -> bool:
        for h in list(self._live):
            h.cancel()
        general = self._pool.waitForDone(timeout_ms)
        return self._writer.waitForDone(timeout_ms) and general
