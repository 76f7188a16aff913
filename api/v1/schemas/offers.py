"""Request/response models of offers and orders: offer types, offers with their lines and
attachments, orders, sales targets, purchase volume and the offer reports. Money is exact:
send it as a string (or a number) with at most two decimals; it comes back as a string
("1250.00"). Quantities have at most three decimals, discounts two."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from api.v1.schemas.common import In, Name, Out, Patch, Stamped
from domain.offers import Attachment, LineInput, OfferStatus, OrderStatus
from domain.offers.model import MAX_AMOUNT, MAX_ATTACHMENTS, MAX_LINES, MAX_QUANTITY, MAX_URL

Money = Annotated[
    Decimal,
    Field(
        ge=0,
        le=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
        description="EUR, exact, at most two decimals.",
        examples=["1250.00"],
    ),
]
Quantity = Annotated[
    Decimal,
    Field(
        gt=0,
        le=MAX_QUANTITY,
        max_digits=12,
        decimal_places=3,
        description="More than zero, at most three decimals.",
        examples=["12", "2.5"],
    ),
]
Discount = Annotated[
    Decimal,
    Field(ge=0, le=100, max_digits=5, decimal_places=2, description="Per cent, 0–100."),
]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LineName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Unit = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]
Description = Annotated[str, StringConstraints(max_length=20000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
RequiredReason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
]
Reference = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Key = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


# ------------------------------------------------------------------ offer types


class OfferTypeFields(In):
    name_en: OptionalName | None = None
    name_sv: OptionalName | None = None
    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    sort_order: int = Field(0, ge=-1_000_000, le=1_000_000)
    is_active: bool = Field(True, description="An inactive type cannot be chosen for offers.")


class OfferTypeCreate(OfferTypeFields):
    key: Key = Field(description="Stable: lowercase letters, digits and _, e.g. staff_training.")
    name: Name


class OfferTypeUpdate(OfferTypeFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("key", "name", "sort_order", "is_active")
    key: Key | None = None
    name: Name | None = None
    sort_order: int | None = Field(None, ge=-1_000_000, le=1_000_000)  # type: ignore[assignment]
    is_active: bool | None = None  # type: ignore[assignment]


class OfferTypeOut(Stamped):
    key: str
    name: str
    name_en: str | None
    name_sv: str | None
    description: str | None
    sort_order: int
    is_active: bool


# ------------------------------------------------------------------ lines and attachments


class LineIn(In):
    """A product of the catalogue (its name, unit and unit price are the defaults) or free
    text (then name and unit_price are required)."""

    product_id: UUID | None = None
    name: LineName | None = Field(None, description="Defaults to the product's name.")
    quantity: Quantity
    unit: Unit | None = Field(None, description="Defaults to the product's unit.")
    unit_price: Money | None = Field(None, description="Defaults to the product's unit price.")
    discount_percent: Discount = Decimal("0")

    def domain(self) -> LineInput:
        return LineInput(
            quantity=self.quantity,
            product_id=self.product_id,
            name=self.name or None,
            unit=self.unit or None,
            unit_price=self.unit_price,
            discount_percent=self.discount_percent,
        )


class LineOut(Out):
    position: int = Field(description="1, 2, 3… in the order given.")
    product_id: UUID | None
    product_code: str | None
    name: str
    unit: str | None
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    line_total: Decimal = Field(
        description="quantity × unit_price × (1 − discount_percent/100), rounded half up to "
        "the cent."
    )


class AttachmentIn(In):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    url: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=9, max_length=MAX_URL)
    ] = Field(description="An https:// address, e.g. the document on the shared drive.")


class AttachmentOut(Out):
    name: str
    url: str


def lines_in(lines: list[LineIn] | None) -> tuple[LineInput, ...] | None:
    return None if lines is None else tuple(line.domain() for line in lines)


def attachments_in(items: list[AttachmentIn] | None) -> tuple[Attachment, ...] | None:
    return None if items is None else tuple(Attachment(a.name, a.url) for a in items)


# ------------------------------------------------------------------ offers


class OfferFields(In):
    contact_id: UUID | None = None
    offered_on: date | None = Field(
        None, description="The offer's date; defaults to today (Helsinki), never the future."
    )
    valid_until: date | None = Field(
        None,
        description="The last day the offer is valid; defaults to the offer's date plus the "
        "configured validity (KUMPPANI_OFFER_VALIDITY_DAYS, 30 days).",
    )
    description: Description | None = None
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    activity_id: UUID | None = Field(
        None, description="The activity (e.g. the meeting) where the offer was made."
    )
    owner_id: UUID | None = Field(None, description="Defaults to you; others need assign.")
    business_unit_id: UUID | None = Field(None, description="Defaults to the owner's unit.")


class OfferCreate(OfferFields):
    title: Title
    account_id: UUID = Field(description="A passive account takes no new offers (422).")
    offer_type_id: UUID
    lines: list[LineIn] = Field(min_length=1, max_length=MAX_LINES)

    def domain_values(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in type(self).model_fields}
        values["lines"] = lines_in(self.lines)
        values["attachments"] = attachments_in(self.attachments)
        return values


class OfferUpdate(OfferFields, Patch):
    """An open offer's fields; `lines` and `attachments` replace the whole list."""

    REQUIRED: ClassVar[tuple[str, ...]] = (
        "title",
        "offer_type_id",
        "offered_on",
        "valid_until",
        "lines",
        "attachments",
        "owner_id",
        "business_unit_id",
    )
    title: Title | None = None
    offer_type_id: UUID | None = None
    lines: list[LineIn] | None = Field(None, min_length=1, max_length=MAX_LINES)
    attachments: list[AttachmentIn] | None = Field(None, max_length=MAX_ATTACHMENTS)  # type: ignore[assignment]

    def domain_changes(self) -> dict[str, Any]:
        values = self.changes()
        if "lines" in values:
            values["lines"] = lines_in(self.lines)
        if "attachments" in values:
            values["attachments"] = attachments_in(self.attachments)
        return values


