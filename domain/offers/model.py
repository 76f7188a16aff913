"""Offers (tarjoukset) and orders (tilaukset), their lines, offer types and sales targets, with
the pure rules of each.

Money rules, stated once:

- amounts are euros, exact `Decimal`s with two decimals, net of VAT;
- a line is quantity × unit price × (1 − discount % / 100), rounded once, to the cent, half
  up (0.005 → 0.01); quantities have at most three decimals, unit prices two, discounts two;
- an offer's or order's total is the exact sum of its rounded line totals (never rounded
  again), so the lines a customer sees always add up to the total.

An offer is open until it is won (accepted: the order is created in the same transaction),
lost (a reason is required) or cancelled (withdrawn by us). A lost offer may be reopened with
a reason, valid again; a won one may not (its order exists: cancel the order instead), and a
cancelled one stays cancelled. An open offer past its validity is *expired*: derived from
the date, never stored as a state.

An order is ordered (waiting for delivery) → in delivery (toimituksessa: it may be invoiced) →
invoiced; ordered or in delivery → cancelled. Every order that is not cancelled counts in the
account's purchase volume.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.shared import FieldError, InvalidTransition, ValidationFailed

OFFER = "offer"
ORDER = "order"
OFFER_TYPE = "offer_type"
SALES_TARGET = "sales_target"

# Business dates (offered, valid until, ordered, closed) are days in the organisation's zone;
# numbers follow its calendar year.
ZONE = ZoneInfo("Europe/Helsinki")
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)

CENT = Decimal("0.01")
QUANTITY_STEP = Decimal("0.001")
MAX_AMOUNT = Decimal("999999999999.99")  # Numeric(14, 2)
MAX_QUANTITY = Decimal("999999999.999")  # Numeric(12, 3)
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")
MAX_LINES = 100
MAX_ATTACHMENTS = 20
MAX_URL = 2000


def today(now: datetime) -> date:
    """The business date of a moment (Helsinki)."""
    return now.astimezone(ZONE).date()


class OfferStatus(StrEnum):
    """Tarjous (open), Tilaus (won: accepted, the order exists), Hävitty tarjous (lost),
    cancelled (withdrawn by us, e.g. made in error)."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"
    CANCELLED = "cancelled"


class OrderStatus(StrEnum):
    """Tilaus (ordered, waiting for delivery), Tilaus – toimituksessa (in delivery: it may be
    invoiced), invoiced, cancelled."""

    ORDERED = "ordered"
    IN_DELIVERY = "in_delivery"
    INVOICED = "invoiced"
    CANCELLED = "cancelled"


OFFER_TRANSITIONS: dict[OfferStatus, tuple[OfferStatus, ...]] = {
    OfferStatus.OPEN: (OfferStatus.WON, OfferStatus.LOST, OfferStatus.CANCELLED),
    OfferStatus.LOST: (OfferStatus.OPEN,),
    OfferStatus.WON: (),
    OfferStatus.CANCELLED: (),
}
ORDER_TRANSITIONS: dict[OrderStatus, tuple[OrderStatus, ...]] = {
    OrderStatus.ORDERED: (OrderStatus.IN_DELIVERY, OrderStatus.CANCELLED),
    OrderStatus.IN_DELIVERY: (OrderStatus.INVOICED, OrderStatus.CANCELLED),
    OrderStatus.INVOICED: (),
    OrderStatus.CANCELLED: (),
}
# Lines of an order can change until it is invoiced (the ERP may correct quantities).
EDITABLE_ORDER_STATUSES = frozenset({OrderStatus.ORDERED, OrderStatus.IN_DELIVERY})


# ------------------------------------------------------------------ value rules


