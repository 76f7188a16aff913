"""Read models of sales projects: lists with the names the SPA shows (one query per page),
a project with its stages and contacts, the stage history, the stage work views, the kanban
and the pipeline.

Every query starts from `persistence.scoping.readable()` on `sales_projects`; a stage is
visible exactly when its project is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.sales import (
    SALES_PROJECT,
    ProjectEvent,
    ProjectStage,
    ProjectStatus,
    SalesProject,
    StageStatus,
)
from domain.sales.types import TemplateVersion
from domain.shared import Cursor, Page, PageRequest, Principal, SortKey
from persistence.queries.paging import keyset_ids
from persistence.repositories.sales import (
    event_from_row,
    load_contacts,
    project_from_row,
    stage_from_row,
)
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contacts
from persistence.tables.identity import business_units, team_members, teams, users
from persistence.tables.sales import (
    project_events,
    project_stages,
    project_types,
    sales_projects,
)

SP = sales_projects.c
ST = project_stages.c
# Sorting puts projects and stages without a date last (keyset needs a value).
NO_DATE = date(9999, 12, 31)
OTHER = "other"

PROJECT_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "name": SP.sort_name,
    "updated_at": SP.updated_at,
    "created_at": SP.created_at,
    "expected_decision_date": sa.func.coalesce(
        SP.expected_decision_date, sa.literal(NO_DATE, sa.Date)
    ),
}


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def projects_readable(principal: Principal) -> sa.ColumnElement[bool]:
    return readable(principal, SALES_PROJECT, sales_projects)


def _cents(column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """Euros as whole cents: sums of integers are exact on both databases (SQLite keeps
    NUMERIC as floating point)."""
    return sa.cast(sa.func.round(column * 100), sa.BigInteger)


def _euros(cents: int | None) -> Decimal:
    return (Decimal(int(cents or 0)) / 100).quantize(Decimal("0.01"))


# ------------------------------------------------------------------ projects


@dataclass(frozen=True)
class ProjectFilters:
    q: str | None = None
    status: tuple[str, ...] = ()
    project_type_id: UUID | None = None
    region: str | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None
    account_id: UUID | None = None
    current_stage_key: str | None = None
    # Stalled: open, and no stage completed (nor the project opened) since this day.
    stalled_before: date | None = None
    updated_since: datetime | None = None


def project_conditions(principal: Principal, f: ProjectFilters) -> sa.ColumnElement[bool]:
    conds: list[sa.ColumnElement[bool]] = [projects_readable(principal)]
    for name in ("project_type_id", "region", "owner_id", "business_unit_id", "account_id"):
        value = getattr(f, name)
        if value is not None:
            conds.append(SP[name] == value)
    if f.status:
        conds.append(SP.status.in_(list(f.status)))
    if f.q and f.q.strip():
        conds.append(SP.sort_name.like(_like(f.q.strip().casefold()), escape="\\"))
    if f.current_stage_key is not None:
        conds.append(sa.exists().where(ST.id == SP.current_stage_id, ST.key == f.current_stage_key))
    if f.stalled_before is not None:
        conds.append(SP.status == ProjectStatus.OPEN.value)
        conds.append(sa.func.coalesce(SP.last_progress_on, SP.opened_on) < f.stalled_before)
    if f.updated_since is not None:
        conds.append(SP.updated_at >= f.updated_since)
    return sa.and_(*conds)


@dataclass(frozen=True)
class ProjectView:
    """A project with the names shown next to it and its current stage at a glance."""

    project: SalesProject
    account_name: str | None
    project_type_name: str | None
    owner_name: str | None
    business_unit_name: str | None
    current_stage_key: str | None
    current_stage_name: str | None
    current_stage_status: str | None
    current_stage_is_customer_service: bool | None
    current_stage_responsible_user_id: UUID | None
    current_stage_responsible_user_name: str | None
    current_stage_responsible_team_id: UUID | None
    current_stage_responsible_team_name: str | None
    current_stage_due_date: date | None
    current_stage_started_at: datetime | None


async def load_views(
    session: AsyncSession, ids: Sequence[UUID], *, with_contacts: bool = False
) -> list[ProjectView]:
    """Projects with their display names, in one query (contacts, when asked, in a
    second)."""
    if not ids:
        return []
    owner = users.alias("owner")
    responsible = users.alias("responsible")
    team = teams.alias("responsible_team")
    current = project_stages.alias("current_stage")
    stmt = (
        sa.select(
            sales_projects,
            accounts.c.name.label("v_account_name"),
            project_types.c.name.label("v_project_type_name"),
            owner.c.name.label("v_owner_name"),
            business_units.c.name.label("v_business_unit_name"),
            current.c.key.label("v_current_stage_key"),
            current.c.name.label("v_current_stage_name"),
            current.c.status.label("v_current_stage_status"),
            current.c.is_customer_service.label("v_current_stage_is_customer_service"),
            current.c.responsible_user_id.label("v_current_stage_responsible_user_id"),
            responsible.c.name.label("v_current_stage_responsible_user_name"),
            current.c.responsible_team_id.label("v_current_stage_responsible_team_id"),
            team.c.name.label("v_current_stage_responsible_team_name"),
            current.c.due_date.label("v_current_stage_due_date"),
            current.c.started_at.label("v_current_stage_started_at"),
        )
        .select_from(
            sales_projects.outerjoin(accounts, accounts.c.id == SP.account_id)
            .outerjoin(project_types, project_types.c.id == SP.project_type_id)
            .outerjoin(owner, owner.c.id == SP.owner_id)
            .outerjoin(business_units, business_units.c.id == SP.business_unit_id)
            .outerjoin(current, current.c.id == SP.current_stage_id)
            .outerjoin(responsible, responsible.c.id == current.c.responsible_user_id)
            .outerjoin(team, team.c.id == current.c.responsible_team_id)
        )
        .where(SP.id.in_(list(ids)))
    )
    rows = (await session.execute(stmt)).mappings().all()
    links = await load_contacts(session, [r["id"] for r in rows]) if with_contacts else {}
    found: dict[UUID, ProjectView] = {}
    for row in rows:
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        extra = {k[2:]: v for k, v in row.items() if k.startswith("v_")}
        project = project_from_row(base, links.get(row["id"], ()))
        found[row["id"]] = ProjectView(project, **extra)
    return [found[i] for i in ids if i in found]


async def list_projects(
    session: AsyncSession, principal: Principal, filters: ProjectFilters, page: PageRequest
) -> Page[ProjectView]:
    ids, next_cursor = await keyset_ids(
        session,
        sales_projects,
        project_conditions(principal, filters),
        page,
        PROJECT_SORTS,
        filter_first=bool(filters.q and filters.q.strip()),
    )
    return Page(await load_views(session, ids), next_cursor)


# ------------------------------------------------------------------ one project in full


@dataclass(frozen=True)
class StageView:
    stage: ProjectStage
    responsible_user_name: str | None
    responsible_team_name: str | None


@dataclass(frozen=True)
class ContactView:
    contact_id: UUID
    role: str | None
    name: str | None


@dataclass(frozen=True)
class ProjectDetail:
    view: ProjectView
    stages: list[StageView]
    contacts: list[ContactView]


async def stage_views(session: AsyncSession, project_id: UUID) -> list[StageView]:
    responsible = users.alias("responsible")
    rows = await session.execute(
        sa.select(
            project_stages,
            responsible.c.name.label("v_responsible_user_name"),
            teams.c.name.label("v_responsible_team_name"),
        )
        .select_from(
            project_stages.outerjoin(
                responsible, responsible.c.id == ST.responsible_user_id
            ).outerjoin(teams, teams.c.id == ST.responsible_team_id)
        )
        .where(ST.project_id == project_id)
        .order_by(ST.position, ST.id)
    )
    out = []
    for row in rows.mappings():
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        out.append(
            StageView(
                stage_from_row(base),
                row["v_responsible_user_name"],
                row["v_responsible_team_name"],
            )
        )
    return out


async def project_detail(session: AsyncSession, project_id: UUID) -> ProjectDetail:
    """One project the caller has already been shown (scope checked by the use case)."""
    view = (await load_views(session, [project_id], with_contacts=True))[0]
    names: dict[UUID, str] = {}
    contact_ids = [c.contact_id for c in view.project.contacts]
    if contact_ids:
        rows = await session.execute(
            sa.select(contacts.c.id, contacts.c.first_name, contacts.c.last_name).where(
                contacts.c.id.in_(contact_ids)
            )
        )
        names = {r.id: f"{r.first_name} {r.last_name}" for r in rows}
    return ProjectDetail(
        view,
        await stage_views(session, project_id),
        [ContactView(c.contact_id, c.role, names.get(c.contact_id)) for c in view.project.contacts],
    )


# ------------------------------------------------------------------ the stage history

EVENT_SORTS = {"at": project_events.c.at}


@dataclass(frozen=True)
class EventView:
    event: ProjectEvent
    by_name: str | None
    stage_key: str | None
    stage_name: str | None


async def list_events(
    session: AsyncSession, project_id: UUID, page: PageRequest
) -> Page[EventView]:
    """Newest first. The caller has already been shown the project."""
    e = project_events.c
    ids, next_cursor = await keyset_ids(
        session, project_events, e.project_id == project_id, page, EVENT_SORTS
    )
    if not ids:
        return Page([], next_cursor)
    rows = await session.execute(
        sa.select(
            project_events,
            users.c.name.label("v_by_name"),
            project_stages.c.key.label("v_stage_key"),
            project_stages.c.name.label("v_stage_name"),
        )
        .select_from(
            project_events.outerjoin(users, users.c.id == e.by_id).outerjoin(
                project_stages, project_stages.c.id == e.stage_id
            )
        )
        .where(e.id.in_(ids))
    )
    found = {}
    for row in rows.mappings():
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        found[row["id"]] = EventView(
            event_from_row(base), row["v_by_name"], row["v_stage_key"], row["v_stage_name"]
        )
    return Page([found[i] for i in ids if i in found], next_cursor)


# ------------------------------------------------------------------ stage work views

StageViewName = Literal["mine", "customer_service_not_started", "overdue"]
STAGE_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "due_date": sa.func.coalesce(ST.due_date, sa.literal(NO_DATE, sa.Date)),
    "started_at": ST.started_at,
}


@dataclass(frozen=True)
class StageRow:
    """A current stage in a work list, with its project's names."""

    stage: ProjectStage
    responsible_user_name: str | None
    responsible_team_name: str | None
    project_id: UUID
    project_name: str
    project_version: int
    project_type_id: UUID
    project_type_name: str | None
    account_id: UUID
    account_name: str | None
    owner_id: UUID
    owner_name: str | None
    region: str | None


