"""Repositories for sales projects: the projects with their contacts, their stages, the
append-only stage history, and the little they read about customers, colleagues and the
project types' templates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.sales import (
    ChecklistItem,
    Colleague,
    EventKind,
    ProjectContact,
    ProjectEvent,
    ProjectStage,
    ProjectStatus,
    RecordRef,
    SalesProject,
    StageStatus,
    TeamRef,
    TypeRef,
    sort_name,
)
from domain.sales.types import TemplateVersion
from domain.shared import NotFound
from persistence.repositories.base import versioned_update
from persistence.repositories.directory import business_unit_exists, contact_row, user_row
from persistence.repositories.project_types import find_version, load_current_version
from persistence.tables.accounts import accounts
from persistence.tables.identity import team_members, teams
from persistence.tables.sales import (
    project_events,
    project_stages,
    project_types,
    sales_project_contacts,
    sales_projects,
)

# ------------------------------------------------------------------ projects


def project_row(project: SalesProject) -> dict[str, Any]:
    values = {
        c.name: getattr(project, c.name) for c in sales_projects.columns if hasattr(project, c.name)
    }
    values["status"] = project.status.value
    values["sort_name"] = sort_name(project.name)
    return values


def project_from_row(row: Any, links: Iterable[ProjectContact] = ()) -> SalesProject:
    values = {k: v for k, v in row.items() if k != "sort_name"}
    values["status"] = ProjectStatus(values["status"])
    return SalesProject(**values, contacts=tuple(links))


async def load_contacts(
    session: AsyncSession, project_ids: list[UUID]
) -> dict[UUID, list[ProjectContact]]:
    found: dict[UUID, list[ProjectContact]] = {i: [] for i in project_ids}
    if not project_ids:
        return found
    rows = await session.execute(
        sa.select(sales_project_contacts)
        .where(sales_project_contacts.c.project_id.in_(project_ids))
        .order_by(sales_project_contacts.c.project_id, sales_project_contacts.c.contact_id)
    )
    for r in rows:
        found[r.project_id].append(ProjectContact(r.contact_id, r.role))
    return found


class SqlSalesProjects:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, project_id: UUID) -> SalesProject | None:
        row = (
            (
                await self.session.execute(
                    sa.select(sales_projects).where(sales_projects.c.id == project_id)
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        links = await load_contacts(self.session, [project_id])
        return project_from_row(row, links[project_id])

    async def _set_contacts(self, project: SalesProject) -> None:
        await self.session.execute(
            sa.delete(sales_project_contacts).where(
                sales_project_contacts.c.project_id == project.id
            )
        )
        if project.contacts:
            await self.session.execute(
                sa.insert(sales_project_contacts),
                [
                    {"project_id": project.id, "contact_id": c.contact_id, "role": c.role}
                    for c in project.contacts
                ],
            )

    async def add(self, project: SalesProject) -> None:
        await self.session.execute(sa.insert(sales_projects).values(**project_row(project)))
        await self._set_contacts(project)

    async def update(self, project: SalesProject, expected_version: int) -> None:
        await versioned_update(
            self.session,
            sales_projects,
            "sales_project",
            project.id,
            expected_version,
            project_row(project),
        )
        await self._set_contacts(project)


# ------------------------------------------------------------------ stages and history


def stage_row(stage: ProjectStage) -> dict[str, Any]:
    values = {
        c.name: getattr(stage, c.name) for c in project_stages.columns if hasattr(stage, c.name)
    }
    values["status"] = stage.status.value
    values["checklist"] = [{"item": c.item, "done": c.done} for c in stage.checklist]
    return values


def stage_from_row(row: Any) -> ProjectStage:
    values = dict(row)
    values["status"] = StageStatus(values["status"])
    values["checklist"] = tuple(
        ChecklistItem(str(c["item"]), bool(c.get("done", False)))
        for c in values.get("checklist") or ()
    )
    return ProjectStage(**values)


class SqlProjectStages:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_project(self, project_id: UUID) -> list[ProjectStage]:
        rows = await self.session.execute(
            sa.select(project_stages)
            .where(project_stages.c.project_id == project_id)
            .order_by(project_stages.c.position, project_stages.c.id)
        )
        return [stage_from_row(r) for r in rows.mappings()]

    async def add(self, stage: ProjectStage) -> None:
        await self.session.execute(sa.insert(project_stages).values(**stage_row(stage)))

    async def update(self, stage: ProjectStage) -> None:
        """The use case holds the project's version: the project row is the lock."""
        await self.session.execute(
            sa.update(project_stages)
            .where(project_stages.c.id == stage.id)
            .values(**stage_row(stage))
        )


