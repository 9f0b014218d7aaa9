"""Start `counter-app` exactly as the entry point does and watch it from outside: the start-up
benchmark, the launch tests and screenshots use this instead of hooks in the product code.

    python tests/helpers/launch_probe.py [--screenshot OUT.png [--page KEY]] -- [counter-app args]

The probe creates the QApplication (run_gui reuses the instance) and installs an application
event filter before handing over to counter_app.cli.main. It prints, then quits:

- `first_paint_ms X` at the main window's first paint, `ready_ms X` at the first paint of the
  sign-in (or first-run) dialog, i.e. when the clerk can type the PIN: ms since COUNTER_APP_T0
  (a time.time() value the parent sets just before the spawn: the whole process), else since
  the probe started;
- `inproc_first_paint_ms X` and `inproc_ready_ms X`: the same, from the probe's first line (the
  interpreter is up; our imports and Qt's are counted);
- `title ...` and `nav ...`: the window title and the navigation labels (the language test).

With --screenshot the window (and the sign-in, as OUT-signin.png) is saved instead, once filled;
with --page KEY (demo office only) it signs in as the demo supervisor and opens that page first.
"""

from __future__ import annotations

import time

T_IN = time.time()  # before anything of ours or Qt's is imported

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
READY_DIALOGS = ("SignInDialog", "FirstRunDialog")


def main(argv: list[str]) -> int:
    screenshot = page = None
    if "--" in argv:
        probe_args, app_args = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    else:
        probe_args, app_args = [], argv
    while probe_args:
        flag = probe_args.pop(0)
        if flag == "--screenshot":
            screenshot = probe_args.pop(0)
        elif flag == "--page":
            page = probe_args.pop(0)
        else:
            raise SystemExit(f"unknown probe option {flag}")

    sys.path.insert(0, str(ROOT))
    from counter_app.cli import build_parser
    from counter_app.cli import main as counter_app_main

    # The real entry point builds its parser (importing the command modules) before PySide6 is
    # loaded; so does the probe, since PySide6 inspects every module imported after it.
    build_parser()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    t0 = float(os.environ.get("COUNTER_APP_T0") or T_IN)

    def report(label: str) -> None:
        now = time.time()
        sys.stdout.write(f"{label}_ms {(now - t0) * 1000:.1f}\ninproc_{label}_ms {(now - T_IN) * 1000:.1f}\n")
        sys.stdout.flush()

    class Probe(QObject):
        window = None
        ready = False

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() != QEvent.Type.Paint:
                return False
            name = type(obj).__name__
            if name == "MainWindow" and self.window is None:
                self.window = obj
                if not screenshot:
                    report("first_paint")
            elif name in READY_DIALOGS and not self.ready and self.window is not None:
                self.ready = True
                if screenshot:
                    QTimer.singleShot(300 if page is None else 0, lambda: shoot(self.window, obj))
                else:
                    report("ready")
                    sys.stdout.write(f"title {self.window.windowTitle()}\nnav {' | '.join(self.window.nav_labels())}\n")
                    sys.stdout.flush()
                    QTimer.singleShot(0, app.quit)
            return False

    def shoot(window, dialog) -> None:
        if page is None:
            window.grab().save(screenshot)
            dialog.grab().save(screenshot.replace(".png", "-signin.png"))
            app.quit()
            return
        if window.ctx is None or not window.office.demo:  # the context opens behind the sign-in
            if window.ctx is None:
                QTimer.singleShot(50, lambda: shoot(window, dialog))
                return
            raise SystemExit("--page needs a demo office")
        from counter_app.demo import DEMO_SUPERVISOR

        window.unlock_as(window.ctx.accounts.sign_in(DEMO_SUPERVISOR[0], DEMO_SUPERVISOR[2]))
        dialog.hide()
        window.go_to(page)
        QTimer.singleShot(800, lambda: (window.grab().save(screenshot), app.quit()))

    probe = Probe()
    app.installEventFilter(probe)
    return int(counter_app_main(app_args) or 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
