"""`counter-app queue ...` (being built)."""
from __future__ import annotations


def register(sub) -> None:
    pass
