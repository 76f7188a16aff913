"""In-memory adapters of the offers context's ports (kept apart from fakes.py, which the other
contexts share)."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from uuid import UUID

from fakes import FakeAuditLog, FakeRuntime, _Store

from domain.offers import (
    AccountRef,
    ActivityRef,
    Colleague,
    ContactRef,
    Offer,
    OfferType,
    Order,
    ProductRef,
    SalesTarget,
)
from domain.shared import Principal


class FakeOfferTypes(_Store[OfferType]):
    def __init__(self) -> None:
        super().__init__("offer_type")
        self.used: set[UUID] = set()

    async def by_key(self, key: str) -> OfferType | None:
        return next((copy.deepcopy(t) for t in self.rows.values() if t.key == key), None)

    async def delete(self, type_id: UUID) -> None:
        del self.rows[type_id]

    async def in_use(self, type_id: UUID) -> bool:
        return type_id in self.used


class _Numbered:
    def __init__(self) -> None:
        self.serials: Counter[int] = Counter()

    async def next_serial(self, year: int) -> int:
        self.serials[year] += 1
        return self.serials[year]


class FakeOffers(_Store[Offer], _Numbered):
    def __init__(self) -> None:
        _Store.__init__(self, "offer")
        _Numbered.__init__(self)


class FakeOrders(_Store[Order], _Numbered):
    def __init__(self) -> None:
        _Store.__init__(self, "order")
        _Numbered.__init__(self)

    async def by_external_reference(self, reference: str) -> Order | None:
        return next(
            (copy.deepcopy(o) for o in self.rows.values() if o.external_reference == reference),
            None,
        )


class FakeSalesTargets(_Store[SalesTarget]):
    def __init__(self) -> None:
        super().__init__("sales_target")

    async def find(self, user_id: UUID, year: int) -> SalesTarget | None:
        return next(
            (t for t in self.rows.values() if t.user_id == user_id and t.year == year), None
        )

    async def delete(self, target_id: UUID) -> None:
        del self.rows[target_id]


@dataclass
class FakeOfferDirectory:
    accounts: dict[UUID, AccountRef] = field(default_factory=dict)
    contacts: dict[UUID, ContactRef] = field(default_factory=dict)
    product_refs: dict[UUID, ProductRef] = field(default_factory=dict)
    # activity id → (its account, the users who may read it)
    activities: dict[UUID, tuple[UUID | None, frozenset[UUID]]] = field(default_factory=dict)
    colleagues: dict[UUID, Colleague] = field(default_factory=dict)
    units: set[UUID] = field(default_factory=set)

    async def account(self, account_id: UUID) -> AccountRef | None:
        return self.accounts.get(account_id)

    async def contact(self, contact_id: UUID) -> ContactRef | None:
        return self.contacts.get(contact_id)

    async def products(self, product_ids: Collection[UUID]) -> dict[UUID, ProductRef]:
        return {i: self.product_refs[i] for i in product_ids if i in self.product_refs}

    async def readable_activity(
        self, principal: Principal, activity_id: UUID
    ) -> ActivityRef | None:
        found = self.activities.get(activity_id)
        if found is None or principal.user_id not in found[1]:
            return None
        return ActivityRef(activity_id, found[0])

    async def colleague(self, user_id: UUID) -> Colleague | None:
        return self.colleagues.get(user_id)

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        return unit_id in self.units


class FakeOffersUnitOfWork:
    def __init__(self) -> None:
        self.offer_types = FakeOfferTypes()
        self.offers = FakeOffers()
        self.orders = FakeOrders()
        self.sales_targets = FakeSalesTargets()
        self.offer_directory = FakeOfferDirectory()
        self.audit = FakeAuditLog()
        self.commits = 0

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        pass


__all__ = ["FakeOffersUnitOfWork", "FakeRuntime"]
