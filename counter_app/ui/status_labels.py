"""The one place the status page names and colours statuses, grades and alternative kinds.

Every label goes through QCoreApplication.translate("StatusLabels", ...) (the context spelled out
literally, so pyside6-lupdate finds it): the table, the detail pane, the filters and the header all
say the same word (Korean: 정상, 성능 저하, 부분 장애, 전면 장애, 점검 중, 알 수 없음), and one
.ts entry fixes it everywhere.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from counter_app.clock import KST

# Worst first, the order counter_app.status.model uses (the CLI lists systems the same way); the
# roll-up of a group is the child with the highest severity.
STATUSES = ("major_outage", "partial_outage", "degraded", "maintenance", "unknown", "operational")
SEVERITY = {status: len(STATUSES) - i for i, status in enumerate(STATUSES)}

STATUS_COLOURS = {
    "operational": "#2e7d32",
    "degraded": "#f9a825",
    "partial_outage": "#ef6c00",
    "major_outage": "#c62828",
    "maintenance": "#1565c0",
    "unknown": "#757575",
}


def severity(status: str | None) -> int:
    return SEVERITY.get(status or "unknown", SEVERITY["unknown"])


def status_label(status: str | None) -> str:
    labels = {
        "operational": QCoreApplication.translate("StatusLabels", "Operational"),
        "degraded": QCoreApplication.translate("StatusLabels", "Degraded"),
        "partial_outage": QCoreApplication.translate("StatusLabels", "Partial outage"),
        "major_outage": QCoreApplication.translate("StatusLabels", "Major outage"),
        "maintenance": QCoreApplication.translate("StatusLabels", "Maintenance"),
        "unknown": QCoreApplication.translate("StatusLabels", "Unknown"),
    }
    return labels.get(status or "unknown", labels["unknown"])


def grade_label(grade) -> str:
    if grade in (None, ""):
        return QCoreApplication.translate("StatusLabels", "No grade")
    return QCoreApplication.translate("StatusLabels", "Grade {grade}").format(grade=grade)


def alternative_kind_label(kind: str | None) -> str:
    labels = {
        "visit": QCoreApplication.translate("StatusLabels", "Visit"),
        "phone": QCoreApplication.translate("StatusLabels", "Phone"),
        "mail": QCoreApplication.translate("StatusLabels", "Mail"),
        "fax": QCoreApplication.translate("StatusLabels", "Fax"),
        "web": QCoreApplication.translate("StatusLabels", "Website"),
        "website": QCoreApplication.translate("StatusLabels", "Website"),
        "substitute": QCoreApplication.translate("StatusLabels", "Substitute system"),
        "substitute_site": QCoreApplication.translate("StatusLabels", "Substitute system"),
        "other": QCoreApplication.translate("StatusLabels", "Other"),
    }
    return labels.get(kind or "other", kind or labels["other"])


def incident_status_label(status: str | None) -> str:
    labels = {
        "investigating": QCoreApplication.translate("StatusLabels", "Investigating"),
        "identified": QCoreApplication.translate("StatusLabels", "Identified"),
        "monitoring": QCoreApplication.translate("StatusLabels", "Monitoring"),
        "resolved": QCoreApplication.translate("StatusLabels", "Resolved"),
        "postmortem": QCoreApplication.translate("StatusLabels", "Post-mortem"),
        "scheduled": QCoreApplication.translate("StatusLabels", "Scheduled"),
    }
    return labels.get(status or "", status or "")


@lru_cache(maxsize=None)
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


def format_range(expected: dict | None) -> str:
    """The expected-recovery range, short: 2025-10-20 ~ 2025-10-31 (or one end)."""
    if not expected:
        return ""
    start, end = format_date(expected.get("from")), format_date(expected.get("to"))
    if start and end and start != end:
        return f"{start} ~ {end}"
    return start or end


def pick(item: dict, key: str, lang: str):
    """A feed value in the UI language: sources may give `key` (Korean) plus `key_en`."""
    if lang == "en":
        value = item.get(f"{key}_en")
        if value:
            return value
    return item.get(key)