def stage_view_conditions(
    principal: Principal, view: StageViewName, today: date
) -> sa.ColumnElement[bool]:
    """Current stages of open projects the caller may read, narrowed by the view:

    - mine: the caller is responsible (themselves, or one of their teams);
    - customer_service_not_started: customer-service stages waiting to be done (current,
      not started or in progress);
    - overdue: due before today."""
    current = sa.select(SP.current_stage_id).where(
        projects_readable(principal),
        SP.status == ProjectStatus.OPEN.value,
        SP.current_stage_id.is_not(None),
    )
    conds: list[sa.ColumnElement[bool]] = [ST.id.in_(current)]
    if view == "mine":
        my_teams = sa.select(team_members.c.team_id).where(
            team_members.c.user_id == principal.user_id
        )
        conds.append(
            sa.or_(
                ST.responsible_user_id == principal.user_id,
                ST.responsible_team_id.in_(my_teams),
            )
        )
    elif view == "customer_service_not_started":
        conds.append(ST.is_customer_service.is_(True))
        conds.append(ST.status.in_([StageStatus.NOT_STARTED.value, StageStatus.IN_PROGRESS.value]))
    else:
        conds.append(ST.due_date < today)
    return sa.and_(*conds)


async def stage_rows(session: AsyncSession, ids: Sequence[UUID]) -> list[StageRow]:
    if not ids:
        return []
    responsible = users.alias("responsible")
    owner = users.alias("owner")
    rows = await session.execute(
        sa.select(
            project_stages,
            responsible.c.name.label("v_responsible_user_name"),
            teams.c.name.label("v_responsible_team_name"),
            SP.name.label("v_project_name"),
            SP.version.label("v_project_version"),
            SP.project_type_id.label("v_project_type_id"),
            project_types.c.name.label("v_project_type_name"),
            SP.account_id.label("v_account_id"),
            accounts.c.name.label("v_account_name"),
            SP.owner_id.label("v_owner_id"),
            owner.c.name.label("v_owner_name"),
            SP.region.label("v_region"),
        )
        .select_from(
            project_stages.join(sales_projects, SP.id == ST.project_id)
            .outerjoin(responsible, responsible.c.id == ST.responsible_user_id)
            .outerjoin(teams, teams.c.id == ST.responsible_team_id)
            .outerjoin(project_types, project_types.c.id == SP.project_type_id)
            .outerjoin(accounts, accounts.c.id == SP.account_id)
            .outerjoin(owner, owner.c.id == SP.owner_id)
        )
        .where(ST.id.in_(list(ids)))
    )
    found = {}
    for row in rows.mappings():
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        extra = {k[2:]: v for k, v in row.items() if k.startswith("v_")}
        found[row["id"]] = StageRow(
            stage=stage_from_row(base), project_id=row["project_id"], **extra
        )
    return [found[i] for i in ids if i in found]


