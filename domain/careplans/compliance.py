"""Care-plan compliance: of the generated touches (cancelled ones left out) grouped per
account, account manager, business unit or month of the due day — planned, due (the due day
has passed), done on time (by the due day, even before it), late (done after it), missed (not
done and the due day plus the grace days passed) and still open; and the accounts with no
contact for longer than their plan allows (the last done activity on the account is older
than the shortest interval of the plan's touches).

The rows come from a query that starts from the caller's read scope on accounts, so no
figure includes an account the caller may not read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.careplans.model import office_date


class GroupBy(StrEnum):
    ACCOUNT = "account"
    ACCOUNT_MANAGER = "account_manager"
    BUSINESS_UNIT = "business_unit"
    MONTH = "month"


@dataclass(frozen=True)
class TouchRow:
    """One generated touch with its activity, as the compliance query reads it."""

    account_id: UUID
    account_name: str
    account_manager_id: UUID | None
    account_manager_name: str | None
    business_unit_id: UUID
    business_unit_name: str
    due_on: date
    done: bool
    completed_at: datetime | None


@dataclass
class Figures:
    planned: int = 0
    due: int = 0
    on_time: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0

    @property
    def rate(self) -> float | None:
        """Done on time out of the decided ones (on time, late, missed), in per cent."""
        decided = self.on_time + self.late + self.missed
        return round(100 * self.on_time / decided, 1) if decided else None

    def add(self, row: TouchRow, today: date, grace_days: int) -> None:
        self.planned += 1
        if row.due_on < today:
            self.due += 1
        if row.done:
            done_on = office_date(row.completed_at) if row.completed_at else today
            if done_on <= row.due_on:
                self.on_time += 1
            else:
                self.late += 1
        elif row.due_on + timedelta(days=grace_days) < today:
            self.missed += 1
        else:
            self.open += 1


@dataclass
class Group:
    key: str
    label: str | None
    figures: Figures = field(default_factory=Figures)


def _key(row: TouchRow, by: GroupBy) -> tuple[str, str | None]:
    if by is GroupBy.ACCOUNT:
        return str(row.account_id), row.account_name
    if by is GroupBy.ACCOUNT_MANAGER:
        if row.account_manager_id is None:
            return "", None
        return str(row.account_manager_id), row.account_manager_name
    if by is GroupBy.BUSINESS_UNIT:
        return str(row.business_unit_id), row.business_unit_name
    return row.due_on.strftime("%Y-%m"), row.due_on.strftime("%Y-%m")


def compliance(
    rows: Iterable[TouchRow], by: GroupBy, today: date, grace_days: int = 0
) -> tuple[list[Group], Figures]:
    groups: dict[str, Group] = {}
    total = Figures()
    for row in rows:
        key, label = _key(row, by)
        group = groups.setdefault(key, Group(key, label))
        group.figures.add(row, today, grace_days)
        total.add(row, today, grace_days)
    ordered = sorted(
        groups.values(),
        key=lambda g: g.key if by is GroupBy.MONTH else ((g.label or "").casefold(), g.key),
    )
    return ordered, total


@dataclass(frozen=True)
class ContactRow:
    account_id: UUID
    account_name: str
    account_manager_id: UUID | None
    account_manager_name: str | None
    plan_id: UUID
    plan_name: str
    allowed_days: int
    last_contact_at: datetime | None


def without_contact(
    rows: Iterable[ContactRow], now: datetime
) -> list[tuple[ContactRow, int | None]]:
    """The accounts whose last contact is older than their plan allows, with the days since
    it (None: never), longest first."""
    found: list[tuple[ContactRow, int | None]] = []
    for row in rows:
        if row.last_contact_at is None:
            found.append((row, None))
            continue
        days = (now - row.last_contact_at).days
        if days > row.allowed_days:
            found.append((row, days))
    found.sort(
        key=lambda item: (-(item[1] if item[1] is not None else 10**6), item[0].account_name)
    )
    return found
