"""The hash-chained audit log: what verify catches (edits, deletions, reordering, a cut-off tail,
a rewritten chain) and the `audit verify` command's exit codes."""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.offline.audit import (ANCHOR_RECORD_SIZE, DELETED_OR_REORDERED, EDITED, MISSING_TAIL, REWRITTEN,
                                       Anchor, AuditLog, anchor_path_for_database, entry_digest, read_anchor,
                                       write_anchor)

ROOT = Path(__file__).resolve().parents[2]


def append_entries(ctx, n: int, log: AuditLog | None = None) -> AuditLog:
    log = log or AuditLog("T1", ctx.clock)
    for i in range(n):
        with ctx.db.write() as s:
            log.append(s, "C001", "case.submit", case_id=f"case-{i}", detail={"n": i})
        ctx.clock.advance(seconds=1)
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
        rows = conn.execute("SELECT seq, at, operator, terminal, action, case_id, reason, detail, prev_hash "
                            "FROM audit_log ORDER BY seq").fetchall()
        prev = None
        for seq, at, operator, terminal, action, case_id, reason, detail, prev_hash in rows:
            if seq < start_seq:
                prev = conn.execute("SELECT entry_hash FROM audit_log WHERE seq=?", (seq,)).fetchone()[0]
                continue
            digest = entry_digest(prev, seq, dt.datetime.fromisoformat(at), operator, terminal, action, case_id,
                                  reason, detail)
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
        "SELECT seq, at, operator, terminal, action, case_id, reason, detail, prev_hash FROM audit_log WHERE seq=3").fetchone()
    conn.execute("UPDATE audit_log SET entry_hash=? WHERE seq=3",
                 (entry_digest(prev, seq, dt.datetime.fromisoformat(at), op, term, action, case_id, reason, detail),))
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


def test_missing_or_unreadable_anchor_still_verifies_the_chain(ctx):
    append_entries(ctx, 3)
    anchor = anchor_path_for_database(ctx.paths.database)
    anchor.write_text("{not json", encoding="utf-8")
    result = verify(ctx)
    assert result.ok and not result.anchored and "no anchor" in result.message().en
    anchor.unlink()
    assert verify(ctx).ok


def test_anchor_write_failure_does_not_undo_the_commit(ctx):
    anchor = anchor_path_for_database(ctx.paths.database)
    anchor.mkdir()  # the anchor cannot be written
    append_entries(ctx, 2)
    with ctx.db.read() as s:
        assert len(ctx.audit.recent(s, 10)) == 2  # both committed despite the anchor failure
    assert verify(ctx).ok


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
        return subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", data, "--lang", "en",
                               "audit", "verify"], capture_output=True, text=True, env=env, timeout=60)

    ok = run()
    assert ok.returncode == 0, ok.stderr
    assert "3 audit entries" in ok.stdout and ok.stderr == ""
    raw(office_ctx, "DELETE FROM audit_log WHERE seq=3")
    broken = run()
    assert broken.returncode == 1
    assert broken.stdout == ""
    assert broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr
    assert "missing after seq 2" in broken.stderr
