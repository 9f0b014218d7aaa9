"""The status desk core (status/desk.py) on a real data directory: starting, editing, counts with
their own "as of" and a changing denominator, incidents, conflicts, undo, and what is refused."""

from __future__ import annotations

import pytest

from counter_app.actor import CLERK, SUPERVISOR, Actor
from counter_app.errors import UserError
from counter_app.status.desk import parse_alternative, parse_expected


@pytest.fixture
def boss(office_ctx):
    return office_ctx.accounts.add(Actor("S100", "박감독", SUPERVISOR), "S100", "박감독", "supervisor", "135792")


def test_expected_recovery_as_typed():
    assert parse_expected("2025-11-20") == "2025-11-20"
    assert parse_expected("2025-10-20..2025-10-31", "브리핑") == {
        "from": "2025-10-20",
        "to": "2025-10-31",
        "note": "브리핑",
    }
    assert parse_expected("none") == {"note": {"ko": "발표되지 않음", "en": "not announced"}}
    assert parse_expected("미정") == parse_expected("not announced")
    assert parse_expected("2025-11-20T14:05") == "2025-11-20T14:05:00+09:00"  # KST without a zone
    assert parse_expected("") is None
    for bad in ("2025-02-30", "tomorrow", "2025-10-31..2025-10-20", ".."):
        with pytest.raises(UserError):
            parse_expected(bad)


def test_alternatives_as_typed():
    assert parse_alternative("phone|110") == {"kind": "phone", "label": "110", "phone": "110"}
    assert parse_alternative("visit|방문 접수|서면|proc.epeople-complaint")["procedure_id"] == "proc.epeople-complaint"
    for bad in ("teleport|x", "visit|", "visit|x||epeople", "a|b|c|d|e"):
        with pytest.raises(UserError):
            parse_alternative(bad)


def test_edits_make_versions_and_the_start_is_the_board_shown(office_ctx, boss):
    desk = office_ctx.desk
    assert not desk.started()
    with pytest.raises(UserError):
        desk.start(Actor("C1", "clerk", CLERK))
    first = desk.start(boss)  # the board shown now: the bundled record on a fresh install
    doc = desk.document()
    assert doc["historical"] is False and len(doc["systems"]) == 13 and doc["summary"]["total"] == 709
    second = desk.set_system(
        boss,
        "epeople",
        {
            "status": "major_outage",
            "expected_recovery": "2025-11-20",
            "alternatives": [parse_alternative("visit|종이 접수||proc.paper")],
        },
    )
    system = desk.system("epeople")
    assert system["procedure_ids"][-1] == "proc.paper" and "restored_at" not in system
    third = desk.set_system(boss, "epeople", {"status": "operational"})
    assert desk.system("epeople")["restored_at"]  # restored now
    assert [v.id for v in desk.history()] == [third.id, second.id, first.id]
    fields = [c["field"] for c in desk.history()[1].changes]
    assert fields == ["status", "expected_recovery", "alternatives"]


def test_counts_have_their_own_as_of_and_the_denominator_may_change(office_ctx, boss, clock):
    desk = office_ctx.desk
    desk.start(boss, "bundled")
    desk.set_counts(boss, restored=300, total=647, as_of="2025-10-10T18:00")
    desk.set_counts(boss, restored=323, total=709, as_of="2025-10-15T18:00")
    desk.set_counts(boss, restored=231, total=261, grade="3", as_of="2025-10-31T07:00")
    doc = desk.document()
    points = {p["at"][:16]: p for p in doc["progress"]}
    assert points["2025-10-15T18:00"]["note"] == {"ko": "전체 647 → 709개 정정", "en": "Total corrected 647 -> 709"}
    assert doc["summary"]["by_grade"]["3"] == {"restored": 231, "total": 261, "as_of": "2025-10-31T07:00:00+09:00"}
    assert doc["summary"]["total"] == 709
    with pytest.raises(UserError):
        desk.set_counts(boss, restored=10, total=5)


def test_incidents_add_timed_updates_newest_first(office_ctx, boss):
    desk = office_ctx.desk
    desk.start(boss, "bundled")
    desk.incident(
        boss,
        "epeople-outage",
        title={"ko": "국민신문고 중단", "en": "e-People down"},
        status="identified",
        systems=["epeople"],
        update="원인 확인",
        at="2025-10-01T09:00",
    )
    desk.incident(boss, "epeople-outage", status="monitoring", update="복구 중", at="2025-10-02T09:00")
    item = next(i for i in desk.document()["incidents"] if i["id"] == "epeople-outage")
    assert [u["body"] for u in item["updates"]] == ["복구 중", "원인 확인"]
    with pytest.raises(UserError):
        desk.incident(boss, "x", update="no title")
    with pytest.raises(UserError):
        desk.incident(boss, "epeople-outage", systems=["no-such-system"])


def test_a_stale_edit_is_refused_and_undo_is_a_new_version(office_ctx, boss):
    desk = office_ctx.desk
    start = desk.start(boss, "bundled")
    before = desk.document()
    doc, base = desk._edit(boss)
    desk.set_system(boss, "law", {"status": "operational"})  # another supervisor, meanwhile
    with pytest.raises(UserError):
        desk._commit(boss, "set", doc, [{"field": "x"}], "law", base)
    undo = desk.revert(boss, start.id)
    after = desk.document()
    assert undo.action == "revert" and after["systems"] == before["systems"]
    assert len(desk.history()) == 3


def test_what_a_board_may_not_hold(office_ctx, boss):
    desk = office_ctx.desk
    desk.start(boss, "bundled")
    for changes in (
        {"status": "sideways"},
        {"grade": 7},
        {"name_ko": ""},
        {"colour": "red"},
        {"note": "주민번호 900101-1234568"},
        {"since": "yesterday"},
        {"note": "복구 \u202e중"},
        {"ministry": {"ko": "행안부\u2066", "en": "MOIS"}},
    ):
        with pytest.raises(UserError):
            desk.set_system(boss, "epeople", changes)
    with pytest.raises(UserError):
        desk.add_system(boss, "epeople", "중복")
    with pytest.raises(UserError):
        desk.add_system(boss, "bad id!", "이름")
    with pytest.raises(UserError):
        desk.remove_system(boss, "no-such-system")
    stored = b"".join(p.read_bytes() for p in office_ctx.paths.root.rglob("*") if p.is_file())
    assert b"900101" not in stored and "주민번호".encode() not in stored  # the refused note left no trace
