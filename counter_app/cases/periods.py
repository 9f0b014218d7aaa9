"""The processing period that applies to one case, with where it comes from and whether it is
confirmed (issue 12 item 5): the catalogue's period (services.json `period_source`,
`period_confirmed`), the statutory period of the class for a service whose class the clerk
chooses, or this office's own period set by a supervisor (queue period set)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.i18n import Msg
from counter_app.intake.catalogue import CLASS_PERIODS, PERIOD_UNCONFIRMED, Service

# 시행령 제14조 (질의), 제15조 (건의), 제16조①·제19조 (기타: 즉시 = 3 working hours), 제17조① (고충)
CLASS_PERIOD_SOURCES: dict[str, str] = {
    "inquiry": "민원 처리에 관한 법률 시행령 제14조(질의민원; 종류를 모르면 짧은 7일)",
    "suggestion": "민원 처리에 관한 법률 시행령 제15조(건의민원 14일)",
    "other": "민원 처리에 관한 법률 시행령 제16조①·제19조(기타민원 즉시 = 3근무시간)",
    "grievance": "민원 처리에 관한 법률 시행령 제17조①(고충민원 7일)",
}


@dataclass(frozen=True)
class PeriodFact:
    days: int | None
    hours: int | None
    confirmed: bool
    source: str  # the legal basis or table the period comes from
    office_note: str | None = None  # set when this office's own period applies

    def text(self, lang: str | None = None) -> str:
        """'3근무시간' / '14일', with the unconfirmed qualifier when it is not confirmed."""
        if self.hours is not None:
            base = Msg(f"{self.hours}근무시간", f"{self.hours} working hours")
        else:
            base = Msg(f"{self.days}일", f"{self.days} days")
        if self.confirmed:
            return base.text(lang)
        return f"{base.text(lang)} ({PERIOD_UNCONFIRMED.text(lang)})"

    def as_dict(self) -> dict:
        return {
            "days": self.days,
            "hours": self.hours,
            "confirmed": self.confirmed,
            "source": self.source,
            "office_note": self.office_note,
            "text": self.text(),
        }


def catalogue_period(service: Service, category: str) -> PeriodFact:
    """The period the catalogue gives a case of `service` filed under `category`."""
    if service.period_days is None and service.period_hours is None:
        days, hours = CLASS_PERIODS.get(category, CLASS_PERIODS["other"])
        return PeriodFact(days, hours, True, CLASS_PERIOD_SOURCES.get(category, CLASS_PERIOD_SOURCES["other"]))
    return PeriodFact(
        service.period_days,
        service.period_hours,
        service.period_confirmed,
        service.period_source or service.period_note,
    )
