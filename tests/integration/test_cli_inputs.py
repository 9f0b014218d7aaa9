"""Bad input, limits and faults through the real command line (issue 6 §3, §1 bullets 1 and 6).

Most runs are whole processes (`run_cli_process`): a traceback, a closed pipe, a process umask
or a read-only directory only show their real effect there.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlalchemy
from helpers.cli import run_cli, run_cli_process
from helpers.intake import CONTRACT_DOC, PETITION_DOC
from status_servers import body, json_body, native_feed

FIXTURES = Path(__file__).parent.parent / "fixtures" / "old_databases"


def one_sentence(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


# ---------------------------------------------------------------- hostile documents and paths
@pytest.mark.parametrize(
    "content,fragment",
    [
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
        ('{"channel": ' + "9" * 5000 + "}", "too many digits"),
        ('{"title": "\xff"}'.encode("latin-1"), "not UTF-8 (line 1, byte 12)"),
    ],
)
def test_hostile_case_documents_get_one_sentence(office_dir, tmp_path, content, fragment):
    f = tmp_path / "case.json"
    if isinstance(content, bytes):
        f.write_bytes(content)
    else:
        f.write_text(content, encoding="utf-8")
    result = run_cli_process("--data-dir", str(office_dir), "--lang", "en", "intake", "add", str(f))
    assert result.returncode == 1 and result.stdout == ""
    assert fragment in one_sentence(result.stderr)


def test_dev_zero_as_the_file_stops_at_once(office_dir):
    result = run_cli_process("--data-dir", str(office_dir), "--lang", "en", "intake", "add", "/dev/zero", timeout=30)
    assert result.returncode == 1
    assert "regular file" in one_sentence(result.stderr)


def test_dev_zero_on_stdin_stops_at_the_size_cap(office_dir):
    with open("/dev/zero", "rb") as zero:
        result = run_cli_process(
            "--data-dir", str(office_dir), "--lang", "en", "intake", "add", "-", stdin=zero, timeout=30
        )
    assert result.returncode == 1
    assert "too large (limit 1 MB)" in one_sentence(result.stderr)


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(office_dir, tmp_path):
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    result = run_cli_process("--data-dir", str(office_dir), "--lang", "en", "intake", "add", str(fifo), timeout=30)
    assert result.returncode == 1
    assert "regular file" in one_sentence(result.stderr)


@pytest.mark.parametrize(
    "data_dir,fragment",
    [
        ("/etc/passwd", "is a file, not a folder"),
        ("/etc/passwd/office", "Cannot create the data folder"),
    ],
)
def test_data_dir_that_is_a_file_or_cannot_be_created(data_dir, fragment):
    result = run_cli_process("--data-dir", data_dir, "--lang", "en", "queue", "stats", "--json")
    assert result.returncode == 1 and result.stdout == ""
    assert fragment in one_sentence(result.stderr)


def test_the_desktop_program_on_a_data_dir_that_is_a_file_says_so(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = run_cli_process("--data-dir", "/etc/passwd", "--lang", "en", env=env, timeout=60)
    assert result.returncode == 1
    assert "is a file, not a folder" in one_sentence(result.stderr)


def test_a_valid_document_still_goes_in(office_dir, tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps(PETITION_DOC, ensure_ascii=False), encoding="utf-8")
    result = run_cli_process("--data-dir", str(office_dir), "intake", "add", str(f), "--json")
    assert result.returncode == 0, result.stderr
    assert {"case_id", "receipt_no", "due_date"} <= set(json.loads(result.stdout))


@pytest.mark.parametrize(
    "payload,fragment",
    [
        (b"[" * 200_000 + b"]" * 200_000, "nested too deeply (limit 64 levels)"),
        (b'{"components": [{"id": ' + b"9" * 5000 + b"}]}", "too many digits (limit 100)"),
    ],
)
def test_a_hostile_status_feed_is_a_source_error_naming_the_limit(data_dir, status_server, payload, fragment):
    url = status_server.route("/feed.json", body(payload))
    result = run_cli_process(
        "--data-dir", str(data_dir), "--lang", "en", "status", "--source", f"native:{url}", "--refresh"
    )
    assert result.returncode == 1  # every source failed; the board from the cache is still printed
    assert fragment in one_sentence(result.stderr) and result.stdout


# ---------------------------------------------------------------- a closed pipe
def closed_pipe_stdout():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the program writes a byte: like `| head` having exited
    return write_end


@pytest.mark.parametrize("command", [["audit", "list"], ["queue", "list", "--json"], ["status"]])
def test_a_closed_pipe_ends_quietly(office_dir, command):
    write_end = closed_pipe_stdout()
    try:
        result = run_cli_process("--data-dir", str(office_dir), *command, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == 0
    assert result.stderr == ""  # neither "unexpected error (BrokenPipeError)" nor "Exception ignored"


# ---------------------------------------------------------------- the last-resort handler logs
def test_an_unexpected_failure_is_in_the_log_without_personal_data(office_dir, capsys, logged_errors):
    # a row edited outside the program: its time no longer parses, and holds a name
    conn = sqlite3.connect(office_dir / "counter_app.db")
    conn.execute("UPDATE audit_log SET at = 'not a time 홍길동'")
    conn.commit()
    conn.close()
    code, _, err = run_cli(capsys, "--data-dir", str(office_dir), "--lang", "en", "audit", "list")
    assert code == 1
    assert "details are in logs/counter_app.log" in one_sentence(err)
    log_text = (office_dir / "logs" / "counter_app.log").read_text(encoding="utf-8")
    failure = log_text[log_text.index("command audit list failed") :]
    assert "Traceback" in failure and "ValueError" in failure and 'File "' in failure
    assert "commands/audit.py" in failure  # where it failed
    assert "홍길동" not in log_text  # the exception's message (the value) is not logged
    assert [r.getMessage() for r in logged_errors] == ["command audit list failed"]


def test_failure_before_the_office_is_opened_is_logged_too(data_dir, logged_errors):
    import argparse

    from counter_app import logsetup
    from counter_app.cli import _log_unexpected

    root = logging.getLogger()
    for h in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(h)
        h.close()
    assert logsetup.active_log_file() is None
    try:
        int("홍길동")
    except ValueError as exc:
        assert _log_unexpected(argparse.Namespace(data_dir=str(data_dir), command="intake", intake_command="add"), exc)
    text = (data_dir / "logs" / "counter_app.log").read_text(encoding="utf-8")
    assert "command intake add failed" in text and "ValueError (message not logged)" in text
    assert "홍길동" not in text
    assert len(logged_errors) == 1


# ---------------------------------------------------------------- the data directory is private
@pytest.fixture
def ordinary_umask():
    """Start as a fresh shell would (umask 022), whatever an earlier test opened in this process."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def assert_private(root: Path) -> None:
    wrong = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + [""]:
            mode = stat.S_IMODE(os.lstat(os.path.join(dirpath, name)).st_mode)
            if mode != 0o700:
                wrong.append((os.path.join(dirpath, name), oct(mode)))
        for name in filenames:
            mode = stat.S_IMODE(os.lstat(os.path.join(dirpath, name)).st_mode)
            if mode != 0o600:
                wrong.append((os.path.join(dirpath, name), oct(mode)))
    assert not wrong, wrong


