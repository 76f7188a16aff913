"""'My work': which open activities fall in which bucket, in the organisation's local time.

Today and this week are calendar days in Europe/Helsinki (a week is Monday to Sunday), so an
activity due at 23:30 Helsinki time on Sunday belongs to that week even though it is Sunday
21:30 in UTC. The buckets overlap on purpose: what is due this morning is overdue, due today
and due this week; the page shows each list with its own count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

WORK_ZONE = "Europe/Helsinki"


class WorkBucket(StrEnum):
    OVERDUE = "overdue"  # open, due before now
    TODAY = "today"  # open, due today (local calendar day)
    THIS_WEEK = "this_week"  # open, due Monday to Sunday of this week
    DELEGATED_BY_ME = "delegated_by_me"  # open, I gave it to someone else


@dataclass(frozen=True)
class DueWindow:
    """due_at >= start (when given) and due_at < end."""

    start: datetime | None
    end: datetime


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight as a UTC moment (so that differences count real hours across a DST
    change; in Finland clocks change at 03:00/04:00, never at midnight)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def due_window(bucket: WorkBucket, now: datetime, zone: str = WORK_ZONE) -> DueWindow | None:
    """The due-date range of a bucket at `now` (an aware datetime); None for a bucket that is
    not about due dates."""
    tz = ZoneInfo(zone)
    today = now.astimezone(tz).date()
    if bucket is WorkBucket.OVERDUE:
        return DueWindow(None, now)
    if bucket is WorkBucket.TODAY:
        return DueWindow(_midnight(today, tz), _midnight(today + timedelta(days=1), tz))
    if bucket is WorkBucket.THIS_WEEK:
        monday = today - timedelta(days=today.weekday())
        return DueWindow(_midnight(monday, tz), _midnight(monday + timedelta(days=7), tz))
    return None
