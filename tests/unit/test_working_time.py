"""SLA arithmetic in working hours: weekends, Finnish public holidays, office hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.shared import OfficeCalendar

pytestmark = pytest.mark.unit

HELSINKI = ZoneInfo("Europe/Helsinki")
calendar = OfficeCalendar()


def hki(*args: int) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        (hki(2026, 11, 20, 15), hki(2026, 11, 24, 15), "Friday 15:00 → Tuesday 15:00"),
        (hki(2026, 11, 21, 10), hki(2026, 11, 24, 16), "Saturday: the clock starts on Monday"),
        (hki(2026, 11, 23, 7), hki(2026, 11, 24, 16), "before opening: from 8:00"),
        (hki(2026, 11, 23, 18), hki(2026, 11, 25, 16), "after closing: from the next morning"),
        (hki(2026, 6, 18, 12), hki(2026, 6, 23, 12), "Midsummer Eve is not a working day"),
        (hki(2026, 12, 4, 12), hki(2026, 12, 8, 12), "Independence Day 2026 is a Sunday"),
        (hki(2026, 12, 23, 9), hki(2026, 12, 29, 9), "Christmas Eve to Boxing Day"),
        (hki(2026, 4, 2, 16), hki(2026, 4, 8, 16), "Easter: Good Friday and Easter Monday"),
        (hki(2026, 3, 27, 12), hki(2026, 3, 31, 12), "the clocks go forward on 29 March"),
    ],
)
def test_a_two_working_day_sla_is_due(received: datetime, due: datetime, why: str) -> None:
    assert calendar.add_working_days(received, 2) == due.astimezone(UTC), why


def test_working_days_follow_the_finnish_holidays() -> None:
    assert calendar.is_working_day(date(2026, 6, 18))
    assert not calendar.is_working_day(date(2026, 6, 19))  # juhannusaatto
    assert not calendar.is_working_day(date(2026, 5, 14))  # helatorstai
    assert not calendar.is_working_day(date(2027, 12, 6))  # itsenäisyyspäivä, a Monday
    assert not calendar.is_working_day(date(2026, 11, 22))  # Sunday


def test_working_hours_between_count_only_office_hours() -> None:
    assert calendar.working_hours_between(hki(2026, 11, 20, 15), hki(2026, 11, 23, 9)) == 2
    assert calendar.working_hours_between(hki(2026, 11, 23, 9), hki(2026, 11, 20, 15)) == -2
    assert calendar.working_hours_between(hki(2026, 6, 19, 9), hki(2026, 6, 20, 15)) == 0


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        calendar.add_working_hours(datetime(2026, 1, 5, 9), 1)


moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=200, deadline=None)
@given(start=moments, hours=st.integers(min_value=0, max_value=8 * 30))
def test_adding_working_hours_and_measuring_them_agree(start: datetime, hours: int) -> None:
    due = calendar.add_working_hours(start, hours)
    assert due >= start
    assert calendar.working_hours_between(start, due) == pytest.approx(hours)


@settings(max_examples=100, deadline=None)
@given(start=moments, a=st.integers(0, 100), b=st.integers(0, 100))
def test_deadlines_grow_with_the_hours(start: datetime, a: int, b: int) -> None:
    first, second = sorted((a, b))
    assert calendar.add_working_hours(start, first) <= calendar.add_working_hours(start, second)


def test_a_custom_calendar_has_its_own_hours_and_holidays() -> None:
    company_day = date(2026, 11, 25)
    custom = OfficeCalendar(lambda d: d == company_day, opens=time(9), closes=time(17))
    assert custom.hours_per_day == 8
    start = hki(2026, 11, 24, 16)
    assert custom.add_working_hours(start, 2) == hki(2026, 11, 26, 10).astimezone(UTC)
    assert start + timedelta(hours=1) < custom.add_working_hours(start, 2)