class OfferStatusIn(In):
    status: Literal["lost", "cancelled"] = Field(
        description="open → lost (reason required) or cancelled. Accepting is POST …/acceptance; "
        "reopening a lost offer is POST …/reopening."
    )
    reason: Reason | None = Field(None, description="Why it was lost (required) or cancelled.")
    closed_on: date | None = Field(None, description="Defaults to today; never in the future.")


class ReopeningIn(In):
    reason: RequiredReason
    valid_until: date | None = Field(
        None, description="Required when the offer's validity has passed: today or later."
    )


class AcceptanceIn(In):
    ordered_on: date | None = Field(
        None,
        description="The purchase date of the order (defaults to today, never in the future, "
        "not before the offer's date).",
    )
    external_reference: Reference | None = Field(
        None, description="The order's id in the ERP, if it already has one (unique)."
    )


class OrderRef(Out):
    id: UUID
    number: str
    status: OrderStatus


class OfferOut(Stamped):
    number: str = Field(description="TAR-<year>-<6 digits>, gap-free per year.")
    title: str
    description: str | None
    account_id: UUID
    account_name: str | None
    contact_id: UUID | None
    contact_name: str | None
    offer_type_id: UUID
    offer_type_name: str | None
    offer_type_name_en: str | None
    offer_type_name_sv: str | None
    offered_on: date
    valid_until: date
    is_expired: bool = Field(description="Open and past its validity (derived from today).")
    total: Decimal = Field(description="EUR: the exact sum of the line totals.")
    status: OfferStatus
    status_reason: str | None
    closed_on: date | None
    allowed_statuses: list[OfferStatus] = Field(
        description="What the offer may become: won (acceptance), lost, cancelled, open."
    )
    order: OrderRef | None = Field(description="The order an accepted offer became.")
    lines: list[LineOut]
    attachments: list[AttachmentOut]
    activity_id: UUID | None
    activity_subject: str | None = Field(
        description="The linked activity's subject, when you may read it."
    )
    owner_id: UUID
    owner_name: str | None
    business_unit_id: UUID
    business_unit_name: str | None
    created_by: UUID | None


class AcceptanceOut(Out):
    offer: OfferOut
    order: OrderOut


# ------------------------------------------------------------------ orders


class OrderFields(In):
    contact_id: UUID | None = None
    description: Description | None = None
    external_reference: Reference | None = Field(
        None,
        description="The order's id in the ERP (1–100 letters, digits and _ . : / # -), "
        "unique: posting the same reference again answers the existing order.",
    )
    owner_id: UUID | None = Field(
        None,
        description="Defaults to the account's manager (else its owner) when your privilege "
        "reaches them, else to you.",
    )
    business_unit_id: UUID | None = Field(None, description="Defaults to the owner's unit.")


class OrderCreate(OrderFields):
    title: Title
    account_id: UUID = Field(description="A passive account takes no new orders (422).")
    ordered_on: date | None = Field(
        None, description="The purchase date; defaults to today, never in the future."
    )
    lines: list[LineIn] = Field(min_length=1, max_length=MAX_LINES)

    def domain_values(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in type(self).model_fields}
        values["lines"] = lines_in(self.lines)
        return values


class OrderUpdate(OrderFields, Patch):
    """An order that is not invoiced or cancelled; `lines` replaces all lines."""

    REQUIRED: ClassVar[tuple[str, ...]] = (
        "title",
        "ordered_on",
        "lines",
        "owner_id",
        "business_unit_id",
    )
    title: Title | None = None
    ordered_on: date | None = None
    lines: list[LineIn] | None = Field(None, min_length=1, max_length=MAX_LINES)

    def domain_changes(self) -> dict[str, Any]:
        values = self.changes()
        if "lines" in values:
            values["lines"] = lines_in(self.lines)
        return values


class OrderStatusIn(In):
    status: Literal["in_delivery", "invoiced", "cancelled"] = Field(
        description="ordered → in_delivery (it may be invoiced) → invoiced; ordered or "
        "in_delivery → cancelled (reason required)."
    )
    on: date | None = Field(None, description="The day; defaults to today, never the future.")
    reason: Reason | None = None


