"""The shipped historical snapshot of the 2025 NIRS outage (resources/status/bundled_2025.json).

A fresh installation shows it, marked historical, so the board is never empty and staff can
rehearse with the figures of a real outage (as of 2025-10-31 12:00 KST: 640 of 709 restored).
"""

from __future__ import annotations

import json
from functools import lru_cache

from counter_app.resources import resource_path
from counter_app.status.adapters.native import parse_native
from counter_app.status.model import SourceSnapshot

BUNDLED_LOCATION = "bundled:2025"
BUNDLED_KIND = "bundled"


def bundled_path():
    return resource_path("status", "bundled_2025.json")


@lru_cache(maxsize=1)
def load_bundled() -> SourceSnapshot:
    """Parsed once per process; callers must not mutate the returned snapshot."""
    doc = json.loads(bundled_path().read_text(encoding="utf-8"))
    return parse_native(doc, location=BUNDLED_LOCATION, kind=BUNDLED_KIND)
