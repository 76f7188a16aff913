"""Project types and their versioned stage templates.

A project type (gas connection sale, heat connection sale, ...) has an ordered list of stages.
The list is versioned: a version a project uses is never rewritten; editing the stages then
publishes a new version, and running projects keep theirs until an admin migrates them.
Each stage names a default responsible (a user or a team) per region; region "*" is the
default for regions not listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.shared import FieldError, ValidationFailed

DEFAULT_REGION = "*"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,49}$")
# The key of stages inserted into a project by hand (domain.sales.model.EXTRA_STAGE_KEY): no
# template stage may take it, so a migration never mistakes one for a template stage.
RESERVED_STAGE_KEYS = frozenset({"extra"})
MAX_STAGES = 100
MAX_CHECKLIST_ITEMS = 30
MAX_CHECKLIST_ITEM_LENGTH = 200
MAX_NAME_LENGTH = 200
MAX_REGION_LENGTH = 100
MAX_DURATION_DAYS = 3650


@dataclass(frozen=True)
class Responsible:
    """The default responsible of a stage in one region: exactly one of a user or a team."""

    user_id: UUID | None = None
    team_id: UUID | None = None


@dataclass(frozen=True)
class StageTemplate:
    """One stage of a template version. `key` is stable across versions (a migration maps
    a project's stages to the new version by it)."""

    id: UUID
    position: int
    key: str
    name: str
    default_duration_days: int = 0
    is_customer_service: bool = False
    name_en: str | None = None
    name_sv: str | None = None
    checklist: tuple[str, ...] = ()
    # region -> responsible; region "*" is the default.
    responsibles: Mapping[str, Responsible] = field(default_factory=dict)


@dataclass(frozen=True)
class TemplateVersion:
    id: UUID
    project_type_id: UUID
    version: int
    stages: tuple[StageTemplate, ...]
    created_at: datetime | None = None
    created_by: UUID | None = None
    note: str | None = None

    def stage(self, key: str) -> StageTemplate | None:
        return next((s for s in self.stages if s.key == key), None)


@dataclass
class ProjectType:
    id: UUID
    key: str
    name: str
    is_active: bool
    current_version: int
    created_at: datetime
    updated_at: datetime
    name_en: str | None = None
    name_sv: str | None = None
    description: str | None = None
    version: int = 1
    # The stages of the current version (new projects get these).
    stages: tuple[StageTemplate, ...] = ()


def normalise_region(region: str | None) -> str | None:
    """Regions are free text: compare them trimmed and case-insensitively."""
    if region is None:
        return None
    cleaned = region.strip().casefold()
    return cleaned or None


def default_responsible(
    stage: StageTemplate, region: str | None
) -> tuple[UUID | None, UUID | None]:
    """The stage's default (user_id, team_id) for a project in `region`: the exact region
    (trimmed, case-insensitive), else the "*" default, else (None, None)."""
    wanted = normalise_region(region)
    if wanted is not None and wanted != DEFAULT_REGION:
        for name, responsible in stage.responsibles.items():
            if normalise_region(name) == wanted:
                return responsible.user_id, responsible.team_id
    fallback = stage.responsibles.get(DEFAULT_REGION)
    if fallback is None:
        return None, None
    return fallback.user_id, fallback.team_id


# ---- validation of a stage list (input of create / replace stages) ---------------------------


@dataclass(frozen=True)
class RegionalResponsible:
    """One line of a stage's responsibles as an admin submits it."""

    region: str
    user_id: UUID | None = None
    team_id: UUID | None = None


@dataclass(frozen=True)
class StageInput:
    """A stage as an admin submits it (no id: ids are given when a version is written)."""

    key: str
    name: str
    default_duration_days: int = 0
    is_customer_service: bool = False
    name_en: str | None = None
    name_sv: str | None = None
    checklist: Sequence[str] = ()
    responsibles: Sequence[RegionalResponsible] = ()


@dataclass(frozen=True)
class CleanStage:
    """A validated stage: trimmed texts, responsibles keyed by region."""

    key: str
    name: str
    default_duration_days: int
    is_customer_service: bool
    name_en: str | None
    name_sv: str | None
    checklist: tuple[str, ...]
    responsibles: Mapping[str, Responsible]


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def clean_stages(stages: Sequence[StageInput]) -> list[CleanStage]:
    """Validate and normalise a stage list, reporting every problem at once (loc
    `stages.<index>.<field>`). Existence of responsible users/teams is checked by the use
    case (it needs a port)."""
    errors: list[FieldError] = []

    def bad(loc: tuple[str | int, ...], msg: str) -> None:
        errors.append(FieldError(loc=("stages", *loc), msg=msg))

    if not stages:
        errors.append(FieldError(loc=("stages",), msg="A project type needs at least one stage."))
    if len(stages) > MAX_STAGES:
        errors.append(FieldError(loc=("stages",), msg=f"At most {MAX_STAGES} stages."))
    seen: set[str] = set()
    cleaned: list[CleanStage] = []
    for index, stage in enumerate(stages):
        key = stage.key.strip()
        if not KEY_PATTERN.fullmatch(key):
            bad(
                (index, "key"),
                "A key is 2–50 characters: a lowercase letter, then lowercase letters, "
                "digits or underscores.",
            )
        elif key in RESERVED_STAGE_KEYS:
            bad((index, "key"), f"The key {key!r} is reserved for stages added by hand.")
        elif key in seen:
            bad((index, "key"), f"Key {key!r} is used by another stage of this version.")
        seen.add(key)
        name = _clean(stage.name)
        if name is None:
            bad((index, "name"), "A stage needs a name.")
        for attr in ("name", "name_en", "name_sv"):
            value = _clean(getattr(stage, attr))
            if value is not None and len(value) > MAX_NAME_LENGTH:
                bad((index, attr), f"At most {MAX_NAME_LENGTH} characters.")
        if stage.default_duration_days < 0:
            bad((index, "default_duration_days"), "A duration cannot be negative.")
        elif stage.default_duration_days > MAX_DURATION_DAYS:
            bad((index, "default_duration_days"), f"At most {MAX_DURATION_DAYS} working days.")
        items = tuple(item.strip() for item in stage.checklist)
        if len(items) > MAX_CHECKLIST_ITEMS:
            bad((index, "checklist"), f"At most {MAX_CHECKLIST_ITEMS} checklist items.")
        item_seen: set[str] = set()
        for item_index, item in enumerate(items):
            if not item:
                bad((index, "checklist", item_index), "A checklist item cannot be empty.")
            elif len(item) > MAX_CHECKLIST_ITEM_LENGTH:
                bad(
                    (index, "checklist", item_index),
                    f"A checklist item is at most {MAX_CHECKLIST_ITEM_LENGTH} characters.",
                )
            elif item in item_seen:
                bad((index, "checklist", item_index), "The same item is listed twice.")
            item_seen.add(item)
        responsibles: dict[str, Responsible] = {}
        region_seen: set[str] = set()
        for line, given in enumerate(stage.responsibles):
            region_name = given.region.strip()
            loc = (index, "responsibles", line)
            if not region_name:
                bad((*loc, "region"), "A region cannot be empty (use '*' for the default).")
                continue
            if len(region_name) > MAX_REGION_LENGTH:
                bad((*loc, "region"), f"A region is at most {MAX_REGION_LENGTH} characters.")
            folded = region_name.casefold()
            if folded in region_seen:
                bad((*loc, "region"), "The same region is listed twice.")
            region_seen.add(folded)
            if (given.user_id is None) == (given.team_id is None):
                bad((*loc, "user_id"), "A responsible is exactly one of a user or a team.")
            responsibles[region_name] = Responsible(given.user_id, given.team_id)
        cleaned.append(
            CleanStage(
                key=key,
                name=name or "",
                default_duration_days=stage.default_duration_days,
                is_customer_service=stage.is_customer_service,
                name_en=_clean(stage.name_en),
                name_sv=_clean(stage.name_sv),
                checklist=items,
                responsibles=responsibles,
            )
        )
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def same_stages(current: Sequence[StageTemplate], wanted: Sequence[CleanStage]) -> bool:
    """Whether a replacement would change nothing (then no new version is published)."""
    if len(current) != len(wanted):
        return False
    for have, want in zip(current, wanted, strict=True):
        if (
            have.key,
            have.name,
            have.name_en,
            have.name_sv,
            have.default_duration_days,
            have.is_customer_service,
            have.checklist,
            dict(have.responsibles),
        ) != (
            want.key,
            want.name,
            want.name_en,
            want.name_sv,
            want.default_duration_days,
            want.is_customer_service,
            want.checklist,
            dict(want.responsibles),
        ):
            return False
    return True
