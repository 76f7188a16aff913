"""What offers, orders and sales targets need from the outside world."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from domain.offers.model import Offer, OfferType, Order, SalesTarget
from domain.shared import AuditLog, Principal


class OfferTypeRepository(Protocol):
    async def get(self, type_id: UUID) -> OfferType | None: ...
    async def by_key(self, key: str) -> OfferType | None: ...
    async def add(self, offer_type: OfferType) -> None: ...
    async def update(self, offer_type: OfferType, expected_version: int) -> None: ...
    async def delete(self, type_id: UUID) -> None: ...
    async def in_use(self, type_id: UUID) -> bool:
        """Whether any offer has this type."""
        ...


class OfferRepository(Protocol):
    async def get(self, offer_id: UUID) -> Offer | None:
        """The offer with its lines."""
        ...

    async def add(self, offer: Offer) -> None: ...
    async def update(self, offer: Offer, expected_version: int) -> None:
        """Saves the fields (version-checked) and replaces the lines."""
        ...

    async def next_serial(self, year: int) -> int:
        """The next free offer-number serial of the year, reserved until the transaction
        ends (concurrent creates wait for each other here)."""
        ...


class OrderRepository(Protocol):
    async def get(self, order_id: UUID) -> Order | None: ...
    async def by_external_reference(self, reference: str) -> Order | None: ...
    async def add(self, order: Order) -> None: ...
    async def update(self, order: Order, expected_version: int) -> None: ...
    async def next_serial(self, year: int) -> int: ...


class SalesTargetRepository(Protocol):
    async def get(self, target_id: UUID) -> SalesTarget | None: ...
    async def find(self, user_id: UUID, year: int) -> SalesTarget | None: ...
    async def add(self, target: SalesTarget) -> None: ...
    async def update(self, target: SalesTarget, expected_version: int) -> None: ...
    async def delete(self, target_id: UUID) -> None: ...


@dataclass(frozen=True)
class AccountRef:
    """Enough of an account to check access, passivity and whose customer it is."""

    id: UUID
    name: str
    owner_id: UUID
    business_unit_id: UUID
    account_manager_id: UUID | None = None
    passive_since: datetime | None = None


@dataclass(frozen=True)
class ContactRef:
    id: UUID
    owner_id: UUID
    business_unit_id: UUID
    account_ids: frozenset[UUID] = frozenset()


@dataclass(frozen=True)
class ProductRef:
    id: UUID
    name: str
    is_active: bool
    code: str | None = None
    unit: str | None = None
    unit_price: Decimal | None = None


@dataclass(frozen=True)
class ActivityRef:
    """An activity the caller may read, with the account it belongs to."""

    id: UUID
    account_id: UUID | None


@dataclass(frozen=True)
class Colleague:
    id: UUID
    name: str
    business_unit_id: UUID
    is_active: bool


class OfferDirectory(Protocol):
    """Accounts, contacts, products, activities and colleagues, as offers need to know them."""

    async def account(self, account_id: UUID) -> AccountRef | None: ...
    async def contact(self, contact_id: UUID) -> ContactRef | None: ...
    async def products(self, product_ids: Collection[UUID]) -> dict[UUID, ProductRef]: ...
    async def readable_activity(
        self, principal: Principal, activity_id: UUID
    ) -> ActivityRef | None:
        """The activity, if it exists and the caller may read it (the one scoping rule)."""
        ...

    async def colleague(self, user_id: UUID) -> Colleague | None: ...
    async def business_unit_exists(self, unit_id: UUID) -> bool: ...


class OffersUnitOfWork(Protocol):
    @property
    def offer_types(self) -> OfferTypeRepository: ...
    @property
    def offers(self) -> OfferRepository: ...
    @property
    def orders(self) -> OrderRepository: ...
    @property
    def sales_targets(self) -> SalesTargetRepository: ...
    @property
    def offer_directory(self) -> OfferDirectory: ...
    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


@dataclass(frozen=True)
class OfferPolicy:
    """The configurable defaults of offers (from settings)."""

    # An offer without valid_until is valid this many days from its date.
    validity_days: int = 30
