"""/care-plans: care plans (hoitosuunnitelmat) with their versions and approval,
/care-plans/compliance (+ .csv / .xlsx), /care-plan-runs (run the generation job as of a
moment) and /accounts/{id}/care-plan (the plan that applies and its next touches)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal
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
from api.exports import ExportTable, export, file_responses
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.schemas.careplans import (
    AccountClass,
    AccountPlanOut,
    ApprovalIn,
    CareFiguresOut,
    CarePlanVersionOut,
    ComplianceOut,
    ComplianceRowOut,
    NextTouchOut,
    NoContactOut,
    PlanCreate,
    PlanOut,
    PlanUpdate,
    RunIn,
    RunOut,
    TouchIn,
    TouchOut,
)
from domain import careplans
from domain.accounts import services as account_services
from domain.careplans import CARE_PLAN, CarePlan, CarePlanVersion, Touch
from domain.careplans.compliance import Figures, GroupBy, compliance, without_contact
from domain.careplans.generation import applying_plan
from domain.careplans.model import office_date, shortest_interval_days
from domain.careplans.ports import TargetAccount
from domain.shared import Action, Principal, ValidationFailed
from persistence.queries import careplans as queries
from persistence.repositories.careplans import account_groups
from persistence.uow import SqlUnitOfWork

router = APIRouter(tags=["care plans"])

PlanSort = Literal["name", "-name", "updated_at", "-updated_at", "created_at", "-created_at"]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such care plan"}}
STALE: dict[int | str, dict[str, Any]] = {
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}


def _touch_out(t: Touch) -> TouchOut:
    return TouchOut(
        id=t.id,
        activity_type_id=t.activity_type_id,
        channel=t.channel,
        frequency=t.frequency,
        months=list(t.months),
        responsible=t.responsible,
        responsible_role_id=t.responsible_role_id,
        responsible_user_id=t.responsible_user_id,
        description=t.description,
        interval_days=t.interval_days(),
    )


def _version_out(v: CarePlanVersion) -> CarePlanVersionOut:
    return CarePlanVersionOut(
        id=v.id,
        number=v.number,
        status=v.status.value,
        note=v.note,
        touches=[_touch_out(t) for t in v.touches],
        created_by=v.created_by,
        created_at=v.created_at,
        approved_by=v.approved_by,
        approved_at=v.approved_at,
    )


def plan_out(plan: CarePlan) -> PlanOut:
    current, latest = plan.current, plan.latest
    if latest is None:  # every plan has a first version
        raise LookupError(plan.id)
    return PlanOut(
        id=plan.id,
        created_at=plan.created_at,
        updated_at=plan.updated_at,
        version=plan.version,
        name=plan.name,
        description=plan.description,
        account_class=plan.account_class,
        classification_id=plan.classification_id,
        business_unit_id=plan.business_unit_id,
        is_active=plan.is_active,
        active_version=plan.active_version,
        latest_version=plan.latest_version,
        shortest_interval_days=shortest_interval_days(current.touches) if current else None,
        current=_version_out(current) if current else None,
        latest=_version_out(latest),
    )


def _touches(c: Container, touches: list[TouchIn]) -> list[Touch]:
    return [t.touch(c.ids.new_id()) for t in touches]


@router.get("/care-plans", response_model=ListResponse[PlanOut], summary="List care plans")
async def list_plans(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: PlanSort = "name",
    account_class: AccountClass | None = None,
    business_unit_id: UUID | None = None,
    active: bool | None = None,
    approved: bool | None = Query(None, description="Has a version in force."),
    q: str | None = Query(None, max_length=100),
) -> ListResponse[PlanOut]:
    page = page_request(limit, cursor, sort, tuple(queries.PLAN_SORTS))
    result = await queries.list_plans(
        uow.session,
        principal,
        queries.PlanFilters(account_class, business_unit_id, active, approved, q),
        page,
    )
    return ListResponse(items=[plan_out(p) for p in result.items], next_cursor=result.next_cursor)


@router.post(
    "/care-plans",
    status_code=201,
    response_model=PlanOut,
    summary="Create a care plan (its first version is a draft until approved)",
)
async def create_plan(
    body: PlanCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        plan = await careplans.plans.create_plan(
            uow,
            c,
            principal,
            careplans.plans.PlanInput(
                name=body.name,
                description=body.description,
                account_class=body.account_class,
                classification_id=body.classification_id,
                business_unit_id=body.business_unit_id,
                is_active=body.is_active,
                touches=_touches(c, body.touches),
                note=body.note,
            ),
        )
        return created(request, plan, plan_out(plan))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/care-plans/compliance",
    response_model=ComplianceOut,
    summary="Care-plan compliance: due, on time, late, missed; accounts without contact",
)
async def get_compliance(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    group_by: GroupBy = GroupBy.MONTH,
    start: Annotated[
        date | None, Query(alias="from", description="Default: 1st of the month 5 months ago.")
    ] = None,
    end: Annotated[
        date | None, Query(alias="to", description="Default: end of next month.")
    ] = None,
    business_unit_id: UUID | None = None,
    account_manager_id: UUID | None = None,
    account_id: UUID | None = None,
    account_class: AccountClass | None = None,
    plan_id: UUID | None = None,
) -> ComplianceOut:
    return await _compliance(
        c,
        uow,
        principal,
        Action.READ,
        group_by,
        start,
        end,
        business_unit_id,
        account_manager_id,
        account_id,
        account_class,
        plan_id,
    )


def _default_period(c: Container, start: date | None, end: date | None) -> tuple[date, date]:
    today = office_date(c.clock.now())
    month = today.month - 5
    year = today.year + (month - 1) // 12
    first = start or date(year, (month - 1) % 12 + 1, 1)
    nxt = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    last = end or (date(nxt.year + nxt.month // 12, nxt.month % 12 + 1, 1) - timedelta(days=1))
    if first > last:
        raise ValidationFailed.field("from", "The period starts after it ends.")
    if (last - first).days > 3700:
        raise ValidationFailed.field("to", "The period is at most ten years.")
    return first, last


def _figures(f: Figures) -> dict[str, Any]:
    return {
        "planned": f.planned,
        "due": f.due,
        "on_time": f.on_time,
        "late": f.late,
        "missed": f.missed,
        "open": f.open,
        "rate": f.rate,
    }


async def _compliance(
    c: Container,
    uow: SqlUnitOfWork,
    principal: Principal,
    action: Action,
    group_by: GroupBy,
    start: date | None,
    end: date | None,
    business_unit_id: UUID | None,
    account_manager_id: UUID | None,
    account_id: UUID | None,
    account_class: str | None,
    plan_id: UUID | None,
) -> ComplianceOut:
    principal.require("account", Action.READ)
    principal.require("activity", Action.READ)
    if action is not Action.READ:
        principal.require("account", action)
    first, last = _default_period(c, start, end)
    f = queries.ComplianceFilters(
        first, last, business_unit_id, account_manager_id, account_id, account_class, plan_id
    )
    now = c.clock.now()
    rows = await queries.touch_rows(uow.session, principal, f)
    groups, total = compliance(rows, group_by, office_date(now), c.settings.care_plan_grace_days)
    plans = [
        (p, shortest_interval_days(p.current.touches) or 0)
        for p in await uow.care_plans.in_force()
        if p.current is not None
        and p.account_class is not None
        and (plan_id is None or p.id == plan_id)
    ]
    contact = await queries.contact_rows(uow.session, principal, f, plans)
    return ComplianceOut(
        start=first,
        end=last,
        group_by=group_by.value,
        rows=[ComplianceRowOut(key=g.key, label=g.label, **_figures(g.figures)) for g in groups],
        total=CareFiguresOut(**_figures(total)),
        no_contact=[
            NoContactOut(
                account_id=r.account_id,
                account_name=r.account_name,
                account_manager_id=r.account_manager_id,
                account_manager_name=r.account_manager_name,
                plan_id=r.plan_id,
                plan_name=r.plan_name,
                allowed_days=r.allowed_days,
                last_contact_at=r.last_contact_at,
                days_since=days,
            )
            for r, days in without_contact(contact, now)
        ],
    )


HEADERS_FI = [
    "Ryhmä",
    "Suunniteltu",
    "Erääntynyt",
    "Ajallaan",
    "Myöhässä",
    "Laiminlyöty",
    "Avoinna",
    "Ajallaan %",
]


async def _file(
    c: Container,
    uow: SqlUnitOfWork,
    principal: Principal,
    fmt: str,
    group_by: GroupBy,
    start: date | None,
    end: date | None,
    business_unit_id: UUID | None,
    account_manager_id: UUID | None,
    account_id: UUID | None,
    account_class: str | None,
    plan_id: UUID | None,
) -> Response:
    report = await _compliance(
        c,
        uow,
        principal,
        Action.EXPORT,
        group_by,
        start,
        end,
        business_unit_id,
        account_manager_id,
        account_id,
        account_class,
        plan_id,
    )

    def line(label: str, f: CareFiguresOut) -> list[Any]:
        return [label, f.planned, f.due, f.on_time, f.late, f.missed, f.open, f.rate]

    rows = [line(r.label or r.key or "–", r) for r in report.rows]
    rows.append(line("Yhteensä", report.total))
    table = ExportTable("Hoitosuunnitelmat", HEADERS_FI, rows, total_rows=1)
    return export(table, fmt, f"hoitosuunnitelmat-{report.start}-{report.end}")


@router.get(
    "/care-plans/compliance.xlsx",
    response_class=Response,
    responses=file_responses("xlsx", "An Excel workbook with one sheet."),
    summary="Care-plan compliance as XLSX (the export privilege on accounts)",
)
async def compliance_xlsx(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    group_by: GroupBy = GroupBy.MONTH,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    business_unit_id: UUID | None = None,
    account_manager_id: UUID | None = None,
    account_id: UUID | None = None,
    account_class: AccountClass | None = None,
    plan_id: UUID | None = None,
) -> Response:
    return await _file(
        c,
        uow,
        principal,
        "xlsx",
        group_by,
        start,
        end,
        business_unit_id,
        account_manager_id,
        account_id,
        account_class,
        plan_id,
    )


@router.get(
    "/care-plans/compliance.csv",
    response_class=Response,
    responses=file_responses("csv", "UTF-8 with a byte order mark, `;` between fields."),
    summary="Care-plan compliance as CSV (the export privilege on accounts)",
)
async def compliance_csv(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    group_by: GroupBy = GroupBy.MONTH,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    business_unit_id: UUID | None = None,
    account_manager_id: UUID | None = None,
    account_id: UUID | None = None,
    account_class: AccountClass | None = None,
    plan_id: UUID | None = None,
) -> Response:
    return await _file(
        c,
        uow,
        principal,
        "csv",
        group_by,
        start,
        end,
        business_unit_id,
        account_manager_id,
        account_id,
        account_class,
        plan_id,
    )


@router.get("/care-plans/{plan_id}", response_model=PlanOut, responses=NOT_FOUND)
async def get_plan(
    plan_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> PlanOut:
    plan = await careplans.plans.get_plan(uow, principal, plan_id)
    set_etag(response, plan.version)
    return plan_out(plan)


@router.patch(
    "/care-plans/{plan_id}",
    response_model=PlanOut,
    responses={**NOT_FOUND, **STALE},
    summary="Edit a care plan (new touches make or replace the draft version)",
)
async def update_plan(
    plan_id: UUID,
    body: PlanUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> PlanOut:
    changes = body.changes()
    touches = changes.pop("touches", None)
    note = changes.pop("note", None)
    plan = await careplans.plans.update_plan(
        uow,
        c,
        principal,
        plan_id,
        changes,
        version,
        touches=_touches(c, body.touches)
        if touches is not None and body.touches is not None
        else None,
        note=note,
    )
    set_etag(response, plan.version)
    return plan_out(plan)


@router.get(
    "/care-plans/{plan_id}/versions",
    response_model=ListResponse[CarePlanVersionOut],
    responses=NOT_FOUND,
    summary="A care plan's versions, newest first",
)
async def list_versions(
    plan_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[CarePlanVersionOut]:
    plan = await careplans.plans.get_plan(uow, principal, plan_id)
    start = int(cursor) if cursor and cursor.isdigit() else 0
    ordered = sorted(plan.versions, key=lambda v: -v.number)
    chunk = ordered[start : start + limit]
    more = start + limit < len(ordered)
    return ListResponse(
        items=[_version_out(v) for v in chunk],
        next_cursor=str(start + limit) if more else None,
    )


@router.post(
    "/care-plans/{plan_id}/approval",
    response_model=PlanOut,
    responses={**NOT_FOUND, **STALE, 409: {"description": "No draft, or another plan in force"}},
    summary="Approve the draft version: it goes in force (A plans: the approve privilege)",
)
async def approve_plan(
    plan_id: UUID,
    body: ApprovalIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> PlanOut:
    plan = await careplans.plans.approve_plan(uow, c, principal, plan_id, version, body.note)
    set_etag(response, plan.version)
    return plan_out(plan)


@router.post(
    "/care-plan-runs",
    response_model=RunOut,
    summary="Run the care-plan generation now (it also runs nightly)",
)
async def run_generation(
    body: RunIn, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> RunOut:
    """What the periodic job does, optionally as of another moment (a moved clock: test and
    development installations). Idempotent. Administrators only."""
    if not principal.is_admin:
        principal.require_on(CARE_PLAN, Action.DELETE, None, None)
    now = c.clock.now()
    at = body.now or now
    if at != now and c.settings.is_production:
        raise ValidationFailed.field("now", "In production the generation runs as of now only.")
    horizon = body.horizon_days or c.settings.care_plan_horizon_days
    result = await careplans.generation.generate(uow, c, at, horizon)
    return RunOut(
        now=at,
        horizon_days=horizon,
        accounts=result.accounts,
        created=result.created,
        cancelled=result.cancelled,
    )


@router.get(
    "/accounts/{account_id}/care-plan",
    response_model=AccountPlanOut,
    responses={404: {"description": "No such account, or not visible to you"}},
    summary="The care plan that applies to an account and its next touches",
)
async def account_care_plan(
    account_id: UUID,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> AccountPlanOut:
    account = await account_services.get_account(uow, principal, account_id)
    cls = account.account_class.value if account.account_class else None
    groups = await account_groups(uow.session, [account.id])
    target = TargetAccount(
        account.id,
        account.name,
        cls,
        account.business_unit_id,
        account.owner_id,
        None,
        groups=groups.get(account.id, frozenset()),
    )
    plan = (
        applying_plan(await uow.care_plans.in_force(), target)
        if account.passive_since is None
        else None
    )
    touches = await queries.next_touches(uow.session, account.id, office_date(c.clock.now()), limit)
    return AccountPlanOut(
        account_id=account.id,
        account_class=cls,
        plan=plan_out(plan) if plan else None,
        next_touches=[NextTouchOut.model_validate(t) for t in touches],
    )
