"""Steps every account and contact use case shares: ownership, visibility, audit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from domain.accounts.model import (
    Account,
    Contact,
)
from domain.accounts.ports import AccountsUnitOfWork
from domain.shared import (
    Action,
    Forbidden,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    record_write,
)

ACCOUNT = "account"
CONTACT = "contact"


async def owner_and_unit(
    uow: AccountsUnitOfWork,
    principal: Principal,
    entity: str,
    owner_id: UUID | None,
    business_unit_id: UUID | None,
) -> tuple[UUID, UUID]:
    """Owner defaults to the caller and the unit to the owner's; giving a record to someone
    else, or placing it in a unit other than its owner's, needs the assign privilege."""
    owner = owner_id or principal.user_id
    owner_unit = await uow.directory.business_unit_of(owner)
    if owner_unit is None:
        raise ValidationFailed.field("owner_id", "No such active user.")
    if business_unit_id is not None and not await uow.directory.business_unit_exists(
        business_unit_id
    ):
        raise ValidationFailed.field("business_unit_id", "No such business unit.")
    unit = business_unit_id or owner_unit
    if owner != principal.user_id:
        principal.require_on(entity, Action.ASSIGN, owner, unit)
    if unit != owner_unit and not principal.reaches_unit(entity, Action.ASSIGN, unit):
        raise Forbidden(
            f"Placing a {entity} in a unit other than its owner's needs the assign privilege "
            "for that whole unit."
        )
    return owner, unit


async def audit(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    entity: str,
    record: Account | Contact,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=entity,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=record.owner_id,
        business_unit_id=record.business_unit_id,
    )


def visible(principal: Principal, entity: str, record: Account | Contact | None) -> bool:
    return record is not None and principal.allows(
        entity, Action.READ, record.owner_id, record.business_unit_id
    )


async def apply_reassignment(
    uow: AccountsUnitOfWork,
    principal: Principal,
    entity: str,
    record: Account | Contact,
    values: dict[str, Any],
) -> None:
    """A change of owner or unit in an edit: needs the assign privilege on the record as it
    is, and the same owner/unit rules as a create; fills in the resulting pair."""
    if "owner_id" not in values and "business_unit_id" not in values:
        return
    owner, unit = await owner_and_unit(
        uow,
        principal,
        entity,
        values.get("owner_id", record.owner_id),
        values.get("business_unit_id"),
    )
    principal.require_on(entity, Action.ASSIGN, record.owner_id, record.business_unit_id)
    values["owner_id"], values["business_unit_id"] = owner, unit
