"""Activity type administration: administrators maintain the institute's list (customer
feedback, account work, meeting, training, visit, memo, steering group, project work, seminar,
internal meeting, call, planning, e-mail, working group, lead); everyone reads it.

A type's kind (task, phone call, meeting, email, note) decides how its activities behave, so
it is fixed once the type exists; so is its key (integrations name types by key). A type is
never deleted: activities keep their type, so an unused one is deactivated (it can then not
be chosen for new activities). The default type of a kind cannot be deactivated: activities
created by kind alone get it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.activities.model import ActivityType, ActivityTypeInfo
from domain.activities.ports import ActivitiesUnitOfWork
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

ACTIVITY_TYPE = "activity_type"
KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
MAX_KEYWORDS = 50


@dataclass(frozen=True)
class Keyword:
    """A keyword refining a type (customer feedback: positive / negative), named in three
    languages."""

    key: str
    name: str
    name_en: str | None = None
    name_sv: str | None = None


@dataclass
class ActivityTypeRecord:
    id: UUID
    key: str
    name: str
    kind: ActivityType
    created_at: datetime
    updated_at: datetime
    name_en: str | None = None
    name_sv: str | None = None
    is_default: bool = False
    is_visit: bool = False
    keywords: tuple[Keyword, ...] = field(default_factory=tuple)
    sort_order: int = 0
    is_active: bool = True
    version: int = 1

    def info(self) -> ActivityTypeInfo:
        return ActivityTypeInfo(
            id=self.id,
            key=self.key,
            kind=self.kind,
            is_visit=self.is_visit,
            keywords=tuple(k.key for k in self.keywords),
            is_active=self.is_active,
        )


def type_visible(principal: Principal) -> bool:
    """Organisation-wide set-up: the same rule as readable() with neither owner nor unit."""
    return principal.allows(ACTIVITY_TYPE, Action.READ, None, None)


async def get_activity_type(
    uow: ActivitiesUnitOfWork, principal: Principal, type_id: UUID
) -> ActivityTypeRecord:
    found = await uow.activity_types.record(type_id)
    if found is None or not type_visible(principal):
        raise NotFound(ACTIVITY_TYPE, type_id)
    return found


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) or None if value is not None else None


def _keywords(values: Any) -> tuple[Keyword, ...]:
    items = list(values or ())
    if len(items) > MAX_KEYWORDS:
        raise ValidationFailed.field("keywords", f"At most {MAX_KEYWORDS} keywords a type.")
    seen: set[str] = set()
    out: list[Keyword] = []
    for item in items:
        data = item if isinstance(item, Mapping) else vars(item)
        key = str(data.get("key", "")).strip()
        if not KEY.match(key):
            raise ValidationFailed.field(
                "keywords", "A keyword's key is 1–50 lowercase letters, digits and _."
            )
        if key in seen:
            raise ValidationFailed.field("keywords", f"The keyword {key!r} is given twice.")
        name = _text(data.get("name"))
        if not name:
            raise ValidationFailed.field("keywords", f"The keyword {key!r} needs a name.")
        seen.add(key)
        out.append(Keyword(key, name, _text(data.get("name_en")), _text(data.get("name_sv"))))
    return tuple(out)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    if "key" in values:
        key = str(values["key"]).strip()
        if not KEY.match(key):
            raise ValidationFailed.field(
                "key", "The key is 1–50 lowercase letters, digits and _ (e.g. steering_group)."
            )
        values["key"] = key
    if "name" in values:
        name = _text(values["name"])
        if not name:
            raise ValidationFailed.field("name", "The name cannot be empty.")
        values["name"] = name
    for name in ("name_en", "name_sv"):
        if name in values:
            values[name] = _text(values[name])
    if "keywords" in values:
        values["keywords"] = _keywords(values["keywords"])
    if "kind" in values:
        values["kind"] = ActivityType(values["kind"])
    return values


async def _audit(
    uow: ActivitiesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    record: ActivityTypeRecord,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=ACTIVITY_TYPE,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=None,
        business_unit_id=None,
    )


@dataclass(frozen=True)
class ActivityTypeInput:
    key: str
    name: str
    kind: ActivityType
    name_en: str | None = None
    name_sv: str | None = None
    is_visit: bool = False
    keywords: tuple[Keyword | Mapping[str, Any], ...] = ()
    sort_order: int = 0
    is_active: bool = True


async def create_activity_type(
    uow: ActivitiesUnitOfWork, rt: Runtime, principal: Principal, data: ActivityTypeInput
) -> ActivityTypeRecord:
    principal.require_on(ACTIVITY_TYPE, Action.CREATE, None, None)
    values = _clean(dict(vars(data)))
    existing = await uow.activity_types.by_key(values["key"])
    if existing is not None:
        raise Conflict(f"The key {values['key']!r} is taken.", existing_id=existing.id)
    now = rt.clock.now()
    record = ActivityTypeRecord(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await uow.activity_types.add(record)
    await _audit(uow, rt, principal, record, Operation.CREATE, None)
    await uow.commit()
    return record


# The key and the kind are fixed: integrations name types by key, and activities carry the
# kind they were created with.
FIXED = frozenset({"key", "kind"})
UPDATABLE = frozenset(
    {"name", "name_en", "name_sv", "is_visit", "keywords", "sort_order", "is_active"}
)


async def update_activity_type(
    uow: ActivitiesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    type_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> ActivityTypeRecord:
    record = await get_activity_type(uow, principal, type_id)
    principal.require_on(ACTIVITY_TYPE, Action.UPDATE, None, None)
    check_version(ACTIVITY_TYPE, record, expected_version)
    values = _clean(dict(changes))
    for name in sorted(set(values) & FIXED):
        if values[name] != getattr(record, name):
            raise ValidationFailed.field(
                name, f"An activity type's {name} is fixed once it exists.", "immutable"
            )
        values.pop(name)
    unknown = set(values) - UPDATABLE
    if unknown:
        raise ValidationFailed.field(sorted(unknown)[0], "This field cannot be changed.")
    if values.get("is_active") is False and record.is_default and record.is_active:
        raise Conflict(
            f"{record.name!r} is the default type of {record.kind.value} activities and "
            "cannot be deactivated.",
            existing_id=record.id,
        )
    before = snapshot(record, BOOKKEEPING)
    if not apply_update(record, values, rt.clock.now()):
        return record
    await uow.activity_types.update(record, expected_version)
    await _audit(uow, rt, principal, record, Operation.UPDATE, before)
    await uow.commit()
    return record


__all__ = [
    "ACTIVITY_TYPE",
    "ActivityTypeInput",
    "ActivityTypeRecord",
    "Keyword",
    "create_activity_type",
    "get_activity_type",
    "update_activity_type",
]