class OrderOut(Stamped):
    number: str = Field(description="TIL-<year>-<6 digits>, gap-free per year.")
    title: str
    description: str | None
    account_id: UUID
    account_name: str | None
    contact_id: UUID | None
    contact_name: str | None
    offer_id: UUID | None
    offer_number: str | None
    offer_type_id: UUID | None
    offer_type_name: str | None
    ordered_on: date
    total: Decimal = Field(description="EUR: the exact sum of the line totals.")
    status: OrderStatus
    status_reason: str | None
    in_delivery_on: date | None
    invoiced_on: date | None
    cancelled_on: date | None
    allowed_statuses: list[OrderStatus]
    external_reference: str | None
    lines: list[LineOut]
    owner_id: UUID
    owner_name: str | None
    business_unit_id: UUID
    business_unit_name: str | None
    created_by: UUID | None


AcceptanceOut.model_rebuild()


# ------------------------------------------------------------------ purchase volume


class PurchaseYearOut(Out):
    year: int
    total: Decimal = Field(description="EUR of the year's orders that are not cancelled.")
    orders: int


class PurchaseVolumeOut(Out):
    account_id: UUID
    as_of: date = Field(description="Today (Helsinki): the window's last day.")
    window_from: date = Field(description="The first day of the 12 months ending today.")
    last_12_months_total: Decimal = Field(description="EUR ordered in those 12 months.")
    last_12_months_orders: int
    years: list[PurchaseYearOut] = Field(description="Calendar years with orders, newest first.")
    first_ordered_on: date | None
    last_ordered_on: date | None


# ------------------------------------------------------------------ sales targets


class TargetFigures(In):
    new_customers: Count | None = None
    repeat_purchases: Count | None = Field(None, description="Customers who buy again.")
    meetings: Count | None = None
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None


class TargetCreate(TargetFigures):
    user_id: UUID
    year: int = Field(ge=2000, le=2100)
    euro_target: Money


class TargetUpdate(TargetFigures, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("euro_target",)
    euro_target: Money | None = None


class TargetOut(Stamped):
    user_id: UUID
    user_name: str | None
    year: int
    euro_target: Decimal
    new_customers: int | None
    repeat_purchases: int | None
    meetings: int | None
    note: str | None
    business_unit_id: UUID
    business_unit_name: str | None


# ------------------------------------------------------------------ reports


class BucketOut(Out):
    key: UUID | None = Field(description="The offer type's or the owner's id.")
    name: str | None
    name_en: str | None = None
    name_sv: str | None = None
    count: int
    total: Decimal


class ExpiringOfferOut(Out):
    id: UUID
    number: str
    title: str
    account_id: UUID
    account_name: str | None
    owner_id: UUID
    owner_name: str | None
    valid_until: date
    total: Decimal


class OpenOffersOut(Out):
    as_of: date
    expiring_within_days: int
    count: int = Field(description="Open offers (the expired ones included).")
    total: Decimal
    expired_count: int = Field(description="Open offers past their validity.")
    expired_total: Decimal
    expiring_count: int = Field(description="Open offers valid until a day within the window.")
    expiring_total: Decimal
    by_type: list[BucketOut]
    by_owner: list[BucketOut]
    expiring: list[ExpiringOfferOut] = Field(description="The first 100, soonest first.")


class OutcomeFigures(Out):
    won_count: int
    won_total: Decimal
    lost_count: int
    lost_total: Decimal
    cancelled_count: int
    cancelled_total: Decimal
    win_rate: Decimal | None = Field(
        description="Won ÷ (won + lost) by count, per cent with one decimal; null with none."
    )
    win_rate_eur: Decimal | None = Field(description="The same by euros.")


class OutcomeRowOut(OutcomeFigures):
    offer_type_id: UUID | None
    name: str | None
    name_en: str | None
    name_sv: str | None


class OutcomesOut(Out):
    start: date
    end: date
    rows: list[OutcomeRowOut]
    total: OutcomeFigures


class UserYearOut(Out):
    user_id: UUID
    user_name: str | None
    target_id: UUID | None
    euro_target: Decimal | None
    achieved: Decimal = Field(description="EUR of the user's orders in the year.")
    achieved_percent: Decimal | None = Field(description="achieved ÷ euro_target, per cent.")
    monthly: list[Decimal] = Field(description="EUR ordered in each month, January first.")
    cumulative: list[Decimal] = Field(description="EUR ordered by the end of each month.")
    target_path: list[Decimal] | None = Field(
        description="Where the target would be at each month's end if it accrued evenly."
    )
    orders: int
    new_customers: int
    new_customers_target: int | None
    repeat_customers: int
    repeat_purchases_target: int | None
    meetings: int = Field(description="Done meetings of the user in the year.")
    meetings_target: int | None


class TargetReportOut(Out):
    year: int
    months_elapsed: int = Field(description="12 for a past year; months begun so far for this.")
    rows: list[UserYearOut]
    total_target: Decimal
    total_achieved: Decimal
