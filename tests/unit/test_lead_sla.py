"""The lead SLA on known dates: two working days of office hours (8–16 Helsinki) on the
Finnish calendar, across weekends, Midsummer, Independence Day, Christmas and Easter; the
at-risk moment; which policy applies (unit + product > product > unit > default); the SLA
state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from domain.leads import (
    LeadStatus,
    SlaDefaults,
    SlaPolicy,
    SlaState,
    SlaTerms,
    choose_terms,
    sla_state,
    sla_times,
)
from domain.shared import OfficeCalendar

pytestmark = pytest.mark.unit

HKI = ZoneInfo("Europe/Helsinki")
CALENDAR = OfficeCalendar()
DEFAULT = SlaTerms(None, 2.0, 4.0)


def hki(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HKI)


# received (Helsinki), due, at risk (the last 4 working hours begin)
KNOWN = [
    (
        "Friday 15:00: Friday's last hour, Monday, most of Tuesday",
        "2026-11-13 15:00",
        "2026-11-17 15:00",
        "2026-11-17 11:00",
    ),
    ("Saturday: from Monday 8:00", "2026-11-14 10:00", "2026-11-17 16:00", "2026-11-17 12:00"),
    (
        "Monday before office hours: from 8:00",
        "2026-11-16 07:00",
        "2026-11-17 16:00",
        "2026-11-17 12:00",
    ),
    (
        "Monday after office hours: from Tuesday 8:00",
        "2026-11-16 16:30",
        "2026-11-18 16:00",
        "2026-11-18 12:00",
    ),
    (
        "the day before Midsummer Eve 2026 (at risk from the end of Monday)",
        "2026-06-18 12:00",
        "2026-06-23 12:00",
        "2026-06-22 16:00",
    ),
    (
        "Independence Day 2026 is a Sunday: it costs nothing",
        "2026-12-04 15:00",
        "2026-12-08 15:00",
        "2026-12-08 11:00",
    ),
    (
        "Independence Day 2027 is a Monday",
        "2027-12-03 15:00",
        "2027-12-08 15:00",
        "2027-12-08 11:00",
    ),
    (
        "before Christmas 2026 (Thursday Eve, Friday Day)",
        "2026-12-23 14:00",
        "2026-12-29 14:00",
        "2026-12-29 10:00",
    ),
    (
        "before Christmas 2027 (Friday Eve; at risk from the end of Monday)",
        "2027-12-23 12:00",
        "2027-12-28 12:00",
        "2027-12-27 16:00",
    ),
    (
        "before Easter 2027 (Good Friday, Easter Monday)",
        "2027-03-25 09:00",
        "2027-03-31 09:00",
        "2027-03-30 13:00",
    ),
    (
        "over the end of summer time (25 October 2026)",
        "2026-10-23 15:00",
        "2026-10-27 15:00",
        "2026-10-27 11:00",
    ),
]


@pytest.mark.parametrize(("case", "received", "due", "at_risk"), KNOWN, ids=[k[0] for k in KNOWN])
def test_two_working_days_on_known_dates(case: str, received: str, due: str, at_risk: str) -> None:
    times = sla_times(CALENDAR, hki(received), DEFAULT)
    assert times.due_at.astimezone(HKI) == hki(due)
    assert times.at_risk_at.astimezone(HKI) == hki(at_risk)
    assert times.working_hours == 16
    assert times.due_at.tzinfo == UTC


@pytest.mark.parametrize(
    ("days", "received", "due"),
    [
        (1, "2026-11-16 10:00", "2026-11-17 10:00"),
        (0.5, "2026-11-16 14:00", "2026-11-17 10:00"),
        (3, "2026-11-13 15:00", "2026-11-18 15:00"),
        (5, "2026-12-23 14:00", "2027-01-04 14:00"),  # Christmas and New Year's Day off
    ],
)
def test_other_lengths(days: float, received: str, due: str) -> None:
    times = sla_times(CALENDAR, hki(received), SlaTerms(None, days, 4.0))
    assert times.due_at.astimezone(HKI) == hki(due)


def test_an_at_risk_window_longer_than_the_sla_starts_at_receipt() -> None:
    start = hki("2026-11-16 10:00")
    times = sla_times(CALENDAR, start, SlaTerms(None, 0.25, 8.0))
    assert times.at_risk_at == start.astimezone(UTC)


def uid(n: int) -> UUID:
    return UUID(int=n)


UNIT, OTHER_UNIT, PRODUCT, OTHER_PRODUCT = uid(1), uid(2), uid(3), uid(4)
NOW = datetime(2026, 11, 2, tzinfo=UTC)


def policy(
    n: int, unit: UUID | None, product: UUID | None, days: float, active: bool = True
) -> SlaPolicy:
    return SlaPolicy(
        id=uid(100 + n),
        working_days=days,
        at_risk_working_hours=2.0,
        created_at=NOW,
        updated_at=NOW,
        business_unit_id=unit,
        product_id=product,
        is_active=active,
    )


POLICIES = [
    policy(1, UNIT, None, 1.0),
    policy(2, None, PRODUCT, 3.0),
    policy(3, UNIT, PRODUCT, 0.5),
    policy(4, OTHER_UNIT, None, 4.0, active=False),
]


@pytest.mark.parametrize(
    ("unit", "product", "policies", "days"),
    [
        (UNIT, PRODUCT, POLICIES, 0.5),  # unit + product
        (OTHER_UNIT, PRODUCT, POLICIES, 3.0),  # product
        (UNIT, OTHER_PRODUCT, POLICIES, 1.0),  # unit
        (OTHER_UNIT, OTHER_PRODUCT, POLICIES, 2.0),  # the default (the other unit's is off)
        (UNIT, PRODUCT, POLICIES[:2], 3.0),  # product beats unit
        (UNIT, PRODUCT, [], 2.0),
    ],
)
def test_the_most_specific_active_policy_wins(
    unit: UUID, product: UUID, policies: list[SlaPolicy], days: float
) -> None:
    terms = choose_terms(policies, unit, product, SlaDefaults(2.0, 4.0))
    assert terms.working_days == days
    assert (terms.policy_id is None) == (days == 2.0)


DUE = datetime(2026, 11, 17, 13, tzinfo=UTC)
AT_RISK = DUE - timedelta(hours=4)


@pytest.mark.parametrize(
    ("status", "met", "now", "state"),
    [
        (LeadStatus.OPEN, None, AT_RISK - timedelta(seconds=1), SlaState.ON_TRACK),
        (LeadStatus.OPEN, None, AT_RISK, SlaState.AT_RISK),
        (LeadStatus.OPEN, None, DUE, SlaState.BREACHED),
        (LeadStatus.HANDLED, True, DUE + timedelta(days=9), SlaState.MET),
        (LeadStatus.DISQUALIFIED, False, AT_RISK, SlaState.MISSED),
        (LeadStatus.HANDLED_NO_ACTION, True, DUE, SlaState.MET),
    ],
)
def test_sla_state(status: LeadStatus, met: bool | None, now: datetime, state: SlaState) -> None:
    assert sla_state(status, DUE, AT_RISK, met, now) is state
