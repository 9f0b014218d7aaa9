"""Time, injectable: services take a clock so tests can pin 'now'. All times are aware."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

KST = dt.timezone(dt.timedelta(hours=9), "KST")
Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_kst(value: dt.datetime) -> dt.datetime:
    return value.astimezone(KST)
