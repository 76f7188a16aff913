"""Read models of marketing: campaign and list pages, a list's members (only those the
caller may read), a campaign's invitations and results, the rows of a list export.

Every query starts from `persistence.scoping.readable()`: on `campaigns` / `marketing_lists`
for the records and on `contacts` for every member or invitee shown, counted or exported."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.marketing import (
    CAMPAIGN,
    MARKETING_LIST,
    Campaign,
    InvitationStatus,
    MarketingList,
)
from domain.shared import Page, PageRequest, Principal
from persistence.filters import escape_like
from persistence.queries.paging import keyset_ids
from persistence.repositories.marketing import (
    campaign_from_row,
    contacts_readable,
    list_from_row,
    member_ids_select,
)
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contact_accounts, contacts
from persistence.tables.identity import users
from persistence.tables.marketing import (
    campaign_invitations,
    campaigns,
    marketing_list_exports,
    marketing_lists,
)

CA = campaigns.c
ML = marketing_lists.c
CO = contacts.c
INV = campaign_invitations.c

CAMPAIGN_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "name": CA.sort_name,
    "starts_on": CA.starts_on,
    "updated_at": CA.updated_at,
}
LIST_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "name": ML.sort_name,
    "updated_at": ML.updated_at,
}
MEMBER_SORTS: dict[str, sa.ColumnElement[Any]] = {"name": CO.sort_name, "email": CO.email}
INVITATION_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "invited_at": INV.invited_at,
    "status_changed_at": INV.status_changed_at,
}


def _like(column: sa.ColumnElement[Any], q: str) -> sa.ColumnElement[bool]:
    return column.like(f"%{escape_like(q.strip().casefold())}%", escape="\\")


@dataclass(frozen=True)
class CampaignFilters:
    q: str | None = None
    type: str | None = None
    status: str | None = None
    owner_id: UUID | None = None


async def campaigns_by_id(session: AsyncSession, ids: Sequence[UUID]) -> list[Campaign]:
    if not ids:
        return []
    rows = await session.execute(sa.select(campaigns).where(CA.id.in_(list(ids))))
    found = {r["id"]: campaign_from_row(dict(r)) for r in rows.mappings()}
    return [found[i] for i in ids if i in found]


async def list_campaigns(
    session: AsyncSession, principal: Principal, f: CampaignFilters, page: PageRequest
) -> Page[Campaign]:
    conds = [readable(principal, CAMPAIGN, campaigns)]
    if f.q and f.q.strip():
        conds.append(_like(CA.sort_name, f.q))
    for name in ("type", "status", "owner_id"):
        if getattr(f, name) is not None:
            conds.append(CA[name] == getattr(f, name))
    ids, next_cursor = await keyset_ids(session, campaigns, sa.and_(*conds), page, CAMPAIGN_SORTS)
    return Page(await campaigns_by_id(session, ids), next_cursor)


@dataclass(frozen=True)
class ListFilters:
    q: str | None = None
    kind: str | None = None
    campaign_id: UUID | None = None


async def lists_by_id(session: AsyncSession, ids: Sequence[UUID]) -> list[MarketingList]:
    if not ids:
        return []
    rows = await session.execute(sa.select(marketing_lists).where(ML.id.in_(list(ids))))
    found = {r["id"]: list_from_row(dict(r)) for r in rows.mappings()}
    return [found[i] for i in ids if i in found]


async def list_lists(
    session: AsyncSession, principal: Principal, f: ListFilters, page: PageRequest
) -> Page[MarketingList]:
    conds = [readable(principal, MARKETING_LIST, marketing_lists)]
    if f.q and f.q.strip():
        conds.append(_like(ML.sort_name, f.q))
    if f.kind is not None:
        conds.append(ML.kind == f.kind)
    if f.campaign_id is not None:
        conds.append(ML.campaign_id == f.campaign_id)
    ids, next_cursor = await keyset_ids(session, marketing_lists, sa.and_(*conds), page, LIST_SORTS)
    return Page(await lists_by_id(session, ids), next_cursor)


async def member_count(session: AsyncSession, principal: Principal, mlist: MarketingList) -> int:
    sub = member_ids_select(principal, mlist).subquery()
    return int(await session.scalar(sa.select(sa.func.count()).select_from(sub)) or 0)


@dataclass(frozen=True)
class MemberRow:
    contact_id: UUID
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    title: str | None
    preferred_language: str
    marketing_consent: bool
    marketing_consent_at: datetime | None
    account_names: tuple[str, ...]


async def member_rows(
    session: AsyncSession, principal: Principal, ids: Sequence[UUID]
) -> list[MemberRow]:
    """The members' contact details and the names of their accounts the caller may read."""
    if not ids:
        return []
    rows = await session.execute(
        sa.select(
            CO.id,
            CO.first_name,
            CO.last_name,
            CO.email,
            CO.phone,
            CO.title,
            CO.preferred_language,
            CO.marketing_consent,
            CO.marketing_consent_at,
        ).where(CO.id.in_(list(ids)))
    )
    names: dict[UUID, list[str]] = {}
    links = await session.execute(
        sa.select(contact_accounts.c.contact_id, accounts.c.name)
        .select_from(
            contact_accounts.join(accounts, accounts.c.id == contact_accounts.c.account_id)
        )
        .where(
            contact_accounts.c.contact_id.in_(list(ids)),
            readable(principal, "account", accounts),
        )
        .order_by(accounts.c.sort_name)
    )
    for link in links:
        names.setdefault(link.contact_id, []).append(link.name)
    found = {
        r.id: MemberRow(
            r.id,
            r.first_name,
            r.last_name,
            r.email,
            r.phone,
            r.title,
            r.preferred_language,
            bool(r.marketing_consent),
            r.marketing_consent_at,
            tuple(names.get(r.id, ())),
        )
        for r in rows
    }
    return [found[i] for i in ids if i in found]