def test_everything_the_program_writes_is_private(ordinary_umask, office_dir, tmp_path, status_server):
    from counter_app.app import open_context

    case = tmp_path / "case.json"
    case.write_text(json.dumps(PETITION_DOC, ensure_ascii=False), encoding="utf-8")
    result = run_cli_process("--data-dir", str(office_dir), "intake", "add", str(case))
    assert result.returncode == 0, result.stderr
    url = status_server.route("/feed.json", json_body(native_feed(5)))
    result = run_cli_process("--data-dir", str(office_dir), "status", "--source", f"native:{url}", "--refresh")
    assert result.returncode == 0, result.stderr
    os.umask(0o022)  # the in-process part starts from an ordinary umask too
    ctx = open_context(office_dir, lang="ko")
    try:
        ctx.settings.set("idle_lock_minutes", 7)  # settings.json
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "_counter_app", False))
        handler.doRollover()  # log rotation: the rotated file and the new one
        logging.getLogger("counter_app.test").info("after the rollover")
        handler.flush()
        assert (office_dir / "logs" / "counter_app.log.1").exists()
        with ctx.db.read() as s:  # -wal and -shm exist while the database is open
            s.execute(sqlalchemy.text("SELECT count(*) FROM cases"))
            assert (office_dir / "counter_app.db-wal").exists()
            assert_private(office_dir)
    finally:
        ctx.close()
    assert (office_dir / "settings.json").exists() and (office_dir / "counter_app.audit-anchor.json").exists()
    assert_private(office_dir)


