"""Every screen on a small laptop (issue 7 item 4): the main window and every dialog lie inside a
1366×768 and a 1280×720 virtual screen, and the buttons a clerk needs are on screen.

Qt's offscreen platform takes its screen from a JSON file (`offscreen:configfile=…`); the
platform is chosen when the QApplication is made, so each size runs tests/helpers/screen_probe.py
in its own process on a real office data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SUPERVISOR_PIN  # tests/gui/conftest.py

PROBE = ROOT / "tests" / "helpers" / "screen_probe.py"
DIALOGS = (
    "sign_in",
    "sign_in_with_error",
    "main_window",
    "clear_confirm",
    "reveal",
    "reveal_with_error",
    "edit_reason",
    "case_edit",
    "extend",
    "outage",
    "status_sources",
    "note",
    "about",
    "first_run",
)
CONTROLS = (
    "status_bar",
    "intake_save",
    "queue_edit",
    "queue_reveal",
    "case_edit_save",
    "case_edit_cancel",
    "sign_in_label_whole",
)


@pytest.fixture
def office_with_a_case(office_ctx, staff):
    from helpers.intake import PETITION_DOC

    office_ctx.queue.submit(staff[0], PETITION_DOC)
    root = office_ctx.paths.root
    office_ctx.close()  # the probe opens it in its own process
    return root


@pytest.mark.slow
@pytest.mark.parametrize("width, height", [(1366, 768), (1280, 720)])
def test_every_window_lies_inside_a_small_screen(tmp_path, office_with_a_case, width, height):
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONWARNINGS": "error"}
    done = subprocess.run(
        [sys.executable, str(PROBE), str(office_with_a_case), "S100", SUPERVISOR_PIN],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["screen"] == [0, 0, width, height]
    missing = [name for name in DIALOGS if name not in report["windows"]]
    assert not missing, f"not opened: {missing}"
    outside = {name: w["geometry"] for name, w in report["windows"].items() if not w["inside"]}
    assert not outside, f"outside the {width}x{height} screen: {outside}"
    off = [name for name in CONTROLS if not report["controls"].get(name, {}).get("inside")]
    assert not off, f"off screen or cut: {off}"
