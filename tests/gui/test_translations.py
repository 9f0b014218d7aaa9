"""Korean is complete: every message in every committed .ts is translated, and every tr() string in
the GUI code is in a committed .ts (so nothing shows up in English in the Korean program)."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, TRANSLATIONS, lupdate_path  # tests/gui/conftest.py

UI_DIR = ROOT / "counter_app" / "ui"


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message.findtext("source") or "", message))
    return out


def committed_ts() -> list[Path]:
    return sorted(TRANSLATIONS.glob("*.ts"))


def test_there_is_a_korean_catalogue_for_this_area():
    assert (TRANSLATIONS / "counter_app_ko.ts").exists()


@pytest.mark.parametrize("ts", committed_ts(), ids=lambda p: p.name)
def test_every_message_is_finished_and_non_empty(ts):
    bad = []
    for context, source, message in messages(ts):
        translation = message.find("translation")
        if message.get("type") in ("obsolete", "vanished"):
            continue
        if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
            bad.append(f"{context}: {source!r}")
            continue
        # A plural message (%n) carries its text in <numerusform> children, one per form.
        forms = [f.text or "" for f in translation.findall("numerusform")] or [translation.text or ""]
        if not all(form.strip() for form in forms):
            bad.append(f"{context}: {source!r}")
    assert not bad, f"{ts.name}: untranslated messages:\n" + "\n".join(bad)


@pytest.mark.parametrize("ts", committed_ts(), ids=lambda p: p.name)
def test_placeholders_survive_translation(ts):
    import re

    bad = []
    for context, source, message in messages(ts):
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.findall("numerusform")] if translation is not None else []
        text = " ".join(forms) if forms else (message.findtext("translation") or "")
        if sorted(re.findall(r"\{\w+\}", source)) != sorted(re.findall(r"\{\w+\}", text)):
            bad.append(f"{context}: {source!r} -> {text!r}")
    assert not bad, "\n".join(bad)


def test_no_source_string_is_missing_from_the_committed_catalogues(tmp_path):
    fresh = tmp_path / "fresh_ko.ts"
    sources = sorted(str(p) for p in UI_DIR.glob("*.py"))
    subprocess.run([lupdate_path(), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    found = {(context, source) for context, source, _ in messages(fresh)}
    assert found, "lupdate found no tr() strings at all: the check itself is broken"
    committed = {(context, source) for ts in committed_ts() for context, source, _ in messages(ts)}
    missing = sorted(found - committed)
    assert not missing, "run `make lupdate` and translate:\n" + "\n".join(f"{c}: {s!r}" for c, s in missing)


def test_korean_catalogue_translates_the_navigation(korean, qapp):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("MainWindow", "Complaint intake") == "민원 접수"
    # case states are labelled by the core (cases/states.py), in the program's language
    from counter_app.ui.queue_model import state_label

    assert state_label("QUEUED") == "전송 대기"


def test_no_translated_string_hides_inside_an_f_string():
    """lupdate cannot see tr() inside an f-string's braces: such a string would stay English."""
    import re
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "counter_app" / "ui"
    hidden = re.compile(r"""f(["']).*\{[^}]*\b(tr|translate)\(""")
    offenders = [
        f"{p.name}:{n}"
        for p in sorted(ui.glob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if hidden.search(line)
    ]
    assert offenders == []
