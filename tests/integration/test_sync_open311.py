"""The Open311 GeoReport v2 target against a rehearsal server that does NOT de-duplicate: tokens
are stored before they are polled and polling resumes after a restart; a lost answer becomes
UNKNOWN_OUTCOME and is never sent a second time."""

from __future__ import annotations

import random

import pytest
from conftest import PASSPHRASE
from helpers.sync import Sleeps, queue_cases, states

from counter_app.sync.engine import SyncOptions
from counter_app.sync.open311_server import Open311Faults, Open311Server

KEY = "open311-api-key"


@pytest.fixture
def server(tmp_path):
    srv = Open311Server(tmp_path / "open311.sqlite", KEY, faults=Open311Faults(token_delay=2)).start()
    yield srv
    srv.stop()


def run(ctx, server, **options):
    target = ctx.sync.target(f"open311:{server.url}", KEY)
    try:
        return ctx.sync.engine(
            target, actor_id="S001", options=SyncOptions(**options), sleep=Sleeps(), rng=random.Random(1)
        ).run()
    finally:
        target.close()


def tokens(ctx) -> list[tuple]:
    from sqlalchemy import select

    from counter_app.offline.models import Open311Token

    with ctx.db.read() as s:
        return s.execute(select(Open311Token.case_pk, Open311Token.token, Open311Token.service_request_id)).all()


def test_the_token_flow_resumes_after_a_restart_without_a_second_request(tmp_path, office_ctx, server):
    from counter_app.app import open_context

    ids = queue_cases(office_ctx, 4, rrn_every=0)
    first = run(office_ctx, server, max_tries=1)  # one poll each, too early: the run ends with tokens stored
    assert first.status == "unresolved" and states(office_ctx) == {"UNKNOWN_OUTCOME": 4}
    stored = tokens(office_ctx)
    assert len(stored) == 4 and all(t[1].startswith("tok-") and t[2] is None for t in stored)
    assert server.posts == 4
    office_ctx.close()  # "restart": a new context on the same data directory
    ctx = open_context(office_ctx.paths.root, lang="ko")
    try:
        second = run(ctx, server, max_tries=5)
        assert second.status == "done" and states(ctx) == {"SENT": 4}
        assert server.posts == 4 and server.count() == 4 and sorted(server.case_ids()) == sorted(ids)
        official = {t[0]: t[2] for t in tokens(ctx)}
        assert all(official.values())
        for case_id in ids:
            record = ctx.queue.case_record(case_id)
            assert record.official_no == official[record.id]
    finally:
        ctx.close()


def test_a_lost_open311_answer_is_unknown_outcome_never_a_second_request(office_ctx, server):
    queue_cases(office_ctx, 3, rrn_every=0)
    server.faults.drop = 1.0  # every POST creates the request, then the answer is lost
    result = run(office_ctx, server)
    assert states(office_ctx) == {"UNKNOWN_OUTCOME": 3} and result.status == "unresolved"
    assert server.posts == 3 and server.count() == 3
    server.faults.drop = 0.0
    again = run(office_ctx, server)  # a later run asks nothing it cannot ask, and sends nothing again
    assert again.status == "unresolved" and server.posts == 3 and server.count() == 3
    status = office_ctx.sync.status()
    assert {p["state"] for p in status["problems"]} == {"UNKNOWN_OUTCOME"}
    assert all("look the case up" in (p["last_error"] or "") for p in status["problems"])


def test_open311_gets_no_rrn_and_no_batches(office_ctx, server):
    from counter_app.errors import UserError

    queue_cases(office_ctx, 2, rrn_every=1)  # both with a sealed RRN: no key needed, none is sent
    server.faults.tokens = False  # this server answers with the request id at once
    assert run(office_ctx, server).status == "done" and states(office_ctx) == {"SENT": 2}
    with pytest.raises(UserError):
        run(office_ctx, server, batch=10)


def test_sync_open311_from_the_command_line(tmp_path, office_dir, capsys, monkeypatch):
    import json

    from helpers.cli import run_cli
    from helpers.operators import add_operators_to_dir, as_operator

    from counter_app.app import open_context

    add_operators_to_dir(office_dir)
    ctx = open_context(office_dir, lang="ko")
    try:
        queue_cases(ctx, 3)
    finally:
        ctx.close()
    srv = Open311Server(tmp_path / "o.sqlite", KEY, faults=Open311Faults(token_delay=0)).start()
    try:
        monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
        monkeypatch.setenv("OPEN311_KEY", KEY)
        code, out, err = run_cli(
            capsys,
            "--data-dir",
            str(office_dir),
            *as_operator(monkeypatch, "S001"),
            "sync",
            "--target",
            f"open311:{srv.url}",
            "--token-env",
            "OPEN311_KEY",
            "--json",
        )
        assert code == 0, err
        assert json.loads(out)["counts"]["already_registered"] == 3 and srv.count() == 3
    finally:
        srv.stop()
