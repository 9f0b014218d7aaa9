"""StatusService on a real SQLite database with file sources (a USB snapshot needs no network)."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent.parent / "integration"))
from status_servers import native_feed, statuspage_summary  # noqa: E402

from counter_app.actor import Actor  # noqa: E402
from counter_app.errors import UserError  # noqa: E402
from counter_app.offline.models import AuditEntry, StatusSnapshot  # noqa: E402
from counter_app.status.board import point_json, to_json  # noqa: E402

SUPERVISOR = Actor("S001", "김감독", "supervisor")
CLERK = Actor("C001", "이주무", "clerk")


def write(path: Path, doc) -> str:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def rows(ctx):
    with ctx.db.read() as s:
        return list(s.execute(select(StatusSnapshot).order_by(StatusSnapshot.id)).scalars())


def test_fresh_install_shows_the_bundled_historical_snapshot(ctx):
    board = to_json(ctx.status.board())
    assert board["historical"] is True and board["stale"] is True
    assert board["label"] == "2025년 국가정보자원관리원 화재 장애 (역사 기록)"
    assert board["summary"]["total"] == 709 and board["summary"]["restored_ratio"] == 0.903
    assert board["fetched_at"] is None and board["sources"] == []
    assert board["progress"][0]["total"] == 647 and board["progress"][-1] == {
        "at": "2025-10-31T12:00:00+09:00",
        "restored": 640,
        "total": 709,
    }
    assert [point_json(p) for p in ctx.status.history()] == board["progress"]


def test_file_source_refresh_is_stored_and_deduplicated(ctx, tmp_path):
    spec = "native:" + write(tmp_path / "feed.json", native_feed(4))
    first = to_json(ctx.status.refresh([spec]))
    assert first["historical"] is False and first["stale"] is False
    ctx.clock.advance(minutes=3)
    second = to_json(ctx.status.refresh([spec]))
    stored = rows(ctx)
    assert len(stored) == 1, "an identical payload is not stored twice"
    assert stored[0].fetch_count == 2 and stored[0].last_fetched_at > stored[0].fetched_at
    assert second["fetched_at"] != first["fetched_at"]  # our fetch time moved on
    assert second["source_updated_at"] == first["source_updated_at"] == "2025-10-31T12:00:00+09:00"
    write(tmp_path / "feed.json", native_feed(4, restored=3, updated_at="2025-11-01T12:00:00+09:00"))
    ctx.clock.advance(minutes=3)
    to_json(ctx.status.refresh([spec]))
    assert len(rows(ctx)) == 2


def test_failures_are_run_length_encoded(ctx, tmp_path):
    spec = "native:" + str(tmp_path / "missing.json")
    for _ in range(3):
        ctx.clock.advance(minutes=1)
        board = to_json(ctx.status.refresh([spec]))
    stored = rows(ctx)
    assert len(stored) == 1 and stored[0].ok is False and stored[0].fetch_count == 3
    assert "missing.json" in board["sources"][0]["error_en"]
    assert board["historical"] is True, "never fetched: the bundled record is shown"


def test_stale_after_the_configured_minutes(ctx, tmp_path):
    ctx.settings.set("status_sources", ["native:" + write(tmp_path / "f.json", native_feed(2))])
    assert to_json(ctx.status.refresh())["stale"] is False
    ctx.clock.advance(minutes=29)
    assert to_json(ctx.status.board())["stale"] is False
    ctx.clock.advance(minutes=2)
    board = to_json(ctx.status.board())
    assert board["stale"] is True and board["age_seconds"] == 31 * 60


def test_merge_takes_status_from_the_most_recently_updated_source(ctx, tmp_path):
    older = native_feed(3, updated_at="2025-10-01T00:00:00+09:00")
    newer = {
        "format": "counter_app.status-feed",
        "updated_at": "2025-10-02T00:00:00+09:00",
        "systems": [
            {"id": "sys-0001", "name_ko": "시스템 1", "status": "operational"},
            {"id": "extra", "name_ko": "추가", "status": "partial_outage"},
        ],
    }
    a = "native:" + write(tmp_path / "a.json", older)
    b = "native:" + write(tmp_path / "b.json", newer)
    board = to_json(ctx.status.refresh([a, b]))
    systems = {s["id"]: s for s in board["systems"]}
    assert [s["id"] for s in board["systems"]] == ["sys-0000", "sys-0001", "sys-0002", "extra"]
    assert systems["sys-0001"]["status"] == "operational"  # newer source wins the status
    assert systems["sys-0001"]["grade"] == 2 and systems["sys-0001"]["ministry"] == "행정안전부"  # filled in
    assert systems["sys-0001"]["source"].endswith("b.json")
    assert systems["sys-0000"]["status"] == "operational" and systems["sys-0002"]["status"] == "partial_outage"
    assert board["source_updated_at"] == "2025-10-02T00:00:00+09:00"
    assert board["summary"]["total"] == 4


def test_history_without_a_series_comes_from_stored_snapshots(ctx, tmp_path):
    path = tmp_path / "sp.json"
    spec = "statuspage:" + write(path, statuspage_summary())
    to_json(ctx.status.refresh([spec]))
    doc = statuspage_summary()
    doc["page"]["updated_at"] = "2025-10-02T03:00:00Z"
    doc["components"][1]["status"] = "operational"
    write(path, doc)
    ctx.clock.advance(minutes=10)
    board = to_json(ctx.status.refresh([spec]))
    assert board["progress"] == [
        {"at": "2025-10-01T12:00:00+09:00", "restored": 2, "total": 5},  # degraded + operational
        {"at": "2025-10-02T12:00:00+09:00", "restored": 3, "total": 5},
    ]


def test_declared_totals_and_grades(ctx, tmp_path):
    feed = native_feed(2)
    feed["summary"] = {"total": 10, "restored": 6, "by_grade": {"1": {"restored": 2, "total": 2}}}
    board = to_json(ctx.status.refresh(["native:" + write(tmp_path / "f.json", feed)]))
    summary = board["summary"]
    assert summary["total"] == 10 and summary["restored"] == 6 and summary["restored_ratio"] == 0.6
    assert sum(summary["by_status"].values()) == 10
    assert summary["by_status"]["major_outage"] == 1 + 3  # one listed, three unlisted not restored
    assert summary["by_grade"] == {"1": {"restored": 2, "total": 2}}


def test_malformed_configured_source_does_not_blank_the_board(ctx):
    ctx.settings.set("status_sources", ["nonsense"])
    board = to_json(ctx.status.board())
    assert board["historical"] is True and board["sources"][0]["ok"] is False
    with pytest.raises(UserError):
        ctx.status.board(["nonsense"])  # given explicitly: refused


def test_notes_need_a_supervisor_and_are_audited(office_ctx):
    svc = office_ctx.status
    with pytest.raises(UserError):
        svc.add_note(CLERK, "hello")
    with pytest.raises(UserError):
        svc.add_note(SUPERVISOR, "   ")
    svc.add_note(SUPERVISOR, "정부24 창구 발급으로 안내", system_id="gov24")
    note = to_json(svc.board())["notes"][0]
    assert note["author"] == "S001" and note["author_name"] == "김감독" and note["system_id"] == "gov24"
    assert note["at"] == "2026-11-24T10:00:00+09:00" and note["body"] == "정부24 창구 발급으로 안내"
    with office_ctx.db.read() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "status.note")).scalar_one()
        assert "정부24" not in (entry.detail or "")  # the note text is not copied into the audit log
        assert office_ctx.audit.verify(s).ok


def test_load_snapshot_file_is_shown_and_audited(office_ctx, tmp_path):
    svc = office_ctx.status
    path = write(tmp_path / "usb.json", statuspage_summary())
    with pytest.raises(UserError):
        svc.load_snapshot_file(path, CLERK)
    board = to_json(svc.load_snapshot_file(path, SUPERVISOR))
    assert board["historical"] is False and {s["id"] for s in board["systems"]} >= {"gov24", "law"}
    entry = next(s for s in board["sources"] if s["origin"] == "file")
    assert entry["ok"] and entry["kind"] == "statuspage"
    with office_ctx.db.read() as s:
        audit = s.execute(select(AuditEntry).where(AuditEntry.action == "status.load_snapshot")).scalar_one()
    assert json.loads(audit.detail)["file"] == "usb.json"
    with pytest.raises(UserError):
        svc.load_snapshot_file(write(tmp_path / "junk.json", {"hello": 1}), SUPERVISOR)
    with pytest.raises(UserError):
        svc.load_snapshot_file(tmp_path / "nope.json", SUPERVISOR)


def test_migration_0002_applies_on_top_of_0001(tmp_path):
    from counter_app.offline import schema
    from counter_app.offline.db import Database

    db = Database(tmp_path / "old.db")
    schema.upgrade(db.engine, "0001")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO outage_windows (start_at, recorded_by, created_at) "
            "VALUES ('2025-09-26T11:15:00.000000+00:00', 'x', '2025-09-26T11:15:00.000000+00:00')"
        )
    db.dispose()
    db = Database(tmp_path / "old.db")
    assert schema.prepare(db.path, tmp_path / "backups", db.engine) == "upgraded"
    db.dispose()
    conn = sqlite3.connect(tmp_path / "old.db")
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"status_snapshots", "status_notes"} <= tables
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (schema.SCHEMA_HEAD,)
        assert conn.execute("SELECT count(*) FROM outage_windows").fetchone() == (1,)
    finally:
        conn.close()


def test_a_named_pipe_or_a_device_is_refused_at_once(ctx, tmp_path):
    import os
    import threading

    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)  # no writer: opening it for reading would block forever
    done = threading.Event()
    result = []

    def run():
        result.append(ctx.status.refresh([f"native:{fifo}", "native:/dev/zero"]))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(10), "refresh hung on a named pipe"
    errors = [s.error.en for s in result[0].sources]
    assert all("Only a regular file" in e for e in errors), errors
    with pytest.raises(UserError) as caught:
        ctx.status.load_snapshot_file(fifo, SUPERVISOR)
    assert "regular file" in caught.value.msg.en


def test_a_mostly_malformed_snapshot_file_is_refused(office_ctx, tmp_path):
    feed = native_feed(4)
    for system in feed["systems"][:3]:
        system["status"] = ["not", "a", "string"]
    with pytest.raises(UserError) as caught:
        office_ctx.status.load_snapshot_file(write(tmp_path / "usb.json", feed), SUPERVISOR)
    assert "3 of the 4 systems" in caught.value.msg.en
    assert office_ctx.status.board().historical is True  # nothing replaced the board


def test_warnings_are_in_the_text_output_not_only_in_json(ctx, tmp_path):
    from counter_app.commands.status import render_board

    feed = native_feed(12)
    feed["systems"][5]["grade"] = "five"
    board = ctx.status.refresh(["native:" + write(tmp_path / "feed.json", feed)])
    assert board.sources[0].ok and len(board.sources[0].warnings) == 1
    text = render_board(board, "en")
    assert "Source warnings native:" in text and "1 item(s) skipped" in text
    assert "Skipped system item 6 (malformed: grade is not an integer)" in text
    assert "항목 1개를 건너뛰었습니다" in render_board(board, "ko")


def test_the_board_is_typed_and_frozen(ctx, tmp_path):
    import dataclasses

    from counter_app.status.board import Board, SystemView

    board = ctx.status.refresh(["native:" + write(tmp_path / "feed.json", native_feed(4))])
    assert isinstance(board, Board) and all(isinstance(s, SystemView) for s in board.systems)
    with pytest.raises(dataclasses.FrozenInstanceError):
        board.systems[0].status = "operational"  # type: ignore[misc]
    assert board.system("sys-0001").status == "major_outage"
    assert board.summary.by_status["major_outage"] == 1 and board.summary.restored == 2
