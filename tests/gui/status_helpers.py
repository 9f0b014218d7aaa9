"""Status boards for the status page tests and benchmarks, built the way the program builds them:
a native feed document (counter_app.status-feed) is written to a file or served on loopback and
read by the real StatusService, so every board here is one StatusService.board() can produce.

- `synthetic_feed(n)`: a feed of `n` systems, the first three named ones with everything the
  detail pane shows (alternatives with a guide, a data-loss notice, an incident).
- `feed_from_systems(systems)`: a feed of exactly those systems (native format), with a
  restoration series whose denominator changes (647 -> n) like the 2025 one.
- `board_from_feed(service, feed, directory)`: the Board the service makes of that feed.
- `native_feed(statuses)`: the bundled 2025 document re-dated as a current feed;
  `FeedServer`: serves a document as JSON on 127.0.0.1.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

MINISTRIES = (
    "행정안전부",
    "보건복지부",
    "국토교통부",
    "고용노동부",
    "법무부",
    "국세청",
    "교육부",
    "기획재정부",
    "산업통상자원부",
    "환경부",
    "여성가족부",
    "문화체육관광부",
    "농림축산식품부",
    "해양수산부",
    "중소벤처기업부",
    "국가보훈부",
    "인사혁신처",
    "경찰청",
    "소방청",
    "조달청",
)
GRADE_COUNTS = {1: 40, 2: 68, 3: 261, 4: 340}  # the corrected 709 of 9 Oct 2025


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def named_systems() -> list[dict]:
    """A few real-world systems (native feed format) with everything the detail pane shows."""
    return [
        {
            "id": "gov24",
            "name_ko": "정부24",
            "name_en": "Government24",
            "group": "행정안전부",
            "status": "major_outage",
            "since": "2025-09-26T11:15:00Z",
            "grade": 1,
            "ministry": "행정안전부",
            "expected_recovery": {
                "from": "2025-09-29T00:00:00Z",
                "to": "2025-09-30T00:00:00Z",
                "note": "복구 작업 중, 일정은 변동될 수 있음",
            },
            "services": ["주민등록표 등본 발급", "전입신고"],
            "limitations": ["온라인 발급 중단"],
            "alternatives": [
                {
                    "kind": "visit",
                    "label": "주민센터 방문",
                    "detail": "가까운 주민센터에서 서면 접수",
                    "procedure_id": "paper-intake",
                },
                {"kind": "phone", "label": "120 콜센터", "detail": "부산 120, 그 밖의 지역 051-120", "phone": "120"},
            ],
            "procedure_ids": ["paper-intake"],
        },
        {
            "id": "epeople",
            "name_ko": "국민신문고",
            "name_en": "e-People",
            "group": "국민권익위원회",
            "status": "major_outage",
            "since": "2025-09-26T11:15:00Z",
            "grade": 1,
            "ministry": "국민권익위원회",
            "expected_recovery": {"from": "2025-10-28T10:00:00Z", "to": "2025-10-28T10:00:00Z"},
            "services": ["국민신문고 민원"],
            "data_loss": "2025-09-25 19:35 이후 제출된 민원은 유실되어 다시 제출해야 합니다.",
            "alternatives": [
                {
                    "kind": "mail",
                    "label": "우편 접수",
                    "detail": "서면으로 접수 후 복구 뒤 등록",
                    "procedure_id": "mail-intake",
                }
            ],
            "procedure_ids": ["mail-intake"],
        },
        {
            "id": "family",
            "name_ko": "가족관계등록시스템",
            "name_en": "Family Relations Registration",
            "group": "법원행정처",
            "status": "operational",
            "since": "2025-09-20T00:00:00Z",
            "grade": 2,
            "ministry": "법원행정처",
            "services": ["가족관계증명서 발급"],
            "alternatives": [
                {"kind": "website", "label": "대법원 전자가족관계등록시스템", "url": "https://efamily.scourt.go.kr"}
            ],
        },
    ]


def generated_systems(start_index: int, n: int, restored_share: float = 0.86) -> list[dict]:
    grades = [g for g, count in GRADE_COUNTS.items() for _ in range(count)]
    start = dt.datetime(2025, 9, 26, 11, 15, tzinfo=dt.UTC)
    systems = []
    for i in range(start_index, start_index + n):
        grade = grades[(i * 389) % len(grades)]  # 709 is prime: a permutation spread over any n
        ministry = MINISTRIES[i % len(MINISTRIES)]
        restored = (i * 7919 % 1000) / 1000 < restored_share
        status = "operational" if restored else ("major_outage", "partial_outage", "degraded")[i % 3]
        system = {
            "id": f"sys-{i:04d}",
            "name_ko": f"시스템 {i:04d}",
            "name_en": f"System {i:04d}",
            "group": ministry,
            "status": status,
            "since": _iso(start + dt.timedelta(hours=i)),
            "grade": grade,
            "ministry": ministry,
            "services": [f"서비스 {i}"],
            "alternatives": [{"kind": "phone", "label": "120 콜센터", "phone": "120"}],
        }
        if restored:
            system["restored_at"] = _iso(start + dt.timedelta(days=3 + i % 60))
        else:
            system["expected_recovery"] = {"from": "2025-10-20T00:00:00Z", "to": "2025-10-31T00:00:00Z"}
        systems.append(system)
    return systems


def feed_from_systems(
    systems: list[dict], *, updated_at: str = "2025-10-31T10:00:00+09:00", label: str | None = None
) -> dict:
    """A native feed of exactly `systems`, with an incident on gov24 and a restoration series."""
    systems = copy.deepcopy(systems)
    total = len(systems)
    restored = sum(1 for s in systems if s["status"] in ("operational", "degraded"))
    base = dt.datetime(2025, 9, 27, 1, 0, tzinfo=dt.UTC)
    first_total = min(total, 647)
    progress = []
    for day in range(0, 36, 2):
        at = base + dt.timedelta(days=day)
        day_total = first_total if at < dt.datetime(2025, 10, 9, tzinfo=dt.UTC) else total
        progress.append({"at": _iso(at), "restored": min(day_total, restored * day // 34), "total": day_total})
    progress[-1]["restored"] = restored
    return {
        "format": "counter_app.status-feed",
        "version": 1,
        "updated_at": updated_at,
        "label": label,
        "systems": systems,
        "progress": progress,
        "incidents": [
            {
                "id": "inc-1",
                "title": "정부24 접속 장애",
                "status": "identified",
                "impact": "critical",
                "systems": ["gov24"],
                "updates": [
                    {"at": "2025-09-27T01:00:00Z", "body": "복구 작업 중입니다."},
                    {"at": "2025-09-26T12:00:00Z", "body": "원인 파악 중입니다."},
                ],
            }
        ],
    }


def synthetic_feed(n: int = 709, *, restored_share: float = 0.86, named: bool = True) -> dict:
    """A feed with `n` systems (the first three are the named ones above when `named`)."""
    systems = named_systems()[:n] if named else []
    systems += generated_systems(len(systems), n - len(systems), restored_share)
    return feed_from_systems(systems)


def board_from_feed(service, feed: dict, directory: Path, name: str = "feed.json"):
    """The Board StatusService makes of `feed`, read as a file source (a USB snapshot)."""
    path = Path(directory) / name
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    board = service.refresh([f"native:{path}"])
    assert board.sources[0].ok, board.sources[0].error
    return board


# ---------------------------------------------------------------------- a real feed on loopback
def native_feed(statuses: dict[str, str] | None = None, *, updated_at: str = "2026-11-24T09:50:00+09:00") -> dict:
    """A current (non-historical) native feed: the bundled 2025 document re-dated, with
    `statuses` overriding per-system statuses, a note-free summary and the same progress."""
    from counter_app.resources import resource_path

    doc = json.loads(resource_path("status", "bundled_2025.json").read_text(encoding="utf-8"))
    doc["historical"] = False
    doc["updated_at"] = updated_at
    doc["label"] = {"ko": "시험 피드", "en": "Test feed"}
    for system in doc["systems"]:
        if statuses and system["id"] in statuses:
            system["status"] = statuses[system["id"]]
    return doc


class FeedServer:
    """http.server on 127.0.0.1 in a thread serving `payload` as JSON at /feed.json.

    Fault injection: `status` (an HTTP error code to answer with), `stop()` (connection refused).
    """

    def __init__(self, payload: dict):
        import http.server
        import threading

        self.payload = payload
        self.status = 200
        self.hits = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                if self.path.endswith(".jws"):  # an unsigned feed: no signature beside it (contracts.md §3)
                    self.send_error(404)
                    return
                server.hits += 1
                body = json.dumps(server.payload, ensure_ascii=False).encode("utf-8")
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep test output clean
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.json"
        # a short poll interval: stop() returns in milliseconds, not the default half second
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="feed-server", daemon=True
        )
        self._thread.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.httpd.shutdown()
            self.httpd.server_close()
            self._thread.join(5)
