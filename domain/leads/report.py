"""The lead report's figures, computed from one row per lead (pure, so the SQL that fetches
the rows stays a plain scoped select and the definitions live in one place).

Definitions, over the leads received in the period:

- received: how many; open / converted / handled without action / disqualified: their
  current status;
- conversion rate: converted ÷ received;
- SLA compliance: met ÷ decided, where decided = closed leads (met or missed) plus open
  leads already past due (they can only miss); open leads still within their time are not
  counted either way;
- median time to first action: the median, in working hours from receipt, over the leads
  that have had a first action.

Percentages have one decimal; a figure over nothing is None.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.leads.model import LeadSource, LeadStatus, SlaState


@dataclass(frozen=True)
class ReportLead:
    received_on: date  # the Helsinki date of receipt
    source: LeadSource
    product_id: UUID
    region_id: UUID | None
    owner_id: UUID
    status: LeadStatus
    sla: SlaState  # as of the report's "now"
    first_action_hours: float | None


@dataclass(frozen=True)
class Figures:
    received: int
    open: int
    converted: int
    handled_no_action: int
    disqualified: int
    conversion_rate: float | None
    sla_decided: int
    sla_met: int
    sla_compliance: float | None
    first_actions: int
    median_first_action_hours: float | None


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(leads: Iterable[ReportLead]) -> Figures:
    rows = list(leads)
    by_status = {s: sum(1 for r in rows if r.status is s) for s in LeadStatus}
    decided = [r for r in rows if r.sla in (SlaState.MET, SlaState.MISSED, SlaState.BREACHED)]
    met = sum(1 for r in decided if r.sla is SlaState.MET)
    hours = [r.first_action_hours for r in rows if r.first_action_hours is not None]
    return Figures(
        received=len(rows),
        open=by_status[LeadStatus.OPEN],
        converted=by_status[LeadStatus.HANDLED],
        handled_no_action=by_status[LeadStatus.HANDLED_NO_ACTION],
        disqualified=by_status[LeadStatus.DISQUALIFIED],
        conversion_rate=_percent(by_status[LeadStatus.HANDLED], len(rows)),
        sla_decided=len(decided),
        sla_met=met,
        sla_compliance=_percent(met, len(decided)),
        first_actions=len(hours),
        median_first_action_hours=round(statistics.median(hours), 2) if hours else None,
    )


GROUPINGS: dict[str, Callable[[ReportLead], Hashable]] = {
    "source": lambda r: r.source.value,
    "product": lambda r: r.product_id,
    "region": lambda r: r.region_id,
    "month": lambda r: f"{r.received_on.year:04d}-{r.received_on.month:02d}",
    "owner": lambda r: r.owner_id,
}


def grouped(leads: Iterable[ReportLead], by: str) -> list[tuple[Hashable, Figures]]:
    """Figures per group, groups in first-seen order of the rows (the caller sorts)."""
    key = GROUPINGS[by]
    groups: dict[Hashable, list[ReportLead]] = {}
    for row in leads:
        groups.setdefault(key(row), []).append(row)
    return [(k, figures(v)) for k, v in groups.items()]
