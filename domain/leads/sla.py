"""The lead SLA: "handle within two working days", counted in office hours.

The default comes from the settings (`KUMPPANI_LEAD_SLA_WORKING_DAYS`, 2 working days of 8
office hours on the Finnish calendar). Administrators may set policies per business unit,
per product, or per both; the most specific active one wins: unit + product > product >
unit > the default. The unit is the one the inquiry is for, else the unit the lead was
routed to.

The due time is fixed when the lead is received: the customer's wait does not start again
because the lead is passed on. Only a policy that says so (`restarts_on_reassignment`)
starts the clock again when the lead is re-routed or reassigned to a unit or product it
covers. The lead is at risk during the last `at_risk_working_hours` before its due time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.shared import ValidationFailed, WorkingCalendar

SLA_POLICY = "lead_sla_policy"
MAX_WORKING_DAYS = 60.0
MAX_AT_RISK_HOURS = 160.0


@dataclass
class SlaPolicy:
    id: UUID
    working_days: float
    at_risk_working_hours: float
    created_at: datetime
    updated_at: datetime
    business_unit_id: UUID | None = None
    product_id: UUID | None = None
    restarts_on_reassignment: bool = False
    is_active: bool = True
    version: int = 1

    def check(self) -> None:
        if self.business_unit_id is None and self.product_id is None:
            raise ValidationFailed.field(
                "business_unit_id",
                "A policy is for a business unit, a product or both (the default comes from "
                "the setting KUMPPANI_LEAD_SLA_WORKING_DAYS).",
            )
        check_terms(self.working_days, self.at_risk_working_hours)


def check_terms(working_days: float, at_risk_working_hours: float) -> None:
    if not 0 < working_days <= MAX_WORKING_DAYS:
        raise ValidationFailed.field(
            "working_days", f"The SLA is more than 0 and at most {MAX_WORKING_DAYS:g} working days."
        )
    if not 0 <= at_risk_working_hours <= MAX_AT_RISK_HOURS:
        raise ValidationFailed.field(
            "at_risk_working_hours",
            f"The at-risk window is 0 to {MAX_AT_RISK_HOURS:g} working hours.",
        )


@dataclass(frozen=True)
class SlaDefaults:
    working_days: float = 2.0
    at_risk_working_hours: float = 4.0


@dataclass(frozen=True)
class SlaTerms:
    """The SLA a lead gets: from a policy, or the default (policy_id None)."""

    policy_id: UUID | None
    working_days: float
    at_risk_working_hours: float
    restarts_on_reassignment: bool = False


def specificity(policy: SlaPolicy) -> int:
    """unit + product (3) > product (2) > unit (1)."""
    return (2 if policy.product_id is not None else 0) + (
        1 if policy.business_unit_id is not None else 0
    )


def choose_terms(
    policies: Iterable[SlaPolicy],
    business_unit_id: UUID | None,
    product_id: UUID | None,
    defaults: SlaDefaults,
) -> SlaTerms:
    """The most specific active policy that covers the unit and the product."""
    covering = [
        p
        for p in policies
        if p.is_active
        and (p.business_unit_id is None or p.business_unit_id == business_unit_id)
        and (p.product_id is None or p.product_id == product_id)
    ]
    if not covering:
        return SlaTerms(None, defaults.working_days, defaults.at_risk_working_hours)
    best = max(covering, key=lambda p: (specificity(p), p.id))
    return SlaTerms(
        best.id, best.working_days, best.at_risk_working_hours, best.restarts_on_reassignment
    )


@dataclass(frozen=True)
class SlaTimes:
    due_at: datetime
    at_risk_at: datetime
    working_hours: float


def sla_times(calendar: WorkingCalendar, start: datetime, terms: SlaTerms) -> SlaTimes:
    """Due after the policy's working days of office hours from `start`; at risk when
    `at_risk_working_hours` of them are left (from the start, if the window is longer)."""
    total = round(terms.working_days * calendar.hours_per_day, 4)
    due = calendar.add_working_hours(start, total)
    at_risk = calendar.add_working_hours(start, max(0.0, total - terms.at_risk_working_hours))
    return SlaTimes(due, at_risk, total)
