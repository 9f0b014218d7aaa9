"""Declared settings: every setting, its type and default in one place, stored as JSON.

Unknown keys in the file are kept (a newer version may have written them); a value of the wrong
type falls back to the default rather than stopping the counter. `SETTINGS_VERSION` with
`_UPGRADES` carries old files forward, one step per version.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    kind: type
    doc: str


DECLARED: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("language", "ko", str, "UI and output language: ko or en"),
        Setting("idle_lock_minutes", 5, int, "lock the window after this many idle minutes (0 = never)"),
        Setting("lockout_attempts", 5, int, "failed sign-ins before an account is locked"),
        Setting("lockout_minutes", 15, int, "how long a locked account stays locked"),
        Setting("status_sources", [], list, "status sources as KIND:LOCATION strings"),
        Setting("status_poll_seconds", 300, int, "background status polling interval"),
        Setting("retention_days", 30, int, "days after confirmed registration before personal data is purged"),
        Setting("status_stale_minutes", 30, int, "a snapshot older than this is shown as stale"),
        Setting("status_watch", [], list, "system ids this desk watches"),
        Setting("status_last_seen_at", "", str, "when this desk last looked at the status board"),
        Setting("status_last_seen_statuses", {}, dict, "system id -> status as this desk last saw them"),
    )
}

# version -> function upgrading a dict from that version to the next
_UPGRADES: dict[int, Callable[[dict], dict]] = {}


class Settings:
    def __init__(self, path: Path):
        self._path = path
        self._values: dict[str, Any] = {}
        self._load()

    def _load(self) -> None:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not an object")
        except FileNotFoundError:
            raw = {}
        except (ValueError, OSError) as exc:
            log.warning("settings file unreadable, using defaults: %s", type(exc).__name__)
            raw = {}
        version = raw.pop("settings_version", SETTINGS_VERSION)
        while isinstance(version, int) and version < SETTINGS_VERSION and version in _UPGRADES:
            raw = _UPGRADES[version](raw)
            version += 1
        self._values = raw

    def get(self, key: str) -> Any:
        decl = DECLARED[key]
        value = self._values.get(key, decl.default)
        if not isinstance(value, decl.kind) or (decl.kind is int and isinstance(value, bool)):
            return decl.default
        return value

    def set(self, key: str, value: Any) -> None:
        decl = DECLARED[key]
        if not isinstance(value, decl.kind):
            raise TypeError(f"setting {key} takes {decl.kind.__name__}")
        # Re-read first: the GUI and a CLI command may both hold this file; writing back a stale
        # copy would undo the other's change to a different key.
        self._load()
        self._values[key] = value
        self.save()

    def save(self) -> None:
        data = dict(self._values, settings_version=SETTINGS_VERSION)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".settings-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._path)  # atomic: a crash leaves the old file or the new one
