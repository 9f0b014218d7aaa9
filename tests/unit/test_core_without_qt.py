"""The layering rule, enforced: everything outside counter_app/ui/ works with PySide6 made
unimportable, and the command line's non-GUI commands run there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import importlib, importlib.abc, importlib.util, json, sys
from pathlib import Path

class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"PySide6 is not available here ({name})")
        return None

sys.meta_path.insert(0, NoQt())
root = Path(sys.argv[1])
imported = []
for path in sorted((root / "counter_app").rglob("*.py")):
    rel = path.relative_to(root)
    parts = rel.with_suffix("").parts
    if parts[1] == "ui" or parts[-1] == "__main__" or rel.as_posix().endswith("migrations/env.py"):
        continue  # the GUI; the entry point (runs main); Alembic's env.py (runs a migration)
    if "versions" in parts:  # Alembic scripts: file names are not identifiers, load by path
        spec = importlib.util.spec_from_file_location("migration_" + parts[-1], path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    else:
        importlib.import_module(".".join(p for p in parts if p != "__init__"))
    imported.append(rel.as_posix())
assert not [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")]

import contextlib, io
from counter_app.cli import main
results = {"imported": imported}
for name, argv in (("version", ["--version"]),
                   ("stats", ["--data-dir", sys.argv[2], "queue", "stats", "--json"])):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's --version exits
            code = exc.code
    results[name] = {"code": code, "out": out.getvalue()}
sys.stdout.write("\n" + json.dumps(results) + "\n")
"""


def test_the_core_imports_and_the_cli_runs_without_pyside6(tmp_path):
    data_dir = tmp_path / "fresh"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("COUNTER_APP_DATA_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(data_dir)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    assert {
        "counter_app/cli.py",
        "counter_app/app.py",
        "counter_app/offline/db.py",
        "counter_app/status/service.py",
    } <= set(results["imported"])
    assert len(results["imported"]) >= 40
    from counter_app import __version__

    assert results["version"]["code"] in (0, None) and __version__ in results["version"]["out"]
    assert results["stats"]["code"] == 0
    stats = json.loads(results["stats"]["out"])
    assert stats["total"] == 0 and not any(stats["by_state"].values()) and stats["oldest_unsent_at"] is None
