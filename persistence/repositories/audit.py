"""The audit log adapter: field history rows and one changes-feed row per write."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared import AuditEntry, Change, IdFactory, Operation
from persistence.tables.platform import audit_entries, changes


def history_rows(entry: AuditEntry, ids: IdFactory) -> list[dict[str, Any]]:
    base = {
        "entity": entry.entity,
        "record_id": entry.record_id,
        "operation": entry.operation.value,
        "changed_by": entry.changed_by,
        "changed_at": entry.changed_at,
    }
    if entry.operation is not Operation.UPDATE:
        # A create or delete is one history line; its values are in the changes feed.
        return [{**base, "id": ids.new_id(), "field": None, "old_value": None, "new_value": None}]
    return [
        {
            **base,
            "id": ids.new_id(),
            "field": c.field,
            "old_value": c.old_value,
            "new_value": c.new_value,
        }
        for c in entry.changes
    ]


def change_row(change: Change) -> dict[str, Any]:
    return {
        "entity": change.entity,
        "record_id": change.record_id,
        "operation": change.operation.value,
        "version": change.version,
        "changed_at": change.changed_at,
        "owner_id": change.owner_id,
        "business_unit_id": change.business_unit_id,
        "data": dict(change.data) if change.data is not None else None,
    }


class SqlAuditLog:
    def __init__(self, session: AsyncSession, ids: IdFactory) -> None:
        self.session = session
        self.ids = ids

    async def record(self, entry: AuditEntry, change: Change) -> None:
        await self.session.execute(sa.insert(audit_entries), history_rows(entry, self.ids))
        await self.session.execute(sa.insert(changes).values(**change_row(change)))
