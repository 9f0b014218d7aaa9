"""Running the command line in-process, as district IT scripts would, capturing what it prints."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from counter_app.cli import main


def run_cli(capsys, *argv: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `counter-app ARGV`; `stdin` needs `monkeypatch` to feed it."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_cli_process(
    *argv: str, stdin=None, stdout=None, prefix: tuple[str, ...] = (), timeout: float = 120, env: dict | None = None
):
    """`counter-app ARGV` as its own process (python -m counter_app), as a shell runs it: what a
    traceback, a closed pipe or a read-only directory really does shows only there.
    `prefix` runs it under another program (e.g. setpriv); `stdin`/`stdout` may be files or fds.
    Returns the CompletedProcess (stdout and stderr as text; stdout None when `stdout` was given)."""
    import os
    import subprocess

    return subprocess.run(
        [*prefix, sys.executable, "-m", "counter_app", *argv],
        stdin=stdin,
        check=False,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=timeout,
        env=env if env is not None else dict(os.environ),
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=str(Path(__file__).resolve().parents[2]),
    )
