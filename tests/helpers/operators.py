"""Operators for command-line tests: `--operator ID` is believed only after that operator's PIN
(COUNTER_APP_OPERATOR_PIN), and supervisor work needs a supervisor account and the passphrase."""

from __future__ import annotations

from counter_app.actor import CLERK, SUPERVISOR, Actor

# (staff id, name, role, PIN): PINs of 6 digits that pass accounts.check_pin
CLERK_OP = ("C001", "김직원", CLERK, "284061")
SUPERVISOR_OP = ("S001", "박감독", SUPERVISOR, "573916")
PINS = {CLERK_OP[0]: CLERK_OP[3], SUPERVISOR_OP[0]: SUPERVISOR_OP[3]}


def add_operators(ctx) -> tuple[Actor, Actor]:
    """The supervisor S001 (the office's first account) and the clerk C001, in an open context
    with an office; returns (clerk, supervisor)."""
    sid, sname, srole, spin = SUPERVISOR_OP
    supervisor = ctx.accounts.add(Actor(sid, sname, srole), sid, sname, srole, spin)
    cid, cname, crole, cpin = CLERK_OP
    clerk = ctx.accounts.add(supervisor, cid, cname, crole, cpin)
    return clerk, supervisor


def add_operators_to_dir(data_dir) -> None:
    """`add_operators` on a closed data directory with an office (e.g. the office_dir fixture)."""
    from counter_app.app import open_context

    ctx = open_context(data_dir, lang="ko")
    try:
        add_operators(ctx)
    finally:
        ctx.close()


def as_operator(monkeypatch, staff_id: str) -> tuple[str, str]:
    """The `--operator ID` arguments, with that operator's PIN put in COUNTER_APP_OPERATOR_PIN."""
    monkeypatch.setenv("COUNTER_APP_OPERATOR_PIN", PINS[staff_id])
    return ("--operator", staff_id)
