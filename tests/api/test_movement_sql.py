"""The SQL monthly movement report (`persistence.queries.movement`) equals the plain-Python
reference (`domain.sales.movement`) on generated histories — random projects in two units
with random (also nonsensical) events, same-day and same-moment ties — for random months,
groupings and callers' scopes, on the configured database (SQLite or PostgreSQL).

Projects and events are inserted with SQLAlchemy Core in a transaction that is never
committed; `insert_history` is also what tests/api/test_movement_report.py loads its scripted
history with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.sales.movement import EventRow, add_months, movement
from domain.shared import Action, Depth, Principal
from persistence.queries.movement import GroupBy, monthly_movement
from persistence.tables.sales import (
    project_events,
    project_type_versions,
    project_types,
    sales_projects,
)

pytestmark = pytest.mark.api

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TYPE_NAMES = {
    "gas": ("Kaasuliittymämyynti", "Gas connection sales"),
    "heat": ("Lämpöliittymämyynti", "Heat connection sales"),
}


@dataclass(frozen=True)
class Project:
    id: UUID
    type: str  # a key of `Base.types`
    region: str | None
    unit: str  # a key of `Base.units`


@dataclass(frozen=True)
class Base:
    """What projects need to exist: units and their owners, an account, types."""

    account_id: UUID
    units: dict[str, UUID]
    owners: dict[str, UUID]  # unit key → a user of that unit
    types: dict[str, tuple[UUID, UUID]]  # type key → (type id, version id)

    def group_key(self, p: Project, group_by: GroupBy) -> str | None:
        if group_by == "type":
            return str(self.types[p.type][0])
        if group_by == "business_unit":
            return str(self.units[p.unit])
        return p.region


async def insert_types(conn: Any, keys: list[str]) -> dict[str, tuple[UUID, UUID]]:
    out: dict[str, tuple[UUID, UUID]] = {}
    for key in keys:
        type_id, version_id = uuid4(), uuid4()
        name, name_en = TYPE_NAMES.get(key, (key, None))
        await conn.execute(
            sa.insert(project_types).values(
                id=type_id,
                key=key,
                name=name,
                name_en=name_en,
                is_active=True,
                current_version=1,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        await conn.execute(
            sa.insert(project_type_versions).values(
                id=version_id, project_type_id=type_id, version=1, created_at=NOW
            )
        )
        out[key] = (type_id, version_id)
    return out


async def insert_history(
    conn: Any, base: Base, projects: list[Project], events: list[EventRow]
) -> None:
    """Rows in `sales_projects` and `project_events` (through `conn`, a session or a
    connection)."""
    if projects:
        await conn.execute(
            sa.insert(sales_projects),
            [
                {
                    "id": p.id,
                    "name": f"Projekti {p.id.int}",
                    "sort_name": f"projekti {p.id.int}",
                    "account_id": base.account_id,
                    "project_type_id": base.types[p.type][0],
                    "type_version_id": base.types[p.type][1],
                    "region": p.region,
                    "status": "open",
                    "opened_on": date(2020, 1, 1),
                    "owner_id": base.owners[p.unit],
                    "business_unit_id": base.units[p.unit],
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for p in projects
            ],
        )
    if events:
        await conn.execute(
            sa.insert(project_events),
            [
                {
                    "id": e.id,
                    "project_id": e.project_id,
                    "kind": e.kind,
                    "happened_on": e.happened_on,
                    "at": e.at,
                }
                for e in events
            ],
        )


@pytest.fixture
async def base(
    container: Any,
    admin: Any,
    world: Any,
    make_unit: Any,
    make_user: Any,
    make_account: Any,
    admin_headers: dict[str, str],
) -> Base:
    unit_a, unit_b = await make_unit("Yksikkö A"), await make_unit("Yksikkö B")
    user_a, _ = await make_user("sales", unit_a["id"])
    user_b, _ = await make_user("sales", unit_b["id"])
    account = await make_account(admin_headers)
    async with container.engine.begin() as conn:
        types = await insert_types(conn, ["gas", "heat"])
    return Base(
        account_id=UUID(account["id"]),
        units={"A": UUID(unit_a["id"]), "B": UUID(unit_b["id"])},
        owners={"A": UUID(user_a["id"]), "B": UUID(user_b["id"])},
        types=types,
    )


def principal_for(base: Base, kind: str) -> Principal:
    """A caller who reads everything, unit A's projects, unit B's owner's, or nothing."""
    depth = {
        "everything": Depth.ORGANISATION,
        "unit_a": Depth.BUSINESS_UNIT,
        "own_b": Depth.OWN,
        "nothing": Depth.NONE,
    }[kind]
    return Principal(
        user_id=base.owners["B"] if kind == "own_b" else UUID(int=7),
        business_unit_id=base.units["A"],
        privileges={("sales_project", Action.READ): depth},
    )


