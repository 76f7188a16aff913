"""The SLA watch, run by a periodic job: tell the owner (or the queue) when an open lead
enters its last working hours, and tell the owner's manager and the lead giver when it is
past due. Each lead is told about each once (`at_risk_notified_at`, `breach_notified_at`),
so running the watch twice, late, or in two workers at once is harmless.

The owner's manager is the supervisor set on the owner's user (`users.manager_id`); when
none is set — or the lead waits in a queue — the managers of the lead's business unit (users
of that unit with the built-in manager role) are told instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.leads.common import send
from domain.leads.model import Lead
from domain.leads.ports import LeadsUnitOfWork
from domain.notifications import NotificationKind
from domain.shared import Runtime

BATCH = 500


@dataclass(frozen=True)
class WatchResult:
    at_risk: int
    breached: int


async def managers_of(uow: LeadsUnitOfWork, lead: Lead) -> frozenset[UUID]:
    if lead.queue_id is None:
        owner = await uow.lead_directory.person(lead.owner_id)
        if owner is not None and owner.manager_id is not None:
            manager = await uow.lead_directory.person(owner.manager_id)
            if manager is not None and manager.is_active:
                return frozenset({manager.id})
    return await uow.lead_directory.unit_managers(lead.business_unit_id)


async def _owner_side(uow: LeadsUnitOfWork, lead: Lead) -> tuple[frozenset[UUID], str | None]:
    if lead.queue_id is None:
        return frozenset({lead.owner_id}), None
    queue = await uow.lead_directory.queue(lead.queue_id)
    return (queue.member_ids, queue.name) if queue is not None else (frozenset(), None)


async def watch_sla(uow: LeadsUnitOfWork, rt: Runtime, now: datetime) -> WatchResult:
    at_risk = breached = 0
    for lead in await uow.leads.sla_due("at_risk", now, BATCH):
        if not await uow.leads.mark_notified(lead.id, "at_risk", now):
            continue  # another run told them first
        recipients, queue = await _owner_side(uow, lead)
        await send(uow, rt, recipients, NotificationKind.LEAD_AT_RISK, lead, queue=queue)
        at_risk += 1
    for lead in await uow.leads.sla_due("breach", now, BATCH):
        if not await uow.leads.mark_notified(lead.id, "breach", now):
            continue
        owner = await uow.lead_directory.person(lead.owner_id)
        _, queue = await _owner_side(uow, lead)
        recipients = await managers_of(uow, lead) | {lead.lead_giver_id}
        await send(
            uow,
            rt,
            recipients,
            NotificationKind.LEAD_BREACHED,
            lead,
            queue=queue,
            owner=owner.name if owner is not None and lead.queue_id is None else None,
        )
        breached += 1
    await uow.commit()
    return WatchResult(at_risk, breached)
