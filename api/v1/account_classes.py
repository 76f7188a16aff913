"""Account classes A/B/C/Potential: the account's class card (set class, suggested class,
pending approval), its class changes and segment history, the approvals list, the
Potential review list and the class policies (A cap per unit, review months, thresholds).

Declared before the accounts router: `/accounts/class-review` is not an account id."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from api.deps import (
    Container,
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    created,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.offer_common import NOT_FOUND, TRANSITION_RESPONSES, WRITE_RESPONSES
from api.v1.schemas.segments import (
    ClassCardOut,
    ClassChangeCreate,
    ClassChangeOut,
    ClassDecision,
    ClassPolicyCreate,
    ClassPolicyOut,
    ClassPolicyUpdate,
    ReviewOut,
    SegmentHistoryOut,
)
from domain import careplans
from domain.segmentation import ACCOUNT_CLASS_CHANGE, AccountClassChange, ChangeStatus, services
from domain.shared import Action
from persistence.queries import segments as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(tags=["segmentation"])

ChangeSort = Literal["proposed_at", "-proposed_at", "updated_at", "-updated_at"]
ReviewSort = Literal["account_class_since", "-account_class_since", "name", "-name"]
CLASS_RESPONSES = {
    **TRANSITION_RESPONSES,
    409: {"description": "The A cap of the unit is full, or a change waits for approval"},
}


@router.get(
    "/accounts/class-review",
    response_model=ListResponse[ReviewOut],
    summary="Potential accounts that have stayed Potential too long",
)
async def class_review(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: ReviewSort = "account_class_since",
) -> ListResponse[ReviewOut]:
    page = page_request(limit, cursor, sort, tuple(queries.REVIEW_SORTS))
    result = await queries.potential_review(uow.session, principal, c.clock.now(), page)
    return ListResponse(
        items=[ReviewOut.model_validate(r) for r in result.items], next_cursor=result.next_cursor
    )


@router.get(
    "/accounts/{account_id}/class",
    response_model=ClassCardOut,
    responses=NOT_FOUND,
    summary="The account's class, the suggested class beside it and a pending change",
)
async def class_card(
    account_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> ClassCardOut:
    card = await services.class_card(uow, c, principal, account_id)
    pending = ClassChangeOut.model_validate(card.pending) if card.pending else None
    target = card.pending
    may_approve = target is not None and principal.allows(
        ACCOUNT_CLASS_CHANGE, Action.APPROVE, target.owner_id, target.business_unit_id
    )
    return ClassCardOut(
        account_id=card.account.id,
        account_class=card.account.account_class,
        account_class_since=card.account.account_class_since,
        suggested_class=card.suggested_class,
        purchase_volume_cents=card.volume_cents,
        policy=ClassPolicyOut.model_validate(card.policy),
        pending=pending,
        may_approve=may_approve,
    )


@router.get(
    "/accounts/{account_id}/class-changes",
    response_model=ListResponse[ClassChangeOut],
    responses=NOT_FOUND,
    summary="The account's class history: who set it, when and why",
)
async def account_class_changes(
    account_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: ChangeSort = "-proposed_at",
) -> ListResponse[ClassChangeOut]:
    await services.readable_account(uow, principal, account_id)
    page = page_request(limit, cursor, sort, tuple(queries.CHANGE_SORTS))
    result = await queries.list_class_changes(uow.session, principal, page, account_id=account_id)
    return ListResponse(
        items=[ClassChangeOut.model_validate(r) for r in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "/accounts/{account_id}/class-changes",
    status_code=201,
    response_model=ClassChangeOut,
    responses=CLASS_RESPONSES,
    summary="Set the class (B, C, Potential) or propose A (a manager approves it)",
)
async def propose_class(
    account_id: UUID,
    body: ClassChangeCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await services.propose_class(
            uow, c, principal, account_id, body.to_class, body.reason
        )
        await _plan_touches(record, c, uow)
        return created(request, record, ClassChangeOut.model_validate(record))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/accounts/{account_id}/segment-history",
    response_model=list[SegmentHistoryOut],
    responses=NOT_FOUND,
    summary="The segments the account joined and left, when (newest first)",
)
async def account_segment_history(
    account_id: UUID, uow: UowDep, principal: PrincipalDep, limit: Limit = 100
) -> list[SegmentHistoryOut]:
    await services.readable_account(uow, principal, account_id)
    rows = await queries.segment_history(uow.session, principal, account_id, limit)
    return [SegmentHistoryOut.model_validate(r, from_attributes=True) for r in rows]


@router.get(
    "/account-class-changes",
    response_model=ListResponse[ClassChangeOut],
    summary="Class changes (status=pending: the approvals list)",
)
async def list_class_changes(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: ChangeSort = "-proposed_at",
    status: list[ChangeStatus] | None = Query(None),
    account_id: UUID | None = None,
) -> ListResponse[ClassChangeOut]:
    page = page_request(limit, cursor, sort, tuple(queries.CHANGE_SORTS))
    result = await queries.list_class_changes(
        uow.session,
        principal,
        page,
        status=[s.value for s in status or ()],
        account_id=account_id,
    )
    return ListResponse(
        items=[ClassChangeOut.model_validate(r) for r in result.items],
        next_cursor=result.next_cursor,
    )


@router.get(
    "/account-class-changes/{change_id}", response_model=ClassChangeOut, responses=NOT_FOUND
)
async def get_class_change(
    change_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ClassChangeOut:
    change = await services.get_change(uow, principal, change_id)
    set_etag(response, change.version)
    return ClassChangeOut.model_validate(change)


async def _plan_touches(change: AccountClassChange, c: Container, uow: SqlUnitOfWork) -> None:
    """A class that took effect brings its care plan's touches into the account manager's
    work now, and ends the old plan's future ones (the nightly job would do it too)."""
    if change.status is ChangeStatus.APPLIED:
        await careplans.generation.generate(
            uow, c, c.clock.now(), c.settings.care_plan_horizon_days, only={change.account_id}
        )


