"""Project types, their versioned stage templates, and the explicit migration of projects
from one template version to another."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.sales.type_services import (
    PROJECT_TYPE,
    SALES_PROJECT,
    ChecklistItem,
    MigratingProject,
    MigratingStage,
    MigrationEvent,
    MigrationPlan,
)
from domain.sales.types import ProjectType, Responsible, StageTemplate, TemplateVersion
from domain.shared import Clock, IdFactory, NotFound, Page, PageRequest, Principal
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.base import versioned_update
from persistence.scoping import readable
from persistence.tables.identity import teams, users
from persistence.tables.sales import (
    project_events,
    project_stages,
    project_type_versions,
    project_types,
    sales_projects,
    stage_template_responsibles,
    stage_templates,
)

# ------------------------------------------------------------------ template versions


async def _load_versions(session: AsyncSession, rows: Sequence[Any]) -> list[TemplateVersion]:
    if not rows:
        return []
    version_ids = [r["id"] for r in rows]
    stage_rows = (
        (
            await session.execute(
                sa.select(stage_templates)
                .where(stage_templates.c.version_id.in_(version_ids))
                .order_by(stage_templates.c.version_id, stage_templates.c.position)
            )
        )
        .mappings()
        .all()
    )
    responsibles: dict[UUID, dict[str, Responsible]] = defaultdict(dict)
    if stage_rows:
        for r in await session.execute(
            sa.select(stage_template_responsibles)
            .where(
                stage_template_responsibles.c.stage_template_id.in_([s["id"] for s in stage_rows])
            )
            .order_by(
                stage_template_responsibles.c.stage_template_id,
                stage_template_responsibles.c.region,
            )
        ):
            responsibles[r.stage_template_id][r.region] = Responsible(r.user_id, r.team_id)
    stages: dict[UUID, list[StageTemplate]] = defaultdict(list)
    for s in stage_rows:
        stages[s["version_id"]].append(
            StageTemplate(
                id=s["id"],
                position=s["position"],
                key=s["key"],
                name=s["name"],
                name_en=s["name_en"],
                name_sv=s["name_sv"],
                default_duration_days=s["default_duration_days"],
                is_customer_service=s["is_customer_service"],
                checklist=tuple(s["checklist"] or ()),
                responsibles=dict(responsibles.get(s["id"], {})),
            )
        )
    return [
        TemplateVersion(
            id=r["id"],
            project_type_id=r["project_type_id"],
            version=r["version"],
            stages=tuple(stages.get(r["id"], ())),
            created_at=r["created_at"],
            created_by=r["created_by"],
            note=r["note"],
        )
        for r in rows
    ]


async def find_version(session: AsyncSession, version_id: UUID) -> TemplateVersion | None:
    rows = (
        (
            await session.execute(
                sa.select(project_type_versions).where(project_type_versions.c.id == version_id)
            )
        )
        .mappings()
        .all()
    )
    found = await _load_versions(session, rows)
    return found[0] if found else None


async def load_version(session: AsyncSession, version_id: UUID) -> TemplateVersion:
    """A template version with its stages (in position order) and their responsibles."""
    version = await find_version(session, version_id)
    if version is None:
        raise NotFound("project_type_version", version_id)
    return version


async def find_version_number(
    session: AsyncSession, project_type_id: UUID, number: int
) -> TemplateVersion | None:
    rows = (
        (
            await session.execute(
                sa.select(project_type_versions).where(
                    project_type_versions.c.project_type_id == project_type_id,
                    project_type_versions.c.version == number,
                )
            )
        )
        .mappings()
        .all()
    )
    found = await _load_versions(session, rows)
    return found[0] if found else None


async def load_current_version(session: AsyncSession, project_type_id: UUID) -> TemplateVersion:
    """The version new projects of this type get (the type's `current_version`)."""
    number = await session.scalar(
        sa.select(project_types.c.current_version).where(project_types.c.id == project_type_id)
    )
    if number is None:
        raise NotFound("project_type", project_type_id)
    version = await find_version_number(session, project_type_id, int(number))
    if version is None:
        raise NotFound("project_type_version", f"{project_type_id} v{number}")
    return version


def _stage_rows(version: TemplateVersion) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    stages = [
        {
            "id": s.id,
            "version_id": version.id,
            "position": s.position,
            "key": s.key,
            "name": s.name,
            "name_en": s.name_en,
            "name_sv": s.name_sv,
            "default_duration_days": s.default_duration_days,
            "is_customer_service": s.is_customer_service,
            "checklist": list(s.checklist),
        }
        for s in version.stages
    ]
    responsibles = [
        {"stage_template_id": s.id, "region": region, "user_id": r.user_id, "team_id": r.team_id}
        for s in version.stages
        for region, r in s.responsibles.items()
    ]
    return stages, responsibles


def _type_row(project_type: ProjectType) -> dict[str, Any]:
    return {c.name: getattr(project_type, c.name) for c in project_types.columns}


async def _types_with_stages(session: AsyncSession, rows: Sequence[Any]) -> list[ProjectType]:
    """Types with their current version's stages (two more queries for any number of types)."""
    if not rows:
        return []
    version_rows = (
        (
            await session.execute(
                sa.select(project_type_versions)
                .join(
                    project_types,
                    sa.and_(
                        project_types.c.id == project_type_versions.c.project_type_id,
                        project_types.c.current_version == project_type_versions.c.version,
                    ),
                )
                .where(project_types.c.id.in_([r["id"] for r in rows]))
            )
        )
        .mappings()
        .all()
    )
    current = {v.project_type_id: v for v in await _load_versions(session, version_rows)}
    return [
        ProjectType(**r, stages=current[r["id"]].stages if r["id"] in current else ()) for r in rows
    ]


async def load_project_types(session: AsyncSession, ids: Sequence[UUID]) -> list[ProjectType]:
    rows = (
        (await session.execute(sa.select(project_types).where(project_types.c.id.in_(ids))))
        .mappings()
        .all()
    )
    return await _types_with_stages(session, rows)


class SqlProjectTypes:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _one(self, condition: sa.ColumnElement[bool]) -> ProjectType | None:
        rows = (
            (await self.session.execute(sa.select(project_types).where(condition))).mappings().all()
        )
        found = await _types_with_stages(self.session, rows)
        return found[0] if found else None

    async def get(self, type_id: UUID) -> ProjectType | None:
        return await self._one(project_types.c.id == type_id)

    async def by_key(self, key: str) -> ProjectType | None:
        return await self._one(project_types.c.key == key)

    async def add(self, project_type: ProjectType) -> None:
        await self.session.execute(sa.insert(project_types).values(**_type_row(project_type)))

    async def update(self, project_type: ProjectType, expected_version: int) -> None:
        values = _type_row(project_type)
        del values["id"], values["key"], values["created_at"]
        await versioned_update(
            self.session,
            project_types,
            "project_type",
            project_type.id,
            expected_version,
            values,
        )

    async def version(self, type_id: UUID, number: int) -> TemplateVersion | None:
        return await find_version_number(self.session, type_id, number)

    async def version_by_id(self, version_id: UUID) -> TemplateVersion | None:
        return await find_version(self.session, version_id)

    async def add_version(self, version: TemplateVersion) -> None:
        await self.session.execute(
            sa.insert(project_type_versions).values(
                id=version.id,
                project_type_id=version.project_type_id,
                version=version.version,
                note=version.note,
                created_at=version.created_at,
                created_by=version.created_by,
            )
        )
        await self._add_stages(version)

    async def _add_stages(self, version: TemplateVersion) -> None:
        stages, responsibles = _stage_rows(version)
        if stages:
            await self.session.execute(sa.insert(stage_templates), stages)
        if responsibles:
            await self.session.execute(sa.insert(stage_template_responsibles), responsibles)

    async def rewrite_version(self, version: TemplateVersion) -> None:
        """Stages keep their ids by key, so nothing that points at a kept stage breaks."""
        old_ids = sa.select(stage_templates.c.id).where(stage_templates.c.version_id == version.id)
        await self.session.execute(
            sa.delete(stage_template_responsibles).where(
                stage_template_responsibles.c.stage_template_id.in_(old_ids)
            )
        )
        existing = set((await self.session.scalars(old_ids)).all())
        wanted = {s.id for s in version.stages}
        gone = existing - wanted
        if gone:
            await self.session.execute(
                sa.delete(stage_templates).where(stage_templates.c.id.in_(sorted(gone)))
            )
        stages, responsibles = _stage_rows(version)
        fresh = [row for row in stages if row["id"] not in existing]
        for row in stages:
            if row["id"] in existing:
                values = {k: v for k, v in row.items() if k not in {"id", "version_id"}}
                await self.session.execute(
                    sa.update(stage_templates)
                    .where(stage_templates.c.id == row["id"])
                    .values(**values)
                )
        if fresh:
            await self.session.execute(sa.insert(stage_templates), fresh)
        if responsibles:
            await self.session.execute(sa.insert(stage_template_responsibles), responsibles)
        await self.session.execute(
            sa.update(project_type_versions)
            .where(project_type_versions.c.id == version.id)
            .values(note=version.note)
        )

    async def version_in_use(self, version_id: UUID) -> bool:
        by_project = sa.exists().where(sales_projects.c.type_version_id == version_id)
        by_stage = sa.exists().where(
            project_stages.c.template_stage_id.in_(
                sa.select(stage_templates.c.id).where(stage_templates.c.version_id == version_id)
            )
        )
        return bool(await self.session.scalar(sa.select(sa.or_(by_project, by_stage))))

    async def active_users(self, user_ids: Iterable[UUID]) -> set[UUID]:
        ids = sorted(set(user_ids))
        if not ids:
            return set()
        found = await self.session.scalars(
            sa.select(users.c.id).where(users.c.id.in_(ids), users.c.is_active.is_(True))
        )
        return set(found.all())

    async def existing_teams(self, team_ids: Iterable[UUID]) -> set[UUID]:
        ids = sorted(set(team_ids))
        if not ids:
            return set()
        found = await self.session.scalars(sa.select(teams.c.id).where(teams.c.id.in_(ids)))
        return set(found.all())


# ------------------------------------------------------------------ migrating projects


def _checklist_items(value: Any) -> tuple[ChecklistItem, ...]:
    items: list[ChecklistItem] = []
    for entry in value or ():
        if isinstance(entry, Mapping):
            items.append(ChecklistItem(str(entry.get("item", "")), bool(entry.get("done"))))
        else:  # tolerate a bare text
            items.append(ChecklistItem(str(entry), False))
    return tuple(items)


STAGE_FIELDS = tuple(f.name for f in fields(MigratingStage))
PROJECT_FIELDS = tuple(f.name for f in fields(MigratingProject) if f.name != "stages")


def _stage_row(stage: MigratingStage) -> dict[str, Any]:
    row = {name: getattr(stage, name) for name in STAGE_FIELDS}
    row["checklist"] = [{"item": c.item, "done": c.done} for c in stage.checklist]
    return row


class SqlProjectMigrations:
    """Reads and writes `sales_projects`, `project_stages` and `project_events` for the
    explicit migration of projects to another template version (row shapes as the tables
    define them; the projects part of the context owns every other write to them)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, project_id: UUID) -> MigratingProject | None:
        row = (
            (
                await self.session.execute(
                    sa.select(*(sales_projects.c[name] for name in PROJECT_FIELDS)).where(
                        sales_projects.c.id == project_id
                    )
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        stage_rows = (
            (
                await self.session.execute(
                    sa.select(*(project_stages.c[name] for name in STAGE_FIELDS))
                    .where(project_stages.c.project_id == project_id)
                    .order_by(project_stages.c.position, project_stages.c.id)
                )
            )
            .mappings()
            .all()
        )
        stages = tuple(
            MigratingStage(**{**s, "checklist": _checklist_items(s["checklist"])})
            for s in stage_rows
        )
        return MigratingProject(**row, stages=stages)

    async def save(
        self, project: MigratingProject, plan: MigrationPlan, expected_version: int
    ) -> None:
        await versioned_update(
            self.session,
            sales_projects,
            "sales_project",
            project.id,
            expected_version,
            {
                "type_version_id": project.type_version_id,
                "updated_at": project.updated_at,
                "version": project.version,
            },
        )
        if plan.dropped:
            await self.session.execute(
                sa.delete(project_stages).where(
                    project_stages.c.project_id == project.id,
                    project_stages.c.id.in_([s.id for s in plan.dropped]),
                )
            )
        fresh = [_stage_row(s) for s in plan.stages if s.id in plan.inserted]
        for stage in plan.stages:
            if stage.id in plan.inserted:
                continue
            values = _stage_row(stage)
            for name in ("id", "project_id", "created_at"):
                del values[name]
            await self.session.execute(
                sa.update(project_stages)
                .where(project_stages.c.id == stage.id, project_stages.c.project_id == project.id)
                .values(**values)
            )
        if fresh:
            await self.session.execute(sa.insert(project_stages), fresh)

    async def add_event(self, event: MigrationEvent) -> None:
        await self.session.execute(
            sa.insert(project_events).values(
                id=event.id,
                project_id=event.project_id,
                stage_id=event.stage_id,
                kind=event.kind,
                happened_on=event.happened_on,
                at=event.at,
                by_id=event.by_id,
                data=dict(event.data),
            )
        )


# ------------------------------------------------------------------ lists


TYPE_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "name": project_types.c.name,
    "key": project_types.c.key,
    "created_at": project_types.c.created_at,
    "updated_at": project_types.c.updated_at,
}
VERSION_SORTS: dict[str, sa.ColumnElement[Any]] = {"version": project_type_versions.c.version}


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def types_readable(principal: Principal) -> sa.ColumnElement[bool]:
    """Organisation-wide set-up: no owner, no unit."""
    return readable(principal, PROJECT_TYPE, project_types, owner_col=None, unit_col=None)


@dataclass(frozen=True)
class TypeFilters:
    active: bool | None = None
    q: str | None = None


async def list_project_types(
    session: AsyncSession, principal: Principal, f: TypeFilters, page: PageRequest
) -> Page[ProjectType]:
    conds: list[sa.ColumnElement[bool]] = [types_readable(principal)]
    if f.active is not None:
        conds.append(project_types.c.is_active == f.active)
    if f.q and f.q.strip():
        text = _like(f.q.strip().casefold())
        conds.append(
            sa.or_(
                *(
                    sa.func.lower(column).like(text, escape="\\")
                    for column in (
                        project_types.c.key,
                        project_types.c.name,
                        project_types.c.name_en,
                        project_types.c.name_sv,
                    )
                )
            )
        )
    ids, next_cursor = await keyset_ids(session, project_types, sa.and_(*conds), page, TYPE_SORTS)
    found = await load_project_types(session, ids) if ids else []
    return Page(in_order(ids, found), next_cursor)


@dataclass(frozen=True)
class VersionSummary:
    id: UUID
    project_type_id: UUID
    version: int
    created_at: datetime
    created_by: UUID | None
    note: str | None
    stage_count: int
    project_count: int  # projects on this version that the caller may read
    is_current: bool


async def list_versions(
    session: AsyncSession, principal: Principal, project_type: ProjectType, page: PageRequest
) -> Page[VersionSummary]:
    where = project_type_versions.c.project_type_id == project_type.id
    ids, next_cursor = await keyset_ids(session, project_type_versions, where, page, VERSION_SORTS)
    if not ids:
        return Page([], next_cursor)
    stage_count = (
        sa.select(sa.func.count())
        .where(stage_templates.c.version_id == project_type_versions.c.id)
        .scalar_subquery()
    )
    project_count = (
        sa.select(sa.func.count())
        .where(
            sales_projects.c.type_version_id == project_type_versions.c.id,
            readable(principal, SALES_PROJECT, sales_projects),
        )
        .scalar_subquery()
    )
    rows = (
        await session.execute(
            sa.select(
                project_type_versions,
                stage_count.label("stage_count"),
                project_count.label("project_count"),
            ).where(project_type_versions.c.id.in_(ids))
        )
    ).mappings()
    found = [
        VersionSummary(
            id=r["id"],
            project_type_id=r["project_type_id"],
            version=r["version"],
            created_at=r["created_at"],
            created_by=r["created_by"],
            note=r["note"],
            stage_count=int(r["stage_count"]),
            project_count=int(r["project_count"]),
            is_current=r["version"] == project_type.current_version,
        )
        for r in rows
    ]
    return Page(in_order(ids, found), next_cursor)


# ------------------------------------------------------------------ default types (seed 003)

# key, (fi, en, sv), default duration in working days, customer-service stage, checklist
_Stage = tuple[str, tuple[str, str, str], int, bool, tuple[str, ...]]

_CONTRACT_STAGES: tuple[_Stage, ...] = (
    (
        "send_contract",
        ("Sopimuksen lähetys", "Sending the contract", "Avtalet skickas"),
        3,
        True,
        ("Sopimus laadittu tarjouksen mukaan", "Sopimus lähetetty asiakkaalle"),
    ),
    (
        "receive_signed_contract",
        (
            "Allekirjoitetun sopimuksen vastaanotto",
            "Receiving the signed contract",
            "Mottagning av det undertecknade avtalet",
        ),
        10,
        True,
        ("Allekirjoitettu sopimus vastaanotettu", "Sopimus arkistoitu"),
    ),
)
_BILLING_STAGES: tuple[_Stage, ...] = (
    (
        "invoice_connection_fees",
        (
            "Liittymismaksujen laskutus",
            "Invoicing the connection fees",
            "Fakturering av anslutningsavgifterna",
        ),
        5,
        True,
        ("Liittymismaksu laskutettu",),
    ),
    (
        "activate_billing",
        ("Laskutuksen aktivointi", "Activating billing", "Aktivering av faktureringen"),
        5,
        True,
        ("Käyttöpaikka perustettu laskutusjärjestelmään", "Ensimmäinen lasku tarkistettu"),
    ),
)

DEFAULT_TYPES: tuple[tuple[str, tuple[str, str, str], str, tuple[_Stage, ...]], ...] = (
    (
        "gas_connection",
        ("Kaasuliittymämyynti", "Gas connection sale", "Försäljning av gasanslutningar"),
        "Maakaasu- tai biokaasuliittymän myynti yritykselle tai kiinteistölle.",
        (
            (
                "contact",
                ("Yhteydenotto", "First contact", "Kontakt"),
                5,
                False,
                ("Asiakkaan tarve kirjattu", "Kohteen osoite tarkistettu"),
            ),
            (
                "offer",
                ("Tarjous", "Offer", "Offert"),
                10,
                False,
                ("Kulutusarvio laadittu", "Liittymispiste tarkistettu", "Tarjous lähetetty"),
            ),
            *_CONTRACT_STAGES,
            (
                "construction",
                ("Rakentaminen", "Construction", "Byggande"),
                40,
                False,
                ("Urakoitsija tilattu", "Liittymä rakennettu", "Painekoe tehty"),
            ),
            *_BILLING_STAGES,
        ),
    ),
    (
        "heat_connection",
        ("Lämpöliittymämyynti", "Heat connection sale", "Försäljning av fjärrvärmeanslutningar"),
        "Kaukolämpöliittymän myynti kiinteistölle.",
        (
            (
                "contact",
                ("Yhteydenotto", "First contact", "Kontakt"),
                5,
                False,
                ("Asiakkaan tarve kirjattu",),
            ),
            (
                "heat_demand_survey",
                (
                    "Lämmitystarpeen kartoitus",
                    "Heating demand survey",
                    "Kartläggning av värmebehovet",
                ),
                10,
                False,
                ("Kiinteistön tiedot saatu", "Tilausteho arvioitu"),
            ),
            (
                "offer",
                ("Tarjous", "Offer", "Offert"),
                10,
                False,
                ("Liittymismaksu laskettu", "Tarjous lähetetty"),
            ),
            *_CONTRACT_STAGES,
            (
                "construction",
                (
                    "Rakentaminen ja kytkentä",
                    "Construction and connection",
                    "Byggande och inkoppling",
                ),
                30,
                False,
                ("Johtotyöt tilattu", "Lämmönjakokeskus asennettu", "Kytkentä tehty"),
            ),
            *_BILLING_STAGES,
        ),
    ),
    (
        "solution",
        ("Ratkaisumyynti", "Solution sales", "Lösningsförsäljning"),
        "Energiaratkaisujen (esim. aurinkovoima, lämpöpumput, energiatehokkuus) myynti.",
        (
            (
                "needs_assessment",
                ("Tarvekartoitus", "Needs assessment", "Behovskartläggning"),
                10,
                False,
                ("Tapaaminen pidetty", "Nykytila kartoitettu"),
            ),
            (
                "solution_proposal",
                ("Ratkaisuehdotus", "Solution proposal", "Lösningsförslag"),
                15,
                False,
                ("Ratkaisuehdotus esitelty",),
            ),
            ("offer", ("Tarjous", "Offer", "Offert"), 10, False, ("Tarjous lähetetty",)),
            ("negotiation", ("Neuvottelu", "Negotiation", "Förhandling"), 15, False, ()),
            (
                "contract",
                ("Sopimus", "Contract", "Avtal"),
                10,
                False,
                ("Sopimus allekirjoitettu",),
            ),
            (
                "deployment",
                ("Käyttöönotto", "Deployment", "Driftsättning"),
                20,
                False,
                ("Asennus valmis", "Asiakas perehdytetty"),
            ),
        ),
    ),
    (
        "parent_company",
        ("Konsernihanke", "Parent-company project", "Koncernprojekt"),
        "Emoyhtiön kanssa yhdessä toteutettava hanke.",
        (
            ("preparation", ("Valmistelu", "Preparation", "Beredning"), 20, False, ()),
            (
                "decision",
                ("Päätös", "Decision", "Beslut"),
                20,
                False,
                ("Päätösesitys tehty", "Päätös kirjattu"),
            ),
            ("implementation", ("Toteutus", "Implementation", "Genomförande"), 60, False, ()),
            ("follow_up", ("Seuranta", "Follow-up", "Uppföljning"), 20, False, ()),
        ),
    ),
)


async def ensure_default_types(
    session: AsyncSession, clock: Clock, ids: IdFactory, responsibles: Mapping[str, UUID]
) -> int:
    """Create the four project types of seed 003 that are missing, by key (idempotent), each
    with template version 1; every stage's default responsible per region is
    `responsibles` (region → user id; "*" is the default). Returns how many types it
    created. Commits on `session`; if another process creates them at the same moment, the
    unique key stops this one and it returns 0."""
    existing = set(
        (
            await session.scalars(
                sa.select(project_types.c.key).where(
                    project_types.c.key.in_([t[0] for t in DEFAULT_TYPES])
                )
            )
        ).all()
    )
    wanted = dict(
        {region: Responsible(user_id=user_id) for region, user_id in responsibles.items()}
    )
    repo = SqlProjectTypes(session)
    now = clock.now()
    created = 0
    try:
        for key, (name, name_en, name_sv), description, stages in DEFAULT_TYPES:
            if key in existing:
                continue
            type_id = ids.new_id()
            version = TemplateVersion(
                id=ids.new_id(),
                project_type_id=type_id,
                version=1,
                created_at=now,
                stages=tuple(
                    StageTemplate(
                        id=ids.new_id(),
                        position=index + 1,
                        key=stage_key,
                        name=names[0],
                        name_en=names[1],
                        name_sv=names[2],
                        default_duration_days=days,
                        is_customer_service=service,
                        checklist=checklist,
                        responsibles=wanted,
                    )
                    for index, (stage_key, names, days, service, checklist) in enumerate(stages)
                ),
            )
            await repo.add(
                ProjectType(
                    id=type_id,
                    key=key,
                    name=name,
                    name_en=name_en,
                    name_sv=name_sv,
                    description=description,
                    is_active=True,
                    current_version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
            await repo.add_version(version)
            created += 1
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return 0
    return created
