"""The test harness keeps its own rules: a test that logs an error, or whose background task
fails, fails, unless it says it expects that (tests/conftest.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_logged_errors_and_background_task_faults_fail_the_test_that_caused_them():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE", "tests/helpers/harness_samples.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = proc.stdout
    failed = sorted(set(re.findall(r"(?:FAILED|ERROR) \S+::(\w+)", out)))
    assert failed == ["test_background_task_fault_must_fail", "test_logs_an_error_and_must_fail"], out[-3000:]
    # the check runs at teardown (after the runner is joined), so pytest counts an error there
    assert "5 passed, 2 errors" in out, out[-3000:]
    assert "background task sample failed: ZeroDivisionError" in out