async def _decide(
    change_id: UUID,
    body: ClassDecision,
    version: int,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    *,
    approve: bool,
) -> ClassChangeOut:
    change = await services.decide_change(
        uow, c, principal, change_id, approve=approve, note=body.note, expected_version=version
    )
    await _plan_touches(change, c, uow)
    set_etag(response, change.version)
    return ClassChangeOut.model_validate(change)


@router.post(
    "/account-class-changes/{change_id}/approval",
    response_model=ClassChangeOut,
    responses=CLASS_RESPONSES,
    summary="Approve a proposed class (managers of the account's unit)",
)
async def approve_class_change(
    change_id: UUID,
    body: ClassDecision,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ClassChangeOut:
    return await _decide(change_id, body, version, response, c, uow, principal, approve=True)


@router.post(
    "/account-class-changes/{change_id}/rejection",
    response_model=ClassChangeOut,
    responses=TRANSITION_RESPONSES,
    summary="Reject a proposed class (managers of the account's unit)",
)
async def reject_class_change(
    change_id: UUID,
    body: ClassDecision,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ClassChangeOut:
    return await _decide(change_id, body, version, response, c, uow, principal, approve=False)


@router.get(
    "/account-class-policies",
    response_model=ListResponse[ClassPolicyOut],
    summary="Class policies: the organisation default first, then per unit",
)
async def list_policies(uow: UowDep, principal: PrincipalDep) -> ListResponse[ClassPolicyOut]:
    rows = await queries.list_policies(uow.session)
    visible = [r for r in rows if services.policy_visible(principal, r["business_unit_id"])]
    return ListResponse(items=[ClassPolicyOut.model_validate(r) for r in visible], next_cursor=None)


@router.post(
    "/account-class-policies",
    status_code=201,
    response_model=ClassPolicyOut,
    responses={409: {"description": "The unit has a policy already"}},
    summary="Set a unit's class policy (administrators)",
)
async def create_policy(
    body: ClassPolicyCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await services.create_policy(uow, c, principal, body.model_dump())
        return created(request, record, ClassPolicyOut.model_validate(record))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.patch(
    "/account-class-policies/{class_policy_id}",
    response_model=ClassPolicyOut,
    responses=WRITE_RESPONSES,
    summary="Edit a class policy (administrators)",
)
async def update_policy(
    class_policy_id: UUID,
    body: ClassPolicyUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ClassPolicyOut:
    record = await services.update_policy(
        uow, c, principal, class_policy_id, body.changes(), version
    )
    set_etag(response, record.version)
    return ClassPolicyOut.model_validate(record)
