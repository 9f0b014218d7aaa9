"""Who is doing something: every audit entry and case names its actor."""
from __future__ import annotations

import getpass
from dataclasses import dataclass

CLERK = "clerk"
SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class Actor:
    """A signed-in operator (GUI) or the OS user / --operator (CLI)."""

    id: str  # staff id, or 'os:<user>' for command-line use without --operator
    name: str
    role: str = CLERK

    @property
    def is_supervisor(self) -> bool:
        return self.role == SUPERVISOR


def os_actor() -> Actor:
    try:
        user = getpass.getuser()
    except Exception:  # no login name (containers): still record something honest
        user = "unknown"
    return Actor(id=f"os:{user}", name=user)
