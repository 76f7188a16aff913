"""Product group and product request/response models."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field, StringConstraints

from api.v1.schemas.common import In, Name, Patch, Stamped
from domain.catalog import ProductKind

OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
SortOrder = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
Price = Annotated[
    Decimal,
    Field(
        ge=0,
        max_digits=14,
        decimal_places=2,
        description="EUR per unit, exact, at most two decimals.",
        examples=["1250.00"],
    ),
]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Unit = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]
Text = Annotated[str, StringConstraints(max_length=5000)]


class ProductGroupFields(In):
    name_en: OptionalName | None = None
    name_sv: OptionalName | None = None
    parent_id: UUID | None = Field(None, description="The group above this one (a tree).")
    sort_order: SortOrder = 0
    is_active: bool = True


class ProductGroupCreate(ProductGroupFields):
    name: Name


class ProductGroupUpdate(ProductGroupFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "sort_order", "is_active")
    name: Name | None = None
    sort_order: SortOrder | None = None  # type: ignore[assignment]
    is_active: bool | None = None  # type: ignore[assignment]


class ProductGroupOut(Stamped):
    name: str
    name_en: str | None
    name_sv: str | None
    parent_id: UUID | None
    sort_order: int
    is_active: bool


class ProductFields(In):
    code: Code | None = Field(None, description="The organisation's own code; unique.")
    name_en: OptionalName | None = None
    name_sv: OptionalName | None = None
    product_group_id: UUID | None = None
    unit: Unit | None = Field(None, description="e.g. kpl, h, pv, kk")
    unit_price: Price | None = None
    business_unit_id: UUID | None = Field(
        None, description="The unit that sells it; none means the whole organisation."
    )
    description: Text | None = None
    is_active: bool = True


class ProductCreate(ProductFields):
    name: Name
    kind: ProductKind = ProductKind.PRODUCT


class ProductUpdate(ProductFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "kind", "is_active")
    name: Name | None = None
    kind: ProductKind | None = None
    is_active: bool | None = None  # type: ignore[assignment]


class ProductOut(Stamped):
    code: str | None
    name: str
    name_en: str | None
    name_sv: str | None
    kind: ProductKind
    product_group_id: UUID | None
    unit: str | None
    unit_price: Decimal | None = Field(description="EUR, as a string with two decimals.")
    business_unit_id: UUID | None
    description: str | None
    is_active: bool
