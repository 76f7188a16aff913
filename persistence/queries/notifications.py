"""The caller's notifications: what they see, the list and the unread count.

`visible()` is the one rule for which notifications a user sees: their own, and of those only
the ones about a record they may still read (through `persistence.scoping.readable`, the same
condition every list of that record uses). A notification about a request that moved out of
the user's reach is hidden from the list and the count and cannot be marked read; one about a
kind of record this module does not know is hidden too (closed by default)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.notifications import Notification, NotificationKind
from domain.shared import Page, PageRequest, Principal
from persistence.queries.lead_scope import leads_readable, requests_readable
from persistence.queries.paging import in_order, keyset_ids
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contacts
from persistence.tables.activities import activities
from persistence.tables.leads import account_creation_requests, leads
from persistence.tables.notifications import notifications
from persistence.tables.sales import sales_projects
from persistence.tables.service import service_requests

SORTS = {"created_at": notifications.c.created_at}


# Each kind of record a notification may be about: its table and the caller's read scope.
RECORD_SCOPES: dict[str, Callable[[Principal], tuple[sa.Table, sa.ColumnElement[bool]]]] = {
    "service_request": lambda p: (
        service_requests,
        readable(p, "service_request", service_requests, queue_col="queue_id"),
    ),
    "activity": lambda p: (activities, readable(p, "activity", activities)),
    "account": lambda p: (accounts, readable(p, "account", accounts)),
    "contact": lambda p: (contacts, readable(p, "contact", contacts)),
    "sales_project": lambda p: (sales_projects, readable(p, "sales_project", sales_projects)),
    "lead": lambda p: (leads, leads_readable(p)),
    "account_creation_request": lambda p: (account_creation_requests, requests_readable(p)),
}


def _record_readable(principal: Principal, record_type: str) -> sa.ColumnElement[bool]:
    """EXISTS (the notification's record, within the caller's read scope)."""
    table, scope = RECORD_SCOPES[record_type](principal)
    return sa.exists().where(table.c.id == notifications.c.record_id, scope)


def visible(principal: Principal) -> sa.ColumnElement[bool]:
    """The notifications `principal` sees: their own, about a record they may read (or about
    no record at all)."""
    n = notifications.c
    return sa.and_(
        n.user_id == principal.user_id,
        sa.or_(
            n.record_type.is_(None),
            *(
                sa.and_(n.record_type == kind, _record_readable(principal, kind))
                for kind in RECORD_SCOPES
            ),
        ),
    )


def notification_from_row(row: sa.RowMapping) -> Notification:
    return Notification(
        id=row["id"],
        user_id=row["user_id"],
        kind=NotificationKind(row["kind"]),
        title=row["title"],
        body=row["body"],
        record_type=row["record_type"],
        record_id=row["record_id"],
        created_at=row["created_at"],
        read_at=row["read_at"],
    )


@dataclass(frozen=True)
class NotificationFilters:
    unread: bool = False


async def list_notifications(
    session: AsyncSession, principal: Principal, filters: NotificationFilters, page: PageRequest
) -> Page[Notification]:
    """The caller's notifications, newest first (the page's sort), one keyset page."""
    where = visible(principal)
    if filters.unread:
        where = sa.and_(where, notifications.c.read_at.is_(None))
    ids, next_cursor = await keyset_ids(session, notifications, where, page, SORTS)
    if not ids:
        return Page([], next_cursor)
    rows = (
        (await session.execute(sa.select(notifications).where(notifications.c.id.in_(ids))))
        .mappings()
        .all()
    )
    return Page(in_order(ids, [notification_from_row(r) for r in rows]), next_cursor)


async def unread_count(session: AsyncSession, principal: Principal) -> int:
    count = await session.scalar(
        sa.select(sa.func.count())
        .select_from(notifications)
        .where(visible(principal), notifications.c.read_at.is_(None))
    )
    return int(count or 0)


async def is_visible(session: AsyncSession, principal: Principal, notification_id: UUID) -> bool:
    found = await session.scalar(
        sa.select(notifications.c.id).where(
            notifications.c.id == notification_id, visible(principal)
        )
    )
    return found is not None
