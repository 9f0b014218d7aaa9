"""The sync's bulk path: CaseQueue.transition_many (a chunk's moves in one transaction, each
checked, recorded and audited) and the lease renewed inside the marking transaction."""

from __future__ import annotations

import random
import sqlite3

import pytest
from conftest import PASSPHRASE
from helpers.sync import (
    TOKEN,
    Sleeps,
    assert_exactly_once,
    expected_hashes,
    queue_cases,
    states,
)
from sqlalchemy import func, select

from counter_app.cases.states import InvalidTransition
from counter_app.offline.models import AuditEntry, Case, CaseTransition
from counter_app.offline.queue import Move
from counter_app.sync.engine import SyncOptions
from counter_app.sync.intake_api import IntakeApiClient


@pytest.fixture
def keys(office_ctx):
    return office_ctx.office.unlock(PASSPHRASE, by="test")


def _cases(ctx) -> list[tuple[int, str, str]]:
    with ctx.db.read() as s:
        return [tuple(r) for r in s.execute(select(Case.id, Case.case_id, Case.state).order_by(Case.id)).all()]


def _counts(ctx) -> tuple[int, int]:
    with ctx.db.read() as s:
        return (
            s.execute(select(func.count()).select_from(CaseTransition)).scalar_one(),
            s.execute(select(func.count()).select_from(AuditEntry)).scalar_one(),
        )


def test_transition_many_moves_records_and_audits_every_case(office_ctx):
    queue_cases(office_ctx, 5, rrn_every=0)
    before = _counts(office_ctx)
    moves = [
        Move(pk, cid, "QUEUED", "SENDING", "attempt 1", "sync.send", {"run": 7}, (("attempts", 1),))
        for pk, cid, _ in _cases(office_ctx)
    ]
    with office_ctx.db.write_sql() as w:
        office_ctx.queue.transition_many(w, moves, "S001", role="sync")
    assert states(office_ctx) == {"SENDING": 5}
    assert _counts(office_ctx) == (before[0] + 5, before[1] + 5)
    with office_ctx.db.read() as s:
        assert set(s.execute(select(Case.attempts)).scalars()) == {1}
        last = s.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).scalar_one()
        assert (last.action, last.case_id, last.operator) == ("sync.send", moves[-1].case_id, "S001")
        assert '"from": "QUEUED"' in last.detail and '"run": 7' in last.detail
        assert office_ctx.audit.verify(s).ok


def test_transition_many_refuses_a_move_the_state_machine_forbids_and_writes_nothing(office_ctx):
    queue_cases(office_ctx, 3, rrn_every=0)
    before = _counts(office_ctx)
    rows = _cases(office_ctx)
    moves = [Move(pk, cid, "QUEUED", "SENDING", None, "sync.send") for pk, cid, _ in rows[:2]]
    moves.append(Move(rows[2][0], rows[2][1], "QUEUED", "SENT", None, "sync.sent"))  # skipping SENDING
    with pytest.raises(InvalidTransition):
        with office_ctx.db.write_sql() as w:
            office_ctx.queue.transition_many(w, moves, "S001", role="sync")
    assert states(office_ctx) == {"QUEUED": 3}
    assert _counts(office_ctx) == before
    with pytest.raises(InvalidTransition):  # a clerk may not send
        with office_ctx.db.write_sql() as w:
            office_ctx.queue.transition_many(w, moves[:1], "C001", role="clerk")


def test_transition_many_rolls_back_when_a_case_is_not_in_the_state_it_was_read_in(office_ctx):
    queue_cases(office_ctx, 3, rrn_every=0)
    before = _counts(office_ctx)
    rows = _cases(office_ctx)
    moves = [Move(pk, cid, "QUEUED", "SENDING", None, "sync.send") for pk, cid, _ in rows]
    moves[1] = Move(rows[1][0], rows[1][1], "RETRY_WAIT", "SENDING", None, "sync.send")  # it is QUEUED
    with pytest.raises(RuntimeError):
        with office_ctx.db.write_sql() as w:
            office_ctx.queue.transition_many(w, moves, "S001", role="sync")
    assert states(office_ctx) == {"QUEUED": 3}
    assert _counts(office_ctx) == before
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok


