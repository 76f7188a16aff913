"""First-run data that is not demo data: the root business unit and the default roles."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa

from domain.identity import BusinessUnit, Role
from domain.identity.defaults import DEFAULT_ROLES
from domain.shared import Clock, IdFactory
from persistence.tables.identity import business_units
from persistence.uow import SqlUnitOfWork


async def ensure_root(
    uow: SqlUnitOfWork, clock: Clock, ids: IdFactory, name: str = "Organisaatio"
) -> tuple[UUID, dict[str, UUID]]:
    """The root unit and the default roles, created once; returns their ids."""
    root_id = await uow.session.scalar(
        sa.select(business_units.c.id)
        .where(business_units.c.parent_id.is_(None))
        .order_by(business_units.c.created_at)
        .limit(1)
    )
    now = clock.now()
    if root_id is None:
        root = BusinessUnit(ids.new_id(), name, None, now, now)
        await uow.business_units.add(root)
        root_id = root.id
    role_ids: dict[str, UUID] = {}
    for role_name, privileges in DEFAULT_ROLES.items():
        role = await uow.roles.get_by_name(role_name)
        if role is None:
            role = Role(ids.new_id(), role_name, privileges, now, now)
            await uow.roles.add(role)
        role_ids[role_name] = role.id
    await uow.commit()
    return root_id, role_ids
