"""Reproducible installs: every dependency the project declares (with the test extra) is pinned
to one exact version in constraints.txt, and the Makefile installs with it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_declared_dependency_is_pinned_and_the_makefile_uses_the_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names = {canonical(re.match(r"[A-Za-z0-9_.-]+", spec).group(0)) for spec in declared}
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and version, f"not an exact pin: {line}"
            pins[canonical(name)] = version
    assert {"ruff", "mypy"} <= names  # the LEAD wires them into make test
    assert names <= set(pins), f"not pinned: {sorted(names - set(pins))}"
    assert "counter-app" not in pins
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -q -c constraints.txt -e '.[test]'" in makefile
