"""Prints every `counter-app` command's --help, for docs/command-line.md (its "Every command's
help" section is this script's output): python scripts/command_line_help.py > /tmp/help.md"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["COLUMNS"] = "100"


def walk(parser: argparse.ArgumentParser, path: list[str]):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, [*path, name])


def main() -> int:
    from counter_app.cli import build_parser

    for path, parser in walk(build_parser(), []):
        title = " ".join(["counter-app", *path])
        print(f"### `{title}`\n\n```\n{parser.format_help().rstrip()}\n```\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
