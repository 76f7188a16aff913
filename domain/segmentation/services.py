"""Segmentation use cases: segments (dynamic and static) with their membership history, and
account classes (A/B/C/Potential) with history, approval, the A cap and the policies."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.accounts import Account, AccountClass
from domain.segmentation.model import (
    ACCOUNT_CLASS_CHANGE,
    DEFAULT_POLICY_VALUES,
    SEGMENT,
    AccountClassChange,
    ChangeStatus,
    ClassPolicy,
    Segment,
    SegmentKind,
    needs_approval,
    suggest_class,
)
from domain.segmentation.ports import SegmentationUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    FieldError,
    Forbidden,
    InvalidTransition,
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
from domain.shared.filter_catalogues import ACCOUNT_FILTERS
from domain.shared.filters import Filter, parse_filter

ACCOUNT = "account"
CLASS_POLICY = "account_class_policy"
MAX_MEMBERS_PER_CALL = 5_000


def _text(values: dict[str, Any], name: str, *, required: bool = False) -> None:
    if name not in values:
        return
    raw = values[name]
    clean = " ".join(str(raw).split()) if raw is not None else ""
    if required and not clean:
        raise ValidationFailed.field(name, f"The {name} cannot be empty.")
    values[name] = clean or None


async def _audit(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal | None,
    entity: str,
    record: Any,
    operation: Operation,
    before: Mapping[str, Any] | None,
    owner_id: UUID | None,
    unit_id: UUID | None,
) -> None:
    await record_write(
        uow.audit,
        entity=entity,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id if principal else None,
        at=rt.clock.now(),
        owner_id=owner_id,
        business_unit_id=unit_id,
    )


# ------------------------------------------------------------------ segments


def segment_visible(principal: Principal, segment: Segment) -> bool:
    return principal.allows(SEGMENT, Action.READ, segment.owner_id, segment.business_unit_id)


async def get_segment(
    uow: SegmentationUnitOfWork, principal: Principal, segment_id: UUID
) -> Segment:
    found = await uow.segments.get(segment_id)
    if found is None or not segment_visible(principal, found):
        raise NotFound(SEGMENT, segment_id)
    return found


@dataclass(frozen=True)
class SegmentInput:
    name: str
    kind: SegmentKind
    description: str | None = None
    # Already parsed and normalised against the account filter catalogue (api layer).
    rule: dict[str, Any] | None = None


def segment_filter(rule: object) -> Filter:
    """A rule as a filter over accounts (validated against the account fields)."""
    return parse_filter(rule, ACCOUNT_FILTERS, path="rule")


def _check_rule(kind: SegmentKind, rule: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stored form of the rule (validated, canonical ids and dates)."""
    if kind is SegmentKind.DYNAMIC and rule is None:
        raise ValidationFailed.field("rule", "A dynamic segment needs a rule (a filter).")
    if kind is SegmentKind.STATIC and rule is not None:
        raise ValidationFailed.field(
            "rule", "A static segment has hand-picked members, not a rule."
        )
    return segment_filter(rule).to_json() if rule is not None else None


