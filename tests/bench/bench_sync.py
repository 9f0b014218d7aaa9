"""Benchmark: 10,000 cases synced to the loopback rehearsal Intake API server, one request per
case and in batches of 200, against a bare `requests` POST loop to the same kind of server in the
same run (the same 10,000 documents, already serialised). Each leg gets a fresh server process
(its own SQLite file, no faults), so no leg pays for another's rows and the server never shares
the client's interpreter lock. Aims: single >= 0.8x the bare loop's rate, batches >= 5x.
Prints one JSON line (rates in cases/s, peak RSS in MB, and whether `audit verify` passes on both
data directories afterwards, untimed).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import requests  # noqa: E402
from helpers.intake import make_office_dir  # noqa: E402
from helpers.sync import TOKEN, queue_cases  # noqa: E402

from counter_app.app import open_context  # noqa: E402
from counter_app.sync.engine import SyncOptions  # noqa: E402
from counter_app.sync.intake_api import IntakeApiClient, canonical  # noqa: E402

N = int(os.environ.get("BENCH_SYNC_CASES", "10000"))
PASSPHRASE = "bench passphrase 1"


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class ServerProcess:
    def __init__(self, store: Path):
        env = dict(os.environ, PYTHONPATH=str(ROOT), BENCH_TOKEN=TOKEN)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "counter_app",
                "--lang",
                "en",
                "serve",
                "intake-api",
                "--port",
                "0",
                "--token-env",
                "BENCH_TOKEN",
                "--store",
                str(store),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            text=True,
        )
        line = self.proc.stdout.readline()
        self.url = line.split(" at ")[1].split(" ")[0]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.communicate(timeout=10)


def documents(ctx, unsealer) -> list[tuple[str, bytes]]:
    from sqlalchemy import select

    from counter_app.offline.models import Case

    with ctx.db.read() as s:
        ids = s.execute(select(Case.case_id).order_by(Case.id)).scalars().all()
    out = []
    for case_id in ids:
        wire = ctx.queue.wire_case(case_id)
        doc = wire.as_json()
        if wire.rrn_sealed is not None:
            doc["applicant"] = dict(doc["applicant"], rrn=unsealer.unseal(wire.rrn_sealed, case_id.encode()).decode())
        out.append((case_id, canonical(doc).encode("utf-8")))
    return out


def bare_loop(url: str, docs: list[tuple[str, bytes]]) -> float:
    session = requests.Session()
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    start = time.perf_counter()
    for case_id, body in docs:
        r = session.post(f"{url}/v1/cases", data=body, headers={**headers, "Idempotency-Key": case_id}, timeout=30)
        assert r.status_code == 201, r.status_code
        r.json()
    elapsed = time.perf_counter() - start
    session.close()
    return elapsed


def ours(data_dir: Path, url: str, batch: int) -> float:
    ctx = open_context(data_dir, lang="ko")
    try:
        keys = ctx.office.unlock(PASSPHRASE, by="bench")
        client = IntakeApiClient(url, TOKEN)
        engine = ctx.sync.engine(client, actor_id="S001", unsealer=keys.unsealer, options=SyncOptions(batch=batch))
        start = time.perf_counter()
        result = engine.run()
        elapsed = time.perf_counter() - start
        client.close()
        assert result.status == "done" and result.counts["sent"] == N, result.as_dict()
        return elapsed
    finally:
        ctx.close()


def audit_verifies(data_dir: Path) -> bool:
    ctx = open_context(data_dir, lang="ko")
    try:
        with ctx.db.read() as s:
            return bool(ctx.audit.verify(s).ok)
    finally:
        ctx.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        base = Path(tmp)
        make_office_dir(base / "a", PASSPHRASE)
        # at most 9,999 receipt numbers per terminal and day: half the cases were received yesterday
        yesterday = lambda: dt.datetime.now(dt.UTC) - dt.timedelta(days=1)  # noqa: E731
        for clock, n in ((yesterday, N // 2), (None, N - N // 2)):
            ctx = open_context(base / "a", lang="ko", **({"clock": clock} if clock else {}))
            try:
                queue_cases(ctx, n, rrn_every=10)
            finally:
                ctx.close()
        ctx = open_context(base / "a", lang="ko")
        try:
            docs = documents(ctx, ctx.office.unlock(PASSPHRASE, by="bench").unsealer)
        finally:
            ctx.close()
        shutil.copytree(base / "a", base / "b")
        rss_before = rss_mb()
        legs = {}
        for name, run in (
            ("bare", lambda url: bare_loop(url, docs)),
            ("single", lambda url: ours(base / "a", url, 1)),
            ("batch", lambda url: ours(base / "b", url, 200)),
        ):
            server = ServerProcess(base / f"server-{name}.sqlite")
            try:
                legs[name] = run(server.url)
            finally:
                server.stop()
        audit_ok = all(audit_verifies(base / d) for d in ("a", "b"))  # untimed: the chain after 10,000 syncs
    rate = {k: N / v for k, v in legs.items()}
    print(
        json.dumps(
            {
                "bench": "sync",
                "cases": N,
                "bare_requests_per_s": round(rate["bare"]),
                "single_per_s": round(rate["single"]),
                "batch200_per_s": round(rate["batch"]),
                "ratio": round(rate["single"] / rate["bare"], 2),
                "batch_ratio": round(rate["batch"] / rate["bare"], 2),
                "aims": {"ratio": ">= 0.8", "batch_ratio": ">= 5"},
                "rss_before_sync_mb": rss_before,
                "peak_rss_mb": rss_mb(),
                "audit_verify_ok": audit_ok,
            }
        )
    )


if __name__ == "__main__":
    main()
