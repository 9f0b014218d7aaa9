"""One intake form's draft, written on the task runner's writer lane, coalesced.

The intake page keeps one `DraftSlot` per form session (a clerk's form from sign-in, a restored
draft, or a fresh form after a save): it holds the draft's case id and at most one snapshot
waiting to be written. `request()` (GUI thread) replaces the waiting snapshot; only when none is
queued yet does it queue a job, so however fast the clerk types there is at most one pending
autosave, and it writes the newest form. The job (writer thread) takes the snapshot when it
starts, so a request that comes while a save runs queues exactly one more.

Every write of a slot runs on the single writer lane, in order: the draft id a save returned is
what the next save, the discard or the submit of the same slot uses (set on the writer thread,
before the next job of the lane starts — never waiting for the GUI to hear about it). A submitted
slot is closed: a late draft job of it writes nothing.
"""

from __future__ import annotations

import threading
from typing import Any

SAVE = "save"
DISCARD = "discard"


class DraftSlot:
    def __init__(self, queue: Any, actor: Any, case_id: str | None = None):
        self.queue = queue
        self.actor = actor
        self.case_id = case_id  # written on the writer thread only
        self.closed = False  # submitted: no draft write any more
        self._lock = threading.Lock()
        self._pending: tuple[str, dict | None] | None = None
        self._queued = False
        self._failed = False

    def request(self, kind: str, doc: dict | None = None) -> bool:
        """Ask for a draft save (`doc` without the RRN) or a discard. True when the caller must
        queue `run` on the writer lane; False when a queued job will write this snapshot."""
        with self._lock:
            self._pending = (kind, doc)
            if self._queued:
                return False
            self._queued = True
            return True

    def drop_pending(self) -> None:
        """A submit supersedes the waiting snapshot (it carries the same form)."""
        with self._lock:
            self._pending = None

    @property
    def has_pending(self) -> bool:
        with self._lock:
            return self._queued

    # ---------------------------------------------------------------- the writer thread
    def run(self, _task: Any = None) -> tuple[str, str | None] | None:
        with self._lock:
            job, self._pending = self._pending, None
            self._queued = False
        if job is None or self.closed:
            return None
        kind, doc = job
        try:
            if kind == DISCARD:
                if self.case_id is not None:
                    self.queue.discard_draft(self.actor, self.case_id)
                    self.case_id = None
                return (DISCARD, None)
            self.case_id = self.queue.save_draft(self.actor, doc, case_id=self.case_id)
            return (SAVE, self.case_id)
        except BaseException:
            self._failed = True
            raise

    def take_failure(self) -> bool:
        """True (once) when a draft job of this slot failed since the last call."""
        failed, self._failed = self._failed, False
        return failed

    def submit(self, doc: dict) -> Any:
        """Submit the form as a case (the slot's draft becomes that case); closes the slot."""
        result = self.queue.submit(self.actor, doc, case_id=self.case_id)
        self.closed = True
        return result