async def create_segment(
    uow: SegmentationUnitOfWork, rt: Runtime, principal: Principal, data: SegmentInput
) -> Segment:
    principal.require_on(SEGMENT, Action.CREATE, principal.user_id, principal.business_unit_id)
    values = dict(vars(data))
    _text(values, "name", required=True)
    _text(values, "description")
    values["rule"] = _check_rule(data.kind, data.rule)
    now = rt.clock.now()
    segment = Segment(
        id=rt.ids.new_id(),
        owner_id=principal.user_id,
        business_unit_id=principal.business_unit_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    await uow.segments.add(segment)
    await _audit(uow, rt, principal, SEGMENT, segment, Operation.CREATE, None, *_keys(segment))
    await uow.commit()
    return segment


def _keys(segment: Segment) -> tuple[UUID, UUID]:
    return segment.owner_id, segment.business_unit_id


def _require_write(principal: Principal, segment: Segment) -> None:
    principal.require_on(SEGMENT, Action.UPDATE, segment.owner_id, segment.business_unit_id)


async def update_segment(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal,
    segment_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Segment:
    segment = await get_segment(uow, principal, segment_id)
    _require_write(principal, segment)
    check_version(SEGMENT, segment, expected_version)
    values = dict(changes)
    _text(values, "name", required=True)
    _text(values, "description")
    if "rule" in values:
        values["rule"] = _check_rule(segment.kind, values["rule"])
    before = snapshot(segment, BOOKKEEPING)
    if not apply_update(segment, values, rt.clock.now()):
        return segment
    await uow.segments.update(segment, expected_version)
    await _audit(uow, rt, principal, SEGMENT, segment, Operation.UPDATE, before, *_keys(segment))
    await uow.commit()
    return segment


async def delete_segment(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal,
    segment_id: UUID,
    expected_version: int,
) -> None:
    segment = await get_segment(uow, principal, segment_id)
    principal.require_on(SEGMENT, Action.DELETE, segment.owner_id, segment.business_unit_id)
    check_version(SEGMENT, segment, expected_version)
    await uow.segments.delete(segment.id)
    before = snapshot(segment, BOOKKEEPING)
    await _audit(uow, rt, principal, SEGMENT, segment, Operation.DELETE, before, *_keys(segment))
    await uow.commit()


def _readable_account(principal: Principal, account: Account | None) -> bool:
    return account is not None and principal.reads(
        ACCOUNT, account.owner_id, account.business_unit_id, account_ids=(account.id,)
    )


async def _static_for_write(
    uow: SegmentationUnitOfWork, principal: Principal, segment_id: UUID
) -> Segment:
    segment = await get_segment(uow, principal, segment_id)
    _require_write(principal, segment)
    if segment.kind is not SegmentKind.STATIC:
        raise InvalidTransition(
            "A dynamic segment's members follow its rule: change the rule instead.",
            allowed=["rule"],
        )
    return segment


async def add_members(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal,
    segment_id: UUID,
    account_ids: Collection[UUID],
) -> int:
    """Hand-pick accounts into a static segment; only accounts the caller may read. Returns
    how many joined (accounts already in stay as they are)."""
    segment = await _static_for_write(uow, principal, segment_id)
    if len(account_ids) > MAX_MEMBERS_PER_CALL:
        raise ValidationFailed.field("account_ids", f"At most {MAX_MEMBERS_PER_CALL} at a time.")
    for account_id in account_ids:
        if not _readable_account(principal, await uow.accounts.get(account_id)):
            raise NotFound(ACCOUNT, account_id)
    new = set(account_ids) - await uow.segments.member_ids(segment.id)
    if new:
        await uow.segments.join(segment.id, sorted(new), rt.clock.now(), principal.user_id)
        await _touch(uow, rt, principal, segment)
    await uow.commit()
    return len(new)


async def _touch(
    uow: SegmentationUnitOfWork, rt: Runtime, principal: Principal | None, segment: Segment
) -> None:
    """A membership change is a write of the segment: version, audit and changes feed."""
    expected = segment.version
    segment.version += 1
    segment.updated_at = rt.clock.now()
    await uow.segments.update(segment, expected)
    await _audit(uow, rt, principal, SEGMENT, segment, Operation.UPDATE, None, *_keys(segment))


async def remove_member(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal,
    segment_id: UUID,
    account_id: UUID,
) -> None:
    segment = await _static_for_write(uow, principal, segment_id)
    if account_id not in await uow.segments.member_ids(segment.id) or not _readable_account(
        principal, await uow.accounts.get(account_id)
    ):
        raise NotFound("segment_member", account_id)
    await uow.segments.leave(segment.id, [account_id], rt.clock.now(), principal.user_id)
    await _touch(uow, rt, principal, segment)
    await uow.commit()


@dataclass(frozen=True)
class UploadResult:
    added: int
    already_members: int
    unknown: list[str]  # business IDs no readable account has
    invalid: list[str]  # lines that are not business IDs


BUSINESS_ID = re.compile(r"^\d{7}-\d$")


async def upload_members(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal,
    segment_id: UUID,
    business_ids: list[str],
) -> UploadResult:
    """A CSV column of business IDs (Y-tunnus): the matching accounts the caller may read
    join the static segment; the rest are reported back, nothing is created."""
    segment = await _static_for_write(uow, principal, segment_id)
    invalid = [b for b in business_ids if not BUSINESS_ID.match(b)]
    wanted = sorted({b for b in business_ids if BUSINESS_ID.match(b)})
    if len(wanted) > MAX_MEMBERS_PER_CALL:
        raise ValidationFailed.field("file", f"At most {MAX_MEMBERS_PER_CALL} rows at a time.")
    found = await uow.class_facts.accounts_by_business_id(wanted)
    readable = {b: a for b, a in found.items() if _readable_account(principal, a)}
    unknown = [b for b in wanted if b not in readable]
    current = await uow.segments.member_ids(segment.id)
    new = {a.id for a in readable.values()} - current
    if new:
        await uow.segments.join(segment.id, sorted(new), rt.clock.now(), principal.user_id)
        await _touch(uow, rt, principal, segment)
    await uow.commit()
    return UploadResult(len(new), len(readable) - len(new), unknown, invalid)


@dataclass(frozen=True)
class RefreshResult:
    segments: int
    joined: int
    left: int


async def refresh_dynamic(
    uow: SegmentationUnitOfWork, rt: Runtime, segment_id: UUID
) -> tuple[int, int]:
    """Recompute one dynamic segment's members from its rule, as of the clock: accounts that
    now match join, those that no longer do leave; each move is a history event."""
    segment = await uow.segments.get(segment_id)
    if segment is None or segment.kind is not SegmentKind.DYNAMIC or segment.rule is None:
        return 0, 0
    now = rt.clock.now()
    matching = await uow.segment_rules.all_matching(segment, now)
    current = await uow.segments.member_ids(segment.id)
    joined, left = matching - current, current - matching
    if joined:
        await uow.segments.join(segment.id, sorted(joined), now, None)
    if left:
        await uow.segments.leave(segment.id, sorted(left), now, None)
    expected = segment.version
    segment.refreshed_at = now
    if joined or left:
        segment.version += 1
        segment.updated_at = now
        await uow.segments.update(segment, expected)
        await _audit(uow, rt, None, SEGMENT, segment, Operation.UPDATE, None, *_keys(segment))
    else:
        await uow.segments.update(segment, expected)
    await uow.commit()
    return len(joined), len(left)


async def refresh_all(uow: SegmentationUnitOfWork, rt: Runtime) -> RefreshResult:
    """The refresh job: every dynamic segment, one transaction each."""
    total_joined = total_left = 0
    ids = await uow.segments.dynamic_ids()
    for segment_id in ids:
        joined, left = await refresh_dynamic(uow, rt, segment_id)
        total_joined += joined
        total_left += left
    return RefreshResult(len(ids), total_joined, total_left)


async def request_refresh(
    uow: SegmentationUnitOfWork, rt: Runtime, principal: Principal, segment_id: UUID
) -> tuple[int, int]:
    segment = await get_segment(uow, principal, segment_id)
    _require_write(principal, segment)
    if segment.kind is not SegmentKind.DYNAMIC:
        raise InvalidTransition("Only a dynamic segment is refreshed.", allowed=[])
    return await refresh_dynamic(uow, rt, segment.id)


# ------------------------------------------------------------------ class policies


async def policy_for(uow: SegmentationUnitOfWork, rt: Runtime, unit_id: UUID) -> ClassPolicy:
    """The unit's policy, else the organisation default, else the built-in defaults."""
    found = await uow.class_policies.for_unit(unit_id) or await uow.class_policies.for_unit(None)
    if found is not None:
        return found
    now = rt.clock.now()
    return ClassPolicy(id=UUID(int=0), created_at=now, updated_at=now, **DEFAULT_POLICY_VALUES)


def _clean_policy(values: dict[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    for name in ("a_cap", "a_threshold_cents", "b_threshold_cents"):
        if values.get(name) is not None and values[name] < 0:
            errors.append(FieldError((name,), "Cannot be negative.", "value_error"))
    if "potential_review_months" in values and not 1 <= values["potential_review_months"] <= 120:
        errors.append(FieldError(("potential_review_months",), "1–120 months.", "value_error"))
    if errors:
        raise ValidationFailed(errors)
    return values


def _require_policy_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("Only an administrator sets the account-class policies.")


async def create_policy(
    uow: SegmentationUnitOfWork, rt: Runtime, principal: Principal, values: dict[str, Any]
) -> ClassPolicy:
    _require_policy_admin(principal)
    values = _clean_policy({**DEFAULT_POLICY_VALUES, **values})
    unit_id = values.get("business_unit_id")
    if unit_id is not None and not await uow.catalog_directory.business_unit_exists(unit_id):
        raise ValidationFailed.field("business_unit_id", "No such business unit.")
    existing = await uow.class_policies.for_unit(unit_id)
    if existing is not None:
        raise Conflict("That unit has a policy already: edit it.", existing_id=existing.id)
    now = rt.clock.now()
    policy = ClassPolicy(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await uow.class_policies.add(policy)
    await _audit(uow, rt, principal, CLASS_POLICY, policy, Operation.CREATE, None, None, None)
    await uow.commit()
    return policy


def policy_visible(principal: Principal, business_unit_id: UUID | None) -> bool:
    """The organisation default is everyone's; a unit's policy is for those who read the
    unit's accounts (administrators reach every unit)."""
    return business_unit_id is None or principal.reaches_unit(
        ACCOUNT, Action.READ, business_unit_id
    )


async def get_policy(
    uow: SegmentationUnitOfWork, principal: Principal, policy_id: UUID
) -> ClassPolicy:
    found = await uow.class_policies.get(policy_id)
    if found is None or not policy_visible(principal, found.business_unit_id):
        raise NotFound(CLASS_POLICY, policy_id)
    return found


async def update_policy(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal,
    policy_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> ClassPolicy:
    policy = await get_policy(uow, principal, policy_id)
    _require_policy_admin(principal)
    check_version(CLASS_POLICY, policy, expected_version)
    values = _clean_policy(dict(changes))
    before = snapshot(policy, BOOKKEEPING)
    if not apply_update(policy, values, rt.clock.now()):
        return policy
    await uow.class_policies.update(policy, expected_version)
    await _audit(uow, rt, principal, CLASS_POLICY, policy, Operation.UPDATE, before, None, None)
    await uow.commit()
    return policy


# ------------------------------------------------------------------ account classes


async def readable_account(
    uow: SegmentationUnitOfWork, principal: Principal, account_id: UUID
) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None or not _readable_account(principal, account):
        raise NotFound(ACCOUNT, account_id)
    return account


@dataclass(frozen=True)
class ClassCard:
    account: Account
    suggested_class: AccountClass | None
    volume_cents: int
    policy: ClassPolicy
    pending: AccountClassChange | None


async def class_card(
    uow: SegmentationUnitOfWork, rt: Runtime, principal: Principal, account_id: UUID
) -> ClassCard:
    account = await readable_account(uow, principal, account_id)
    policy = await policy_for(uow, rt, account.business_unit_id)
    volume = await uow.class_facts.volume_cents(account.id, rt.clock.now().date())
    pending = await uow.class_changes.pending_for(account.id)
    return ClassCard(account, suggest_class(policy, volume), volume, policy, pending)


async def _check_cap(
    uow: SegmentationUnitOfWork, rt: Runtime, account: Account, to_class: AccountClass
) -> None:
    if to_class is not AccountClass.A or account.account_class is AccountClass.A:
        return
    policy = await policy_for(uow, rt, account.business_unit_id)
    if policy.a_cap is None:
        return
    count = await uow.class_facts.accounts_with_class(account.business_unit_id, AccountClass.A)
    if count >= policy.a_cap:
        raise Conflict(
            f"The business unit has {count} A accounts already, its cap is {policy.a_cap}: "
            "move an account out of A first.",
            a_cap=policy.a_cap,
            a_accounts=count,
        )


def _may_approve(principal: Principal, change: AccountClassChange) -> bool:
    return principal.allows(
        ACCOUNT_CLASS_CHANGE, Action.APPROVE, change.owner_id, change.business_unit_id
    )


async def _apply(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal,
    account: Account,
    to_class: AccountClass,
) -> None:
    await _check_cap(uow, rt, account, to_class)
    before = snapshot(account, BOOKKEEPING)
    expected = account.version
    now = rt.clock.now()
    account.account_class = to_class
    account.account_class_since = now
    account.version += 1
    account.updated_at = now
    await uow.accounts.update(account, expected)
    await _audit(
        uow,
        rt,
        principal,
        ACCOUNT,
        account,
        Operation.UPDATE,
        before,
        account.owner_id,
        account.business_unit_id,
    )


async def propose_class(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal,
    account_id: UUID,
    to_class: AccountClass,
    reason: str,
) -> AccountClassChange:
    """Set the class, or propose it: an A waits for a manager's approval unless the caller
    may approve it themselves. The cap on A accounts is checked at both steps."""
    account = await readable_account(uow, principal, account_id)
    principal.require_on(
        ACCOUNT_CLASS_CHANGE, Action.CREATE, account.owner_id, account.business_unit_id
    )
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationFailed.field("reason", "Say why the class changes.")
    if account.account_class is to_class:
        raise Conflict(f"The account is {to_class.value} already.")
    if await uow.class_changes.pending_for(account.id) is not None:
        raise Conflict("A class change of the account waits for approval: decide it first.")
    card = await class_card(uow, rt, principal, account_id)
    now = rt.clock.now()
    change = AccountClassChange(
        id=rt.ids.new_id(),
        account_id=account.id,
        from_class=account.account_class,
        to_class=to_class,
        status=ChangeStatus.PENDING,
        reason=reason,
        suggested_class=card.suggested_class,
        proposed_by=principal.user_id,
        proposed_at=now,
        owner_id=account.owner_id,
        business_unit_id=account.business_unit_id,
        created_at=now,
        updated_at=now,
    )
    await _check_cap(uow, rt, account, to_class)
    if not needs_approval(to_class) or _may_approve(principal, change):
        await _apply(uow, rt, principal, account, to_class)
        change.status = ChangeStatus.APPLIED
        change.decided_by = principal.user_id
        change.decided_at = now
    await uow.class_changes.add(change)
    await _audit(
        uow,
        rt,
        principal,
        ACCOUNT_CLASS_CHANGE,
        change,
        Operation.CREATE,
        None,
        change.owner_id,
        change.business_unit_id,
    )
    await uow.commit()
    return change


async def get_change(
    uow: SegmentationUnitOfWork, principal: Principal, change_id: UUID
) -> AccountClassChange:
    change = await uow.class_changes.get(change_id)
    if change is None or not principal.reads(
        ACCOUNT_CLASS_CHANGE,
        change.owner_id,
        change.business_unit_id,
        account_ids=(change.account_id,),
    ):
        raise NotFound(ACCOUNT_CLASS_CHANGE, change_id)
    return change


async def decide_change(
    uow: SegmentationUnitOfWork,
    rt: Runtime,
    principal: Principal,
    change_id: UUID,
    *,
    approve: bool,
    note: str | None,
    expected_version: int,
) -> AccountClassChange:
    """A manager approves (the account gets the class) or rejects a pending change."""
    change = await get_change(uow, principal, change_id)
    if not _may_approve(principal, change):
        raise Forbidden("Only a manager of the account's unit approves or rejects its class.")
    check_version(ACCOUNT_CLASS_CHANGE, change, expected_version)
    if change.status is not ChangeStatus.PENDING:
        raise InvalidTransition(f"The change is {change.status.value} already.", allowed=[])
    before = snapshot(change, BOOKKEEPING)
    now = rt.clock.now()
    if approve:
        account = await uow.accounts.get(change.account_id)
        if account is None:
            raise NotFound(ACCOUNT, change.account_id)
        await _apply(uow, rt, principal, account, change.to_class)
    change.status = ChangeStatus.APPLIED if approve else ChangeStatus.REJECTED
    change.decided_by = principal.user_id
    change.decided_at = now
    change.decision_note = " ".join((note or "").split()) or None
    change.version += 1
    change.updated_at = now
    await uow.class_changes.update(change, expected_version)
    await _audit(
        uow,
        rt,
        principal,
        ACCOUNT_CLASS_CHANGE,
        change,
        Operation.UPDATE,
        before,
        change.owner_id,
        change.business_unit_id,
    )
    await uow.commit()
    return change
