"""A job run on its own daemon thread whenever asked: housekeeping an action leaves behind after
its commit (the signed audit anchor, spare sealing keys), so the person waiting is not kept.

Requests made while the job runs make it run once more; `wait()` is for the few callers that must
see it done (a reader of the anchor, closing the database, a measurement). Qt-free."""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Callable

log = logging.getLogger(__name__)

_JOBS: weakref.WeakSet[BackgroundJob] = weakref.WeakSet()


class BackgroundJob:
    def __init__(self, work: Callable[[], None], name: str):
        self._work = work
        self._name = name
        self._reset()
        _JOBS.add(self)

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._wanted = False
        self._busy = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        with self._cond:
            self._wanted = True
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def wait(self, timeout: float = 10.0) -> None:
        """Until every request made so far has been worked off (or `timeout` seconds)."""
        with self._cond:
            self._cond.wait_for(lambda: not self._wanted and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._wanted)
                self._wanted, self._busy = False, True
            try:
                self._work()
            except Exception:  # the thread lives on: the next request still needs it
                log.exception("background job %s failed", self._name)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


def _after_fork_in_child() -> None:
    # a child process has none of the parent's threads and must not inherit a held lock
    for job in list(_JOBS):
        job._reset()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
