"""The supervisor's deadline work on the command line (issue 12): `queue extend` (시행령 제21조,
contracts.md §1), `queue holiday` (임시공휴일) and `queue period`, and the unconfirmed-period
qualifier in `queue show`. A real data directory, the CLI in-process."""

from __future__ import annotations

import json

from conftest import PASSPHRASE
from helpers.cli import run_cli
from helpers.intake import CONTRACT_DOC, PETITION_DOC, doc
from helpers.operators import add_operators_to_dir, as_operator


def cli(capsys, data_dir, *args):
    return run_cli(capsys, "--data-dir", str(data_dir), *args)


def supervisor_cli(capsys, data_dir, monkeypatch, *args):
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    return run_cli(capsys, "--data-dir", str(data_dir), *as_operator(monkeypatch, "S001"), *args)


def clerk_cli(capsys, data_dir, monkeypatch, *args):
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    return run_cli(capsys, "--data-dir", str(data_dir), *as_operator(monkeypatch, "C001"), *args)


def add_case(capsys, office_dir, tmp_path, document) -> dict:
    f = tmp_path / "case.json"
    f.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out, err = cli(capsys, office_dir, "intake", "add", str(f), "--json")
    assert code == 0, err
    return json.loads(out)


INQUIRY = doc(
    PETITION_DOC, category="inquiry", service="질의민원(제도·절차)", received_at="2026-11-24T10:00:00+09:00"
)  # 7 days: due Wed 2 Dec 2026 (시행령 제14조 2호)


