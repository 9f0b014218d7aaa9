"""Findings in files other engineers are editing right now (queue.py: LAW; status/desk*: DESK).
Each test states the expected behaviour and is marked xfail(strict=True): it fails today, and the
day the fix lands it passes, strict turns that into a failure, and the marker is removed.

Direction overrides (U+202E RIGHT-TO-LEFT OVERRIDE, U+2066-U+2069 isolates) are refused in case
documents, staff names, the office contact and the official's name; these free-text entry points
still take them, though what they hold is shown to every counter (outage notes, holiday names,
ordered lists) or published to other offices and the waiting-room screen (the status desk)."""

from __future__ import annotations

import pytest
from conftest import PASSPHRASE
from helpers.cli import run_cli
from helpers.operators import add_operators_to_dir, as_operator

RLO = "\u202e"


@pytest.fixture
def office(office_dir, monkeypatch):
    add_operators_to_dir(office_dir)
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    return office_dir


@pytest.mark.parametrize(
    "args",
    [
        (
            "queue",
            "outage",
            "add",
            "--start",
            "2026-11-28T09:00:00+09:00",
            "--end",
            "2026-11-28T10:00:00+09:00",
            "--note",
            f"새올 {RLO}장애",
        ),
        ("queue", "holiday", "add", "--name", f"임시{RLO}공휴일", "2026-12-24"),
    ],
)
def test_outage_notes_and_holiday_names_refuse_direction_overrides(office, capsys, monkeypatch, args):
    code, _, err = run_cli(capsys, "--data-dir", str(office), *as_operator(monkeypatch, "S001"), *args)
    assert code == 1, err


def test_the_published_status_desk_refuses_direction_overrides(office, capsys, monkeypatch):
    op = as_operator(monkeypatch, "S001")
    assert run_cli(capsys, "--data-dir", str(office), *op, "status", "desk", "start", "--from", "bundled")[0] == 0
    code, _, err = run_cli(
        capsys, "--data-dir", str(office), *op, "status", "desk", "set", "gov24", "--note", f"복구 {RLO}중"
    )
    assert code == 1, err
