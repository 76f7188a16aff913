"""Repositories of marketing: campaigns, lists and their members, invitations, the export
log, and the contacts a caller may put on a list or read from one (`readable()` decides)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.marketing import (
    CAMPAIGN,
    INVITATION,
    MARKETING_LIST,
    Campaign,
    CampaignStatus,
    CampaignType,
    Invitation,
    InvitationStatus,
    ListExport,
    ListKind,
    MarketingList,
    sort_key,
)
from domain.shared import Principal
from domain.shared.filter_catalogues import CONTACT_FILTERS
from domain.shared.filters import FilterContext, parse_filter
from persistence.filters import Link, Source
from persistence.queries.filter_search import contact_condition, register_relation
from persistence.repositories.base import TableRecords
from persistence.scoping import readable
from persistence.tables.accounts import contacts
from persistence.tables.marketing import (
    campaign_invitations,
    campaigns,
    marketing_list_exports,
    marketing_list_members,
    marketing_lists,
)


def campaign_from_row(row: dict[str, Any]) -> Campaign:
    values = {k: v for k, v in row.items() if k != "sort_name"}
    values["type"] = CampaignType(values["type"])
    values["status"] = CampaignStatus(values["status"])
    return Campaign(**values)


def list_from_row(row: dict[str, Any]) -> MarketingList:
    values = {k: v for k, v in row.items() if k != "sort_name"}
    values["kind"] = ListKind(values["kind"])
    return MarketingList(**values)


def invitation_from_row(row: dict[str, Any]) -> Invitation:
    values = dict(row)
    values["status"] = InvitationStatus(values["status"])
    return Invitation(**values)


def _enum_values(record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("type", "status", "kind"):
        value = getattr(record, name, None)
        if value is not None and hasattr(value, "value"):
            out[name] = value.value
    if (
        hasattr(record, "name")
        and hasattr(record, "owner_id")
        and not isinstance(record, Invitation)
    ):
        out["sort_name"] = sort_key(record.name)
    return out


class SqlCampaigns(TableRecords[Campaign]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, campaigns, CAMPAIGN, campaign_from_row, _enum_values)

    async def delete(self, campaign_id: UUID) -> None:
        await self.session.execute(sa.delete(campaigns).where(campaigns.c.id == campaign_id))


class SqlMarketingLists(TableRecords[MarketingList]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, marketing_lists, MARKETING_LIST, list_from_row, _enum_values)

    async def delete(self, list_id: UUID) -> None:
        m = marketing_list_members.c
        await self.session.execute(sa.delete(marketing_list_members).where(m.list_id == list_id))
        await self.session.execute(
            sa.delete(marketing_list_exports).where(marketing_list_exports.c.list_id == list_id)
        )
        await self.session.execute(
            sa.update(campaign_invitations)
            .where(campaign_invitations.c.list_id == list_id)
            .values(list_id=None)
        )
        await self.session.execute(
            sa.delete(marketing_lists).where(marketing_lists.c.id == list_id)
        )

    async def member_ids(self, list_id: UUID, contact_ids: Collection[UUID]) -> set[UUID]:
        m = marketing_list_members.c
        found = await self.session.scalars(
            sa.select(m.contact_id).where(m.list_id == list_id, m.contact_id.in_(list(contact_ids)))
        )
        return set(found)

    async def add_members(self, list_id: UUID, contact_ids: Collection[UUID], by: UUID) -> None:
        now = datetime.now(UTC)
        await self.session.execute(
            sa.insert(marketing_list_members),
            [
                {"list_id": list_id, "contact_id": c, "added_by": by, "added_at": now}
                for c in contact_ids
            ],
        )

    async def remove_member(self, list_id: UUID, contact_id: UUID) -> bool:
        m = marketing_list_members.c
        result = await self.session.execute(
            sa.delete(marketing_list_members).where(
                m.list_id == list_id, m.contact_id == contact_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class SqlInvitations(TableRecords[Invitation]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(
            session, campaign_invitations, INVITATION, invitation_from_row, _enum_values
        )

    async def invited_ids(self, campaign_id: UUID, contact_ids: Collection[UUID]) -> set[UUID]:
        if not contact_ids:
            return set()
        i = campaign_invitations.c
        found = await self.session.scalars(
            sa.select(i.contact_id).where(
                i.campaign_id == campaign_id, i.contact_id.in_(list(contact_ids))
            )
        )
        return set(found)

    async def add_many(self, invitations: list[Invitation]) -> None:
        await self.session.execute(
            sa.insert(campaign_invitations), [self.row(i) for i in invitations]
        )


class SqlListExports:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, entry: ListExport) -> None:
        values = {c.name: getattr(entry, c.name) for c in marketing_list_exports.columns}
        await self.session.execute(sa.insert(marketing_list_exports).values(**values))


def contacts_readable(principal: Principal) -> sa.ColumnElement[bool]:
    return readable(principal, "contact", contacts)


def dynamic_condition(principal: Principal, raw: dict[str, Any]) -> sa.ColumnElement[bool]:
    """The WHERE condition over `contacts` of a dynamic list's filter (the contact filter
    language, within the caller's read scope), evaluated now: a new contact that matches is
    a member at once."""
    flt = parse_filter(raw, CONTACT_FILTERS)
    return contact_condition(flt, FilterContext.of(principal, datetime.now(UTC)), principal)


# The contact catalogue's `invitations` relation (domain.marketing.filters): a contact's
# invitations with their campaign's type and start date, limited to campaigns the caller reads.
_INVITATIONS_WITH_CAMPAIGN = campaign_invitations.join(
    campaigns, campaigns.c.id == campaign_invitations.c.campaign_id
)
register_relation(
    "contact",
    "invitations",
    Link("campaign_invitation", campaign_invitations.c.contact_id),
    Source(
        key=campaign_invitations.c.id,
        from_=_INVITATIONS_WITH_CAMPAIGN,
        columns={
            "campaign_id": campaign_invitations.c.campaign_id,
            "status": campaign_invitations.c.status,
            "invited_at": campaign_invitations.c.invited_at,
            "campaign_type": campaigns.c.type,
            "campaign_starts_on": campaigns.c.starts_on,
        },
        scope=lambda p: readable(p, CAMPAIGN, campaign_invitations),
    ),
)


def member_ids_select(principal: Principal, mlist: MarketingList) -> sa.Select[tuple[UUID]]:
    """The ids of the list's members the caller may read, as one SELECT (static: the member
    rows; dynamic: the contacts the filter matches now)."""
    if mlist.kind is ListKind.DYNAMIC:
        return sa.select(contacts.c.id).where(
            contacts_readable(principal), dynamic_condition(principal, mlist.filter or {})
        )
    m = marketing_list_members.c
    return (
        sa.select(contacts.c.id)
        .select_from(contacts.join(marketing_list_members, m.contact_id == contacts.c.id))
        .where(m.list_id == mlist.id, contacts_readable(principal))
    )


class SqlMarketingContacts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def readable_contacts(
        self, principal: Principal, contact_ids: Collection[UUID]
    ) -> dict[UUID, tuple[UUID, UUID]]:
        if not contact_ids:
            return {}
        c = contacts.c
        rows = await self.session.execute(
            sa.select(c.id, c.owner_id, c.business_unit_id).where(
                c.id.in_(list(contact_ids)), contacts_readable(principal)
            )
        )
        return {r.id: (r.owner_id, r.business_unit_id) for r in rows}

    async def list_members(self, principal: Principal, mlist: MarketingList) -> list[UUID]:
        return list(await self.session.scalars(member_ids_select(principal, mlist)))

    def check_filter(self, raw: dict[str, Any]) -> dict[str, Any]:
        parse_filter(raw, CONTACT_FILTERS)
        return raw
