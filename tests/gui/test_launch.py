"""`counter-app` itself, as a real process: fonts, catalogues and language from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "tests" / "helpers" / "launch_probe.py"  # starts counter-app and watches it from outside


def launch(*args: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(PROBE), "--", "--data-dir", str(data_dir), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(" ")
        out[key] = value
    return out


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("demo")


def test_demo_starts_in_korean_then_in_english_with_lang_en(demo_dir):
    korean = launch("--demo", data_dir=demo_dir)
    assert korean["title"] == "부산광역시 중구 중앙동 행정복지센터 — 민원 창구 지원 (T1)"
    assert korean["nav"] == "서비스 현황 | 업무 절차 | 민원 접수 | 접수 대기열 | 동기화"
    assert float(korean["first_paint_ms"]) <= float(korean["ready_ms"])

    english = launch("--lang", "en", data_dir=demo_dir)  # the demo office from the first run
    assert english["title"] == "부산광역시 중구 중앙동 행정복지센터 — counter support (T1)"
    assert english["nav"] == "Service status | Procedures | Complaint intake | Case queue | Sync"

    # Without --lang the stored setting decides (the Settings menu writes it).
    settings = demo_dir / "settings.json"
    stored = json.loads(settings.read_text()) if settings.exists() else {}
    settings.write_text(json.dumps(dict(stored, language="en")))
    assert launch(data_dir=demo_dir)["nav"].startswith("Service status")
    assert launch("--lang", "ko", data_dir=demo_dir)["nav"].startswith("서비스 현황")


def test_the_product_code_carries_no_benchmark_or_screenshot_hooks():
    """They live in tests/helpers/launch_probe.py; the program reads no such variables."""
    import re

    hooks = re.compile(r"COUNTER_APP_(EXIT_AFTER_PAINT|T0|SCREENSHOT|BENCH)")
    found = [str(p.relative_to(ROOT)) for p in (ROOT / "counter_app").rglob("*.py") if hooks.search(p.read_text())]
    assert found == []


def test_the_sign_in_is_up_before_the_database_layer_is_loaded(demo_dir, tmp_path):
    """The window shows the sign-in from a plain-sqlite3 glance at the office; SQLAlchemy and the
    migrations check load behind it, off the GUI thread (main_window.py)."""
    launch("--demo", data_dir=demo_dir)  # the demo office exists from here on
    script = tmp_path / "probe_imports.py"
    script.write_text(
        "import runpy, sys\n"
        "from PySide6.QtCore import QEvent, QObject\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv[:1])\n"
        "class Watch(QObject):\n"
        "    def eventFilter(self, obj, event):\n"
        "        if event.type() == QEvent.Type.Paint and type(obj).__name__ == 'SignInDialog':\n"
        "            print('sqlalchemy_loaded_at_sign_in', 'sqlalchemy' in sys.modules, flush=True)\n"
        "            app.removeEventFilter(self)\n"
        "            app.quit()\n"
        "        return False\n"
        "watch = Watch(); app.installEventFilter(watch)\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from counter_app.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(demo_dir)!r}]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "sqlalchemy_loaded_at_sign_in False" in proc.stdout, proc.stdout
