"""The leads set-up administrators maintain: /lead-routing-rules (with their order and the
test tool), /lead-sla-policies, /lead-forms, /lead-settings, and /lead-sla-checks (run the
SLA watch now)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import AwareDatetime, Field

from api.deps import (
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
from api.v1.history import history_page
from api.v1.schemas.accounts import HistoryOut
from api.v1.schemas.common import In, Out
from api.v1.schemas.lead_setup import (
    FormCreate,
    FormOut,
    FormUpdate,
    LeadSettingsOut,
    LeadSettingsUpdate,
    PolicyCreate,
    PolicyOut,
    PolicyUpdate,
    RoutingTestIn,
    RoutingTestOut,
    RuleCreate,
    RuleOrderIn,
    RuleOut,
    RuleUpdate,
)
from api.v1.schemas.leads import RoutingOut
from domain import leads
from domain.leads import setup
from domain.shared import Action, ValidationFailed
from persistence.queries import lead_setup as queries
from persistence.queries.leads import names
from persistence.tables.identity import users
from persistence.tables.service import queues

router = APIRouter(tags=["lead setup"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Not found or not visible"}}
PATCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}
PUBLIC_PREFIX = "/api/v1/public/lead-forms/"


def rule_out(rule: leads.RoutingRule) -> RuleOut:
    return RuleOut.model_validate(
        {
            **{k: getattr(rule, k) for k in RuleOut.model_fields if hasattr(rule, k)},
            "region_ids": sorted(rule.region_ids),
            "product_ids": sorted(rule.product_ids),
            "product_group_ids": sorted(rule.product_group_ids),
            "business_unit_ids": sorted(rule.business_unit_ids),
            "sources": sorted(rule.sources),
        }
    )


def form_out(form: leads.LeadForm) -> FormOut:
    return FormOut.model_validate(
        {
            **{k: getattr(form, k) for k in FormOut.model_fields if hasattr(form, k)},
            "allowed_origins": list(form.allowed_origins),
            "public_path": f"{PUBLIC_PREFIX}{form.token}",
        }
    )


# ------------------------------------------------------------------ routing rules


@router.get(
    "/lead-routing-rules", response_model=ListResponse[RuleOut], summary="List routing rules"
)
async def list_rules(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["position", "-position", "name", "-name"] = "position",
    active: bool | None = None,
) -> ListResponse[RuleOut]:
    """In evaluation order by default (the first matching rule that can take a lead wins)."""
    page = page_request(limit, cursor, sort, tuple(queries.RULE_SORTS))
    result = await queries.list_rules(uow.session, principal, page, active)
    return ListResponse(items=[rule_out(r) for r in result.items], next_cursor=result.next_cursor)


@router.post(
    "/lead-routing-rules",
    status_code=201,
    response_model=RuleOut,
    summary="Create a routing rule",
)
async def create_rule(
    body: RuleCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        rule = await setup.create_rule(uow, c, principal, leads.RuleInput(**body.domain_values()))
        return created(request, rule, rule_out(rule))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.put(
    "/lead-routing-rules/order",
    response_model=ListResponse[RuleOut],
    summary="Put the routing rules in a new order",
)
async def reorder_rules(
    body: RuleOrderIn, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> ListResponse[RuleOut]:
    rules = await setup.reorder_rules(uow, c, principal, body.rule_ids)
    return ListResponse(items=[rule_out(r) for r in rules], next_cursor=None)


@router.post(
    "/lead-routing-rules/test",
    response_model=RoutingTestOut,
    summary="Test routing: which rule and owner would win for a region and a product",
)
async def test_routing(body: RoutingTestIn, uow: UowDep, principal: PrincipalDep) -> RoutingTestOut:
    """Nothing changes: a team's round robin is shown at the member whose turn it is."""
    answer = await setup.preview_routing(
        uow,
        principal,
        leads.RoutingQuestion(
            product_id=body.product_id,
            municipality_id=body.municipality_id,
            municipality=body.municipality,
            region_id=body.region_id,
            target_unit_id=body.target_unit_id,
            source=body.source,
        ),
    )
    decision = answer.decision
    user_names = await names(uow.session, users, [decision.user_id])
    queue_names = await names(uow.session, queues, [decision.queue_id])
    rule_name = next((s.rule_name for s in decision.steps if s.rule_id == decision.rule_id), None)
    return RoutingTestOut(
        routing=RoutingOut.model_validate(decision.explanation()),
        region_id=answer.region_id,
        region_name=answer.region_name,
        target_unit_id=answer.target_unit_id,
        user_name=user_names.get(decision.user_id) if decision.user_id else None,
        queue_name=queue_names.get(decision.queue_id) if decision.queue_id else None,
        rule_name=rule_name,
    )