async def list_stage_view(
    session: AsyncSession,
    principal: Principal,
    view: StageViewName,
    today: date,
    page: PageRequest,
) -> Page[StageRow]:
    ids, next_cursor = await keyset_ids(
        session, project_stages, stage_view_conditions(principal, view, today), page, STAGE_SORTS
    )
    return Page(await stage_rows(session, ids), next_cursor)


# ------------------------------------------------------------------ kanban

KANBAN_SORT = SortKey("name")
KANBAN_SORTS = {"name": SP.sort_name}


@dataclass(frozen=True)
class KanbanFilters:
    project_type_id: UUID
    region: str | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None


@dataclass
class KanbanColumn:
    key: str
    name: str | None
    name_en: str | None
    name_sv: str | None
    position: int | None
    is_customer_service: bool
    count: int = 0
    value_sum: Decimal = Decimal("0.00")
    cards: list[ProjectView] = field(default_factory=list)
    next_cursor: str | None = None


def _kanban_base(principal: Principal, f: KanbanFilters) -> list[sa.ColumnElement[bool]]:
    conds: list[sa.ColumnElement[bool]] = [
        projects_readable(principal),
        SP.project_type_id == f.project_type_id,
        SP.status == ProjectStatus.OPEN.value,
    ]
    for name in ("region", "owner_id", "business_unit_id"):
        value = getattr(f, name)
        if value is not None:
            conds.append(SP[name] == value)
    return conds


