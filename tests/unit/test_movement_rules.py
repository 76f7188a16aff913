"""The monthly movement report's definitions, on plain rows: a scripted history whose figures
for December 2025 – March 2026 were worked out by hand, the tie and reopening rules, and
properties on generated histories (a month never changes when later events are added; the
rows add up; the month before is the previous month's report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.sales.movement import (
    FIGURES,
    EventRow,
    Figures,
    add_months,
    check_month,
    last_day,
    movement,
    parse_month,
    project_figures,
)
from domain.shared import ValidationFailed

pytestmark = pytest.mark.unit

# ------------------------------------------------------------------ the scripted history


@dataclass(frozen=True)
class ScriptedProject:
    name: str
    type: str  # "gas" | "heat"
    region: str | None
    unit: str  # "A" | "B"
    events: tuple[tuple[str, date, time], ...]  # kind, happened_on, time of `at` that day

    @property
    def id(self) -> UUID:
        return UUID(int=int(self.name[1:]))


def d(y: int, m: int, day: int) -> date:
    return date(y, m, day)


NOON = time(12, 0)
SCRIPT = (
    ScriptedProject(
        "P1",
        "gas",
        "Uusimaa",
        "A",
        (
            ("opened", d(2025, 6, 10), NOON),
            ("stage_completed", d(2025, 8, 1), NOON),
            ("stage_started", d(2025, 8, 1), time(12, 1)),
            ("stage_completed", d(2026, 1, 15), NOON),
            ("stage_completed", d(2026, 3, 5), NOON),
            ("won", d(2026, 3, 20), NOON),
        ),
    ),
    ScriptedProject(
        "P2",
        "gas",
        "Uusimaa",
        "A",
        (
            ("opened", d(2025, 11, 3), NOON),
            # Started and skipped stages are not progress.
            ("stage_started", d(2026, 1, 10), NOON),
            ("stage_skipped", d(2026, 1, 12), NOON),
            ("stage_reassigned", d(2026, 1, 13), NOON),
            ("stage_completed", d(2026, 2, 10), NOON),
            ("lost", d(2026, 2, 25), NOON),
        ),
    ),
    ScriptedProject(
        "P3",
        "heat",
        "Pirkanmaa",
        "A",
        (
            ("opened", d(2026, 1, 5), NOON),
            ("stage_completed", d(2026, 1, 20), NOON),
            ("stage_completed", d(2026, 2, 1), NOON),
        ),
    ),
    # Imported from the old system: opened there in 2019.
    ScriptedProject(
        "P4",
        "heat",
        "Pirkanmaa",
        "B",
        (
            ("imported", d(2019, 4, 1), NOON),
            ("stage_completed", d(2020, 1, 1), NOON),
            ("migrated", d(2025, 5, 5), NOON),
            ("stage_completed", d(2026, 3, 10), NOON),
        ),
    ),
    ScriptedProject(
        "P5",
        "gas",
        None,
        "B",
        (("opened", d(2026, 2, 14), NOON), ("cancelled", d(2026, 3, 2), NOON)),
    ),
    # Lost in December, reopened in February: a reopening is not new.
    ScriptedProject(
        "P6",
        "gas",
        "Uusimaa",
        "A",
        (
            ("opened", d(2025, 9, 1), NOON),
            ("lost", d(2025, 12, 15), NOON),
            ("reopened", d(2026, 2, 3), NOON),
            ("stage_completed", d(2026, 3, 31), NOON),
        ),
    ),
    # Opened and won on the same day.
    ScriptedProject(
        "P7",
        "heat",
        "Pirkanmaa",
        "A",
        (("opened", d(2026, 3, 31), time(9, 0)), ("won", d(2026, 3, 31), time(10, 0))),
    ),
    # Entered late (recorded in April) with its real opening day; its April completion does
    # not touch March.
    ScriptedProject(
        "P8",
        "gas",
        "Uusimaa",
        "A",
        (("opened", d(2026, 1, 31), NOON), ("stage_completed", d(2026, 4, 2), NOON)),
    ),
    ScriptedProject("P9", "heat", "Pirkanmaa", "A", (("opened", d(2026, 4, 1), NOON),)),
    # Lost and reopened the same day, the reopening recorded later: open at February's end.
    ScriptedProject(
        "P10",
        "gas",
        "Uusimaa",
        "A",
        (
            ("opened", d(2025, 12, 1), NOON),
            ("lost", d(2026, 2, 20), time(10, 0)),
            ("reopened", d(2026, 2, 20), time(15, 0)),
        ),
    ),
)
LATE = {("P8", "opened"): datetime(2026, 4, 3, 8, 0, tzinfo=UTC)}


def scripted_events() -> list[EventRow]:
    rows = []
    for p in SCRIPT:
        for n, (kind, day, at) in enumerate(p.events):
            moment = LATE.get((p.name, kind)) or datetime.combine(day, at, tzinfo=UTC)
            rows.append(EventRow(p.id, kind, day, moment, UUID(int=p.id.int * 100 + n)))
    return rows


def F(*values: int) -> Figures:  # noqa: N802 - reads like a table row
    return Figures(*values)


# Worked out by hand (see the comments on SCRIPT): open at end, new, progressed, not
# progressed, won, lost, cancelled.
EXPECTED_TOTALS = {
    date(2025, 12, 1): F(4, 1, 0, 5, 0, 1, 0),
    date(2026, 1, 1): F(6, 2, 2, 4, 0, 0, 0),
    date(2026, 2, 1): F(7, 1, 2, 6, 0, 2, 0),
    date(2026, 3, 1): F(5, 1, 3, 5, 2, 0, 1),
}
EXPECTED_CHANGES = {
    date(2026, 1, 1): F(2, 1, 2, -1, 0, -1, 0),
    date(2026, 2, 1): F(1, -1, 0, 2, 0, 2, 0),
    date(2026, 3, 1): F(-2, 0, 1, -1, 2, -2, 1),
}
EXPECTED_BY_TYPE: dict[date, dict[str | None, Figures]] = {
    date(2026, 1, 1): {"gas": F(4, 1, 1, 3, 0, 0, 0), "heat": F(2, 1, 1, 1, 0, 0, 0)},
    date(2026, 2, 1): {"gas": F(5, 1, 1, 5, 0, 2, 0), "heat": F(2, 0, 1, 1, 0, 0, 0)},
    date(2026, 3, 1): {"gas": F(3, 0, 2, 3, 1, 0, 1), "heat": F(2, 1, 1, 2, 1, 0, 0)},
}
EXPECTED_DECEMBER_BY_TYPE: dict[str | None, Figures] = {
    "gas": F(3, 1, 0, 4, 0, 1, 0),
    "heat": F(1, 0, 0, 1, 0, 0, 0),
}
EXPECTED_MARCH_BY_REGION = {
    "Pirkanmaa": F(2, 1, 1, 2, 1, 0, 0),
    "Uusimaa": F(3, 0, 2, 2, 1, 0, 0),
    None: F(0, 0, 0, 1, 0, 0, 1),
}
EXPECTED_MARCH_BY_UNIT = {"A": F(4, 1, 2, 4, 2, 0, 0), "B": F(1, 0, 1, 1, 0, 0, 1)}
EXPECTED_FEBRUARY_BY_UNIT = {"A": F(5, 0, 2, 4, 0, 2, 0), "B": F(2, 1, 0, 2, 0, 0, 0)}


def groups(by: str) -> dict[UUID, str | None]:
    return {p.id: getattr(p, by) for p in SCRIPT}


@pytest.mark.parametrize("month", sorted(EXPECTED_CHANGES))
def test_scripted_history_totals_every_figure(month: date) -> None:
    report = movement(scripted_events(), month, groups("type"))
    previous = add_months(month, -1)
    assert report.total.current == EXPECTED_TOTALS[month]
    assert report.total.previous == EXPECTED_TOTALS[previous]
    assert report.total.change == EXPECTED_CHANGES[month]
    assert report.previous_month == previous


@pytest.mark.parametrize("month", sorted(EXPECTED_BY_TYPE))
def test_scripted_history_per_type(month: date) -> None:
    report = movement(scripted_events(), month, groups("type"))
    previous = EXPECTED_BY_TYPE.get(add_months(month, -1), EXPECTED_DECEMBER_BY_TYPE)
    assert [r.key for r in report.rows] == ["gas", "heat"]
    for row in report.rows:
        assert row.current == EXPECTED_BY_TYPE[month][row.key]
        assert row.previous == previous[row.key]
        assert row.change == row.current - row.previous


def test_scripted_history_per_region_and_unit() -> None:
    by_region = movement(scripted_events(), date(2026, 3, 1), groups("region"))
    assert {r.key: r.current for r in by_region.rows} == EXPECTED_MARCH_BY_REGION
    assert [r.key for r in by_region.rows] == ["Pirkanmaa", "Uusimaa", None]
    by_unit = movement(scripted_events(), date(2026, 3, 15), groups("unit"))
    assert {r.key: r.current for r in by_unit.rows} == EXPECTED_MARCH_BY_UNIT
    assert {r.key: r.previous for r in by_unit.rows} == EXPECTED_FEBRUARY_BY_UNIT
    assert by_unit.month == date(2026, 3, 1)


def test_the_expected_figures_hold_together() -> None:
    """The hand-computed table obeys the report's identities, so a typo in it shows."""
    for month, figures in EXPECTED_TOTALS.items():
        nxt = EXPECTED_TOTALS.get(add_months(month, 1))
        if nxt is not None:
            assert EXPECTED_CHANGES[add_months(month, 1)] == nxt - figures
    for month, per_type in EXPECTED_BY_TYPE.items():
        assert per_type["gas"] + per_type["heat"] == EXPECTED_TOTALS[month]
    march = EXPECTED_TOTALS[date(2026, 3, 1)]
    assert sum(EXPECTED_MARCH_BY_REGION.values(), Figures()) == march
    assert sum(EXPECTED_MARCH_BY_UNIT.values(), Figures()) == march


