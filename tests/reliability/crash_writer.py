"""Records complaints in a loop on a real data dir, printing each receipt number only AFTER
CaseQueue.submit has returned (i.e. after the commit). Killed with SIGKILL by test_crash_kill9.py.

usage: python crash_writer.py DATA_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ (helpers)

from helpers.intake import CONTRACT_DOC, PETITION_DOC, doc  # noqa: E402

from counter_app.actor import Actor  # noqa: E402
from counter_app.app import open_context  # noqa: E402


def main() -> None:
    ctx = open_context(sys.argv[1], lang="ko")
    queue = ctx.queue
    clerk = Actor("C001", "crash")
    documents = [CONTRACT_DOC, PETITION_DOC, doc(content="긴 내용 " * 300)]
    # The first submit loads validation, the catalogue, holidays and the keys (~0.3 s on a busy
    # machine): done before "ready", so the kills land among steady-state submits.
    first = queue.submit(clerk, documents[0])
    sys.stdout.write("ready\n" + first.receipt_no + "\n")
    sys.stdout.flush()
    i = 1
    while True:
        if i % 7 == 3:  # drafts too: they share the transaction path
            queue.save_draft(clerk, {"title": f"draft {i}", "applicant": {"rrn": "900101-1234568"}})
        result = queue.submit(clerk, documents[i % len(documents)])
        sys.stdout.write(result.receipt_no + "\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main()
