"""Project type rules on in-memory fakes: validation of stage lists, the default responsible
by region, the versioning rule (rewrite in place while unused, publish a new version once
used), and how a migration maps a project's stages onto another version."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from fakes import FakeAuditLog, FakeClock, FakeRuntime, FakeSalesProjects

from domain.sales.type_services import (
    ChecklistItem,
    MigratingProject,
    MigratingStage,
    MigrationEvent,
    MigrationPlan,
    ProjectTypeInput,
    create_project_type,
    get_project_type,
    migrate_projects,
    plan_migration,
    replace_stages,
    update_project_type,
)
from domain.sales.types import (
    ProjectType,
    RegionalResponsible,
    Responsible,
    StageInput,
    StageTemplate,
    TemplateVersion,
    clean_stages,
    default_responsible,
)
from domain.shared import (
    Action,
    Conflict,
    Depth,
    Forbidden,
    NotFound,
    Operation,
    Principal,
    Privilege,
    StaleVersion,
    ValidationFailed,
)

pytestmark = pytest.mark.unit

UNIT = UUID(int=10)
OTHER_UNIT = UUID(int=20)
ADMIN = UUID(int=1)
SELLER = UUID(int=2)
ANNA = UUID(int=3)
BERTIL = UUID(int=4)
GONE = UUID(int=5)  # a deactivated user
TEAM = UUID(int=50)
# 2026-06-15 23:30 UTC is already 16 June in Helsinki.
LATE = datetime(2026, 6, 15, 23, 30, tzinfo=UTC)


def admin() -> Principal:
    return Principal(
        user_id=ADMIN,
        business_unit_id=UNIT,
        privileges=Principal.merge(
            Privilege(e, a, Depth.ORGANISATION)
            for e in ("project_type", "sales_project")
            for a in Action
        ),
    )


def seller(unit_depth: Depth = Depth.BUSINESS_UNIT) -> Principal:
    return Principal(
        user_id=SELLER,
        business_unit_id=UNIT,
        privileges=Principal.merge(
            [
                Privilege("project_type", Action.READ, Depth.ORGANISATION),
                Privilege("sales_project", Action.READ, unit_depth),
            ]
        ),
    )


# ------------------------------------------------------------------ fakes


class FakeProjectTypes:
    def __init__(self) -> None:
        self.types: dict[UUID, ProjectType] = {}
        self.versions: dict[UUID, TemplateVersion] = {}
        self.used: set[UUID] = set()
        self.users = {ANNA, BERTIL, ADMIN}
        self.teams = {TEAM}
        self.rewrites = 0

    def _with_stages(self, project_type: ProjectType) -> ProjectType:
        found = copy.deepcopy(project_type)
        current = next(
            v
            for v in self.versions.values()
            if v.project_type_id == found.id and v.version == found.current_version
        )
        found.stages = current.stages
        return found

    async def get(self, type_id: UUID) -> ProjectType | None:
        found = self.types.get(type_id)
        return self._with_stages(found) if found else None

    async def by_key(self, key: str) -> ProjectType | None:
        return next((t for t in self.types.values() if t.key == key), None)

    async def add(self, project_type: ProjectType) -> None:
        self.types[project_type.id] = copy.deepcopy(project_type)

    async def update(self, project_type: ProjectType, expected_version: int) -> None:
        stored = self.types[project_type.id]
        if stored.version != expected_version:
            raise StaleVersion("project_type", expected_version, stored.version)
        self.types[project_type.id] = copy.deepcopy(project_type)

    async def version(self, type_id: UUID, number: int) -> TemplateVersion | None:
        return next(
            (
                v
                for v in self.versions.values()
                if v.project_type_id == type_id and v.version == number
            ),
            None,
        )

    async def version_by_id(self, version_id: UUID) -> TemplateVersion | None:
        return self.versions.get(version_id)

    async def add_version(self, version: TemplateVersion) -> None:
        assert version.id not in self.versions
        self.versions[version.id] = version

    async def rewrite_version(self, version: TemplateVersion) -> None:
        assert version.id in self.versions
        assert version.id not in self.used
        self.versions[version.id] = version
        self.rewrites += 1

    async def version_in_use(self, version_id: UUID) -> bool:
        return version_id in self.used

    async def active_users(self, user_ids: Iterable[UUID]) -> set[UUID]:
        return set(user_ids) & self.users

    async def existing_teams(self, team_ids: Iterable[UUID]) -> set[UUID]:
        return set(team_ids) & self.teams


class FakeMigrations:
    def __init__(self) -> None:
        self.projects: dict[UUID, MigratingProject] = {}
        self.saved: list[tuple[MigratingProject, MigrationPlan, int]] = []
        self.events: list[MigrationEvent] = []

    async def load(self, project_id: UUID) -> MigratingProject | None:
        found = self.projects.get(project_id)
        return copy.deepcopy(found) if found else None

    async def save(
        self, project: MigratingProject, plan: MigrationPlan, expected_version: int
    ) -> None:
        assert self.projects[project.id].version == expected_version
        self.projects[project.id] = copy.deepcopy(project)
        self.saved.append((project, plan, expected_version))

    async def add_event(self, event: MigrationEvent) -> None:
        self.events.append(event)


class FakeTypesUnitOfWork:
    def __init__(self) -> None:
        self.project_types = FakeProjectTypes()
        self.project_migrations = FakeMigrations()
        # Projects are seeded into the migration store only: the migration then audits the
        # part of the project it knows.
        self.sales_projects = FakeSalesProjects("sales_project")
        self.audit = FakeAuditLog()
        self.commits = 0

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        pass


def rt(start: datetime = LATE) -> FakeRuntime:
    return FakeRuntime(clock=FakeClock(start))


def stage_in(key: str, name: str | None = None, **fields: object) -> StageInput:
    return StageInput(key=key, name=name or key.title(), **fields)  # type: ignore[arg-type]


def type_input(*keys: str, key: str = "gas_connection") -> ProjectTypeInput:
    return ProjectTypeInput(key=key, name="Kaasuliittymämyynti", stages=[stage_in(k) for k in keys])


# ------------------------------------------------------------------ default responsible

_ids = itertools.count(1000)


def template(
    key: str = "offer", responsibles: dict[str, Responsible] | None = None
) -> StageTemplate:
    return StageTemplate(
        id=UUID(int=next(_ids)),
        position=1,
        key=key,
        name=key.title(),
        responsibles=dict(responsibles or {}),
    )


UUSIMAA_TEAM = Responsible(team_id=TEAM)
ANNA_DEFAULT = Responsible(user_id=ANNA)
BERTIL_LAPPI = Responsible(user_id=BERTIL)


@pytest.mark.parametrize(
    ("responsibles", "region", "expected"),
    [
        ({"Uusimaa": UUSIMAA_TEAM, "*": ANNA_DEFAULT}, "Uusimaa", (None, TEAM)),
        ({"Uusimaa": UUSIMAA_TEAM, "*": ANNA_DEFAULT}, "  uusimaa ", (None, TEAM)),
        ({"Uusimaa": UUSIMAA_TEAM, "*": ANNA_DEFAULT}, "UUSIMAA", (None, TEAM)),
        ({"uusimaa": UUSIMAA_TEAM, "*": ANNA_DEFAULT}, "Uusimaa", (None, TEAM)),
        ({"Uusimaa": UUSIMAA_TEAM, "*": ANNA_DEFAULT}, "Pirkanmaa", (ANNA, None)),
        ({"Uusimaa": UUSIMAA_TEAM, "*": ANNA_DEFAULT}, None, (ANNA, None)),
        ({"Uusimaa": UUSIMAA_TEAM, "*": ANNA_DEFAULT}, "   ", (ANNA, None)),
        ({"Uusimaa": UUSIMAA_TEAM, "Lappi": BERTIL_LAPPI}, "lappi", (BERTIL, None)),
        ({"Uusimaa": UUSIMAA_TEAM, "Lappi": BERTIL_LAPPI}, "Pirkanmaa", (None, None)),
        ({"Uusimaa": UUSIMAA_TEAM}, None, (None, None)),
        ({}, "Uusimaa", (None, None)),
        ({"*": ANNA_DEFAULT}, "*", (ANNA, None)),
        ({"Etelä-Savo": BERTIL_LAPPI, "*": ANNA_DEFAULT}, "etelä-savo", (BERTIL, None)),
    ],
)
def test_the_default_responsible_is_the_regions_else_the_default(
    responsibles: dict[str, Responsible],
    region: str | None,
    expected: tuple[UUID | None, UUID | None],
) -> None:
    assert default_responsible(template(responsibles=responsibles), region) == expected


# ------------------------------------------------------------------ validation


def _locs(stages: list[StageInput]) -> list[tuple[str | int, ...]]:
    with pytest.raises(ValidationFailed) as caught:
        clean_stages(stages)
    return [e.loc for e in caught.value.errors]


def test_a_valid_stage_list_is_trimmed() -> None:
    [cleaned] = clean_stages(
        [
            stage_in(
                " send_contract ",
                "  Sopimuksen lähetys ",
                name_en=" ",
                checklist=(" Lähetetty ",),
                responsibles=(RegionalResponsible(" Uusimaa ", team_id=TEAM),),
            )
        ]
    )
    assert cleaned.key == "send_contract"
    assert cleaned.name == "Sopimuksen lähetys"
    assert cleaned.name_en is None
    assert cleaned.checklist == ("Lähetetty",)
    assert dict(cleaned.responsibles) == {"Uusimaa": Responsible(team_id=TEAM)}


@pytest.mark.parametrize(
    ("stages", "locs"),
    [
        ([], [("stages",)]),
        ([stage_in("a")], [("stages", 0, "key")]),  # too short
        ([stage_in("Offer")], [("stages", 0, "key")]),
        ([stage_in("9lives")], [("stages", 0, "key")]),
        ([stage_in("with-dash")], [("stages", 0, "key")]),
        ([stage_in("extra")], [("stages", 0, "key")]),  # hand-inserted stages' key
        ([stage_in("x" * 51)], [("stages", 0, "key")]),
        ([stage_in("ok_1"), stage_in("ok_2"), stage_in("ok_1")], [("stages", 2, "key")]),
        ([stage_in("ok", " ")], [("stages", 0, "name")]),
        ([stage_in("ok", "x" * 201)], [("stages", 0, "name")]),
        ([stage_in("ok", default_duration_days=-1)], [("stages", 0, "default_duration_days")]),
        ([stage_in("ok", checklist=("a" * 201,))], [("stages", 0, "checklist", 0)]),
        ([stage_in("ok", checklist=("",))], [("stages", 0, "checklist", 0)]),
        ([stage_in("ok", checklist=("a", "a"))], [("stages", 0, "checklist", 1)]),
        (
            [stage_in("ok", checklist=tuple(f"kohta {i}" for i in range(31)))],
            [("stages", 0, "checklist")],
        ),
        (
            [stage_in("ok", responsibles=(RegionalResponsible("*"),))],
            [("stages", 0, "responsibles", 0, "user_id")],
        ),
        (
            [stage_in("ok", responsibles=(RegionalResponsible("*", ANNA, TEAM),))],
            [("stages", 0, "responsibles", 0, "user_id")],
        ),
        (
            [stage_in("ok", responsibles=(RegionalResponsible(" ", ANNA),))],
            [("stages", 0, "responsibles", 0, "region")],
        ),
        (
            [
                stage_in(
                    "ok",
                    responsibles=(
                        RegionalResponsible("Lappi", ANNA),
                        RegionalResponsible("LAPPI", BERTIL),
                    ),
                )
            ],
            [("stages", 0, "responsibles", 1, "region")],
        ),
    ],
)
def test_invalid_stage_lists_name_every_bad_field(
    stages: list[StageInput], locs: list[tuple[str | int, ...]]
) -> None:
    assert _locs(stages) == locs


def test_every_problem_is_reported_at_once() -> None:
    assert _locs([stage_in("Bad", " "), stage_in("ok", default_duration_days=-2)]) == [
        ("stages", 0, "key"),
        ("stages", 0, "name"),
        ("stages", 1, "default_duration_days"),
    ]


def test_thirty_checklist_items_and_a_zero_duration_are_fine() -> None:
    [cleaned] = clean_stages(
        [stage_in("ok", default_duration_days=0, checklist=tuple(f"k{i}" for i in range(30)))]
    )
    assert len(cleaned.checklist) == 30


async def test_responsibles_must_be_an_active_user_or_an_existing_team() -> None:
    uow = FakeTypesUnitOfWork()
    data = ProjectTypeInput(
        key="gas_connection",
        name="Kaasu",
        stages=[
            stage_in(
                "offer",
                responsibles=(
                    RegionalResponsible("*", GONE),
                    RegionalResponsible("Lappi", team_id=UUID(int=99)),
                    RegionalResponsible("Uusimaa", team_id=TEAM),
                ),
            )
        ],
    )
    with pytest.raises(ValidationFailed) as caught:
        await create_project_type(uow, rt(), admin(), data)
    assert [e.loc for e in caught.value.errors] == [
        ("stages", 0, "responsibles", 0, "user_id"),
        ("stages", 0, "responsibles", 1, "team_id"),
    ]
    assert uow.project_types.types == {}
    assert uow.commits == 0


# ------------------------------------------------------------------ create, edit, read


async def test_creating_a_type_creates_version_1_with_its_stages() -> None:
    uow = FakeTypesUnitOfWork()
    created = await create_project_type(uow, rt(), admin(), type_input("contact", "offer"))
    assert created.current_version == 1
    assert [(s.position, s.key) for s in created.stages] == [(1, "contact"), (2, "offer")]
    [version] = uow.project_types.versions.values()
    assert (version.project_type_id, version.version, version.created_by) == (
        created.id,
        1,
        ADMIN,
    )
    assert version.stages == created.stages
    assert [e.operation for e in uow.audit.entries] == [Operation.CREATE]
    assert uow.audit.entries[0].entity == "project_type"
    assert uow.commits == 1
    with pytest.raises(Conflict):
        await create_project_type(uow, rt(), admin(), type_input("contact"))
    with pytest.raises(ValidationFailed) as bad_key:
        await create_project_type(uow, rt(), admin(), type_input("contact", key="Gas"))
    assert bad_key.value.errors[0].loc == ("key",)


async def test_only_an_admin_writes_and_everyone_with_read_reads() -> None:
    uow = FakeTypesUnitOfWork()
    with pytest.raises(Forbidden):
        await create_project_type(uow, rt(), seller(), type_input("contact"))
    created = await create_project_type(uow, rt(), admin(), type_input("contact"))
    assert (await get_project_type(uow, seller(), created.id)).key == "gas_connection"
    with pytest.raises(Forbidden):
        await update_project_type(uow, rt(), seller(), created.id, {"name": "Oma"}, 1)
    with pytest.raises(Forbidden):
        await replace_stages(uow, rt(), seller(), created.id, [stage_in("other")], 1)
    with pytest.raises(Forbidden):
        await migrate_projects(uow, rt(), seller(), created.id, [UUID(int=7)], 1, dry_run=True)
    nobody = Principal(user_id=UUID(int=77), business_unit_id=OTHER_UNIT)
    with pytest.raises(NotFound):
        await get_project_type(uow, nobody, created.id)
    with pytest.raises(NotFound):
        await update_project_type(uow, rt(), nobody, created.id, {"name": "Oma"}, 1)


async def test_editing_checks_the_version_and_keeps_quiet_when_nothing_changes() -> None:
    uow = FakeTypesUnitOfWork()
    created = await create_project_type(uow, rt(), admin(), type_input("contact"))
    with pytest.raises(StaleVersion):
        await update_project_type(uow, rt(), admin(), created.id, {"is_active": False}, 3)
    with pytest.raises(ValidationFailed):
        await update_project_type(uow, rt(), admin(), created.id, {"name": "  "}, 1)
    with pytest.raises(ValidationFailed):
        await update_project_type(uow, rt(), admin(), created.id, {"current_version": 5}, 1)
    edited = await update_project_type(
        uow, rt(), admin(), created.id, {"is_active": False, "description": " Kaasu "}, 1
    )
    assert (edited.version, edited.is_active, edited.description) == (2, False, "Kaasu")
    same = await update_project_type(uow, rt(), admin(), created.id, {"is_active": False}, 2)
    assert same.version == 2
    assert len(uow.audit.entries) == 2


# ------------------------------------------------------------------ versioning


async def test_an_unused_version_is_rewritten_in_place_keeping_stage_ids_by_key() -> None:
    uow = FakeTypesUnitOfWork()
    created = await create_project_type(uow, rt(), admin(), type_input("contact", "offer"))
    old = {s.key: s.id for s in created.stages}
    result = await replace_stages(
        uow,
        rt(),
        admin(),
        created.id,
        [stage_in("offer", "Tarjous"), stage_in("construction", default_duration_days=40)],
        1,
    )
    assert result.outcome == "rewritten"
    assert uow.project_types.rewrites == 1
    assert len(uow.project_types.versions) == 1
    updated = result.project_type
    assert (updated.current_version, updated.version) == (1, 2)
    assert [(s.position, s.key) for s in updated.stages] == [(1, "offer"), (2, "construction")]
    assert updated.stages[0].id == old["offer"]
    assert updated.stages[1].id not in old.values()
    assert (await get_project_type(uow, admin(), created.id)).stages == updated.stages
    [_, change] = uow.audit.entries
    assert "stages" in {c.field for c in change.changes}


async def test_a_used_version_is_never_rewritten_a_new_one_is_published() -> None:
    uow = FakeTypesUnitOfWork()
    created = await create_project_type(uow, rt(), admin(), type_input("contact", "offer"))
    [v1] = uow.project_types.versions.values()
    uow.project_types.used.add(v1.id)
    result = await replace_stages(
        uow, rt(), admin(), created.id, [stage_in("contact"), stage_in("survey")], 1, "Uusi"
    )
    assert result.outcome == "published"
    assert uow.project_types.rewrites == 0
    assert uow.project_types.versions[v1.id] == v1  # untouched
    v2 = await uow.project_types.version(created.id, 2)
    assert v2 is not None
    assert (v2.note, v2.created_by) == ("Uusi", ADMIN)
    assert [s.key for s in v2.stages] == ["contact", "survey"]
    assert not {s.id for s in v2.stages} & {s.id for s in v1.stages}
    assert result.project_type.current_version == 2
    # Version 2 is unused: the next edit rewrites it rather than publishing a third.
    again = await replace_stages(uow, rt(), admin(), created.id, [stage_in("survey")], 2)
    assert again.outcome == "rewritten"
    assert again.project_type.current_version == 2
    assert len(uow.project_types.versions) == 2


async def test_the_same_stages_again_change_nothing() -> None:
    uow = FakeTypesUnitOfWork()
    created = await create_project_type(uow, rt(), admin(), type_input("contact", "offer"))
    [v1] = uow.project_types.versions.values()
    uow.project_types.used.add(v1.id)
    result = await replace_stages(
        uow, rt(), admin(), created.id, [stage_in(" contact "), stage_in("offer")], 1
    )
    assert result.outcome == "unchanged"
    assert result.project_type.version == 1
    assert len(uow.project_types.versions) == 1
    assert uow.commits == 1
    with pytest.raises(StaleVersion):
        await replace_stages(uow, rt(), admin(), created.id, [stage_in("contact")], 2)


# ------------------------------------------------------------------ migration mapping

PROJECT = UUID(int=500)
NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
T_CONTACT, T_OFFER, T_SEND, T_OLD = (UUID(int=i) for i in range(600, 604))


def project_stage(
    key: str,
    status: str,
    *,
    template_id: UUID | None,
    position: int,
    **fields: object,
) -> MigratingStage:
    return MigratingStage(
        id=UUID(int=700 + position),
        project_id=PROJECT,
        template_stage_id=template_id,
        position=position,
        key=key,
        name=key.title(),
        is_customer_service=False,
        status=status,
        created_at=NOW,
        updated_at=NOW,
        **fields,  # type: ignore[arg-type]
    )


def project(*stages: MigratingStage, current: str | None, **fields: object) -> MigratingProject:
    by_key = {s.key: s.id for s in stages}
    return MigratingProject(
        id=PROJECT,
        name="Hanke",
        project_type_id=UUID(int=400),
        type_version_id=UUID(int=401),
        status="open",
        owner_id=SELLER,
        business_unit_id=UNIT,
        updated_at=NOW,
        region="Uusimaa",
        current_stage_id=by_key[current] if current else None,
        stages=stages,
        **fields,  # type: ignore[arg-type]
    )


def version(number: int, *stages: StageTemplate) -> TemplateVersion:
    return TemplateVersion(
        id=UUID(int=402 + number),
        project_type_id=UUID(int=400),
        version=number,
        stages=tuple(replace(s, position=i + 1) for i, s in enumerate(stages)),
    )


def plan(p: MigratingProject, target: TemplateVersion) -> MigrationPlan:
    counter = itertools.count(900)
    return plan_migration(p, target, now=LATE, new_id=lambda: UUID(int=next(counter)))


def summary(result: MigrationPlan) -> list[tuple[str, str, int]]:
    return [(s.key, s.status, s.position) for s in result.stages]


def test_kept_stages_keep_progress_and_take_the_new_names_and_checklist() -> None:
    done = project_stage(
        "contact",
        "done",
        template_id=T_CONTACT,
        position=1,
        completed_on=date(2026, 5, 4),
        responsible_user_id=ANNA,
        note="Soitettu",
    )
    offer = project_stage(
        "offer",
        "in_progress",
        template_id=T_OFFER,
        position=2,
        due_date=date(2026, 6, 30),
        checklist=(
            ChecklistItem("Kulutusarvio", True),
            ChecklistItem("Tarjous lähetetty", False),
            ChecklistItem("Vanha kohta", True),
            ChecklistItem("Poistuva kohta", False),
        ),
    )
    target = version(
        2,
        replace(template(key="contact"), name="Yhteydenotto"),
        replace(
            template(key="offer"),
            name="Tarjous",
            name_en="Offer",
            is_customer_service=True,
            checklist=("Tarjous lähetetty", "Kulutusarvio", "Uusi kohta"),
        ),
    )
    result = plan(project(done, offer, current="offer"), target)
    contact, new_offer = result.stages
    assert (contact.id, contact.status, contact.completed_on) == (done.id, "done", date(2026, 5, 4))
    assert (contact.responsible_user_id, contact.note) == (ANNA, "Soitettu")
    assert contact.name == "Yhteydenotto"
    assert contact.template_stage_id == target.stages[0].id
    assert contact.version == 2  # changed, so a new row version
    assert contact.updated_at == LATE
    assert (new_offer.status, new_offer.due_date) == ("in_progress", date(2026, 6, 30))
    assert (new_offer.name, new_offer.name_en, new_offer.is_customer_service) == (
        "Tarjous",
        "Offer",
        True,
    )
    assert new_offer.checklist == (
        ChecklistItem("Tarjous lähetetty", False),
        ChecklistItem("Kulutusarvio", True),
        ChecklistItem("Uusi kohta", False),
        ChecklistItem("Vanha kohta", True),  # done work is not forgotten
    )
    assert result.kept == ("contact", "offer")
    assert result.inserted == frozenset()
    assert result.dropped == ()


def test_added_stages_before_the_current_one_are_skipped_after_it_not_started() -> None:
    stages = (
        project_stage("contact", "done", template_id=T_CONTACT, position=1),
        project_stage("offer", "not_started", template_id=T_OFFER, position=2),
    )
    team_default = {"uusimaa": UUSIMAA_TEAM, "*": ANNA_DEFAULT}
    target = version(
        3,
        template(key="contact"),
        template(key="survey", responsibles=team_default),
        template(key="offer"),
        template(key="billing", responsibles=team_default),
    )
    result = plan(project(*stages, current="offer"), target)
    assert summary(result) == [
        ("contact", "done", 1),
        ("survey", "skipped", 2),
        ("offer", "not_started", 3),
        ("billing", "not_started", 4),
    ]
    survey, billing = result.stages[1], result.stages[3]
    assert survey.skip_reason == "added by template version 3"
    assert billing.skip_reason is None
    assert (billing.due_date, billing.started_at, billing.completed_on) == (None, None, None)
    assert (billing.responsible_user_id, billing.responsible_team_id) == (None, TEAM)
    assert billing.template_stage_id == target.stages[3].id
    assert result.inserted == {survey.id, billing.id}
    assert (result.added, result.skipped) == (("survey", "billing"), ("survey",))


def test_without_a_current_stage_the_first_open_stage_is_where_the_project_is() -> None:
    stages = (
        project_stage("contact", "done", template_id=T_CONTACT, position=1),
        project_stage("offer", "not_started", template_id=T_OFFER, position=2),
    )
    target = version(2, template(key="contact"), template(key="survey"), template(key="offer"))
    assert summary(plan(project(*stages, current=None), target))[1] == ("survey", "skipped", 2)
    finished = (
        project_stage("contact", "done", template_id=T_CONTACT, position=1),
        project_stage("offer", "done", template_id=T_OFFER, position=2),
    )
    target = version(
        2, template(key="contact"), template(key="survey"), template(key="offer"), template("end")
    )
    assert summary(plan(project(*finished, current=None), target)) == [
        ("contact", "done", 1),
        ("survey", "skipped", 2),
        ("offer", "done", 3),
        ("end", "not_started", 4),
    ]
    fresh = (project_stage("contact", "not_started", template_id=T_CONTACT, position=1),)
    target = version(2, template(key="intro"), template(key="contact"))
    assert summary(plan(project(*fresh, current=None), target))[0] == ("intro", "skipped", 1)


def test_stages_the_new_version_lacks_are_dropped_only_when_not_started() -> None:
    stages = (
        project_stage("contact", "done", template_id=T_CONTACT, position=1),
        project_stage("visit", "done", template_id=T_OLD, position=2),
        project_stage("manual", "skipped", template_id=None, position=3, skip_reason="Ei"),
        project_stage("offer", "in_progress", template_id=T_OFFER, position=4),
        project_stage("old_plan", "not_started", template_id=T_SEND, position=5),
        project_stage("handmade", "not_started", template_id=None, position=6),
    )
    target = version(2, template(key="contact"), template(key="offer"), template(key="sign"))
    result = plan(project(*stages, current="offer"), target)
    assert summary(result) == [
        ("contact", "done", 1),
        ("visit", "done", 2),
        ("manual", "skipped", 3),
        ("offer", "in_progress", 4),
        ("handmade", "not_started", 5),
        ("sign", "not_started", 6),
    ]
    extras = {s.key: s for s in result.stages if s.key in ("visit", "manual", "handmade")}
    assert all(s.template_stage_id is None for s in extras.values())
    assert extras["manual"].skip_reason == "Ei"
    assert [s.key for s in result.dropped] == ["old_plan"]
    assert result.removed == ("old_plan",)
    assert result.extra == ("visit", "manual", "handmade")


def test_the_current_stage_is_never_dropped() -> None:
    stages = (
        project_stage("contact", "done", template_id=T_CONTACT, position=1),
        project_stage("old_plan", "not_started", template_id=T_OLD, position=2),
        project_stage("offer", "not_started", template_id=T_OFFER, position=3),
    )
    target = version(2, template(key="contact"), template(key="offer"))
    result = plan(project(*stages, current="old_plan"), target)
    assert summary(result) == [
        ("contact", "done", 1),
        ("old_plan", "not_started", 2),
        ("offer", "not_started", 3),
    ]
    assert result.dropped == ()


def test_extra_stages_before_every_kept_stage_stay_first() -> None:
    stages = (
        project_stage("pre", "done", template_id=None, position=1),
        project_stage("contact", "in_progress", template_id=T_CONTACT, position=2),
    )
    target = version(2, template(key="intro"), template(key="contact"))
    assert summary(plan(project(*stages, current="contact"), target)) == [
        ("pre", "done", 1),
        ("intro", "skipped", 2),
        ("contact", "in_progress", 3),
    ]


def test_an_unchanged_stage_keeps_its_row_version() -> None:
    contact = project_stage("contact", "done", template_id=T_CONTACT, position=1)
    same = version(2, replace(template(key="contact"), id=T_CONTACT, name="Contact"))
    [kept] = plan(project(contact, current=None), same).stages
    assert kept == contact


# ------------------------------------------------------------------ migration use case


async def _migration_world() -> tuple[FakeTypesUnitOfWork, ProjectType, MigratingProject]:
    uow = FakeTypesUnitOfWork()
    created = await create_project_type(uow, rt(), admin(), type_input("contact", "offer"))
    [v1] = uow.project_types.versions.values()
    uow.project_types.used.add(v1.id)
    wanted = [stage_in("contact"), stage_in("survey"), stage_in("offer")]
    await replace_stages(uow, rt(), admin(), created.id, wanted, 1)
    by_key = {s.key: s.id for s in v1.stages}
    running = replace(
        project(
            project_stage("contact", "done", template_id=by_key["contact"], position=1),
            project_stage("offer", "in_progress", template_id=by_key["offer"], position=2),
            current="offer",
        ),
        project_type_id=created.id,
        type_version_id=v1.id,
    )
    uow.project_migrations.projects[running.id] = running
    return uow, created, running


async def test_a_dry_run_reports_and_writes_nothing() -> None:
    uow, created, running = await _migration_world()
    commits = uow.commits
    report = await migrate_projects(uow, rt(), admin(), created.id, [running.id], 2, dry_run=True)
    assert report.dry_run
    assert report.migrated == 1
    [outcome] = report.results
    assert (outcome.ok, outcome.problem, outcome.from_version) == (True, None, 1)
    assert outcome.changes["skipped"] == ["survey"]
    assert uow.project_migrations.saved == []
    assert uow.project_migrations.events == []
    assert uow.commits == commits


async def test_the_real_run_moves_the_project_records_an_event_and_an_audit_entry() -> None:
    uow, created, running = await _migration_world()
    audits = len(uow.audit.entries)
    report = await migrate_projects(
        uow, rt(), admin(), created.id, [running.id, running.id], 2, dry_run=False
    )
    assert [r.project_id for r in report.results] == [running.id]  # listed twice, moved once
    [(saved, result, expected)] = uow.project_migrations.saved
    v2 = await uow.project_types.version(created.id, 2)
    assert v2 is not None
    assert (saved.type_version_id, saved.version, expected) == (v2.id, 2, 1)
    assert [s.key for s in result.stages] == ["contact", "survey", "offer"]
    [event] = uow.project_migrations.events
    assert (event.kind, event.project_id, event.by_id) == ("migrated", running.id, ADMIN)
    assert event.happened_on == date(2026, 6, 16)  # today in Helsinki, not in UTC
    assert event.data["from_version"] == 1
    assert event.data["to_version"] == 2
    [entry] = uow.audit.entries[audits:]
    assert (entry.entity, entry.record_id, entry.operation) == (
        "sales_project",
        running.id,
        Operation.UPDATE,
    )
    assert {"type_version_id", "stages"} <= {c.field for c in entry.changes}


async def test_one_bad_project_stops_the_whole_real_run() -> None:
    uow, created, running = await _migration_world()
    closed = replace(running, id=UUID(int=501), status="won")
    foreign = replace(running, id=UUID(int=502), project_type_id=UUID(int=999))
    elsewhere = replace(running, id=UUID(int=503), business_unit_id=OTHER_UNIT)
    for p in (closed, foreign, elsewhere):
        uow.project_migrations.projects[p.id] = p
    ids = [running.id, closed.id, foreign.id, elsewhere.id, UUID(int=504)]
    with pytest.raises(ValidationFailed) as caught:
        await migrate_projects(uow, rt(), admin(), created.id, ids, 2, dry_run=False)
    assert [e.loc for e in caught.value.errors] == [
        ("project_ids", 1),
        ("project_ids", 2),
        ("project_ids", 4),
    ]
    assert uow.project_migrations.saved == []
    assert uow.project_migrations.events == []
    # A migrator whose sales-project read does not reach another unit sees it as missing.
    limited = Principal(
        user_id=ADMIN,
        business_unit_id=UNIT,
        privileges=Principal.merge(
            [Privilege("project_type", a, Depth.ORGANISATION) for a in Action]
            + [Privilege("sales_project", a, Depth.BUSINESS_UNIT) for a in Action]
        ),
    )
    report = await migrate_projects(
        uow, rt(), limited, created.id, [elsewhere.id, running.id], 2, dry_run=True
    )
    assert [(r.ok, r.problem) for r in report.results] == [
        (False, "No such project."),
        (True, None),
    ]
    with pytest.raises(ValidationFailed) as missing:
        await migrate_projects(uow, rt(), admin(), created.id, [running.id], 5, dry_run=True)
    assert missing.value.errors[0].loc == ("to_version",)


def test_stages_added_by_hand_all_stay_where_they_were() -> None:
    stages = (
        project_stage("contact", "done", template_id=T_CONTACT, position=1),
        project_stage("extra", "done", template_id=None, position=2),
        project_stage("extra", "not_started", template_id=None, position=3),
        project_stage("offer", "in_progress", template_id=T_OFFER, position=4),
    )
    target = version(2, template(key="contact"), template(key="survey"), template(key="offer"))
    result = plan(project(*stages, current="offer"), target)
    assert [(s.key, s.status, s.id) for s in result.stages] == [
        ("contact", "done", stages[0].id),
        ("extra", "done", stages[1].id),
        ("extra", "not_started", stages[2].id),
        ("survey", "skipped", UUID(int=900)),
        ("offer", "in_progress", stages[3].id),
    ]
    assert result.dropped == ()
    assert result.extra == ("extra", "extra")
