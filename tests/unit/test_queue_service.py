"""CaseQueue on a real data directory: durable submit, drafts, the state machine, views."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from conftest import PASSPHRASE
from helpers.intake import CONTRACT_DOC, PETITION_DOC, doc
from sqlalchemy import select

from counter_app.actor import Actor
from counter_app.clock import KST
from counter_app.errors import UserError
from counter_app.intake import CaseValidationError, is_valid_receipt_no
from counter_app.offline.models import AuditEntry, Case
from counter_app.offline.queue import STATES, TRANSITIONS, InvalidTransition, QueueFilter, QueueRow

CLERK = Actor("C001", "김직원")
OTHER_CLERK = Actor("C002", "이직원")
SUPERVISOR = Actor("S001", "박감독", "supervisor")


def audit_actions(ctx, case_id=None) -> list[str]:
    with ctx.db.read() as s:
        q = select(AuditEntry.action).order_by(AuditEntry.seq)
        if case_id:
            q = q.where(AuditEntry.case_id == case_id)
        return list(s.execute(q).scalars())


def audit_ok(ctx) -> bool:
    with ctx.db.read() as s:
        return ctx.audit.verify(s).ok


def raw_rows(ctx, sql, *params):
    conn = sqlite3.connect(ctx.paths.database)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------- submit
def test_submit_is_durable_and_complete(office_ctx):
    q = office_ctx.queue
    result = q.submit(CLERK, CONTRACT_DOC)
    assert is_valid_receipt_no(result.receipt_no)
    assert result.receipt_no.startswith("2611051000-20261124-T1-0001-")
    # received Tue 10:00 KST, 'immediately' = 3 working hours -> 14:00 the same day
    assert result.due_date == dt.date(2026, 11, 24)
    # the 등본's 즉시 is not confirmed against the 민원처리기준표 (issue 12 item 5): said, never silent
    assert [w.en for w in result.warnings] == ["processing period unconfirmed: check the MOIS table"]
    # visible to a completely separate connection: committed before submit returned
    rows = raw_rows(office_ctx, "SELECT case_id, state, receipt_no, applicant_phone, rrn_sealed, draft_json FROM cases")
    assert len(rows) == 1
    case_id, state, receipt, phone, sealed, draft = rows[0]
    assert (case_id, state, receipt, phone, draft) == (
        result.case_id,
        "QUEUED",
        result.receipt_no,
        "+821012345678",
        None,
    )
    assert sealed and b"900101" not in sealed and b"1234568" not in sealed
    assert raw_rows(office_ctx, "SELECT from_state, to_state, operator FROM case_transitions") == [
        (None, "QUEUED", "C001")
    ]
    assert audit_actions(office_ctx, result.case_id) == ["case.submit"]
    assert audit_ok(office_ctx)


def test_invalid_submit_writes_nothing(office_ctx):
    before = audit_actions(office_ctx)
    with pytest.raises(CaseValidationError) as err:
        office_ctx.queue.submit(CLERK, doc(**{"applicant.phone": "112"}))
    assert err.value.fields() == ["applicant.phone"]
    assert raw_rows(office_ctx, "SELECT count(*) FROM cases") == [(0,)]
    assert raw_rows(office_ctx, "SELECT count(*) FROM receipt_counters") == [(0,)]
    assert audit_actions(office_ctx) == before


def test_check_digit_warning_is_returned_and_kept(office_ctx):
    result = office_ctx.queue.submit(CLERK, doc(**{"applicant.rrn": "900101-1234567"}))
    assert len(result.warnings) == 2 and "2020" in result.warnings[0].ko and "미확인" in result.warnings[1].ko
    detail = office_ctx.queue.case_detail(result.case_id)
    assert detail["warnings"] and "2020" in detail["warnings"][0]


def test_receipt_numbers_are_sequential_per_kst_day(office_ctx, clock):
    q = office_ctx.queue
    seqs = [q.submit(CLERK, PETITION_DOC).receipt_no.split("-")[3] for _ in range(3)]
    assert seqs == ["0001", "0002", "0003"]
    clock.advance(hours=14)  # 2026-11-25 00:00 KST: a new KST day (still the 24th in UTC)
    assert q.submit(CLERK, PETITION_DOC).receipt_no.split("-")[1:4] == ["20261125", "T1", "0001"]
    # a retroactive case takes the number of its own day
    old = q.submit(CLERK, doc(PETITION_DOC, received_at="2025-09-29T10:00:00+09:00"))
    assert old.receipt_no.split("-")[1:4] == ["20250929", "T1", "0001"]
    assert old.received_at == dt.datetime(2025, 9, 29, 1, 0, tzinfo=dt.UTC)


def test_submitted_row_reads_back_through_the_orm(office_ctx):
    # submit writes with plain SQL: the stored forms must be exactly what the ORM writes and reads
    result = office_ctx.queue.submit(CLERK, CONTRACT_DOC)
    case = office_ctx.queue.case_record(result.case_id)
    assert case.received_at == result.received_at and case.received_at.tzinfo is not None
    assert case.created_at == case.updated_at and case.attempts == 0 and case.disclose is False
    assert (case.state, case.receipt_no, case.due_date) == ("QUEUED", result.receipt_no, result.due_date.isoformat())
    (stored,) = raw_rows(office_ctx, "SELECT received_at FROM cases")[0]
    assert stored == result.received_at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def test_submit_sees_an_outage_window_recorded_by_another_process(office_ctx):
    q = office_ctx.queue
    assert q.submit(CLERK, PETITION_DOC).due_date == dt.date(2026, 12, 11)  # the calculator is now cached
    conn = sqlite3.connect(office_ctx.paths.database)  # e.g. the CLI, while the GUI keeps running
    conn.execute(
        "INSERT INTO outage_windows (start_at, end_at, note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?)",
        (
            "2026-11-25T00:00:00.000000+00:00",
            "2026-11-26T10:00:00.000000+00:00",
            None,
            "S001",
            "2026-11-24T01:00:00.000000+00:00",
        ),
    )
    conn.commit()
    conn.close()
    # 시행령 제20조 2호: the outage is excluded only for a case received through the system ...
    assert q.submit(CLERK, doc(PETITION_DOC, received_via_system=True)).due_date == dt.date(2026, 12, 15)
    # ... a paper case's 14 days run from its receipt, outage or not (the old rule gave it 15 Dec too)
    assert q.submit(CLERK, PETITION_DOC).due_date == dt.date(2026, 12, 11)


def test_submit_without_office_is_a_clear_error(ctx):
    with pytest.raises(UserError) as err:
        ctx.queue.submit(CLERK, CONTRACT_DOC)
    assert "office init" in err.value.text("ko")


def test_import_key_makes_submit_idempotent(office_ctx):
    q = office_ctx.queue
    first = q.submit(CLERK, PETITION_DOC, import_key="k" * 64)
    again = q.submit(CLERK, PETITION_DOC, import_key="k" * 64)
    assert again.duplicate and again.case_id == first.case_id and again.receipt_no == first.receipt_no
    assert raw_rows(office_ctx, "SELECT count(*) FROM cases") == [(1,)]


def test_a_submitted_case_cannot_be_submitted_again(office_ctx):
    q = office_ctx.queue
    r = q.submit(CLERK, PETITION_DOC)
    with pytest.raises(UserError):
        q.submit(CLERK, PETITION_DOC, case_id=r.case_id)
    with pytest.raises(UserError):
        q.submit(CLERK, PETITION_DOC, case_id="not-a-uuid")


# ---------------------------------------------------------------- drafts
def test_drafts_never_store_the_rrn_and_become_the_case(office_ctx, clock):
    q = office_ctx.queue
    form = doc(**{"applicant.rrn": "900101-1234568"})
    form["nested"] = [{"rrn": "900101-1234568"}]
    case_id = q.save_draft(CLERK, form)
    stored = raw_rows(office_ctx, "SELECT draft_json, state, receipt_no FROM cases WHERE case_id=?", case_id)[0]
    assert "1234568" not in stored[0] and "rrn" not in stored[0]
    assert stored[1:] == ("DRAFT", None)
    clock.advance(minutes=1)
    assert q.save_draft(CLERK, doc(title="고친 제목"), case_id) == case_id  # the same row, updated
    assert q.latest_draft(CLERK) == (case_id, json.loads(json.dumps(doc(title="고친 제목", **{"applicant.rrn": ...}))))
    assert q.latest_draft(OTHER_CLERK) is None
    # drafts are not in the default queue view, but can be asked for
    assert q.count(QueueFilter()) == 0 and q.count(QueueFilter(state="DRAFT")) == 1
    result = q.submit(CLERK, CONTRACT_DOC, case_id=case_id)
    assert result.case_id == case_id
    assert raw_rows(office_ctx, "SELECT count(*), max(state), max(draft_json) FROM cases") == [(1, "QUEUED", None)]
    assert raw_rows(office_ctx, "SELECT from_state, to_state FROM case_transitions ORDER BY id") == [
        (None, "DRAFT"),
        ("DRAFT", "QUEUED"),
    ]
    assert q.latest_draft(CLERK) is None
    with pytest.raises(UserError):
        q.save_draft(CLERK, {"title": "x"}, case_id)  # a submitted case is not a draft any more
    assert audit_ok(office_ctx)


def test_a_draft_keeps_the_case_id_given_at_first_capture(office_ctx):
    case_id = "6f1c7a3e-8f0e-4a55-9a3f-2b7d4c1e9a10"
    assert office_ctx.queue.save_draft(CLERK, {"title": "x"}, case_id) == case_id
    assert office_ctx.queue.submit(CLERK, PETITION_DOC, case_id=case_id).case_id == case_id


def test_discard_only_drafts(office_ctx):
    q = office_ctx.queue
    draft = q.save_draft(CLERK, {"title": "버릴 것"})
    q.discard_draft(CLERK, draft)
    assert raw_rows(office_ctx, "SELECT count(*) FROM cases") == [(0,)]
    assert audit_actions(office_ctx, draft) == ["case.draft_create", "case.draft_discard"]
    sent = q.submit(CLERK, PETITION_DOC)
    with pytest.raises(UserError):
        q.discard_draft(CLERK, sent.case_id)
    assert raw_rows(office_ctx, "SELECT count(*) FROM cases") == [(1,)]
    with pytest.raises(UserError):
        q.discard_draft(CLERK, "6f1c7a3e-8f0e-4a55-9a3f-2b7d4c1e9a10")
    assert audit_ok(office_ctx)


def test_bad_drafts(office_ctx):
    with pytest.raises(UserError):
        office_ctx.queue.save_draft(CLERK, ["not a form"])
    with pytest.raises(UserError):
        office_ctx.queue.save_draft(CLERK, {"content": "가" * 70_000})
    with pytest.raises(UserError):
        office_ctx.queue.save_draft(CLERK, {"when": dt.date.today()})


# ---------------------------------------------------------------- the state machine
def _case_in_state(ctx, state: str) -> str:
    r = ctx.queue.submit(CLERK, PETITION_DOC)
    conn = sqlite3.connect(ctx.paths.database)
    with conn:  # test set-up only: put a case straight into the state under test
        conn.execute("UPDATE cases SET state=? WHERE case_id=?", (state, r.case_id))
    conn.close()
    return r.case_id


def test_transition_table_is_enforced_exhaustively(office_ctx):
    q = office_ctx.queue
    for from_state in STATES:
        if from_state == "DRAFT":
            continue  # covered by the draft tests (a draft has no receipt yet)
        for to_state in STATES:
            case_id = _case_in_state(office_ctx, from_state)
            allowed = to_state in TRANSITIONS[from_state]
            try:
                with office_ctx.db.write() as s:
                    case = s.execute(select(Case).where(Case.case_id == case_id)).scalar_one()
                    q.transition(s, case, to_state, SUPERVISOR.id, detail="test")
            except InvalidTransition:
                assert not allowed, f"{from_state} -> {to_state} should be allowed"
            else:
                assert allowed, f"{from_state} -> {to_state} should be refused"
            state = raw_rows(office_ctx, "SELECT state FROM cases WHERE case_id=?", case_id)[0][0]
            assert state == (to_state if allowed else from_state)
            n = raw_rows(
                office_ctx,
                "SELECT count(*) FROM case_transitions t JOIN cases c ON c.id=t.case_pk WHERE c.case_id=?",
                case_id,
            )[0][0]
            assert n == (2 if allowed else 1)  # the submit, plus the transition if allowed
    assert audit_ok(office_ctx)


def test_final_states_lead_nowhere_and_everything_unsent_can_be_resolved():
    assert TRANSITIONS["SENT"] == frozenset() and TRANSITIONS["REGISTERED_MANUALLY"] == frozenset()
    for state in ("QUEUED", "RETRY_WAIT", "UNKNOWN_OUTCOME", "QUARANTINED"):
        assert "REGISTERED_MANUALLY" in TRANSITIONS[state]
    assert {"SENT", "RETRY_WAIT", "UNKNOWN_OUTCOME", "QUARANTINED"} <= TRANSITIONS["SENDING"]
    assert "QUEUED" in TRANSITIONS["UNKNOWN_OUTCOME"] and "QUEUED" in TRANSITIONS["QUARANTINED"]


def test_transition_writes_history_and_audit(office_ctx):
    q = office_ctx.queue
    r = q.submit(CLERK, PETITION_DOC)
    with office_ctx.db.write() as s:
        case = s.execute(select(Case).where(Case.case_id == r.case_id)).scalar_one()
        q.transition(s, case, "SENDING", "sync", detail="attempt 1")
        q.transition(s, case, "UNKNOWN_OUTCOME", "sync", detail="timeout")
        q.transition(s, case, "SENT", "sync", detail="found on server")
    detail = q.case_detail(r.case_id)
    assert [(h["from"], h["to"]) for h in detail["history"]] == [
        (None, "QUEUED"),
        ("QUEUED", "SENDING"),
        ("SENDING", "UNKNOWN_OUTCOME"),
        ("UNKNOWN_OUTCOME", "SENT"),
    ]
    assert audit_actions(office_ctx, r.case_id) == ["case.submit"] + ["case.transition"] * 3
    assert audit_ok(office_ctx)


# ---------------------------------------------------------------- views
def _fill_queue(ctx, clock):
    q = ctx.queue
    made = []
    for i, (name, state) in enumerate(
        [
            ("홍길동", "QUEUED"),
            ("홍길순", "SENT"),
            ("김철수", "QUEUED"),
            ("이영희", "QUARANTINED"),
            ("박민수", "QUEUED"),
        ]
    ):
        clock.advance(hours=24)
        d = doc(PETITION_DOC, **{"applicant.name": name}, category="grievance" if i % 2 else "suggestion")
        r = q.submit(CLERK, d)
        if state != "QUEUED":
            with ctx.db.write() as s:
                case = s.execute(select(Case).where(Case.case_id == r.case_id)).scalar_one()
                q.transition(s, case, "SENDING", "sync")
                q.transition(s, case, state, "sync")
        made.append((r, name, state))
    return made


def test_count_page_filters_and_sorts(office_ctx, clock):
    q = office_ctx.queue
    made = _fill_queue(office_ctx, clock)
    assert q.count(QueueFilter()) == 5
    rows = q.page(QueueFilter(), 0, 10)
    assert all(isinstance(r, QueueRow) for r in rows)
    assert [r.receipt_no for r in rows] == [m[0].receipt_no for m in reversed(made)]  # newest first
    assert rows[-1].applicant == "홍*동" and rows[-1].phone == "051-****-4567"
    assert rows[-1].service == "국민신문고 민원" and rows[-1].received_at == "2026-11-25 10:00"
    assert q.count(QueueFilter(state="QUEUED")) == 3
    assert q.count(QueueFilter(name="홍길")) == 2 and q.count(QueueFilter(name="홍길동")) == 1
    assert q.count(QueueFilter(receipt_no=made[2][0].receipt_no[-8:])) == 1
    assert q.count(QueueFilter(date_from=dt.date(2026, 11, 26), date_to=dt.date(2026, 11, 27))) == 2
    assert q.count(QueueFilter(date_from=dt.date(2026, 11, 29))) == 1
    assert [r.applicant for r in q.page(QueueFilter(), 1, 2)] == ["이*희", "김*수"]
    for key in ("receipt_no", "received_at", "state", "category", "service", "applicant", "due_date"):
        asc = q.page(QueueFilter(), 0, 10, sort=key, descending=False)
        desc = q.page(QueueFilter(), 0, 10, sort=key, descending=True)
        assert len(asc) == 5 and [r.case_id for r in asc] == [r.case_id for r in reversed(desc)], key
    assert [r.state for r in q.page(QueueFilter(), 0, 10, sort="state", descending=False)] == sorted(
        r.state for r in rows
    )
    with pytest.raises(ValueError):
        q.page(QueueFilter(), 0, 10, sort="rrn")


def test_case_detail_is_masked(office_ctx):
    r = office_ctx.queue.submit(CLERK, CONTRACT_DOC)
    detail = office_ctx.queue.case_detail(r.case_id)
    flat = json.dumps(detail, ensure_ascii=False)
    for secret in ("홍길동", "1234-5678", "12345678", "1234568", "중앙대로 1001"):
        assert secret not in flat
    assert detail["applicant"]["name"] == "홍*동"
    assert detail["applicant"]["phone"] == "010-****-5678"
    assert detail["applicant"]["rrn"] == "900101-*******" and detail["applicant"]["has_rrn"]
    assert detail["applicant"]["address"] == "부산광역시 연제구 중앙대로 ***"
    assert detail["receipt_no"] == r.receipt_no and detail["category_label"] == "법정민원"
    with pytest.raises(UserError):
        office_ctx.queue.case_detail("6f1c7a3e-8f0e-4a55-9a3f-2b7d4c1e9a10")


def test_reveal_rrn_needs_keys_and_a_reason_and_is_audited(office_ctx):
    q = office_ctx.queue
    r = q.submit(CLERK, CONTRACT_DOC)
    keys = office_ctx.office.unlock(PASSPHRASE)
    with pytest.raises(UserError):
        q.reveal_rrn(SUPERVISOR, r.case_id, keys, "  ")
    assert q.reveal_rrn(SUPERVISOR, r.case_id, keys, "본인 확인 요청") == "900101-1234568"
    with office_ctx.db.read() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "case.view_unmasked")).scalar_one()
    assert (entry.operator, entry.case_id, entry.reason) == ("S001", r.case_id, "본인 확인 요청")
    assert "1234568" not in (entry.detail or "")
    with pytest.raises(UserError):
        office_ctx.office.unlock("wrong passphrase")
    petition = q.submit(CLERK, PETITION_DOC)
    with pytest.raises(UserError):
        q.reveal_rrn(SUPERVISOR, petition.case_id, keys, "확인")
    # the sealed blob is bound to its case: copying it to another case does not open
    conn = sqlite3.connect(office_ctx.paths.database)
    with conn:
        conn.execute(
            "UPDATE cases SET rrn_sealed=(SELECT rrn_sealed FROM cases WHERE case_id=?) WHERE case_id=?",
            (r.case_id, petition.case_id),
        )
    conn.close()
    with pytest.raises(UserError):
        q.reveal_rrn(SUPERVISOR, petition.case_id, keys, "확인")


def test_stats(office_ctx, clock):
    q = office_ctx.queue
    assert q.stats() == {"total": 0, "by_state": {s: 0 for s in STATES}, "oldest_unsent_at": None}
    made = _fill_queue(office_ctx, clock)
    q.save_draft(CLERK, {"title": "임시"})
    stats = q.stats()
    assert stats["total"] == 6
    assert stats["by_state"]["QUEUED"] == 3 and stats["by_state"]["SENT"] == 1
    assert stats["by_state"]["QUARANTINED"] == 1 and stats["by_state"]["DRAFT"] == 1
    assert stats["oldest_unsent_at"] == "2026-11-25T10:00:00+09:00"
    assert made[0][2] == "QUEUED"


def test_outage_windows_move_due_dates_and_are_audited(office_ctx, clock):
    q = office_ctx.queue
    # suggestion: 14 days from Tue 24 Nov 2026, received through the system before it failed
    r = q.submit(CLERK, doc(PETITION_DOC, received_via_system=True))
    paper = q.submit(CLERK, PETITION_DOC)  # taken at the counter: no exclusion (시행령 제20조 2호)
    assert r.due_date == paper.due_date == dt.date(2026, 12, 11)
    start = dt.datetime(2026, 11, 24, 9, 30, tzinfo=KST)
    window_id = q.add_outage_window(SUPERVISOR, start, None, note="NIRS")
    # still open: counted up to 'now' (10:00), a partial day, so the date is unchanged
    assert q.case_detail(r.case_id)["due_date"] == "2026-12-11"
    q.close_outage_window(SUPERVISOR, window_id, dt.datetime(2026, 11, 26, 19, 0, tzinfo=KST))
    # 25 and 26 Nov were wholly lost: two days later, for the case received through the system only
    assert q.case_detail(r.case_id)["due_date"] == "2026-12-15"
    assert q.case_detail(paper.case_id)["due_date"] == "2026-12-11"
    assert [w["id"] for w in q.outage_windows()] == [window_id]
    assert q.outage_windows()[0]["end_at"] == "2026-11-26T19:00:00+09:00"
    with office_ctx.db.read() as s:
        actions = list(s.execute(select(AuditEntry.action).where(AuditEntry.action.like("outage.%"))).scalars())
    assert actions == ["outage.add", "outage.close"]
    with pytest.raises(UserError):
        q.add_outage_window(SUPERVISOR, start, start - dt.timedelta(hours=1))
    with pytest.raises(UserError):
        q.add_outage_window(SUPERVISOR, dt.datetime(2026, 11, 24, 9, 0))
    with pytest.raises(UserError):
        q.close_outage_window(SUPERVISOR, 999, start)
    # a case taken on paper during a recorded outage runs from its receipt (the old rule: Fri 27 Nov)
    clock.advance(days=3)
    late = q.submit(CLERK, doc(CONTRACT_DOC, received_at="2026-11-25T10:00:00+09:00"))
    assert late.due_date == dt.date(2026, 11, 25)  # 3 working hours from Wed 25 Nov 10:00 = 14:00


@pytest.mark.slow
def test_views_answer_correctly_on_100k_cases(office_ctx):
    """What the views return on 100,000 cases; how fast they are is tests/bench/bench_queue_views.py."""
    from helpers.ui_cases import insert_cases

    q = office_ctx.queue
    office = office_ctx.office.require()
    insert_cases(office_ctx.paths.database, office.hdong_code, "T9", list(office_ctx.catalogue.services), 100_000)

    conn = sqlite3.connect(office_ctx.paths.database)
    (listed,) = conn.execute("SELECT count(*) FROM cases WHERE state != 'DRAFT'").fetchone()
    conn.close()
    assert 90_000 < listed < 100_000  # the helper writes about 1% drafts, which the queue does not list
    assert q.count(QueueFilter()) == listed
    assert len(q.page(QueueFilter(), 50_000, 200)) == 200
    first = q.page(QueueFilter(state="SENT"), 0, 200)
    assert len(first) == 200 and all(r.state == "SENT" for r in first)
    named = q.page(QueueFilter(name="김민"), 0, 200)
    assert named and all(r.applicant.startswith("김") for r in named)
    assert len(q.page(QueueFilter(), 0, 200, sort="due_date")) == 200
    assert q.stats()["total"] == 100_000


def test_case_document_rebuilds_a_valid_document_without_the_rrn(office_ctx):
    from counter_app.intake import validate_case_document
    from counter_app.offline.queue import case_document

    q = office_ctx.queue
    for source in (CONTRACT_DOC, PETITION_DOC):
        r = q.submit(CLERK, source)
        rebuilt = case_document(q.case_record(r.case_id), office_ctx.catalogue)
        assert "rrn" not in rebuilt["applicant"]
        assert rebuilt["service"] == source["service"] and rebuilt["title"] == source["title"]
        assert case_document(q.case_record(r.case_id), office_ctx.catalogue) == rebuilt  # deterministic
        if source is PETITION_DOC:
            v = validate_case_document(rebuilt, office_ctx.catalogue, today=dt.date(2026, 11, 24))
            assert v.phone_e164 == "+82511234567"


def test_only_a_supervisor_records_outage_windows(office_ctx):
    start = dt.datetime(2026, 11, 24, 9, 0, tzinfo=KST)
    with pytest.raises(UserError):
        office_ctx.queue.add_outage_window(CLERK, start, None, note="NIRS")
    window_id = office_ctx.queue.add_outage_window(SUPERVISOR, start, None, note="NIRS")
    with pytest.raises(UserError):
        office_ctx.queue.close_outage_window(CLERK, window_id, start + dt.timedelta(hours=2))
    assert office_ctx.queue.outage_windows()[0]["end_at"] is None


def test_queue_rows_name_the_service_in_the_ui_language(office_ctx):
    from counter_app.i18n import set_language

    office_ctx.queue.submit(CLERK, PETITION_DOC)
    set_language("en")
    (row,) = office_ctx.queue.page(QueueFilter(), 0, 1)
    assert (
        row.service == office_ctx.catalogue.by_code(office_ctx.queue.case_detail(row.case_id)["service_code"]).name_en
    )
    set_language("ko")
    (row,) = office_ctx.queue.page(QueueFilter(), 0, 1)
    assert row.service == "국민신문고 민원"
