"""Runs one supervisor sync of a real data dir against a rehearsal server, to be killed with
SIGKILL at a random moment by test_sync_kill9.py. Prints "ready" once the office key is unlocked.

usage: python sync_driver.py DATA_DIR URL TOKEN PASSPHRASE BATCH
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ (helpers)

from counter_app.app import open_context  # noqa: E402
from counter_app.sync.engine import SyncOptions  # noqa: E402


def main() -> None:
    data_dir, url, token, passphrase, batch = sys.argv[1:6]
    ctx = open_context(data_dir, lang="ko")
    keys = ctx.office.unlock(passphrase, by="S001")
    target = ctx.sync.target(f"intake-api:{url}", token)
    engine = ctx.sync.engine(
        target,
        actor_id="S001",
        unsealer=keys.unsealer,
        options=SyncOptions(
            batch=int(batch), chunk=10, backoff_base=0.01, backoff_max=0.05, max_tries=50, max_failures=50
        ),
    )
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    result = engine.run()
    sys.stdout.write(f"{result.status}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
