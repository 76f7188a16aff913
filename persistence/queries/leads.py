"""List queries of leads: the inbox with its filters and SLA views, the counts behind its
badges, duplicate candidates, and the rows of the lead report.

Every query starts from `lead_scope.leads_readable()`. The SLA views are range scans on the
stored due and at-risk moments against "now" (`ix_leads_status_due`, `…_at_risk`), and
"not yet acknowledged" is a scan of open leads without `acknowledged_at`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.leads import Lead, LeadSource, LeadStatus, SlaState
from domain.shared import Page, PageRequest, Principal, ValidationFailed
from domain.shared.identifiers import normalise_business_id, normalise_phone
from persistence.queries.lead_scope import leads_readable
from persistence.queries.paging import keyset_ids
from persistence.repositories.leads import lead_from_row
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contacts
from persistence.tables.catalog import products
from persistence.tables.identity import business_units, users
from persistence.tables.leads import leads
from persistence.tables.marketing import campaigns
from persistence.tables.regions import municipalities, regions
from persistence.tables.service import queue_members, queues

L = leads.c
OPEN = LeadStatus.OPEN.value

LEAD_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "received_at": L.received_at,
    "sla_due_at": L.sla_due_at,
    "updated_at": L.updated_at,
    "created_at": L.created_at,
    "company_name": L.sort_company,
}


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def sla_condition(state: SlaState, now: datetime) -> sa.ColumnElement[bool]:
    """The SLA state as a condition on the stored moments (the same rule as
    `domain.leads.sla_state`)."""
    is_open = L.status == OPEN
    conditions = {
        SlaState.ON_TRACK: sa.and_(is_open, L.sla_at_risk_at > now, L.sla_due_at > now),
        SlaState.AT_RISK: sa.and_(is_open, L.sla_at_risk_at <= now, L.sla_due_at > now),
        SlaState.BREACHED: sa.and_(is_open, L.sla_due_at <= now),
        SlaState.MET: sa.and_(L.status != OPEN, L.sla_met.is_(True)),
        SlaState.MISSED: sa.and_(L.status != OPEN, sa.not_(L.sla_met.is_(True))),
    }
    return conditions[state]


@dataclass(frozen=True)
class LeadFilters:
    q: str | None = None
    status: tuple[str, ...] = ()
    sla_state: tuple[SlaState, ...] = ()
    acknowledged: bool | None = None
    owner_id: UUID | None = None
    queue_id: UUID | None = None
    in_my_queues: bool | None = None
    lead_giver_id: UUID | None = None
    business_unit_id: UUID | None = None
    product_id: UUID | None = None
    region_id: UUID | None = None
    source: str | None = None
    campaign_id: UUID | None = None
    service_request_id: UUID | None = None
    account_id: UUID | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    updated_since: datetime | None = None


EQUALITY = (
    "owner_id",
    "queue_id",
    "lead_giver_id",
    "business_unit_id",
    "product_id",
    "region_id",
    "source",
    "campaign_id",
    "service_request_id",
    "account_id",
)


def _text_search(q: str) -> sa.ColumnElement[bool]:
    """Company, contact name, email, phone or business ID."""
    text = q.strip()
    folded = _like(text.casefold())
    options: list[sa.ColumnElement[bool]] = [
        L.sort_company.like(folded, escape="\\"),
        sa.func.lower(L.contact_name).like(folded, escape="\\"),
        L.email.like(folded, escape="\\"),
    ]
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 4:
        options.append(L.phone.like(_like(digits), escape="\\"))
        with contextlib.suppress(ValidationFailed):
            options.append(L.phone == normalise_phone(text))
    with contextlib.suppress(ValidationFailed):
        options.append(L.business_id == normalise_business_id(text))
    return sa.or_(*options)


def lead_conditions(principal: Principal, f: LeadFilters, now: datetime) -> sa.ColumnElement[bool]:
    conds: list[sa.ColumnElement[bool]] = [leads_readable(principal)]
    for name in EQUALITY:
        value = getattr(f, name)
        if value is not None:
            conds.append(L[name] == value)
    if f.status:
        conds.append(L.status.in_(list(f.status)))
    if f.sla_state:
        conds.append(sa.or_(*(sla_condition(s, now) for s in f.sla_state)))
    if f.acknowledged is not None:
        conds.append(
            L.acknowledged_at.is_not(None)
            if f.acknowledged
            else sa.and_(L.status == OPEN, L.acknowledged_at.is_(None))
        )
    if f.in_my_queues is not None:
        mine = L.queue_id.in_(sorted(principal.queue_ids))
        conds.append(mine if f.in_my_queues else sa.not_(mine))
    if f.received_from is not None:
        conds.append(L.received_at >= f.received_from)
    if f.received_to is not None:
        conds.append(L.received_at < f.received_to)
    if f.updated_since is not None:
        conds.append(L.updated_at >= f.updated_since)
    if f.q and f.q.strip():
        conds.append(_text_search(f.q))
    return sa.and_(*conds)


@dataclass(frozen=True)
class LeadView:
    """A lead with the names the inbox and the lead page show next to it."""

    lead: Lead
    owner_name: str | None
    business_unit_name: str | None
    lead_giver_name: str | None
    queue_name: str | None
    product_name: str | None
    region_name: str | None
    municipality_name: str | None
    campaign_name: str | None
    target_unit_name: str | None
    account_name: str | None


async def load_views(session: AsyncSession, ids: Sequence[UUID]) -> list[LeadView]:
    if not ids:
        return []
    owner = users.alias("owner")
    giver = users.alias("giver")
    unit = business_units.alias("unit")
    target = business_units.alias("target_unit")
    stmt = (
        sa.select(
            leads,
            owner.c.name.label("v_owner_name"),
            unit.c.name.label("v_business_unit_name"),
            giver.c.name.label("v_lead_giver_name"),
            queues.c.name.label("v_queue_name"),
            products.c.name.label("v_product_name"),
            regions.c.name.label("v_region_name"),
            municipalities.c.name.label("v_municipality_name"),
            campaigns.c.name.label("v_campaign_name"),
            target.c.name.label("v_target_unit_name"),
            accounts.c.name.label("v_account_name"),
        )
        .select_from(
            leads.outerjoin(owner, owner.c.id == L.owner_id)
            .outerjoin(unit, unit.c.id == L.business_unit_id)
            .outerjoin(giver, giver.c.id == L.lead_giver_id)
            .outerjoin(queues, queues.c.id == L.queue_id)
            .outerjoin(products, products.c.id == L.product_id)
            .outerjoin(regions, regions.c.id == L.region_id)
            .outerjoin(municipalities, municipalities.c.id == L.municipality_id)
            .outerjoin(campaigns, campaigns.c.id == L.campaign_id)
            .outerjoin(target, target.c.id == L.target_unit_id)
            .outerjoin(accounts, accounts.c.id == L.account_id)
        )
        .where(L.id.in_(list(ids)))
    )
    by_id: dict[UUID, LeadView] = {}
    for row in (await session.execute(stmt)).mappings():
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        extra = {k[2:]: v for k, v in row.items() if k.startswith("v_")}
        view = LeadView(lead=lead_from_row(base), **extra)
        by_id[view.lead.id] = view
    return [by_id[i] for i in ids if i in by_id]


async def list_leads(
    session: AsyncSession,
    principal: Principal,
    filters: LeadFilters,
    page: PageRequest,
    now: datetime,
) -> Page[LeadView]:
    ids, next_cursor = await keyset_ids(
        session,
        leads,
        lead_conditions(principal, filters, now),
        page,
        LEAD_SORTS,
        filter_first=bool(filters.q and filters.q.strip()),
    )
    return Page(await load_views(session, ids), next_cursor)


async def lead_view(session: AsyncSession, lead_id: UUID) -> LeadView:
    """One lead the caller has already been shown (scope checked by the use case)."""
    return (await load_views(session, [lead_id]))[0]


@dataclass(frozen=True)
class Summary:
    open: int
    on_track: int
    at_risk: int
    breached: int
    not_acknowledged: int
    in_my_queues: int


async def summary(
    session: AsyncSession, principal: Principal, filters: LeadFilters, now: datetime
) -> Summary:
    """The inbox's badge counts over the open leads matching `filters`, in one query."""
    where = lead_conditions(principal, filters, now)

    def count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    mine = L.queue_id.in_(sorted(principal.queue_ids)) if principal.queue_ids else sa.false()
    row = (
        await session.execute(
            sa.select(
                sa.func.count().label("open"),
                count(sla_condition(SlaState.ON_TRACK, now)).label("on_track"),
                count(sla_condition(SlaState.AT_RISK, now)).label("at_risk"),
                count(sla_condition(SlaState.BREACHED, now)).label("breached"),
                count(L.acknowledged_at.is_(None)).label("not_acknowledged"),
                count(mine).label("in_my_queues"),
            ).where(where, L.status == OPEN)
        )
    ).one()
    return Summary(*(int(v or 0) for v in row))


