"""Running the command line in-process, as district IT scripts would, capturing what it prints."""
from __future__ import annotations

import io
import sys

from counter_app.cli import main


def run_cli(capsys, *argv: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `counter-app ARGV`; `stdin` needs `monkeypatch` to feed it."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
