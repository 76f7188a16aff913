"""Regions (maakunnat) and their municipalities (kunnat): the table that turns a lead's or an
account's municipality into the region sales are organised by. Seeded with Statistics
Finland's codes; administrators may add regions of their own (sales areas) and move
municipalities between them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.shared import ValidationFailed

REGION = "region"  # the privilege entity of regions and municipalities alike
MUNICIPALITY = "municipality"
_CODE = re.compile(r"^[0-9A-Za-z_-]{1,10}$")


@dataclass
class Region:
    id: UUID
    code: str
    name: str
    created_at: datetime
    updated_at: datetime
    name_sv: str | None = None
    name_en: str | None = None
    sort_order: int = 0
    is_active: bool = True
    version: int = 1


@dataclass
class Municipality:
    id: UUID
    code: str
    name: str
    region_id: UUID
    created_at: datetime
    updated_at: datetime
    name_sv: str | None = None
    is_active: bool = True
    version: int = 1


def clean_code(value: str) -> str:
    code = value.strip()
    if not _CODE.match(code):
        raise ValidationFailed.field(
            "code", "The code is 1 to 10 letters, digits, hyphens or underscores, e.g. 091."
        )
    return code


def clean_name(value: str | None, field: str = "name", *, required: bool = True) -> str | None:
    text = " ".join(value.split()) if value is not None else ""
    if not text:
        if required:
            raise ValidationFailed.field(field, "The name cannot be empty.")
        return None
    return text


def name_key(name: str) -> str:
    """How municipality names are matched: case-folded, whitespace folded."""
    return " ".join(name.split()).casefold()
