"""`counter-app documents …` end to end (contracts.md §1, §4): a clerk prints a receipt; another
installation holding only the office's exported root verifies it from the PDF and from a
150-dpi image, and rejects a doctored copy; trust add/list; every print audited."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import test_cli_office
from helpers.intake import PETITION_DOC
from test_cli_office import INIT, SUPERVISOR, one_sentence

env = test_cli_office.env
run = test_cli_office.run


def test_print_verify_elsewhere_and_refuse_a_doctored_copy(env, run, tmp_path, capsys):
    from counter_app.cli import main

    assert run(*INIT)[0] == 0
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(PETITION_DOC, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("intake", "add", str(case_file), "--json")
    assert code == 0, err
    rno = json.loads(out)["receipt_no"]
    pdf = tmp_path / "receipt.pdf"
    code, out, err = run("documents", "receipt", rno, "--out", str(pdf))
    assert code == 0, err
    serial = out.split()[1]
    code, out, err = run("documents", "verify", str(pdf), "--json")
    assert code == 0, err
    facts = json.loads(out)
    assert facts["ok"] and facts["serial"] == serial and facts["receipt_no"] == rno
    code, out, _ = run("audit", "list", "--json")
    assert "document.print" in out

    # another office, offline, holding only this office's root certificate
    root_pem = tmp_path / "root.pem"
    assert run("office", "certificate", "--out", str(root_pem))[0] == 0
    other = tmp_path / "other"
    other.mkdir()

    def run_other(*argv):
        code = main(["--data-dir", str(other), "--lang", "en", *argv])
        o, e = capsys.readouterr()
        return code, o, e

    init_other = [a if a != "2611051000" else "2611052000" for a in INIT]
    assert run_other(*init_other)[0] == 0
    code, out, err = run_other("documents", "verify", str(pdf))
    assert code == 1 and one_sentence(err) and "trusted" in err
    code, out, err = run_other("documents", "trust", "add", str(root_pem))  # supervisor work
    assert code == 1 and one_sentence(err)
    code, out, err = run_other(*SUPERVISOR, "documents", "trust", "add", str(root_pem))
    assert code == 0, err
    assert "added" in out and "2611051000" in out
    code, out, _ = run_other("documents", "trust", "list", "--json")
    assert [r["office_code"] for r in json.loads(out)["roots"]] == ["2611052000", "2611051000"]
    code, out, err = run_other("documents", "verify", str(pdf), "--json")
    assert code == 0, err
    assert json.loads(out)["signed_by"]["own_office"] is False
    scan = tmp_path / "scan.png"
    doc = pdfium.PdfDocument(pdf.read_bytes())
    doc[0].render(scale=150 / 72).to_pil().save(scan)
    doc.close()
    code, out, err = run_other("documents", "verify", "--image", str(scan))
    assert code == 0, err
    assert serial in out

    doctored = bytearray(pdf.read_bytes())
    at = doctored.index(b"/Title")
    doctored[at + 8] ^= 0x01
    bad = tmp_path / "doctored.pdf"
    bad.write_bytes(bytes(doctored))
    code, out, err = run_other("documents", "verify", str(bad))
    assert code == 1 and one_sentence(err) and "changed" in err
    code, out, err = run_other("documents", "verify", "--code", "ABCDE-FGHJK")
    assert code == 1 and one_sentence(err)


def test_notice_register_and_usage(env, run, tmp_path):
    assert run(*INIT)[0] == 0
    code, out, err = run("documents", "notice", "--out", str(tmp_path / "n.pdf"))
    assert code == 0, err
    assert (tmp_path / "n.pdf").read_bytes().startswith(b"%PDF")
    code, out, err = run("documents", "register", "--date", "2026-11-24", "--out", str(tmp_path / "r.pdf"))
    assert code == 0, err
    assert run("documents", "verify")[0] == 2
    code, _, err = run("documents", "receipt", "NOPE", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and one_sentence(err)
