"""Start-up time: `counter-app --data-dir <demo office>` until the sign-in dialog is painted and
ready for the PIN, against a bare PySide6 window (QApplication + QWidget, exit at first paint)
in the same run.

Both are real subprocesses with QT_QPA_PLATFORM=offscreen. The application runs under
tests/helpers/launch_probe.py, which starts it exactly as the entry point does and watches it
from outside (no hooks in the product code). Two clocks:

- whole process: from just before the spawn (COUNTER_APP_T0, a time.time() value the child
  subtracts from) to the paint: interpreter start-up included;
- in process: from the child's first line of Python (the interpreter is up) to the paint.

Headline `ready_ratio`: the whole-process time to the sign-in ready for the PIN ÷ the bare
window's whole-process first paint (aim ≤ 3); `ready_ratio_in_process` the same on the
in-process clock; `first_paint_ratio` the main window's first paint ÷ the bare one.

Bytecode: an installed program has its modules compiled at install time. With
PYTHONDONTWRITEBYTECODE set (as in some shells and CI), every start of a source checkout would
recompile our ~100 modules while the bare window recompiles none, so the children run with
bytecode caching on, into a PYTHONPYCACHEPREFIX inside the temporary directory (nothing is
written into the tree), after one warm-up run each.

Prints one JSON line: {"bench": "startup", "ready_ratio", "ratio" (= ready_ratio), ...}
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "tests" / "helpers" / "launch_probe.py"
RUNS = 7

BARE = r"""
import time
T_IN = time.time()
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
t0 = float(os.environ["COUNTER_APP_T0"])
app = QApplication(sys.argv[:1])
class Window(QWidget):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            now = time.time()
            print(f"first_paint_ms {(now - t0) * 1000:.1f}\ninproc_first_paint_ms {(now - T_IN) * 1000:.1f}",
                  flush=True)
            QTimer.singleShot(0, app.quit)
w = Window(); w.resize(1200, 800); w.show()
app.exec()
"""


def prepare_demo_office(data_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from counter_app.app import open_context
    from counter_app.demo import ensure_demo_office

    ctx = open_context(data_dir, lang="ko")
    try:
        ensure_demo_office(ctx)
    finally:
        ctx.close()


def run_child(argv: list[str], env: dict) -> dict[str, float]:
    env = dict(env, COUNTER_APP_T0=repr(time.time()))
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    figures = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].endswith("_ms"):
            figures[parts[0]] = float(parts[1])
    if "first_paint_ms" not in figures:
        raise RuntimeError(f"child did not report a paint (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return figures


def main() -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("COUNTER_APP_DATA_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="counter_app-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env["HOME"] = str(home)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        data_dir = Path(tmp) / "office"
        prepare_demo_office(data_dir)
        app_cmd = [sys.executable, str(PROBE), "--", "--data-dir", str(data_dir)]
        bare_cmd = [sys.executable, "-c", BARE]
        run_child(app_cmd, env)  # compile the bytecode, warm the OS file cache for both
        run_child(bare_cmd, env)
        app, bare = [], []
        for _ in range(RUNS):  # interleaved, so a noisy moment hits both
            app.append(run_child(app_cmd, env))
            bare.append(run_child(bare_cmd, env))

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    ready, ready_in = median(app, "ready_ms"), median(app, "inproc_ready_ms")
    paint, paint_in = median(app, "first_paint_ms"), median(app, "inproc_first_paint_ms")
    bare_ms, bare_in = median(bare, "first_paint_ms"), median(bare, "inproc_first_paint_ms")
    print(
        json.dumps(
            {
                "bench": "startup",
                "ready_ratio": round(ready / bare_ms, 2),
                "ratio": round(ready / bare_ms, 2),
                "aim": "ready_ratio <= 3",
                "ready_ratio_in_process": round(ready_in / bare_in, 2),
                "first_paint_ratio": round(paint / bare_ms, 2),
                "first_paint_ratio_in_process": round(paint_in / bare_in, 2),
                "app_ready_ms": round(ready, 1),
                "app_ready_in_process_ms": round(ready_in, 1),
                "app_first_paint_ms": round(paint, 1),
                "bare_pyside6_ms": round(bare_ms, 1),
                "bare_pyside6_in_process_ms": round(bare_in, 1),
                "runs": RUNS,
                "measured_to": "sign-in dialog painted, ready for the PIN (the office context opens behind it)",
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
