"""Activity use cases on in-memory fakes: owners and delegation, status transitions, what an
activity may be about, and the 'my work' buckets in Helsinki time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from fakes import FakeActivitiesUnitOfWork, FakeRuntime

from domain.activities import (
    ActivityInput,
    ActivityStatus,
    ActivityType,
    Direction,
    RegardingType,
    WorkBucket,
    due_window,
)
from domain.activities import services as activities
from domain.notifications import Notice, NotificationKind
from domain.shared import (
    Action,
    Depth,
    Forbidden,
    InvalidTransition,
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
ME = UUID(int=1)
COLLEAGUE = UUID(int=2)  # same unit
STRANGER = UUID(int=3)  # another unit
ACCOUNT = UUID(int=100)
CONTACT = UUID(int=101)
REQUEST = UUID(int=102)


def principal(
    user_id: UUID = ME,
    unit: UUID = UNIT,
    depth: Depth = Depth.BUSINESS_UNIT,
    assign: Depth | None = None,
) -> Principal:
    privileges = [Privilege("activity", a, depth) for a in Action if a is not Action.ASSIGN]
    privileges.append(Privilege("activity", Action.ASSIGN, assign or depth))
    return Principal(
        user_id=user_id,
        business_unit_id=unit,
        name="Minna Myyjä",
        team_member_ids=frozenset({user_id}),
        privileges=Principal.merge(privileges),
    )


# A sales user: reads the unit, but creates and assigns only their own.
def sales() -> Principal:
    return principal(assign=Depth.OWN)


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[Notice]:
    sent: list[Notice] = []

    async def fake_notify(uow: object, rt: object, notice: Notice) -> None:
        sent.append(notice)

    monkeypatch.setattr(activities, "notify", fake_notify)
    return sent


@pytest.fixture
def uow() -> FakeActivitiesUnitOfWork:
    fake = FakeActivitiesUnitOfWork()
    fake.directory.units.update({ME: UNIT, COLLEAGUE: UNIT, STRANGER: OTHER_UNIT})
    fake.activity_regarding.put("account", ACCOUNT, ACCOUNT, "Kone Oyj")
    fake.activity_regarding.put("contact", CONTACT, ACCOUNT, "Maija Meikäläinen")
    fake.activity_regarding.put(
        "service_request", REQUEST, ACCOUNT, "PP-2026-000001 Lasku", readers=frozenset({ME})
    )
    return fake


@pytest.fixture
def rt() -> FakeRuntime:
    return FakeRuntime()


def task(**fields: object) -> ActivityInput:
    return ActivityInput(**{"type": ActivityType.TASK, "subject": "Soita takaisin", **fields})  # type: ignore[arg-type]


# ------------------------------------------------------------------ create and owners


async def test_a_task_is_owned_by_its_creator_open_and_happens_when_due(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    due = rt.clock.now() + timedelta(days=2)
    created = await activities.create_activity(
        uow, rt, principal(), task(subject="  Soita   takaisin ", due_at=due)
    )
    assert (created.owner_id, created.business_unit_id) == (ME, UNIT)
    assert created.subject == "Soita takaisin"
    assert created.status is ActivityStatus.OPEN
    assert created.completed_at is None
    assert created.occurred_at == due
    assert created.delegated_by_id is None
    assert created.created_by == ME
    assert uow.commits == 1
    assert [c.operation for c in uow.audit.changes] == [Operation.CREATE]
    assert notices == []


async def test_a_logged_note_is_done_at_once_and_happened_now(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    note = await activities.create_activity(
        uow, rt, principal(), ActivityInput(type=ActivityType.NOTE, subject="Asiakas kiitti")
    )
    assert note.status is ActivityStatus.DONE
    assert note.completed_at == rt.clock.now()
    assert note.occurred_at == rt.clock.now()


async def test_a_call_without_due_time_happened_now(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    call = await activities.create_activity(
        uow,
        rt,
        principal(),
        ActivityInput(type=ActivityType.PHONE_CALL, subject="Soitto", direction=Direction.INCOMING),
    )
    assert call.status is ActivityStatus.OPEN
    assert call.occurred_at == rt.clock.now()
    assert call.direction is Direction.INCOMING


async def test_giving_a_task_to_a_colleague_delegates_it_and_notifies_them(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    created = await activities.create_activity(
        uow, rt, principal(), task(owner_id=COLLEAGUE, subject="Tarkista sopimus")
    )
    assert created.owner_id == COLLEAGUE
    assert created.delegated_by_id == ME
    assert notices == [
        Notice(
            user_id=COLLEAGUE,
            kind=NotificationKind.DELEGATED,
            params={"title": "Tarkista sopimus", "by": "Minna Myyjä"},
            record_type="activity",
            record_id=created.id,
        )
    ]
    assert uow.commits == 1


async def test_giving_a_task_to_someone_needs_the_assign_privilege_reaching_them(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    with pytest.raises(Forbidden):
        await activities.create_activity(uow, rt, sales(), task(owner_id=COLLEAGUE))
    with pytest.raises(Forbidden):  # unit-depth assign does not reach another unit
        await activities.create_activity(uow, rt, principal(), task(owner_id=STRANGER))
    assert uow.activities.rows == {}
    assert notices == []
    assert uow.commits == 0


async def test_an_unknown_owner_is_refused_on_the_owner_field(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    with pytest.raises(ValidationFailed) as err:
        await activities.create_activity(uow, rt, principal(), task(owner_id=UUID(int=99)))
    assert err.value.errors[0].loc == ("owner_id",)


async def test_creating_needs_the_create_privilege(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    reader = Principal(
        user_id=ME,
        business_unit_id=UNIT,
        privileges={("activity", Action.READ): Depth.BUSINESS_UNIT},
    )
    with pytest.raises(Forbidden):
        await activities.create_activity(uow, rt, reader, task())


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (task(duration_minutes=-1), "duration_minutes"),
        (task(duration_minutes=7 * 24 * 60 + 1), "duration_minutes"),
        (task(direction=Direction.OUTGOING), "direction"),
        (task(subject="   "), "subject"),
        (task(regarding_type=RegardingType.ACCOUNT), "regarding_id"),
        (task(regarding_id=ACCOUNT), "regarding_type"),
    ],
)
async def test_invalid_fields_are_refused_naming_the_field(
    uow: FakeActivitiesUnitOfWork,
    rt: FakeRuntime,
    notices: list[Notice],
    data: ActivityInput,
    field: str,
) -> None:
    with pytest.raises(ValidationFailed) as err:
        await activities.create_activity(uow, rt, principal(), data)
    assert err.value.errors[0].loc == (field,)
    assert uow.activities.rows == {}


async def test_a_week_long_activity_and_an_outgoing_email_are_fine(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    long = await activities.create_activity(uow, rt, principal(), task(duration_minutes=10080))
    assert long.duration_minutes == 10080
    email = await activities.create_activity(
        uow,
        rt,
        principal(),
        ActivityInput(type=ActivityType.EMAIL, subject="Tarjous", direction=Direction.OUTGOING),
    )
    assert email.status is ActivityStatus.DONE


# ------------------------------------------------------------------ regarding


@pytest.mark.parametrize(
    ("kind", "record"),
    [
        (RegardingType.ACCOUNT, ACCOUNT),
        (RegardingType.CONTACT, CONTACT),
        (RegardingType.SERVICE_REQUEST, REQUEST),
    ],
)
async def test_the_account_is_derived_from_the_regarding_record(
    uow: FakeActivitiesUnitOfWork,
    rt: FakeRuntime,
    notices: list[Notice],
    kind: RegardingType,
    record: UUID,
) -> None:
    created = await activities.create_activity(
        uow, rt, principal(), task(regarding_type=kind, regarding_id=record)
    )
    assert (created.regarding_type, created.regarding_id) == (kind, record)
    assert created.account_id == ACCOUNT


async def test_a_missing_or_unreadable_regarding_record_is_a_422_on_regarding_id(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    with pytest.raises(ValidationFailed) as err:
        await activities.create_activity(
            uow,
            rt,
            principal(),
            task(regarding_type=RegardingType.ACCOUNT, regarding_id=UUID(int=999)),
        )
    assert err.value.errors[0].loc == ("regarding_id",)
    # The request exists, but only ME may read it.
    with pytest.raises(ValidationFailed) as err:
        await activities.create_activity(
            uow,
            rt,
            principal(COLLEAGUE),
            task(regarding_type=RegardingType.SERVICE_REQUEST, regarding_id=REQUEST),
        )
    assert err.value.errors[0].loc == ("regarding_id",)
    assert uow.activities.rows == {}


async def test_changing_what_it_is_about_rederives_the_account_and_clearing_drops_it(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    other_account = UUID(int=200)
    uow.activity_regarding.put("account", other_account, other_account, "Toinen Oy")
    created = await activities.create_activity(
        uow, rt, principal(), task(regarding_type=RegardingType.CONTACT, regarding_id=CONTACT)
    )
    moved = await activities.update_activity(
        uow,
        rt,
        principal(),
        created.id,
        {"regarding_type": RegardingType.ACCOUNT, "regarding_id": other_account},
        1,
    )
    assert moved.account_id == other_account
    cleared = await activities.update_activity(
        uow, rt, principal(), created.id, {"regarding_type": None, "regarding_id": None}, 2
    )
    assert (cleared.regarding_type, cleared.regarding_id, cleared.account_id) == (None,) * 3


# ------------------------------------------------------------------ status transitions


async def _open_task(uow: FakeActivitiesUnitOfWork, rt: FakeRuntime) -> UUID:
    return (await activities.create_activity(uow, rt, principal(), task())).id


async def test_done_sets_completed_at_and_reopening_clears_it_in_the_history(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    activity_id = await _open_task(uow, rt)
    rt.clock.advance(hours=1)
    done = await activities.update_activity(
        uow, rt, principal(), activity_id, {"status": ActivityStatus.DONE}, 1
    )
    assert done.status is ActivityStatus.DONE
    assert done.completed_at == rt.clock.now()
    rt.clock.advance(hours=1)
    reopened = await activities.update_activity(
        uow, rt, principal(), activity_id, {"status": ActivityStatus.OPEN}, 2
    )
    assert reopened.status is ActivityStatus.OPEN
    assert reopened.completed_at is None
    assert reopened.version == 3
    last = uow.audit.entries[-1]
    changes = {c.field: (c.old_value, c.new_value) for c in last.changes}
    assert changes["status"] == ("done", "open")
    assert changes["completed_at"][1] is None


async def test_a_cancelled_activity_can_be_reopened(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    activity_id = await _open_task(uow, rt)
    await activities.update_activity(
        uow, rt, principal(), activity_id, {"status": ActivityStatus.CANCELLED}, 1
    )
    reopened = await activities.update_activity(
        uow, rt, principal(), activity_id, {"status": ActivityStatus.OPEN}, 2
    )
    assert reopened.status is ActivityStatus.OPEN


@pytest.mark.parametrize(
    ("first", "then", "allowed"),
    [
        (ActivityStatus.DONE, ActivityStatus.CANCELLED, ["open"]),
        (ActivityStatus.CANCELLED, ActivityStatus.DONE, ["open"]),
    ],
)
async def test_a_closed_activity_only_reopens(
    uow: FakeActivitiesUnitOfWork,
    rt: FakeRuntime,
    notices: list[Notice],
    first: ActivityStatus,
    then: ActivityStatus,
    allowed: list[str],
) -> None:
    activity_id = await _open_task(uow, rt)
    await activities.update_activity(uow, rt, principal(), activity_id, {"status": first}, 1)
    with pytest.raises(InvalidTransition) as err:
        await activities.update_activity(uow, rt, principal(), activity_id, {"status": then}, 2)
    assert err.value.allowed == allowed
    stored = await uow.activities.get(activity_id)
    assert stored is not None
    assert stored.status is first
    assert stored.version == 2


async def test_sending_the_current_status_changes_nothing(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    activity_id = await _open_task(uow, rt)
    same = await activities.update_activity(
        uow, rt, principal(), activity_id, {"status": ActivityStatus.OPEN}, 1
    )
    assert same.version == 1
    assert len(uow.audit.entries) == 1


# ------------------------------------------------------------------ updates


async def test_a_stale_version_is_refused(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    activity_id = await _open_task(uow, rt)
    await activities.update_activity(uow, rt, principal(), activity_id, {"subject": "Uusi"}, 1)
    with pytest.raises(StaleVersion):
        await activities.update_activity(uow, rt, principal(), activity_id, {"subject": "Vanha"}, 1)


async def test_moving_the_due_time_of_a_task_moves_when_it_happens(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    due = rt.clock.now() + timedelta(days=1)
    created = await activities.create_activity(uow, rt, principal(), task(due_at=due))
    later = due + timedelta(days=3)
    moved = await activities.update_activity(uow, rt, principal(), created.id, {"due_at": later}, 1)
    assert moved.occurred_at == later


async def test_reassigning_delegates_and_notifies_and_taking_it_back_clears_the_delegator(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    activity_id = await _open_task(uow, rt)
    given = await activities.update_activity(
        uow, rt, principal(), activity_id, {"owner_id": COLLEAGUE}, 1
    )
    assert (given.owner_id, given.delegated_by_id) == (COLLEAGUE, ME)
    assert [n.user_id for n in notices] == [COLLEAGUE]
    taken = await activities.update_activity(
        uow, rt, principal(COLLEAGUE), activity_id, {"owner_id": COLLEAGUE}, 2
    )
    assert taken.version == 2  # the same owner: no change
    back = await activities.update_activity(uow, rt, principal(), activity_id, {"owner_id": ME}, 2)
    assert (back.owner_id, back.delegated_by_id) == (ME, None)
    assert len(notices) == 1


async def test_reassigning_needs_the_assign_privilege(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    activity_id = await _open_task(uow, rt)
    with pytest.raises(Forbidden):
        await activities.update_activity(uow, rt, sales(), activity_id, {"owner_id": COLLEAGUE}, 1)
    stored = await uow.activities.get(activity_id)
    assert stored is not None
    assert stored.owner_id == ME
    assert notices == []


async def test_the_type_cannot_be_changed(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    activity_id = await _open_task(uow, rt)
    with pytest.raises(ValidationFailed) as err:
        await activities.update_activity(
            uow, rt, principal(), activity_id, {"type": ActivityType.NOTE}, 1
        )
    assert err.value.errors[0].loc == ("type",)


async def test_another_units_activity_is_not_found(
    uow: FakeActivitiesUnitOfWork, rt: FakeRuntime, notices: list[Notice]
) -> None:
    activity_id = await _open_task(uow, rt)
    outsider = principal(STRANGER, OTHER_UNIT)
    with pytest.raises(NotFound):
        await activities.get_activity(uow, outsider, activity_id)
    with pytest.raises(NotFound):
        await activities.update_activity(uow, rt, outsider, activity_id, {"subject": "x"}, 1)


# ------------------------------------------------------------------ my work buckets


def helsinki(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Helsinki"))


def test_today_and_this_week_are_helsinki_calendar_days() -> None:
    # Sunday 2026-03-08 23:30 in Helsinki is 21:30 UTC: still Sunday, still that week.
    now = helsinki(2026, 3, 8, 23, 30)
    today = due_window(WorkBucket.TODAY, now)
    week = due_window(WorkBucket.THIS_WEEK, now)
    assert today is not None
    assert week is not None
    assert today.start == datetime(2026, 3, 7, 22, 0, tzinfo=UTC)
    assert today.end == datetime(2026, 3, 8, 22, 0, tzinfo=UTC)
    assert week.start == datetime(2026, 3, 1, 22, 0, tzinfo=UTC)  # Monday 2 March 00:00
    assert week.end == datetime(2026, 3, 8, 22, 0, tzinfo=UTC)


def test_a_day_across_the_summer_time_change_is_23_hours() -> None:
    # Finland moves to summer time on Sunday 2026-03-29 at 03:00.
    today = due_window(WorkBucket.TODAY, helsinki(2026, 3, 29, 12, 0))
    assert today is not None
    assert today.start is not None
    assert today.end - today.start == timedelta(hours=23)
    week = due_window(WorkBucket.THIS_WEEK, helsinki(2026, 3, 30, 1, 0))
    assert week is not None
    assert week.start == datetime(2026, 3, 29, 21, 0, tzinfo=UTC)  # Monday 00:00 at +03


def test_overdue_is_before_now_and_delegated_has_no_due_window() -> None:
    now = datetime(2026, 5, 5, 9, 0, tzinfo=UTC)
    overdue = due_window(WorkBucket.OVERDUE, now)
    assert overdue is not None
    assert (overdue.start, overdue.end) == (None, now)
    assert due_window(WorkBucket.DELEGATED_BY_ME, now) is None
