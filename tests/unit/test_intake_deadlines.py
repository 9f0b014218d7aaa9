"""Processing deadlines, worked by hand (시행령 제19조·제20조; domain.md §2)."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.clock import KST
from counter_app.intake import DeadlineCalculator, kr_holidays, load_catalogue

CHUSEOK_2025 = {
    dt.date(2025, 10, 3),
    dt.date(2025, 10, 5),
    dt.date(2025, 10, 6),
    dt.date(2025, 10, 7),
    dt.date(2025, 10, 8),
    dt.date(2025, 10, 9),
}
# NIRS fire 26 Sept 20:15 -> 국민신문고 back 28 Oct 19:00 (domain.md §1)
OUTAGE_2025 = (dt.datetime(2025, 9, 26, 20, 15, tzinfo=KST), dt.datetime(2025, 10, 28, 19, 0, tzinfo=KST))


def kst(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=KST)


@pytest.fixture
def plain():
    return DeadlineCalculator(holidays=set())


# ---------------------------------------------------------------- working hours (<= 5 days, 즉시 = 3 h)
@pytest.mark.parametrize(
    "received,hours,due",
    [
        (kst(2026, 11, 24, 10, 0), 3, kst(2026, 11, 24, 14, 0)),  # 10-12 = 2 h, lunch skipped, 13-14
        (kst(2026, 11, 24, 17, 0), 3, kst(2026, 11, 25, 11, 0)),  # 1 h today, 2 h tomorrow
        (kst(2026, 11, 27, 16, 0), 3, kst(2026, 11, 30, 10, 0)),  # Friday -> the weekend is skipped
        (kst(2026, 11, 24, 7, 0), 3, kst(2026, 11, 24, 12, 0)),  # before opening: counted from 09:00
        (kst(2026, 11, 24, 12, 30), 1, kst(2026, 11, 24, 14, 0)),  # received at lunch: from 13:00
        (kst(2026, 11, 24, 19, 0), 3, kst(2026, 11, 25, 12, 0)),  # after closing: from tomorrow 09:00
        (kst(2026, 11, 28, 10, 0), 3, kst(2026, 11, 30, 12, 0)),  # received on Saturday
    ],
)
def test_hours(plain, received, hours, due):
    assert plain.due(received, hours=hours) == due


def test_five_days_are_forty_working_hours(plain):
    # Monday 09:00 + 40 h = Friday 18:00
    assert plain.due(kst(2026, 11, 23, 9, 0), days=5) == kst(2026, 11, 27, 18, 0)
    # Tuesday 14:00 + 8 h (1 day) = Wednesday 14:00
    assert plain.due(kst(2026, 11, 24, 14, 0), days=1) == kst(2026, 11, 25, 14, 0)


# ---------------------------------------------------------------- days (>= 6), first day included
def test_days_count_the_first_day(plain):
    # Tue 24 (1) Wed (2) Thu (3) Fri (4) Mon 30 (5) Tue 1 Dec (6) Wed 2 Dec (7)
    assert plain.due_date(kst(2026, 11, 24, 17, 59), days=7) == dt.date(2026, 12, 2)
    assert plain.due(kst(2026, 11, 24, 10, 0), days=7) == kst(2026, 12, 2, 18, 0)


def test_days_from_a_saturday_start_on_monday(plain):
    assert plain.due_date(kst(2026, 11, 28, 10, 0), days=7) == dt.date(2026, 12, 8)


def test_fourteen_days(plain):
    # Mon 23 Nov 2026: 23-27 (5), 30 Nov-4 Dec (10), 7-10 Dec (14)
    assert plain.due_date(kst(2026, 11, 23, 9, 0), days=14) == dt.date(2026, 12, 10)


# ---------------------------------------------------------------- holidays: Chuseok 2025
def test_chuseok_2025_days():
    calc = DeadlineCalculator(holidays=CHUSEOK_2025)
    # Thu 2 Oct (1); 3 Oct holiday; weekend; 6-9 Oct Chuseok + Hangul Day; Fri 10 (2); 13-17 Oct (3..7)
    assert calc.due_date(kst(2025, 10, 2, 10, 0), days=7) == dt.date(2025, 10, 17)
    # without the holidays it would have been Fri 10 Oct
    assert DeadlineCalculator(holidays=set()).due_date(kst(2025, 10, 2, 10, 0), days=7) == dt.date(2025, 10, 10)


def test_chuseok_2025_hours():
    calc = DeadlineCalculator(holidays=CHUSEOK_2025)
    # 1 h on Thu 2 Oct (17-18), then nothing until Fri 10 Oct: 09-11
    assert calc.due(kst(2025, 10, 2, 17, 0), hours=3) == kst(2025, 10, 10, 11, 0)


def test_the_holidays_package_knows_chuseok_2025_and_substitute_days():
    is_holiday = kr_holidays()
    for day in CHUSEOK_2025:
        assert is_holiday(day), day
    assert not is_holiday(dt.date(2025, 10, 10))
    calc = DeadlineCalculator()  # the default: the package's Korean holidays
    assert calc.due_date(kst(2025, 10, 2, 10, 0), days=7) == dt.date(2025, 10, 17)


# ---------------------------------------------------------------- outage windows (시행령 제20조 2호)
def test_2025_outage_window_days():
    calc = DeadlineCalculator(holidays=CHUSEOK_2025, outage_windows=[OUTAGE_2025])
    # received Mon 29 Sept during the outage: nothing counts until it ends 28 Oct 19:00 (after closing),
    # so day 1 is Wed 29 Oct: 29, 30, 31 Oct, 3-6 Nov -> 7th day Thu 6 Nov
    assert calc.due_date(kst(2025, 9, 29, 10, 0), days=7) == dt.date(2025, 11, 6)
    # 14 days: 29-31 Oct (3), 3-7 Nov (8), 10-14 Nov (13), Mon 17 Nov (14)
    assert calc.due_date(kst(2025, 9, 29, 10, 0), days=14) == dt.date(2025, 11, 17)


def test_2025_outage_window_hours():
    calc = DeadlineCalculator(holidays=CHUSEOK_2025, outage_windows=[OUTAGE_2025])
    # an 'immediate' certificate applied for on 29 Sept: 3 working hours after recovery
    assert calc.due(kst(2025, 9, 29, 10, 0), hours=3) == kst(2025, 10, 29, 12, 0)
    # received on Fri 26 Sept at 17:00, before the fire: 1 h that day, the rest after recovery
    assert calc.due(kst(2025, 9, 26, 17, 0), hours=3) == kst(2025, 10, 29, 11, 0)


def test_partial_outage_inside_office_hours_is_skipped_in_hours():
    calc = DeadlineCalculator(holidays=set(), outage_windows=[(kst(2026, 11, 24, 10, 0), kst(2026, 11, 24, 11, 0))])
    # 09-10 (1 h), outage 10-11, 11-12 (1 h), 13-14 (1 h)
    assert calc.due(kst(2026, 11, 24, 9, 0), hours=3) == kst(2026, 11, 24, 14, 0)


def test_a_partly_disrupted_day_still_counts_as_a_day_a_whole_day_does_not():
    partial = DeadlineCalculator(holidays=set(), outage_windows=[(kst(2026, 11, 25, 10, 0), kst(2026, 11, 25, 15, 0))])
    assert partial.due_date(kst(2026, 11, 24, 10, 0), days=7) == dt.date(2026, 12, 2)
    whole = DeadlineCalculator(holidays=set(), outage_windows=[(kst(2026, 11, 25, 8, 0), kst(2026, 11, 25, 18, 0))])
    assert whole.due_date(kst(2026, 11, 24, 10, 0), days=7) == dt.date(2026, 12, 3)


def test_overlapping_windows_are_merged():
    calc = DeadlineCalculator(
        holidays=set(),
        outage_windows=[
            (kst(2026, 11, 24, 9, 0), kst(2026, 11, 24, 11, 0)),
            (kst(2026, 11, 24, 10, 0), kst(2026, 11, 24, 12, 0)),
        ],
    )
    assert calc.due(kst(2026, 11, 24, 9, 0), hours=1) == kst(2026, 11, 24, 14, 0)


def test_an_open_window_counts_up_to_now():
    start = kst(2026, 11, 24, 9, 0)
    calc = DeadlineCalculator(holidays=set(), outage_windows=[(start, None)], open_window_end=kst(2026, 11, 25, 18, 0))
    assert calc.due(kst(2026, 11, 24, 10, 0), hours=3) == kst(2026, 11, 26, 12, 0)
    ignored = DeadlineCalculator(holidays=set(), outage_windows=[(start, None)])  # no 'now': nothing to exclude
    assert ignored.due(kst(2026, 11, 24, 10, 0), hours=3) == kst(2026, 11, 24, 14, 0)


def test_bad_inputs():
    calc = DeadlineCalculator(holidays=set())
    with pytest.raises(ValueError):
        calc.due(dt.datetime(2026, 11, 24, 10, 0), hours=3)  # naive
    with pytest.raises(ValueError):
        calc.due(kst(2026, 11, 24, 10, 0), days=3, hours=3)
    endless = DeadlineCalculator(holidays=set(), outage_windows=[(kst(2026, 1, 1, 0, 0), kst(2040, 1, 1, 0, 0))])
    with pytest.raises(ValueError):
        endless.due(kst(2026, 11, 24, 10, 0), hours=3)


def test_class_periods_from_the_catalogue():
    cat = load_catalogue()
    petition = cat.find("국민신문고 민원")
    assert petition.period_for("suggestion") == (14, None)
    assert petition.period_for("grievance") == (7, None)
    assert petition.period_for("inquiry") == (7, None)
    assert petition.period_for("other") == (None, 3)
    assert cat.find("질의민원(법령 해석)").period_for("inquiry") == (14, None)
    assert cat.find("인감증명서 발급").period_for("statutory") == (None, 3)
