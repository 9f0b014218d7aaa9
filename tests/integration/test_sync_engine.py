"""The sync engine against the real rehearsal Intake API server on loopback, with its faults."""

from __future__ import annotations

import random
import threading

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

from counter_app.sync.engine import SyncOptions
from counter_app.sync.intake_api import IntakeApiClient
from counter_app.sync.lease import Lease, LeaseHeld
from counter_app.sync.server import Faults


@pytest.fixture
def keys(office_ctx):
    return office_ctx.office.unlock(PASSPHRASE, by="test")


def run_sync(ctx, server, keys, *, batch=1, sleeps=None, seed=1, **options):
    client = IntakeApiClient(server.url, TOKEN)
    try:
        engine = ctx.sync.engine(
            client,
            actor_id="S001",
            unsealer=keys.unsealer,
            options=SyncOptions(batch=batch, **options),
            sleep=sleeps or Sleeps(),
            rng=random.Random(seed),
        )
        return engine.run()
    finally:
        client.close()


def test_single_requests_register_every_case_once_with_its_official_number(office_ctx, server, keys):
    ids = queue_cases(office_ctx, 30)
    result = run_sync(office_ctx, server, keys)
    assert result.status == "done", result.as_dict()
    assert result.counts["sent"] == 30 and result.unresolved == 0
    assert states(office_ctx) == {"SENT": 30}
    assert_exactly_once(server, expected_hashes(office_ctx, keys.unsealer))
    official = {r["case_id"]: r["official_no"] for r in server.store.rows()}
    for case_id in ids:
        assert office_ctx.queue.case_record(case_id).official_no == official[case_id]
    # the RRN travelled (loopback) but the server kept none of it in clear
    assert sum(r["rrn_received"] for r in server.store.rows()) == 6
    again = run_sync(office_ctx, server, keys)
    assert again.counts["sent"] == 0 and again.status == "done"
    assert server.stats.posts == 30
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok  # every transition audited, the chain intact


@pytest.mark.slow
def test_2000_cases_through_20_percent_faults_of_every_kind_arrive_exactly_once(office_ctx, server, keys):
    queue_cases(office_ctx, 2000, rrn_every=10)
    server.set_faults(
        Faults(drop=0.05, unavailable=0.05, burst=2, slow=0.05, slow_seconds=0.01, html=0.05, seed=20261201)
    )
    sleeps = Sleeps()
    result = run_sync(office_ctx, server, keys, batch=50, sleeps=sleeps, max_tries=20, max_failures=30)
    assert result.status == "done", result.as_dict()
    assert server.store.count() == 2000
    assert states(office_ctx) == {"SENT": 2000}
    assert_exactly_once(server, expected_hashes(office_ctx, keys.unsealer))
    assert server.stats.dropped and server.stats.unavailable and server.stats.html and server.stats.slowed
    assert result.counts["already_registered"] > 0  # dropped answers found again with GET
    assert any(s >= 1.0 for s in sleeps.calls)  # Retry-After: 1 was honoured


def test_single_requests_through_faults(office_ctx, server, keys):
    queue_cases(office_ctx, 150)
    server.set_faults(Faults(drop=0.05, unavailable=0.05, slow=0.05, slow_seconds=0.005, html=0.05, seed=7))
    result = run_sync(office_ctx, server, keys, max_tries=20, max_failures=30)
    assert result.status == "done", result.as_dict()
    assert states(office_ctx) == {"SENT": 150}
    assert_exactly_once(server, expected_hashes(office_ctx, keys.unsealer))


def test_401_mid_run_stops_cleanly_and_nothing_is_wrongly_marked(office_ctx, server, keys):
    queue_cases(office_ctx, 200)
    server.set_faults(Faults(auth_after=3, seed=1))
    result = run_sync(office_ctx, server, keys, batch=20)
    assert result.status == "stopped" and "token" in result.message.en
    by_state = states(office_ctx)
    assert by_state.get("SENT") == server.store.count() == 60
    assert "QUARANTINED" not in by_state and "SENDING" not in by_state and "UNKNOWN_OUTCOME" not in by_state
    assert by_state["QUEUED"] + by_state.get("RETRY_WAIT", 0) == 140
    server.set_faults(Faults(seed=1))  # the token works again
    resumed = run_sync(office_ctx, server, keys, batch=20)
    assert resumed.status == "done" and states(office_ctx) == {"SENT": 200}
    assert_exactly_once(server, expected_hashes(office_ctx, keys.unsealer))