def in_scope(base: Base, kind: str, p: Project) -> bool:
    return (
        kind == "everything"
        or (kind == "unit_a" and p.unit == "A")
        or (kind == "own_b" and p.unit == "B")
    )


KINDS = (
    "opened",
    "reopened",
    "imported",
    "won",
    "lost",
    "cancelled",
    "stage_completed",
    "stage_started",
    "stage_skipped",
    "stage_reassigned",
    "migrated",
)
START = date(2025, 9, 1)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Project], list[EventRow]]:
    projects = [
        Project(
            UUID(int=i + 1),
            draw(st.sampled_from(["gas", "heat"])),
            draw(st.sampled_from(["Uusimaa", "Pirkanmaa", None])),
            draw(st.sampled_from(["A", "B"])),
        )
        for i in range(draw(st.integers(0, 8)))
    ]
    events: list[EventRow] = []
    if projects:
        # Mostly sensible lifecycles, with events at the very same moment (the id decides),
        # plus random noise.
        for p in projects:
            day = START + timedelta(days=draw(st.integers(-400, 200)))
            at: datetime | None = None
            for step in range(draw(st.integers(0, 6))):
                kind = draw(
                    st.sampled_from(["opened", "stage_completed", "stage_completed", "won"])
                    if step == 0
                    else st.sampled_from(KINDS)
                )
                if at is None or not draw(st.booleans()):
                    at = datetime.combine(day, time(12, draw(st.integers(0, 2))), tzinfo=UTC)
                events.append(_event(draw, p.id, kind, at, len(events)))
                if draw(st.booleans()):
                    day += timedelta(days=draw(st.sampled_from([1, 5, 20, 45])))
                    at = None
        for _ in range(draw(st.integers(0, 10))):
            day = START + timedelta(days=draw(st.integers(-60, 240)))
            pid = draw(st.sampled_from(projects)).id
            moment = datetime.combine(day, time(12, draw(st.integers(0, 2))), tzinfo=UTC)
            events.append(_event(draw, pid, draw(st.sampled_from(KINDS)), moment, len(events)))
    return projects, events


def _event(draw: st.DrawFn, project_id: UUID, kind: str, at: datetime, n: int) -> EventRow:
    # Random ids: their order is not the insertion order.
    uid = UUID(int=(draw(st.integers(1, 2**20)) << 40) + n)
    return EventRow(project_id, kind, at.date(), at, uid)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    history=histories(),
    month_offset=st.integers(-14, 9),
    group_by=st.sampled_from(["type", "region", "business_unit"]),
    scope=st.sampled_from(["everything", "everything", "unit_a", "own_b", "nothing"]),
)
async def test_sql_report_equals_the_reference_computation(
    container: Any,
    base: Base,
    history: tuple[list[Project], list[EventRow]],
    month_offset: int,
    group_by: GroupBy,
    scope: str,
) -> None:
    projects, events = history
    month = add_months(START, month_offset)
    async with container.uow() as uow:  # never committed
        await insert_history(uow.session, base, projects, events)
        got = await monthly_movement(uow.session, principal_for(base, scope), month, group_by)
    groups = {p.id: base.group_key(p, group_by) for p in projects if in_scope(base, scope, p)}
    assert got == movement(events, month, groups)


async def test_export_scope_is_read_and_export(container: Any, base: Base) -> None:
    """A caller with read everywhere but export only on own records exports only those."""
    projects = [Project(UUID(int=1), "gas", None, "A"), Project(UUID(int=2), "gas", None, "B")]
    events = [
        EventRow(p.id, "opened", date(2025, 3, 3), NOW, UUID(int=100 + i))
        for i, p in enumerate(projects)
    ]
    reader = Principal(
        user_id=base.owners["B"],
        business_unit_id=base.units["A"],
        privileges={
            ("sales_project", Action.READ): Depth.ORGANISATION,
            ("sales_project", Action.EXPORT): Depth.OWN,
        },
    )
    async with container.uow() as uow:
        await insert_history(uow.session, base, projects, events)
        read = await monthly_movement(uow.session, reader, date(2025, 3, 1), "type")
        exported = await monthly_movement(
            uow.session, reader, date(2025, 3, 1), "type", action=Action.EXPORT
        )
    assert read.total.current.new == 2
    assert exported.total.current.new == 1
