"""Who reads leads and account-creation requests: `persistence.scoping.readable()` and the
widenings the leads process adds, each mirrored by a domain rule
(`domain.leads.can_read`, `domain.leads.account_requests.can_read`).

A lead is readable when it is within the caller's read scope (or of an account whose team
the caller is on), waits in one of the caller's queues, or — for a caller with any read
privilege on leads — was given by the caller or is owned by someone the caller supervises
(`users.manager_id`): the breach notice goes to the lead giver and the owner's manager, and
they must be able to open it. A request is readable within the scope or in one's queue.
"""

from __future__ import annotations

import sqlalchemy as sa

from domain.leads import ACCOUNT_CREATION_REQUEST, LEAD
from domain.shared import Action, Depth, Principal
from persistence.scoping import readable
from persistence.tables.identity import users
from persistence.tables.leads import account_creation_requests, leads


def leads_readable(principal: Principal) -> sa.ColumnElement[bool]:
    clause = readable(principal, LEAD, leads, queue_col="queue_id")
    if principal.depth(LEAD, Action.READ) is Depth.NONE:
        return clause
    supervised = sa.select(users.c.id).where(users.c.manager_id == principal.user_id)
    return sa.or_(
        clause,
        leads.c.lead_giver_id == principal.user_id,
        leads.c.owner_id.in_(supervised),
    )


def requests_readable(principal: Principal) -> sa.ColumnElement[bool]:
    return readable(
        principal, ACCOUNT_CREATION_REQUEST, account_creation_requests, queue_col="queue_id"
    )
