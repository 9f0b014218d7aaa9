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
def test_planned_commands_say_plainly_they_are_not_built(command, data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "--lang", "en", command]) == 1
    err = capsys.readouterr().err.strip()
    assert "not built yet" in err and "\n" not in err