async def list_members(
    session: AsyncSession,
    principal: Principal,
    mlist: MarketingList,
    page: PageRequest,
    *,
    consent: bool | None = None,
) -> Page[MemberRow]:
    conds = [CO.id.in_(member_ids_select(principal, mlist))]
    if consent is not None:
        conds.append(CO.marketing_consent.is_(consent))
    ids, next_cursor = await keyset_ids(session, contacts, sa.and_(*conds), page, MEMBER_SORTS)
    return Page(await member_rows(session, principal, ids), next_cursor)


@dataclass(frozen=True)
class ExportRows:
    rows: list[MemberRow]
    left_out: int


MAX_EXPORT = 50_000


async def export_rows(
    session: AsyncSession, principal: Principal, mlist: MarketingList
) -> ExportRows:
    """The members to export: readable by the caller and with marketing consent given; the
    count of readable members left out for having no consent."""
    members = member_ids_select(principal, mlist).subquery()
    in_list = CO.id.in_(sa.select(members.c.id))
    consenting = list(
        await session.scalars(
            sa.select(CO.id)
            .where(in_list, CO.marketing_consent.is_(True))
            .order_by(CO.sort_name, CO.id)
            .limit(MAX_EXPORT)
        )
    )
    left_out = int(
        await session.scalar(
            sa.select(sa.func.count()).where(in_list, CO.marketing_consent.is_not(True))
        )
        or 0
    )
    return ExportRows(await member_rows(session, principal, consenting), left_out)


@dataclass(frozen=True)
class ExportLine:
    id: UUID
    format: str
    exported_at: datetime
    exported_by: UUID
    exported_by_name: str | None
    exported_count: int
    left_out_count: int


async def list_exports(session: AsyncSession, list_id: UUID, limit: int = 50) -> list[ExportLine]:
    e = marketing_list_exports.c
    rows = await session.execute(
        sa.select(
            e.id,
            e.format,
            e.exported_at,
            e.exported_by,
            users.c.name,
            e.exported_count,
            e.left_out_count,
        )
        .select_from(marketing_list_exports.outerjoin(users, users.c.id == e.exported_by))
        .where(e.list_id == list_id)
        .order_by(e.exported_at.desc(), e.id.desc())
        .limit(limit)
    )
    return [ExportLine(*r) for r in rows]


# ------------------------------------------------------------------ invitations


@dataclass(frozen=True)
class InvitationRow:
    id: UUID
    campaign_id: UUID
    contact_id: UUID
    contact_name: str
    email: str | None
    status: InvitationStatus
    invited_at: datetime
    status_changed_at: datetime
    list_id: UUID | None
    version: int


def _invitations_visible(principal: Principal) -> sa.ColumnElement[bool]:
    return INV.contact_id.in_(sa.select(CO.id).where(contacts_readable(principal)))


async def invitation_rows(session: AsyncSession, ids: Sequence[UUID]) -> list[InvitationRow]:
    if not ids:
        return []
    rows = await session.execute(
        sa.select(
            INV.id,
            INV.campaign_id,
            INV.contact_id,
            CO.first_name,
            CO.last_name,
            CO.email,
            INV.status,
            INV.invited_at,
            INV.status_changed_at,
            INV.list_id,
            INV.version,
        )
        .select_from(campaign_invitations.join(contacts, CO.id == INV.contact_id))
        .where(INV.id.in_(list(ids)))
    )
    found = {
        r.id: InvitationRow(
            r.id,
            r.campaign_id,
            r.contact_id,
            f"{r.first_name} {r.last_name}",
            r.email,
            InvitationStatus(r.status),
            r.invited_at,
            r.status_changed_at,
            r.list_id,
            r.version,
        )
        for r in rows
    }
    return [found[i] for i in ids if i in found]


async def list_invitations(
    session: AsyncSession,
    principal: Principal,
    campaign_id: UUID,
    page: PageRequest,
    status: str | None = None,
) -> Page[InvitationRow]:
    conds = [INV.campaign_id == campaign_id, _invitations_visible(principal)]
    if status is not None:
        conds.append(INV.status == status)
    ids, next_cursor = await keyset_ids(
        session, campaign_invitations, sa.and_(*conds), page, INVITATION_SORTS
    )
    return Page(await invitation_rows(session, ids), next_cursor)


async def status_counts(
    session: AsyncSession, principal: Principal, campaign_id: UUID
) -> dict[str, int]:
    rows = await session.execute(
        sa.select(INV.status, sa.func.count())
        .where(INV.campaign_id == campaign_id, _invitations_visible(principal))
        .group_by(INV.status)
    )
    counts = {s.value: 0 for s in InvitationStatus}
    counts.update({status: int(n) for status, n in rows})
    return counts
