"""Waiting for a screen's write on the task runner's writer lane (ui/busy.py, ui/draft_slot.py).

`submit(qtbot, page)` presses the intake page's save and waits for the commit (or the refusal)
to come back to the GUI thread; it returns the SubmitResult, or None when nothing was saved.
`settle(qtbot, page)` waits until nothing of the page is on the writer lane (drafts included).
"""

from __future__ import annotations

TIMEOUT_MS = 5000


def submit(qtbot, page):
    handle = page.save()
    if handle is None:  # refused before anything was started (masked text, no clerk, busy)
        return None
    qtbot.waitUntil(lambda: not page.saving, timeout=TIMEOUT_MS)
    return page.last_result


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.writing, timeout=TIMEOUT_MS)
