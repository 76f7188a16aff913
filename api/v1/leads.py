"""/leads: capture (with duplicate warnings), the inbox with SLA states and views, the lead
page, state changes (status, acknowledgement, pickup, assignment, routing again) and the
conversion into an account, a contact and a sales project."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime

from api.deps import (
    Container,
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
from api.v1.history import history_page
from api.v1.schemas.accounts import HistoryOut
from api.v1.schemas.leads import (
    AssignmentIn,
    CandidateAccountOut,
    ConversionCandidatesOut,
    ConversionIn,
    ConversionOut,
    DuplicateOut,
    LeadCreate,
    LeadCreatedOut,
    LeadOut,
    LeadStatusIn,
    LeadSummaryOut,
    LeadUpdate,
)
from domain import leads
from domain.accounts import services as accounts
from domain.leads import LeadSource, LeadStatus, SlaState
from domain.shared import Action, Depth, Principal, ValidationFailed
from domain.shared.identifiers import normalise_business_id, normalise_phone
from persistence.queries import leads as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/leads", tags=["leads"])

LeadSort = Literal[
    "received_at",
    "-received_at",
    "sla_due_at",
    "-sla_due_at",
    "updated_at",
    "-updated_at",
    "created_at",
    "-created_at",
    "company_name",
    "-company_name",
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such lead, or not visible to you"}
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    409: {"description": "Not possible in the lead's state (`allowed` lists what is)"},
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}


def policy(c: Container) -> leads.LeadPolicy:
    s = c.settings
    return leads.LeadPolicy(
        sla=leads.SlaDefaults(s.lead_sla_working_days, s.lead_sla_at_risk_working_hours)
    )


def lead_out(c: Container, view: queries.LeadView) -> LeadOut:
    lead = view.lead
    now = c.clock.now()
    values = asdict(lead)
    values.update({k: v for k, v in asdict(view).items() if k != "lead"})
    values.update(
        sla_state=lead.sla_state(now),
        sla_working_hours_left=None
        if lead.status.is_closed
        else round(c.calendar.working_hours_between(now, lead.sla_due_at), 2),
        allowed_statuses=leads.allowed_statuses(lead.status),
    )
    return LeadOut.model_validate(values)


async def _out(c: Container, uow: SqlUnitOfWork, lead_id: UUID) -> LeadOut:
    return lead_out(c, await queries.lead_view(uow.session, lead_id))


def duplicate_out(d: queries.Duplicate) -> DuplicateOut:
    return DuplicateOut.model_validate(asdict(d))


def _normalised(
    email: str | None, phone: str | None, business_id: str | None
) -> tuple[str | None, str | None, str | None]:
    """What duplicate matching compares: lower-case email, E.164 phone, canonical business ID
    (an invalid phone or ID cannot match anything, so it is left out)."""
    mail = email.strip().lower() if email and email.strip() else None
    tel = bid = None
    if phone and phone.strip():
        try:
            tel = normalise_phone(phone)
        except ValidationFailed:
            tel = None
    if business_id and business_id.strip():
        try:
            bid = normalise_business_id(business_id)
        except ValidationFailed:
            bid = None
    return mail, tel, bid


@router.get("", response_model=ListResponse[LeadOut], summary="List leads (the inbox)")
async def list_leads(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: LeadSort = "-received_at",
    q: Annotated[
        str | None,
        Query(max_length=200, description="Company, contact, email, phone or business ID"),
    ] = None,
    status: Annotated[list[LeadStatus] | None, Query(description="Repeat for several")] = None,
    sla_state: Annotated[
        list[SlaState] | None,
        Query(description="on_track, at_risk, breached (open leads, against now), met, missed"),
    ] = None,
    acknowledged: Annotated[
        bool | None,
        Query(description="false: open leads their owner has not acknowledged (reacted to) yet"),
    ] = None,
    owner_id: UUID | None = None,
    queue_id: UUID | None = None,
    in_my_queues: Annotated[bool | None, Query(description="Waiting in your queues")] = None,
    lead_giver_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    product_id: UUID | None = None,
    region_id: UUID | None = None,
    source: LeadSource | None = None,
    campaign_id: UUID | None = None,
    service_request_id: Annotated[
        UUID | None, Query(description="The leads made from this service request")
    ] = None,
    account_id: Annotated[UUID | None, Query(description="Converted to this account")] = None,
    received_from: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
    received_to: Annotated[
        AwareDatetime | None, Query(description="ISO 8601 with zone (exclusive)")
    ] = None,
    updated_since: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
) -> ListResponse[LeadOut]:
    """The leads you may read: your own, your unit's (by your role), those waiting in your
    queues, those you gave and those of the people you supervise. Customer service reads
    every unit's leads, so `sla_state=breached` and `acknowledged=false` are its watch views."""
    page = page_request(limit, cursor, sort, tuple(queries.LEAD_SORTS))
    filters = queries.LeadFilters(
        q=q,
        status=tuple(s.value for s in status or ()),
        sla_state=tuple(sla_state or ()),
        acknowledged=acknowledged,
        owner_id=owner_id,
        queue_id=queue_id,
        in_my_queues=in_my_queues,
        lead_giver_id=lead_giver_id,
        business_unit_id=business_unit_id,
        product_id=product_id,
        region_id=region_id,
        source=source,
        campaign_id=campaign_id,
        service_request_id=service_request_id,
        account_id=account_id,
        received_from=received_from,
        received_to=received_to,
        updated_since=updated_since,
    )
    result = await queries.list_leads(uow.session, principal, filters, page, c.clock.now())
    return ListResponse(
        items=[lead_out(c, v) for v in result.items], next_cursor=result.next_cursor
    )


