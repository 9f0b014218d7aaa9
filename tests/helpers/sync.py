"""Shared bits for the sync tests (helper area "sync"): queued cases, a rehearsal server, and the
check that the server holds every case exactly once with the content the office would send."""

from __future__ import annotations

import hashlib

from helpers.intake import CONTRACT_DOC, PETITION_DOC, doc

from counter_app.actor import Actor

TOKEN = "rehearsal-token-1234"
CLERK = Actor("C001", "동기화 시험")


def queue_cases(ctx, n: int, *, rrn_every: int = 5) -> list[str]:
    """`n` queued cases (every `rrn_every`-th with a sealed RRN); their case ids."""
    ids = []
    for i in range(n):
        base = CONTRACT_DOC if rrn_every and i % rrn_every == 0 else PETITION_DOC
        ids.append(ctx.queue.submit(CLERK, doc(base, title=f"민원 {i}")).case_id)
    return ids


def expected_hashes(ctx, unsealer) -> dict[str, str]:
    """case_id -> SHA-256 of the canonical wire case (with the clear RRN) this office sends."""
    from sqlalchemy import select

    from counter_app.offline.models import Case
    from counter_app.sync.intake_api import canonical

    out = {}
    with ctx.db.read() as s:
        ids = s.execute(select(Case.case_id).where(Case.receipt_no.is_not(None))).scalars().all()
    for case_id in ids:
        wire = ctx.queue.wire_case(case_id)
        document = wire.as_json()
        if wire.rrn_sealed is not None:
            rrn = unsealer.unseal(wire.rrn_sealed, case_id.encode("ascii")).decode("ascii")
            document["applicant"] = dict(document["applicant"], rrn=rrn)
        out[case_id] = hashlib.sha256(canonical(document).encode("utf-8")).hexdigest()
    return out


def assert_exactly_once(server, expected: dict[str, str]) -> None:
    rows = server.store.rows()
    seen = [r["case_id"] for r in rows]
    assert len(seen) == len(set(seen)), "a case registered twice"
    assert set(seen) == set(expected), (len(set(seen)), len(expected))
    for r in rows:
        assert r["content_sha256"] == expected[r["case_id"]], "content differs from what the office holds"


def states(ctx) -> dict[str, int]:
    return {k: v for k, v in ctx.queue.stats()["by_state"].items() if v}


class Sleeps:
    """An injected sleep: records what the engine asked for, never sleeps."""

    def __init__(self):
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