def _column_key(keys: Sequence[str]) -> sa.ColumnElement[str]:
    """A project's column: its current stage's key when the template version has it, else
    "other" (extra stages, stages of older versions, no current stage left)."""
    if not keys:
        return sa.literal(OTHER, sa.String)
    return sa.case((ST.key.in_(list(keys)), ST.key), else_=sa.literal(OTHER, sa.String))


def _with_current_stage(stmt: Any) -> Any:
    return stmt.select_from(sales_projects.outerjoin(project_stages, ST.id == SP.current_stage_id))


async def kanban(
    session: AsyncSession,
    principal: Principal,
    f: KanbanFilters,
    template: TemplateVersion | None,
    limit_per_column: int,
) -> list[KanbanColumn]:
    """A column per stage of the type's current version, plus "other": each with its count,
    the sum of its estimated values and its first cards by name."""
    stages = sorted(template.stages, key=lambda s: s.position) if template else []
    keys = [s.key for s in stages]
    columns = {
        s.key: KanbanColumn(s.key, s.name, s.name_en, s.name_sv, s.position, s.is_customer_service)
        for s in stages
    }
    columns[OTHER] = KanbanColumn(OTHER, None, None, None, None, False)
    column = _column_key(keys).label("column_key")
    conds = _kanban_base(principal, f)
    # Grouped by the plain stage key (no parameters in GROUP BY), folded into columns here.
    totals = await session.execute(
        _with_current_stage(
            sa.select(ST.key, sa.func.count(), sa.func.sum(_cents(SP.estimated_value)))
        )
        .where(*conds)
        .group_by(ST.key)
    )
    sums: dict[str, int] = defaultdict(int)
    for stage_key, count, cents in totals:
        key = stage_key if stage_key in columns and stage_key != OTHER else OTHER
        columns[key].count += int(count)
        sums[key] += int(cents or 0)
    for key, cents_sum in sums.items():
        columns[key].value_sum = _euros(cents_sum)
    ranked = _with_current_stage(
        sa.select(
            SP.id.label("id"),
            SP.sort_name.label("sort_name"),
            column,
            sa.func.row_number()
            .over(partition_by=column, order_by=(SP.sort_name, SP.id))
            .label("rank"),
        )
    ).where(*conds)
    first = ranked.subquery("ranked")
    rows = (
        await session.execute(
            sa.select(first.c.id, first.c.sort_name, first.c.column_key)
            .where(first.c.rank <= limit_per_column + 1)
            .order_by(first.c.column_key, first.c.rank)
        )
    ).all()
    by_column: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_column[row.column_key].append(row)
    views = {v.project.id: v for v in await load_views(session, [r.id for r in rows])}
    for key, found in by_column.items():
        shown = found[:limit_per_column]
        columns[key].cards = [views[r.id] for r in shown if r.id in views]
        if len(found) > limit_per_column:
            last = shown[-1]
            columns[key].next_cursor = Cursor(str(KANBAN_SORT), last.sort_name, last.id).encode()
    return [columns[k] for k in [*keys, OTHER]]


