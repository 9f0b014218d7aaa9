"""`counter-app queue show` and `queue edit`, run in-process on a real data directory."""

from __future__ import annotations

import json

from helpers.cli import run_cli
from helpers.intake import CONTRACT_DOC, PETITION_DOC, doc

from counter_app.cli import main


def cli(capsys, data_dir, *args, stdin: bytes | None = None, monkeypatch=None):
    # no --operator: the (unauthenticated) OS user may correct a case, as a clerk may
    return run_cli(capsys, "--data-dir", str(data_dir), "--lang", "en", *args, stdin=stdin, monkeypatch=monkeypatch)


def add(capsys, data_dir, tmp_path, document) -> dict:
    f = tmp_path / "new.json"
    f.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out, err = cli(capsys, data_dir, "intake", "add", str(f), "--json")
    assert code == 0, err
    return json.loads(out)


def test_show_is_masked_in_text_and_json(capsys, office_dir, tmp_path):
    added = add(capsys, office_dir, tmp_path, CONTRACT_DOC)
    code, out, err = cli(capsys, office_dir, "queue", "show", added["receipt_no"])
    assert code == 0 and err == ""
    assert added["receipt_no"] in out and "홍*동" in out and "010-****-5678" in out
    assert "홍길동" not in out and "1234-5678" not in out and "1234568" not in out
    assert "QUEUED" in out
    code, out, _ = cli(capsys, office_dir, "queue", "show", added["receipt_no"].lower(), "--json")
    detail = json.loads(out)
    assert code == 0 and detail["case_id"] == added["case_id"] and detail["applicant"]["has_rrn"] is True
    assert detail["applicant"]["phone"] == "010-****-5678"


def test_show_unknown_receipt_is_one_sentence_exit_1(capsys, office_dir):
    code, out, err = cli(capsys, office_dir, "queue", "show", "2611051000-20251001-T1-0001-X")
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0 and "receipt" in err


def test_edit_from_a_file_and_from_stdin(capsys, office_dir, tmp_path, monkeypatch):
    added = add(capsys, office_dir, tmp_path, PETITION_DOC)
    corrected = tmp_path / "fixed.json"
    corrected.write_text(
        json.dumps(doc(PETITION_DOC, **{"applicant.phone": "010-2222-3333"}), ensure_ascii=False), encoding="utf-8"
    )
    code, out, err = cli(
        capsys, office_dir, "queue", "edit", added["receipt_no"], str(corrected), "--reason", "phone typo", "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["changed"] == ["applicant.phone"] and result["state"] == "QUEUED"
    assert result["case_id"] == added["case_id"] and result["receipt_no"] == added["receipt_no"]
    code, out, _ = cli(capsys, office_dir, "queue", "show", added["receipt_no"])
    assert "010-****-3333" in out

    data = json.dumps(
        doc(PETITION_DOC, title="새 제목", **{"applicant.phone": "010-2222-3333"}), ensure_ascii=False
    ).encode("utf-8")
    code, out, err = cli(
        capsys,
        office_dir,
        "queue",
        "edit",
        added["receipt_no"],
        "-",
        "--reason",
        "title",
        stdin=data,
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    assert "title" in out and "applicant.phone" not in out

    code, out, err = cli(capsys, office_dir, "audit", "verify")
    assert code == 0, err


def test_edit_refusals_exit_1_with_one_sentence(capsys, office_dir, tmp_path, monkeypatch):
    added = add(capsys, office_dir, tmp_path, PETITION_DOC)
    data = json.dumps(doc(PETITION_DOC, **{"applicant.phone": "112"}), ensure_ascii=False).encode("utf-8")
    code, out, err = cli(
        capsys,
        office_dir,
        "queue",
        "edit",
        added["receipt_no"],
        "-",
        "--reason",
        "x",
        stdin=data,
        monkeypatch=monkeypatch,
    )
    assert code == 1 and out == "" and "phone" in err and err.strip().count("\n") == 0
    data = json.dumps(PETITION_DOC, ensure_ascii=False).encode("utf-8")
    code, out, err = cli(
        capsys,
        office_dir,
        "queue",
        "edit",
        added["receipt_no"],
        "-",
        "--reason",
        " ",
        stdin=data,
        monkeypatch=monkeypatch,
    )
    assert code == 1 and "reason" in err
    # --reason is required by the parser itself: usage error
    assert main(["--data-dir", str(office_dir), "queue", "edit", added["receipt_no"], "-"]) == 2
    assert "--reason" in capsys.readouterr().err
