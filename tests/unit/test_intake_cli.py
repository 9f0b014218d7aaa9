"""The command line of intake and queue (contracts.md §1), run in-process on a real data dir."""

from __future__ import annotations

import io
import json
import sys

import pytest
from conftest import PASSPHRASE
from helpers.cli import run_cli
from helpers.intake import CONTRACT_DOC, PETITION_DOC, RRN_RULE_BY_SERVICE, doc, service_doc
from helpers.operators import add_operators_to_dir

from counter_app.intake import is_valid_receipt_no
from counter_app.resources import resource_path


def cli(capsys, data_dir, *args, stdin: bytes | None = None, monkeypatch=None):
    # no --operator: recorded as the (unauthenticated) OS user, which is all intake needs
    return run_cli(capsys, "--data-dir", str(data_dir), *args, stdin=stdin, monkeypatch=monkeypatch)


def write_doc(tmp_path, document, name="case.json"):
    f = tmp_path / name
    f.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return f


def test_add_prints_the_receipt_number(capsys, office_dir, tmp_path):
    code, out, err = cli(capsys, office_dir, "intake", "add", str(write_doc(tmp_path, CONTRACT_DOC)))
    # the 등본's 즉시 is not confirmed against the 민원처리기준표: said on stderr, never on stdout (issue 12)
    assert code == 0 and err.strip() == "주의: 처리기간 미확인: 민원처리기준표로 확인 필요"
    assert is_valid_receipt_no(out.strip()) and out.strip().endswith(out.strip()[-1])


def test_add_json_and_warnings_on_stderr(capsys, office_dir, tmp_path):
    f = write_doc(tmp_path, doc(**{"applicant.rrn": "900101-1234567"}))
    code, out, err = cli(capsys, office_dir, "intake", "add", str(f), "--json")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"case_id", "receipt_no", "due_date", "due_confirmed"}
    assert result["due_confirmed"] is False  # 등본 즉시: unconfirmed (issue 12 item 5)
    assert is_valid_receipt_no(result["receipt_no"]) and result["due_date"] == result["due_date"][:10]
    assert "2020" in err  # the check-digit warning, never on stdout


def test_add_from_stdin(capsys, office_dir, monkeypatch):
    data = json.dumps(PETITION_DOC, ensure_ascii=False).encode("utf-8")
    code, out, err = cli(capsys, office_dir, "intake", "add", "-", stdin=data, monkeypatch=monkeypatch)
    assert code == 0 and is_valid_receipt_no(out.strip())


@pytest.mark.parametrize(
    "payload,fragment",
    [
        (json.dumps(doc(**{"applicant.phone": "119"}), ensure_ascii=False), "applicant.phone"),
        (json.dumps(doc(bogus=1), ensure_ascii=False), "bogus"),
        (json.dumps(doc(service="인감증명서 발급", **{"applicant.rrn": ...})), "applicant.rrn"),
        (json.dumps(doc(PETITION_DOC, **{"applicant.rrn": "900101-1234568"})), "제24조의2"),
        ("{not json", "JSON"),
        ("[1, 2]", "JSON 객체"),
    ],
)
def test_add_refuses_bad_documents_with_exit_1(capsys, office_dir, tmp_path, payload, fragment):
    f = tmp_path / "bad.json"
    f.write_text(payload, encoding="utf-8")
    code, out, err = cli(capsys, office_dir, "intake", "add", str(f))
    assert code == 1 and out == ""
    assert fragment in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_add_in_english(capsys, office_dir, tmp_path):
    f = write_doc(tmp_path, doc(**{"applicant.phone": "119"}))
    code, _, err = cli(capsys, office_dir, "--lang", "en", "intake", "add", str(f))
    assert code == 1 and "service numbers" in err


def test_add_without_office(capsys, tmp_path):
    code, _, err = cli(capsys, tmp_path / "empty", "intake", "add", str(write_doc(tmp_path, CONTRACT_DOC)))
    assert code == 1 and "office init" in err


