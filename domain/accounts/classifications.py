"""The classification tree (luokituspuu): admin-managed hierarchical tags for accounts and for
contacts, named in Finnish, English and Swedish, read by everyone. Assigning a child implies
its ancestors in filters (`domain.shared.filter_catalogues`). Customer groups are seeded as
root classifications of accounts (migration 0010). Deactivated, never deleted."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.accounts.common import ACCOUNT, CONTACT, require_update, visible
from domain.accounts.contacts import get_contact
from domain.accounts.ports import AccountsUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    NotFound,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    record_write,
    snapshot,
)
from domain.shared.hierarchy import check_no_cycle

CLASSIFICATION = "classification"
KINDS = ("account", "contact")
MAX_LEVELS = 6  # persistence.queries.filter_search.MAX_CLASSIFICATION_LEVELS
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,49}$")


@dataclass
class Classification:
    id: UUID
    kind: str
    key: str
    name: str
    created_at: datetime
    updated_at: datetime
    parent_id: UUID | None = None
    name_en: str | None = None
    name_sv: str | None = None
    sort_order: int = 0
    is_active: bool = True
    version: int = 1


@dataclass(frozen=True)
class ClassificationInput:
    kind: str
    key: str
    name: str
    parent_id: UUID | None = None
    name_en: str | None = None
    name_sv: str | None = None
    sort_order: int = 0
    is_active: bool = True


@dataclass(frozen=True)
class Assignment:
    """One classification on one account or contact (the audit's record)."""

    id: UUID  # the account or contact
    classification_id: UUID


class ClassificationRepository(Protocol):
    async def get(self, record_id: UUID) -> Classification | None: ...
    async def by_key(self, kind: str, key: str) -> Classification | None: ...
    async def add(self, record: Classification) -> None: ...
    async def update(self, record: Classification, expected_version: int) -> None: ...
    async def parents(self, start: UUID) -> dict[UUID, UUID | None]: ...
    async def subtree_height(self, record_id: UUID) -> int: ...
    async def assign(
        self, kind: str, record_id: UUID, classification_id: UUID, at: datetime, by: UUID
    ) -> bool: ...
    async def unassign(self, kind: str, record_id: UUID, classification_id: UUID) -> bool: ...


class ClassificationsUnitOfWork(AccountsUnitOfWork, Protocol):
    @property
    def classifications(self) -> ClassificationRepository: ...


def classifications_visible(principal: Principal) -> bool:
    return principal.allows(CLASSIFICATION, Action.READ, None, None)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    for name in ("name", "name_en", "name_sv"):
        if name in values and values[name] is not None:
            values[name] = " ".join(str(values[name]).split()) or None
    if "name" in values and not values["name"]:
        raise ValidationFailed.field("name", "The Finnish name cannot be empty.")
    if "key" in values and not _KEY.match(values["key"]):
        raise ValidationFailed.field(
            "key", "The key is 2–50 lower-case letters, digits or underscores, e.g. supplier."
        )
    if "kind" in values and values["kind"] not in KINDS:
        raise ValidationFailed.field("kind", "The kind is account or contact.")
    return values


async def _audit(
    uow: ClassificationsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    entity: str,
    record: Any,
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
        owner_id=None,
        business_unit_id=None,
    )


async def get_classification(
    uow: ClassificationsUnitOfWork, principal: Principal, classification_id: UUID
) -> Classification:
    found = await uow.classifications.get(classification_id)
    if found is None or not classifications_visible(principal):
        raise NotFound(CLASSIFICATION, classification_id)
    return found


async def _check_parent(
    uow: ClassificationsUnitOfWork,
    principal: Principal,
    record_id: UUID,
    kind: str,
    parent_id: UUID | None,
) -> None:
    if parent_id is None:
        return
    parent = await uow.classifications.get(parent_id)
    if parent is None:
        raise ValidationFailed.field("parent_id", "No such classification.")
    if parent.kind != kind:
        raise ValidationFailed.field("parent_id", "The parent must be of the same kind.")
    chain = await uow.classifications.parents(parent_id)
    check_no_cycle(record_id, parent_id, chain, "parent_id")
    height = await uow.classifications.subtree_height(record_id)
    if len(chain) + height > MAX_LEVELS:
        raise ValidationFailed.field(
            "parent_id", f"Classifications nest at most {MAX_LEVELS} levels deep."
        )


async def create_classification(
    uow: ClassificationsUnitOfWork, rt: Runtime, principal: Principal, data: ClassificationInput
) -> Classification:
    principal.require_on(CLASSIFICATION, Action.CREATE, None, None)
    values = _clean(dict(vars(data)))
    existing = await uow.classifications.by_key(values["kind"], values["key"])
    if existing is not None:
        raise Conflict(
            f"A {values['kind']} classification with key {values['key']} exists.",
            existing_id=existing.id,
        )
    now = rt.clock.now()
    record = Classification(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await _check_parent(uow, principal, record.id, record.kind, record.parent_id)
    await uow.classifications.add(record)
    await _audit(uow, rt, principal, CLASSIFICATION, record, Operation.CREATE, None)
    await uow.commit()
    return record


async def update_classification(
    uow: ClassificationsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    classification_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Classification:
    """Rename, move under another parent, reorder, deactivate (kind and key stay)."""
    record = await get_classification(uow, principal, classification_id)
    principal.require_on(CLASSIFICATION, Action.UPDATE, None, None)
    check_version(CLASSIFICATION, record, expected_version)
    values = _clean(dict(changes))
    if "parent_id" in values:
        await _check_parent(uow, principal, record.id, record.kind, values["parent_id"])
    before = snapshot(record, BOOKKEEPING)
    if not apply_update(record, values, rt.clock.now()):
        return record
    await uow.classifications.update(record, expected_version)
    await _audit(uow, rt, principal, CLASSIFICATION, record, Operation.UPDATE, before)
    await uow.commit()
    return record


async def set_assignment(
    uow: ClassificationsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    kind: str,
    record_id: UUID,
    classification_id: UUID,
    *,
    assigned: bool,
) -> bool:
    """Put a classification on an account or contact (or take it off); whoever may edit the
    record may. Returns whether anything changed."""
    if kind == ACCOUNT:
        account = await uow.accounts.get(record_id)
        if account is None or not visible(principal, ACCOUNT, account):
            raise NotFound(ACCOUNT, record_id)
        require_update(principal, ACCOUNT, account)
    else:
        contact = await get_contact(uow, principal, record_id)
        require_update(principal, CONTACT, contact)
    found = await get_classification(uow, principal, classification_id)
    if found.kind != kind:
        raise ValidationFailed.field("classification_id", f"Not a {kind} classification.")
    if assigned and not found.is_active:
        raise ValidationFailed.field("classification_id", "The classification is inactive.")
    now = rt.clock.now()
    if assigned:
        changed = await uow.classifications.assign(
            kind, record_id, classification_id, now, principal.user_id
        )
    else:
        changed = await uow.classifications.unassign(kind, record_id, classification_id)
    if changed:
        link = Assignment(record_id, classification_id)
        await _audit(
            uow,
            rt,
            principal,
            f"{kind}_classification",
            link,
            Operation.CREATE if assigned else Operation.DELETE,
            None if assigned else snapshot(link, frozenset()),
        )
    await uow.commit()
    return changed


__all__ = [
    "CLASSIFICATION",
    "KINDS",
    "Classification",
    "ClassificationInput",
    "create_classification",
    "get_classification",
    "set_assignment",
    "update_classification",
]
