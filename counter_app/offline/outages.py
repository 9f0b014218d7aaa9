"""Outage periods, ad hoc holidays and office periods: the facts an office records that move
deadlines, and the deadline rules that read them (one `DeadlineBook` per transaction).

- Outage windows (전산장애 기간) are excluded only from the period of a case received through the
  failed system, and only when the outage began on or after 2026-05-06 (시행령 제20조 2호,
  부칙 제3조; intake/deadlines.py `excluded_outages`). A paper case's period runs from its receipt.
- Ad hoc holidays (임시공휴일, 관공서의 공휴일에 관한 규정 제2조11호) are not counted, like the
  public holidays the `holidays` package knows.
- An office period replaces the catalogue's period for one service (the office's reading of
  the 민원처리기준표, republished every year).

All three are read with ONE small query inside the caller's transaction (another process, such as
the CLI, may have changed them), and the calculators are rebuilt only when the rows changed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.cases.periods import PeriodFact, catalogue_period
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.intake.catalogue import Catalogue
from counter_app.intake.deadlines import (
    DeadlineCalculator,
    excluded_outages,
    kr_holidays,
)
from counter_app.offline.stored_time import from_stored

MAX_NOTE = 200
MAX_HOLIDAY_NAME = 100
MAX_PERIOD_NOTE = 500

LAW_FACTS_SQL = (
    "SELECT 'o', CAST(id AS TEXT), start_at, end_at FROM outage_windows "
    "UNION ALL SELECT 'h', day, name, NULL FROM adhoc_holidays "
    "UNION ALL SELECT 'p', service_code, COALESCE(CAST(period_days AS TEXT), '') || '/' || "
    "COALESCE(CAST(period_hours AS TEXT), ''), note FROM office_periods"
)


def check_window(start: dt.datetime, end: dt.datetime | None, note: str | None) -> None:
    if not isinstance(start, dt.datetime) or start.tzinfo is None or (end is not None and end.tzinfo is None):
        raise UserError(Msg("장애 기간의 시각에는 시간대가 있어야 합니다.", "Outage times must carry a time zone."))
    if end is not None and end <= start:
        raise UserError(Msg("장애 종료 시각이 시작 시각보다 뒤여야 합니다.", "The outage must end after it starts."))
    if note is not None and len(note) > MAX_NOTE:
        raise UserError(
            Msg(
                f"장애 기간 메모는 {MAX_NOTE}자 이하여야 합니다.",
                f"The outage note must be at most {MAX_NOTE} characters.",
            )
        )


def check_holiday(day: dt.date, name: str) -> str:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise UserError(
            Msg("임시공휴일은 날짜(YYYY-MM-DD)로 적으십시오.", "Give the ad hoc holiday as a date (YYYY-MM-DD).")
        )
    text = name.strip() if isinstance(name, str) else ""
    if not text or len(text) > MAX_HOLIDAY_NAME:
        raise UserError(
            Msg(
                f"임시공휴일의 이름을 {MAX_HOLIDAY_NAME}자 이하로 적으십시오.",
                f"Give the holiday a name of at most {MAX_HOLIDAY_NAME} characters.",
            )
        )
    return text


def check_office_period(service, days: int | None, hours: int | None, note: str) -> str:
    if service is None:
        raise UserError(Msg("그런 민원 종류가 없습니다.", "There is no such service."))
    if service.selectable_categories:
        raise UserError(
            Msg(
                "이 민원의 처리기간은 민원의 구분(질의·건의·기타·고충)에 따라 법령이 정합니다.",
                "This service's period is the statutory period of the class the clerk chooses.",
            )
        )
    if (days is None) == (hours is None):
        raise UserError(
            Msg("처리기간은 --days 또는 --hours 중 하나로 적으십시오.", "Give exactly one of --days or --hours.")
        )
    if days is not None and not 1 <= days <= 365 or hours is not None and not 1 <= hours <= 40:
        raise UserError(
            Msg(
                "처리기간은 1~365일 또는 1~40근무시간이어야 합니다.",
                "The period must be 1-365 days or 1-40 working hours.",
            )
        )
    text = note.strip() if isinstance(note, str) else ""
    if not text or len(text) > MAX_PERIOD_NOTE:
        raise UserError(
            Msg(
                f"근거(민원처리기준표 연도 등)를 {MAX_PERIOD_NOTE}자 이하로 적으십시오.",
                f"Give the basis (e.g. the year of the 민원처리기준표) in at most {MAX_PERIOD_NOTE} characters.",
            )
        )
    return text


@dataclass(frozen=True)
class DeadlineBook:
    """The deadline rules for one transaction: which calculator a case gets and its period."""

    paper: DeadlineCalculator  # no outage exclusion (시행령 제20조 2호 does not reach a paper case)
    system: DeadlineCalculator  # the excluded outages (received through the system, outage from 2026-05-06)
    periods: dict  # service_code -> PeriodFact set by this office
    catalogue: Catalogue

    def period(self, service_code: str | None, category: str | None) -> PeriodFact | None:
        service = self.catalogue.by_code(service_code)
        if service is None or category is None:
            return None
        own = self.periods.get(service.code)
        if own is not None and not service.selectable_categories:
            return own
        return catalogue_period(service, category)

    def calculator(self, received_via_system: bool) -> DeadlineCalculator:
        return self.system if received_via_system else self.paper

    def due(
        self, received_at: dt.datetime, service_code: str | None, category: str | None, received_via_system: bool
    ) -> dt.datetime | None:
        period = self.period(service_code, category)
        if period is None:
            return None
        return self.calculator(received_via_system).due(received_at, days=period.days, hours=period.hours)

    def due_date(
        self, received_at: dt.datetime, service_code: str | None, category: str | None, received_via_system: bool
    ) -> dt.date | None:
        moment = self.due(received_at, service_code, category, received_via_system)
        return moment.date() if moment is not None else None


class DeadlineRules:
    """Builds the DeadlineBook of a transaction from the recorded facts, reusing it while they
    are the same rows (adding, closing or removing one invalidates it by itself). While an outage
    window is open it counts up to `now`, so the book is built afresh."""

    def __init__(self, catalogue: Catalogue, holidays: Callable[[dt.date], bool] | None = None):
        self._catalogue = catalogue
        self._holidays = holidays  # None: Korean public holidays, loaded on first use
        self._cache: tuple[tuple, DeadlineBook] | None = None

    def _public_holiday(self) -> Callable[[dt.date], bool]:
        if self._holidays is None:
            self._holidays = kr_holidays()
        return self._holidays

    def book(self, conn: sqlite3.Connection, now: dt.datetime) -> DeadlineBook:
        rows = tuple(conn.execute(LAW_FACTS_SQL).fetchall())
        cached = self._cache
        if cached is not None and cached[0] == rows:
            return cached[1]
        windows, adhoc, periods, open_window = [], set(), {}, False
        for kind, key, a, b in rows:
            if kind == "o":
                windows.append((dt.datetime.fromisoformat(a), from_stored(b)))
                open_window = open_window or b is None
            elif kind == "h":
                adhoc.add(dt.date.fromisoformat(key))
            else:
                days_text, _, hours_text = (a or "").partition("/")
                periods[key] = PeriodFact(
                    int(days_text) if days_text else None,
                    int(hours_text) if hours_text else None,
                    True,
                    f"사무소 지정 처리기간 / office period: {b}",
                    office_note=b,
                )
        public = self._public_holiday()
        frozen_adhoc = frozenset(adhoc)

        def is_holiday(day: dt.date) -> bool:
            return day in frozen_adhoc or public(day)

        holiday_test = is_holiday if frozen_adhoc else public
        book = DeadlineBook(
            paper=DeadlineCalculator(holiday_test),
            system=DeadlineCalculator(
                holiday_test, excluded_outages(windows, received_via_system=True), open_window_end=now
            ),
            periods=periods,
            catalogue=self._catalogue,
        )
        if not open_window:
            self._cache = (rows, book)
        return book