def _one(name: str) -> list[EventRow]:
    return [e for e in scripted_events() if e.project_id == UUID(int=int(name[1:]))]


def test_reopening_is_not_new_but_puts_the_project_back_in_the_month() -> None:
    feb = project_figures(_one("P6"), date(2026, 2, 1))
    assert feb == F(1, 0, 0, 1, 0, 0, 0)
    jan = project_figures(_one("P6"), date(2026, 1, 1))
    assert jan.is_zero  # lost in December, not open in January at all


def test_same_day_events_are_ordered_by_their_recorded_time() -> None:
    p10 = _one("P10")
    assert project_figures(p10, date(2026, 2, 1)) == F(1, 0, 0, 1, 0, 1, 0)
    # Recorded the other way round, the day ends lost.
    swapped = [
        EventRow(
            e.project_id,
            {"lost": "reopened", "reopened": "lost"}.get(e.kind, e.kind),
            e.happened_on,
            e.at,
            e.id,
        )
        for e in p10
    ]
    assert project_figures(swapped, date(2026, 2, 1)).open_at_end == 0
    # Exactly the same moment: the event id decides.
    tie = [EventRow(e.project_id, e.kind, e.happened_on, p10[1].at, e.id) for e in p10]
    assert project_figures(tie, date(2026, 2, 1)).open_at_end == 1