def test_transition_many_sets_only_the_sync_bookkeeping(office_ctx):
    queue_cases(office_ctx, 1, rrn_every=0)
    ((pk, cid, _),) = _cases(office_ctx)
    with pytest.raises(ValueError):
        with office_ctx.db.write_sql() as w:
            office_ctx.queue.transition_many(
                w,
                [Move(pk, cid, "QUEUED", "SENDING", None, "sync.send", None, (("content", "x"),))],
                "S001",
                role="sync",
            )
    assert states(office_ctx) == {"QUEUED": 1}


def test_batches_through_the_bulk_path_keep_the_chain_verifiable(office_ctx, server, keys):
    queue_cases(office_ctx, 450, rrn_every=4)
    expected = expected_hashes(office_ctx, keys.unsealer)
    client = IntakeApiClient(server.url, TOKEN)
    try:
        result = office_ctx.sync.engine(
            client, actor_id="S001", unsealer=keys.unsealer, options=SyncOptions(batch=200), sleep=Sleeps()
        ).run()
    finally:
        client.close()
    assert result.status == "done" and result.counts["sent"] == 450
    assert_exactly_once(server, expected)
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok
        sends = s.execute(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "sync.send"))
        assert sends.scalar_one() == 450
        assert {r.official_no is not None for r in s.execute(select(Case)).scalars()} == {True}


def test_a_lease_taken_over_mid_run_stops_before_the_next_chunk_is_marked(office_ctx, server, keys):
    queue_cases(office_ctx, 250, rrn_every=0)
    db_path = office_ctx.db.path

    def steal(progress):
        if progress.phase == "sending" and progress.done:  # after the first chunk's outcomes
            conn = sqlite3.connect(db_path)
            conn.execute("UPDATE sync_lease SET holder = 'another worker'")
            conn.commit()
            conn.close()

    client = IntakeApiClient(server.url, TOKEN)
    try:
        result = office_ctx.sync.engine(
            client,
            actor_id="S001",
            unsealer=keys.unsealer,
            options=SyncOptions(batch=100),
            sleep=Sleeps(),
            rng=random.Random(1),
            progress=steal,
        ).run()
    finally:
        client.close()
    assert result.status == "stopped"
    assert "lease" in result.message.en
    assert states(office_ctx) == {"SENT": 100, "QUEUED": 150}  # nothing marked SENDING after the loss
    assert len(server.store.rows()) == 100


class _Undo(Exception):
    pass


def _appended_rows(ctx, append) -> list[tuple]:
    """The audit rows `append(write scope)` adds, read inside its transaction, which is then rolled back."""
    rows: list[tuple] = []
    with pytest.raises(_Undo):
        with ctx.db.write_sql() as w:
            (head,) = w.connection.execute("SELECT max(seq) FROM audit_log").fetchone()
            append(w)
            rows = w.connection.execute("SELECT * FROM audit_log WHERE seq > ? ORDER BY seq", (head,)).fetchall()
            raise _Undo
    return rows


def test_append_many_writes_exactly_the_entries_append_would(office_ctx):
    entries = [
        ("sync.send", "case-1", {"from": "QUEUED", "to": "SENDING", "run": 1}),
        ("sync.sent", "case-1", {"official_no": "2026-0001", "note": "900101-1234567"}),  # an RRN slipped in
        ("sync.run_end", None, None),
    ]

    def one_by_one(w):
        for action, case_id, detail in entries:
            office_ctx.audit.append(w, "S001", action, case_id=case_id, detail=detail)

    expected = _appended_rows(office_ctx, one_by_one)
    bulk = _appended_rows(office_ctx, lambda w: office_ctx.audit.append_many(w, "S001", entries))
    assert len(bulk) == 3 and bulk == expected
    assert "900101-1234567" not in repr(bulk)  # masked as append() masks it
    assert _appended_rows(office_ctx, lambda w: office_ctx.audit.append_many(w, "S001", [])) == []
    with office_ctx.db.write_sql() as w:
        office_ctx.audit.append_many(w, "S001", entries)
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok  # the anchor moved to the last of them
