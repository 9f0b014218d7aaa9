"""Processing deadlines (민원 처리에 관한 법률 제19조①②, 시행령 제19조·제20조·제21조; domain.md §2).

- Counting (법 제19조①②): a period of 5 days or less runs in working hours, 1 day = 8 hours,
  counted from the moment of receipt through office hours 09:00-12:00 and 13:00-18:00 KST (the
  counter's hours, 시행령 '민원실의 운영' ①: 09:00-18:00); a period of 6 days or more runs in days,
  the first day included. '즉시' (immediately) = 3 working hours (시행령 제19조 — it defines only that).
- Saturdays and public holidays never count (법 제19조; Sunday is a public holiday, 관공서의 공휴일에
  관한 규정 제2조1호): the `holidays` package (country KR, substitute holidays included) plus the
  ad hoc holidays (임시공휴일, 규정 제2조11호) a supervisor records.
- Outage time (시행령 제20조 2호) is excluded ONLY for a 민원 "기존에 정보시스템을 통해 접수된" —
  received through the information system before (or while) it failed, whose processing the
  outage makes impossible — and (부칙 <제36296호> 제3조) only for outages that begin on or after
  2026-05-06. A case taken on paper during an outage gets no exclusion: its period runs from its
  receipt. `excluded_outages()` applies both rules; the queue hands the calculator only those.
  In hour counting every excluded minute inside office hours is skipped; in day counting a
  working day is skipped when the outage covered all of its office hours (a partly disrupted day
  still counts as a day: the law counts days).
- An extension (시행령 제21조) moves the due date to the notified completion date; its limits
  are in counter_app/cases/extensions.py, and `extension_limit()` here counts "by at most the
  original period" from the current due moment.

The calculator is pure: holidays and outage windows are injected, so it is tested without a
database, and the queue hands it the office's recorded windows inside the write transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from counter_app.clock import KST

OFFICE_SEGMENTS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(9, 0), dt.time(12, 0)),
    (dt.time(13, 0), dt.time(18, 0)),
)
HOURS_PER_DAY = 8
MAX_HOURS_PERIOD_DAYS = 5  # <= 5 days: counted in working hours
_SEARCH_LIMIT_DAYS = 3660  # a deadline further than ten years away means the inputs are wrong


def kr_holidays() -> Callable[[dt.date], bool]:
    """Korean public holidays, expanding to any year on demand."""
    import holidays  # imported here: only deadline computation needs it

    table = holidays.country_holidays("KR")
    known: dict[dt.date, bool] = {}  # a holidays lookup costs ~2 us and a deadline asks up to ~30 days

    def is_holiday(day: dt.date) -> bool:
        answer = known.get(day)
        if answer is None:
            answer = known[day] = day in table
        return answer

    return is_holiday


Window = tuple[dt.datetime, dt.datetime]

# 부칙 <대통령령 제36296호, 2026-05-06> 제3조: 제20조 2호 applies to outages beginning on or after this day.
OUTAGE_EXCLUSION_FROM = dt.datetime(2026, 5, 6, 0, 0, tzinfo=KST)


def outage_exclusion_applies(start: dt.datetime) -> bool:
    """Whether an outage beginning at `start` can be excluded at all (부칙 제3조)."""
    return start >= OUTAGE_EXCLUSION_FROM


def excluded_outages(
    windows: Iterable[tuple[dt.datetime, dt.datetime | None]], *, received_via_system: bool
) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """The recorded outage windows that 시행령 제20조 2호 excludes from one case's period: none for
    a case not received through the system (a paper case taken at the counter), and never an
    outage that began before 2026-05-06 (부칙 제3조)."""
    if not received_via_system:
        return []
    return [(start, end) for start, end in windows if outage_exclusion_applies(start)]


class DeadlineCalculator:
    def __init__(
        self,
        holidays: Iterable[dt.date] | Callable[[dt.date], bool] | None = None,
        outage_windows: Sequence[tuple[dt.datetime, dt.datetime | None]] = (),
        *,
        open_window_end: dt.datetime | None = None,
    ):
        """`outage_windows` are (start, end) aware datetimes. A window still open (end None) is
        counted up to `open_window_end` (the caller's 'now'), so a case received during an
        ongoing outage gets a provisional due date that moves when the window is closed."""
        if holidays is None:
            self._is_holiday = kr_holidays()
        elif callable(holidays):
            self._is_holiday = holidays
        else:
            frozen = frozenset(holidays)
            self._is_holiday = frozen.__contains__
        windows: list[Window] = []
        for start, end in outage_windows:
            end = end if end is not None else open_window_end
            if end is None or end <= start:
                continue
            windows.append((start.astimezone(KST), end.astimezone(KST)))
        self._windows = _merge(sorted(windows))

    # ---------------------------------------------------------------- calendar
    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self._is_holiday(day)

    def _office_intervals(self, day: dt.date) -> list[Window]:
        """The day's office hours minus outage time, as KST intervals."""
        pieces: list[Window] = []
        for start_t, end_t in OFFICE_SEGMENTS:
            start = dt.datetime.combine(day, start_t, KST)
            end = dt.datetime.combine(day, end_t, KST)
            pieces.extend(_subtract(start, end, self._windows))
        return pieces

    def _has_office_time(self, day: dt.date) -> bool:
        """Whether some of the day's office hours lie outside every outage window."""
        windows = self._windows
        if not windows or day < windows[0][0].date() or day > windows[-1][1].date():
            return True  # no window touches the day (the common case: skip the interval arithmetic)
        return bool(self._office_intervals(day))

    # ---------------------------------------------------------------- deadlines
    def due(self, received_at: dt.datetime, *, days: int | None = None, hours: int | None = None) -> dt.datetime:
        """The moment (KST) the processing period ends."""
        if received_at.tzinfo is None:
            raise ValueError("received_at must be aware")
        if (days is None) == (hours is None):
            raise ValueError("give exactly one of days or hours")
        if hours is not None:
            return self._add_working_hours(received_at.astimezone(KST), hours)
        assert days is not None
        if days <= MAX_HOURS_PERIOD_DAYS:
            return self._add_working_hours(received_at.astimezone(KST), days * HOURS_PER_DAY)
        return self._add_working_days(received_at.astimezone(KST), days)

    def due_date(self, received_at: dt.datetime, *, days: int | None = None, hours: int | None = None) -> dt.date:
        return self.due(received_at, days=days, hours=hours).date()

    def extension_limit(
        self, current_due: dt.datetime, *, days: int | None = None, hours: int | None = None
    ) -> dt.datetime:
        """The latest lawful new due moment of one extension "그 민원의 처리기간의 범위에서"
        (시행령 제21조①): the original period counted again, from the current due moment (hours)
        or from the working day after the current due day (days, the first day counted)."""
        current_due = current_due.astimezone(KST)
        if hours is not None:
            return self._add_working_hours(current_due, hours)
        if days is None:
            raise ValueError("give exactly one of days or hours")
        if days <= MAX_HOURS_PERIOD_DAYS:
            return self._add_working_hours(current_due, days * HOURS_PER_DAY)
        next_day = dt.datetime.combine(current_due.date() + dt.timedelta(days=1), dt.time(0), KST)
        return self._add_working_days(next_day, days)

    def _add_working_hours(self, start: dt.datetime, hours: int) -> dt.datetime:
        remaining = dt.timedelta(hours=hours)
        day = start.date()
        for _ in range(_SEARCH_LIMIT_DAYS):
            if self.is_working_day(day):
                for seg_start, seg_end in self._office_intervals(day):
                    seg_start = max(seg_start, start)
                    if seg_end <= seg_start:
                        continue
                    available = seg_end - seg_start
                    if available >= remaining:
                        return seg_start + remaining
                    remaining -= available
            day += dt.timedelta(days=1)
        raise ValueError("no deadline within ten years: check the outage windows")

    def _add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        counted = 0
        day = start.date()  # the first day counts (법 제19조②), when it is a working day
        for _ in range(_SEARCH_LIMIT_DAYS):
            if self.is_working_day(day) and self._has_office_time(day):
                counted += 1
                if counted == days:
                    return dt.datetime.combine(day, OFFICE_SEGMENTS[-1][1], KST)
            day += dt.timedelta(days=1)
        raise ValueError("no deadline within ten years: check the outage windows")


def _merge(windows: list[Window]) -> list[Window]:
    merged: list[Window] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(start: dt.datetime, end: dt.datetime, windows: list[Window]) -> list[Window]:
    """[start, end) minus the (sorted, merged) windows."""
    pieces: list[Window] = []
    cursor = start
    for w_start, w_end in windows:
        if w_end <= cursor:
            continue
        if w_start >= end:
            break
        if w_start > cursor:
            pieces.append((cursor, w_start))
        cursor = max(cursor, w_end)
        if cursor >= end:
            break
    if cursor < end:
        pieces.append((cursor, end))
    return pieces
