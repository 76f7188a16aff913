"""Pure sales-project rules: stage due dates in working days across weekends and Finnish
public holidays, start moments, the stage and status transition tables, money values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.sales import (
    ProjectStage,
    ProjectStatus,
    StageStatus,
    allowed_stage_transitions,
    allowed_statuses,
    check_completion,
    check_skip,
    check_status_change,
    check_value,
    days_in_stage,
    due_date,
    next_stage,
    start_moment,
    today,
)
from domain.shared import InvalidTransition, OfficeCalendar, ValidationFailed

pytestmark = pytest.mark.unit

CALENDAR = OfficeCalendar()


# ------------------------------------------------------------------ due dates


@pytest.mark.parametrize(
    ("start", "days", "due", "why"),
    [
        # The brief's example said Fri 11.12.; the calendar counts Fri 4, Mon 7, Tue 8, Wed 9,
        # Thu 10: Independence Day (6.12.) is a Sunday in 2026 and moves nothing.
        (date(2026, 12, 3), 5, date(2026, 12, 10), "a weekend in between"),
        (date(2026, 6, 17), 3, date(2026, 6, 23), "Midsummer Eve Fri 19.6. is not a working day"),
        (date(2026, 12, 22), 3, date(2026, 12, 29), "Christmas Eve Thu and Christmas Day Fri"),
        (date(2026, 12, 23), 1, date(2026, 12, 28), "24.–27.12. are all days off"),
        (date(2026, 12, 31), 1, date(2027, 1, 4), "New Year's Day is a Friday"),
        (date(2027, 1, 5), 1, date(2027, 1, 7), "Epiphany Wed 6.1.2027"),
        (date(2026, 5, 29), 1, date(2026, 6, 1), "Friday + 1 is Monday"),
        (date(2026, 12, 3), 0, date(2026, 12, 3), "no duration: the start day itself"),
        (date(2026, 12, 26), 0, date(2026, 12, 28), "no duration on a holiday Saturday: Monday"),
        (date(2026, 12, 5), 1, date(2026, 12, 7), "started on a Saturday: Monday is the first"),
    ],
)
def test_a_stage_is_due_its_working_days_after_it_started(
    start: date, days: int, due: date, why: str
) -> None:
    assert due_date(CALENDAR, start, days) == due, why


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=1, max_value=60),
)
def test_the_due_date_is_the_nth_working_day_after_the_start(start: date, days: int) -> None:
    due = due_date(CALENDAR, start, days)
    assert CALENDAR.is_working_day(due)
    between = [start + timedelta(days=n) for n in range(1, (due - start).days + 1)]
    assert sum(CALENDAR.is_working_day(d) for d in between) == days


def test_a_duration_beyond_the_calendars_ten_years_is_still_counted() -> None:
    start, days = date(2026, 1, 1), 3000  # about twelve years of working days
    due = due_date(CALENDAR, start, days)
    between = [start + timedelta(days=n) for n in range(1, (due - start).days + 1)]
    assert sum(CALENDAR.is_working_day(d) for d in between) == days
    assert CALENDAR.is_working_day(due)


def test_a_back_dated_start_begins_at_that_days_start_in_helsinki() -> None:
    now = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)  # Thu 09:00 in Helsinki
    assert start_moment(date(2026, 12, 3), now) == now
    earlier = start_moment(date(2026, 12, 1), now)
    assert earlier == datetime(2026, 11, 30, 22, 0, tzinfo=UTC)  # Tue 00:00 Helsinki
    assert days_in_stage(earlier, now) == 2
    assert days_in_stage(None, now) is None


def test_today_is_the_helsinki_date() -> None:
    # 23:30 UTC on 3.12. is already 4.12. in Helsinki.
    assert today(datetime(2026, 12, 3, 23, 30, tzinfo=UTC)) == date(2026, 12, 4)


# ------------------------------------------------------------------ stage transitions

NOW = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)


def stage(position: int, status: StageStatus) -> ProjectStage:
    return ProjectStage(
        id=UUID(int=position),
        project_id=UUID(int=99),
        position=position,
        key=f"s{position}",
        name=f"Stage {position}",
        status=status,
        created_at=NOW,
        updated_at=NOW,
    )


@pytest.mark.parametrize(
    ("status", "current", "allowed"),
    [
        (StageStatus.IN_PROGRESS, True, ["done", "skipped"]),
        (StageStatus.NOT_STARTED, False, ["skipped"]),
        (StageStatus.DONE, False, []),
        (StageStatus.SKIPPED, False, []),
    ],
)
def test_what_each_stage_may_become(status: StageStatus, current: bool, allowed: list[str]) -> None:
    assert [s.value for s in allowed_stage_transitions(stage(1, status), current)] == allowed


@pytest.mark.parametrize(
    ("status", "current", "allowed"),
    [
        (StageStatus.DONE, False, []),
        (StageStatus.SKIPPED, False, []),
        (StageStatus.NOT_STARTED, False, ["skipped"]),
    ],
)
def test_only_the_current_stage_can_be_completed(
    status: StageStatus, current: bool, allowed: list[str]
) -> None:
    with pytest.raises(InvalidTransition) as refused:
        check_completion(stage(1, status), current)
    assert refused.value.allowed == allowed
    check_completion(stage(1, StageStatus.IN_PROGRESS), True)


def test_a_done_or_skipped_stage_cannot_be_skipped() -> None:
    for status in (StageStatus.DONE, StageStatus.SKIPPED):
        with pytest.raises(InvalidTransition):
            check_skip(stage(1, status), False)
    check_skip(stage(1, StageStatus.NOT_STARTED), False)
    check_skip(stage(1, StageStatus.IN_PROGRESS), True)


def test_the_next_stage_passes_over_skipped_and_done_ones() -> None:
    stages = [
        stage(1, StageStatus.IN_PROGRESS),
        stage(2, StageStatus.SKIPPED),
        stage(3, StageStatus.DONE),
        stage(4, StageStatus.NOT_STARTED),
        stage(5, StageStatus.NOT_STARTED),
    ]
    found = next_stage(stages, 1)
    assert found is not None
    assert found.position == 4
    assert next_stage(stages, 5) is None


# ------------------------------------------------------------------ status transitions

S = ProjectStatus


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        (S.OPEN, [S.WON, S.LOST, S.CANCELLED]),
        (S.WON, [S.OPEN]),
        (S.LOST, [S.OPEN]),
        (S.CANCELLED, [S.OPEN]),
    ],
)
def test_status_transitions(current: ProjectStatus, allowed: list[ProjectStatus]) -> None:
    assert allowed_statuses(current) == allowed
    for target in ProjectStatus:
        if target in allowed:
            check_status_change(current, target, "syy")
        else:
            with pytest.raises(InvalidTransition) as refused:
                check_status_change(current, target, "syy")
            assert refused.value.allowed == [s.value for s in allowed]


@pytest.mark.parametrize(
    ("current", "target"),
    [(S.OPEN, S.LOST), (S.OPEN, S.CANCELLED), (S.WON, S.OPEN), (S.LOST, S.OPEN)],
)
def test_losing_cancelling_and_reopening_need_a_reason(
    current: ProjectStatus, target: ProjectStatus
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_status_change(current, target, None)
    assert refused.value.errors[0].loc == ("reason",)


def test_winning_needs_no_reason() -> None:
    check_status_change(S.OPEN, S.WON, None)


# ------------------------------------------------------------------ money


@pytest.mark.parametrize("value", ["0", "0.01", "1234.5", "999999999999.99", Decimal("15000.00")])
def test_valid_values_are_kept_exactly_with_two_decimals(value: str | Decimal) -> None:
    checked = check_value(Decimal(value))
    assert checked == Decimal(value)
    assert checked is not None
    assert checked.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-0.01", "negative"),
        ("0.001", "two decimals"),
        ("1000000000000.00", "at most"),
        ("NaN", "not a number"),
    ],
)
def test_invalid_values_are_refused(value: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_value(Decimal(value))
    assert message in refused.value.errors[0].msg
