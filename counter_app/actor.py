"""Who is doing something: every audit entry and case names its actor.

An actor is either an operator who proved who they are (the GUI sign-in, or `--operator ID` with
that operator's PIN on the command line) or, on the command line without `--operator`, the
unauthenticated OS user: id "os:<login name>". A staff id can never contain ':', so an "os:" id
in the audit log always means "not authenticated; the OS account that ran the command".
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

CLERK = "clerk"
SUPERVISOR = "supervisor"
UNAUTHENTICATED_PREFIX = "os:"


@dataclass(frozen=True)
class Actor:
    """A signed-in operator, or the unauthenticated OS user of a command line (`os_actor`)."""

    id: str  # staff id, or 'os:<user>' for command-line use without --operator
    name: str
    role: str = CLERK

    @property
    def is_supervisor(self) -> bool:
        return self.role == SUPERVISOR and self.authenticated

    @property
    def authenticated(self) -> bool:
        return not self.id.startswith(UNAUTHENTICATED_PREFIX)


def os_actor() -> Actor:
    """The OS user running a command without --operator: recorded, never trusted (clerk rights)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name (containers): still record something honest
        user = "unknown"
    # a login name is not checked by anyone: keep only what cannot disturb a reader's terminal
    user = "".join(ch if ch.isprintable() and ch not in "\u200e\u200f" else "?" for ch in user)[:30] or "unknown"
    return Actor(id=f"{UNAUTHENTICATED_PREFIX}{user}", name=user)