def event_row(event: ProjectEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "project_id": event.project_id,
        "stage_id": event.stage_id,
        "kind": event.kind.value,
        "happened_on": event.happened_on,
        "at": event.at,
        "by_id": event.by_id,
        "data": dict(event.data) if event.data is not None else None,
    }


def event_from_row(row: Any) -> ProjectEvent:
    return ProjectEvent(**{**row, "kind": EventKind(row["kind"])})


class SqlProjectLog:
    """Append-only: there is no update or delete."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def append(self, event: ProjectEvent) -> None:
        await self.session.execute(sa.insert(project_events).values(**event_row(event)))

    async def last_reopened_on(self, project_id: UUID) -> date | None:
        value = await self.session.scalar(
            sa.select(sa.func.max(project_events.c.happened_on)).where(
                project_events.c.project_id == project_id, project_events.c.kind == "reopened"
            )
        )
        return value if isinstance(value, date) or value is None else date.fromisoformat(value)


# ------------------------------------------------------------------ directories


class SqlSalesCustomers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def account(self, account_id: UUID) -> RecordRef | None:
        row = (
            await self.session.execute(
                sa.select(
                    accounts.c.id,
                    accounts.c.name,
                    accounts.c.owner_id,
                    accounts.c.business_unit_id,
                    accounts.c.region,
                    accounts.c.passive_since,
                    accounts.c.passive_reason,
                ).where(accounts.c.id == account_id)
            )
        ).first()
        if row is None:
            return None
        return RecordRef(
            row.id,
            row.name,
            row.owner_id,
            row.business_unit_id,
            row.region,
            passive_since=row.passive_since,
            passive_reason=row.passive_reason,
        )

    async def contact(self, contact_id: UUID) -> RecordRef | None:
        found = await contact_row(self.session, contact_id)
        if found is None:
            return None
        return RecordRef(
            found.id,
            found.name,
            found.owner_id,
            found.business_unit_id,
            account_ids=found.account_ids,
        )


class SqlTemplateSource:
    """Project types and template versions, as the types context stores them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def project_type(self, project_type_id: UUID) -> TypeRef | None:
        row = (
            await self.session.execute(
                sa.select(
                    project_types.c.id, project_types.c.name, project_types.c.is_active
                ).where(project_types.c.id == project_type_id)
            )
        ).first()
        return TypeRef(row.id, row.name, row.is_active) if row else None

    async def current_version(self, project_type_id: UUID) -> TemplateVersion | None:
        try:
            return await load_current_version(self.session, project_type_id)
        except NotFound:
            return None

    async def version(self, version_id: UUID) -> TemplateVersion | None:
        return await find_version(self.session, version_id)


class SqlSalesPeople:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def colleague(self, user_id: UUID) -> Colleague | None:
        found = await user_row(self.session, user_id)
        return (
            Colleague(found.id, found.name, found.business_unit_id, found.is_active)
            if found
            else None
        )

    async def team(self, team_id: UUID) -> TeamRef | None:
        name = await self.session.scalar(sa.select(teams.c.name).where(teams.c.id == team_id))
        if name is None:
            return None
        members = await self.session.scalars(
            sa.select(team_members.c.user_id).where(team_members.c.team_id == team_id)
        )
        return TeamRef(team_id, name, frozenset(members))

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        return await business_unit_exists(self.session, unit_id)
