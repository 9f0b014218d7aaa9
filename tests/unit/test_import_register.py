"""Importing a paper register transcription (.csv / .xlsx)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.actor import Actor
from counter_app.clock import KST
from counter_app.errors import UserError
from counter_app.intake_import import ImportReport, import_register, import_rows, read_csv_bytes
from counter_app.resources import resource_path

CLERK = Actor("C001", "김직원")
SUPERVISOR = Actor("S001", "박감독", "supervisor")
HEADER = "접수일시,민원인,생년월일,연락처,주소,우편번호,민원종류,구분,경로,제목,내용,주민등록번호\n"


def run(ctx, path, **kw) -> ImportReport:
    return import_register(path, ctx.queue, CLERK, ctx.catalogue, **kw)


def count_cases(ctx) -> int:
    conn = sqlite3.connect(ctx.paths.database)
    try:
        return conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()


def test_sample_register_imports_once(office_ctx):
    sample = resource_path("samples", "register_sample.csv")
    report = run(office_ctx, sample)
    assert report.rows == 5 and len(report.imported) == 5 and not report.problems
    assert [r for r, _ in report.imported] == [2, 3, 4, 5, 6]
    assert report.imported[0][1].startswith("2611051000-20250929-T1-0001-")
    again = run(office_ctx, sample)
    assert again.imported == [] and again.duplicates == [2, 3, 4, 5, 6]
    assert count_cases(office_ctx) == 5


def test_received_at_from_paper_is_kept_and_drives_the_due_date(office_ctx, tmp_path):
    office_ctx.queue.add_outage_window(
        SUPERVISOR, dt.datetime(2025, 9, 26, 20, 15, tzinfo=KST), dt.datetime(2025, 10, 28, 19, 0, tzinfo=KST)
    )
    f = tmp_path / "r.csv"
    f.write_text(
        HEADER + "2025.09.29 10:15:30,김가상,1985-03-14,010-2345-6789,,,국민신문고 민원,건의,방문,건의,내용,\n",
        encoding="utf-8",
    )
    report = run(office_ctx, f)
    assert len(report.imported) == 1
    detail = office_ctx.queue.case_detail(office_ctx.queue.find_by_receipt(report.imported[0][1]).case_id)
    assert detail["received_at"] == "2025-09-29T10:15:30+09:00"
    # suggestion, 14 days (시행령 제15조) from Mon 29 Sep 2025, the first day counted (법 제19조②): the
    # 2025 outage began before 2026-05-06, so 시행령 제20조 2호 does not apply (부칙 제3조), and a paper
    # case gets no exclusion anyway. 29, 30 Sep, 1, 2 Oct; 3 (개천절), 5-8 (추석, substitute), 9 (한글날)
    # are holidays; 10, 13-17, 20-23 Oct -> the 14th working day is Thu 23 Oct (the old rule: 17 Nov).
    assert detail["due_date"] == "2025-10-23"
    assert detail["channel"] == "visit" and detail["category"] == "suggestion"


def test_bad_rows_are_reported_by_row_and_field_and_good_rows_kept(office_ctx, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(
        HEADER
        + "2025-09-29 10:00,김가상,1985-03-14,010-2345-6789,,,국민신문고 민원,건의,방문,t,c,\n"  # row 2 good
        + "2025-09-29 10:05,,1985-03-14,010-2345-6789,,,국민신문고 민원,건의,방문,t,c,\n"  # row 3 no name
        + "2025-09-29 10:10,이예시,1985-03-14,120,,,국민신문고 민원,건의,방문,t,c,\n"  # row 4 phone 120
        + "\n"  # row 5 blank
        + "someday,박샘플,1985-03-14,010-2345-6789,,,국민신문고 민원,건의,방문,t,c,\n"  # row 6 time
        + "2025-09-29 10:20,최임시,1960-01-30,010-4567-8901,,,인감증명서 발급,법정,방문,t,c,\n"  # row 7 no RRN
        + "2025-09-29 10:25,정테스트,2001-05-05,010-5678-9012,,,여권 재발급 안내,기타,전화,t,c,\n",  # row 8 good
        encoding="utf-8",
    )
    report = run(office_ctx, f)
    assert [r for r, _ in report.imported] == [2, 8]
    assert report.bad_rows == [3, 4, 6, 7]
    by_row = {p.row: p for p in report.problems}
    assert by_row[3].field == "applicant.name" and "applicant.name" in by_row[3].msg.ko
    assert by_row[4].field == "applicant.phone"
    assert by_row[6].field == "received_at"
    assert by_row[7].field == "applicant.rrn" and "인감증명법" in by_row[7].msg.ko
    assert report.rows == 6  # the blank line is not a row
    assert count_cases(office_ctx) == 2
    # fixing the file and importing again adds only the fixed rows
    f.write_text(f.read_text(encoding="utf-8").replace(",120,", ",010-1111-2222,"), encoding="utf-8")
    again = run(office_ctx, f)
    assert [r for r, _ in again.imported] == [4] and again.duplicates == [2, 8]


def test_cp949_and_utf8_bom_and_english_headers(office_ctx, tmp_path):
    row = "2025-09-30 14:20,정테스트,2001-05-05,010-5678-9012,부산광역시 중구 중구로 30,48951,여권 재발급 안내,기타,전화,여권,문의,\n"
    (tmp_path / "a.csv").write_bytes((HEADER + row).encode("cp949"))
    (tmp_path / "b.csv").write_bytes(b"\xef\xbb\xbf" + (HEADER + row.replace("14:20", "14:21")).encode("utf-8"))
    english = "received_at,name,birth_date,phone,service,category,channel,title,content,extra column\n"
    (tmp_path / "c.csv").write_text(
        english + "2025-09-30 14:22,Kim,2001-05-05,010-5678-9012,passport_reissue_guidance,other,phone,t,c,x\n",
        encoding="utf-8",
    )
    assert len(run(office_ctx, tmp_path / "a.csv").imported) == 1
    assert len(run(office_ctx, tmp_path / "b.csv").imported) == 1
    report = run(office_ctx, tmp_path / "c.csv")
    assert len(report.imported) == 1 and report.ignored_columns == ["extra column"]


def test_xlsx_with_typed_cells(office_ctx, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(
        ["접수일시", "민원인", "생년월일", "연락처", "우편번호", "민원종류", "구분", "제목", "내용", "주민등록번호"]
    )
    # a spreadsheet turns dates into dates, 010... into a number and 04524 into 4524
    ws.append(
        [
            dt.datetime(2025, 9, 29, 9, 12),
            "김가상",
            dt.date(1985, 3, 14),
            1023456789,
            4524,
            "주민등록표 등본 발급",
            "법정",
            "등본",
            "신청",
            "850314-1234562",
        ]
    )
    ws.append(
        [
            dt.datetime(2025, 9, 29, 9, 40),
            "이예시",
            "1992.11.02",
            "051-600-4000",
            "48940",
            "확정일자 부여",
            None,
            None,
            None,
            None,
        ]
    )
    path = tmp_path / "register.xlsx"
    wb.save(path)
    report = run(office_ctx, path)
    assert not report.problems, [p.msg.ko for p in report.problems]
    assert len(report.imported) == 2
    case = office_ctx.queue.find_by_receipt(report.imported[0][1])
    assert case.applicant_phone == "+821023456789" and case.applicant_postcode == "04524"
    assert case.applicant_birth_date == "1985-03-14" and case.rrn_sealed
    second = office_ctx.queue.find_by_receipt(report.imported[1][1])
    assert second.title == "확정일자 부여" and second.category == "statutory"  # defaults from the service
    assert len(run(office_ctx, path).duplicates) == 2


def test_progress_is_reported(office_ctx):
    calls = []
    run(office_ctx, resource_path("samples", "register_sample.csv"), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (5, 5) and [d for d, _ in calls] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "name,content,fragment",
    [
        ("a.txt", b"x", ".csv"),
        ("a.csv", b"", "비어"),
        ("a.csv", b"\x00\x01\x02binary", "CSV"),
        ("a.csv", b"\xff\xfe\xff\xfe\x80\x80", "인코딩"),
        ("a.csv", "이름,나이\n홍,3\n".encode(), "머리글"),
        ("a.csv", "2025-09-29,홍길동,국민신문고 민원\n".encode(), "머리글"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", "XLSX"),
        ("a.xlsx", b"", "XLSX"),
    ],
)
def test_malformed_files_give_one_clear_error(office_ctx, tmp_path, name, content, fragment):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(UserError) as err:
        run(office_ctx, f)
    assert fragment in err.value.text("ko")
    assert err.value.text("en")


def test_truncated_xlsx(office_ctx, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["접수일시", "민원인", "민원종류"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    data = good.read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    assert zipfile.is_zipfile(good)
    with pytest.raises(UserError) as err:
        run(office_ctx, bad)
    assert "XLSX" in err.value.text("ko")


def test_a_csv_with_unbalanced_quotes_is_still_read_or_refused_clearly():
    try:
        rows = read_csv_bytes(b'a,"b\nc,d')
    except UserError:
        return
    assert rows


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.builds(lambda b: HEADER.encode() + b, st.binary(max_size=300)),
        st.builds(lambda t: (HEADER + t).encode("utf-8", "surrogatepass"), st.text(max_size=300)),
    )
)
def test_fuzz_arbitrary_csv_bytes_give_a_report_or_a_clear_error(office_ctx, data):
    try:
        report = import_rows(read_csv_bytes(data), office_ctx.queue, CLERK, office_ctx.catalogue)
    except UserError as exc:
        assert exc.text("ko") and exc.text("en")
    else:
        assert isinstance(report, ImportReport)
        assert len(report.imported) + len(report.duplicates) + len(report.bad_rows) == report.rows


# ---------------------------------------------------------------- the RRN rule of every service (issue 12)
def test_import_follows_the_rrn_rule_of_every_service(office_ctx, tmp_path):
    from helpers.intake import RRN_RULE_BY_SERVICE, RULE_RRN

    rows, expected = [], {}
    for i, (service, rule) in enumerate(sorted(RRN_RULE_BY_SERVICE.items())):
        for with_rrn in (False, True):
            row_number = len(rows) + 2  # the header is row 1
            rows.append(
                f"2025-09-29 10:{i:02d},김가상,1990-01-01,010-2345-6789,,,{service},,방문,,"
                f"{'번호 있음' if with_rrn else '번호 없음'},{RULE_RRN if with_rrn else ''}\n"
            )
            refused = (rule == "required" and not with_rrn) or (rule == "not_permitted" and with_rrn)
            expected[row_number] = (service, rule, with_rrn, refused)
    f = tmp_path / "every_service.csv"
    f.write_text(HEADER + "".join(rows), encoding="utf-8")
    report = run(office_ctx, f)
    problems = {p.row: p for p in report.problems}
    imported = dict(report.imported)
    for row_number, (service, rule, with_rrn, refused) in expected.items():
        if refused:
            p = problems[row_number]
            assert p.field == "applicant.rrn", (service, p)
            assert ("제24조의2" if rule == "not_permitted" else "법령") in p.msg.ko
            assert row_number not in imported
        else:
            assert row_number in imported, (service, problems.get(row_number))
            case = office_ctx.queue.find_by_receipt(imported[row_number])
            assert (case.rrn_sealed is not None) is with_rrn
            assert RULE_RRN[7:].encode() not in (case.rrn_sealed or b"")
    assert sum(1 for *_, refused in expected.values() if refused) == len(report.problems)


def test_import_refuses_a_row_with_an_rrn_in_its_content(office_ctx, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(
        HEADER + "2025-09-29 10:15,김가상,1985-03-14,010-2345-6789,,,국민신문고 민원,건의,방문,제목,"
        "주민번호 8503141357926 기재,\n",
        encoding="utf-8",
    )
    report = run(office_ctx, f)
    assert report.imported == [] and [(p.row, p.field) for p in report.problems] == [(2, "content")]
    assert "1357926" not in report.problems[0].msg.ko
