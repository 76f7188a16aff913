"""Bulk loading for demo data and imports: validated domain entities, inserted in batches with
their history line and changes-feed entry, so bulk-loaded records look like any other."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa

from domain.accounts import Account, Contact
from domain.shared import AuditEntry, Change, IdFactory, Operation, snapshot
from persistence.repositories.audit import change_row, history_rows
from persistence.tables.platform import audit_entries, changes
from persistence.uow import SqlUnitOfWork


async def add_records(
    uow: SqlUnitOfWork,
    ids: IdFactory,
    entity: str,
    records: Sequence[Account | Contact],
    by: UUID | None,
    at: datetime,
) -> None:
    if not records:
        return
    if entity == "account":
        await uow.accounts.add_many([r for r in records if isinstance(r, Account)])
    else:
        await uow.contacts.add_many([r for r in records if isinstance(r, Contact)])
    history = []
    feed = []
    for r in records:
        history += history_rows(AuditEntry(entity, r.id, Operation.CREATE, by, at, ()), ids)
        feed.append(
            change_row(
                Change(
                    entity,
                    r.id,
                    Operation.CREATE,
                    r.version,
                    at,
                    r.owner_id,
                    r.business_unit_id,
                    snapshot(r),
                )
            )
        )
    await uow.session.execute(sa.insert(audit_entries), history)
    await uow.session.execute(sa.insert(changes), feed)
