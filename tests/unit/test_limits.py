"""Bounded readers (counter_app/limits.py) and terminal-safe text (counter_app/textout.py)."""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile

import pytest

from counter_app import limits
from counter_app.limits import InputError
from counter_app.textout import SafeTextStream, escape, escape_json_text, write_fields


# ---------------------------------------------------------------- textout
@pytest.mark.parametrize(
    "raw,shown",
    [
        ("\x1b[2J", "\\x1b[2J"),  # ESC: clears the screen
        ("abc\u202egpj.exe", "abc\\u202egpj.exe"),  # RIGHT-TO-LEFT OVERRIDE
        ("\u2066x\u2069", "\\u2066x\\u2069"),  # isolates
        ("\u200e\u200f", "\\u200e\\u200f"),  # directional marks
        ("\x9b31m", "\\x9b31m"),  # C1 CSI
        ("a\x00b\x7f", "a\\x00b\\x7f"),
        ("tab\there\nnext", "tab\\x09here\\x0anext"),
        ("홍길동 C:\\temp", "홍길동 C:\\temp"),  # Korean and backslashes untouched
    ],
)
def test_escape_shows_terminal_active_characters(raw, shown):
    assert escape(raw) == shown


def test_escape_keeps_what_the_caller_keeps():
    assert escape("a\tb\n\x1b", keep="\t\n") == "a\tb\n\\x1b"


def test_json_text_stays_the_same_document_but_inert():
    document = {"name": "\u202e\x1b[2J홍길동\x85", "n": [1, "\u2028"]}
    text = escape_json_text(json.dumps(document, ensure_ascii=False))
    assert json.loads(text) == document
    assert not any(c in text for c in "\u202e\x1b\x85\u2028")
    assert "홍길동" in text


def test_write_fields_escapes_tabs_inside_values():
    out = io.StringIO()
    write_fields(out, ["1", "a\tb", "\x1b]0;title\x07"])
    assert out.getvalue() == "1\ta\\x09b\t\\x1b]0;title\\x07\n"


def test_safe_text_stream_escapes_every_write():
    out = io.StringIO()
    stream = SafeTextStream(out)
    stream.write("ok\t\x1b[31mred\n")
    assert out.getvalue() == "ok\t\\x1b[31mred\n"


# ---------------------------------------------------------------- JSON limits
def test_depth_at_the_limit_is_fine_and_one_deeper_is_refused():
    assert limits.loads("[" * 64 + "]" * 64) == eval("[" * 64 + "]" * 64)
    with pytest.raises(InputError) as err:
        limits.loads("[" * 65 + "]" * 65)
    assert "64" in err.value.text("en") and "nested" in err.value.text("en")


def test_200000_deep_is_refused_before_the_parser():
    with pytest.raises(InputError) as err:
        limits.loads("[" * 200_000 + "]" * 200_000)
    assert "nested too deeply" in err.value.text("en")


def test_brackets_and_digits_inside_strings_are_text():
    value = limits.loads(json.dumps({"title": "[" * 500 + "1" * 500, "q": 'say "[[[" \\'}))
    assert value["title"].startswith("[[[")


@pytest.mark.parametrize("text", ["9" * 101, '{"a": -' + "9" * 5000 + "}", "[1." + "0" * 200 + "]"])
def test_numbers_with_too_many_digits_are_refused(text):
    with pytest.raises(InputError) as err:
        limits.loads(text)
    assert "too many digits" in err.value.text("en") and "100" in err.value.text("en")


def test_a_hundred_digits_are_fine():
    assert limits.loads("9" * 100) == int("9" * 100)


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", '"\\ud800"', '{"a": "x\\udfff"}'])
def test_nan_infinity_and_lone_surrogates_are_refused(text):
    with pytest.raises(InputError):
        limits.loads(text)


def test_syntax_errors_name_line_and_column():
    with pytest.raises(InputError) as err:
        limits.loads('{\n  "a": 1,\n  oops\n}')
    assert "line 3" in err.value.text("en")


def test_utf8_errors_name_the_line_and_byte():
    with pytest.raises(InputError) as err:
        limits.decode_utf8(b'{\n"a": "\xff"}')
    assert "line 2" in err.value.text("en") and "byte 9" in err.value.text("en")


# ---------------------------------------------------------------- bounded reading
def test_read_bytes_stops_at_the_cap(tmp_path):
    f = tmp_path / "f"
    f.write_bytes(b"x" * 100)
    assert limits.read_bytes(f, 100) == b"x" * 100
    with pytest.raises(InputError) as err:
        limits.read_bytes(f, 99)
    assert "too large" in err.value.text("en")


class Endless(io.RawIOBase):
    """Like /dev/zero on stdin: never ends; counts what was taken."""

    def __init__(self):
        self.taken = 0

    def readable(self):
        return True

    def readinto(self, b):
        b[:] = bytes(len(b))
        self.taken += len(b)
        return len(b)


def test_endless_stdin_stops_after_cap_plus_one_byte(monkeypatch):
    endless = Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless, buffer_size=1024)))
    with pytest.raises(InputError):
        limits.read_bytes("-", 10_000)
    assert endless.taken <= 10_000 + 2048


def test_a_fifo_without_a_writer_is_refused_at_once(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as err:
        limits.read_bytes(fifo, 100)
    assert "regular file" in err.value.text("en")


@pytest.mark.parametrize("path,fragment", [("/dev/zero", "regular file"), (".", "folder"), ("/no/such", "No such")])
def test_devices_folders_and_missing_files(path, fragment):
    with pytest.raises(InputError) as err:
        limits.read_bytes(path, 100, stdin_ok=False)
    assert fragment in err.value.text("en") and "\n" not in err.value.text("en")


def test_file_names_in_messages_are_escaped(tmp_path):
    with pytest.raises(InputError) as err:
        limits.read_bytes(tmp_path / "a\x1b[2Jb", 10)
    assert "\x1b" not in err.value.text("en") and "\\x1b" in err.value.text("en")


# ---------------------------------------------------------------- zip archives
def test_zip_bomb_is_refused_from_the_directory_alone(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, z.open("xl/worksheets/sheet1.xml", "w") as fh:
        chunk = b"A" * (1024 * 1024)
        for _ in range(8):
            fh.write(chunk)  # 8 MB of one letter: deflates about 1000:1
    assert bomb.stat().st_size < 100_000
    with pytest.raises(InputError) as err:
        limits.check_zip_archive(bomb)
    assert "zip bomb" in err.value.text("en")


def test_too_many_members_and_too_much_in_total(tmp_path):
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(11):
            z.writestr(f"m{i}", b"x")
    with pytest.raises(InputError):
        limits.check_zip_archive(many, max_members=10)
    limits.check_zip_archive(many, max_members=11)
    with pytest.raises(InputError):
        limits.check_zip_archive(many, max_total=10)


def test_the_shared_strings_table_has_a_tighter_cap(tmp_path):
    book = tmp_path / "strings.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_STORED) as z:
        z.writestr("xl/sharedStrings.xml", b"x" * 2048)
        z.writestr("xl/worksheets/sheet1.xml", b"x" * 2048)
    limits.check_zip_archive(book)
    with pytest.raises(InputError):
        limits.check_zip_archive(book, in_memory={"xl/sharedstrings.xml": 1024})
    limits.check_zip_archive(book, in_memory={"xl/worksheets/sheet2.xml": 1024})
