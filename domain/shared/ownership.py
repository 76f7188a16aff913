"""Who owns a new or reassigned record, and in which business unit: one rule for every
context (accounts, contacts, service requests, sales projects, …)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from domain.shared.access import Action, Principal
from domain.shared.errors import Forbidden, ValidationFailed


async def owner_and_unit(
    principal: Principal,
    entity: str,
    owner_id: UUID | None,
    business_unit_id: UUID | None,
    *,
    unit_of_active_user: Callable[[UUID], Awaitable[UUID | None]],
    unit_exists: Callable[[UUID], Awaitable[bool]],
) -> tuple[UUID, UUID]:
    """Owner defaults to the caller and the unit to the owner's; giving a record to someone
    else, or placing it in a unit other than its owner's, needs the assign privilege.
    `unit_of_active_user` answers a user's unit, or None for no such active user."""
    owner = owner_id or principal.user_id
    owner_unit = await unit_of_active_user(owner)
    if owner_unit is None:
        raise ValidationFailed.field("owner_id", "No such active user.")
    if business_unit_id is not None and not await unit_exists(business_unit_id):
        raise ValidationFailed.field("business_unit_id", "No such business unit.")
    unit = business_unit_id or owner_unit
    if owner != principal.user_id:
        principal.require_on(entity, Action.ASSIGN, owner, unit)
    if unit != owner_unit and not principal.reaches_unit(entity, Action.ASSIGN, unit):
        raise Forbidden(
            f"Placing a {entity.replace('_', ' ')} in a unit other than its owner's needs the "
            "assign privilege for that whole unit."
        )
    return owner, unit
