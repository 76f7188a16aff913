"""Service request rules on in-memory fakes: the status machine (every transition, every
refusal), reopening, the customer and subject checks, call-backs, edits, subjects, queues."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from fakes import FakeServiceUnitOfWork
from hypothesis import given, settings
from hypothesis import strategies as st
from service_support import (
    ACCOUNT_ID,
    COLLEAGUE,
    CONTACT_ID,
    GENERAL_ID,
    ME,
    MONDAY_9,
    OTHER_UNIT,
    STRANGER,
    SUBJECT_ID,
    UNIT,
    Notices,
    ServiceRt,
    admin,
    agent,
    record_notices,
    service_uow,
)

from domain import service
from domain.service import (
    CLOSED_REASONS,
    GENERAL_CUSTOMER_NAME,
    OPEN_REASONS,
    Origin,
    RecordRef,
    RequestInput,
    RequestType,
    ServicePolicy,
    State,
    StatusReason,
    Subject,
    allowed_transitions,
    check_transition,
)
from domain.shared import (
    Action,
    Conflict,
    Depth,
    Forbidden,
    InvalidTransition,
    NotFound,
    Operation,
    StaleVersion,
    ValidationFailed,
)

pytestmark = pytest.mark.unit

S = StatusReason
POLICY = ServicePolicy()


@pytest.fixture
def uow() -> FakeServiceUnitOfWork:
    return service_uow()


@pytest.fixture
def rt() -> ServiceRt:
    return ServiceRt()


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> Notices:
    return record_notices(monkeypatch)


def new(**fields: object) -> RequestInput:
    values: dict[str, object] = {
        "title": "Laskussa virhe",
        "subject_id": SUBJECT_ID,
        "origin": Origin.PHONE_CALL,
        "account_id": ACCOUNT_ID,
        **fields,
    }
    return RequestInput(**values)  # type: ignore[arg-type]


async def create(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, **fields: object
) -> service.ServiceRequest:
    return await service.create_request(uow, rt, agent(), POLICY, new(**fields))


# ------------------------------------------------------------------ the status machine

OPENS = set(OPEN_REASONS)
EXPECTED = {
    **{r: (OPENS - {r}) | {S.RESOLVED, S.DONE} for r in OPEN_REASONS},
    S.RESOLVED: {S.DONE},
    S.DONE: set(),
}


def test_open_and_closed_states() -> None:
    assert {r.state for r in OPEN_REASONS} == {State.OPEN}
    assert {r.state for r in CLOSED_REASONS} == {State.CLOSED}
    assert set(OPEN_REASONS) | set(CLOSED_REASONS) == set(StatusReason)


@pytest.mark.parametrize("current", list(StatusReason))
def test_the_allowed_transitions_from_each_status(current: StatusReason) -> None:
    assert set(allowed_transitions(current)) == EXPECTED[current]


@pytest.mark.parametrize("current", list(StatusReason))
@pytest.mark.parametrize("target", list(StatusReason))
def test_every_pair_is_allowed_or_refused_with_the_allowed_list(
    current: StatusReason, target: StatusReason
) -> None:
    if target in EXPECTED[current]:
        check_transition(current, target)
        return
    with pytest.raises(InvalidTransition) as err:
        check_transition(current, target)
    assert set(err.value.allowed) == {r.value for r in EXPECTED[current]}
    if current.state is State.CLOSED and target.state is State.OPEN:
        assert "reopen" in err.value.detail


def test_reopening_is_only_for_closed_requests_into_an_open_status() -> None:
    for closed in CLOSED_REASONS:
        for target in OPEN_REASONS:
            service.check_reopening(closed, target)
        for target in CLOSED_REASONS:
            with pytest.raises(ValidationFailed):
                service.check_reopening(closed, target)
    for current in OPEN_REASONS:
        with pytest.raises(InvalidTransition) as err:
            service.check_reopening(current, S.IN_PROGRESS)
        assert set(err.value.allowed) == {r.value for r in EXPECTED[current]}


Step = tuple[str, StatusReason]
steps = st.lists(
    st.tuples(st.sampled_from(["status", "reopen"]), st.sampled_from(list(StatusReason))),
    max_size=12,
)


@settings(max_examples=60)
@given(steps)
def test_any_sequence_of_status_changes_keeps_the_request_consistent(script: list[Step]) -> None:
    """Whatever is asked, in whatever order: a step is applied exactly when the rules allow
    it; closed requests have a resolution time and open ones none; the first response, once
    set, stays; every applied step is one new version and one log line."""

    async def run() -> None:
        uow, rt = service_uow(), ServiceRt()
        request = await create(uow, rt)
        for op, target in script:
            rt.clock.advance(minutes=30)
            before = request
            allowed = (
                target in EXPECTED[before.status_reason]
                if op == "status"
                else before.state is State.CLOSED and target.state is State.OPEN
            )
            try:
                if op == "status":
                    request = await service.change_status(
                        uow, rt, agent(), request.id, target, request.version
                    )
                else:
                    request = await service.reopen(
                        uow, rt, agent(), request.id, "Uudelleen", request.version, target
                    )
            except (InvalidTransition, ValidationFailed):
                assert not allowed, (op, before.status_reason, target)
                stored = await uow.service_requests.get(request.id)
                assert stored == before  # a refusal changes nothing
                continue
            assert allowed, (op, before.status_reason, target)
            assert request.status_reason is target
            assert request.version == before.version + 1
            assert (request.resolved_at is not None) == (request.state is State.CLOSED)
            assert (request.resolution_hours is not None) == (request.state is State.CLOSED)
            if before.first_response_at is not None:
                assert request.first_response_at == before.first_response_at
            if request.status_reason is not S.IN_PROGRESS or before.first_response_at:
                assert request.first_response_at is not None
        log = uow.service_log.kinds(request.id)
        assert len(log) == request.version  # "created" plus one line per applied step

    asyncio.run(run())


async def test_a_status_change_logs_from_and_to_and_audits(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await create(uow, rt)
    rt.clock.advance(hours=2)
    changed = await service.change_status(
        uow, rt, agent(), request.id, S.RESOLVED, 1, note="Korjattu", satisfaction=5
    )
    assert changed.resolved_at == rt.clock.now()
    assert changed.first_response_at == rt.clock.now()
    assert (changed.first_response_hours, changed.resolution_hours) == (2.0, 2.0)
    assert changed.satisfaction == 5
    event = uow.service_log.events[-1]
    assert (event.kind.value, event.note, dict(event.data or {})) == (
        "status_changed",
        "Korjattu",
        {"from": "in_progress", "to": "resolved"},
    )
    assert [c.operation for c in uow.audit.changes] == [Operation.CREATE, Operation.UPDATE]
    assert notices.sent == []  # nobody delegated it: nobody to tell


async def test_a_status_change_needs_the_current_version_and_the_update_privilege(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    request = await create(uow, rt)
    with pytest.raises(StaleVersion):
        await service.change_status(uow, rt, agent(), request.id, S.ON_HOLD, 7)
    reader = agent(actions=(Action.READ,))
    with pytest.raises(Forbidden):
        await service.change_status(uow, rt, reader, request.id, S.ON_HOLD, 1)
    with pytest.raises(ValidationFailed):
        await service.change_status(uow, rt, agent(), request.id, S.ON_HOLD, 1, satisfaction=0)
    assert (await uow.service_requests.get(request.id)).status_reason is S.IN_PROGRESS  # type: ignore[union-attr]


async def test_reopening_clears_the_resolution_and_needs_a_reason(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    request = await create(uow, rt)
    resolved = await service.change_status(uow, rt, agent(), request.id, S.DONE, 1)
    with pytest.raises(ValidationFailed):
        await service.reopen(uow, rt, agent(), request.id, "   ", resolved.version)
    reopened = await service.reopen(uow, rt, agent(), request.id, "Ei korjaantunut", 2)
    assert (reopened.status_reason, reopened.resolved_at, reopened.resolution_hours) == (
        S.IN_PROGRESS,
        None,
        None,
    )
    assert reopened.first_response_at is not None
    assert uow.service_log.kinds(request.id)[-1] == "reopened"


# ------------------------------------------------------------------ create and edit


async def test_a_new_request_gets_defaults_a_number_and_a_log_line(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    first = await create(uow, rt, caller_phone="040 123 4567", business_id="01120389")
    second = await create(uow, rt)
    assert (first.number, second.number) == ("PP-2026-000001", "PP-2026-000002")
    assert (first.owner_id, first.business_unit_id, first.created_by) == (ME, UNIT, ME)
    assert (first.status_reason, first.priority.value, first.request_type) == (
        S.IN_PROGRESS,
        "normal",
        RequestType.GENERAL,
    )
    assert first.received_at == MONDAY_9
    assert first.caller_phone == "+358401234567"
    assert first.business_id == "0112038-9"
    assert first.first_response_at is None
    assert uow.service_log.kinds(first.id) == ["created"]
    assert uow.commits == 2


async def test_the_case_number_follows_the_helsinki_year(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    rt.clock.current = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1 Jan in Helsinki
    request = await create(uow, rt)
    assert request.number == "PP-2027-000001"


async def test_an_unknown_caller_goes_to_the_general_customer(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    with pytest.raises(ValidationFailed) as err:
        await create(uow, rt, account_id=None)
    assert err.value.errors[0].loc == ("account_id",)
    uow.service_customers.accounts[GENERAL_ID] = RecordRef(
        GENERAL_ID, GENERAL_CUSTOMER_NAME, ME, UNIT
    )
    by_name = await create(uow, rt, account_id=None, caller_name="Matti")
    assert by_name.account_id == GENERAL_ID
    configured = ServicePolicy(general_customer_account_id=ACCOUNT_ID)
    by_setting = await service.create_request(uow, rt, agent(), configured, new(account_id=None))
    assert by_setting.account_id == ACCOUNT_ID
    # A contact of a real account may still call in about the general customer's request.
    with_contact = await create(uow, rt, account_id=None, contact_id=CONTACT_ID)
    assert with_contact.contact_id == CONTACT_ID


async def test_customer_and_subject_must_exist_be_visible_and_fit(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    other = UUID(int=201)
    uow.service_customers.accounts[other] = RecordRef(other, "Muu Oy", STRANGER, OTHER_UNIT)
    hidden = UUID(int=202)
    uow.service_customers.accounts[hidden] = RecordRef(hidden, "Piilo Oy", STRANGER, OTHER_UNIT)
    narrow = agent()
    narrow_privileges = dict(narrow.privileges)
    narrow_privileges[("account", Action.READ)] = Depth.BUSINESS_UNIT
    narrow = replace(narrow, privileges=narrow_privileges)
    inactive = UUID(int=101)
    uow.subjects.rows[inactive] = Subject(inactive, "Vanha", MONDAY_9, MONDAY_9, is_active=False)
    cases = [
        (agent(), new(account_id=UUID(int=999)), "account_id"),
        (narrow, new(account_id=hidden), "account_id"),
        (agent(), new(account_id=other, contact_id=CONTACT_ID), "contact_id"),
        (agent(), new(contact_id=UUID(int=998)), "contact_id"),
        (agent(), new(subject_id=inactive), "subject_id"),
        (agent(), new(subject_id=UUID(int=997)), "subject_id"),
        (agent(), new(satisfaction=9), "satisfaction"),
        (agent(), new(received_at=MONDAY_9 + timedelta(hours=1)), "received_at"),
        (agent(), new(received_at=datetime(1999, 12, 31, tzinfo=UTC)), "received_at"),
        (agent(), new(first_response_at=MONDAY_9 + timedelta(hours=1)), "first_response_at"),
        (
            agent(),
            new(request_type=RequestType.CALLBACK, callback_due_at=MONDAY_9 + timedelta(days=400)),
            "callback_due_at",
        ),
    ]
    for principal, data, field_name in cases:
        with pytest.raises(ValidationFailed) as err:
            await service.create_request(uow, rt, principal, POLICY, data)
        assert err.value.errors[0].loc == (field_name,), (data, err.value)
    assert uow.service_requests.rows == {}


async def test_giving_a_request_to_someone_else_needs_the_assign_privilege(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    no_assign = agent(actions=(Action.CREATE, Action.READ, Action.UPDATE))
    with pytest.raises(Forbidden):
        await service.create_request(uow, rt, no_assign, POLICY, new(owner_id=COLLEAGUE))
    given_away = await service.create_request(uow, rt, agent(), POLICY, new(owner_id=COLLEAGUE))
    assert given_away.owner_id == COLLEAGUE
    with pytest.raises(Forbidden):  # the stranger's unit is beyond a unit-depth assign
        await service.create_request(uow, rt, agent(), POLICY, new(owner_id=STRANGER))


async def test_a_callback_is_due_after_the_configured_working_hours(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    friday_14 = datetime(2026, 6, 12, 11, 0, tzinfo=UTC)
    callback = await create(uow, rt, request_type=RequestType.CALLBACK, received_at=friday_14)
    assert callback.callback_due_at == datetime(2026, 6, 15, 7, 0, tzinfo=UTC)  # Mon 10:00
    # Thursday before Midsummer, 15:00: one hour left, Friday and the weekend are off.
    thursday_15 = datetime(2026, 6, 18, 12, 0, tzinfo=UTC)
    rt.clock.current = datetime(2026, 6, 22, 12, 0, tzinfo=UTC)
    longer = ServicePolicy(callback_due_working_hours=2)
    midsummer = await service.create_request(
        uow, rt, agent(), longer, new(request_type=RequestType.CALLBACK, received_at=thursday_15)
    )
    assert midsummer.callback_due_at == datetime(2026, 6, 22, 6, 0, tzinfo=UTC)  # Mon 9:00
    general = await create(uow, rt)
    assert general.callback_due_at is None
    # Changing the type away clears the due time; back to callback sets the default again.
    changed = await service.update_request(
        uow, rt, agent(), POLICY, callback.id, {"request_type": RequestType.BILLING}, 1
    )
    assert changed.callback_due_at is None
    again = await service.update_request(
        uow, rt, agent(), POLICY, callback.id, {"request_type": RequestType.CALLBACK}, 2
    )
    assert again.callback_due_at == datetime(2026, 6, 15, 7, 0, tzinfo=UTC)


async def test_an_edit_logs_the_changed_fields_and_refuses_status_changes(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    request = await create(uow, rt)
    with pytest.raises(ValidationFailed) as err:
        await service.update_request(
            uow, rt, agent(), POLICY, request.id, {"status_reason": S.RESOLVED}, 1
        )
    assert err.value.errors[0].loc == ("status_reason",)
    assert "/status" in err.value.errors[0].msg
    edited = await service.update_request(
        uow, rt, agent(), POLICY, request.id, {"title": " Uusi  otsikko ", "site": " "}, 1
    )
    assert (edited.title, edited.site, edited.version) == ("Uusi otsikko", None, 2)
    event = uow.service_log.events[-1]
    assert (event.kind.value, dict(event.data or {})) == ("updated", {"fields": ["title"]})
    same = await service.update_request(
        uow, rt, agent(), POLICY, request.id, {"title": "Uusi otsikko"}, 2
    )
    assert same.version == 2
    assert len(uow.service_log.events) == 2


async def test_an_explicit_first_response_gets_its_working_hours(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    request = await create(uow, rt)
    rt.clock.advance(days=2)
    answered = await service.update_request(
        uow,
        rt,
        agent(),
        POLICY,
        request.id,
        {"first_response_at": MONDAY_9 + timedelta(hours=30)},  # Tuesday 15:00
        1,
    )
    assert answered.first_response_hours == 14.0


async def test_requests_outside_the_scope_are_not_found_unless_queued_for_the_caller(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    request = await create(uow, rt)
    outsider = agent(STRANGER, OTHER_UNIT)
    with pytest.raises(NotFound):
        await service.get_service_request(uow, outsider, request.id)
    queue_id = UUID(int=500)
    stored = uow.service_requests.rows[request.id]
    stored.queue_id = queue_id
    member = agent(STRANGER, OTHER_UNIT, queue_ids=frozenset({queue_id}))
    assert (await service.get_service_request(uow, member, request.id)).id == request.id
    with pytest.raises(Forbidden):  # reading is not editing
        await service.change_status(uow, rt, member, request.id, S.ON_HOLD, 1)


# ------------------------------------------------------------------ subjects and queues


async def test_subjects_form_a_tree_without_cycles(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    top = await service.create_subject(uow, rt, admin(), service.SubjectInput("Sopimukset"))
    child = await service.create_subject(
        uow, rt, admin(), service.SubjectInput("Irtisanominen", parent_id=top.id)
    )
    with pytest.raises(ValidationFailed):
        await service.update_subject(uow, rt, admin(), top.id, {"parent_id": child.id}, 1)
    with pytest.raises(Forbidden):
        await service.create_subject(uow, rt, agent(), service.SubjectInput("Oma"))
    renamed = await service.update_subject(
        uow, rt, admin(), child.id, {"name_en": "  ", "sort_order": 3}, 1
    )
    assert (renamed.name_en, renamed.sort_order, renamed.version) == (None, 3, 2)


async def test_queues_have_unique_names_and_active_members(
    uow: FakeServiceUnitOfWork, rt: ServiceRt
) -> None:
    queue = await service.create_queue(uow, rt, admin(), service.QueueInput("Laskutus", UNIT))
    with pytest.raises(Conflict):
        await service.create_queue(uow, rt, admin(), service.QueueInput("LASKUTUS", UNIT))
    uow.service_colleagues.put(UUID(int=9), UNIT, "Lähtenyt", active=False)
    with pytest.raises(ValidationFailed):
        await service.set_queue_members(uow, rt, admin(), queue.id, [ME, UUID(int=9)])
    updated = await service.set_queue_members(uow, rt, admin(), queue.id, [ME, STRANGER])
    assert updated.member_ids == {ME, STRANGER}
    assert updated.version == 2
    with pytest.raises(Forbidden):
        await service.set_queue_members(uow, rt, agent(), queue.id, [])
