"""Starting the desktop application (being built)."""
from __future__ import annotations


def run_gui(args) -> int:
    raise SystemExit("GUI not built yet")