async def kanban_column(
    session: AsyncSession,
    principal: Principal,
    f: KanbanFilters,
    template: TemplateVersion | None,
    stage_key: str,
    page: PageRequest,
) -> Page[ProjectView]:
    """One kanban column's cards by name, a page at a time (the cursor of the kanban's
    column continues here)."""
    keys = [s.key for s in template.stages] if template else []
    current_key = sa.select(ST.key).where(ST.id == SP.current_stage_id).scalar_subquery()
    if stage_key == OTHER:
        in_column: sa.ColumnElement[bool] = sa.or_(
            SP.current_stage_id.is_(None),
            current_key.not_in(keys) if keys else sa.true(),
        )
    elif stage_key in keys:
        in_column = current_key == stage_key
    else:
        return Page([], None)
    ids, next_cursor = await keyset_ids(
        session,
        sales_projects,
        sa.and_(*_kanban_base(principal, f), in_column),
        page,
        KANBAN_SORTS,
    )
    return Page(await load_views(session, ids), next_cursor)


# ------------------------------------------------------------------ pipeline

PipelineGroup = Literal["month", "type", "region"]


@dataclass
class PipelineRow:
    key: str | None  # "2026-05", a project type id, a region; None: not set
    label: str | None
    count: int = 0
    value_cents: int = 0
    # Σ cents × probability %: the weighted value × 10,000, kept exact until shown.
    weighted_hundredths: int = 0

    @property
    def value_sum(self) -> Decimal:
        return _euros(self.value_cents)

    @property
    def weighted_value(self) -> Decimal:
        """Rounded once, half up, to cents."""
        exact = Decimal(self.weighted_hundredths) / 10000
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PipelineFilters:
    decided_from: date | None = None  # expected decision date, inclusive
    decided_to: date | None = None  # inclusive
    project_type_id: UUID | None = None
    region: str | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None


async def pipeline(
    session: AsyncSession, principal: Principal, group_by: PipelineGroup, f: PipelineFilters
) -> list[PipelineRow]:
    """Open projects' estimated value and probability-weighted value, grouped by expected
    decision month, type or region. Sums are exact (whole cents in SQL, Decimal here)."""
    conds: list[sa.ColumnElement[bool]] = [
        projects_readable(principal),
        SP.status == ProjectStatus.OPEN.value,
    ]
    for attr in ("project_type_id", "region", "owner_id", "business_unit_id"):
        value = getattr(f, attr)
        if value is not None:
            conds.append(SP[attr] == value)
    if f.decided_from is not None:
        conds.append(SP.expected_decision_date >= f.decided_from)
    if f.decided_to is not None:
        conds.append(SP.expected_decision_date <= f.decided_to)
    cents = _cents(sa.func.coalesce(SP.estimated_value, 0))
    weighted = cents * sa.func.coalesce(SP.probability, 0)
    group = {
        "month": SP.expected_decision_date,  # by day here, folded into months below
        "type": SP.project_type_id,
        "region": SP.region,
    }[group_by]
    rows = await session.execute(
        sa.select(
            group.label("key"),
            sa.func.count(),
            sa.func.sum(cents),
            sa.func.sum(weighted),
        )
        .where(*conds)
        .group_by(group)
    )
    out: dict[str | None, PipelineRow] = {}
    for key, count, value_cents, weighted_hundredths in rows:
        label: str | None
        if key is None:
            label = None
        elif group_by == "month":
            label = key.strftime("%Y-%m")
        else:
            label = str(key)
        row = out.setdefault(label, PipelineRow(label, label))
        row.count += int(count)
        row.value_cents += int(value_cents or 0)
        row.weighted_hundredths += int(weighted_hundredths or 0)
    if group_by == "type" and out:
        names = dict(
            (
                await session.execute(
                    sa.select(project_types.c.id, project_types.c.name).where(
                        project_types.c.id.in_([UUID(k) for k in out if k is not None])
                    )
                )
            ).all()
        )
        for row in out.values():
            row.label = names.get(UUID(row.key)) if row.key else None
    return sorted(out.values(), key=lambda r: (r.key is None, r.label or "", r.key or ""))
