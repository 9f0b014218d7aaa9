"""Acceptance as an adversary (issue 6 §1): a clerk types an RRN into a field of a guide's input
step. The open walk is kept in the database like an intake draft (to survive a closed window)
but was stored as typed, in clear; it is now masked like a draft."""

from __future__ import annotations

import sqlite3

from helpers.operators import add_operators

from counter_app.procedures import Walk


def test_an_rrn_typed_into_a_walk_never_reaches_the_disk_in_clear(office_ctx):
    clerk, _supervisor = add_operators(office_ctx)
    store = office_ctx.procedures.walks
    guide = office_ctx.procedures.library().get("proc.transfer-other-agency")
    walk = Walk(guide)
    walk.go_on()
    walk.set_value("applicant.name", "홍길동 8503141357926")
    walk_id = store.save(clerk, walk)
    found = store.latest_open(clerk)
    assert found is not None and found[2]["values"]["applicant.name"] == "홍길동 850314-1******"
    assert walk_id == found[0]
    office_ctx.close()  # the open walk is on disk, as after a closed window
    for path in office_ctx.paths.database.parent.rglob("*"):
        if path.is_file():
            assert b"1357926" not in path.read_bytes(), path.name
    with sqlite3.connect(office_ctx.paths.database) as conn:
        assert conn.execute("select count(*) from procedure_walks").fetchone() == (1,)
