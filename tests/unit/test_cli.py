"""The command line's outside face (contracts.md §1): exit codes and one-sentence errors."""

from __future__ import annotations

import pytest

from counter_app import __version__
from counter_app.cli import main


def test_version_exits_0(capsys):
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("command", ["office", "operator", "intake", "queue", "audit", "procedures", "documents"])
def test_command_without_action_is_a_usage_error(command, capsys):
    assert main([command]) == 2
    assert "usage" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["frobnicate"]) == 2


@pytest.mark.parametrize("command", ["export", "import"])
def test_bundle_commands_without_their_file_are_usage_errors(command, data_dir, capsys):
    # every command of contracts.md is built now (planned.py lists none); these need a file
    assert main(["--data-dir", str(data_dir), "--lang", "en", command]) == 2
    assert "usage:" in capsys.readouterr().err