@router.get(
    "/summary",
    response_model=LeadSummaryOut,
    summary="Counts of open leads by SLA state, for the inbox's badges",
)
async def summary(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    queue_id: UUID | None = None,
) -> LeadSummaryOut:
    """Over the open leads you may read (narrowed by the filters): on track, at risk,
    breached, not yet acknowledged, and waiting in your queues."""
    filters = queries.LeadFilters(
        owner_id=owner_id, business_unit_id=business_unit_id, queue_id=queue_id
    )
    found = await queries.summary(uow.session, principal, filters, c.clock.now())
    return LeadSummaryOut.model_validate(asdict(found))


@router.get(
    "/duplicates",
    response_model=ListResponse[DuplicateOut],
    summary="Open leads, contacts and accounts with the same email, phone or business ID",
)
async def duplicates(
    uow: UowDep,
    principal: PrincipalDep,
    email: Annotated[str | None, Query(max_length=320)] = None,
    phone: Annotated[str | None, Query(max_length=30)] = None,
    business_id: Annotated[str | None, Query(max_length=20)] = None,
    exclude_id: Annotated[UUID | None, Query(description="Leave this lead out")] = None,
) -> ListResponse[DuplicateOut]:
    """Check before saving: the same candidates the create answer warns about."""
    mail, tel, bid = _normalised(email, phone, business_id)
    found = await queries.duplicates(
        uow.session, principal, email=mail, phone=tel, business_id=bid, exclude_lead_id=exclude_id
    )
    return ListResponse(items=[duplicate_out(d) for d in found], next_cursor=None)