# ------------------------------------------------------------------ duplicates


@dataclass(frozen=True)
class Duplicate:
    """A record that may be the same customer: an open lead or a contact (with its first
    account) sharing the email, the phone or the business ID."""

    kind: str  # lead | contact | account
    id: UUID
    label: str
    matched_on: tuple[str, ...]
    account_id: UUID | None = None
    account_name: str | None = None


MAX_DUPLICATES = 20


def _matched(
    row: Any, email: str | None, phone: str | None, business_id: str | None
) -> tuple[str, ...]:
    found = []
    if email and (row.email or "").lower() == email:
        found.append("email")
    if phone and row.phone == phone:
        found.append("phone")
    if business_id and getattr(row, "business_id", None) == business_id:
        found.append("business_id")
    return tuple(found)


async def duplicates(
    session: AsyncSession,
    principal: Principal,
    *,
    email: str | None,
    phone: str | None,
    business_id: str | None,
    exclude_lead_id: UUID | None = None,
) -> list[Duplicate]:
    """Open leads, contacts and accounts the caller may read that share the (normalised)
    email, phone or business ID. Only what the caller could look up anyway is shown."""
    found: list[Duplicate] = []
    lead_match = [
        c
        for c in (
            L.email == email if email else None,
            L.phone == phone if phone else None,
            L.business_id == business_id if business_id else None,
        )
        if c is not None
    ]
    if not lead_match:
        return found
    lead_rows = await session.execute(
        sa.select(L.id, L.company_name, L.contact_name, L.email, L.phone, L.business_id)
        .where(
            sa.or_(*lead_match),
            L.status == OPEN,
            leads_readable(principal),
            L.id != exclude_lead_id if exclude_lead_id else sa.true(),
        )
        .order_by(L.received_at.desc(), L.id)
        .limit(MAX_DUPLICATES)
    )
    for r in lead_rows:
        found.append(
            Duplicate(
                "lead",
                r.id,
                f"{r.company_name} ({r.contact_name})",
                _matched(r, email, phone, business_id),
            )
        )
    contact_match = [
        c
        for c in (
            contacts.c.email == email if email else None,
            contacts.c.phone == phone if phone else None,
        )
        if c is not None
    ]
    if contact_match:
        from persistence.tables.accounts import contact_accounts

        first_account = (
            sa.select(contact_accounts.c.account_id)
            .where(contact_accounts.c.contact_id == contacts.c.id)
            .order_by(contact_accounts.c.account_id)
            .limit(1)
            .scalar_subquery()
        )
        rows = await session.execute(
            sa.select(
                contacts.c.id,
                contacts.c.first_name,
                contacts.c.last_name,
                contacts.c.email,
                contacts.c.phone,
                first_account.label("account_id"),
            )
            .where(sa.or_(*contact_match), readable(principal, "contact", contacts))
            .order_by(contacts.c.last_name, contacts.c.id)
            .limit(MAX_DUPLICATES)
        )
        contact_rows = rows.all()
        names = await _account_names(session, principal, [r.account_id for r in contact_rows])
        for r in contact_rows:
            found.append(
                Duplicate(
                    "contact",
                    r.id,
                    f"{r.first_name} {r.last_name}",
                    _matched(r, email, phone, None),
                    r.account_id if r.account_id in names else None,
                    names.get(r.account_id),
                )
            )
    if business_id:
        rows = await session.execute(
            sa.select(accounts.c.id, accounts.c.name).where(
                accounts.c.business_id == business_id, readable(principal, "account", accounts)
            )
        )
        for r in rows:
            found.append(Duplicate("account", r.id, r.name, ("business_id",), r.id, r.name))
    return found