@router.get("/lead-routing-rules/{rule_id}", response_model=RuleOut, responses=NOT_FOUND)
async def get_rule(
    rule_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> RuleOut:
    rule = await setup.get_rule(uow, principal, rule_id)
    set_etag(response, rule.version)
    return rule_out(rule)


@router.patch("/lead-routing-rules/{rule_id}", response_model=RuleOut, responses=PATCH_RESPONSES)
async def update_rule(
    rule_id: UUID,
    body: RuleUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> RuleOut:
    rule = await setup.update_rule(uow, c, principal, rule_id, body.domain_changes(), version)
    set_etag(response, rule.version)
    return rule_out(rule)


@router.get(
    "/lead-routing-rules/{rule_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Who changed the rule, newest first",
)
async def rule_history(
    rule_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await setup.get_rule(uow, principal, rule_id)
    return await history_page(uow, leads.ROUTING_RULE, rule_id, limit, cursor)


# ------------------------------------------------------------------ SLA policies


@router.get(
    "/lead-sla-policies", response_model=ListResponse[PolicyOut], summary="List SLA policies"
)
async def list_policies(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[PolicyOut]:
    """Per business unit, per product, or both; the most specific active one wins (unit +
    product > product > unit > the default from the settings)."""
    page = page_request(limit, cursor, "created_at", tuple(queries.POLICY_SORTS))
    result = await queries.list_policies(uow.session, principal, page)
    return ListResponse(
        items=[PolicyOut.model_validate(p) for p in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "/lead-sla-policies",
    status_code=201,
    response_model=PolicyOut,
    summary="Create an SLA policy",
    responses={409: {"description": "A policy for the same unit and product exists"}},
)
async def create_policy(
    body: PolicyCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        policy = await setup.create_policy(
            uow, c, principal, leads.PolicyInput(**body.model_dump())
        )
        return created(request, policy, PolicyOut.model_validate(policy))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/lead-sla-policies/{policy_id}", response_model=PolicyOut, responses=NOT_FOUND)
async def get_policy(
    policy_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> PolicyOut:
    policy = await setup.get_policy(uow, principal, policy_id)
    set_etag(response, policy.version)
    return PolicyOut.model_validate(policy)


@router.patch("/lead-sla-policies/{policy_id}", response_model=PolicyOut, responses=PATCH_RESPONSES)
async def update_policy(
    policy_id: UUID,
    body: PolicyUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> PolicyOut:
    policy = await setup.update_policy(uow, c, principal, policy_id, body.changes(), version)
    set_etag(response, policy.version)
    return PolicyOut.model_validate(policy)


# ------------------------------------------------------------------ web forms


@router.get("/lead-forms", response_model=ListResponse[FormOut], summary="List web forms")
async def list_forms(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["name", "-name", "created_at", "-created_at"] = "name",
    active: bool | None = None,
) -> ListResponse[FormOut]:
    page = page_request(limit, cursor, sort, tuple(queries.FORM_SORTS))
    result = await queries.list_forms(uow.session, principal, page, active)
    return ListResponse(items=[form_out(f) for f in result.items], next_cursor=result.next_cursor)


@router.post(
    "/lead-forms",
    status_code=201,
    response_model=FormOut,
    summary="Create a web form (its token is made for it)",
)
async def create_form(
    body: FormCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        form = await setup.create_form(uow, c, principal, leads.FormInput(**body.domain_values()))
        return created(request, form, form_out(form))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/lead-forms/{form_id}", response_model=FormOut, responses=NOT_FOUND)
async def get_form(
    form_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> FormOut:
    form = await setup.get_form(uow, principal, form_id)
    set_etag(response, form.version)
    return form_out(form)


@router.patch("/lead-forms/{form_id}", response_model=FormOut, responses=PATCH_RESPONSES)
async def update_form(
    form_id: UUID,
    body: FormUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> FormOut:
    form = await setup.update_form(uow, c, principal, form_id, body.domain_changes(), version)
    set_etag(response, form.version)
    return form_out(form)


@router.post(
    "/lead-forms/{form_id}/token-rotation",
    response_model=FormOut,
    responses=PATCH_RESPONSES,
    summary="Give the form a new token (the old public address stops working)",
)
async def rotate_token(
    form_id: UUID,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> FormOut:
    form = await setup.update_form(uow, c, principal, form_id, {}, version, rotate_token=True)
    set_etag(response, form.version)
    return form_out(form)


# ------------------------------------------------------------------ settings and the watch


@router.get("/lead-settings", response_model=LeadSettingsOut, responses=NOT_FOUND)
async def get_settings(response: Response, uow: UowDep, principal: PrincipalDep) -> LeadSettingsOut:
    """The fallback queue of routing and the queue account-creation requests go to."""
    found = await setup.get_settings(uow, principal)
    set_etag(response, found.version)
    return LeadSettingsOut.model_validate(found)


@router.patch("/lead-settings", response_model=LeadSettingsOut, responses=PATCH_RESPONSES)
async def update_settings(
    body: LeadSettingsUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> LeadSettingsOut:
    found = await setup.update_settings(uow, c, principal, body.changes(), version)
    set_etag(response, found.version)
    return LeadSettingsOut.model_validate(found)


class SlaCheckIn(In):
    now: AwareDatetime | None = Field(
        None,
        description="Check as of this moment (default: now). A future moment is for test and "
        "development installations only (422 in production).",
    )


class SlaCheckOut(Out):
    now: datetime
    at_risk: int = Field(description="Leads whose owners were told they are due soon.")
    breached: int = Field(description="Leads whose managers and givers were told of the breach.")


@router.post(
    "/lead-sla-checks",
    response_model=SlaCheckOut,
    summary="Run the SLA watch now (it also runs periodically)",
)
async def run_sla_check(
    body: SlaCheckIn, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> SlaCheckOut:
    """What the periodic job does: each at-risk and each breached lead is told about once, so
    an extra run is harmless. Needs the update privilege on the lead set-up."""
    principal.require_on(leads.LEAD_SETUP, Action.UPDATE, None, None)
    now = c.clock.now()
    at = body.now or now
    if at > now and c.settings.is_production:
        raise ValidationFailed.field("now", "In production the watch runs as of now only.")
    result = await leads.watch_sla(uow, c, at)
    return SlaCheckOut(now=at, at_risk=result.at_risk, breached=result.breached)
