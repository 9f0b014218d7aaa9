"""Declared settings: defaults, wrong types, atomic saves, two processes sharing the file."""

from __future__ import annotations

import json

from counter_app.settings import Settings


def test_defaults_and_wrong_types_fall_back(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"idle_lock_minutes": "ten", "language": "en"}), encoding="utf-8")
    s = Settings(path)
    assert s.get("idle_lock_minutes") == 5  # wrong type -> the declared default
    assert s.get("language") == "en"


def test_unreadable_file_gives_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert Settings(path).get("status_sources") == []


def test_a_change_by_another_process_to_another_key_is_not_undone(tmp_path):
    path = tmp_path / "settings.json"
    gui, cli = Settings(path), Settings(path)
    cli.set("status_sources", ["native:/media/usb/feed.json"])
    gui.set("status_watch", ["gov24"])  # the GUI's stale copy must not erase the CLI's sources
    fresh = Settings(path)
    assert fresh.get("status_sources") == ["native:/media/usb/feed.json"]
    assert fresh.get("status_watch") == ["gov24"]


def test_unknown_keys_written_by_a_newer_version_are_kept(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"future_option": 3}), encoding="utf-8")
    Settings(path).set("language", "ko")
    assert json.loads(path.read_text(encoding="utf-8"))["future_option"] == 3
