"""`counter-app` itself, as a real process: fonts, catalogues and language from the command line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def launch(*args: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTER_APP_EXIT_AFTER_PAINT="1")
    proc = subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), *args],
                          env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
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
