"""Acceptance as an adversary (issue 6 §1): an RRN typed where nobody thought of looking, in forms
the first detector did not know, through the real command line; then every byte of the data
directory is searched for it. Each test here failed before its fix."""

from __future__ import annotations

import json

import pytest
from conftest import PASSPHRASE
from helpers.cli import run_cli
from helpers.intake import PETITION_DOC, doc
from helpers.operators import add_operators_to_dir, as_operator

from counter_app import pii

RRN = "850314-1357926"
NEEDLES = [RRN.encode(), RRN.replace("-", "").encode(), b"1357926"]


def leaks(data_dir) -> list[str]:
    """Files of the data directory holding the number (or its back half) in clear, as UTF-8."""
    found = []
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            found += [f"{path.name}: {n!r}" for n in NEEDLES if n in blob]
    return found


@pytest.fixture
def office(office_dir, monkeypatch):
    add_operators_to_dir(office_dir)
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    return office_dir


# Variants a clerk's keyboard, a paste from a web page or a scanner's OCR produce. Each was
# stored in clear before: a Latin label run into the number, a zero-width space from a paste,
# Arabic-Indic and mathematical digits (every Unicode decimal digit is a digit), a slash, a
# line break between the halves.
VARIANTS = {
    "latin label": "RRN850314-1357926",
    "latin after": "850314-1357926x",
    "zero-width space": "850314\u200b-1357926",
    "arabic-indic": "٨٥٠٣١٤-١٣٥٧٩٢٦",
    "mathematical bold": "𝟖𝟓𝟎𝟑𝟏𝟒-𝟏𝟑𝟓𝟕𝟗𝟐𝟔",
    "slash": "850314/1357926",
    "line break": "850314\n1357926",
}


@pytest.mark.parametrize("written", VARIANTS.values(), ids=VARIANTS.keys())
def test_rrn_variants_are_found_and_masked(written):
    assert pii.contains_rrn(f"번호 {written} 확인")
    masked = pii.mask_text(f"번호 {written} 확인")
    assert "850314-1******" in masked and "1357926" not in masked


@pytest.mark.parametrize(
    "kept",
    [
        "a3f9c2" + "8503141357926" + "bd",
        "2611051000-20261202-T1-0001-E",
        "010-1234-5678",
        "₩8503141357926",
        "12345678901234",
    ],
)
def test_codes_digests_and_amounts_are_still_left_alone(kept):
    assert not pii.contains_rrn(kept)


def test_intake_add_refuses_the_variants_in_free_text(office, tmp_path, capsys):
    f = tmp_path / "case.json"
    for name, written in VARIANTS.items():
        f.write_text(
            json.dumps(doc(PETITION_DOC, content=f"명의 도용 {written} 확인 바랍니다"), ensure_ascii=False),
            encoding="utf-8",
        )
        code, out, err = run_cli(capsys, "--data-dir", str(office), "intake", "add", str(f))
        assert code == 1 and "content" in err and "1357926" not in out + err, name
    assert not leaks(office)


def test_an_operator_name_holding_an_rrn_is_refused(office, capsys, monkeypatch):
    """`operator add --name '홍 850314-1357926'` stored the number in clear in operators and audit_log."""
    monkeypatch.setenv("COUNTER_APP_NEW_PIN", "284067")
    code, _, err = run_cli(
        capsys,
        "--data-dir",
        str(office),
        *as_operator(monkeypatch, "S001"),
        "operator",
        "add",
        "--staff-id",
        "C004",
        "--name",
        f"홍 {RRN}",
        "--role",
        "clerk",
    )
    assert code == 1 and "주민등록번호" in err and "1357926" not in err
    assert not leaks(office)


def test_the_office_contact_printed_on_every_notice_refuses_rrns_and_controls(office, capsys, monkeypatch):
    """`office set-contact --address '… 850314-1357926'` was stored and printed back in clear; a
    bidi override in the address would reorder what a citizen reads on every printed notice."""
    for value in (f"부산 중구 {RRN}", "부산 \u202e구중 1", "부산 \x1b[2J중구"):
        code, out, err = run_cli(
            capsys,
            "--data-dir",
            str(office),
            *as_operator(monkeypatch, "S001"),
            "office",
            "set-contact",
            "--address",
            value,
            "--phone",
            "051-600-4000",
        )
        assert code == 1 and "1357926" not in out + err, value
    assert not leaks(office)
    code, out, _ = run_cli(capsys, "--data-dir", str(office), "office", "show", "--json")
    assert code == 0 and json.loads(out).get("address") in (None, "")


def test_the_official_name_at_office_init_refuses_rrns_and_controls(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("COUNTER_APP_PIN", "573916")
    for official in (f"김담당 {RRN}", "김\u202e담당", "김\x1b[2J담당"):
        d = tmp_path / "new"
        code, _, err = run_cli(
            capsys,
            "--data-dir",
            str(d),
            "office",
            "init",
            "--code",
            "2611051000",
            "--terminal",
            "T1",
            "--official",
            official,
        )
        assert code == 1 and "1357926" not in err, err
        assert not (d.exists() and leaks(d))
