"""Leads (liidit): sales inquiries that customer service, the website or an integration
captures, routed to the right salesperson by region and product, to be handled within an
SLA counted in working hours.

A lead is open (Avoin) until it is handled: converted into a sales project (Hoidettu),
handled without action (Hoidettu – ei toimenpiteitä, e.g. gas cannot be offered in the
area) or disqualified (Hylätty); the last two need a reason and can be reopened, a converted
lead cannot. The state rules and the SLA state are pure functions here, shared by the use
cases, the list queries and the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.shared import InvalidTransition, ValidationFailed

LEAD = "lead"
LEAD_SETUP = "lead_setup"  # routing rules, SLA policies, web forms, lead settings
# Clocks differ a little; a receipt time further ahead than this is a typing error.
FUTURE_TOLERANCE = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


class LeadStatus(StrEnum):
    OPEN = "open"  # Avoin
    HANDLED = "handled"  # Hoidettu: converted into a sales project
    HANDLED_NO_ACTION = "handled_no_action"  # Hoidettu – ei toimenpiteitä
    DISQUALIFIED = "disqualified"  # Hylätty

    @property
    def is_closed(self) -> bool:
        return self is not LeadStatus.OPEN


# Closing without a sales project needs a reason (shown in the lead and in reports).
REASON_REQUIRED = frozenset({LeadStatus.HANDLED_NO_ACTION, LeadStatus.DISQUALIFIED})


class LeadSource(StrEnum):
    """Liidin lähde: where the inquiry came from."""

    PHONE_CALL = "phone_call"
    EMAIL = "email"
    WEB_FORM = "web_form"
    SERVICE_REQUEST = "service_request"
    EVENT = "event"
    CAMPAIGN = "campaign"
    PARTNER = "partner"
    OWN_NETWORK = "own_network"
    INTEGRATION = "integration"
    OTHER = "other"


class Priority(StrEnum):
    """The lead's priority; its task gets the same one."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class SlaState(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"  # open, within the last N working hours before the due time
    BREACHED = "breached"  # open and past due
    MET = "met"  # closed by the due time
    MISSED = "missed"  # closed after it


class FirstAction(StrEnum):
    """What counted as the owner's first reaction to the lead."""

    ACKNOWLEDGED = "acknowledged"
    PICKED = "picked"  # taken from a queue
    TASK_DONE = "task_done"  # the lead task marked done
    ACTIVITY = "activity"  # an activity on the lead by its owner
    STATUS_CHANGE = "status_change"
    CONVERSION = "conversion"
    ASSIGNMENT = "assignment"  # the owner passed it on to someone else by hand


def allowed_statuses(current: LeadStatus) -> list[LeadStatus]:
    """What POST …/status accepts from `current` (handled comes only from a conversion)."""
    if current is LeadStatus.OPEN:
        return [LeadStatus.HANDLED_NO_ACTION, LeadStatus.DISQUALIFIED]
    if current in REASON_REQUIRED:
        return [LeadStatus.OPEN]
    return []


def check_status_change(current: LeadStatus, target: LeadStatus, reason: str | None) -> None:
    allowed = allowed_statuses(current)
    names = [s.value for s in allowed]
    if target not in allowed:
        if target is LeadStatus.HANDLED and current is LeadStatus.OPEN:
            detail = "A lead becomes handled by its conversion: POST /leads/{id}/conversion."
        elif current is LeadStatus.HANDLED:
            detail = "The lead has been converted into a sales project; it cannot change."
        elif target is current:
            detail = f"The lead is already {current.value}."
        else:
            detail = f"A {current.value} lead cannot become {target.value}."
        if names:
            detail += f" Allowed: {', '.join(names)}."
        raise InvalidTransition(detail, allowed=names)
    if (target in REASON_REQUIRED or target is LeadStatus.OPEN) and not (reason or "").strip():
        raise ValidationFailed.field(
            "reason",
            "Say why the lead is reopened."
            if target is LeadStatus.OPEN
            else "Say why the lead is closed without a sales project.",
        )


@dataclass
class Lead:
    id: UUID
    company_name: str
    contact_name: str
    phone: str
    product_id: UUID
    source: LeadSource
    received_at: datetime
    owner_id: UUID
    business_unit_id: UUID
    # Liidin antaja: who entered it (for a web form, the form's user). Never changes.
    lead_giver_id: UUID
    # SLA, fixed when the lead is received (see domain.leads.sla).
    sla_due_at: datetime
    sla_at_risk_at: datetime
    sla_working_hours: float
    created_at: datetime
    updated_at: datetime
    status: LeadStatus = LeadStatus.OPEN
    priority: Priority = Priority.NORMAL
    email: str | None = None
    business_id: str | None = None
    municipality_id: UUID | None = None
    region_id: UUID | None = None
    description: str | None = None
    campaign_id: UUID | None = None
    service_request_id: UUID | None = None
    # The business unit the inquiry is for (routing rules may match it; SLA policies too).
    target_unit_id: UUID | None = None
    # The queue the lead waits in until a member picks it (the owner stays the lead giver).
    queue_id: UUID | None = None
    status_reason: str | None = None
    closed_at: datetime | None = None
    sla_met: bool | None = None  # set when closed: closed_at <= sla_due_at
    sla_policy_id: UUID | None = None  # None: the default from the settings
    routing_rule_id: UUID | None = None
    # Why it went where it went: every rule looked at, in order, and the decision.
    routing: Mapping[str, Any] | None = None
    routed_at: datetime | None = None
    assigned_at: datetime | None = None  # when the current owner (or queue) got it
    task_id: UUID | None = None  # the open "Liidi" task of the current owner
    acknowledged_at: datetime | None = None
    acknowledged_by_id: UUID | None = None
    first_action_at: datetime | None = None
    first_action_kind: FirstAction | None = None
    first_action_hours: float | None = None  # working hours from received_at
    at_risk_notified_at: datetime | None = None
    breach_notified_at: datetime | None = None
    converted_at: datetime | None = None
    converted_by_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    sales_project_id: UUID | None = None
    version: int = 1

    def sla_state(self, now: datetime) -> SlaState:
        return sla_state(self.status, self.sla_due_at, self.sla_at_risk_at, self.sla_met, now)


def sla_state(
    status: LeadStatus,
    due_at: datetime,
    at_risk_at: datetime,
    met: bool | None,
    now: datetime,
) -> SlaState:
    if status.is_closed:
        return SlaState.MET if met else SlaState.MISSED
    if now >= due_at:
        return SlaState.BREACHED
    if now >= at_risk_at:
        return SlaState.AT_RISK
    return SlaState.ON_TRACK


def split_name(full_name: str) -> tuple[str, str]:
    """A contact's first and last name from the one name field of a lead ("Maija
    Meikäläinen" → Maija, Meikäläinen; a single word is the last name)."""
    parts = full_name.split()
    if not parts:
        return "", ""
    if len(parts) == 1:
        return "", parts[0]
    return " ".join(parts[:-1]), parts[-1]
