"""Many cases fast, for the queue page tests and benchmark: rows written with plain SQL, shaped
like what CaseQueue.submit stores (receipt numbers in the real format, phones in E.164, UTC
ISO times). A submit per case (one fsync'd transaction each) would take far too long for 100,000.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import uuid
from pathlib import Path

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
SYLLABLES = "민서준우지현수영하은도윤예진성호재경미정혜동훈석"
STATE_WEIGHTS = (
    ("QUEUED", 70),
    ("SENT", 20),
    ("RETRY_WAIT", 4),
    ("QUARANTINED", 2),
    ("UNKNOWN_OUTCOME", 2),
    ("DRAFT", 1),
    ("REGISTERED_MANUALLY", 1),
)
START = dt.datetime(2025, 9, 27, 0, 0, tzinfo=dt.UTC)


def insert_cases(
    db_path: Path, office_code: str, terminal: str, services, n: int, *, seed: int = 20251026, spacing_s: int = 52
) -> None:
    """Insert `n` cases received `spacing_s` seconds apart from 2025-09-27 00:00 UTC."""
    from counter_app.intake import format_receipt_no

    rng = random.Random(seed)
    states = [s for s, w in STATE_WEIGHTS for _ in range(w)]
    rows = []
    seq_per_day: dict[dt.date, int] = {}
    for i in range(n):
        received = START + dt.timedelta(seconds=i * spacing_s + rng.randrange(max(1, spacing_s - 10)))
        kst_day = (received + dt.timedelta(hours=9)).date()
        seq = seq_per_day[kst_day] = seq_per_day.get(kst_day, 0) + 1
        state = rng.choice(states)
        svc = rng.choice(services)
        name = rng.choice(SURNAMES) + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        at = received.isoformat(timespec="microseconds")
        receipt = None if state == "DRAFT" else format_receipt_no(office_code, kst_day, terminal, seq)
        rows.append(
            (
                str(uuid.UUID(int=rng.getrandbits(128))),
                receipt,
                state,
                office_code,
                terminal,
                "C001",
                "visit",
                svc.category,
                svc.code,
                "민원 제목",
                "민원 내용",
                "person",
                name,
                "1990-01-01",
                f"+8210{rng.randrange(10**8):08d}",
                "부산광역시 중구 중앙대로 100",
                "48939",
                0,
                "sms",
                None if state == "DRAFT" else at,
                (kst_day + dt.timedelta(days=7)).isoformat(),
                at,
                at,
                0,
            )
        )
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO cases (case_id, receipt_no, state, office_code, terminal, clerk, channel, category, "
            "service_code, title, content, applicant_kind, applicant_name, applicant_birth_date, applicant_phone, "
            "applicant_address, applicant_postcode, disclose, notify_by, received_at, due_date, created_at, "
            "updated_at, attempts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    finally:
        conn.close()