def test_extend_once_then_again_only_with_consent(capsys, office_dir, tmp_path, monkeypatch):
    add_operators_to_dir(office_dir)
    case = add_case(capsys, office_dir, tmp_path, INQUIRY)
    assert case["due_date"] == "2026-12-02"
    receipt = case["receipt_no"]
    # a clerk may not (supervisor work), and workload is no reason (시행령 제21조②)
    code, _, err = clerk_cli(
        capsys,
        office_dir,
        monkeypatch,
        "queue",
        "extend",
        receipt,
        "--until",
        "2026-12-11",
        "--reason",
        "관계 기관 회신 대기",
        "--reason-code",
        "cooperation",
    )
    assert code == 1 and err.strip()
    code, _, err = supervisor_cli(
        capsys,
        office_dir,
        monkeypatch,
        "queue",
        "extend",
        receipt,
        "--until",
        "2026-12-11",
        "--reason",
        "민원이 많음",
        "--reason-code",
        "workload",
    )
    assert code == 1 and "제21조②" in err and len(err.strip().splitlines()) == 1
    # at most the original 7 days after 2 Dec: Fri 11 Dec (a date = the end of that office day)
    code, _, err = supervisor_cli(
        capsys,
        office_dir,
        monkeypatch,
        "queue",
        "extend",
        receipt,
        "--until",
        "2026-12-14",
        "--reason",
        "관계 기관 회신 대기",
        "--reason-code",
        "cooperation",
    )
    assert code == 1 and "2026-12-11 18:00" in err
    code, out, err = supervisor_cli(
        capsys,
        office_dir,
        monkeypatch,
        "queue",
        "extend",
        receipt,
        "--until",
        "2026-12-11",
        "--reason",
        "관계 기관 회신 대기",
        "--reason-code",
        "cooperation",
        "--json",
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["extension"] == 1 and result["due_date"] == "2026-12-11" and result["notice_pending"] is True
    assert "제21조③" in err  # the written notice is still to be given
    code, _, err = supervisor_cli(
        capsys,
        office_dir,
        monkeypatch,
        "queue",
        "extend",
        receipt,
        "--until",
        "2026-12-18T18:00:00+09:00",
        "--reason",
        "현장 확인",
        "--reason-code",
        "fact_finding",
    )
    assert code == 1 and "동의" in err
    code, _, err = supervisor_cli(
        capsys,
        office_dir,
        monkeypatch,
        "queue",
        "extend",
        receipt,
        "--until",
        "2026-12-18T18:00:00+09:00",
        "--reason",
        "현장 확인",
        "--reason-code",
        "fact_finding",
        "--applicant-consent",
    )
    assert code == 0, err
    shown = json.loads(cli(capsys, office_dir, "queue", "show", receipt, "--json")[1])
    assert shown["due_date"] == "2026-12-18" and [e["seq"] for e in shown["extensions"]] == [1, 2]
    text = cli(capsys, office_dir, "queue", "show", receipt)[1]
    assert "extensions: 1: 2026-12-02T18:00:00+09:00 -> 2026-12-11T18:00:00+09:00 (cooperation; S001)" in text
    assert "extensions: 2:" in text and "applicant consent" in text


def test_holidays_from_the_command_line_move_due_dates(capsys, office_dir, tmp_path, monkeypatch):
    """A suggestion received Tue 24 Nov 2026 is due Fri 11 Dec (14 days, 시행령 제15조); with Wed 2 Dec an
    ad hoc holiday (규정 제2조11호) the 14th working day is Mon 14 Dec."""
    add_operators_to_dir(office_dir)
    case = add_case(capsys, office_dir, tmp_path, doc(PETITION_DOC, received_at="2026-11-24T10:00:00+09:00"))
    assert case["due_date"] == "2026-12-11"
    assert clerk_cli(capsys, office_dir, monkeypatch, "queue", "holiday", "add", "2026-12-02", "--name", "x")[0] == 1
    code, out, err = supervisor_cli(
        capsys, office_dir, monkeypatch, "queue", "holiday", "add", "2026-12-02", "--name", "임시공휴일"
    )
    assert code == 0 and "1" in out, err
    assert (
        json.loads(cli(capsys, office_dir, "queue", "show", case["receipt_no"], "--json")[1])["due_date"]
        == "2026-12-14"
    )
    assert json.loads(cli(capsys, office_dir, "queue", "holiday", "list", "--json")[1])[0]["day"] == "2026-12-02"
    assert supervisor_cli(capsys, office_dir, monkeypatch, "queue", "holiday", "add", "2 Dec", "--name", "x")[0] == 1
    assert supervisor_cli(capsys, office_dir, monkeypatch, "queue", "holiday", "remove", "2026-12-02")[0] == 0
    assert (
        json.loads(cli(capsys, office_dir, "queue", "show", case["receipt_no"], "--json")[1])["due_date"]
        == "2026-12-11"
    )


def test_an_unconfirmed_period_is_shown_with_its_qualifier_and_an_office_period_set(
    capsys, office_dir, tmp_path, monkeypatch
):
    add_operators_to_dir(office_dir)
    case = add_case(capsys, office_dir, tmp_path, doc(CONTRACT_DOC, received_at="2026-11-24T10:00:00+09:00"))
    assert case["due_confirmed"] is False  # intake add --json says so too
    code, out, _ = cli(capsys, office_dir, "queue", "show", case["receipt_no"])
    due_line = next(line for line in out.splitlines() if line.startswith("due_date:"))
    assert "2026-11-24" in due_line and "미확인" in due_line
    code, out, _ = cli(capsys, office_dir, "queue", "period", "list", "--json")
    periods = {p["code"]: p for p in json.loads(out)}
    assert periods["resident_register_copy"]["confirmed"] is False and periods["local_tax_certificate"]["confirmed"]
    code, _, err = supervisor_cli(
        capsys,
        office_dir,
        monkeypatch,
        "queue",
        "period",
        "set",
        "주민등록표 등본 발급",
        "--hours",
        "3",
        "--note",
        "2026 민원처리기준표 확인",
    )
    assert code == 0, err
    code, out, _ = cli(capsys, office_dir, "queue", "show", case["receipt_no"])
    due_line = next(line for line in out.splitlines() if line.startswith("due_date:"))
    assert due_line == "due_date: 2026-11-24"
    assert (
        supervisor_cli(
            capsys,
            office_dir,
            monkeypatch,
            "queue",
            "period",
            "set",
            "주민등록표 등본 발급",
            "--days",
            "2",
            "--hours",
            "3",
            "--note",
            "x",
        )[0]
        == 2
    )  # usage: exactly one amount
    assert (
        supervisor_cli(
            capsys,
            office_dir,
            monkeypatch,
            "queue",
            "period",
            "clear",
            "주민등록표 등본 발급",
            "--note",
            "기준표 재확인",
        )[0]
        == 0
    )
    assert (
        json.loads(cli(capsys, office_dir, "queue", "show", case["receipt_no"], "--json")[1])["due_confirmed"] is False
    )