def _decimal(value: Any, loc: tuple[str | int, ...], what: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationFailed([FieldError(loc, f"The {what} is not a number.")]) from exc
    if not amount.is_finite():
        raise ValidationFailed([FieldError(loc, f"The {what} is not a number.")])
    return amount


def check_amount(value: Any, loc: tuple[str | int, ...] = ("amount",)) -> Decimal:
    """Euros: 0 or more, at most two decimals (cents), at most 999 999 999 999.99."""
    amount = _decimal(value, loc, "amount")
    if amount < 0:
        raise ValidationFailed([FieldError(loc, "The amount cannot be negative.")])
    if amount > MAX_AMOUNT:
        raise ValidationFailed([FieldError(loc, f"The amount is at most {MAX_AMOUNT} EUR.")])
    if amount != amount.quantize(CENT):
        raise ValidationFailed([FieldError(loc, "The amount has at most two decimals (cents).")])
    return amount.quantize(CENT)


def check_quantity(value: Any, loc: tuple[str | int, ...]) -> Decimal:
    quantity = _decimal(value, loc, "quantity")
    if quantity <= 0:
        raise ValidationFailed([FieldError(loc, "The quantity must be more than zero.")])
    if quantity > MAX_QUANTITY:
        raise ValidationFailed([FieldError(loc, f"The quantity is at most {MAX_QUANTITY}.")])
    if quantity != quantity.quantize(QUANTITY_STEP):
        raise ValidationFailed([FieldError(loc, "The quantity has at most three decimals.")])
    return quantity.quantize(QUANTITY_STEP)


def check_discount(value: Any, loc: tuple[str | int, ...]) -> Decimal:
    discount = _decimal(value, loc, "discount")
    if not 0 <= discount <= HUNDRED:
        raise ValidationFailed([FieldError(loc, "The discount is 0 to 100 (%).")])
    if discount != discount.quantize(CENT):
        raise ValidationFailed([FieldError(loc, "The discount has at most two decimals.")])
    return discount.quantize(CENT)


def line_total(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    """quantity × unit price × (1 − discount/100), rounded once to the cent, half up. The
    product has up to 30 significant digits, so it is computed at a precision that holds
    them all exactly (the default context's 28 would round before the rule does)."""
    with localcontext() as ctx:
        ctx.prec = 60
        gross = quantity * unit_price * (HUNDRED - discount_percent) / HUNDRED
        return gross.quantize(CENT, rounding=ROUND_HALF_UP)


def clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def clean_title(value: str, field_name: str = "title", limit: int = 200) -> str:
    title = " ".join(str(value).split())
    if not title:
        raise ValidationFailed.field(field_name, "The title cannot be empty.")
    if len(title) > limit:
        raise ValidationFailed.field(field_name, f"The title is at most {limit} characters.")
    return title


def sort_key(title: str) -> str:
    return title.casefold().strip()


def check_date(value: date, field_name: str) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValidationFailed.field(
            field_name, f"The date must be between {EARLIEST} and {LATEST}."
        )
    return value


def check_past_date(value: date, field_name: str, now: datetime, *, not_before: date) -> date:
    """A business date that has happened: today (Helsinki) at the latest, and not before
    `not_before`."""
    check_date(value, field_name)
    if value > today(now):
        raise ValidationFailed.field(field_name, "The date cannot be in the future.")
    if value < not_before:
        raise ValidationFailed.field(field_name, f"The date cannot be before {not_before}.")
    return value


def format_offer_number(year: int, serial: int) -> str:
    """The human-facing offer number, e.g. TAR-2026-000123 (tarjous)."""
    return f"TAR-{year}-{serial:06d}"


def format_order_number(year: int, serial: int) -> str:
    """The human-facing order number, e.g. TIL-2026-000123 (tilaus)."""
    return f"TIL-{year}-{serial:06d}"


# ------------------------------------------------------------------ lines and attachments


@dataclass(frozen=True)
class Line:
    """One row of an offer or an order: a product of the catalogue (its code and name copied
    when the line was written, so later catalogue edits do not change what was offered) or
    free text (a tailored training has no product)."""

    name: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = ZERO
    unit: str | None = None
    product_id: UUID | None = None
    product_code: str | None = None

    @property
    def total(self) -> Decimal:
        return line_total(self.quantity, self.unit_price, self.discount_percent)


def lines_total(lines: Sequence[Line]) -> Decimal:
    """The exact sum of the rounded line totals."""
    return sum((line.total for line in lines), ZERO).quantize(CENT)


@dataclass(frozen=True)
class Attachment:
    """A document by reference (the offer's content description on the shared drive, the
    signed order): a name and an https address."""

    name: str
    url: str


def clean_attachments(attachments: Sequence[Attachment]) -> tuple[Attachment, ...]:
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationFailed.field("attachments", f"At most {MAX_ATTACHMENTS} attachments.")
    cleaned: list[Attachment] = []
    for index, attachment in enumerate(attachments):
        name = " ".join(str(attachment.name).split())
        if not name or len(name) > 200:
            raise ValidationFailed(
                [FieldError(("attachments", index, "name"), "The name is 1 to 200 characters.")]
            )
        url = str(attachment.url).strip()
        parts = urlsplit(url)
        if (
            parts.scheme != "https"
            or not parts.hostname
            or len(url) > MAX_URL
            or any(ch.isspace() for ch in url)
            or parts.username is not None
            or parts.password is not None
        ):
            raise ValidationFailed(
                [
                    FieldError(
                        ("attachments", index, "url"),
                        "The address must be an https:// URL (without a user name or password) "
                        f"of at most {MAX_URL} characters.",
                    )
                ]
            )
        cleaned.append(Attachment(name, url))
    return tuple(cleaned)


# ------------------------------------------------------------------ entities


@dataclass
class OfferType:
    """Tarjouksen tyyppi (apprenticeship, labour-policy training, staff training, service
    order…), maintained by administrators. An inactive type cannot be chosen for new offers."""

    id: UUID
    key: str
    name: str
    created_at: datetime
    updated_at: datetime
    name_en: str | None = None
    name_sv: str | None = None
    description: str | None = None
    sort_order: int = 0
    is_active: bool = True
    version: int = 1


def allowed_offer_statuses(current: OfferStatus) -> list[OfferStatus]:
    return list(OFFER_TRANSITIONS[current])


def check_offer_transition(current: OfferStatus, target: OfferStatus) -> None:
    allowed = allowed_offer_statuses(current)
    if target in allowed:
        return
    names = [s.value for s in allowed]
    if target is current:
        detail = f"The offer is already {current.value}."
    elif current is OfferStatus.WON:
        detail = "A won offer has its order: cancel the order instead."
    elif current is OfferStatus.CANCELLED:
        detail = "A cancelled offer stays cancelled: make a new offer."
    else:
        detail = f"A {current.value} offer cannot become {target.value}."
    if names:
        detail += f" Allowed: {', '.join(names)}."
    raise InvalidTransition(detail, allowed=names)


@dataclass
class Offer:
    id: UUID
    number: str
    title: str
    account_id: UUID
    offer_type_id: UUID
    offered_on: date
    valid_until: date
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    lines: tuple[Line, ...] = ()
    total: Decimal = ZERO
    status: OfferStatus = OfferStatus.OPEN
    status_reason: str | None = None
    closed_on: date | None = None
    order_id: UUID | None = None
    contact_id: UUID | None = None
    activity_id: UUID | None = None
    description: str | None = None
    attachments: tuple[Attachment, ...] = ()
    created_by: UUID | None = None
    version: int = 1

    def is_expired(self, on: date) -> bool:
        """Open and past its validity (derived: an expired offer may still be accepted once
        the customer confirms, or marked lost)."""
        return self.status is OfferStatus.OPEN and self.valid_until < on

    def set_lines(self, lines: Sequence[Line]) -> None:
        self.lines = tuple(lines)
        self.total = check_amount(lines_total(self.lines), ("lines",))

    def require_open(self, action: str) -> None:
        if self.status is not OfferStatus.OPEN:
            raise InvalidTransition(
                f"The offer is {self.status.value}: only an open offer can be {action}.",
                allowed=[s.value for s in allowed_offer_statuses(self.status)],
            )

    def win(self, order_id: UUID, on: date) -> None:
        check_offer_transition(self.status, OfferStatus.WON)
        if not self.lines:
            raise ValidationFailed.field("lines", "An offer without lines cannot be accepted.")
        if on < self.offered_on:
            raise ValidationFailed.field(
                "ordered_on", f"The order cannot be before the offer ({self.offered_on})."
            )
        self.status, self.status_reason, self.closed_on = OfferStatus.WON, None, on
        self.order_id = order_id

    def close(self, target: OfferStatus, reason: str | None, on: date) -> None:
        """Lost (a reason is required: reports show it) or cancelled."""
        if target is OfferStatus.WON:
            raise ValidationFailed.field(
                "status",
                "Accept the offer with POST /offers/{id}/acceptance: it creates the order.",
            )
        if target is OfferStatus.OPEN:
            raise ValidationFailed.field(
                "status", "Reopen a lost offer with POST /offers/{id}/reopening."
            )
        check_offer_transition(self.status, target)
        if target is OfferStatus.LOST and not reason:
            raise ValidationFailed.field("reason", "Say why the offer was lost.")
        if on < self.offered_on:
            raise ValidationFailed.field(
                "closed_on", f"The date cannot be before the offer ({self.offered_on})."
            )
        self.status, self.status_reason, self.closed_on = target, reason, on

    def reopen(self, reason: str | None, valid_until: date | None, on: date) -> None:
        """A lost offer comes back (the customer returned to it): open again, valid on `on`."""
        check_offer_transition(self.status, OfferStatus.OPEN)
        if not reason:
            raise ValidationFailed.field("reason", "Say why the offer is reopened.")
        until = valid_until or self.valid_until
        if until < on:
            raise ValidationFailed.field(
                "valid_until",
                f"The offer was valid until {self.valid_until}: give a new valid_until "
                "(today or later).",
            )
        self.status, self.status_reason, self.closed_on = OfferStatus.OPEN, None, None
        self.valid_until = until


def allowed_order_statuses(current: OrderStatus) -> list[OrderStatus]:
    return list(ORDER_TRANSITIONS[current])


@dataclass
class Order:
    id: UUID
    number: str
    title: str
    account_id: UUID
    ordered_on: date
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    lines: tuple[Line, ...] = ()
    total: Decimal = ZERO
    status: OrderStatus = OrderStatus.ORDERED
    status_reason: str | None = None
    # The day delivery started (from then on it may be invoiced), invoiced, cancelled.
    in_delivery_on: date | None = None
    invoiced_on: date | None = None
    cancelled_on: date | None = None
    offer_id: UUID | None = None
    contact_id: UUID | None = None
    # The order's id in the ERP (unique): a repeated POST with it finds this order.
    external_reference: str | None = None
    description: str | None = None
    created_by: UUID | None = None
    version: int = 1

    @property
    def counts_in_purchase_volume(self) -> bool:
        return self.status is not OrderStatus.CANCELLED

    def set_lines(self, lines: Sequence[Line]) -> None:
        if not lines:
            raise ValidationFailed.field("lines", "An order has at least one line.")
        self.lines = tuple(lines)
        self.total = check_amount(lines_total(self.lines), ("lines",))

    def require_editable(self) -> None:
        if self.status not in EDITABLE_ORDER_STATUSES:
            raise InvalidTransition(
                f"The order is {self.status.value}: it can no longer be edited.",
                allowed=[s.value for s in allowed_order_statuses(self.status)],
            )

    def change_status(self, target: OrderStatus, on: date, reason: str | None) -> None:
        allowed = allowed_order_statuses(self.status)
        if target not in allowed:
            names = [s.value for s in allowed]
            if target is self.status:
                detail = f"The order is already {target.value}."
            elif target is OrderStatus.INVOICED and self.status is OrderStatus.ORDERED:
                detail = "An order is invoiced after its delivery has started (in_delivery)."
            else:
                detail = f"An order that is {self.status.value} cannot become {target.value}."
            if names:
                detail += f" Allowed: {', '.join(names)}."
            raise InvalidTransition(detail, allowed=names)
        if target is OrderStatus.CANCELLED and not reason:
            raise ValidationFailed.field("reason", "Say why the order was cancelled.")
        if on < self.ordered_on:
            raise ValidationFailed.field(
                "on", f"The date cannot be before the order date ({self.ordered_on})."
            )
        if target is OrderStatus.INVOICED and self.in_delivery_on and on < self.in_delivery_on:
            raise ValidationFailed.field(
                "on", f"The date cannot be before the delivery started ({self.in_delivery_on})."
            )
        self.status, self.status_reason = target, reason
        if target is OrderStatus.IN_DELIVERY:
            self.in_delivery_on = on
        elif target is OrderStatus.INVOICED:
            self.invoiced_on = on
        else:
            self.cancelled_on = on


def order_from_offer(
    offer: Offer, order_id: UUID, number: str, ordered_on: date, now: datetime
) -> Order:
    """The order an accepted offer becomes: its lines copied, the link kept, the same
    customer, owner and unit."""
    return Order(
        id=order_id,
        number=number,
        title=offer.title,
        account_id=offer.account_id,
        ordered_on=ordered_on,
        owner_id=offer.owner_id,
        business_unit_id=offer.business_unit_id,
        created_at=now,
        updated_at=now,
        lines=offer.lines,
        total=offer.total,
        offer_id=offer.id,
        contact_id=offer.contact_id,
        description=offer.description,
    )


@dataclass
class SalesTarget:
    """A user's targets for a year (seed 002: euros, new customers, repeat purchases, number of
    meetings), set by their manager. Readable by the user (own depth) and their managers."""

    id: UUID
    user_id: UUID
    year: int
    euro_target: Decimal
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    new_customers: int | None = None
    repeat_purchases: int | None = None
    meetings: int | None = None
    note: str | None = None
    version: int = 1


MIN_YEAR, MAX_YEAR = 2000, 2100


def check_year(year: int, field_name: str = "year") -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed.field(field_name, f"The year is {MIN_YEAR} to {MAX_YEAR}.")
    return year


def check_count(value: int | None, field_name: str) -> int | None:
    if value is not None and not 0 <= value <= 1_000_000:
        raise ValidationFailed.field(field_name, "A count is 0 to 1 000 000.")
    return value


@dataclass(frozen=True)
class LineInput:
    """A line as a client sends it: a product (its name, unit and price are the defaults) or
    free text (name and unit price required)."""

    quantity: Decimal
    product_id: UUID | None = None
    name: str | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    discount_percent: Decimal = ZERO


@dataclass(frozen=True)
class PurchaseYear:
    year: int
    total: Decimal
    orders: int


@dataclass(frozen=True)
class PurchaseVolume:
    """What an account bought: not-cancelled orders in the last 12 months and per year."""

    account_id: UUID
    as_of: date
    window_from: date
    window_total: Decimal
    window_orders: int
    years: tuple[PurchaseYear, ...] = field(default_factory=tuple)
    first_ordered_on: date | None = None
    last_ordered_on: date | None = None


def window_start(on: date, months: int = 12) -> date:
    """The first day of the `months` months that end on `on`: 2026-12-02 and 12 months →
    2025-12-03 (a year of days, the end day included). A month without the day (29–31)
    takes its last day."""
    month_index = on.year * 12 + on.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in (on.day, 30, 29, 28):
        try:
            start = date(year, month, day)
            break
        except ValueError:
            continue
    return date.fromordinal(start.toordinal() + 1)
