"""For the benchmarks that open windows on Qt's offscreen platform: it warns "This plugin does not
support propagateSizeHints()" at every window and dialog, which buried `make bench`'s JSON lines.
Every other Qt message still reaches stderr."""

from __future__ import annotations

import sys


def _quiet(_kind, _context, message: str) -> None:
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def quiet_offscreen_warnings() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(_quiet)
