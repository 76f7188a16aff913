"""List queries of the leads set-up (routing rules, SLA policies, web forms) and of
account-creation requests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.leads import (
    LEAD_SETUP,
    PASSIVE_STATES,
    AccountCreationRequest,
    LeadForm,
    RoutingRule,
    SlaPolicy,
)
from domain.shared import Page, PageRequest, Principal
from persistence.queries.lead_scope import requests_readable
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.leads import form_from_row, request_from_row, rule_from_row
from persistence.scoping import readable
from persistence.tables.accounts import accounts
from persistence.tables.identity import users
from persistence.tables.leads import (
    account_creation_requests,
    lead_forms,
    lead_routing_rules,
    lead_sla_policies,
)
from persistence.tables.service import queues


def setup_readable(principal: Principal, table: sa.Table) -> sa.ColumnElement[bool]:
    """Organisation-wide set-up: no owner, no unit."""
    return readable(principal, LEAD_SETUP, table, owner_col=None, unit_col=None)


RULE_SORTS = {"position": lead_routing_rules.c.position, "name": lead_routing_rules.c.name}
POLICY_SORTS = {"created_at": lead_sla_policies.c.created_at}
FORM_SORTS = {"name": lead_forms.c.name, "created_at": lead_forms.c.created_at}


async def _load(session: AsyncSession, table: sa.Table, ids: list[UUID]) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = await session.execute(sa.select(table).where(table.c.id.in_(ids)))
    return [dict(r) for r in rows.mappings()]


async def list_rules(
    session: AsyncSession, principal: Principal, page: PageRequest, active: bool | None
) -> Page[RoutingRule]:
    where = setup_readable(principal, lead_routing_rules)
    if active is not None:
        where = sa.and_(where, lead_routing_rules.c.is_active == active)
    ids, next_cursor = await keyset_ids(session, lead_routing_rules, where, page, RULE_SORTS)
    rules = [rule_from_row(r) for r in await _load(session, lead_routing_rules, ids)]
    return Page(in_order(ids, rules), next_cursor)


async def list_policies(
    session: AsyncSession, principal: Principal, page: PageRequest
) -> Page[SlaPolicy]:
    where = setup_readable(principal, lead_sla_policies)
    ids, next_cursor = await keyset_ids(session, lead_sla_policies, where, page, POLICY_SORTS)
    policies = [SlaPolicy(**r) for r in await _load(session, lead_sla_policies, ids)]
    return Page(in_order(ids, policies), next_cursor)


async def list_forms(
    session: AsyncSession, principal: Principal, page: PageRequest, active: bool | None
) -> Page[LeadForm]:
    where = setup_readable(principal, lead_forms)
    if active is not None:
        where = sa.and_(where, lead_forms.c.is_active == active)
    ids, next_cursor = await keyset_ids(session, lead_forms, where, page, FORM_SORTS)
    forms = [form_from_row(r) for r in await _load(session, lead_forms, ids)]
    return Page(in_order(ids, forms), next_cursor)


# ------------------------------------------------------------------ account-creation requests

A = account_creation_requests.c
REQUEST_SORTS = {
    "updated_at": A.updated_at,
    "created_at": A.created_at,
    "name": A.sort_name,
}


@dataclass(frozen=True)
class RequestFilters:
    state: tuple[str, ...] = ()
    passive: bool | None = None  # true: completed and rejected; false: the others
    owner_id: UUID | None = None
    handler_id: UUID | None = None
    queue_id: UUID | None = None
    in_my_queues: bool | None = None
    lead_id: UUID | None = None
    sales_project_id: UUID | None = None
    account_id: UUID | None = None
    customer_number: str | None = None
    q: str | None = None
    updated_since: datetime | None = None


def _request_conditions(principal: Principal, f: RequestFilters) -> sa.ColumnElement[bool]:
    conds: list[sa.ColumnElement[bool]] = [requests_readable(principal)]
    for name in (
        "owner_id",
        "handler_id",
        "queue_id",
        "lead_id",
        "sales_project_id",
        "account_id",
        "customer_number",
    ):
        value = getattr(f, name)
        if value is not None:
            conds.append(A[name] == value)
    if f.state:
        conds.append(A.state.in_(list(f.state)))
    if f.passive is not None:
        passive = A.state.in_([s.value for s in PASSIVE_STATES])
        conds.append(passive if f.passive else sa.not_(passive))
    if f.in_my_queues is not None:
        mine = A.queue_id.in_(sorted(principal.queue_ids))
        conds.append(mine if f.in_my_queues else sa.not_(mine))
    if f.updated_since is not None:
        conds.append(A.updated_at >= f.updated_since)
    if f.q and f.q.strip():
        text = f.q.strip().casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conds.append(
            sa.or_(
                A.sort_name.like(f"%{text}%", escape="\\"),
                A.business_id == f.q.strip(),
                A.customer_number == f.q.strip(),
            )
        )
    return sa.and_(*conds)


@dataclass(frozen=True)
class RequestView:
    request: AccountCreationRequest
    owner_name: str | None
    handler_name: str | None
    queue_name: str | None
    account_name: str | None


async def request_views(session: AsyncSession, ids: Sequence[UUID]) -> list[RequestView]:
    if not ids:
        return []
    owner = users.alias("owner")
    handler = users.alias("handler")
    rows = await session.execute(
        sa.select(
            account_creation_requests,
            owner.c.name.label("v_owner_name"),
            handler.c.name.label("v_handler_name"),
            queues.c.name.label("v_queue_name"),
            accounts.c.name.label("v_account_name"),
        )
        .select_from(
            account_creation_requests.outerjoin(owner, owner.c.id == A.owner_id)
            .outerjoin(handler, handler.c.id == A.handler_id)
            .outerjoin(queues, queues.c.id == A.queue_id)
            .outerjoin(accounts, accounts.c.id == A.account_id)
        )
        .where(A.id.in_(list(ids)))
    )
    found: dict[UUID, RequestView] = {}
    for row in rows.mappings():
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        extra = {k[2:]: v for k, v in row.items() if k.startswith("v_")}
        view = RequestView(request_from_row(base), **extra)
        found[view.request.id] = view
    return [found[i] for i in ids if i in found]


async def list_requests(
    session: AsyncSession, principal: Principal, filters: RequestFilters, page: PageRequest
) -> Page[RequestView]:
    ids, next_cursor = await keyset_ids(
        session,
        account_creation_requests,
        _request_conditions(principal, filters),
        page,
        REQUEST_SORTS,
        filter_first=bool(filters.q and filters.q.strip()),
    )
    return Page(await request_views(session, ids), next_cursor)