def test_one_422_among_1000_quarantines_just_that_case(office_ctx, server, keys):
    queue_cases(office_ctx, 1000, rrn_every=0)
    server.set_faults(Faults(invalid=1, seed=1))
    result = run_sync(office_ctx, server, keys, batch=100)
    assert result.status == "unresolved" and result.unresolved == 1
    assert states(office_ctx) == {"SENT": 999, "QUARANTINED": 1}
    (bad,) = server.invalid_ids
    record = office_ctx.queue.case_record(bad)
    assert record.state == "QUARANTINED" and "HTTP 422" in record.last_error and "content" in record.last_error
    assert server.store.count() == 999
    status = office_ctx.sync.status()
    assert status["problems"][0]["case_id"] == bad and status["unsent"] == 1


def test_a_lost_answer_is_resolved_by_asking_not_by_resending(office_ctx, server, keys):
    queue_cases(office_ctx, 3, rrn_every=0)
    server.set_faults(Faults(drop=1.0, seed=1))  # every POST commits, then the answer is lost
    result = run_sync(office_ctx, server, keys)
    assert states(office_ctx) == {"SENT": 3}
    assert result.counts["already_registered"] == 3 and result.counts["sent"] == 0
    assert server.stats.posts == 3 and server.stats.gets == 3 and server.stats.replayed == 0


def test_a_200_html_page_is_not_a_success(office_ctx, server, keys):
    queue_cases(office_ctx, 2, rrn_every=0)
    server.set_faults(Faults(html=1.0, seed=1))
    result = run_sync(office_ctx, server, keys, max_tries=2, max_failures=50)
    assert "SENT" not in states(office_ctx) and server.store.count() == 0
    assert result.status == "unresolved" and result.unresolved == 2


def test_three_data_directories_sync_at_once_to_one_server(tmp_path, server):
    from helpers.intake import make_office_dir

    from counter_app.app import open_context

    server.set_faults(Faults(drop=0.03, unavailable=0.03, slow=0.03, slow_seconds=0.01, seed=3))
    contexts, results, errors = [], {}, []
    for t in ("T1", "T2", "T3"):
        d = tmp_path / t
        make_office_dir(d, PASSPHRASE, terminal=t)
        ctx = open_context(d, lang="ko")
        queue_cases(ctx, 80)
        contexts.append((t, ctx, ctx.office.unlock(PASSPHRASE, by="test")))

    def work(t, ctx, keys):
        try:
            results[t] = run_sync(ctx, server, keys, batch=25 if t != "T2" else 1, max_tries=20, max_failures=30)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=c) for c in contexts]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    try:
        assert not errors and all(r.status == "done" for r in results.values()), (errors, results)
        expected = {}
        for _, ctx, keys in contexts:
            assert states(ctx) == {"SENT": 80}
            expected.update(expected_hashes(ctx, keys.unsealer))
        assert len(expected) == 240
        assert_exactly_once(server, expected)
        assert {r["terminal"] for r in server.store.rows()} == {"T1", "T2", "T3"}
    finally:
        for _, ctx, _ in contexts:
            ctx.close()


def test_one_worker_per_data_directory(office_ctx, server, keys, clock):
    queue_cases(office_ctx, 1, rrn_every=0)
    holder = Lease(office_ctx.db, clock, ttl=60)
    holder.acquire()
    holder.pid = 1  # pid 1 is alive: the lease is really held
    with pytest.raises(LeaseHeld):
        run_sync(office_ctx, server, keys)
    assert states(office_ctx) == {"QUEUED": 1}
    clock.advance(seconds=61)  # the holder stopped renewing: its lease ran out
    assert run_sync(office_ctx, server, keys).status == "done"


def test_ctrl_c_with_a_request_in_flight_leaves_its_case_unknown_then_resolved(office_ctx, server, keys):
    queue_cases(office_ctx, 5, rrn_every=0)

    class InterruptedAfterThird(IntakeApiClient):
        """Ctrl+C arrives just after the third request reached the server, before its answer is used."""

        sent = 0

        def send(self, case_id, document):
            outcome = super().send(case_id, document)
            self.sent += 1
            if self.sent == 3:
                raise KeyboardInterrupt
            return outcome

    client = InterruptedAfterThird(server.url, TOKEN)
    try:
        engine = office_ctx.sync.engine(client, actor_id="S001", unsealer=keys.unsealer, sleep=Sleeps())
        with pytest.raises(KeyboardInterrupt):
            engine.run()
    finally:
        client.close()
    assert states(office_ctx) == {"SENT": 2, "UNKNOWN_OUTCOME": 1, "RETRY_WAIT": 2}
    assert office_ctx.sync.status()["last_run"]["status"] == "cancelled" and office_ctx.sync.status()["lease"] is None
    assert run_sync(office_ctx, server, keys).status == "done" and states(office_ctx) == {"SENT": 5}
    assert_exactly_once(server, expected_hashes(office_ctx, keys.unsealer))
    assert server.stats.replayed == 0  # the unknown one was found by asking, not by sending it again