def test_usage_errors_exit_2(capsys, office_dir):
    assert cli(capsys, office_dir, "intake")[0] == 2
    assert cli(capsys, office_dir, "queue", "list", "--state", "NOPE")[0] == 2


def test_import_and_reimport(capsys, office_dir):
    sample = str(resource_path("samples", "register_sample.csv"))
    code, out, err = cli(capsys, office_dir, "intake", "import", sample)
    assert code == 0 and "5건 접수" in out and err == ""
    assert len([line for line in out.splitlines() if "\t" in line]) == 5
    code, out, _ = cli(capsys, office_dir, "intake", "import", sample, "--json")
    report = json.loads(out)
    assert code == 0 and report["imported"] == 0 and report["duplicates"] == 5


def test_import_reports_bad_rows_and_exits_1(capsys, office_dir, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(
        "접수일시,민원인,민원종류,구분\n2025-09-29 10:00,김가상,국민신문고 민원,건의\n"
        "2025-09-29 10:01,,국민신문고 민원,건의\n",
        encoding="utf-8",
    )
    code, out, err = cli(capsys, office_dir, "intake", "import", str(f))
    assert code == 1 and "1건 접수" in out
    assert "3행" in err and "applicant.name" in err


@pytest.mark.parametrize("name,content", [("x.csv", b"\x00\x00"), ("x.xlsx", b"PK..."), ("x.pdf", b"%PDF")])
def test_import_malformed_exits_1(capsys, office_dir, tmp_path, name, content):
    f = tmp_path / name
    f.write_bytes(content)
    code, out, err = cli(capsys, office_dir, "intake", "import", str(f))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1


def test_import_missing_file(capsys, office_dir, tmp_path):
    assert cli(capsys, office_dir, "intake", "import", str(tmp_path / "none.csv"))[0] == 1


def test_queue_list_and_stats(capsys, office_dir, tmp_path):
    first = json.loads(cli(capsys, office_dir, "intake", "add", str(write_doc(tmp_path, CONTRACT_DOC)), "--json")[1])
    second = json.loads(cli(capsys, office_dir, "intake", "add", str(write_doc(tmp_path, PETITION_DOC)), "--json")[1])
    code, out, _ = cli(capsys, office_dir, "queue", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["case_id"] for r in rows] == [second["case_id"], first["case_id"]]
    assert rows[1]["applicant"] == "홍*동" and rows[1]["phone"] == "010-****-5678"
    assert "홍길동" not in out and "5678" in out and "1234-5678" not in out
    code, out, _ = cli(capsys, office_dir, "queue", "list")
    assert code == 0 and out.splitlines()[0].startswith(second["receipt_no"])
    assert json.loads(cli(capsys, office_dir, "queue", "list", "--state", "sent", "--json")[1]) == []
    code, out, _ = cli(capsys, office_dir, "queue", "stats", "--json")
    stats = json.loads(out)
    assert code == 0 and set(stats) == {"total", "by_state", "oldest_unsent_at"}
    assert stats["total"] == 2 and stats["by_state"]["QUEUED"] == 2 and stats["oldest_unsent_at"]
    code, out, _ = cli(capsys, office_dir, "queue", "stats")
    assert code == 0 and "QUEUED: 2" in out


def supervisor_cli(capsys, data_dir, monkeypatch, *args):
    """As the supervisor S001 (signed in with its PIN); the passphrase is the test's to give."""
    from helpers.operators import as_operator

    return run_cli(capsys, "--data-dir", str(data_dir), *as_operator(monkeypatch, "S001"), *args)


def test_outage_windows_need_the_supervisor_passphrase(capsys, office_dir, monkeypatch):
    add_operators_to_dir(office_dir)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal to ask on
    start = ("queue", "outage", "add", "--start", "2025-09-26T20:15:00+09:00")
    code, _, err = supervisor_cli(capsys, office_dir, monkeypatch, *start)
    assert code == 1 and "COUNTER_APP_PASSPHRASE" in err
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", "not the passphrase")
    assert supervisor_cli(capsys, office_dir, monkeypatch, *start)[0] == 1
    # the passphrase without a supervisor operator is not enough (it once was: issue 6)
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    code, _, err = run_cli(capsys, "--data-dir", str(office_dir), *start)
    assert code == 1 and "--operator" in err
    assert json.loads(cli(capsys, office_dir, "queue", "outage", "list", "--json")[1]) == []


def test_outage_windows_from_the_command_line(capsys, office_dir, monkeypatch):
    add_operators_to_dir(office_dir)
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    code, out, _ = supervisor_cli(
        capsys,
        office_dir,
        monkeypatch,
        "queue",
        "outage",
        "add",
        "--start",
        "2025-09-26T20:15:00+09:00",
        "--note",
        "NIRS fire",
    )
    assert code == 0 and out.strip().isdigit()
    code, _, _ = supervisor_cli(
        capsys, office_dir, monkeypatch, "queue", "outage", "close", out.strip(), "--end", "2025-10-28T19:00:00+09:00"
    )
    assert code == 0
    code, out, _ = cli(capsys, office_dir, "queue", "outage", "list", "--json")
    windows = json.loads(out)
    assert windows[0]["end_at"] == "2025-10-28T19:00:00+09:00" and windows[0]["recorded_by"] == "S001"
    assert (
        supervisor_cli(capsys, office_dir, monkeypatch, "queue", "outage", "add", "--start", "2025-09-26 20:15")[0] == 1
    )


# ---------------------------------------------------------------- the RRN rule of every service (issue 12)
@pytest.mark.parametrize("service_name", sorted(RRN_RULE_BY_SERVICE))
def test_intake_add_follows_the_rrn_rule_of_every_service(capsys, office_dir, tmp_path, service_name):
    """contracts.md §1: a missing RRN where required, or one given where not permitted, is refused
    naming the rule; where permitted it is taken when given and not demanded when not."""
    rule = RRN_RULE_BY_SERVICE[service_name]
    results = {}
    for with_rrn in (False, True):
        f = write_doc(tmp_path, service_doc(service_name, with_rrn=with_rrn), name=f"case-{with_rrn}.json")
        results[with_rrn] = cli(capsys, office_dir, "intake", "add", str(f), "--json")
    (code_without, _, err_without), (code_with, out_with, err_with) = results[False], results[True]
    if rule == "required":
        assert code_without == 1 and "applicant.rrn" in err_without and "법령" in err_without
        assert code_with == 0
    elif rule == "permitted":
        assert code_without == 0 and code_with == 0, err_without + err_with
    else:
        assert code_without == 0
        assert code_with == 1 and "applicant.rrn" in err_with and "제24조의2" in err_with
    assert "1234568" not in err_without + err_with  # never the number
    if code_with == 0:
        case_id = json.loads(out_with)["case_id"]
        code, out, _ = cli(capsys, office_dir, "queue", "show", json.loads(out_with)["receipt_no"], "--json")
        shown = json.loads(out)
        assert code == 0 and shown["case_id"] == case_id and shown["applicant"]["has_rrn"] is True
        assert "1234568" not in out


@pytest.mark.parametrize(
    "phone,word", [("010-abcd-5678", "글자"), ("051-123-4567 ext. 99", "내선"), ("010-1234-5678 😀", "기호")]
)
def test_intake_add_refuses_a_phone_it_would_have_changed(capsys, office_dir, tmp_path, phone, word):
    f = write_doc(tmp_path, doc(PETITION_DOC, **{"applicant.phone": phone}))
    code, out, err = cli(capsys, office_dir, "intake", "add", str(f))
    assert code == 1 and out == "" and "applicant.phone" in err and word in err
    assert len(err.strip().splitlines()) == 1


def test_intake_add_refuses_an_rrn_in_the_content(capsys, office_dir, tmp_path):
    f = write_doc(tmp_path, doc(PETITION_DOC, content="본인 번호 850314-1357926 도용 신고"))
    code, out, err = cli(capsys, office_dir, "intake", "add", str(f))
    assert code == 1 and out == "" and "content" in err and "본문에 적지 마십시오" in err
    assert "1357926" not in err
