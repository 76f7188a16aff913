"""/campaigns: campaigns (type, status, dates, budget, expected responses), their event
invitations (invite a list or contacts; invited → registered → attended / declined /
no_show) and their results (counts, response against the plan)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.deps import (
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    etag,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.offer_common import NOT_FOUND, TRANSITION_RESPONSES, WRITE_RESPONSES
from api.v1.schemas.marketing import (
    CampaignCreate,
    CampaignOut,
    CampaignResults,
    CampaignUpdate,
    InvitationOut,
    InvitationUpdate,
    InviteIn,
    InviteOut,
)
from domain.marketing import RESPONDED, CampaignStatus, CampaignType, InvitationStatus
from domain.marketing import services as marketing
from persistence.queries import marketing as queries

router = APIRouter(prefix="/campaigns", tags=["marketing"])

CampaignSort = Literal["name", "-name", "starts_on", "-starts_on", "updated_at", "-updated_at"]
InvitationSort = Literal["invited_at", "-invited_at", "status_changed_at", "-status_changed_at"]


@router.get("", response_model=ListResponse[CampaignOut], summary="List campaigns")
async def list_campaigns(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: CampaignSort = "name",
    q: str | None = None,
    type: CampaignType | None = None,
    status: CampaignStatus | None = None,
    owner_id: UUID | None = None,
) -> ListResponse[CampaignOut]:
    page = page_request(limit, cursor, sort, tuple(queries.CAMPAIGN_SORTS))
    result = await queries.list_campaigns(
        uow.session,
        principal,
        queries.CampaignFilters(
            q=q,
            type=type.value if type else None,
            status=status.value if status else None,
            owner_id=owner_id,
        ),
        page,
    )
    return ListResponse(
        items=[CampaignOut.model_validate(c) for c in result.items],
        next_cursor=result.next_cursor,
    )


@router.post("", status_code=201, response_model=CampaignOut, summary="Create a campaign")
async def create_campaign(
    body: CampaignCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await marketing.create_campaign(
            uow, c, principal, marketing.CampaignInput(**body.model_dump())
        )
        return (
            201,
            CampaignOut.model_validate(record).model_dump(mode="json"),
            {"ETag": etag(record.version), "Location": f"{request.url.path}/{record.id}"},
        )

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{campaign_id}", response_model=CampaignOut, responses=NOT_FOUND)
async def get_campaign(
    campaign_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> CampaignOut:
    record = await marketing.get_campaign(uow, principal, campaign_id)
    set_etag(response, record.version)
    return CampaignOut.model_validate(record)


@router.patch("/{campaign_id}", response_model=CampaignOut, responses=WRITE_RESPONSES)
async def update_campaign(
    campaign_id: UUID,
    body: CampaignUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> CampaignOut:
    record = await marketing.update_campaign(
        uow, c, principal, campaign_id, body.changes(), version
    )
    set_etag(response, record.version)
    return CampaignOut.model_validate(record)


# ------------------------------------------------------------------ invitations


@router.get(
    "/{campaign_id}/invitations",
    response_model=ListResponse[InvitationOut],
    responses=NOT_FOUND,
    summary="The campaign's invitations (of contacts you may read)",
)
async def list_invitations(
    campaign_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: InvitationSort = "invited_at",
    status: InvitationStatus | None = None,
) -> ListResponse[InvitationOut]:
    await marketing.get_campaign(uow, principal, campaign_id)
    page = page_request(limit, cursor, sort, tuple(queries.INVITATION_SORTS))
    result = await queries.list_invitations(
        uow.session, principal, campaign_id, page, status.value if status else None
    )
    return ListResponse(
        items=[InvitationOut.model_validate(r) for r in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "/{campaign_id}/invitations",
    status_code=201,
    response_model=InviteOut,
    responses=TRANSITION_RESPONSES,
    summary="Invite a list's members and/or contacts (those already invited are skipped)",
)
async def invite(
    campaign_id: UUID,
    body: InviteIn,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        invited, already = await marketing.invite(
            uow, c, principal, campaign_id, list_id=body.list_id, contact_ids=body.contact_ids
        )
        return 201, {"invited": invited, "already_invited": already}, {}

    return await idempotent(request, c, principal, idempotency_key, create)


@router.patch(
    "/{campaign_id}/invitations/{invitation_id}",
    response_model=InvitationOut,
    responses=TRANSITION_RESPONSES,
    summary="Change an invitation's status",
)
async def update_invitation(
    campaign_id: UUID,
    invitation_id: UUID,
    body: InvitationUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> InvitationOut:
    record = await marketing.change_invitation(
        uow, c, principal, campaign_id, invitation_id, body.status, version
    )
    set_etag(response, record.version)
    return InvitationOut.model_validate(
        (await queries.invitation_rows(uow.session, [record.id]))[0]
    )


def _ratio(a: int, b: int | None) -> float | None:
    return round(a / b, 4) if b else None


@router.get(
    "/{campaign_id}/results",
    response_model=CampaignResults,
    responses=NOT_FOUND,
    summary="Invitation counts and the response against the plan",
)
async def campaign_results(
    campaign_id: UUID, uow: UowDep, principal: PrincipalDep
) -> CampaignResults:
    campaign = await marketing.get_campaign(uow, principal, campaign_id)
    counts = await queries.status_counts(uow.session, principal, campaign_id)
    total = sum(counts.values())
    responses = sum(counts[s.value] for s in RESPONDED)
    attended, no_show = counts["attended"], counts["no_show"]
    cost = (
        (campaign.budget / responses).quantize(Decimal("0.01"))
        if campaign.budget is not None and responses
        else None
    )
    return CampaignResults(
        campaign_id=campaign.id,
        invited_total=total,
        counts=counts,
        responses=responses,
        expected_responses=campaign.expected_responses,
        response_vs_expected=_ratio(responses, campaign.expected_responses),
        response_rate=_ratio(responses, total),
        attendance_rate=_ratio(attended, attended + no_show),
        budget=campaign.budget,
        cost_per_response=cost,
    )
