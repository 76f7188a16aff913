"""Delegation on in-memory fakes: to a user and to a queue, acknowledgement, picking, the
notices each step sends, and reminders counted in working hours across weekends and Finnish
public holidays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from fakes import FakeServiceUnitOfWork
from service_support import (
    ACCOUNT_ID,
    COLLEAGUE,
    ME,
    MONDAY_9,
    OTHER_UNIT,
    STRANGER,
    SUBJECT_ID,
    UNIT,
    Notices,
    ServiceRt,
    agent,
    record_notices,
    service_uow,
)

from domain import service
from domain.service import (
    DelegationStatus,
    Origin,
    Queue,
    RequestInput,
    ServicePolicy,
    StatusReason,
)
from domain.shared import Action, Conflict, Depth, Forbidden, NotFound, ValidationFailed

pytestmark = pytest.mark.unit

POLICY = ServicePolicy()
QUEUE_ID = UUID(int=500)
MEMBER = UUID(int=4)  # a queue member in the other unit


def hki(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("Europe/Helsinki")).astimezone(UTC)


@pytest.fixture
def uow() -> FakeServiceUnitOfWork:
    fake = service_uow()
    fake.service_colleagues.put(MEMBER, OTHER_UNIT, "Maija Member")
    fake.queues.rows[QUEUE_ID] = Queue(
        QUEUE_ID, "Sopimukset", UNIT, MONDAY_9, MONDAY_9, member_ids=frozenset({ME, MEMBER})
    )
    return fake


@pytest.fixture
def rt() -> ServiceRt:
    return ServiceRt()


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> Notices:
    return record_notices(monkeypatch)


async def new_request(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, **fields: object
) -> service.ServiceRequest:
    data = RequestInput(
        title="Irtisanominen",
        subject_id=SUBJECT_ID,
        origin=Origin.EMAIL,
        account_id=ACCOUNT_ID,
        **fields,  # type: ignore[arg-type]
    )
    return await service.create_request(uow, rt, agent(name="Minna Me"), POLICY, data)


async def test_delegating_to_a_colleague_hands_over_ownership_and_notifies_them(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt)
    d = await service.delegate(
        uow, rt, agent(name="Minna Me"), POLICY, request.id, to_user_id=COLLEAGUE, note=" Ole hyvä "
    )
    stored = await uow.service_requests.get(request.id)
    assert stored is not None
    assert (stored.owner_id, stored.business_unit_id, stored.queue_id) == (COLLEAGUE, UNIT, None)
    assert (stored.delegated_by_id, stored.delegated_to_user_id, stored.delegated_at) == (
        ME,
        COLLEAGUE,
        MONDAY_9,
    )
    assert stored.version == 2
    assert (d.status, d.note, d.delegated_by_id) == (DelegationStatus.ACTIVE, "Ole hyvä", ME)
    assert d.remind_at == MONDAY_9 + timedelta(hours=4)
    assert notices.to(COLLEAGUE) == ["delegated"]
    assert notices.to(ME) == []
    params = notices.sent[0].params
    assert (params["number"], params["title"], params["by"], params["note"]) == (
        request.number,
        "Irtisanominen",
        "Minna Me",
        "Ole hyvä",
    )
    assert notices.sent[0].record_id == request.id
    assert uow.service_log.kinds(request.id) == ["created", "delegated"]


async def test_delegating_to_a_user_needs_assign_reaching_them_and_an_active_user(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt)
    no_assign = agent(actions=(Action.CREATE, Action.READ, Action.UPDATE))
    with pytest.raises(Forbidden):
        await service.delegate(uow, rt, no_assign, POLICY, request.id, to_user_id=COLLEAGUE)
    with pytest.raises(Forbidden):  # a unit-depth assign does not reach another unit's user
        await service.delegate(uow, rt, agent(), POLICY, request.id, to_user_id=STRANGER)
    uow.service_colleagues.put(UUID(int=8), UNIT, "Lähtenyt", active=False)
    for target, field_name in ((UUID(int=8), "to_user_id"), (ME, "to_user_id")):
        with pytest.raises(ValidationFailed) as err:
            await service.delegate(uow, rt, agent(), POLICY, request.id, to_user_id=target)
        assert err.value.errors[0].loc == (field_name,)
    with pytest.raises(ValidationFailed):
        await service.delegate(uow, rt, agent(), POLICY, request.id)
    with pytest.raises(ValidationFailed):
        await service.delegate(
            uow, rt, agent(), POLICY, request.id, to_user_id=COLLEAGUE, to_queue_id=QUEUE_ID
        )
    org = agent(depth=Depth.ORGANISATION)
    d = await service.delegate(uow, rt, org, POLICY, request.id, to_user_id=STRANGER)
    stored = await uow.service_requests.get(request.id)
    assert stored is not None
    # The unit follows the new owner's, as it would on create.
    assert (stored.owner_id, stored.business_unit_id) == (STRANGER, OTHER_UNIT)
    assert d.to_user_id == STRANGER
    assert notices.to(STRANGER) == ["delegated"]


async def test_delegating_to_a_queue_keeps_the_owner_and_tells_every_other_member(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt)
    d = await service.delegate(uow, rt, agent(), POLICY, request.id, to_queue_id=QUEUE_ID)
    stored = await uow.service_requests.get(request.id)
    assert stored is not None
    assert (stored.owner_id, stored.queue_id, stored.delegated_to_queue_id) == (
        ME,
        QUEUE_ID,
        QUEUE_ID,
    )
    assert d.to_queue_id == QUEUE_ID
    assert notices.to(MEMBER) == ["delegated"]
    assert notices.to(ME) == []  # the delegator is a member too, but put it there herself
    assert notices.sent[0].params["queue"] == "Sopimukset"


async def test_a_new_delegation_supersedes_the_active_one(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt)
    first = await service.delegate(uow, rt, agent(), POLICY, request.id, to_queue_id=QUEUE_ID)
    second = await service.delegate(uow, rt, agent(), POLICY, request.id, to_user_id=COLLEAGUE)
    assert uow.service_delegations.rows[first.id].status is DelegationStatus.SUPERSEDED
    assert uow.service_delegations.rows[second.id].status is DelegationStatus.ACTIVE
    stored = await uow.service_requests.get(request.id)
    assert stored is not None
    assert (stored.queue_id, stored.delegated_to_queue_id, stored.delegated_to_user_id) == (
        None,
        None,
        COLLEAGUE,
    )
    with pytest.raises(Conflict):
        await service.acknowledge(
            uow,
            rt,
            agent(queue_ids=frozenset({QUEUE_ID})),  # a member who still reads it
            request.id,
            first.id,
        )


async def test_a_closed_request_is_not_delegated(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt, status_reason=StatusReason.RESOLVED)
    with pytest.raises(Conflict):
        await service.delegate(uow, rt, agent(), POLICY, request.id, to_user_id=COLLEAGUE)


async def test_only_the_delegatee_acknowledges_and_it_counts_as_the_first_response(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt)
    d = await service.delegate(uow, rt, agent(), POLICY, request.id, to_user_id=COLLEAGUE)
    with pytest.raises(Forbidden):
        await service.acknowledge(uow, rt, agent(), request.id, d.id)
    with pytest.raises(NotFound):
        await service.acknowledge(uow, rt, agent(COLLEAGUE), request.id, UUID(int=12345))
    rt.clock.advance(hours=3)
    acked = await service.acknowledge(uow, rt, agent(COLLEAGUE), request.id, d.id)
    assert (acked.status, acked.acknowledged_by_id) == (DelegationStatus.ACKNOWLEDGED, COLLEAGUE)
    stored = await uow.service_requests.get(request.id)
    assert stored is not None
    assert (stored.first_response_at, stored.first_response_hours) == (rt.clock.now(), 3.0)
    again = await service.acknowledge(uow, rt, agent(COLLEAGUE), request.id, d.id)
    assert again.acknowledged_at == acked.acknowledged_at
    assert uow.service_log.kinds(request.id).count("acknowledged") == 1


async def test_a_queue_member_picks_the_request_into_their_own_unit(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt)
    d = await service.delegate(uow, rt, agent(), POLICY, request.id, to_queue_id=QUEUE_ID, note="x")
    outsider = agent(STRANGER, OTHER_UNIT, depth=Depth.OWN)
    with pytest.raises(NotFound):  # cannot even see it
        await service.pick(uow, rt, outsider, request.id)
    same_unit_non_member = agent(COLLEAGUE)
    with pytest.raises(Forbidden):
        await service.pick(uow, rt, same_unit_non_member, request.id)
    member = agent(
        MEMBER,
        OTHER_UNIT,
        depth=Depth.OWN,
        queue_ids=frozenset({QUEUE_ID}),
        name="Maija Member",
    )
    picked = await service.pick(uow, rt, member, request.id)
    assert (picked.owner_id, picked.business_unit_id, picked.queue_id) == (
        MEMBER,
        OTHER_UNIT,
        None,
    )
    assert picked.first_response_at == rt.clock.now()
    stored = uow.service_delegations.rows[d.id]
    assert (stored.status, stored.acknowledged_by_id) == (DelegationStatus.ACKNOWLEDGED, MEMBER)
    assert notices.to(ME) == ["request_picked"]
    assert notices.sent[-1].params["by"] == "Maija Member"
    assert uow.service_log.kinds(request.id)[-1] == "picked"
    with pytest.raises(Conflict):  # no longer in the queue
        await service.pick(uow, rt, member, request.id)


async def test_picking_needs_the_pickers_own_update_privilege(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt)
    await service.delegate(uow, rt, agent(), POLICY, request.id, to_queue_id=QUEUE_ID)
    read_only_member = agent(
        MEMBER, OTHER_UNIT, actions=(Action.READ,), queue_ids=frozenset({QUEUE_ID})
    )
    with pytest.raises(Forbidden):
        await service.pick(uow, rt, read_only_member, request.id)


async def test_the_delegator_hears_of_status_changes_but_not_of_their_own(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt)
    await service.delegate(uow, rt, agent(), POLICY, request.id, to_user_id=COLLEAGUE)
    changed = await service.change_status(
        uow, rt, agent(COLLEAGUE), request.id, StatusReason.WAITING_FOR_INFORMATION, 2
    )
    assert notices.to(ME) == ["status_changed"]
    assert notices.sent[-1].params["status"] == "waiting_for_information"
    await service.change_status(
        uow, rt, agent(), request.id, StatusReason.RESOLVED, changed.version
    )
    assert notices.to(ME) == ["status_changed"]


# ------------------------------------------------------------------ reminders in working hours


@pytest.mark.parametrize(
    ("delegated", "hours", "remind", "why"),
    [
        (hki(2026, 6, 15, 9), 4, hki(2026, 6, 15, 13), "Monday morning: the same afternoon"),
        (hki(2026, 6, 12, 14), 4, hki(2026, 6, 15, 10), "Friday 14:00: over the weekend"),
        (hki(2026, 6, 13, 11), 4, hki(2026, 6, 15, 12), "Saturday: counted from Monday 8:00"),
        (hki(2026, 6, 18, 15), 4, hki(2026, 6, 22, 11), "Midsummer Eve and Day are off"),
        (hki(2026, 6, 18, 17), 1, hki(2026, 6, 22, 9), "after hours before Midsummer"),
        (hki(2027, 12, 3, 14), 4, hki(2027, 12, 7, 10), "Independence Day 2027 is a Monday"),
        (hki(2026, 12, 4, 15), 2, hki(2026, 12, 7, 9), "Independence Day 2026 is a Sunday"),
        (hki(2026, 12, 23, 15), 4, hki(2026, 12, 28, 11), "Christmas Eve to Boxing Day"),
        (hki(2026, 12, 31, 15), 2, hki(2027, 1, 4, 9), "New Year's Day"),
    ],
)
async def test_the_reminder_falls_due_after_n_working_hours(
    uow: FakeServiceUnitOfWork,
    rt: ServiceRt,
    notices: Notices,
    delegated: datetime,
    hours: float,
    remind: datetime,
    why: str,
) -> None:
    rt.clock.current = delegated
    request = await new_request(uow, rt, received_at=delegated)
    policy = ServicePolicy(delegation_reminder_working_hours=hours)
    d = await service.delegate(uow, rt, agent(), policy, request.id, to_user_id=COLLEAGUE)
    assert d.remind_at == remind, why


async def test_reminders_go_once_to_the_delegatees_and_the_delegator(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    # Thursday before Midsummer, 15:00: four working hours end on Monday at 11:00.
    rt.clock.current = hki(2026, 6, 18, 15)
    to_queue = await new_request(uow, rt, received_at=rt.clock.now())
    to_user = await new_request(uow, rt, received_at=rt.clock.now())
    acked = await new_request(uow, rt, received_at=rt.clock.now())
    closed = await new_request(uow, rt, received_at=rt.clock.now())
    q = await service.delegate(uow, rt, agent(), POLICY, to_queue.id, to_queue_id=QUEUE_ID)
    await service.delegate(uow, rt, agent(), POLICY, to_user.id, to_user_id=COLLEAGUE)
    a = await service.delegate(uow, rt, agent(), POLICY, acked.id, to_user_id=COLLEAGUE)
    await service.acknowledge(uow, rt, agent(COLLEAGUE), acked.id, a.id)
    c = await service.delegate(uow, rt, agent(), POLICY, closed.id, to_user_id=COLLEAGUE)
    await service.change_status(uow, rt, agent(COLLEAGUE), closed.id, StatusReason.DONE, 2)
    assert q.remind_at == hki(2026, 6, 22, 11)
    notices.sent.clear()

    assert await service.send_due_reminders(uow, rt, hki(2026, 6, 20, 12)) == 0  # Midsummer Day
    assert await service.send_due_reminders(uow, rt, hki(2026, 6, 22, 10, 59)) == 0
    assert await service.send_due_reminders(uow, rt, hki(2026, 6, 22, 11)) == 2
    assert await service.send_due_reminders(uow, rt, hki(2026, 6, 23, 11)) == 0
    assert notices.to(MEMBER) == ["delegation_reminder"]
    assert notices.to(COLLEAGUE) == ["delegation_reminder"]
    assert notices.to(ME) == ["delegation_unacknowledged", "delegation_unacknowledged"]
    unacknowledged = [n for n in notices.sent if n.kind.value == "delegation_unacknowledged"]
    assert {n.params.get("to") for n in unacknowledged} == {"Sopimukset", "Kalle Colleague"}
    assert uow.service_delegations.rows[q.id].reminded_at == hki(2026, 6, 22, 11)
    assert uow.service_delegations.rows[c.id].reminded_at is None
    assert uow.service_log.kinds(to_queue.id)[-1] == "reminded"
    assert uow.service_log.kinds(acked.id)[-1] == "acknowledged"


async def test_a_reminder_another_run_already_sent_is_not_sent_twice(
    uow: FakeServiceUnitOfWork, rt: ServiceRt, notices: Notices
) -> None:
    request = await new_request(uow, rt)
    d = await service.delegate(uow, rt, agent(), POLICY, request.id, to_user_id=COLLEAGUE)
    due = await uow.service_delegations.due_reminders(d.remind_at, 10)
    assert [x.id for x in due] == [d.id]
    await uow.service_delegations.mark_reminded(d.id, d.remind_at)  # a concurrent worker
    notices.sent.clear()
    original = uow.service_delegations.due_reminders

    async def stale(now: datetime, limit: int) -> list[service.Delegation]:
        return due  # the list this run read before the other worker marked it

    uow.service_delegations.due_reminders = stale  # type: ignore[method-assign]
    assert await service.send_due_reminders(uow, rt, d.remind_at) == 0
    assert notices.sent == []
    uow.service_delegations.due_reminders = original  # type: ignore[method-assign]
