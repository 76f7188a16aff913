"""Sales project use cases on in-memory fakes: creating a project from its type's template,
completing, skipping, inserting and editing stages (every refusal), who may work on a
stage, status changes, edits, the stage history and the notices of each hand-over."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from uuid import UUID

import pytest
from fakes import FakeClock, FakeSalesUnitOfWork

from domain.notifications import NotificationKind, Recipient
from domain.sales import (
    ChecklistItem,
    ProjectContact,
    ProjectInput,
    ProjectStatus,
    RecordRef,
    SalesProject,
    StageInsert,
    StageStatus,
    TeamRef,
    TypeRef,
    change_status,
    complete_stage,
    create_project,
    insert_stage,
    skip_stage,
    update_project,
    update_stage,
)
from domain.sales.types import Responsible, StageTemplate, TemplateVersion
from domain.shared import (
    Action,
    Depth,
    Forbidden,
    InvalidTransition,
    NotFound,
    OfficeCalendar,
    Principal,
    Privilege,
    StaleVersion,
    UuidV7Factory,
    ValidationFailed,
)

pytestmark = pytest.mark.unit

UNIT = UUID(int=10)
OTHER_UNIT = UUID(int=20)
ME = UUID(int=1)  # a seller
COLLEAGUE = UUID(int=2)
AGENT = UUID(int=3)  # customer service, in the other unit
AGENT_2 = UUID(int=4)
BOSS = UUID(int=5)  # a manager
STRANGER = UUID(int=6)  # a seller in the other unit
CS_TEAM = UUID(int=50)
ACCOUNT_ID = UUID(int=200)
HIDDEN_ACCOUNT = UUID(int=201)
CONTACT_ID = UUID(int=300)
TYPE_ID = UUID(int=400)
VERSION_ID = UUID(int=401)
T_OFFER, T_CONTRACT, T_INSTALL, T_BILLING = (UUID(int=n) for n in (411, 412, 413, 414))
# Thursday 2026-12-03 09:00 in Helsinki.
THURSDAY_9 = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
TODAY = date(2026, 12, 3)


@dataclass
class Rt:
    clock: FakeClock = field(default_factory=lambda: FakeClock(THURSDAY_9))
    ids: UuidV7Factory = field(default_factory=UuidV7Factory)
    calendar: OfficeCalendar = field(default_factory=OfficeCalendar)


def _principal(user_id: UUID, unit: UUID, grants: list[Privilege], name: str) -> Principal:
    grants += [Privilege(e, Action.READ, Depth.BUSINESS_UNIT) for e in ("account", "contact")] + [
        Privilege("project_type", Action.READ, Depth.ORGANISATION)
    ]
    return Principal(
        user_id=user_id,
        business_unit_id=unit,
        name=name,
        privileges=Principal.merge(grants),
        team_member_ids=frozenset({user_id}),
    )


def seller(user_id: UUID = ME, unit: UUID = UNIT, name: str = "Minna Myyjä") -> Principal:
    """The default sales role: reads the unit's projects, creates and updates its own."""
    return _principal(
        user_id,
        unit,
        [Privilege("sales_project", Action.READ, Depth.BUSINESS_UNIT)]
        + [
            Privilege("sales_project", a, Depth.OWN)
            for a in (Action.CREATE, Action.UPDATE, Action.ASSIGN)
        ],
        name,
    )


def manager(user_id: UUID = BOSS) -> Principal:
    return _principal(
        user_id,
        UNIT,
        [Privilege("sales_project", a, Depth.UNIT_AND_CHILDREN) for a in Action],
        "Pekka Päällikkö",
    )


def agent(user_id: UUID = AGENT) -> Principal:
    """Customer service in another unit: reads every project, updates its own unit's."""
    return _principal(
        user_id,
        OTHER_UNIT,
        [
            Privilege("sales_project", Action.READ, Depth.ORGANISATION),
            Privilege("sales_project", Action.UPDATE, Depth.BUSINESS_UNIT),
        ],
        "Sari Service",
    )


def reader(user_id: UUID = COLLEAGUE) -> Principal:
    """Reads the unit's projects, may not update any."""
    return _principal(
        user_id,
        UNIT,
        [Privilege("sales_project", Action.READ, Depth.BUSINESS_UNIT)],
        "Kalle Kollega",
    )


