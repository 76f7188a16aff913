"""Working time: Finnish public holidays, office hours, and SLA arithmetic in working hours.

"Handle a lead within two working days" is counted in working hours: two days of office
hours (2 × 8 h by default). A lead received on Friday at 15:00 is due on Tuesday at 15:00; one
received on Saturday, on Tuesday at 16:00. Weekends and the public holidays of the `holidays`
package (Finland: including Midsummer Eve and Christmas Eve) are not working days. Times are
aware datetimes; office hours are read in the organisation's time zone (Europe/Helsinki).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays


class WorkingCalendar(Protocol):
    @property
    def hours_per_day(self) -> float: ...

    def is_working_day(self, day: date) -> bool: ...

    def add_working_hours(self, start: datetime, hours: float) -> datetime: ...

    def add_working_days(self, start: datetime, days: int) -> datetime: ...

    def working_hours_between(self, start: datetime, end: datetime) -> float: ...


@lru_cache(maxsize=8)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year))


def public_holidays(country: str = "FI") -> Callable[[date], bool]:
    return lambda day: day in _public_holidays(country, day.year)


class OfficeCalendar:
    """Working days are Monday to Friday minus holidays; working time is office hours."""

    def __init__(
        self,
        is_holiday: Callable[[date], bool] | None = None,
        *,
        zone: str = "Europe/Helsinki",
        opens: time = time(8),
        closes: time = time(16),
    ) -> None:
        if closes <= opens:
            raise ValueError("office hours must close after they open")
        self.is_holiday = is_holiday or public_holidays("FI")
        self.zone = ZoneInfo(zone)
        self.opens = opens
        self.closes = closes

    @property
    def hours_per_day(self) -> float:
        return (_seconds(self.closes) - _seconds(self.opens)) / 3600

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def _at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.zone)

    def _working_span(self, day: date) -> tuple[datetime, datetime] | None:
        if not self.is_working_day(day):
            return None
        return self._at(day, self.opens), self._at(day, self.closes)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment when `hours` of working time have passed since `start`."""
        if hours < 0:
            raise ValueError("hours must not be negative")
        local = _aware(start).astimezone(self.zone)
        remaining = timedelta(hours=hours)
        day = local.date()
        for _ in range(3660):  # ten years of days: no SLA runs longer
            span = self._working_span(day)
            if span is not None:
                begin = max(span[0], local)
                if begin < span[1]:
                    available = span[1] - begin
                    if remaining <= available:
                        return (begin + remaining).astimezone(UTC)
                    remaining -= available
                elif remaining == timedelta(0) and begin == span[1]:
                    return begin.astimezone(UTC)
            day += timedelta(days=1)
        raise ValueError("the deadline is more than ten years away")

    def add_working_days(self, start: datetime, days: int) -> datetime:
        return self.add_working_hours(start, days * self.hours_per_day)

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Working hours from `start` to `end` (negative when `end` comes first)."""
        first, last = _aware(start), _aware(end)
        if last < first:
            return -self.working_hours_between(last, first)
        local_first, local_last = first.astimezone(self.zone), last.astimezone(self.zone)
        total = timedelta(0)
        day = local_first.date()
        while day <= local_last.date():
            span = self._working_span(day)
            if span is not None:
                begin, finish = max(span[0], local_first), min(span[1], local_last)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return total.total_seconds() / 3600


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("working-time arithmetic needs aware datetimes")
    return moment
