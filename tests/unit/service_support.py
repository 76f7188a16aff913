"""What the service unit tests share: a runtime with the office calendar, principals, a
fake unit of work with a subject, an account and colleagues, and a recorder for notify()."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

import pytest
from fakes import FakeClock, FakeServiceUnitOfWork

from domain.notifications import Notice
from domain.service import RecordRef, Subject
from domain.shared import Action, Depth, OfficeCalendar, Principal, Privilege, UuidV7Factory

UNIT = UUID(int=10)
OTHER_UNIT = UUID(int=20)
ME = UUID(int=1)
COLLEAGUE = UUID(int=2)
STRANGER = UUID(int=3)  # in another unit
SUBJECT_ID = UUID(int=100)
ACCOUNT_ID = UUID(int=200)
GENERAL_ID = UUID(int=201)
CONTACT_ID = UUID(int=300)
# Monday 2026-06-15 09:00 in Helsinki.
MONDAY_9 = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)


@dataclass
class ServiceRt:
    clock: FakeClock = field(default_factory=lambda: FakeClock(MONDAY_9))
    ids: UuidV7Factory = field(default_factory=UuidV7Factory)
    calendar: OfficeCalendar = field(default_factory=OfficeCalendar)


def agent(
    user_id: UUID = ME,
    unit: UUID = UNIT,
    depth: Depth = Depth.BUSINESS_UNIT,
    *,
    queue_ids: frozenset[UUID] = frozenset(),
    actions: tuple[Action, ...] = tuple(Action),
    name: str = "",
) -> Principal:
    """A service agent: requests at `depth`, customers readable organisation-wide."""
    privileges = [Privilege("service_request", a, depth) for a in actions]
    privileges += [
        Privilege(e, Action.READ, Depth.ORGANISATION)
        for e in ("account", "contact", "subject", "queue")
    ]
    return Principal(
        user_id=user_id,
        business_unit_id=unit,
        name=name or f"User {user_id.int}",
        privileges=Principal.merge(privileges),
        queue_ids=queue_ids,
    )


def admin(user_id: UUID = ME) -> Principal:
    return Principal(
        user_id=user_id,
        business_unit_id=UNIT,
        name="Admin",
        privileges=Principal.merge(
            Privilege(e, a, Depth.ORGANISATION)
            for e in ("service_request", "subject", "queue", "account", "contact")
            for a in Action
        ),
    )


def service_uow() -> FakeServiceUnitOfWork:
    uow = FakeServiceUnitOfWork()
    uow.service_colleagues.put(ME, UNIT, "Minna Me")
    uow.service_colleagues.put(COLLEAGUE, UNIT, "Kalle Colleague")
    uow.service_colleagues.put(STRANGER, OTHER_UNIT, "Sanna Stranger")
    uow.subjects.rows[SUBJECT_ID] = Subject(SUBJECT_ID, "Laskutus", MONDAY_9, MONDAY_9)
    uow.service_customers.accounts[ACCOUNT_ID] = RecordRef(ACCOUNT_ID, "Kone Oyj", ME, UNIT)
    uow.service_customers.contacts[CONTACT_ID] = RecordRef(
        CONTACT_ID, "Maija Meikäläinen", ME, UNIT, frozenset({ACCOUNT_ID})
    )
    return uow


class Notices:
    """Records what notify() was asked to send."""

    def __init__(self) -> None:
        self.sent: list[Notice] = []

    async def __call__(self, uow: object, rt: object, notice: Notice) -> None:
        self.sent.append(notice)

    def to(self, user_id: UUID) -> list[str]:
        return [n.kind.value for n in self.sent if n.user_id == user_id]


def record_notices(monkeypatch: pytest.MonkeyPatch) -> Notices:
    """Replace notify() (another context's) with a recorder for the test."""
    recorder = Notices()
    monkeypatch.setattr("domain.notifications.notify", recorder)
    return recorder
