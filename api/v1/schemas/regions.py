"""Region and municipality request/response models."""

from __future__ import annotations

from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field, StringConstraints

from api.v1.schemas.common import In, Patch, Stamped

RegionName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z_-]{1,10}$")]
SortOrder = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]


class RegionCreate(In):
    code: Code = Field(description="Statistics Finland's region code (01 … 21) or your own.")
    name: RegionName
    name_sv: OptionalName | None = None
    name_en: OptionalName | None = None
    sort_order: SortOrder = 0
    is_active: bool = True


class RegionUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("code", "name", "sort_order", "is_active")
    code: Code | None = None
    name: RegionName | None = None
    name_sv: OptionalName | None = None
    name_en: OptionalName | None = None
    sort_order: SortOrder | None = None
    is_active: bool | None = None


class RegionOut(Stamped):
    code: str
    name: str
    name_sv: str | None
    name_en: str | None
    sort_order: int
    is_active: bool


class MunicipalityCreate(In):
    code: Code = Field(description="Statistics Finland's municipality number (091) or your own.")
    name: RegionName
    name_sv: OptionalName | None = None
    region_id: UUID
    is_active: bool = True


class MunicipalityUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("code", "name", "region_id", "is_active")
    code: Code | None = None
    name: RegionName | None = None
    name_sv: OptionalName | None = None
    region_id: UUID | None = Field(
        None, description="Moving it changes where its leads are routed from now on."
    )
    is_active: bool | None = None


class MunicipalityOut(Stamped):
    code: str
    name: str
    name_sv: str | None
    region_id: UUID
    region_name: str | None = None
    is_active: bool
