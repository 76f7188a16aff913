"""Demo data for sales: the four project types of seed 003 and running projects with a
history over the last months, so that the kanban, "my stages" and the monthly movement
report have something to show on a fresh `make run`.

Projects go through the bulk import's use case (the same rules as a file from the previous
system: stages done on their dates, the current stage with its region's default responsible),
and some are then won or lost through the projects' own status change. Deterministic.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from uuid import UUID

import sqlalchemy as sa

from api.deps import Container
from domain.identity import services as identity
from domain.sales import ProjectStatus
from domain.sales import today as helsinki_today
from domain.sales.imports import COLUMN_NAMES, ImportRow, ImportTable, import_projects
from domain.sales.projects import change_status
from persistence.repositories.project_types import ensure_default_types, load_current_version
from persistence.tables.accounts import accounts
from persistence.tables.identity import users
from persistence.tables.sales import project_types, sales_projects

PROJECT_NAMES = {
    "gas_connection": ("Kaasuliittymä, tehdas", "Biokaasuliittymä", "Kaasuliittymän laajennus"),
    "heat_connection": ("Kaukolämpöliittymä, toimitila", "Kaukolämpö, asuinkiinteistö"),
    "solution": ("Aurinkovoimala katolle", "Lämpöpumppuratkaisu", "Energiatehokkuuskartoitus"),
    "parent_company": ("Konsernin yhteishanke", "Konsernin energiasopimus"),
}
LOST_REASONS = ("Kilpailija halvempi", "Hanke siirtyi", "Asiakas valitsi toisen ratkaisun")


async def seed_sales(
    c: Container, admin_id: UUID, sellers: Sequence[UUID], n_projects: int, *, seed: int = 2026
) -> int:
    """The project types (stage responsibles: the first seller by default) and `n_projects`
    projects opened over the last 14 months; returns how many projects were created."""
    if not sellers or n_projects <= 0:
        return 0
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data
    async with c.uow() as uow:
        await ensure_default_types(uow.session, c.clock, c.ids, {"*": sellers[0]})
    async with c.uow() as uow:
        s = uow.session
        emails: dict[UUID, str] = {
            row.id: row.email
            for row in await s.execute(
                sa.select(users.c.id, users.c.email).where(users.c.id.in_(sellers))
            )
        }
        type_rows = (await s.execute(sa.select(project_types.c.id, project_types.c.key))).all()
        templates = [(key, await load_current_version(s, tid)) for tid, key in type_rows]
        customers = (
            await s.execute(
                sa.select(accounts.c.business_id, accounts.c.region)
                .where(accounts.c.business_id.is_not(None))
                .order_by(accounts.c.business_id)
                .limit(400)
            )
        ).all()
    today = helsinki_today(c.clock.now())
    rows = []
    for n in range(n_projects):
        key, template = templates[n % len(templates)]
        stages = sorted(template.stages, key=lambda st: st.position)
        business_id, region = customers[rng.randrange(len(customers))]
        opened = today - timedelta(days=rng.randint(5, 420))
        current = rng.randrange(len(stages))
        span = max((today - opened).days, 1)
        days = sorted(rng.sample(range(span), k=min(current, span)))
        completed = ";".join(
            f"{stage.key}={(opened + timedelta(days=d)).isoformat()}"
            for stage, d in zip(stages[:current], days, strict=False)
        )
        owner = sellers[n % len(sellers)]
        cells = {
            "project_type": key,
            "business_id": business_id,
            "name": f"{rng.choice(PROJECT_NAMES.get(key, ('Myyntiprojekti',)))} {n + 1}",
            "region": region or "",
            "owner_email": emails.get(owner, ""),
            "estimated_value": str(rng.randrange(5, 400) * 500),
            "probability": str(rng.choice((10, 25, 40, 50, 60, 75, 90))),
            "expected_decision_date": (today + timedelta(days=rng.randint(10, 300))).isoformat(),
            "opened_on": opened.isoformat(),
            "current_stage": stages[current].key,
            "completed_stages": completed,
            "description": "",
        }
        rows.append(ImportRow(n + 2, tuple(cells[name] for name in COLUMN_NAMES)))
    async with c.uow() as uow:
        principal = await identity.principal_for(uow, admin_id)
        report = await import_projects(
            uow, c, principal, ImportTable(COLUMN_NAMES, tuple(rows)), dry_run=False
        )
    if report.problems:
        raise RuntimeError(f"demo projects refused: {report.problems[:3]}")
    await _close_some(c, admin_id, rng, today)
    return report.created


async def _close_some(c: Container, admin_id: UUID, rng: random.Random, today: date) -> None:
    """Win or lose about a fifth of the projects, on a day after their last progress."""
    async with c.uow() as uow:
        rows = (
            await uow.session.execute(
                sa.select(
                    sales_projects.c.id,
                    sales_projects.c.version,
                    sales_projects.c.opened_on,
                    sales_projects.c.last_progress_on,
                ).order_by(sales_projects.c.id)
            )
        ).all()
        principal = await identity.principal_for(uow, admin_id)
    for project_id, version, opened_on, progress_on in rows:
        if rng.random() > 0.2:
            continue
        start = progress_on or opened_on
        closed_on = start + timedelta(days=rng.randint(0, max((today - start).days, 0)))
        won = rng.random() < 0.6
        async with c.uow() as uow:
            await change_status(
                uow,
                c,
                principal,
                project_id,
                ProjectStatus.WON if won else ProjectStatus.LOST,
                version,
                reason=None if won else rng.choice(LOST_REASONS),
                closed_on=min(closed_on, today),
            )
