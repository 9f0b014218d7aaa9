"""Times as the database stores them, converted in ONE place.

A time is stored as fixed-width UTC ISO text ('YYYY-MM-DDTHH:MM:SS.ffffff+00:00': sortable as
text, unambiguous); models.UTCDateTime (the ORM), the repository's plain SQL and the read models
all convert through these functions, so the three can never disagree on a stored value.
"""

from __future__ import annotations

import datetime as dt
from typing import overload

from counter_app.clock import KST

UTC = dt.UTC


@overload
def to_stored(value: dt.datetime) -> str: ...
@overload
def to_stored(value: None) -> None: ...
def to_stored(value: dt.datetime | None) -> str | None:
    """An aware datetime -> its stored text (naive ones are refused: their zone is a guess)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime refused: store aware datetimes only")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_stored(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def kst_iso(value: dt.datetime | str | None) -> str | None:
    """A time (aware, or stored text) as ISO 8601 in KST, to the second: what screens and the
    wire show ('2026-11-24T10:00:00+09:00')."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(KST).isoformat()


def kst_minutes(stored: str | None) -> str:
    """Stored text -> 'YYYY-MM-DD HH:MM' in KST, for table rows ('' when unset)."""
    if not stored:
        return ""
    return dt.datetime.fromisoformat(stored).astimezone(KST).strftime("%Y-%m-%d %H:%M")


def kst_day_start(day: dt.date) -> str:
    """The stored text of 00:00 KST on `day` (for range filters on received_at)."""
    return to_stored(dt.datetime.combine(day, dt.time(0), KST))
