"""Marketing use cases: campaigns, static and dynamic lists, invitations, audited exports.

A campaign, a list and an invitation belong to their owner and the owner's unit (the caller
who created them). Members are contacts: a caller adds only contacts they may read, and
reads (and exports) only the members they may read — a list shared in a unit never shows a
colleague a contact outside their own scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.marketing.model import (
    CAMPAIGN,
    INVITATION,
    LIST_EXPORT,
    MARKETING_LIST,
    MAX_BULK,
    TRANSITIONS,
    Campaign,
    CampaignStatus,
    CampaignType,
    Invitation,
    InvitationStatus,
    ListExport,
    ListKind,
    MarketingList,
    check_budget,
    check_dates,
    check_expected,
    clean_name,
    clean_text,
)
from domain.marketing.ports import MarketingUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    AuditEntry,
    Change,
    FieldChange,
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


async def _audit(
    uow: MarketingUnitOfWork,
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
        owner_id=record.owner_id,
        business_unit_id=record.business_unit_id,
    )


# ------------------------------------------------------------------ campaigns


async def get_campaign(
    uow: MarketingUnitOfWork, principal: Principal, campaign_id: UUID
) -> Campaign:
    found = await uow.campaigns.get(campaign_id)
    if found is None or not principal.allows(
        CAMPAIGN, Action.READ, found.owner_id, found.business_unit_id
    ):
        raise NotFound(CAMPAIGN, campaign_id)
    return found


def _clean_campaign(values: dict[str, Any]) -> dict[str, Any]:
    if "name" in values:
        values["name"] = clean_name(values["name"])
    if "description" in values:
        values["description"] = clean_text(values["description"])
    if "type" in values:
        values["type"] = CampaignType(values["type"])
    if "status" in values:
        values["status"] = CampaignStatus(values["status"])
    if "budget" in values:
        values["budget"] = check_budget(values["budget"])
    if "expected_responses" in values:
        values["expected_responses"] = check_expected(values["expected_responses"])
    return values


@dataclass(frozen=True)
class CampaignInput:
    name: str
    type: CampaignType
    status: CampaignStatus = CampaignStatus.PLANNED
    starts_on: date | None = None
    ends_on: date | None = None
    description: str | None = None
    budget: Decimal | None = None
    expected_responses: int | None = None


async def create_campaign(
    uow: MarketingUnitOfWork, rt: Runtime, principal: Principal, data: CampaignInput
) -> Campaign:
    principal.require(CAMPAIGN, Action.CREATE)
    values = _clean_campaign(dict(vars(data)))
    check_dates(values["starts_on"], values["ends_on"])
    now = rt.clock.now()
    campaign = Campaign(
        id=rt.ids.new_id(),
        owner_id=principal.user_id,
        business_unit_id=principal.business_unit_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    await uow.campaigns.add(campaign)
    await _audit(uow, rt, principal, CAMPAIGN, campaign, Operation.CREATE, None)
    await uow.commit()
    return campaign


CAMPAIGN_FIELDS = frozenset(
    {
        "name",
        "type",
        "status",
        "starts_on",
        "ends_on",
        "description",
        "budget",
        "expected_responses",
    }
)


async def update_campaign(
    uow: MarketingUnitOfWork,
    rt: Runtime,
    principal: Principal,
    campaign_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Campaign:
    campaign = await get_campaign(uow, principal, campaign_id)
    unknown = sorted(set(changes) - CAMPAIGN_FIELDS)
    if unknown:
        raise ValidationFailed.field(unknown[0], "This field does not change.")
    principal.require_on(CAMPAIGN, Action.UPDATE, campaign.owner_id, campaign.business_unit_id)
    check_version(CAMPAIGN, campaign, expected_version)
    values = _clean_campaign(dict(changes))
    check_dates(
        values.get("starts_on", campaign.starts_on), values.get("ends_on", campaign.ends_on)
    )
    before = snapshot(campaign, BOOKKEEPING)
    if not apply_update(campaign, values, rt.clock.now()):
        return campaign
    await uow.campaigns.update(campaign, expected_version)
    await _audit(uow, rt, principal, CAMPAIGN, campaign, Operation.UPDATE, before)
    await uow.commit()
    return campaign


# ------------------------------------------------------------------ lists


async def get_list(uow: MarketingUnitOfWork, principal: Principal, list_id: UUID) -> MarketingList:
    found = await uow.marketing_lists.get(list_id)
    if found is None or not principal.allows(
        MARKETING_LIST, Action.READ, found.owner_id, found.business_unit_id
    ):
        raise NotFound(MARKETING_LIST, list_id)
    return found


@dataclass(frozen=True)
class ListInput:
    name: str
    kind: ListKind = ListKind.STATIC
    description: str | None = None
    filter: dict[str, Any] | None = None
    campaign_id: UUID | None = None


async def _list_values(
    uow: MarketingUnitOfWork, principal: Principal, kind: ListKind, values: dict[str, Any]
) -> dict[str, Any]:
    if "name" in values:
        values["name"] = clean_name(values["name"])
    if "description" in values:
        values["description"] = clean_text(values["description"])
    if values.get("campaign_id") is not None:
        await get_campaign(uow, principal, values["campaign_id"])
    if kind is ListKind.DYNAMIC:
        if "filter" in values:
            if not values["filter"]:
                raise ValidationFailed.field("filter", "A dynamic list needs a filter.")
            values["filter"] = uow.marketing_contacts.check_filter(values["filter"])
    elif values.get("filter"):
        raise ValidationFailed.field("filter", "A static list has members, not a filter.")
    return values


async def create_list(
    uow: MarketingUnitOfWork, rt: Runtime, principal: Principal, data: ListInput
) -> MarketingList:
    principal.require(MARKETING_LIST, Action.CREATE)
    kind = ListKind(data.kind)
    values = await _list_values(uow, principal, kind, dict(vars(data)))
    if kind is ListKind.DYNAMIC and not values.get("filter"):
        raise ValidationFailed.field("filter", "A dynamic list needs a filter.")
    values["kind"] = kind
    now = rt.clock.now()
    mlist = MarketingList(
        id=rt.ids.new_id(),
        owner_id=principal.user_id,
        business_unit_id=principal.business_unit_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    await uow.marketing_lists.add(mlist)
    await _audit(uow, rt, principal, MARKETING_LIST, mlist, Operation.CREATE, None)
    await uow.commit()
    return mlist


LIST_FIELDS = frozenset({"name", "description", "filter", "campaign_id"})


async def update_list(
    uow: MarketingUnitOfWork,
    rt: Runtime,
    principal: Principal,
    list_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> MarketingList:
    mlist = await get_list(uow, principal, list_id)
    unknown = sorted(set(changes) - LIST_FIELDS)
    if unknown:
        raise ValidationFailed.field(unknown[0], "This field does not change.")
    principal.require_on(MARKETING_LIST, Action.UPDATE, mlist.owner_id, mlist.business_unit_id)
    check_version(MARKETING_LIST, mlist, expected_version)
    values = await _list_values(uow, principal, mlist.kind, dict(changes))
    before = snapshot(mlist, BOOKKEEPING)
    if not apply_update(mlist, values, rt.clock.now()):
        return mlist
    await uow.marketing_lists.update(mlist, expected_version)
    await _audit(uow, rt, principal, MARKETING_LIST, mlist, Operation.UPDATE, before)
    await uow.commit()
    return mlist


async def delete_list(
    uow: MarketingUnitOfWork,
    rt: Runtime,
    principal: Principal,
    list_id: UUID,
    expected_version: int,
) -> None:
    mlist = await get_list(uow, principal, list_id)
    principal.require_on(MARKETING_LIST, Action.DELETE, mlist.owner_id, mlist.business_unit_id)
    check_version(MARKETING_LIST, mlist, expected_version)
    await uow.marketing_lists.delete(mlist.id)
    await _audit(
        uow, rt, principal, MARKETING_LIST, mlist, Operation.DELETE, snapshot(mlist, BOOKKEEPING)
    )
    await uow.commit()


async def _editable_static(
    uow: MarketingUnitOfWork, principal: Principal, list_id: UUID
) -> MarketingList:
    mlist = await get_list(uow, principal, list_id)
    principal.require_on(MARKETING_LIST, Action.UPDATE, mlist.owner_id, mlist.business_unit_id)
    if mlist.kind is not ListKind.STATIC:
        raise InvalidTransition(
            "A dynamic list's members are the contacts its filter matches: change the filter."
        )
    return mlist


async def add_members(
    uow: MarketingUnitOfWork,
    rt: Runtime,
    principal: Principal,
    list_id: UUID,
    contact_ids: Sequence[UUID],
) -> int:
    """Adds the contacts (the caller must be able to read every one); returns how many were
    new. One audit entry for the list (the members added) and one changes row."""
    mlist = await _editable_static(uow, principal, list_id)
    wanted = list(dict.fromkeys(contact_ids))
    if not wanted:
        raise ValidationFailed.field("contact_ids", "Give at least one contact.")
    if len(wanted) > MAX_BULK:
        raise ValidationFailed.field("contact_ids", f"At most {MAX_BULK} contacts at a time.")
    readable = await uow.marketing_contacts.readable_contacts(principal, wanted)
    missing = [c for c in wanted if c not in readable]
    if missing:
        raise ValidationFailed.field(
            "contact_ids", f"No such contact: {missing[0]}.", type_="not_found"
        )
    already = await uow.marketing_lists.member_ids(mlist.id, wanted)
    new = [c for c in wanted if c not in already]
    if not new:
        return 0
    await uow.marketing_lists.add_members(mlist.id, new, principal.user_id)
    await _touch(uow, rt, principal, mlist, {"members_added": [str(c) for c in new]})
    await uow.commit()
    return len(new)


async def remove_member(
    uow: MarketingUnitOfWork, rt: Runtime, principal: Principal, list_id: UUID, contact_id: UUID
) -> None:
    mlist = await _editable_static(uow, principal, list_id)
    if not await uow.marketing_contacts.readable_contacts(principal, [contact_id]):
        raise NotFound("contact", contact_id)
    if not await uow.marketing_lists.remove_member(mlist.id, contact_id):
        raise NotFound("member", contact_id)
    await _touch(uow, rt, principal, mlist, {"member_removed": str(contact_id)})
    await uow.commit()


async def _touch(
    uow: MarketingUnitOfWork,
    rt: Runtime,
    principal: Principal,
    mlist: MarketingList,
    what: dict[str, Any],
) -> None:
    """A membership change is a write to the list: a new version, an audit entry naming the
    members added or removed, a changes row."""
    expected = mlist.version
    mlist.updated_at = rt.clock.now()
    mlist.version += 1
    await uow.marketing_lists.update(mlist, expected)
    await _record_membership(uow, principal, mlist, what)


async def _record_membership(
    uow: MarketingUnitOfWork,
    principal: Principal,
    mlist: MarketingList,
    what: dict[str, Any],
) -> None:
    await uow.audit.record(
        AuditEntry(
            MARKETING_LIST,
            mlist.id,
            Operation.UPDATE,
            principal.user_id,
            mlist.updated_at,
            tuple(FieldChange(k, None, v) for k, v in sorted(what.items())),
        ),
        Change(
            entity=MARKETING_LIST,
            record_id=mlist.id,
            operation=Operation.UPDATE,
            version=mlist.version,
            changed_at=mlist.updated_at,
            owner_id=mlist.owner_id,
            business_unit_id=mlist.business_unit_id,
            data=snapshot(mlist),
        ),
    )


async def record_export(
    uow: MarketingUnitOfWork,
    rt: Runtime,
    principal: Principal,
    mlist: MarketingList,
    fmt: str,
    exported: int,
    left_out: int,
) -> ListExport:
    """The audit of one export: who, when, which file, how many in, how many left out."""
    entry = ListExport(
        id=rt.ids.new_id(),
        list_id=mlist.id,
        format=fmt,
        exported_by=principal.user_id,
        exported_at=rt.clock.now(),
        exported_count=exported,
        left_out_count=left_out,
        owner_id=mlist.owner_id,
        business_unit_id=mlist.business_unit_id,
    )
    await uow.list_exports.add(entry)
    await _audit(uow, rt, principal, LIST_EXPORT, entry, Operation.CREATE, None)
    await uow.commit()
    return entry


def require_export(principal: Principal, mlist: MarketingList) -> None:
    principal.require(MARKETING_LIST, Action.EXPORT)
    principal.require_on(MARKETING_LIST, Action.EXPORT, mlist.owner_id, mlist.business_unit_id)
    principal.require("contact", Action.EXPORT)


# ------------------------------------------------------------------ invitations


async def invite(
    uow: MarketingUnitOfWork,
    rt: Runtime,
    principal: Principal,
    campaign_id: UUID,
    *,
    list_id: UUID | None = None,
    contact_ids: Sequence[UUID] = (),
) -> tuple[int, int]:
    """Invites the members of a list (those the caller reads) and/or the contacts given;
    returns (invited now, already invited before). One transaction."""
    campaign = await get_campaign(uow, principal, campaign_id)
    principal.require_on(CAMPAIGN, Action.UPDATE, campaign.owner_id, campaign.business_unit_id)
    if campaign.status in (CampaignStatus.COMPLETED, CampaignStatus.CANCELLED):
        raise InvalidTransition(f"The campaign is {campaign.status.value}: no more invitations.")
    wanted: list[UUID] = []
    if list_id is not None:
        mlist = await get_list(uow, principal, list_id)
        wanted.extend(await uow.marketing_contacts.list_members(principal, mlist))
    if contact_ids:
        readable = await uow.marketing_contacts.readable_contacts(principal, contact_ids)
        missing = [c for c in contact_ids if c not in readable]
        if missing:
            raise ValidationFailed.field(
                "contact_ids", f"No such contact: {missing[0]}.", type_="not_found"
            )
        wanted.extend(contact_ids)
    wanted = list(dict.fromkeys(wanted))
    if list_id is None and not contact_ids:
        raise ValidationFailed.field("list_id", "Give a list or contacts to invite.")
    if len(wanted) > 10 * MAX_BULK:
        raise ValidationFailed.field("list_id", f"At most {10 * MAX_BULK} invitations at a time.")
    already = await uow.invitations.invited_ids(campaign.id, wanted)
    now = rt.clock.now()
    new = [
        Invitation(
            id=rt.ids.new_id(),
            campaign_id=campaign.id,
            contact_id=c,
            status=InvitationStatus.INVITED,
            invited_at=now,
            status_changed_at=now,
            owner_id=campaign.owner_id,
            business_unit_id=campaign.business_unit_id,
            created_at=now,
            updated_at=now,
            list_id=list_id,
        )
        for c in wanted
        if c not in already
    ]
    if new:
        await uow.invitations.add_many(new)
        for invitation in new:
            await _audit(uow, rt, principal, INVITATION, invitation, Operation.CREATE, None)
    await uow.commit()
    return len(new), len(already)


async def get_invitation(
    uow: MarketingUnitOfWork, principal: Principal, campaign_id: UUID, invitation_id: UUID
) -> Invitation:
    await get_campaign(uow, principal, campaign_id)
    found = await uow.invitations.get(invitation_id)
    if found is None or found.campaign_id != campaign_id:
        raise NotFound(INVITATION, invitation_id)
    if not await uow.marketing_contacts.readable_contacts(principal, [found.contact_id]):
        raise NotFound(INVITATION, invitation_id)
    return found


async def change_invitation(
    uow: MarketingUnitOfWork,
    rt: Runtime,
    principal: Principal,
    campaign_id: UUID,
    invitation_id: UUID,
    status: InvitationStatus,
    expected_version: int,
) -> Invitation:
    invitation = await get_invitation(uow, principal, campaign_id, invitation_id)
    principal.require_on(CAMPAIGN, Action.UPDATE, invitation.owner_id, invitation.business_unit_id)
    check_version(INVITATION, invitation, expected_version)
    status = InvitationStatus(status)
    if status == invitation.status:
        return invitation
    allowed = TRANSITIONS[invitation.status]
    if status not in allowed:
        raise InvalidTransition(
            f"An invitation that is {invitation.status.value} cannot become {status.value}.",
            allowed=sorted(s.value for s in allowed),
        )
    before = snapshot(invitation, BOOKKEEPING)
    now = rt.clock.now()
    apply_update(invitation, {"status": status, "status_changed_at": now}, now)
    await uow.invitations.update(invitation, expected_version)
    await _audit(uow, rt, principal, INVITATION, invitation, Operation.UPDATE, before)
    await uow.commit()
    return invitation
