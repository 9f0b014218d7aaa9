"""CaseQueue.edit / case_for_edit: correcting a case the central system has not seen."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from helpers.intake import CONTRACT_DOC, PETITION_DOC, doc, rrn_with_check
from sqlalchemy import select

from counter_app.actor import Actor
from counter_app.errors import UserError
from counter_app.intake import CaseValidationError
from counter_app.offline.models import AuditEntry, Case

CLERK = Actor("C001", "김직원")
SUPERVISOR = Actor("S001", "박감독", "supervisor")
SYNC = "SYNC"
REASON = "민원인이 전화번호 정정 요청"


def audit_entries(ctx, action: str, case_id: str | None = None) -> list[AuditEntry]:
    with ctx.db.read() as s:
        q = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        if case_id:
            q = q.where(AuditEntry.case_id == case_id)
        return list(s.execute(q).scalars())


def raw(ctx, sql, *params):
    conn = sqlite3.connect(ctx.paths.database)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def drive(ctx, case_id: str, *states: str) -> None:
    """Move a case through the state machine the way sync would, with transition()."""
    with ctx.db.write() as s:
        case = s.execute(select(Case).where(Case.case_id == case_id)).scalar_one()
        for state in states:
            ctx.queue.transition(s, case, state, SYNC)


def stored(ctx, case_id: str) -> Case:
    return ctx.queue.case_record(case_id)


def unseal(ctx, case: Case) -> str:
    keys = ctx.office.unlock(PASSPHRASE)
    return keys.unsealer.unseal(case.rrn_sealed, case.case_id.encode("ascii")).decode("ascii")


# ---------------------------------------------------------------- a queued case
def test_edit_a_queued_case_changes_only_what_was_given_and_audits_names_only(office_ctx, clock):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)
    before = stored(office_ctx, submitted.case_id)
    clock.advance(minutes=20)

    corrected = doc(PETITION_DOC, title="가로등 고장 수리 요청", **{"applicant.phone": "010-2468-1357"})
    result = q.edit(CLERK, submitted.case_id, corrected, REASON)

    assert sorted(result.changed) == ["applicant.phone", "title"]
    assert result.state == "QUEUED" and result.receipt_no == submitted.receipt_no
    after = stored(office_ctx, submitted.case_id)
    assert after.applicant_phone == "+821024681357" and after.title == "가로등 고장 수리 요청"
    # immutable: identity, receipt, time of receipt, who and where
    for column in ("case_id", "receipt_no", "received_at", "office_code", "terminal", "clerk", "created_at"):
        assert getattr(after, column) == getattr(before, column), column
    assert after.due_date == before.due_date and result.due_date.isoformat() == before.due_date  # same class
    assert after.updated_at > before.updated_at
    # no state change, so no history row
    assert raw(office_ctx, "SELECT from_state, to_state FROM case_transitions") == [(None, "QUEUED")]

    (entry,) = audit_entries(office_ctx, "case.edit", submitted.case_id)
    assert (entry.operator, entry.reason) == ("C001", REASON)
    detail = json.loads(entry.detail)
    assert sorted(detail["fields"]) == ["applicant.phone", "title"]
    for value in ("2468", "1357", "수리 요청", "김민원", "+8210"):
        assert value not in entry.detail, value
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok


def test_category_change_recomputes_the_due_date_from_the_same_receipt_time(office_ctx, clock):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)  # suggestion: 14 days
    clock.advance(days=2)  # editing later must not move the time of receipt
    result = q.edit(CLERK, submitted.case_id, doc(PETITION_DOC, category="inquiry"), "분류 정정")  # inquiry: 7 days
    assert result.changed == ["category"]
    assert result.due_date < submitted.due_date
    after = stored(office_ctx, submitted.case_id)
    assert after.due_date == result.due_date.isoformat()
    assert after.received_at == submitted.received_at
    detail = json.loads(audit_entries(office_ctx, "case.edit")[0].detail)
    assert detail["due_date"] == {"from": submitted.due_date.isoformat(), "to": result.due_date.isoformat()}


def test_an_edit_that_changes_nothing_writes_nothing(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)
    result = q.edit(CLERK, submitted.case_id, PETITION_DOC, REASON)
    assert result.changed == [] and result.due_date == submitted.due_date
    assert audit_entries(office_ctx, "case.edit") == []


def test_received_at_and_unknown_keys_cannot_be_smuggled_in(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)
    earlier = (submitted.received_at - dt.timedelta(days=1)).isoformat()
    with pytest.raises(UserError) as err:
        q.edit(CLERK, submitted.case_id, doc(PETITION_DOC, received_at=earlier), REASON)
    assert "received_at" in err.value.msg.ko
    same = doc(PETITION_DOC, received_at=submitted.received_at.isoformat(), title="새 제목")
    assert q.edit(CLERK, submitted.case_id, same, REASON).changed == ["title"]
    with pytest.raises(CaseValidationError) as bad:
        q.edit(CLERK, submitted.case_id, doc(PETITION_DOC, receipt_no="X"), REASON)
    assert bad.value.fields() == ["receipt_no"]
    assert stored(office_ctx, submitted.case_id).receipt_no == submitted.receipt_no


def test_invalid_document_is_refused_with_fields_named_and_nothing_changes(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)
    with pytest.raises(CaseValidationError) as err:
        q.edit(CLERK, submitted.case_id, doc(PETITION_DOC, **{"applicant.phone": "120"}), REASON)
    assert err.value.fields() == ["applicant.phone"]
    assert stored(office_ctx, submitted.case_id).applicant_phone == "+82511234567"
    assert audit_entries(office_ctx, "case.edit") == []


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required(office_ctx, reason):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)
    with pytest.raises(UserError) as err:
        q.edit(CLERK, submitted.case_id, doc(PETITION_DOC, title="다른 제목"), reason)
    assert "사유" in err.value.msg.ko and "reason" in err.value.msg.en
    with pytest.raises(UserError):
        q.case_for_edit(CLERK, submitted.case_id, reason)
    assert stored(office_ctx, submitted.case_id).title == PETITION_DOC["title"]
    assert audit_entries(office_ctx, "case.edit") == audit_entries(office_ctx, "case.view_for_edit") == []


def test_unknown_case_is_a_user_error(office_ctx):
    with pytest.raises(UserError):
        office_ctx.queue.edit(CLERK, "00000000-0000-4000-8000-000000000000", PETITION_DOC, REASON)


# ---------------------------------------------------------------- states
@pytest.mark.parametrize(
    "path, word_ko",
    [
        (("SENDING",), "보낸 적"),
        (("SENDING", "RETRY_WAIT"), "보낸 적"),
        (("SENDING", "UNKNOWN_OUTCOME"), "보낸 적"),
        (("SENDING", "SENT"), "이미 등록"),
        (("REGISTERED_MANUALLY",), "이미 등록"),
    ],
)
def test_refused_once_the_server_may_have_seen_it(office_ctx, path, word_ko):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)
    drive(office_ctx, submitted.case_id, *path)
    with pytest.raises(UserError) as err:
        q.edit(CLERK, submitted.case_id, doc(PETITION_DOC, title="바뀐 제목"), REASON)
    assert word_ko in err.value.msg.ko and err.value.msg.en
    with pytest.raises(UserError):
        q.case_for_edit(CLERK, submitted.case_id, REASON)
    assert stored(office_ctx, submitted.case_id).title == PETITION_DOC["title"]
    assert audit_entries(office_ctx, "case.edit") == audit_entries(office_ctx, "case.view_for_edit") == []


def test_a_draft_is_refused_pointing_at_submit(office_ctx):
    draft_id = office_ctx.queue.save_draft(CLERK, {"title": "쓰다 만 민원"})
    with pytest.raises(UserError) as err:
        office_ctx.queue.edit(CLERK, draft_id, PETITION_DOC, REASON)
    assert "임시" in err.value.msg.ko and "draft" in err.value.msg.en


def test_queued_again_after_an_unknown_outcome_is_refused(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)
    drive(office_ctx, submitted.case_id, "SENDING", "UNKNOWN_OUTCOME", "QUEUED")
    with office_ctx.db.write() as s:  # sync counts the attempt it made
        s.execute(select(Case).where(Case.case_id == submitted.case_id)).scalar_one().attempts = 1
    with pytest.raises(UserError):
        q.edit(CLERK, submitted.case_id, doc(PETITION_DOC, title="바뀐 제목"), REASON)


def test_quarantined_case_goes_back_to_queued_with_a_transition_row(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)
    drive(office_ctx, submitted.case_id, "SENDING", "QUARANTINED")
    with office_ctx.db.write() as s:
        s.execute(select(Case).where(Case.case_id == submitted.case_id)).scalar_one().attempts = 1

    result = q.edit(SUPERVISOR, submitted.case_id, doc(PETITION_DOC, title="정정한 제목"), "중앙 시스템 거부 사유 수정")
    assert result.state == "QUEUED" and result.changed == ["title"]
    history = raw(office_ctx, "SELECT from_state, to_state, operator, detail FROM case_transitions ORDER BY id")
    assert history[-1] == ("QUARANTINED", "QUEUED", "S001", "edited")
    assert stored(office_ctx, submitted.case_id).state == "QUEUED"
    actions = [e.action for e in audit_entries(office_ctx, "case.edit") + audit_entries(office_ctx, "case.transition")]
    assert "case.edit" in actions

    # re-queued after the refusal and not attempted since: still the clerk's to correct
    again = q.edit(CLERK, submitted.case_id, doc(PETITION_DOC, title="다시 정정한 제목"), "오타")
    assert again.changed == ["title"] and again.state == "QUEUED"
    assert len(raw(office_ctx, "SELECT id FROM case_transitions")) == len(history)  # no state change this time


# ---------------------------------------------------------------- the RRN
def test_rrn_is_kept_sealed_when_not_retyped(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, CONTRACT_DOC)
    sealed_before = stored(office_ctx, submitted.case_id).rrn_sealed
    corrected = doc(CONTRACT_DOC, **{"applicant.rrn": ..., "applicant.phone": "010-9999-8888"})
    result = q.edit(CLERK, submitted.case_id, corrected, REASON)
    assert result.changed == ["applicant.phone"]
    after = stored(office_ctx, submitted.case_id)
    assert after.rrn_sealed == sealed_before
    assert unseal(office_ctx, after) == "900101-1234568"


def test_kept_rrn_must_still_agree_with_the_birth_date(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, CONTRACT_DOC)
    corrected = doc(CONTRACT_DOC, **{"applicant.rrn": ..., "applicant.birth_date": "1991-02-03"})
    with pytest.raises(CaseValidationError) as err:
        q.edit(CLERK, submitted.case_id, corrected, REASON)
    assert err.value.fields() == ["applicant.rrn"]


def test_rrn_is_resealed_when_retyped(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, CONTRACT_DOC)
    new_rrn = rrn_with_check("900101273645")
    result = q.edit(CLERK, submitted.case_id, doc(CONTRACT_DOC, **{"applicant.rrn": new_rrn}), "번호 오기")
    assert result.changed == ["applicant.rrn"]
    after = stored(office_ctx, submitted.case_id)
    assert unseal(office_ctx, after) == new_rrn
    assert new_rrn[7:].encode() not in after.rrn_sealed
    assert new_rrn[7:] not in audit_entries(office_ctx, "case.edit")[0].detail


def test_rrn_is_dropped_when_the_service_no_longer_requires_it(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, CONTRACT_DOC)
    as_petition = doc(CONTRACT_DOC, service="국민신문고 민원", category="grievance", **{"applicant.rrn": ...})
    result = q.edit(CLERK, submitted.case_id, as_petition, "민원 종류 정정")
    assert set(result.changed) == {"service", "category", "applicant.rrn"}
    assert stored(office_ctx, submitted.case_id).rrn_sealed is None
    assert q.case_detail(submitted.case_id)["applicant"]["has_rrn"] is False
    assert result.due_date > submitted.due_date  # grievance: 7 days instead of 3 working hours


def test_rrn_given_for_a_service_that_does_not_allow_it_is_refused(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, CONTRACT_DOC)
    as_petition = doc(CONTRACT_DOC, service="국민신문고 민원", category="grievance")  # still carries the RRN
    with pytest.raises(CaseValidationError) as err:
        q.edit(CLERK, submitted.case_id, as_petition, REASON)
    assert err.value.fields() == ["applicant.rrn"]
    assert stored(office_ctx, submitted.case_id).rrn_sealed is not None


def test_changing_to_a_service_that_requires_an_rrn_needs_one(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, PETITION_DOC)
    as_seal = doc(PETITION_DOC, service="인감증명서 발급", category="statutory")
    with pytest.raises(CaseValidationError) as err:
        q.edit(CLERK, submitted.case_id, as_seal, REASON)
    assert err.value.fields() == ["applicant.rrn"]
    rrn = rrn_with_check("850314129384")
    result = q.edit(CLERK, submitted.case_id, doc(as_seal, **{"applicant.rrn": rrn}), REASON)
    assert "applicant.rrn" in result.changed
    assert unseal(office_ctx, stored(office_ctx, submitted.case_id)) == rrn


# ---------------------------------------------------------------- case_for_edit
def test_case_for_edit_is_in_clear_without_the_rrn_and_audited(office_ctx):
    q = office_ctx.queue
    submitted = q.submit(CLERK, CONTRACT_DOC)
    form = q.case_for_edit(CLERK, submitted.case_id, "전화번호 정정")
    assert form["rrn_on_file"] is True
    assert "rrn" not in form["applicant"] and "1234568" not in json.dumps(form, ensure_ascii=False)
    assert form["applicant"]["name"] == "홍길동" and form["applicant"]["phone"] == "010-1234-5678"
    assert form["service"] == "주민등록표 등본 발급"
    (entry,) = audit_entries(office_ctx, "case.view_for_edit", submitted.case_id)
    assert (entry.operator, entry.reason) == ("C001", "전화번호 정정")
    assert "홍길동" not in (entry.detail or "")
    # the form's document goes straight back in: nothing changed, the RRN stays on file
    assert q.edit(CLERK, submitted.case_id, form, "전화번호 정정").changed == []
    assert stored(office_ctx, submitted.case_id).rrn_sealed is not None

    petition = q.submit(CLERK, PETITION_DOC)
    assert q.case_for_edit(CLERK, petition.case_id, "확인")["rrn_on_file"] is False


def test_no_rrn_in_clear_on_disk_after_edits(office_ctx):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
    import test_rrn_leak  # its encodings of a number (reused, not copied)

    q = office_ctx.queue
    kept_rrn = rrn_with_check("640917193846")
    retyped_rrn = rrn_with_check("770305162849")
    first = q.submit(CLERK, doc(**{"applicant.rrn": kept_rrn, "applicant.birth_date": "1964-09-17"}))
    second = q.submit(
        CLERK, doc(**{"applicant.rrn": rrn_with_check("770305298471"), "applicant.birth_date": "1977-03-05"})
    )
    form = q.case_for_edit(CLERK, first.case_id, REASON)
    form["applicant"]["phone"] = "010-5555-6666"
    q.edit(CLERK, first.case_id, form, REASON)
    q.edit(CLERK, second.case_id, doc(**{"applicant.rrn": retyped_rrn, "applicant.birth_date": "1977-03-05"}), REASON)
    data_dir = office_ctx.paths.root
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".db") for p in files)
    found = [
        f"{p.name}: {rrn[:6]}"
        for p in files
        for rrn in (kept_rrn, retyped_rrn)
        for needle in test_rrn_leak.needles(rrn)
        if needle in p.read_bytes()
    ]
    assert not found, found
    assert unseal(office_ctx, stored(office_ctx, first.case_id)) == kept_rrn
    assert unseal(office_ctx, stored(office_ctx, second.case_id)) == retyped_rrn
