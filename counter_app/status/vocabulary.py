"""The words of the status board, defined once: statuses and their order, what counts as restored,
and the labels the CLI and the status page both show (Korean first, English complete).

The GUI shows these same pairs (counter_app/ui/status_labels.py picks the side by the language of
the installed Qt catalogue), so no label is spelled twice and `make lupdate` has nothing to keep
in step with the core.
"""

from __future__ import annotations

from counter_app.i18n import Msg

# contracts.md §3, most severe first (the CLI and the GUI list systems in this order; a group's
# roll-up is its child with the highest severity).
STATUSES = ("major_outage", "partial_outage", "degraded", "maintenance", "unknown", "operational")
SEVERITY = {s: len(STATUSES) - i for i, s in enumerate(STATUSES)}
# "Restored" as the 2025 briefings counted it: the service is usable again, even with limits.
RESTORED_STATUSES = frozenset({"operational", "degraded"})
ALTERNATIVE_KINDS = ("visit", "phone", "mail", "fax", "website", "other")
INCIDENT_KINDS = ("incident", "maintenance", "notice")

STATUS_LABELS: dict[str, Msg] = {
    "operational": Msg("정상", "Operational"),
    "degraded": Msg("성능 저하", "Degraded"),
    "partial_outage": Msg("부분 장애", "Partial outage"),
    "major_outage": Msg("전면 장애", "Major outage"),
    "maintenance": Msg("점검 중", "Maintenance"),
    "unknown": Msg("알 수 없음", "Unknown"),
}

ALTERNATIVE_KIND_LABELS: dict[str, Msg] = {
    "visit": Msg("방문", "Visit"),
    "phone": Msg("전화", "Phone"),
    "mail": Msg("우편", "Mail"),
    "fax": Msg("팩스", "Fax"),
    "website": Msg("웹사이트", "Website"),
    "other": Msg("기타", "Other"),
}

# Statuspage and Cachet incident states (the feeds' own words, normalised to lower case).
INCIDENT_STATUS_LABELS: dict[str, Msg] = {
    "investigating": Msg("조사 중", "Investigating"),
    "identified": Msg("원인 확인", "Identified"),
    "monitoring": Msg("모니터링 중", "Monitoring"),
    "resolved": Msg("해결됨", "Resolved"),
    "postmortem": Msg("사후 분석", "Post-mortem"),
    "scheduled": Msg("예정됨", "Scheduled"),
}

NO_GRADE = Msg("등급 없음", "No grade")
GRADE = Msg("{grade}등급", "Grade {grade}")


def severity(status: str | None) -> int:
    return SEVERITY.get(status or "unknown", SEVERITY["unknown"])


def status_label(status: str | None) -> Msg:
    return STATUS_LABELS.get(status or "unknown", STATUS_LABELS["unknown"])


def grade_label(grade: int | str | None) -> Msg:
    return NO_GRADE if grade in (None, "") else GRADE.format(grade=grade)


def alternative_kind_label(kind: str | None) -> Msg:
    return ALTERNATIVE_KIND_LABELS.get(kind or "other", ALTERNATIVE_KIND_LABELS["other"])


def incident_status_label(status: str | None) -> Msg | None:
    """None for a state the feeds invented (shown as the feed wrote it)."""
    return INCIDENT_STATUS_LABELS.get(status or "")
