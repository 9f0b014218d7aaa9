"""Due dates as the statutes say them (issue 12), on a table of cases recorded through the real
queue on a real database. Every expected value is worked out by hand from the statute text:

- 법 제19조①: a period of 5 days or less runs in working hours from the time of receipt, 1 day =
  8 hours (office hours 09-12, 13-18 KST); Saturdays and public holidays do not count.
- 법 제19조②: 6 days or more run in days, the first day counted; Saturdays and holidays do not count.
- 시행령 제19조: '즉시' = 3 working hours.
- 시행령 제20조 2호: the time an information-system outage makes processing impossible is not
  counted only for "기존에 정보시스템을 통해 접수된 민원" — a case received through the system.
- 부칙 <제36296호> 제3조: 제20조 2호 applies to outages that begin on or after 2026-05-06.
- 시행령 제21조①: one extension by at most the original period; a second only with the applicant's
  consent; ② workload or an absent official is no reason.
- 관공서의 공휴일에 관한 규정 제2조11호: an ad hoc public holiday (임시공휴일) is a public holiday.

The queue's clock stands at Tue 2026-11-24 10:00 KST (tests/conftest.py). The 등본 (3 working
hours, 즉시) and the suggestion (14 days, 시행령 제15조) are the two counting modes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers.intake import CONTRACT_DOC, PETITION_DOC, doc
from sqlalchemy import select

from counter_app.actor import Actor
from counter_app.clock import KST
from counter_app.errors import UserError
from counter_app.offline.models import AuditEntry

CLERK = Actor("C001", "김직원")
SUPERVISOR = Actor("S001", "박감독", "supervisor")


def kst(y, m, d, hh=0, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=KST)


# A Monday-Friday outage after 2026-05-06 (Mon 16 - Fri 20 Nov 2026, the whole office week).
OUTAGE_NOV_2026 = (kst(2026, 11, 16, 9, 0), kst(2026, 11, 20, 18, 0))
# A Monday-Friday outage that began before 2026-05-06 (Mon 20 - Fri 24 Apr 2026).
OUTAGE_APR_2026 = (kst(2026, 4, 20, 9, 0), kst(2026, 4, 24, 18, 0))

CERTIFICATE = "3h"  # 주민등록표 등본 발급: 즉시 = 3 working hours (시행령 제19조)
SUGGESTION = "14d"  # 건의민원: 14 days (시행령 제15조)

# (id, outage, kind, received_at, received through the system, due date by hand, date the old rule gave)
TABLE = [
    # The worked example: paper, on the Monday of a Monday-Friday outage. 10-12 (2 h) and
    # 13-14 (1 h): due Mon 16 Nov at 14:00. The old rule skipped the whole week: Mon 23 Nov, 12:00.
    (
        "paper-during-outage",
        OUTAGE_NOV_2026,
        CERTIFICATE,
        kst(2026, 11, 16, 10, 0),
        False,
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 23),
    ),
    # Received through the system on Fri 13 Nov at 17:00, before it failed: 17-18 (1 h) counts; Mon
    # 16 - Fri 20 is excluded (제20조 2호); 09-11 on Mon 23 Nov (2 h): due 23 Nov at 11:00.
    (
        "system-before-outage",
        OUTAGE_NOV_2026,
        CERTIFICATE,
        kst(2026, 11, 13, 17, 0),
        True,
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 23),
    ),
    # The same case with an outage that began before 2026-05-06: no exclusion (부칙 제3조). Fri 17 Apr
    # 17-18 (1 h), Mon 20 Apr 09-11 (2 h): due 20 Apr at 11:00. The old rule: Mon 27 Apr.
    (
        "system-outage-before-2026-05-06",
        OUTAGE_APR_2026,
        CERTIFICATE,
        kst(2026, 4, 17, 17, 0),
        True,
        dt.date(2026, 4, 20),
        dt.date(2026, 4, 27),
    ),
    # A 14-day suggestion through the system on Fri 13 Nov: 13 Nov (1st, 법 제19조② counts it),
    # 16-20 Nov excluded, 23-27 (2-6), 30 Nov - 4 Dec (7-11), 7-9 Dec (12-14): due Wed 9 Dec.
    (
        "system-days-outage-after",
        OUTAGE_NOV_2026,
        SUGGESTION,
        kst(2026, 11, 13, 10, 0),
        True,
        dt.date(2026, 12, 9),
        dt.date(2026, 12, 9),
    ),
    # The same on paper: 13 (1), 16-20 (2-6), 23-27 (7-11), 30 Nov - 2 Dec (12-14): due Wed 2 Dec.
    (
        "paper-days-outage-after",
        OUTAGE_NOV_2026,
        SUGGESTION,
        kst(2026, 11, 13, 10, 0),
        False,
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 9),
    ),
]


def _document(kind: str, received_at: dt.datetime, via_system: bool) -> dict:
    base = CONTRACT_DOC if kind == CERTIFICATE else PETITION_DOC
    return doc(base, received_at=received_at.isoformat(), received_via_system=via_system)


@pytest.mark.parametrize(
    "case_id, outage, kind, received_at, via_system, expected, old_rule", TABLE, ids=[row[0] for row in TABLE]
)
def test_due_dates_on_a_table_of_cases(office_ctx, case_id, outage, kind, received_at, via_system, expected, old_rule):
    q = office_ctx.queue
    q.add_outage_window(SUPERVISOR, *outage, note="test outage")
    result = q.submit(CLERK, _document(kind, received_at, via_system))
    assert result.due_date == expected
    assert q.case_detail(result.case_id)["due_date"] == expected.isoformat()
    assert q.case_detail(result.case_id)["received_via_system"] is via_system
    assert expected <= old_rule  # the old rule only ever promised more time than the law gives


def test_recording_the_outage_after_the_cases_moves_only_the_system_case(office_ctx):
    """Recorded after intake (the usual order: the outage is noticed, then written down), the
    recomputation follows the same rule (시행령 제20조 2호)."""
    q = office_ctx.queue
    paper = q.submit(CLERK, _document(CERTIFICATE, kst(2026, 11, 16, 10, 0), False))
    system = q.submit(CLERK, _document(CERTIFICATE, kst(2026, 11, 13, 17, 0), True))
    assert (paper.due_date, system.due_date) == (dt.date(2026, 11, 16), dt.date(2026, 11, 16))  # no outage yet
    q.add_outage_window(SUPERVISOR, *OUTAGE_NOV_2026)
    assert q.case_detail(paper.case_id)["due_date"] == "2026-11-16"
    assert q.case_detail(system.case_id)["due_date"] == "2026-11-23"
    assert [w["excludable"] for w in q.outage_windows()] == [True]
    q.add_outage_window(SUPERVISOR, *OUTAGE_APR_2026)
    assert sorted(w["excludable"] for w in q.outage_windows()) == [False, True]  # 부칙 제3조


def test_an_ad_hoc_holiday_is_not_counted_and_can_be_removed(office_ctx):
    """규정 제2조11호: a suggestion received Tue 24 Nov 2026 (14 days: 24-27, 30 Nov - 4 Dec,
    7-11 Dec) is due Fri 11 Dec; with Wed 2 Dec an ad hoc holiday the 14th day is Mon 14 Dec."""
    q = office_ctx.queue
    r = q.submit(CLERK, PETITION_DOC)
    assert r.due_date == dt.date(2026, 12, 11)
    assert q.add_holiday(SUPERVISOR, dt.date(2026, 12, 2), "임시공휴일(선거)") == 1
    assert q.case_detail(r.case_id)["due_date"] == "2026-12-14"
    assert q.holidays() == [{"day": "2026-12-02", "name": "임시공휴일(선거)", "recorded_by": "S001"}]
    # a case recorded afterwards counts it too
    assert q.submit(CLERK, PETITION_DOC).due_date == dt.date(2026, 12, 14)
    with pytest.raises(UserError):
        q.add_holiday(SUPERVISOR, dt.date(2026, 12, 2), "again")
    with pytest.raises(UserError):
        q.add_holiday(CLERK, dt.date(2026, 12, 3), "clerk")
    assert q.remove_holiday(SUPERVISOR, dt.date(2026, 12, 2)) == 2
    assert q.case_detail(r.case_id)["due_date"] == "2026-12-11"
    assert _actions(office_ctx, "holiday.") == ["holiday.add", "holiday.remove"]


# ---------------------------------------------------------------- extensions (시행령 제21조)
INQUIRY = doc(PETITION_DOC, category="inquiry", service="질의민원(제도·절차)")  # 7 days (시행령 제14조 2호)


def test_an_extension_by_at_most_the_original_period_and_a_second_with_consent(office_ctx):
    """A 7-day procedure inquiry received Tue 24 Nov 2026: 24-27 Nov, 30 Nov, 1-2 Dec -> due Wed
    2 Dec (법 제19조②). One extension by at most 7 days counted after it: 3-4, 7-11 Dec -> Fri
    11 Dec at the latest (제21조①). A second, only with consent, again 7 days: 14-18, 21-22 Dec ->
    Tue 22 Dec at the latest. A third is refused."""
    q = office_ctx.queue
    r = q.submit(CLERK, INQUIRY)
    assert r.due_date == dt.date(2026, 12, 2)
    with pytest.raises(UserError) as err:  # one working day beyond the limit
        q.extend(SUPERVISOR, r.case_id, kst(2026, 12, 14, 18), "관계 기관 회신 대기", reason_code="cooperation")
    assert "2026-12-11 18:00" in err.value.text("ko") and "제21조" in err.value.text("ko")
    with pytest.raises(UserError):
        q.extend(CLERK, r.case_id, kst(2026, 12, 11, 18), "관계 기관 회신 대기", reason_code="cooperation")
    first = q.extend(SUPERVISOR, r.case_id, kst(2026, 12, 11, 18), "관계 기관 회신 대기", reason_code="cooperation")
    assert (first.seq, first.due_date, first.notice_pending) == (1, dt.date(2026, 12, 11), True)
    assert q.case_detail(r.case_id)["due_date"] == "2026-12-11"
    with pytest.raises(UserError) as err:  # the second extension needs the applicant's consent
        q.extend(SUPERVISOR, r.case_id, kst(2026, 12, 18, 18), "현장 확인 필요", reason_code="fact_finding")
    assert "동의" in err.value.text("ko")
    with pytest.raises(UserError):  # with consent, still by at most the original 7 days
        q.extend(
            SUPERVISOR,
            r.case_id,
            kst(2026, 12, 23, 18),
            "현장 확인 필요",
            reason_code="fact_finding",
            applicant_consent=True,
        )
    second = q.extend(
        SUPERVISOR,
        r.case_id,
        kst(2026, 12, 22, 18),
        "현장 확인 필요",
        reason_code="fact_finding",
        applicant_consent=True,
    )
    assert (second.seq, second.due_date) == (2, dt.date(2026, 12, 22))
    with pytest.raises(UserError):
        q.extend(SUPERVISOR, r.case_id, kst(2026, 12, 23, 18), "또", reason_code="similar", applicant_consent=True)
    detail = q.case_detail(r.case_id)
    assert [(e["seq"], e["until"], e["applicant_consent"]) for e in detail["extensions"]] == [
        (1, "2026-12-11T18:00:00+09:00", False),
        (2, "2026-12-22T18:00:00+09:00", True),
    ]
    assert _actions(office_ctx, "case.extend") == ["case.extend", "case.extend"]
    # an extended due date is the date notified to the applicant (제21조③): a holiday recorded later
    # moves the other cases, not this one
    other = q.submit(CLERK, INQUIRY)
    q.add_holiday(SUPERVISOR, dt.date(2026, 12, 1), "임시공휴일")
    assert q.case_detail(other.case_id)["due_date"] == "2026-12-03"
    assert q.case_detail(r.case_id)["due_date"] == "2026-12-22"


def test_an_hours_period_extends_by_at_most_its_hours(office_ctx):
    """등본, 3 working hours, received Tue 24 Nov 10:00: due 14:00. One extension by at most 3
    working hours: 14-17 -> 17:00 the same day (제21조①)."""
    q = office_ctx.queue
    r = q.submit(CLERK, CONTRACT_DOC)
    with pytest.raises(UserError):
        q.extend(SUPERVISOR, r.case_id, kst(2026, 11, 24, 17, 1), "천재지변", reason_code="force_majeure")
    assert q.extend(
        SUPERVISOR, r.case_id, kst(2026, 11, 24, 17, 0), "천재지변", reason_code="force_majeure"
    ).due_date == dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    "code, reason",
    [
        ("workload", "민원이 밀려서"),  # 단순 업무과중 (제21조②)
        ("absent", "휴가 중"),  # 담당자 부재
        ("unassigned", "담당자를 아직 정하지 못함"),  # 담당자 지정 지연
        ("similar", "업무과중으로 처리 곤란"),  # a lawful code with a forbidden reason in its text
        ("similar", "담당자 부재"),
    ],
)
def test_workload_or_an_absent_official_is_no_reason(office_ctx, code, reason):
    q = office_ctx.queue
    r = q.submit(CLERK, INQUIRY)
    with pytest.raises(UserError) as err:
        q.extend(SUPERVISOR, r.case_id, kst(2026, 12, 4, 18), reason, reason_code=code)
    assert "제21조②" in err.value.text("ko")
    assert q.case_detail(r.case_id)["due_date"] == "2026-12-02" and _actions(office_ctx, "case.extend") == []


def test_an_rrn_in_the_extension_reason_is_refused(office_ctx):
    q = office_ctx.queue
    r = q.submit(CLERK, INQUIRY)
    with pytest.raises(UserError):
        q.extend(
            SUPERVISOR, r.case_id, kst(2026, 12, 4, 18), "신청인 850314-1357926 확인 필요", reason_code="fact_finding"
        )
    assert _actions(office_ctx, "case.extend") == []


# ---------------------------------------------------------------- periods: source, confirmed, office period
def test_an_unconfirmed_period_says_so_and_an_office_period_replaces_it(office_ctx):
    """The 즉시 of 등·초본 is not confirmed against the 민원처리기준표 (issue 12 item 5): the
    receipt and the detail say so. A supervisor sets the office's own period with a note
    (audited); the due date follows it (2 days = 16 working hours from Tue 10:00: Tue 10-12,
    13-18 (7 h), Wed 8 h, Thu 09-10 (1 h) -> Thu 26 Nov, 10:00)."""
    q = office_ctx.queue
    r = q.submit(CLERK, CONTRACT_DOC)
    assert r.period is not None and not r.period.confirmed and not r.due_confirmed
    assert any("미확인" in w.ko for w in r.warnings)  # intake add prints it as a warning on stderr
    detail = q.case_detail(r.case_id)
    assert detail["due_confirmed"] is False and "미확인" in detail["period"]["text"]
    assert any("미확인" in w for w in detail["warnings"])
    moved = q.set_office_period(SUPERVISOR, "주민등록표 등본 발급", days=2, note="2026 민원처리기준표 확인")
    assert moved == 1 and q.case_detail(r.case_id)["due_date"] == "2026-11-26"
    assert q.case_detail(r.case_id)["due_confirmed"] is True
    later = q.submit(CLERK, CONTRACT_DOC)
    assert later.due_date == dt.date(2026, 11, 26) and later.due_confirmed
    with pytest.raises(UserError):
        q.set_office_period(CLERK, "주민등록표 등본 발급", hours=3, note="x")
    with pytest.raises(UserError):  # a class-period service follows the statute for its class
        q.set_office_period(SUPERVISOR, "국민신문고 민원", days=10, note="x")
    periods = {p["code"]: p for p in q.periods()}
    assert periods["resident_register_copy"]["days"] == 2 and periods["resident_register_copy"]["office_note"]
    assert periods["local_tax_certificate"]["confirmed"] is True  # 지방세징수법 제5조②
    assert periods["seal_certificate"]["confirmed"] is False
    assert q.clear_office_period(SUPERVISOR, "주민등록표 등본 발급", "기준표 재확인") == 2
    assert _actions(office_ctx, "period.") == ["period.set", "period.clear"]


def test_every_catalogue_period_names_its_source(office_ctx):
    unconfirmed = {
        "resident_register_copy",
        "resident_register_abstract",
        "seal_certificate",
        "move_in_report",
        "fixed_date_lease",
        "family_relation_certificate",
        "building_register_copy",
    }
    for service in office_ctx.catalogue:
        assert service.period_source, service.code
        assert service.period_confirmed is (service.code not in unconfirmed), service.code


def test_the_printed_case_carries_the_citizens_own_deadline(office_ctx):
    """행정절차법 제16조①: the interim confirmation of a 전입신고 says the 14-day filing period
    (주민등록법 제16조①) stops while the outage lasts; a 등본 has no such sentence."""
    q = office_ctx.queue
    move_in = q.submit(CLERK, doc(CONTRACT_DOC, service="전입신고", title="전입신고"))
    printed = q.print_case(move_in.case_id)
    assert printed.citizen_deadline is not None
    assert "14일" in printed.citizen_deadline.ko and "행정절차법 제16조①" in printed.citizen_deadline.ko
    assert printed.applicant_name == "홍길동" and printed.phone_masked == "010-****-5678"
    assert printed.received_at_text() == "2026-11-24 10:00:00" and "미확인" in printed.due_text()
    assert "900101" not in repr(printed)
    assert q.print_case(q.submit(CLERK, CONTRACT_DOC).case_id).citizen_deadline is None


def test_the_wire_case_carries_the_contract_fields(office_ctx):
    q = office_ctx.queue
    r = q.submit(CLERK, doc(PETITION_DOC, received_via_system=True))
    wire = q.wire_case(r.case_id).as_json()
    assert {"case_id", "receipt_no", "office_code", "terminal", "received_at"} <= set(wire)
    assert wire["received_at"] == "2026-11-24T10:00:00+09:00" and wire["received_via_system"] is True
    paper = q.wire_case(q.submit(CLERK, PETITION_DOC).case_id).as_json()
    assert "received_via_system" not in paper  # the optional key only when true: old documents unchanged


def _actions(ctx, prefix: str) -> list[str]:
    with ctx.db.read() as s:
        return list(
            s.execute(
                select(AuditEntry.action).where(AuditEntry.action.like(prefix + "%")).order_by(AuditEntry.seq)
            ).scalars()
        )


def test_an_imported_register_row_re_keyed_out_of_the_system_carries_the_fact(office_ctx, tmp_path):
    """시행령 제20조 2호 through the import: a row marked 시스템접수 gets the outage left out, a paper
    row does not (the Nov 2026 outage; 14-day suggestions from Fri 13 Nov, as in the table)."""
    from counter_app.intake_import import import_register

    office_ctx.queue.add_outage_window(SUPERVISOR, *OUTAGE_NOV_2026)
    f = tmp_path / "register.csv"
    f.write_text(
        "접수일시,민원인,민원종류,구분,시스템접수\n"
        "2026-11-13 10:00,김가상,국민신문고 민원,건의,예\n"
        "2026-11-13 10:00,이가상,국민신문고 민원,건의,\n"
        "2026-11-13 10:00,박가상,국민신문고 민원,건의,글쎄\n",
        encoding="utf-8",
    )
    report = import_register(f, office_ctx.queue, CLERK, office_ctx.catalogue)
    due = {
        office_ctx.queue.case_detail(office_ctx.queue.find_by_receipt(receipt).case_id)["applicant"][
            "name"
        ]: office_ctx.queue.case_detail(office_ctx.queue.find_by_receipt(receipt).case_id)["due_date"]
        for _row, receipt in report.imported
    }
    assert due == {"김*상": "2026-12-09", "이*상": "2026-12-02"}
    assert [(p.row, p.field) for p in report.problems] == [(4, "received_via_system")]
