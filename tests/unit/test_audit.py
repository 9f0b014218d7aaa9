"""The hash-chained audit log: what verify catches (edits, deletions, reordering, a cut-off tail,
a rewritten chain) and the `audit verify` command's exit codes."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.offline.audit import (
    ANCHOR_BAD_SIGNATURE,
    ANCHOR_FOREIGN,
    ANCHOR_RECORD_SIZE,
    ANCHOR_REVOKED,
    ANCHOR_UNREADABLE,
    ANCHOR_UNSIGNED,
    ANCHOR_WRITER,
    CASE_CHANGED,
    CASE_MISSING,
    CASE_UNRECORDED,
    DELETED_OR_REORDERED,
    EDITED,
    MISSING_TAIL,
    NO_ANCHOR,
    REWRITTEN,
    ROOT_MISMATCH,
    Anchor,
    AuditLog,
    _anchor_check,
    anchor_path_for_database,
    case_content_hash,
    entry_digest,
    read_anchor,
    write_anchor,
)

ROOT = Path(__file__).resolve().parents[2]


def append_entries(ctx, n: int, log: AuditLog | None = None) -> AuditLog:
    log = log or AuditLog("T1", ctx.clock)
    for i in range(n):
        with ctx.db.write() as s:
            log.append(s, "C001", "case.submit", case_id=f"case-{i}", detail={"n": i})
        ctx.clock.advance(seconds=1)
    ANCHOR_WRITER.flush()  # the anchor thread has written the head: the tests edit the file next
    return log


def verify(ctx):
    with ctx.db.read() as s:
        return ctx.audit.verify(s)


def raw(ctx, sql: str, *params) -> None:
    conn = sqlite3.connect(ctx.paths.database)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def rehash_from(ctx, start_seq: int) -> None:
    """What a careful forger does: recompute every hash from start_seq on, consistently."""
    conn = sqlite3.connect(ctx.paths.database)
    try:
        rows = conn.execute(
            "SELECT seq, at, operator, terminal, action, case_id, reason, detail, prev_hash FROM audit_log ORDER BY seq"
        ).fetchall()
        prev = None
        for seq, at, operator, terminal, action, case_id, reason, detail, _prev_hash in rows:
            if seq < start_seq:
                prev = conn.execute("SELECT entry_hash FROM audit_log WHERE seq=?", (seq,)).fetchone()[0]
                continue
            digest = entry_digest(
                prev, seq, dt.datetime.fromisoformat(at), operator, terminal, action, case_id, reason, detail
            )
            conn.execute("UPDATE audit_log SET prev_hash=?, entry_hash=? WHERE seq=?", (prev, digest, seq))
            prev = digest
        conn.commit()
    finally:
        conn.close()


# ---------------------------------------------------------------- the chain
def test_intact_chain_verifies_against_its_anchor(ctx):
    append_entries(ctx, 5)
    result = verify(ctx)
    assert result.ok and result.entries == 5 and result.anchor_seq == 5 and result.last_seq == 5
    assert read_anchor(anchor_path_for_database(ctx.paths.database)).seq == 5
    assert "5" in result.message().en


def test_empty_log_is_intact(ctx):
    result = verify(ctx)
    assert result.ok and result.entries == 0 and not result.anchored


def test_edited_entry_is_named(ctx):
    append_entries(ctx, 5)
    raw(ctx, "UPDATE audit_log SET action='case.view_unmasked' WHERE seq=3")
    result = verify(ctx)
    assert not result.ok and result.first_broken_seq == 3 and result.problem == EDITED
    assert "3" in result.message().ko and "edited" in result.message().en


def test_edited_time_is_caught(ctx):
    append_entries(ctx, 3)
    raw(ctx, "UPDATE audit_log SET at='2020-01-01T00:00:00.000000+00:00' WHERE seq=2")
    result = verify(ctx)
    assert (result.ok, result.first_broken_seq, result.problem) == (False, 2, EDITED)


def test_edited_and_rehashed_entry_breaks_the_next_link(ctx):
    append_entries(ctx, 5)
    raw(ctx, "UPDATE audit_log SET operator='S001' WHERE seq=3")
    conn = sqlite3.connect(ctx.paths.database)
    seq, at, op, term, action, case_id, reason, detail, prev = conn.execute(
        "SELECT seq, at, operator, terminal, action, case_id, reason, detail, prev_hash FROM audit_log WHERE seq=3"
    ).fetchone()
    conn.execute(
        "UPDATE audit_log SET entry_hash=? WHERE seq=3",
        (entry_digest(prev, seq, dt.datetime.fromisoformat(at), op, term, action, case_id, reason, detail),),
    )
    conn.commit()
    conn.close()
    result = verify(ctx)
    assert (result.ok, result.first_broken_seq, result.problem) == (False, 4, DELETED_OR_REORDERED)


def test_deleted_middle_entry_fails_at_the_next_seq(ctx):
    append_entries(ctx, 5)
    raw(ctx, "DELETE FROM audit_log WHERE seq=3")
    result = verify(ctx)
    assert (result.ok, result.first_broken_seq, result.problem) == (False, 4, DELETED_OR_REORDERED)
    assert "deleted or reordered" in result.message().en


def test_swapped_entries_fail(ctx):
    append_entries(ctx, 5)
    raw(ctx, "UPDATE audit_log SET seq=1000 WHERE seq=2")
    raw(ctx, "UPDATE audit_log SET seq=2 WHERE seq=3")
    raw(ctx, "UPDATE audit_log SET seq=3 WHERE seq=1000")
    result = verify(ctx)
    assert (result.ok, result.first_broken_seq, result.problem) == (False, 2, DELETED_OR_REORDERED)


def test_truncated_tail_is_caught_by_the_anchor(ctx):
    append_entries(ctx, 5)
    raw(ctx, "DELETE FROM audit_log WHERE seq >= 4")
    result = verify(ctx)
    assert (result.ok, result.problem, result.last_seq, result.anchor_seq) == (False, MISSING_TAIL, 3, 5)
    assert result.first_broken_seq == 4
    assert "missing after seq 3" in result.message().en


def test_everything_deleted_is_caught(ctx):
    append_entries(ctx, 2)
    raw(ctx, "DELETE FROM audit_log")
    result = verify(ctx)
    assert (result.ok, result.problem) == (False, MISSING_TAIL)
    assert "All audit entries are missing" in result.message().en


def test_consistently_rewritten_chain_is_caught_by_the_anchor(ctx):
    append_entries(ctx, 5)
    raw(ctx, "UPDATE audit_log SET operator='nobody' WHERE seq=2")
    rehash_from(ctx, 2)
    with ctx.db.read() as s:  # the chain alone looks perfect...
        assert AuditLog.verify_entries(ctx.audit.recent(s, 100)[::-1]).ok
    result = verify(ctx)  # ...but not against the anchor
    assert (result.ok, result.problem, result.first_broken_seq) == (False, REWRITTEN, 5)


def test_rolled_back_append_does_not_move_the_anchor(ctx):
    log = append_entries(ctx, 2)
    with pytest.raises(RuntimeError):
        with ctx.db.write() as s:
            log.append(s, "C001", "case.submit")
            raise RuntimeError("the action failed")
    assert read_anchor(anchor_path_for_database(ctx.paths.database)).seq == 2
    assert verify(ctx).ok


def test_several_appends_in_one_transaction_anchor_the_last(ctx):
    log = AuditLog("T1", ctx.clock)
    with ctx.db.write() as s:
        for _ in range(3):
            log.append(s, "C001", "x")
    assert read_anchor(anchor_path_for_database(ctx.paths.database)).seq == 3
    assert verify(ctx).ok


def test_anchor_never_moves_backwards(tmp_path):
    path = tmp_path / "x.audit-anchor.json"
    write_anchor(path, 5, "a" * 64)
    write_anchor(path, 4, "b" * 64)  # a slower process finishing late
    assert read_anchor(path).seq == 5 and read_anchor(path).entry_hash == "a" * 64


def test_anchor_is_one_fixed_size_record_rewritten_in_place(tmp_path):
    path = tmp_path / "x.audit-anchor.json"
    write_anchor(path, 1, "a" * 64)
    inode = path.stat().st_ino
    for seq in range(2, 12):
        write_anchor(path, seq, f"{seq:064x}")
    assert path.stat().st_size == ANCHOR_RECORD_SIZE
    assert path.stat().st_ino == inode  # rewritten, not replaced (a rename costs ~150 us per commit)
    assert read_anchor(path) == Anchor(11, f"{11:064x}")
    assert not list(tmp_path.glob(".audit-anchor-*"))  # no temp files left behind


def test_torn_anchor_record_is_never_misread(tmp_path):
    path = tmp_path / "x.audit-anchor.json"
    write_anchor(path, 7, "a" * 64)
    data = path.read_bytes()
    torn = data.replace(b'"seq": 7', b'"seq": 9')  # half of a newer write: the seq but not its hash
    path.write_bytes(torn)
    assert read_anchor(path) is None  # unreadable ("no anchor"), never a wrong head
    write_anchor(path, 8, "b" * 64)  # the next commit repairs it
    assert read_anchor(path) == Anchor(8, "b" * 64)


def test_anchor_of_an_older_program_is_honoured_then_upgraded(ctx):
    append_entries(ctx, 3)
    anchor = anchor_path_for_database(ctx.paths.database)
    head = read_anchor(anchor)
    anchor.write_text(json.dumps({"version": 1, "seq": head.seq, "hash": head.entry_hash}), encoding="utf-8")
    assert verify(ctx).anchor_seq == 3
    append_entries(ctx, 1)
    assert read_anchor(anchor).seq == 4 and anchor.stat().st_size == ANCHOR_RECORD_SIZE
    assert verify(ctx).ok


def test_deleted_anchor_and_cut_tail_fail(ctx):
    """The old hole: remove the anchor, delete the newest entries, and verify said all was intact."""
    append_entries(ctx, 5)
    anchor_path_for_database(ctx.paths.database).unlink()
    raw(ctx, "DELETE FROM audit_log WHERE seq >= 4")
    result = verify(ctx)
    assert (result.ok, result.problem) == (False, NO_ANCHOR)
    assert "anchor file is missing" in result.message().en


def test_unreadable_anchor_fails(ctx):
    append_entries(ctx, 3)
    anchor_path_for_database(ctx.paths.database).write_text("{not json", encoding="utf-8")
    result = verify(ctx)
    assert (result.ok, result.problem) == (False, ANCHOR_UNREADABLE)
    assert "unreadable" in result.message().en


def test_anchor_write_failure_does_not_undo_the_commit(ctx):
    anchor = anchor_path_for_database(ctx.paths.database)
    anchor.mkdir()  # the anchor cannot be written
    append_entries(ctx, 2)
    with ctx.db.read() as s:
        assert len(ctx.audit.recent(s, 10)) == 2  # both committed despite the anchor failure
    assert (verify(ctx).ok, verify(ctx).problem) == (False, ANCHOR_UNREADABLE)  # and verify says so


def test_recent_is_newest_first(ctx):
    append_entries(ctx, 4)
    with ctx.db.read() as s:
        assert [e.seq for e in ctx.audit.recent(s, 3)] == [4, 3, 2]


# ---------------------------------------------------------------- the command
def test_cli_audit_verify_exit_codes(office_ctx, capsys):
    append_entries(office_ctx, 3)
    data = str(office_ctx.paths.root)
    assert main(["--data-dir", data, "--lang", "en", "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "All 4 audit entries are intact" in out

    assert main(["--data-dir", data, "audit", "verify", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True and doc["entries"] == 4

    raw(office_ctx, "UPDATE audit_log SET detail='{}' WHERE seq=2")
    assert main(["--data-dir", data, "--lang", "en", "audit", "verify"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "Audit entry 2 was edited (its fields do not match its hash)."

    assert main(["--data-dir", data, "audit", "verify", "--json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["first_broken_seq"] == 2
    assert captured.err.count("\n") == 1


def test_cli_audit_list(office_ctx, capsys):
    append_entries(office_ctx, 3)
    data = str(office_ctx.paths.root)
    assert main(["--data-dir", data, "audit", "list", "--limit", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [e["seq"] for e in doc["entries"]] == [4, 3]
    assert doc["entries"][0]["detail"] == {"n": 2} and doc["entries"][0]["at"].endswith("+09:00")
    assert main(["--data-dir", data, "audit", "list"]) == 0
    assert "office.init" in capsys.readouterr().out
    assert main(["--data-dir", data, "audit", "list", "--limit", "0"]) == 2


def test_cli_audit_verify_as_a_real_process(office_ctx):
    """Exit codes and stderr as a script sees them: one sentence, no traceback."""
    append_entries(office_ctx, 2)
    data = str(office_ctx.paths.root)
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def run():
        return subprocess.run(
            [sys.executable, "-m", "counter_app", "--data-dir", data, "--lang", "en", "audit", "verify"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    ok = run()
    assert ok.returncode == 0, ok.stderr
    assert "3 audit entries" in ok.stdout and ok.stderr == ""
    raw(office_ctx, "DELETE FROM audit_log WHERE seq=3")
    broken = run()
    assert broken.returncode == 1
    assert broken.stdout == ""
    assert broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr
    assert "missing after seq 2" in broken.stderr


# ---------------------------------------------------------------- the signed anchor
def head(ctx) -> tuple[int, str]:
    ANCHOR_WRITER.flush()
    conn = sqlite3.connect(ctx.paths.database)
    try:
        return conn.execute("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()


def forged_signer(office_code: str = "2611051000", terminal: str = "T1"):
    """A forger's own root and terminal certificate, named exactly like the office's."""
    from counter_app import pki

    root_key, root = pki.create_root(office_code, "부산광역시 중구 중앙동 행정복지센터", dt.datetime.now(dt.UTC))
    key = pki.generate_key()
    cert = pki.issue_terminal_certificate(root_key, root, terminal, key.public_key(), dt.datetime.now(dt.UTC))
    return pki.TerminalSigner(key, cert, root)


def test_anchor_is_signed_by_this_terminal(office_ctx):
    append_entries(office_ctx, 2)
    anchor = read_anchor(anchor_path_for_database(office_ctx.paths.database))
    assert anchor.signed and len(anchor.signature) == 64
    result = verify(office_ctx)
    assert result.ok and result.signed_by == "2611051000/T1" and result.anchor_seq == 3
    assert "signed by terminal 2611051000/T1" in result.message().en


def test_database_and_unsigned_anchor_rewritten_together_are_caught(office_ctx):
    append_entries(office_ctx, 4)
    raw(office_ctx, "UPDATE audit_log SET operator='nobody' WHERE seq=2")
    rehash_from(office_ctx, 2)
    path = anchor_path_for_database(office_ctx.paths.database)
    path.unlink()
    write_anchor(path, *head(office_ctx))  # what the old program's anchor looked like: no signature
    result = verify(office_ctx)
    assert (result.ok, result.problem) == (False, ANCHOR_UNSIGNED)
    assert "no terminal signature" in result.message().en


def test_database_and_anchor_signed_by_another_key_are_caught(office_ctx):
    append_entries(office_ctx, 4)
    raw(office_ctx, "DELETE FROM audit_log WHERE seq >= 4")
    path = anchor_path_for_database(office_ctx.paths.database)
    path.unlink()
    write_anchor(path, *head(office_ctx), signer=forged_signer())
    result = verify(office_ctx)
    assert (result.ok, result.problem) == (False, ANCHOR_FOREIGN)
    assert "not signed by this terminal" in result.message().en


def test_a_forger_who_also_replaces_the_office_root_is_caught_by_the_exported_root(office_ctx):
    exported = office_ctx.office.root_certificate_pem()  # kept off the machine
    append_entries(office_ctx, 3)
    raw(office_ctx, "DELETE FROM audit_log WHERE seq >= 3")
    forger = forged_signer()
    from counter_app import pki

    raw(office_ctx, "UPDATE office SET root_certificate=?", pki.to_der(forger.root))
    path = anchor_path_for_database(office_ctx.paths.database)
    path.unlink()
    write_anchor(path, *head(office_ctx), signer=forger)
    assert verify(office_ctx).ok  # the profile's root was replaced too: said plainly in audit.py
    with office_ctx.db.read() as s:
        result = office_ctx.audit.verify(s, trusted_root=exported)
    assert (result.ok, result.problem) == (False, ROOT_MISMATCH)


def test_altered_anchor_signature_is_caught(office_ctx):
    append_entries(office_ctx, 2)
    path = anchor_path_for_database(office_ctx.paths.database)
    record = json.loads(path.read_bytes())
    sig = bytearray(base64.b64decode(record["sig"]))
    sig[10] ^= 1
    record["sig"] = base64.b64encode(bytes(sig)).decode()
    record["check"] = _anchor_check(record["seq"], record["hash"], record["written_at"], record["sig"], record["cert"])
    path.write_text(json.dumps(record))
    result = verify(office_ctx)
    assert (result.ok, result.problem) == (False, ANCHOR_BAD_SIGNATURE)


def test_anchor_signed_by_another_offices_terminal_is_foreign(office_ctx, tmp_path):
    from helpers.intake import make_office_dir

    from counter_app import pki

    other = tmp_path / "other"
    make_office_dir(other, "another passphrase")
    append_entries(office_ctx, 1)
    path = anchor_path_for_database(office_ctx.paths.database)
    path.unlink()
    write_anchor(path, *head(office_ctx), signer=pki.load_terminal_signer(pki.terminal_key_path(other)))
    assert (verify(office_ctx).ok, verify(office_ctx).problem) == (False, ANCHOR_FOREIGN)


def test_anchor_signed_by_a_revoked_certificate_fails(office_ctx):
    append_entries(office_ctx, 2)
    raw(office_ctx, "UPDATE terminal_certificates SET revoked_at='2026-11-24T02:00:00.000000+00:00'")
    assert (verify(office_ctx).ok, verify(office_ctx).problem) == (False, ANCHOR_REVOKED)


def test_revoking_through_the_program_replaces_the_key_and_keeps_the_log_verifiable(office_ctx):
    from conftest import PASSPHRASE

    old = office_ctx.office.terminal_signer().serial
    out = office_ctx.office.revoke_certificate(PASSPHRASE, "S001", "lost laptop")
    new = office_ctx.office.terminal_signer().serial
    assert new != old and out["revoked"] == format(old, "x") and out["issued"] == format(new, "x")
    assert office_ctx.office.revoked_serials() == {old}
    result = verify(office_ctx)
    assert result.ok and result.signed_by == "2611051000/T1"


def test_an_office_without_certificates_keeps_unsigned_anchors(ctx):
    """Before migration 0003's certificates exist (an old office, not unlocked since), an unsigned
    anchor is all there can be: it is still checked."""
    append_entries(ctx, 2)
    result = verify(ctx)
    assert result.ok and result.signed_by is None and "not signed" in result.message().en


def test_anchor_signature_is_made_once_per_commit(office_ctx, monkeypatch):
    from counter_app import pki
    from counter_app.offline.audit import ANCHOR_WRITER

    ANCHOR_WRITER.flush()  # the office set-up's own anchor is written
    calls = []
    real = pki.TerminalSigner.sign
    monkeypatch.setattr(pki.TerminalSigner, "sign", lambda self, data: calls.append(1) or real(self, data))
    with office_ctx.db.write() as s:
        for _ in range(5):
            office_ctx.audit.append(s, "C001", "x")
    ANCHOR_WRITER.flush()
    assert len(calls) == 1 and verify(office_ctx).ok


def test_the_anchor_is_moved_off_the_committing_thread_and_every_reader_waits_for_it(office_ctx, monkeypatch):
    """An ordinary commit hands its head to the anchor thread and returns; verify, a re-read of
    the anchor and closing the database all see the newest head (audit.py module docstring)."""
    import threading

    from counter_app.offline import audit as auditmod

    auditmod.ANCHOR_WRITER.flush()
    writers = []
    real = auditmod.write_anchor

    def recording(*args, **kwargs):
        writers.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(auditmod, "write_anchor", recording)
    with office_ctx.db.write() as s:
        head = office_ctx.audit.append(s, "C001", "x")
    anchor = auditmod.read_anchor(auditmod.anchor_path_for_database(office_ctx.paths.database))
    assert anchor.seq == head.seq and anchor.entry_hash == head.entry_hash
    assert writers == ["audit-anchor"]
    for _ in range(3):
        with office_ctx.db.write() as s:
            head = office_ctx.audit.append(s, "C001", "y")
    office_ctx.db.dispose()  # closing waits for the pending head
    on_disk = auditmod._parse_anchor(auditmod.anchor_path_for_database(office_ctx.paths.database).read_bytes())
    assert on_disk.seq == head.seq and set(writers) == {"audit-anchor"}


# ---------------------------------------------------------------- the cases table
def submitted(office_ctx, n: int = 2) -> list:
    from helpers.intake import PETITION_DOC, doc

    from counter_app.actor import Actor

    clerk = Actor("C001", "김철수")
    results = [office_ctx.queue.submit(clerk, doc(PETITION_DOC, title=f"건의 {i}")) for i in range(n)]
    ANCHOR_WRITER.flush()
    return results


def test_case_edited_by_raw_sql_is_named(office_ctx):
    cases = submitted(office_ctx, 3)
    assert verify(office_ctx).ok and verify(office_ctx).cases_checked == 3
    raw(office_ctx, "UPDATE cases SET applicant_phone='+821099998888' WHERE case_id=?", cases[1].case_id)
    result = verify(office_ctx)
    assert (result.ok, result.problem) == (False, CASE_CHANGED)
    assert [p.receipt_no for p in result.case_problems] == [cases[1].receipt_no]
    assert (
        result.message().en
        == f"Case {cases[1].receipt_no} was changed outside the program (it does not match its audit entry)."
    )


def test_sealed_rrn_swapped_by_raw_sql_is_caught(office_ctx):
    from helpers.intake import CONTRACT_DOC, doc

    from counter_app.actor import Actor

    clerk = Actor("C001", "김철수")
    a = office_ctx.queue.submit(clerk, doc(CONTRACT_DOC))
    raw(office_ctx, "UPDATE cases SET rrn_sealed=x'00' WHERE case_id=?", a.case_id)
    assert verify(office_ctx).problem == CASE_CHANGED


def test_how_a_case_was_received_is_covered_because_it_moves_the_deadline(office_ctx):
    """received_via_system decides whether outage periods are left out of the deadline (시행령
    제20조 2호): flipping it with raw SQL, to stretch a due date, is caught like any other edit."""
    cases = submitted(office_ctx, 2)
    raw(office_ctx, "UPDATE cases SET received_via_system=1 WHERE case_id=?", cases[0].case_id)
    result = verify(office_ctx)
    assert (result.ok, result.problem) == (False, CASE_CHANGED)
    assert [p.receipt_no for p in result.case_problems] == [cases[0].receipt_no]


def test_an_entry_from_before_version_2_is_checked_against_the_columns_it_hashed(office_ctx):
    """Entries written before received_via_system was covered carry a hash over the version 1
    columns and no version: they still verify, and an edit of what they covered is still caught."""
    from counter_app.offline.audit import CASE_CONTENT_COLUMNS_V1, CONTENT_HASH_VERSION_KEY

    cases = submitted(office_ctx, 2)
    conn = sqlite3.connect(office_ctx.paths.database)
    row = dict(
        zip(
            CASE_CONTENT_COLUMNS_V1,
            conn.execute(
                f"SELECT {', '.join(CASE_CONTENT_COLUMNS_V1)} FROM cases WHERE case_id=?", (cases[0].case_id,)
            ).fetchone(),
            strict=True,
        )
    )
    conn.close()
    with office_ctx.db.write() as s:  # what an older program appended for an edit of this case
        office_ctx.audit.append(
            s,
            "C001",
            "case.edit",
            case_id=cases[0].case_id,
            detail={"fields": ["title"], "receipt_no": cases[0].receipt_no, "content_hash": case_content_hash(row, 1)},
        )
    conn = sqlite3.connect(office_ctx.paths.database)
    (detail,) = conn.execute("SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    conn.close()
    assert CONTENT_HASH_VERSION_KEY not in detail
    assert verify(office_ctx).ok
    raw(office_ctx, "UPDATE cases SET title='바뀐 제목' WHERE case_id=?", cases[0].case_id)
    result = verify(office_ctx)
    assert (result.ok, result.problem) == (False, CASE_CHANGED)
    assert [p.receipt_no for p in result.case_problems] == [cases[0].receipt_no]


def test_case_deleted_by_raw_sql_is_named(office_ctx):
    cases = submitted(office_ctx, 2)
    conn = sqlite3.connect(office_ctx.paths.database)
    (pk,) = conn.execute("SELECT id FROM cases WHERE case_id=?", (cases[0].case_id,)).fetchone()
    conn.execute("DELETE FROM case_transitions WHERE case_pk=?", (pk,))
    conn.execute("DELETE FROM cases WHERE id=?", (pk,))
    conn.commit()
    conn.close()
    result = verify(office_ctx)
    assert (result.ok, result.problem) == (False, CASE_MISSING)
    assert f"Case {cases[0].receipt_no} was deleted outside the program" in result.message().en


def test_case_inserted_by_raw_sql_is_named(office_ctx):
    submitted(office_ctx, 1)
    raw(
        office_ctx,
        "INSERT INTO cases (case_id, receipt_no, state, office_code, terminal, clerk, disclose, created_at, "
        "updated_at, attempts) VALUES ('00000000-0000-4000-8000-000000000001', '2611051000-20261124-T1-9000', "
        "'QUEUED', '2611051000', 'T1', 'C001', 0, '2026-11-24T01:00:00.000000+00:00', "
        "'2026-11-24T01:00:00.000000+00:00', 0)",
    )
    result = verify(office_ctx)
    assert (result.ok, result.problem) == (False, CASE_UNRECORDED)
    assert "2611051000-20261124-T1-9000 is not in the audit log" in result.message().en


def test_an_edit_through_the_program_records_the_new_content(office_ctx):
    from helpers.intake import PETITION_DOC, doc

    from counter_app.actor import Actor

    (case,) = submitted(office_ctx, 1)
    office_ctx.queue.edit(Actor("C001", "김철수"), case.case_id, doc(PETITION_DOC, title="고친 제목"), "오타 수정")
    result = verify(office_ctx)
    assert result.ok and result.cases_checked == 1


def test_case_content_hash_is_the_same_for_stored_and_orm_forms():
    at = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
    stored = {
        "case_id": "c",
        "received_at": "2026-11-24T01:00:00.000000+00:00",
        "disclose": 0,
        "rrn_sealed": b"\x01\x02",
        "title": "제목",
    }
    orm = {
        "case_id": "c",
        "received_at": at.astimezone(dt.timezone(dt.timedelta(hours=9))),
        "disclose": False,
        "rrn_sealed": b"\x01\x02",
        "title": "제목",
    }
    assert case_content_hash(stored) == case_content_hash(orm)
    assert case_content_hash({**stored, "title": "제목 "}) != case_content_hash(stored)
    assert case_content_hash({**stored, "rrn_sealed": b"\x01\x03"}) != case_content_hash(stored)


def test_cli_audit_verify_names_a_changed_case(office_ctx, capsys):
    cases = submitted(office_ctx, 1)
    data = str(office_ctx.paths.root)
    raw(office_ctx, "UPDATE cases SET content='바뀐 내용' WHERE case_id=?", cases[0].case_id)
    assert main(["--data-dir", data, "--lang", "en", "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert cases[0].receipt_no in err and err.count("\n") == 1
    assert main(["--data-dir", data, "audit", "verify", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["cases"] == [{"problem": "case_changed", "case_id": cases[0].case_id, "receipt_no": cases[0].receipt_no}]


def test_cli_audit_verify_with_the_exported_root(office_ctx, capsys, tmp_path):
    data = str(office_ctx.paths.root)
    pem = tmp_path / "office-root.pem"
    assert main(["--data-dir", data, "office", "certificate", "--out", str(pem)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "--lang", "en", "audit", "verify", "--root", str(pem)]) == 0
    assert "signed by terminal 2611051000/T1" in capsys.readouterr().out
    from counter_app import pki

    pem.write_bytes(pki.to_pem(forged_signer().root))
    assert main(["--data-dir", data, "--lang", "en", "audit", "verify", "--root", str(pem)]) == 1
    assert "not the office root certificate given" in capsys.readouterr().err


def test_a_lost_key_file_shows_in_verify_until_a_supervisor_issues_a_new_one(office_ctx):
    from conftest import PASSPHRASE

    office_ctx.office.key_path.unlink()
    append_entries(office_ctx, 1)  # the commit's anchor cannot be signed
    result = verify(office_ctx)
    assert (result.ok, result.problem) == (False, ANCHOR_UNSIGNED) and "office certificate issue" in result.message().en
    office_ctx.office.issue_certificate(PASSPHRASE, "S001")  # its own audited commit re-signs the anchor
    assert verify(office_ctx).ok


def test_the_content_hash_columns_never_change_order():
    """Stored create/edit entries carry hashes over exactly these columns in exactly this order
    (CASE_CONTENT_COLUMNS takes offline.models.CASE_APPLICATION_COLUMNS whole): a reorder or a
    removal there would make every existing case look changed to `audit verify`. A new version
    appends columns and gets a new number; version 1 stays as entries before 2026-12 hashed it."""
    from counter_app.offline.audit import CASE_CONTENT_COLUMNS, CASE_CONTENT_COLUMNS_V1, CONTENT_HASH_VERSION

    assert CASE_CONTENT_COLUMNS_V1 == (
        "case_id", "receipt_no", "office_code", "terminal", "clerk", "channel", "category", "service_code",
        "title", "content", "applicant_kind", "applicant_name", "applicant_birth_date", "applicant_gender",
        "applicant_phone", "applicant_email", "applicant_address", "applicant_postcode", "rrn_sealed", "disclose",
        "notify_by", "region", "attachments_note", "import_key", "received_at",
    )  # fmt: skip
    assert CASE_CONTENT_COLUMNS == (*CASE_CONTENT_COLUMNS_V1, "received_via_system")
    assert CONTENT_HASH_VERSION == 2