def test_a_migration_backup_is_private(ordinary_umask, tmp_path):
    from counter_app.app import open_context

    old = tmp_path / "old"
    old.mkdir(mode=0o755)
    shutil.copy(FIXTURES / "v0001.counter-db", old / "counter_app.db")  # a real schema-0001 database
    os.chmod(old / "counter_app.db", 0o644)
    open_context(old, lang="ko").close()
    assert len(list((old / "backups").iterdir())) == 1
    assert_private(old)


def test_an_existing_open_directory_is_repaired_and_the_repair_logged(ordinary_umask, office_dir):
    from counter_app.app import open_context

    for dirpath, _dirnames, filenames in os.walk(office_dir):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)
    ctx = open_context(office_dir, lang="ko")
    ctx.close()
    assert_private(office_dir)
    log_text = (office_dir / "logs" / "counter_app.log").read_text(encoding="utf-8")
    assert "made the data directory private: " in log_text and " 0 file(s)" not in log_text


# ---------------------------------------------------------------- a read-only data directory
def read_only_prefix() -> tuple[str, ...]:
    """How to run the CLI so that file modes bind it. root ignores modes, so as root the process
    runs without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (setpriv from util-linux): a real
    permission check by the kernel, on the same files."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make the kernel enforce a read-only directory")
    caps = "-dac_override,-dac_read_search"
    return (setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}")


@pytest.fixture
def read_only_office(office_dir):
    for dirpath, _dirs, filenames in os.walk(office_dir):
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o400)
    for dirpath, _dirs, _files in os.walk(office_dir, topdown=False):
        os.chmod(dirpath, 0o500)
    prefix = read_only_prefix()
    probe = run_cli_process("--data-dir", str(office_dir), "--version", prefix=prefix)
    assert probe.returncode == 0, probe.stderr
    yield office_dir, prefix
    for dirpath, _dirs, filenames in os.walk(office_dir):
        os.chmod(dirpath, 0o700)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o600)


def test_reading_commands_work_in_a_read_only_directory(read_only_office):
    office, prefix = read_only_office
    before = sorted(p.name for p in office.rglob("*"))
    stats = run_cli_process("--data-dir", str(office), "queue", "stats", "--json", prefix=prefix)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["total"] == 0 and stats.stderr == ""
    for command in (["queue", "list"], ["status"], ["audit", "list"], ["office", "show"]):
        result = run_cli_process("--data-dir", str(office), *command, prefix=prefix)
        assert result.returncode == 0 and result.stderr == "", (command, result.stderr)
    verify = run_cli_process("--data-dir", str(office), "--lang", "en", "audit", "verify", prefix=prefix)
    assert verify.returncode == 0, verify.stderr
    assert "checked against the anchor" in verify.stdout  # the anchor beside the database was read
    assert sorted(p.name for p in office.rglob("*")) == before  # nothing was created


def test_writing_commands_say_the_directory_is_read_only(read_only_office, tmp_path):
    office, prefix = read_only_office
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CONTRACT_DOC, ensure_ascii=False), encoding="utf-8")
    os.chmod(tmp_path, 0o755)
    os.chmod(case, 0o644)
    result = run_cli_process("--data-dir", str(office), "--lang", "en", "intake", "add", str(case), prefix=prefix)
    assert result.returncode == 1 and result.stdout == ""
    assert one_sentence(result.stderr) == "The data folder is read-only, so nothing was saved."
    sample = Path(__file__).parents[2] / "resources" / "samples" / "register_sample.csv"
    result = run_cli_process("--data-dir", str(office), "--lang", "en", "intake", "import", str(sample), prefix=prefix)
    assert result.returncode == 1
    assert "read-only" in one_sentence(result.stderr)


def test_a_read_only_directory_without_a_database_says_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o500)
    prefix = read_only_prefix()
    try:
        result = run_cli_process("--data-dir", str(empty), "--lang", "en", "queue", "stats", prefix=prefix)
    finally:
        os.chmod(empty, 0o700)
    assert result.returncode == 1
    assert "read-only and holds no office database" in one_sentence(result.stderr)


# ---------------------------------------------------------------- text output is escaped
def test_text_output_escapes_control_and_bidi_characters(office_dir, capsys, tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps(PETITION_DOC, ensure_ascii=False), encoding="utf-8")
    assert run_cli(capsys, "--data-dir", str(office_dir), "intake", "add", str(f))[0] == 0
    conn = sqlite3.connect(office_dir / "counter_app.db")  # written outside the program
    conn.execute("UPDATE audit_log SET operator = ? WHERE seq = 1", ("\x1b[2J\x1b]0;pwned\x07",))
    conn.execute("UPDATE cases SET service_code = ?", ("\u202egpj.exe\tX",))
    conn.commit()
    conn.close()
    code, out, _ = run_cli(capsys, "--data-dir", str(office_dir), "audit", "list")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[2J\\x1b]0;pwned\\x07" in out
    code, out, _ = run_cli(capsys, "--data-dir", str(office_dir), "queue", "list")
    assert code == 0 and "\u202e" not in out
    assert all(len(line.split("\t")) == 8 for line in out.splitlines())  # a tab in a value shifts no column
    code, out, _ = run_cli(capsys, "--data-dir", str(office_dir), "queue", "list", "--json")
    assert code == 0 and "\u202e" not in out and "\\u202e" in out  # JSON: the same string, spelled \u202e


# ---------------------------------------------------------------- imports
def test_an_import_reaching_the_days_last_receipt_reports_every_row(office_dir, tmp_path, capsys):
    conn = sqlite3.connect(office_dir / "counter_app.db")  # this terminal already used 9,998 numbers that day
    conn.execute("INSERT INTO receipt_counters (terminal, day, last_seq) VALUES ('T1', '20250929', 9998)")
    conn.commit()
    conn.close()
    f = tmp_path / "r.csv"
    f.write_text(
        "접수일시,민원인,민원종류,구분\n"
        "2025-09-29 10:00,김가상,국민신문고 민원,건의\n"  # row 2: number 9,999
        "2025-09-29 10:01,이가상,국민신문고 민원,건의\n"  # row 3: none left that day
        "2025-09-29 10:02,,국민신문고 민원,건의\n"  # row 4: no name
        "2025-09-30 09:00,박가상,국민신문고 민원,건의\n"  # row 5: another day
        "\n"  # row 6: blank
        "2025-09-29 10:03,최가상,국민신문고 민원,건의\n",  # row 7: none left that day
        encoding="utf-8",
    )
    code, out, err = run_cli(capsys, "--data-dir", str(office_dir), "--lang", "en", "intake", "import", str(f))
    assert code == 1
    lines = {int(line.split("\t")[0]): line.split("\t")[1:] for line in out.splitlines() if "\t" in line}
    assert sorted(lines) == [2, 3, 4, 5, 7]  # every row with content, each once
    assert lines[2][0].endswith(lines[2][0][-1]) and "-9999-" in lines[2][0] and lines[2][1] == "recorded"
    assert lines[3][:2] == ["-", "refused"] and "9999" in lines[3][2] and "another terminal" in lines[3][2]
    assert lines[4][:2] == ["-", "refused"]
    assert "-20250930-T1-0001-" in lines[5][0]
    assert lines[7][:2] == ["-", "refused"] and "9999" in lines[7][2]
    assert "6 rows" not in out and "5 rows: 2 recorded, 0 already there, 3 with errors, 0 not tried." in out
    assert "another terminal" in err.splitlines()[-1] and "skips the rows already recorded" in err
    code, out, _ = run_cli(capsys, "--data-dir", str(office_dir), "--lang", "en", "intake", "import", str(f), "--json")
    report = json.loads(out)
    assert [(r["row"], r["outcome"]) for r in report["rows_report"]] == [
        (2, "duplicate"),
        (3, "refused"),
        (4, "refused"),
        (5, "duplicate"),
        (6, "blank"),
        (7, "refused"),
    ]


def test_rows_after_the_database_stopped_taking_them_are_not_tried(office_dir, tmp_path):
    from counter_app.actor import Actor
    from counter_app.app import AppContext, open_context
    from counter_app.intake_import import import_register
    from counter_app.offline.db import Database

    opened = open_context(office_dir, lang="en")
    read_only = AppContext(opened.paths, opened.settings, Database(opened.paths.database, read_only=True))
    f = tmp_path / "r.csv"
    f.write_text(
        "접수일시,민원인,민원종류\n2025-09-29 10:00,김가상,국민신문고 민원\n2025-09-29 10:01,이가상,국민신문고 민원\n",
        encoding="utf-8",
    )
    try:
        report = import_register(f, read_only.queue, Actor("C001", "김직원"), read_only.catalogue)
    finally:
        read_only.close()
        opened.close()
    assert report.imported == [] and report.not_tried == [2, 3]
    assert [o for _, o, _ in report.outcomes()] == ["not_tried", "not_tried"]
    assert "read-only" in report.stopped.text("en")


def xlsx_with_one_huge_cell(path: Path, cell_bytes: int) -> None:
    """An .xlsx (valid zip, valid sheet XML) whose one inline-string cell holds `cell_bytes`
    letters: a few hundred KB on disk, a huge string once inflated."""
    import zipfile

    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
        'xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            )
            chunk = b"A" * (64 * 1024)
            for _ in range(cell_bytes // len(chunk)):
                fh.write(chunk)
            fh.write(b"</t></is></c></row></sheetData></worksheet>")


# Runs the import under a small intermediate Python: Linux starts a forked child's peak RSS at its
# parent's size, so measured straight from the (large, late in a full run) pytest process the
# figure says more about pytest than about the import.
_PEAK_RSS_WRAPPER = """
import os, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(proc.stderr)
print(proc.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss_mb_of_import(office_dir: Path, path: Path) -> tuple[int, str, float]:
    """Run `intake import` as its own process; its own peak RSS (Linux: KiB)."""
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _PEAK_RSS_WRAPPER,
            sys.executable,
            "-m",
            "counter_app",
            "--data-dir",
            str(office_dir),
            "--lang",
            "en",
            "intake",
            "import",
            str(path),
        ],
        capture_output=True,
        cwd=str(Path(__file__).parents[2]),
    )
    code, max_rss_kib = proc.stdout.decode().split()
    return int(code), proc.stderr.decode("utf-8", "replace"), int(max_rss_kib) / 1024


@pytest.mark.slow
def test_an_xlsx_with_one_huge_cell_is_refused_with_bounded_memory(office_dir, tmp_path):
    bomb = tmp_path / "register.xlsx"
    xlsx_with_one_huge_cell(bomb, 1500 * 1024 * 1024)  # 1.5 GB of one letter
    assert bomb.stat().st_size < 3 * 1024 * 1024  # about 1.5 MB on disk, like the file in the issue
    code, err, peak_mb = peak_rss_mb_of_import(office_dir, bomb)
    assert code == 1
    assert "zip bomb" in one_sentence(err)
    assert peak_mb < 300, peak_mb


def test_an_xlsx_cell_longer_than_excel_allows_is_refused(office_dir, tmp_path):
    from counter_app.errors import UserError
    from counter_app.intake_import import read_table

    big = tmp_path / "register.xlsx"
    xlsx_with_one_huge_cell(
        big, 512 * 1024
    )  # 512 KB: within the archive caps (under the ratio floor), not the cell cap
    with pytest.raises(UserError) as err:
        read_table(big)
    assert "32767" in err.value.text("en") and "Row 1" in err.value.text("en")
