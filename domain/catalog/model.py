"""The product and service catalogue: what the organisation sells, grouped (product groups
are a tree — the adult-education institute's fields of education, the manufacturer's
product lines). Leads say which product interests the customer, routing rules match on it,
offers and orders list products with quantities and prices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from domain.shared import ValidationFailed

PRODUCT = "product"  # the privilege entity of products and product groups alike
MAX_PRICE = Decimal("999999999999.99")


class ProductKind(StrEnum):
    PRODUCT = "product"
    SERVICE = "service"


@dataclass
class ProductGroup:
    id: UUID
    name: str
    created_at: datetime
    updated_at: datetime
    name_en: str | None = None
    name_sv: str | None = None
    parent_id: UUID | None = None
    sort_order: int = 0
    is_active: bool = True
    version: int = 1


@dataclass
class Product:
    id: UUID
    name: str
    kind: ProductKind
    created_at: datetime
    updated_at: datetime
    code: str | None = None
    name_en: str | None = None
    name_sv: str | None = None
    product_group_id: UUID | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    business_unit_id: UUID | None = None
    description: str | None = None
    is_active: bool = True
    version: int = 1


def clean_text(value: str | None, field: str, *, required: bool = False) -> str | None:
    """Whitespace folded; empty means none (or an error for a required field)."""
    if value is None:
        if required:
            raise ValidationFailed.field(field, "This field is required.", "missing")
        return None
    text = " ".join(value.split())
    if not text:
        if required:
            raise ValidationFailed.field(field, "This field cannot be empty.")
        return None
    return text


def clean_price(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value > MAX_PRICE:
        raise ValidationFailed.field(
            "unit_price", "The unit price is a euro amount of 0 or more, e.g. 1250.00."
        )
    return value.quantize(Decimal("0.01"))