def template() -> TemplateVersion:
    def stage(
        id_: UUID,
        position: int,
        key: str,
        name: str,
        days: int,
        responsibles: dict[str, Responsible],
        *,
        service: bool = False,
        checklist: tuple[str, ...] = (),
    ) -> StageTemplate:
        return StageTemplate(
            id=id_,
            position=position,
            key=key,
            name=name,
            default_duration_days=days,
            is_customer_service=service,
            checklist=checklist,
            responsibles=MappingProxyType(responsibles),
        )

    return TemplateVersion(
        id=VERSION_ID,
        project_type_id=TYPE_ID,
        version=1,
        stages=(
            stage(
                T_OFFER,
                1,
                "offer",
                "Tarjous",
                5,
                {"*": Responsible(user_id=ME), "Pirkanmaa": Responsible(user_id=COLLEAGUE)},
            ),
            stage(
                T_CONTRACT,
                2,
                "send_contract",
                "Sopimuksen lähetys",
                3,
                {"*": Responsible(team_id=CS_TEAM)},
                service=True,
            ),
            stage(
                T_INSTALL,
                3,
                "install",
                "Asennus",
                10,
                {"*": Responsible(user_id=COLLEAGUE)},
                checklist=("Kaivuulupa", "Mittari"),
            ),
            stage(
                T_BILLING,
                4,
                "activate_billing",
                "Laskutuksen aktivointi",
                2,
                {"*": Responsible(user_id=AGENT)},
                service=True,
            ),
        ),
    )


@pytest.fixture
def rt() -> Rt:
    return Rt()


@pytest.fixture
def uow() -> FakeSalesUnitOfWork:
    uow = FakeSalesUnitOfWork()
    for user_id, unit, name in [
        (ME, UNIT, "Minna Myyjä"),
        (COLLEAGUE, UNIT, "Kalle Kollega"),
        (BOSS, UNIT, "Pekka Päällikkö"),
        (AGENT, OTHER_UNIT, "Sari Service"),
        (AGENT_2, OTHER_UNIT, "Simo Service"),
        (STRANGER, OTHER_UNIT, "Vieras Myyjä"),
    ]:
        uow.sales_people.put(user_id, unit, name)
        uow.recipients.put(Recipient(user_id, f"{user_id.int}@example.fi", name, "fi", True))
    uow.sales_people.teams[CS_TEAM] = TeamRef(
        CS_TEAM, "Asiakaspalvelu", frozenset({AGENT, AGENT_2})
    )
    uow.sales_customers.accounts[ACCOUNT_ID] = RecordRef(
        ACCOUNT_ID, "Gasum Oy", ME, UNIT, region="Uusimaa"
    )
    uow.sales_customers.accounts[HIDDEN_ACCOUNT] = RecordRef(
        HIDDEN_ACCOUNT, "Salainen Oy", STRANGER, OTHER_UNIT
    )
    uow.sales_customers.contacts[CONTACT_ID] = RecordRef(
        CONTACT_ID, "Maija Meikäläinen", ME, UNIT, account_ids=frozenset({ACCOUNT_ID})
    )
    uow.sales_templates.put(TypeRef(TYPE_ID, "Kaasuliittymämyynti", True), template())
    return uow


async def new_project(
    uow: FakeSalesUnitOfWork, rt: Rt, principal: Principal | None = None, **fields: object
) -> SalesProject:
    values: dict[str, object] = {
        "name": "Kaasuliittymä Tampere",
        "account_id": ACCOUNT_ID,
        "project_type_id": TYPE_ID,
        "estimated_value": Decimal("15000.00"),
        "probability": 40,
        **fields,
    }
    return await create_project(uow, rt, principal or seller(), ProjectInput(**values))  # type: ignore[arg-type]


def stages_of(uow: FakeSalesUnitOfWork, project: SalesProject) -> dict[str, object]:
    return {s.key: s for s in uow.sales_stages.of(project.id)}


def stored(uow: FakeSalesUnitOfWork, project: SalesProject) -> SalesProject:
    return uow.sales_projects.rows[project.id]


def notices_to(uow: FakeSalesUnitOfWork, user_id: UUID) -> list[str]:
    return [
        n.title for n in uow.notifications.of(user_id) if n.kind is NotificationKind.STAGE_ASSIGNED
    ]


# ------------------------------------------------------------------ create