async def _account_names(
    session: AsyncSession, principal: Principal, ids: Sequence[UUID | None]
) -> dict[UUID, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = await session.execute(
        sa.select(accounts.c.id, accounts.c.name).where(
            accounts.c.id.in_(wanted), readable(principal, "account", accounts)
        )
    )
    return {r.id: r.name for r in rows}


# ------------------------------------------------------------------ the report


@dataclass(frozen=True)
class ReportRow:
    received_at: datetime
    source: LeadSource
    product_id: UUID
    region_id: UUID | None
    owner_id: UUID
    status: LeadStatus
    sla_due_at: datetime
    sla_at_risk_at: datetime
    sla_met: bool | None
    first_action_hours: float | None


async def report_rows(
    session: AsyncSession,
    principal: Principal,
    received_from: datetime,
    received_to: datetime,
    extra: sa.ColumnElement[bool] | None = None,
) -> list[ReportRow]:
    """One row per readable lead received in [from, to); `extra` narrows further (e.g. to
    what the caller may also export)."""
    rows = await session.execute(
        sa.select(
            L.received_at,
            L.source,
            L.product_id,
            L.region_id,
            L.owner_id,
            L.status,
            L.sla_due_at,
            L.sla_at_risk_at,
            L.sla_met,
            L.first_action_hours,
        ).where(
            leads_readable(principal),
            L.received_at >= received_from,
            L.received_at < received_to,
            extra if extra is not None else sa.true(),
        )
    )
    return [
        ReportRow(
            r.received_at,
            LeadSource(r.source),
            r.product_id,
            r.region_id,
            r.owner_id,
            LeadStatus(r.status),
            r.sla_due_at,
            r.sla_at_risk_at,
            r.sla_met,
            r.first_action_hours,
        )
        for r in rows
    ]


async def names(
    session: AsyncSession, table: sa.Table, ids: Sequence[UUID | None]
) -> dict[UUID, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = await session.execute(sa.select(table.c.id, table.c.name).where(table.c.id.in_(wanted)))
    return {r.id: r.name for r in rows}


async def queue_members_of(session: AsyncSession, queue_id: UUID) -> list[UUID]:
    found = await session.scalars(
        sa.select(queue_members.c.user_id).where(queue_members.c.queue_id == queue_id)
    )
    return list(found)