def test_opened_and_won_the_same_day_counts_in_the_month_but_not_at_its_end() -> None:
    assert project_figures(_one("P7"), date(2026, 3, 1)) == F(0, 1, 0, 1, 1, 0, 0)


def test_an_imported_project_counts_from_its_opening_day_in_the_old_system() -> None:
    p4 = _one("P4")
    assert project_figures(p4, date(2019, 4, 1)) == F(1, 1, 0, 1, 0, 0, 0)
    assert project_figures(p4, date(2020, 1, 1)) == F(1, 0, 1, 0, 0, 0, 0)
    assert project_figures(p4, date(2019, 3, 1)).is_zero


def test_projects_outside_the_callers_scope_are_left_out() -> None:
    only_b = {p.id: p.type for p in SCRIPT if p.unit == "B"}
    report = movement(scripted_events(), date(2026, 3, 1), only_b)
    assert report.total.current == F(1, 0, 1, 1, 0, 0, 1)
    assert movement(scripted_events(), date(2026, 3, 1), {}).rows == ()


def test_groups_with_nothing_to_show_are_left_out() -> None:
    report = movement(scripted_events(), date(2019, 4, 1), groups("type"))
    assert [r.key for r in report.rows] == ["heat"]
    assert movement(scripted_events(), date(2010, 1, 1), groups("type")).rows == ()


