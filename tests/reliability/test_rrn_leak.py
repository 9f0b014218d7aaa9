"""No resident registration number ever reaches the disk in clear: every byte of every file in
the data directory (database, -wal, -shm, logs, backups, settings, anchors) is scanned for each
number in every plausible encoding. The sealed numbers must still open with the passphrase, so
the test cannot pass by storing nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from helpers.intake import PETITION_DOC, doc, make_office_dir, rrn_with_check

from counter_app.actor import Actor
from counter_app.app import open_context
from counter_app.intake import CaseValidationError
from counter_app.offline.queue import QueueFilter

ROOT = Path(__file__).resolve().parents[2]
CLERK = Actor("C001", "김직원")
SUPERVISOR = Actor("S001", "박감독", "supervisor")

# distinctive numbers (no run of digits shared with the phones or dates used here)
RRN_CLI = rrn_with_check("870523281937")
RRN_QUEUE = [rrn_with_check("640917193846"), "030612-4958273", rrn_with_check("951128539174")]
RRN_DRAFT = rrn_with_check("770305162849")
RRN_IMPORT = rrn_with_check("820219275361")
RRN_REFUSED = rrn_with_check("910704138462")  # given where no statute allows it: refused
ALL = [RRN_CLI, *RRN_QUEUE, RRN_DRAFT, RRN_IMPORT, RRN_REFUSED]
BIRTH = {
    "870523": "1987-05-23",
    "640917": "1964-09-17",
    "030612": "2003-06-12",
    "951128": "1995-11-28",
    "770305": "1977-03-05",
    "820219": "1982-02-19",
    "910704": "1991-07-04",
}


def needles(rrn: str) -> list[bytes]:
    digits = rrn.replace("-", "")
    texts = {rrn, digits, f"{rrn[:6]} {rrn[7:]}", rrn[7:]}  # the back half alone identifies too
    out = []
    for t in texts:
        for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le"):
            out.append(t.encode(enc))
    return out


def scan(data_dir: Path, numbers: list[str] = ALL) -> list[str]:
    found = []
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".db") for p in files)
    for path in files:
        blob = path.read_bytes()
        for rrn in numbers:
            for needle in needles(rrn):
                if needle in blob:
                    found.append(f"{path.relative_to(data_dir)}: {rrn[:6]}... as {needle[:6]!r}")
    return found


def run_cli(data_dir, *args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_no_rrn_in_clear_anywhere_in_the_data_dir(tmp_path):
    data_dir = tmp_path / "office"
    outside = tmp_path / "inbox"  # the clerk's input files live outside the data dir
    outside.mkdir()
    make_office_dir(data_dir, PASSPHRASE)

    # 1. the command line, from a file and from stdin, plus a refused document
    case_file = outside / "case.json"
    case_file.write_text(
        json.dumps(doc(**{"applicant.rrn": RRN_CLI, "applicant.birth_date": BIRTH[RRN_CLI[:6]]}), ensure_ascii=False),
        encoding="utf-8",
    )
    done = run_cli(data_dir, "intake", "add", str(case_file), "--json")
    assert done.returncode == 0, done.stderr.decode()
    cli_case = json.loads(done.stdout)["case_id"]
    refused = json.dumps(doc(PETITION_DOC, **{"applicant.rrn": RRN_REFUSED}), ensure_ascii=False).encode()
    bad = run_cli(data_dir, "intake", "add", "-", stdin=refused)
    assert bad.returncode == 1 and RRN_REFUSED.encode() not in bad.stderr

    # 2. the queue directly, a draft that held an RRN, an import, and a validation failure
    ctx = open_context(data_dir, lang="ko")
    try:
        q = ctx.queue
        case_ids = {cli_case: RRN_CLI}
        for i, rrn in enumerate(RRN_QUEUE):
            service = ("인감증명서 발급", "전입신고", "주민등록표 초본 발급")[i]
            r = q.submit(CLERK, doc(service=service, **{"applicant.rrn": rrn, "applicant.birth_date": BIRTH[rrn[:6]]}))
            case_ids[r.case_id] = rrn
        draft_id = q.save_draft(CLERK, doc(**{"applicant.rrn": RRN_DRAFT}))
        q.save_draft(CLERK, {"applicant": {"name": "임시", "rrn": RRN_DRAFT}}, draft_id)
        try:
            q.submit(CLERK, doc(PETITION_DOC, **{"applicant.rrn": RRN_REFUSED}))
        except CaseValidationError as exc:
            assert RRN_REFUSED not in str(exc) and RRN_REFUSED not in repr(exc.problems)
        register = outside / "register.csv"
        register.write_text(
            "접수일시,민원인,생년월일,민원종류,구분,주민등록번호\n"
            f"2025-09-29 10:00,김가상,{BIRTH[RRN_IMPORT[:6]]},인감증명서 발급,법정,{RRN_IMPORT}\n",
            encoding="utf-8",
        )
        imported = run_cli(data_dir, "intake", "import", str(register), "--json")
        assert imported.returncode == 0, imported.stderr.decode()
        import_receipt = json.loads(imported.stdout)["receipts"][0]["receipt_no"]
        case_ids[q.find_by_receipt(import_receipt).case_id] = RRN_IMPORT
        q.discard_draft(CLERK, draft_id)
        q.page(QueueFilter(), 0, 50)
        for case_id in case_ids:
            q.case_detail(case_id)
        assert (data_dir / "counter_app.db-wal").exists()  # scanned while the WAL still holds pages
        found = scan(data_dir)
        assert not found, found
    finally:
        ctx.close()
    found = scan(data_dir)  # and after the last connection checkpointed the WAL away
    assert not found, found

    # 3. the numbers are there, sealed: the supervisor passphrase opens every one
    ctx = open_context(data_dir, lang="ko")
    try:
        keys = ctx.office.unlock(PASSPHRASE)
        for case_id, rrn in case_ids.items():
            assert ctx.queue.reveal_rrn(SUPERVISOR, case_id, keys, "유출 검사") == rrn
    finally:
        ctx.close()


def test_the_scanner_finds_a_planted_number(tmp_path):
    (tmp_path / "x.db").write_bytes(b"\x00" * 10)
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "a.log").write_bytes(b"..." + RRN_QUEUE[1].replace("-", "").encode("utf-16-le") + b"...")
    assert scan(tmp_path) and "logs" in scan(tmp_path)[0]


# Issue 6: `queue edit … --reason "… 850314-1357926 …"` put the number into the append-only audit
# table in clear. The numbers typed into free text here, each way a clerk might write one.
RRN_IN_TEXT = "850314-1357926"
RRN_IN_NOTE = rrn_with_check("921130246813")
RRN_IN_CONTENT = rrn_with_check("680205173926")


def test_an_rrn_typed_into_free_text_or_a_reason_never_reaches_the_disk(tmp_path):
    from counter_app.errors import UserError

    data_dir, outside = tmp_path / "office", tmp_path / "inbox"
    outside.mkdir()
    make_office_dir(data_dir, PASSPHRASE)
    petition = outside / "petition.json"
    petition.write_text(json.dumps(PETITION_DOC, ensure_ascii=False), encoding="utf-8")
    added = run_cli(data_dir, "intake", "add", str(petition), "--json")
    assert added.returncode == 0, added.stderr.decode()
    receipt = json.loads(added.stdout)["receipt_no"]

    # the reason of a correction: refused, naming the field, never echoing the number
    corrected = outside / "corrected.json"
    corrected.write_text(
        json.dumps(doc(PETITION_DOC, title="가로등 고장 수리 요청"), ensure_ascii=False), encoding="utf-8"
    )
    for written in (RRN_IN_TEXT, RRN_IN_TEXT.replace("-", ""), RRN_IN_TEXT.replace("-", " ")):
        edit = run_cli(data_dir, "queue", "edit", receipt, str(corrected), "--reason", f"민원인 요청 {written} 확인")
        assert edit.returncode == 1 and "수정 사유" in edit.stderr.decode()
        assert b"1357926" not in edit.stderr + edit.stdout
    # the case document's free text: refused by intake add, from a file and from stdin
    with_number = json.dumps(doc(PETITION_DOC, content=f"명의 도용 {RRN_IN_CONTENT} 확인 바랍니다"), ensure_ascii=False)
    (outside / "content.json").write_text(with_number, encoding="utf-8")
    for args, stdin in (
        (("intake", "add", str(outside / "content.json")), None),
        (("intake", "add", "-"), with_number.encode()),
    ):
        bad = run_cli(data_dir, *args, stdin=stdin)
        assert bad.returncode == 1 and "content" in bad.stderr.decode()

    ctx = open_context(data_dir, lang="ko")
    try:
        q = ctx.queue
        case_id = q.find_by_receipt(receipt).case_id
        keys = ctx.office.unlock(PASSPHRASE)
        with pytest.raises(UserError):
            q.reveal_rrn(SUPERVISOR, case_id, keys, f"본인 {RRN_IN_NOTE} 확인")
        with pytest.raises(UserError):
            q.case_for_edit(CLERK, case_id, f"확인 {RRN_IN_NOTE}")
        with pytest.raises(UserError):
            ctx.status.add_note(SUPERVISOR, f"문의자 {RRN_IN_NOTE}")
        # a draft is saved as typed, so its free text is masked before it is stored
        draft = q.save_draft(CLERK, doc(PETITION_DOC, title=f"번호 {RRN_IN_CONTENT.replace('-', '.')}"))
        assert "680205-1******" in str(q.latest_draft(CLERK))
        # the last line of defence: whatever an entry point forgets, the audit log masks
        with ctx.db.write() as s:
            ctx.audit.append(
                s,
                "C001",
                "test.free_text",
                case_id=case_id,
                reason=f"사유 {RRN_IN_NOTE}",
                detail={"note": RRN_IN_NOTE.replace("-", ""), "fields": ["title"]},
            )
        with ctx.db.read() as s:
            assert ctx.audit.verify(s).ok  # masked before hashing: the chain still holds
        q.case_detail(case_id)
        q.discard_draft(CLERK, draft)
        found = scan(data_dir, [RRN_IN_TEXT, RRN_IN_NOTE, RRN_IN_CONTENT])
        assert not found, found
    finally:
        ctx.close()
    assert not scan(data_dir, [RRN_IN_TEXT, RRN_IN_NOTE, RRN_IN_CONTENT])
