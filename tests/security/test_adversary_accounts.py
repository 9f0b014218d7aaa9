"""Acceptance as an adversary (issue 6 §1): someone with a copy of the database. PINs are keyed
with pin.key (not in the database), but the supervisor passphrase cannot be: its Argon2 hash and
the office key it encrypts are in the file. `office init` took "12345678" for it, the first guess
of every list; trivial passphrases are now refused like trivial PINs."""

from __future__ import annotations

import pytest
from helpers.cli import run_cli


@pytest.mark.parametrize("passphrase", ["12345678", "Passw0rd"])
def test_office_init_refuses_a_passphrase_every_guessing_list_starts_with(tmp_path, capsys, monkeypatch, passphrase):
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", passphrase)
    monkeypatch.setenv("COUNTER_APP_PIN", "573916")
    d = tmp_path / "office"
    code, _, err = run_cli(
        capsys,
        "--lang",
        "en",
        "--data-dir",
        str(d),
        "office",
        "init",
        "--code",
        "2611051000",
        "--terminal",
        "T1",
        "--official",
        "김담당",
    )
    assert code == 1 and "easy to guess" in err and passphrase not in err
    assert not (d / "counter_app.db").exists() or run_cli(capsys, "--data-dir", str(d), "office", "show")[0] == 1


@pytest.mark.parametrize("passphrase", ["password1", "aaaabbbbaaaa", "qwertyuiop", "99999999999"])
def test_the_rule_refuses_trivial_passphrases(passphrase):
    from counter_app.errors import UserError
    from counter_app.office import check_new_passphrase

    with pytest.raises(UserError):
        check_new_passphrase(passphrase)


def test_a_passphrase_of_several_words_is_taken(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", "구청 창구 2026 겨울")
    monkeypatch.setenv("COUNTER_APP_PIN", "573916")
    code, _, err = run_cli(
        capsys,
        "--data-dir",
        str(tmp_path / "office"),
        "office",
        "init",
        "--code",
        "2611051000",
        "--terminal",
        "T1",
        "--official",
        "김담당",
    )
    assert code == 0, err