async def test_a_new_project_gets_the_templates_stages_and_starts_the_first(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt, contacts=(ProjectContact(CONTACT_ID, " päättäjä "),))
    stages = uow.sales_stages.of(project.id)
    assert [s.key for s in stages] == ["offer", "send_contract", "install", "activate_billing"]
    assert [s.position for s in stages] == [1, 2, 3, 4]
    first = stages[0]
    assert first.status is StageStatus.IN_PROGRESS
    assert first.started_at == THURSDAY_9
    assert first.responsible_user_id == ME  # the "*" default: the account is in Uusimaa
    assert first.due_date == date(2026, 12, 10)  # 5 working days after Thu 3.12.
    assert all(s.status is StageStatus.NOT_STARTED for s in stages[1:])
    # Later stages carry their planned responsible; due dates come when they start.
    assert stages[1].responsible_team_id == CS_TEAM
    assert stages[2].checklist == (ChecklistItem("Kaivuulupa"), ChecklistItem("Mittari"))
    assert all(s.due_date is None and s.started_at is None for s in stages[1:])
    saved = stored(uow, project)
    assert saved.current_stage_id == first.id
    assert saved.status is ProjectStatus.OPEN
    assert saved.opened_on == TODAY
    assert saved.region == "Uusimaa"  # from the account
    assert saved.type_version_id == VERSION_ID
    assert saved.contacts == (ProjectContact(CONTACT_ID, "päättäjä"),)
    assert saved.owner_id == ME
    assert saved.business_unit_id == UNIT
    events = [e for e in uow.sales_log.events if e.project_id == project.id]
    assert [(e.kind.value, e.happened_on, e.stage_id) for e in events] == [
        ("opened", TODAY, None),
        ("stage_started", TODAY, first.id),
    ]
    audited = {(e.entity, e.operation.value) for e in uow.audit.entries}
    assert audited == {("sales_project", "create"), ("project_stage", "create")}
    assert uow.commits == 1
    assert notices_to(uow, ME) == []  # nobody is told about their own hand-over