# ------------------------------------------------------------------ months


def test_months_parse_and_future_months_are_refused() -> None:
    assert parse_month("2026-11") == date(2026, 11, 1)
    for bad in ("2026-13", "2026-00", "0000-05", "26-11", "2026-1", "november", ""):
        with pytest.raises(ValidationFailed):
            parse_month(bad)
    today = date(2026, 11, 23)
    assert check_month(date(2026, 11, 1), today) == date(2026, 11, 1)
    assert check_month(date(2016, 2, 29), today) == date(2016, 2, 1)
    with pytest.raises(ValidationFailed) as refused:
        check_month(date(2026, 12, 1), today)
    assert refused.value.errors[0].loc == ("query", "month")
    with pytest.raises(ValidationFailed):
        check_month(date(1900, 12, 1), today)


def test_month_arithmetic() -> None:
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert add_months(date(2025, 12, 1), 1) == date(2026, 1, 1)
    assert add_months(date(2026, 3, 1), -14) == date(2025, 1, 1)
    assert last_day(date(2024, 2, 1)) == date(2024, 2, 29)
    assert last_day(date(2026, 12, 1)) == date(2026, 12, 31)


# ------------------------------------------------------------------ generated histories

KINDS = (
    "opened",
    "reopened",
    "imported",
    "won",
    "lost",
    "cancelled",
    "stage_completed",
    "stage_started",
    "stage_skipped",
    "migrated",
)
BASE_DAY = date(2025, 10, 1)
PROJECTS = [UUID(int=i + 1) for i in range(6)]


@st.composite
def histories(draw: st.DrawFn) -> list[EventRow]:
    """Random events (also nonsensical ones: a win before an opening) over eight months."""
    n = draw(st.integers(0, 40))
    rows = []
    for i in range(n):
        day = BASE_DAY + timedelta(days=draw(st.integers(0, 240)))
        minute = draw(st.integers(0, 3))
        rows.append(
            EventRow(
                draw(st.sampled_from(PROJECTS)),
                draw(st.sampled_from(KINDS)),
                day,
                datetime.combine(day, time(12, minute), tzinfo=UTC),
                UUID(int=draw(st.integers(0, 10_000)) * 1000 + i),
            )
        )
    return rows


MONTHS = st.integers(0, 8).map(lambda k: add_months(BASE_DAY, k))
GROUPING = st.dictionaries(st.sampled_from(PROJECTS), st.sampled_from(["x", "y", None]))


@settings(max_examples=300)
@given(histories(), MONTHS, GROUPING)
def test_later_events_never_change_a_month(
    events: list[EventRow], month: date, groups_: dict[UUID, str | None]
) -> None:
    upto = [e for e in events if e.happened_on <= last_day(month)]
    assert movement(events, month, groups_) == movement(upto, month, groups_)


@settings(max_examples=300)
@given(histories(), MONTHS, GROUPING)
def test_rows_add_up_and_the_previous_month_is_that_months_report(
    events: list[EventRow], month: date, groups_: dict[UUID, str | None]
) -> None:
    report = movement(events, month, groups_)
    assert sum((r.current for r in report.rows), Figures()) == report.total.current
    assert sum((r.previous for r in report.rows), Figures()) == report.total.previous
    before = movement(events, add_months(month, -1), groups_)
    assert before.total.current == report.total.previous
    for fig in FIGURES:
        assert getattr(report.total.change, fig) == getattr(report.total.current, fig) - getattr(
            report.total.previous, fig
        )


@settings(max_examples=300)
@given(histories(), MONTHS)
def test_each_projects_figures_are_consistent(events: list[EventRow], month: date) -> None:
    for project in PROJECTS:
        mine = [e for e in events if e.project_id == project]
        f = project_figures(mine, month)
        assert all(getattr(f, fig) in (0, 1) for fig in FIGURES)
        assert f.progressed + f.not_progressed <= 1
        # Open at the end means it was open at some time during the month.
        if f.open_at_end:
            assert f.open_during == 1
        nxt = project_figures(mine, add_months(month, 1))
        # Open at the end of a month is open at the start of the next one.
        if f.open_at_end:
            assert nxt.open_during == 1
