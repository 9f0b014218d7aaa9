"""Benchmark: StatusService.refresh() (fetch, parse, merge, store) and board() on a 709-system feed.

A native feed and a Statuspage summary of 709 systems are served from a loopback HTTP server.
Each refresh gets a new `updated_at`, so every run really stores a snapshot (the dedupe path would
be cheaper). Baseline, measured in the same run: requests.get + json.loads of the same body.
Prints one JSON line.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration"))

import requests  # noqa: E402
from status_servers import StatusServer, body  # noqa: E402

from counter_app.app import open_context  # noqa: E402

SYSTEMS = 709
RUNS = 20
STATUSES = ["operational"] * 9 + ["major_outage", "partial_outage", "degraded"]
SP_STATUSES = {
    "operational": "operational",
    "major_outage": "major_outage",
    "partial_outage": "partial_outage",
    "degraded": "degraded_performance",
}


def native_doc(run: int) -> dict:
    systems = []
    for i in range(SYSTEMS):
        status = STATUSES[i % len(STATUSES)]
        systems.append(
            {
                "id": f"sys-{i:04d}",
                "name_ko": f"정부 시스템 {i}",
                "name_en": f"Government system {i}",
                "ministry": {"ko": "행정안전부", "en": "Ministry of the Interior and Safety"},
                "group": {"ko": f"부처 {i % 20}", "en": f"Ministry {i % 20}"},
                "grade": i % 4 + 1,
                "status": status,
                "since": "2025-09-26T20:15:00+09:00",
                "expected_recovery": {"from": "2025-11-01", "to": "2025-11-20", "note": "목표일"},
                "restored_at": "2025-10-15T18:00:00+09:00" if status == "operational" else None,
                "services": ["민원 신청", "증명서 발급"],
                "limitations": ["첨부 불가"] if status == "degraded" else [],
                "alternatives": [
                    {
                        "kind": "visit",
                        "label": "행정복지센터 방문",
                        "detail": "창구 접수 후 복구 뒤 등록",
                        "procedure_id": "proc.epeople-complaint",
                    },
                    {"kind": "phone", "label": "정부민원안내콜센터 110", "phone": "110"},
                ],
            }
        )
    return {
        "format": "counter_app.status-feed",
        "version": 1,
        "updated_at": f"2025-10-{1 + run % 28:02d}T12:{run % 60:02d}:00+09:00",
        "summary": {"total": SYSTEMS, "restored": 640},
        "progress": [
            {"at": f"2025-10-{d:02d}T12:00:00+09:00", "restored": 20 * d, "total": SYSTEMS} for d in range(1, 29)
        ],
        "systems": systems,
        "incidents": [
            {
                "id": f"inc-{k}",
                "title": f"장애 {k}",
                "status": "monitoring",
                "impact": "major",
                "updates": [{"at": "2025-10-01T12:00:00+09:00", "body": "복구 중"}],
            }
            for k in range(20)
        ],
    }


def statuspage_doc(run: int) -> dict:
    comps = [
        {
            "id": f"grp-{g}",
            "name": f"Ministry {g}",
            "status": "operational",
            "group": True,
            "components": [f"c{i}" for i in range(SYSTEMS) if i % 20 == g],
        }
        for g in range(20)
    ]
    comps += [
        {
            "id": f"c{i}",
            "name": f"System {i}",
            "status": SP_STATUSES[STATUSES[i % len(STATUSES)]],
            "group": False,
            "group_id": f"grp-{i % 20}",
            "updated_at": "2025-10-01T03:00:00.000Z",
            "description": "<p>Government <b>service</b></p>",
        }
        for i in range(SYSTEMS)
    ]
    return {
        "page": {"id": "p", "name": "Gov", "updated_at": f"2025-10-{1 + run % 28:02d}T03:{run % 60:02d}:00Z"},
        "components": comps,
        "incidents": [
            {
                "id": f"i{k}",
                "name": f"Incident {k}",
                "status": "identified",
                "impact": "major",
                "created_at": "2025-09-26T11:15:00Z",
                "updated_at": "2025-10-01T03:00:00Z",
                "components": [],
                "incident_updates": [
                    {"id": "u", "status": "identified", "body": "<p>Working</p>", "created_at": "2025-10-01T03:00:00Z"}
                ],
            }
            for k in range(20)
        ],
        "scheduled_maintenances": [],
    }


def p50_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def bench_kind(server: StatusServer, ctx, kind: str, make_doc) -> dict:
    bodies = [json.dumps(make_doc(r), ensure_ascii=False).encode("utf-8") for r in range(RUNS + 1)]
    state = {"run": 0}

    def respond(req, query):
        body(bodies[state["run"]])(req, query)

    url = server.route(f"/{kind}.json", respond)
    spec = [f"{kind}:{url}"]
    ctx.status.refresh(spec)  # warm-up: imports, first connection, parse cache
    refresh, board, baseline = [], [], []
    for run in range(1, RUNS + 1):
        state["run"] = run
        t0 = time.perf_counter()
        result = ctx.status.refresh(spec)
        refresh.append(time.perf_counter() - t0)
        assert result.sources[0].ok, result.sources[0]
        assert len(result.systems) == SYSTEMS
        t0 = time.perf_counter()
        ctx.status.board(spec)
        board.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        resp = requests.get(url, timeout=10)
        json.loads(resp.content)
        baseline.append(time.perf_counter() - t0)
    return {"refresh": p50_ms(refresh), "board": p50_ms(board), "baseline": p50_ms(baseline), "bytes": len(bodies[1])}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-status-") as tmp:
        ctx = open_context(Path(tmp) / "office", lang="ko")
        server = StatusServer().start()
        try:
            native = bench_kind(server, ctx, "native", native_doc)
            sp = bench_kind(server, ctx, "statuspage", statuspage_doc)
        finally:
            server.stop()
            ctx.close()
    print(
        json.dumps(
            {
                "bench": "status_refresh",
                "systems": SYSTEMS,
                "runs": RUNS,
                "refresh_p50_ms": native["refresh"],
                "board_p50_ms": native["board"],
                "baseline_get_json_p50_ms": native["baseline"],
                "ratio": round(native["refresh"] / native["baseline"], 2),
                "feed_bytes": native["bytes"],
                "statuspage_refresh_p50_ms": sp["refresh"],
                "statuspage_board_p50_ms": sp["board"],
                "statuspage_baseline_get_json_p50_ms": sp["baseline"],
                "statuspage_ratio": round(sp["refresh"] / sp["baseline"], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
