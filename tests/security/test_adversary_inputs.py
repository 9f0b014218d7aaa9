"""Acceptance as an adversary (issue 6 §3): hostile files for `intake import`, through the real
command line."""

from __future__ import annotations

import os

from helpers.cli import run_cli

HEADER = (
    "접수일시/received_at,민원인/name,생년월일/birth_date,연락처/phone,주소/address,우편번호/postcode,"
    "민원종류/service,구분/category,경로/channel,제목/title,내용/content"
)
ROW = "2025-09-29 09:12,김가상,1985-03-14,010-2345-6789,부산 중구,48939,국민신문고 민원,건의,방문,제목,내용"


def test_import_of_a_device_or_a_pipe_says_what_it_is_not_that_it_is_missing(office_dir, tmp_path, capsys):
    """`intake import /dev/zero` said "No such file" — a lie that sends the clerk looking for it."""
    fifo = tmp_path / "register.csv"
    os.mkfifo(fifo)
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    for target in ("/dev/zero", str(fifo), str(link), str(tmp_path)):
        code, _, err = run_cli(capsys, "--lang", "en", "--data-dir", str(office_dir), "intake", "import", target)
        assert code == 1 and "Only a regular file" in err and "No such file" not in err, err
    code, _, err = run_cli(
        capsys, "--lang", "en", "--data-dir", str(office_dir), "intake", "import", str(tmp_path / "absent.csv")
    )
    assert code == 1 and "No such file" in err


def test_a_column_the_import_does_not_know_is_named_not_dropped_silently(office_dir, tmp_path, capsys):
    """A register with a 비고 (note) column: its contents were dropped without a word in text mode."""
    f = tmp_path / "register.csv"
    f.write_text(f"{HEADER},비고/note\n{ROW},민원인이 재방문 예정\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--lang", "en", "--data-dir", str(office_dir), "intake", "import", str(f))
    assert code == 0 and "1 recorded" in out
    assert "not recognised" in err and "비고/note" in err