@router.post(
    "",
    status_code=201,
    response_model=LeadCreatedOut,
    summary="Capture a lead (it is routed and its SLA starts at once)",
    responses={422: {"description": "Invalid fields"}},
)
async def create_lead(
    body: LeadCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """The answer is the routed lead (owner, queue, `routing` explaining why, SLA due time)
    and `duplicates`: open leads, contacts and accounts sharing its email, phone or business
    ID, a warning to show — the lead is saved anyway."""

    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        lead = await leads.create_lead(
            uow, c, principal, policy(c), leads.LeadInput(**body.domain_values())
        )
        found = await queries.duplicates(
            uow.session,
            principal,
            email=lead.email,
            phone=lead.phone,
            business_id=lead.business_id,
            exclude_lead_id=lead.id,
        )
        out = LeadCreatedOut(
            **(await _out(c, uow, lead.id)).model_dump(),
            duplicates=[duplicate_out(d) for d in found],
        )
        return (
            201,
            out.model_dump(mode="json"),
            {"ETag": etag(lead.version), "Location": f"{request.url.path}/{lead.id}"},
        )

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{lead_id}", response_model=LeadOut, responses=NOT_FOUND)
async def get_lead(
    lead_id: UUID, response: Response, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> LeadOut:
    lead = await leads.get_lead(uow, principal, lead_id)
    set_etag(response, lead.version)
    return await _out(c, uow, lead.id)


@router.patch("/{lead_id}", response_model=LeadOut, responses=WRITE_RESPONSES)
async def update_lead(
    lead_id: UUID,
    body: LeadUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> LeadOut:
    """Correct the details. Routing does not follow by itself: POST …/routing after a change
    of region or product sends it where the rules say now."""
    lead = await leads.update_lead(uow, c, principal, lead_id, body.domain_changes(), version)
    set_etag(response, lead.version)
    return await _out(c, uow, lead.id)


@router.post(
    "/{lead_id}/status",
    response_model=LeadOut,
    responses=WRITE_RESPONSES,
    summary="Close without a sales project (reason required), or reopen",
)
async def change_status(
    lead_id: UUID,
    body: LeadStatusIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> LeadOut:
    lead = await leads.change_status(
        uow, c, principal, lead_id, body.status, version, reason=body.reason
    )
    set_etag(response, lead.version)
    return await _out(c, uow, lead.id)


@router.post(
    "/{lead_id}/acknowledgement",
    response_model=LeadOut,
    responses={**NOT_FOUND, 409: {"description": "The lead is closed"}},
    summary="The owner acknowledges the lead (seen, on it)",
)
async def acknowledge(
    lead_id: UUID, response: Response, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> LeadOut:
    lead = await leads.acknowledge(uow, c, principal, lead_id)
    set_etag(response, lead.version)
    return await _out(c, uow, lead.id)


@router.post(
    "/{lead_id}/pickup",
    response_model=LeadOut,
    responses={**NOT_FOUND, 409: {"description": "Not waiting in a queue, or closed"}},
    summary="Pick the lead from its queue (members): you own it and get its task",
)
async def pick(
    lead_id: UUID, response: Response, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> LeadOut:
    lead = await leads.pick(uow, c, principal, lead_id)
    set_etag(response, lead.version)
    return await _out(c, uow, lead.id)


@router.post(
    "/{lead_id}/assignment",
    response_model=LeadOut,
    responses=WRITE_RESPONSES,
    summary="Pass the lead to a colleague or a queue by hand",
)
async def assign(
    lead_id: UUID,
    body: AssignmentIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> LeadOut:
    lead = await leads.assign(
        uow, c, principal, policy(c), lead_id, version, user_id=body.user_id, queue_id=body.queue_id
    )
    set_etag(response, lead.version)
    return await _out(c, uow, lead.id)


@router.post(
    "/{lead_id}/routing",
    response_model=LeadOut,
    responses=WRITE_RESPONSES,
    summary="Route the lead again by the current rules",
)
async def route_again(
    lead_id: UUID,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> LeadOut:
    lead = await leads.route_again(uow, c, principal, policy(c), lead_id, version)
    set_etag(response, lead.version)
    return await _out(c, uow, lead.id)


@router.get(
    "/{lead_id}/conversion-candidates",
    response_model=ConversionCandidatesOut,
    responses=NOT_FOUND,
    summary="Accounts and contacts the conversion wizard offers",
)
async def conversion_candidates(
    lead_id: UUID, uow: UowDep, principal: PrincipalDep
) -> ConversionCandidatesOut:
    lead = await leads.get_lead(uow, principal, lead_id)
    found = await _candidate_accounts(uow, principal, lead)
    contacts = [
        d
        for d in await queries.duplicates(
            uow.session, principal, email=lead.email, phone=lead.phone, business_id=None
        )
        if d.kind == "contact"
    ]
    return ConversionCandidatesOut(accounts=found, contacts=[duplicate_out(d) for d in contacts])


async def _candidate_accounts(
    uow: SqlUnitOfWork, principal: Principal, lead: leads.Lead
) -> list[CandidateAccountOut]:
    if principal.depth("account", Action.READ) is Depth.NONE:
        return []
    found = await accounts.find_duplicates(
        uow, principal, name=lead.company_name, business_id=lead.business_id
    )
    return [
        CandidateAccountOut(
            id=a.id,
            name=a.name,
            business_id=a.business_id,
            region=a.region,
            municipality=a.municipality,
            business_id_match=bool(lead.business_id) and a.business_id == lead.business_id,
        )
        for a in found
    ]


@router.post(
    "/{lead_id}/conversion",
    status_code=201,
    response_model=ConversionOut,
    responses={
        **WRITE_RESPONSES,
        409: {"description": "Already converted, or closed (reopen it first)"},
    },
    summary="Convert into an account, a contact and a sales project (one transaction)",
)
async def convert(
    lead_id: UUID,
    body: ConversionIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ConversionOut:
    """The account with the lead's business ID is reused when there is one; otherwise the
    chosen `account_id`; otherwise a new account from the lead. The contact is the chosen
    one or a new one from the lead. Nothing is stored unless all of it succeeds."""
    done = await leads.convert(
        uow, c, principal, lead_id, version, leads.ConversionInput(**body.model_dump())
    )
    set_etag(response, done.lead.version)
    response.headers["Location"] = f"/api/v1/sales-projects/{done.sales_project_id}"
    return ConversionOut(
        lead=await _out(c, uow, done.lead.id),
        account_id=done.account_id,
        account_created=done.account_created,
        contact_id=done.contact_id,
        contact_created=done.contact_created,
        sales_project_id=done.sales_project_id,
    )


@router.get(
    "/{lead_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history, newest first",
)
async def lead_history(
    lead_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await leads.get_lead(uow, principal, lead_id)
    return await history_page(uow, leads.LEAD, lead_id, limit, cursor)
