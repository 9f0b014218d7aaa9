"""Acceptance as an adversary (issue 6 §1): text-direction overrides. Control characters were
refused in a case document, but U+202E (RIGHT-TO-LEFT OVERRIDE) and zero-width characters were
not: an applicant name '홍\\u202e길동' was stored, and the receipt printed for the citizen shows a
reordered name. They are refused now like ESC, with the field named."""

from __future__ import annotations

import json

from helpers.cli import run_cli
from helpers.intake import PETITION_DOC, doc

HOSTILE = [
    ("applicant.name", "홍\u202e길동"),
    ("applicant.name", "홍\u2067길동\u2069"),
    ("applicant.name", "홍\u200b길동"),
    ("applicant.address", "부산 중구 \u202d중앙대로 1"),
    ("title", "가로등 \u202e고장"),
    ("content", "내용 \u2066뒤집기\u2069 끝"),
    ("content", "C1 제어 \x9b2J 문자"),
]


def test_direction_overrides_and_invisible_characters_are_refused(office_dir, tmp_path, capsys):
    f = tmp_path / "case.json"
    for path, value in HOSTILE:
        f.write_text(json.dumps(doc(PETITION_DOC, **{path: value}), ensure_ascii=False), encoding="utf-8")
        code, out, err = run_cli(capsys, "--lang", "en", "--data-dir", str(office_dir), "intake", "add", str(f))
        assert code == 1 and "control characters" in err and path in err, (path, err)
        assert out == ""


def test_ordinary_text_with_emoji_and_line_breaks_still_goes_in(office_dir, tmp_path, capsys):
    f = tmp_path / "case.json"
    f.write_text(
        json.dumps(doc(PETITION_DOC, content="가로등이 꺼졌어요 😢\n밤길이 어둡습니다 — café"), ensure_ascii=False),
        encoding="utf-8",
    )
    code, out, err = run_cli(capsys, "--data-dir", str(office_dir), "intake", "add", str(f))
    assert code == 0 and out.strip(), err