async def test_the_first_responsible_follows_the_region_or_the_callers_choice(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    regional = await new_project(uow, rt, region=" Pirkanmaa ")
    first = uow.sales_stages.of(regional.id)[0]
    assert stored(uow, regional).region == "Pirkanmaa"
    assert first.responsible_user_id == COLLEAGUE
    assert notices_to(uow, COLLEAGUE) == ["Vaihe Tarjous siirtyi sinulle: Kaasuliittymä Tampere"]
    chosen = await new_project(uow, rt, first_responsible_user_id=BOSS)
    assert uow.sales_stages.of(chosen.id)[0].responsible_user_id == BOSS
    assert len(notices_to(uow, BOSS)) == 1


async def test_a_back_dated_project_starts_its_first_stage_on_the_opening_day(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt, opened_on=date(2026, 6, 17))
    first = uow.sales_stages.of(project.id)[0]
    # Wed 17.6. + 5 working days, Midsummer Eve Fri 19.6. off: Thu 18, Mon 22 … Thu 25.
    assert first.due_date == date(2026, 6, 25)
    assert first.started_at == datetime(2026, 6, 16, 21, 0, tzinfo=UTC)  # 00:00 Helsinki
    assert [e.happened_on for e in uow.sales_log.events] == [date(2026, 6, 17)] * 2


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"account_id": HIDDEN_ACCOUNT}, "account_id"),
        ({"account_id": UUID(int=999)}, "account_id"),
        ({"project_type_id": UUID(int=999)}, "project_type_id"),
        ({"opened_on": TODAY + timedelta(days=1)}, "opened_on"),
        ({"estimated_value": Decimal("-1")}, "estimated_value"),
        ({"estimated_value": Decimal("1.005")}, "estimated_value"),
        ({"estimated_value": Decimal("1000000000000")}, "estimated_value"),
        ({"probability": 101}, "probability"),
        ({"name": "   "}, "name"),
        ({"first_responsible_user_id": UUID(int=999)}, "first_responsible_user_id"),
        ({"owner_id": UUID(int=999)}, "owner_id"),
    ],
)
async def test_create_refuses_bad_input(
    uow: FakeSalesUnitOfWork, rt: Rt, fields: dict[str, object], loc: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await new_project(uow, rt, **fields)
    assert refused.value.errors[0].loc[0] == loc
    assert uow.commits == 0
    assert not uow.sales_projects.rows


async def test_an_inactive_type_and_a_foreign_contact_are_refused(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    uow.sales_customers.contacts[CONTACT_ID] = RecordRef(
        CONTACT_ID, "Muu", ME, UNIT, account_ids=frozenset({HIDDEN_ACCOUNT})
    )
    with pytest.raises(ValidationFailed) as refused:
        await new_project(uow, rt, contacts=(ProjectContact(CONTACT_ID),))
    assert refused.value.errors[0].loc == ("contacts", 0, "contact_id")
    uow.sales_templates.types[TYPE_ID] = TypeRef(TYPE_ID, "Vanha", False)
    with pytest.raises(ValidationFailed):
        await new_project(uow, rt)


async def test_creating_for_someone_else_needs_the_assign_privilege(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    with pytest.raises(Forbidden):
        await new_project(uow, rt, owner_id=COLLEAGUE)
    project = await new_project(uow, rt, manager(), owner_id=COLLEAGUE)
    assert stored(uow, project).owner_id == COLLEAGUE


# ------------------------------------------------------------------ complete


async def test_completing_the_current_stage_hands_the_project_to_the_next(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer = uow.sales_stages.of(project.id)[0]
    rt.clock.advance(days=1)  # Fri 4.12.
    done = await complete_stage(
        uow, rt, seller(), project.id, offer.id, 1, completed_on=TODAY, note=" Tarjous hyväksytty "
    )
    assert done.version == 2
    stages = stages_of(uow, project)
    offer_after, contract = stages["offer"], stages["send_contract"]
    assert offer_after.status is StageStatus.DONE  # type: ignore[attr-defined]
    assert offer_after.completed_on == TODAY  # type: ignore[attr-defined]
    assert offer_after.note == "Tarjous hyväksytty"  # type: ignore[attr-defined]
    assert contract.status is StageStatus.IN_PROGRESS  # type: ignore[attr-defined]
    assert contract.responsible_team_id == CS_TEAM  # type: ignore[attr-defined]
    # Started on the completion day (Thu 3.12.), 3 working days: Fri 4, Mon 7, Tue 8.
    assert contract.due_date == date(2026, 12, 8)  # type: ignore[attr-defined]
    saved = stored(uow, project)
    assert saved.current_stage_id == contract.id  # type: ignore[attr-defined]
    assert saved.last_progress_on == TODAY
    assert uow.sales_log.kinds(project.id)[-2:] == ["stage_completed", "stage_started"]
    completed = uow.sales_log.events[-2]
    assert completed.happened_on == TODAY
    assert completed.stage_id == offer.id
    # Every member of the responsible team hears of it, by email too.
    for member in (AGENT, AGENT_2):
        assert notices_to(uow, member) == [
            "Vaihe Sopimuksen lähetys siirtyi sinulle: Kaasuliittymä Tampere"
        ]
    body = uow.notifications.of(AGENT)[0].body or ""
    assert "Määräpäivä: 2026-12-08" in body
    assert "Siirtäjä: Minna Myyjä" in body
    assert "Viesti: Tarjous hyväksytty" in body
    assert uow.outbox.to(f"{AGENT.int}@example.fi")


async def test_a_chosen_next_responsible_overrides_the_default(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer = uow.sales_stages.of(project.id)[0]
    await complete_stage(
        uow,
        rt,
        seller(),
        project.id,
        offer.id,
        1,
        completed_on=TODAY,
        next_responsible_user_id=BOSS,
    )
    contract = stages_of(uow, project)["send_contract"]
    assert (contract.responsible_user_id, contract.responsible_team_id) == (BOSS, None)  # type: ignore[attr-defined]
    assert notices_to(uow, BOSS)
    assert not notices_to(uow, AGENT)


async def test_a_completion_date_in_the_future_or_before_the_opening_is_refused(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt, opened_on=date(2026, 11, 2))
    offer = uow.sales_stages.of(project.id)[0]
    for day, msg in [(TODAY + timedelta(days=1), "future"), (date(2026, 11, 1), "before")]:
        with pytest.raises(ValidationFailed) as refused:
            await complete_stage(uow, rt, seller(), project.id, offer.id, 1, completed_on=day)
        assert refused.value.errors[0].loc == ("completed_on",)
        assert msg in refused.value.errors[0].msg
    # Late in the evening UTC it is already tomorrow in Helsinki: that day is not future.
    rt.clock.current = datetime(2026, 12, 3, 22, 30, tzinfo=UTC)
    await complete_stage(uow, rt, seller(), project.id, offer.id, 1, completed_on=date(2026, 12, 4))
    assert stored(uow, project).last_progress_on == date(2026, 12, 4)


async def test_a_back_dated_completion_starts_the_next_stage_that_day(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt, opened_on=date(2026, 12, 1))
    offer = uow.sales_stages.of(project.id)[0]
    await complete_stage(uow, rt, seller(), project.id, offer.id, 1, completed_on=date(2026, 12, 2))
    contract = stages_of(uow, project)["send_contract"]
    assert contract.due_date == date(2026, 12, 7)  # type: ignore[attr-defined]  # Wed + 3
    assert contract.started_at == datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    assert uow.sales_log.events[-1].happened_on == date(2026, 12, 2)


async def test_only_the_current_stage_can_be_completed(uow: FakeSalesUnitOfWork, rt: Rt) -> None:
    project = await new_project(uow, rt)
    offer, contract, install, _ = uow.sales_stages.of(project.id)
    with pytest.raises(InvalidTransition) as not_current:
        await complete_stage(uow, rt, seller(), project.id, install.id, 1, completed_on=TODAY)
    assert not_current.value.allowed == ["skipped"]
    await skip_stage(uow, rt, seller(), project.id, contract.id, 1, reason="Ei tarvita")
    with pytest.raises(InvalidTransition) as skipped:
        await complete_stage(uow, rt, seller(), project.id, contract.id, 2, completed_on=TODAY)
    assert skipped.value.allowed == []
    assert "skipped" in skipped.value.detail
    await complete_stage(uow, rt, seller(), project.id, offer.id, 2, completed_on=TODAY)
    with pytest.raises(InvalidTransition) as done:
        await complete_stage(uow, rt, seller(), project.id, offer.id, 3, completed_on=TODAY)
    assert done.value.allowed == []
    # The skipped stage was passed over: the install stage is current.
    assert stored(uow, project).current_stage_id == install.id


async def test_completing_the_last_stage_leaves_the_project_open(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt, manager(), owner_id=ME)
    boss = manager()
    for version, stage in enumerate(uow.sales_stages.of(project.id), start=1):
        await complete_stage(uow, rt, boss, project.id, stage.id, version, completed_on=TODAY)
    saved = stored(uow, project)
    assert saved.status is ProjectStatus.OPEN
    assert saved.current_stage_id is None
    assert all(s.status is StageStatus.DONE for s in uow.sales_stages.of(project.id))
    # …and there is nobody to hand the last stage over to.
    last = await new_project(uow, rt, boss, owner_id=ME)
    *first, final = uow.sales_stages.of(last.id)
    for version, stage in enumerate(first, start=1):
        await complete_stage(uow, rt, boss, last.id, stage.id, version, completed_on=TODAY)
    with pytest.raises(ValidationFailed) as nobody:
        await complete_stage(
            uow, rt, boss, last.id, final.id, 4, completed_on=TODAY, next_responsible_user_id=ME
        )
    assert nobody.value.errors[0].loc == ("next_responsible_user_id",)


async def test_a_stale_version_or_a_closed_project_is_refused(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer = uow.sales_stages.of(project.id)[0]
    with pytest.raises(StaleVersion):
        await complete_stage(uow, rt, seller(), project.id, offer.id, 7, completed_on=TODAY)
    await change_status(uow, rt, seller(), project.id, ProjectStatus.LOST, 1, reason="Hinta")
    with pytest.raises(InvalidTransition) as closed:
        await complete_stage(uow, rt, seller(), project.id, offer.id, 2, completed_on=TODAY)
    assert "reopen" in closed.value.detail


async def test_a_stage_of_another_project_is_not_found(uow: FakeSalesUnitOfWork, rt: Rt) -> None:
    first = await new_project(uow, rt)
    second = await new_project(uow, rt)
    other = uow.sales_stages.of(second.id)[0]
    with pytest.raises(NotFound):
        await complete_stage(uow, rt, seller(), first.id, other.id, 1, completed_on=TODAY)


# ------------------------------------------------------------------ who may work on a stage


async def test_the_stages_responsible_may_complete_it_without_the_update_privilege(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt, region="Pirkanmaa")  # first stage: the colleague's
    offer, contract, *_ = uow.sales_stages.of(project.id)
    colleague = reader(COLLEAGUE)
    # The colleague may not update the project in general…
    with pytest.raises(Forbidden):
        await update_project(uow, rt, colleague, project.id, {"probability": 50}, 1)
    # …nor skip a stage that is not theirs…
    with pytest.raises(Forbidden):
        await skip_stage(uow, rt, colleague, project.id, contract.id, 1, reason="Ei")
    # …but their current stage they may complete.
    await complete_stage(uow, rt, colleague, project.id, offer.id, 1, completed_on=TODAY)
    # The customer-service team's member may then complete theirs, though their update
    # privilege (their own unit) does not reach the project.
    await complete_stage(uow, rt, agent(AGENT_2), project.id, contract.id, 2, completed_on=TODAY)
    assert [s.status for s in uow.sales_stages.of(project.id)][:2] == [StageStatus.DONE] * 2
    # A done stage is no longer theirs to touch.
    with pytest.raises(Forbidden):
        await update_stage(uow, rt, colleague, project.id, offer.id, {"note": "x"}, 3)


async def test_a_responsible_who_cannot_read_the_project_gets_not_found(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt, first_responsible_user_id=STRANGER)
    offer = uow.sales_stages.of(project.id)[0]
    with pytest.raises(NotFound):
        await complete_stage(
            uow, rt, seller(STRANGER, OTHER_UNIT), project.id, offer.id, 1, completed_on=TODAY
        )


async def test_without_update_privilege_nor_responsibility_a_stage_is_forbidden(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer = uow.sales_stages.of(project.id)[0]
    with pytest.raises(Forbidden):
        await complete_stage(uow, rt, reader(), project.id, offer.id, 1, completed_on=TODAY)
    with pytest.raises(Forbidden):
        await skip_stage(uow, rt, reader(), project.id, offer.id, 1, reason="Ei")
    assert uow.commits == 1


# ------------------------------------------------------------------ skip


async def test_skipping_the_current_stage_moves_on_without_a_completion(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer = uow.sales_stages.of(project.id)[0]
    rt.clock.advance(days=4)  # Mon 7.12.
    await skip_stage(uow, rt, seller(), project.id, offer.id, 1, reason=" Suorahankinta ")
    stages = stages_of(uow, project)
    assert stages["offer"].status is StageStatus.SKIPPED  # type: ignore[attr-defined]
    assert stages["offer"].skip_reason == "Suorahankinta"  # type: ignore[attr-defined]
    contract = stages["send_contract"]
    assert contract.status is StageStatus.IN_PROGRESS  # type: ignore[attr-defined]
    assert contract.due_date == date(2026, 12, 10)  # type: ignore[attr-defined]  # Mon + 3
    saved = stored(uow, project)
    assert saved.last_progress_on is None  # a skip is not progress
    assert uow.sales_log.kinds(project.id)[-2:] == ["stage_skipped", "stage_started"]
    assert uow.sales_log.events[-2].happened_on == date(2026, 12, 7)


async def test_skip_refusals(uow: FakeSalesUnitOfWork, rt: Rt) -> None:
    project = await new_project(uow, rt)
    offer, _contract, *_ = uow.sales_stages.of(project.id)
    with pytest.raises(ValidationFailed):
        await skip_stage(uow, rt, seller(), project.id, offer.id, 1, reason="  ")
    await complete_stage(uow, rt, seller(), project.id, offer.id, 1, completed_on=TODAY)
    with pytest.raises(InvalidTransition) as done:
        await skip_stage(uow, rt, seller(), project.id, offer.id, 2, reason="Turha")
    assert done.value.allowed == []


async def test_skipping_a_later_stage_leaves_the_current_one(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer, contract, *_ = uow.sales_stages.of(project.id)
    await skip_stage(uow, rt, seller(), project.id, contract.id, 1, reason="Ei sopimusta")
    assert stored(uow, project).current_stage_id == offer.id
    with pytest.raises(InvalidTransition) as twice:
        await skip_stage(uow, rt, seller(), project.id, contract.id, 2, reason="Taas")
    assert twice.value.allowed == []


# ------------------------------------------------------------------ insert


async def test_an_extra_stage_goes_after_the_current_one_and_renumbers(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer = uow.sales_stages.of(project.id)[0]
    _, extra = await insert_stage(
        uow,
        rt,
        seller(),
        project.id,
        StageInsert(
            name=" Maastokatselmus ",
            after_stage_id=offer.id,
            responsible_user_id=COLLEAGUE,
            checklist=("Kartta",),
        ),
        1,
    )
    stages = uow.sales_stages.of(project.id)
    assert [(s.position, s.key) for s in stages] == [
        (1, "offer"),
        (2, "extra"),
        (3, "send_contract"),
        (4, "install"),
        (5, "activate_billing"),
    ]
    assert extra.name == "Maastokatselmus"
    assert extra.template_stage_id is None
    assert extra.status is StageStatus.NOT_STARTED
    assert uow.sales_log.kinds(project.id)[-1] == "stage_inserted"
    # Completing the offer hands over to the extra stage, with its chosen responsible.
    await complete_stage(uow, rt, seller(), project.id, offer.id, 2, completed_on=TODAY)
    assert stored(uow, project).current_stage_id == extra.id
    assert notices_to(uow, COLLEAGUE)
    assert uow.sales_stages.rows[extra.id].due_date is None  # no template: no default


async def test_an_extra_stage_cannot_go_behind_the_current_one(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer, contract, *_ = uow.sales_stages.of(project.id)
    await complete_stage(uow, rt, seller(), project.id, offer.id, 1, completed_on=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        await insert_stage(
            uow, rt, seller(), project.id, StageInsert("Takaisin", after_stage_id=offer.id), 2
        )
    assert refused.value.errors[0].loc == ("after_stage_id",)
    with pytest.raises(ValidationFailed):
        await insert_stage(
            uow, rt, seller(), project.id, StageInsert("Ei", after_stage_id=UUID(int=7)), 2
        )
    with pytest.raises(Forbidden):  # the responsible rule covers completing, not planning
        await insert_stage(
            uow, rt, agent(), project.id, StageInsert("Ei", after_stage_id=contract.id), 2
        )


async def test_an_extra_stage_after_the_last_becomes_current_when_none_is(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    boss = manager()
    project = await new_project(uow, rt, boss, owner_id=ME)
    stages = uow.sales_stages.of(project.id)
    for version, stage in enumerate(stages, start=1):
        await complete_stage(uow, rt, boss, project.id, stage.id, version, completed_on=TODAY)
    _, extra = await insert_stage(
        uow,
        rt,
        boss,
        project.id,
        StageInsert("Jälkitarkastus", after_stage_id=stages[-1].id, responsible_team_id=CS_TEAM),
        5,
    )
    assert uow.sales_stages.rows[extra.id].status is StageStatus.IN_PROGRESS
    assert stored(uow, project).current_stage_id == extra.id
    assert uow.sales_log.kinds(project.id)[-2:] == ["stage_inserted", "stage_started"]
    assert notices_to(uow, AGENT_2)


# ------------------------------------------------------------------ edit a stage


async def test_editing_a_done_stage_needs_a_manager(uow: FakeSalesUnitOfWork, rt: Rt) -> None:
    project = await new_project(uow, rt)
    offer = uow.sales_stages.of(project.id)[0]
    await complete_stage(uow, rt, seller(), project.id, offer.id, 1, completed_on=TODAY)
    # The owner updates at own depth only: not a manager.
    with pytest.raises(Forbidden) as refused:
        await update_stage(uow, rt, seller(), project.id, offer.id, {"note": "Korjaus"}, 2)
    assert "manager" in refused.value.detail
    await update_stage(uow, rt, manager(), project.id, offer.id, {"note": "Korjaus"}, 2)
    assert uow.sales_stages.rows[offer.id].note == "Korjaus"
    assert stored(uow, project).version == 3


async def test_reassigning_the_current_stage_notifies_and_is_in_the_history(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer = uow.sales_stages.of(project.id)[0]
    await update_stage(
        uow,
        rt,
        seller(),
        project.id,
        offer.id,
        {"responsible_user_id": COLLEAGUE, "due_date": date(2026, 12, 18)},
        1,
    )
    saved = uow.sales_stages.rows[offer.id]
    assert (saved.responsible_user_id, saved.due_date) == (COLLEAGUE, date(2026, 12, 18))
    event = uow.sales_log.events[-1]
    assert event.kind.value == "stage_reassigned"
    assert event.data == {
        "key": "offer",
        "from_user_id": str(ME),
        "from_team_id": None,
        "to_user_id": str(COLLEAGUE),
        "to_team_id": None,
    }
    assert notices_to(uow, COLLEAGUE)
    # A team takes over: the user is cleared.
    await update_stage(uow, rt, seller(), project.id, offer.id, {"responsible_team_id": CS_TEAM}, 2)
    assert uow.sales_stages.rows[offer.id].responsible == (None, CS_TEAM)
    with pytest.raises(ValidationFailed):
        await update_stage(
            uow,
            rt,
            seller(),
            project.id,
            offer.id,
            {"responsible_user_id": ME, "responsible_team_id": CS_TEAM},
            3,
        )


async def test_the_responsible_may_tick_the_checklist_but_not_move_the_due_date(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    boss = manager()
    project = await new_project(uow, rt, boss, owner_id=ME)
    offer, contract, install, _ = uow.sales_stages.of(project.id)
    await skip_stage(uow, rt, boss, project.id, offer.id, 1, reason="Valmis jo")
    await skip_stage(uow, rt, boss, project.id, contract.id, 2, reason="Valmis jo")
    colleague = reader(COLLEAGUE)  # the install stage's responsible
    await update_stage(
        uow,
        rt,
        colleague,
        project.id,
        install.id,
        {"checklist": [ChecklistItem("Mittari", True)], "note": "Mittari asennettu"},
        3,
    )
    assert uow.sales_stages.rows[install.id].checklist == (
        ChecklistItem("Kaivuulupa", False),
        ChecklistItem("Mittari", True),
    )
    with pytest.raises(Forbidden):
        await update_stage(
            uow, rt, colleague, project.id, install.id, {"due_date": date(2027, 1, 29)}, 4
        )
    with pytest.raises(ValidationFailed) as unknown:
        await update_stage(
            uow, rt, colleague, project.id, install.id, {"checklist": [ChecklistItem("X")]}, 4
        )
    assert unknown.value.errors[0].loc == ("checklist", 0, "item")


async def test_an_edit_that_changes_nothing_keeps_the_version(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    offer = uow.sales_stages.of(project.id)[0]
    result = await update_stage(
        uow, rt, seller(), project.id, offer.id, {"responsible_user_id": ME}, 1
    )
    assert result.version == 1
    assert uow.commits == 1


# ------------------------------------------------------------------ status


async def test_winning_losing_and_reopening(uow: FakeSalesUnitOfWork, rt: Rt) -> None:
    project = await new_project(uow, rt, opened_on=date(2026, 11, 2))
    with pytest.raises(ValidationFailed):
        await change_status(uow, rt, seller(), project.id, ProjectStatus.LOST, 1)
    with pytest.raises(ValidationFailed) as future:
        await change_status(
            uow, rt, seller(), project.id, ProjectStatus.WON, 1, closed_on=date(2026, 12, 4)
        )
    assert future.value.errors[0].loc == ("closed_on",)
    with pytest.raises(ValidationFailed):
        await change_status(
            uow, rt, seller(), project.id, ProjectStatus.WON, 1, closed_on=date(2026, 11, 1)
        )
    lost = await change_status(
        uow,
        rt,
        seller(),
        project.id,
        ProjectStatus.LOST,
        1,
        reason="Kilpailija halvempi",
        closed_on=date(2026, 11, 30),
    )
    assert (lost.status, lost.status_reason, lost.closed_on) == (
        ProjectStatus.LOST,
        "Kilpailija halvempi",
        date(2026, 11, 30),
    )
    with pytest.raises(InvalidTransition) as closed:
        await change_status(uow, rt, seller(), project.id, ProjectStatus.WON, 2)
    assert closed.value.allowed == ["open"]
    with pytest.raises(ValidationFailed):
        await change_status(uow, rt, seller(), project.id, ProjectStatus.OPEN, 2)
    reopened = await change_status(
        uow, rt, seller(), project.id, ProjectStatus.OPEN, 2, reason="Asiakas palasi"
    )
    assert (reopened.status, reopened.status_reason, reopened.closed_on) == (
        ProjectStatus.OPEN,
        None,
        None,
    )
    won = await change_status(uow, rt, seller(), project.id, ProjectStatus.WON, 3)
    assert won.closed_on == TODAY
    events = [(e.kind.value, e.happened_on) for e in uow.sales_log.events][2:]
    assert events == [("lost", date(2026, 11, 30)), ("reopened", TODAY), ("won", TODAY)]
    assert uow.sales_log.events[2].data == {"from": "open", "reason": "Kilpailija halvempi"}
    with pytest.raises(Forbidden):
        await change_status(uow, rt, reader(), project.id, ProjectStatus.OPEN, 4, reason="x")


# ------------------------------------------------------------------ edit the project


async def test_editing_a_project_and_its_region_redefaults_planned_responsibles(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    boss = manager()
    project = await new_project(uow, rt, boss, owner_id=ME, region="Uusimaa")
    _offer, contract, *_ = uow.sales_stages.of(project.id)
    # Change the template's defaults per region for the contract stage via a new region map.
    uow.sales_templates.versions[VERSION_ID] = TemplateVersion(
        id=VERSION_ID,
        project_type_id=TYPE_ID,
        version=1,
        stages=tuple(
            StageTemplate(
                **{
                    **{f: getattr(t, f) for f in t.__dataclass_fields__},
                    "responsibles": MappingProxyType(
                        {**t.responsibles, "Pirkanmaa": Responsible(user_id=BOSS)}
                    ),
                }
            )
            for t in template().stages
        ),
    )
    await update_stage(uow, rt, boss, project.id, contract.id, {"responsible_user_id": ME}, 1)
    updated = await update_project(
        uow,
        rt,
        boss,
        project.id,
        {"region": "pirkanmaa", "estimated_value": Decimal("20000.5"), "probability": 60},
        2,
    )
    assert updated.estimated_value == Decimal("20000.50")
    assert updated.version == 3
    stages = stages_of(uow, project)
    assert stages["offer"].responsible_user_id == ME  # type: ignore[attr-defined]  # started: kept
    assert stages["send_contract"].responsible_user_id == ME  # type: ignore[attr-defined]  # chosen
    assert stages["install"].responsible_user_id == BOSS  # type: ignore[attr-defined]  # redefaulted
    changed = {c.field for e in uow.audit.entries if e.entity == "sales_project" for c in e.changes}
    assert {"region", "estimated_value", "probability"} <= changed
    with pytest.raises(ValidationFailed) as status:
        await update_project(uow, rt, boss, project.id, {"status": "won"}, 3)
    assert status.value.errors[0].loc == ("status",)


async def test_reassigning_a_project_needs_the_assign_privilege(
    uow: FakeSalesUnitOfWork, rt: Rt
) -> None:
    project = await new_project(uow, rt)
    with pytest.raises(Forbidden):
        await update_project(uow, rt, seller(), project.id, {"owner_id": COLLEAGUE}, 1)
    moved = await update_project(uow, rt, manager(), project.id, {"owner_id": COLLEAGUE}, 1)
    assert moved.owner_id == COLLEAGUE
    # Now the seller may no longer update it (own depth), only read it (unit).
    with pytest.raises(Forbidden):
        await update_project(uow, rt, seller(), project.id, {"name": "Uusi"}, 2)
