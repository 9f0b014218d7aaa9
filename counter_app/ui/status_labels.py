"""How the status page shows the board's words: labels, colours, times.

The words themselves (statuses and their order, labels of statuses, grades, alternative kinds and
incident states) are defined once in the Qt-free core, counter_app/status/vocabulary.py, as
Korean/English pairs the CLI prints too. The page shows the side of each pair that matches the
language of the installed Qt catalogue: `ui_language()` asks the catalogue for the translation of
the language code "en" (the Korean catalogue answers "ko"), so the page's own tr() texts and the
board's words always agree, with no second copy of any label to keep in step.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from counter_app.clock import KST
from counter_app.status import vocabulary
from counter_app.status.board import ExpectedRecoveryView, pick  # noqa: F401 - pick is the page's reader
from counter_app.status.vocabulary import SEVERITY, STATUSES, severity  # noqa: F401 - re-exported for ui/

STATUS_COLOURS = {
    "operational": "#2e7d32",
    "degraded": "#f9a825",
    "partial_outage": "#ef6c00",
    "major_outage": "#c62828",
    "maintenance": "#1565c0",
    "unknown": "#757575",
}


def ui_language() -> str:
    """'ko' when the Korean catalogue is installed, else 'en' (English is the source language)."""
    # Translators: the language code of this catalogue (Korean: ko).
    return "ko" if QCoreApplication.translate("StatusLabels", "en") == "ko" else "en"


def status_label(status: str | None) -> str:
    return vocabulary.status_label(status).text(ui_language())


def grade_label(grade) -> str:
    return vocabulary.grade_label(grade).text(ui_language())


def alternative_kind_label(kind: str | None) -> str:
    return vocabulary.alternative_kind_label(kind).text(ui_language())


def incident_status_label(status: str | None) -> str:
    label = vocabulary.incident_status_label(status)
    return label.text(ui_language()) if label is not None else (status or "")


@cache
def status_icon(status: str, size: int = 12) -> QIcon:
    """A round colour chip; always shown next to the text, never instead of it."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STATUS_COLOURS.get(status, STATUS_COLOURS["unknown"])))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


# ---------------------------------------------------------------- time
def parse_time(value) -> dt.datetime | None:
    """ISO 8601 (with Z or an offset) -> aware datetime; None for anything unreadable."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:  # a feed without a zone: Korean feeds mean KST
        parsed = parsed.replace(tzinfo=KST)
    return parsed


def format_time(value, with_year: bool = True) -> str:
    """KST wall time as the counters read it: 2025-10-09 14:00."""
    if isinstance(value, str):
        return _format_time_text(value, with_year)
    if isinstance(value, dt.datetime):
        return _format_datetime(value, with_year)
    return ""


@lru_cache(maxsize=4096)  # a board repeats the same few hundred timestamps on every refresh
def _format_time_text(value: str, with_year: bool) -> str:
    parsed = parse_time(value)
    return _format_datetime(parsed, with_year) if parsed is not None else ""


@lru_cache(maxsize=4096)
def _format_datetime(value: dt.datetime, with_year: bool) -> str:
    return value.astimezone(KST).strftime("%Y-%m-%d %H:%M" if with_year else "%m-%d %H:%M")


@lru_cache(maxsize=4096)
def format_date(value) -> str:
    """A date, or the KST date of a timestamp: 2025-10-20."""
    if isinstance(value, str) and len(value) == 10:  # already a plain date
        return value
    parsed = value if isinstance(value, dt.datetime) else parse_time(value)
    if parsed is None:
        return str(value) if value else ""
    return parsed.astimezone(KST).strftime("%Y-%m-%d")


def format_age(seconds: float) -> str:
    """'3 hours ago' in the UI language (plural-aware)."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return QCoreApplication.translate("StatusLabels", "just now")
    minutes = seconds // 60
    if minutes < 60:
        # No %n plurals: pyside6-lupdate does not mark Python calls as numerus, and Korean has none.
        return QCoreApplication.translate("StatusLabels", "{n} min ago").format(n=minutes)
    hours = minutes // 60
    if hours < 48:
        return QCoreApplication.translate("StatusLabels", "{n} h ago").format(n=hours)
    return QCoreApplication.translate("StatusLabels", "{n} days ago").format(n=hours // 24)


def format_range(expected: ExpectedRecoveryView | None) -> str:
    """The expected-recovery range, short: 2025-10-20 ~ 2025-10-31 (or one end)."""
    if expected is None:
        return ""
    start = format_date(expected.start) if expected.start else ""
    end = format_date(expected.end) if expected.end else ""
    if start and end and start != end:
        return f"{start} ~ {end}"
    return start or end
