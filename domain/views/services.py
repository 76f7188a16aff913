"""Saved view use cases: create, read, update and delete, with who may see and change what.

- personal views: only the owner sees and changes them;
- team views: members of the view's team see them (the creator must be a member); only the
  owner changes them;
- system views: everyone sees them; only callers with the saved_view privilege at
  organisation depth (administrators) create, change or delete them. Built-in system views
  (those with a `system_key`) can be edited but not deleted or made non-system.

A view the caller may not see is "not found"; one they see but may not change is forbidden.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    Depth,
    FieldError,
    Forbidden,
    NotFound,
    Operation,
    Principal,
    Runtime,
    SortKey,
    ValidationFailed,
    apply_update,
    check_version,
    record_write,
    snapshot,
)
from domain.shared.filters import Filter, parse_filter
from domain.views.catalogue import CATALOGUES, ViewCatalogue
from domain.views.model import DEFAULT_POSITION, MAX_POSITION, SavedView, Visibility
from domain.views.ports import ViewsUnitOfWork

SAVED_VIEW = "saved_view"
MAX_NAME = 200


def catalogue_for(entity: str, loc: str = "entity") -> ViewCatalogue:
    catalogue = CATALOGUES.get(entity)
    if catalogue is None:
        raise ValidationFailed.field(
            loc, f"Views exist for these entities: {', '.join(CATALOGUES)}."
        )
    return catalogue


def is_visible(view: SavedView, principal: Principal, team_ids: frozenset[UUID]) -> bool:
    """The rule `persistence.queries.views.visible_clause` applies in SQL."""
    if view.visibility is Visibility.SYSTEM or view.owner_id == principal.user_id:
        return True
    return view.visibility is Visibility.TEAM and view.team_id in team_ids


def administers_system_views(principal: Principal, action: Action) -> bool:
    return principal.depth(SAVED_VIEW, action) is Depth.ORGANISATION


def _require_admin(principal: Principal, action: Action) -> None:
    if not administers_system_views(principal, action):
        raise Forbidden(
            f"Only administrators (the saved_view {action.value} privilege for the whole "
            "organisation) may do that to system views."
        )


def _require_may_change(view: SavedView, principal: Principal, action: Action) -> None:
    if view.visibility is Visibility.SYSTEM:
        _require_admin(principal, action)
    elif view.owner_id != principal.user_id:
        raise Forbidden("Only the owner of a personal or team view may change or delete it.")


def view_filter(view: SavedView) -> Filter:
    """The view's stored filter, parsed against its entity's current catalogue."""
    return parse_filter(view.filter, catalogue_for(view.entity).fields)


# ------------------------------------------------------------------ validation


def _name(value: object, loc: str, required: bool) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        if required:
            raise ValidationFailed.field(loc, "The name cannot be empty.")
        return None
    if len(text) > MAX_NAME:
        raise ValidationFailed.field(loc, f"A name has at most {MAX_NAME} characters.")
    return text


def _columns(catalogue: ViewCatalogue, value: Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return catalogue.default_columns
    errors: list[FieldError] = []
    if not value:
        errors.append(FieldError(("columns",), "Show at least one column."))
    seen: set[str] = set()
    for i, name in enumerate(value):
        if name not in catalogue.columns:
            errors.append(
                FieldError(
                    ("columns", i),
                    f"Unknown column {name!r}; use: {', '.join(catalogue.columns)}.",
                )
            )
        elif name in seen:
            errors.append(FieldError(("columns", i), f"Column {name!r} is listed twice."))
        seen.add(name)
    if errors:
        raise ValidationFailed(errors)
    return tuple(value)


def _sort(catalogue: ViewCatalogue, value: str | None) -> str:
    if value is None:
        return catalogue.default_sort
    return str(SortKey.parse(value, catalogue.sorts))


def _position(value: int | None) -> int:
    if value is None:
        return DEFAULT_POSITION
    if not 0 <= value <= MAX_POSITION:
        raise ValidationFailed.field("position", f"The position is 0 to {MAX_POSITION}.")
    return value


async def _check_audience(
    uow: ViewsUnitOfWork,
    principal: Principal,
    visibility: Visibility,
    team_id: UUID | None,
    action: Action,
) -> None:
    if visibility is Visibility.SYSTEM:
        _require_admin(principal, action)
    if visibility is not Visibility.TEAM:
        if team_id is not None:
            raise ValidationFailed.field("team_id", "Only team views belong to a team.")
        return
    if team_id is None:
        raise ValidationFailed.field("team_id", "A team view needs the team that sees it.")
    if team_id not in await uow.view_directory.team_ids_of(principal.user_id):
        raise ValidationFailed.field(
            "team_id", "You can share views only with teams you are a member of."
        )


async def audit_view(
    uow: ViewsUnitOfWork,
    rt: Runtime,
    by: UUID | None,
    view: SavedView,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=SAVED_VIEW,
        record=view,
        operation=operation,
        before=before,
        by=by,
        at=rt.clock.now(),
        owner_id=view.owner_id,
        business_unit_id=view.business_unit_id,
    )


# ------------------------------------------------------------------ use cases


async def get_view(uow: ViewsUnitOfWork, principal: Principal, view_id: UUID) -> SavedView:
    view = await uow.saved_views.get(view_id)
    if view is None or not is_visible(
        view, principal, await uow.view_directory.team_ids_of(principal.user_id)
    ):
        raise NotFound(SAVED_VIEW, view_id)
    return view


@dataclass(frozen=True)
class ViewInput:
    entity: str
    name: str
    filter: Any = None
    columns: Sequence[str] | None = None
    sort: str | None = None
    visibility: Visibility = Visibility.PERSONAL
    team_id: UUID | None = None
    name_en: str | None = None
    position: int | None = None


def build_view(
    rt: Runtime,
    data: ViewInput,
    owner_id: UUID,
    business_unit_id: UUID,
    system_key: str | None = None,
) -> SavedView:
    """A valid view, not yet stored (the built-in system views are made with this too)."""
    catalogue = catalogue_for(data.entity)
    raw_filter = {"all": []} if data.filter is None else data.filter
    now = rt.clock.now()
    return SavedView(
        id=rt.ids.new_id(),
        entity=catalogue.entity,
        name=_name(data.name, "name", required=True) or "",
        name_en=_name(data.name_en, "name_en", required=False),
        filter=parse_filter(raw_filter, catalogue.fields).to_json(),
        columns=_columns(catalogue, data.columns),
        sort=_sort(catalogue, data.sort),
        visibility=data.visibility,
        team_id=data.team_id if data.visibility is Visibility.TEAM else None,
        system_key=system_key,
        position=_position(data.position),
        owner_id=owner_id,
        business_unit_id=business_unit_id,
        created_at=now,
        updated_at=now,
    )


async def create_view(
    uow: ViewsUnitOfWork, rt: Runtime, principal: Principal, data: ViewInput
) -> SavedView:
    """Anyone may save views of records they can read; system views need an administrator."""
    catalogue = catalogue_for(data.entity)
    principal.require(catalogue.entity, Action.READ)
    await _check_audience(uow, principal, data.visibility, data.team_id, Action.CREATE)
    view = build_view(rt, data, principal.user_id, principal.business_unit_id)
    await uow.saved_views.add(view)
    await audit_view(uow, rt, principal.user_id, view, Operation.CREATE, None)
    await uow.commit()
    return view


UPDATABLE = frozenset(
    {"name", "name_en", "filter", "columns", "sort", "visibility", "team_id", "position"}
)


async def update_view(
    uow: ViewsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    view_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> SavedView:
    view = await get_view(uow, principal, view_id)
    _require_may_change(view, principal, Action.UPDATE)
    check_version(SAVED_VIEW, view, expected_version)
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise ValidationFailed.field(sorted(unknown)[0], "This field cannot be changed.")
    catalogue = catalogue_for(view.entity)
    values: dict[str, Any] = {}
    if "name" in changes:
        values["name"] = _name(changes["name"], "name", required=True)
    if "name_en" in changes:
        values["name_en"] = _name(changes["name_en"], "name_en", required=False)
    if "filter" in changes:
        values["filter"] = parse_filter(changes["filter"], catalogue.fields).to_json()
    if "columns" in changes:
        if changes["columns"] is None:
            raise ValidationFailed.field("columns", "Show at least one column.")
        values["columns"] = _columns(catalogue, changes["columns"])
    if "sort" in changes:
        if changes["sort"] is None:
            raise ValidationFailed.field("sort", "A view needs a sort.")
        values["sort"] = _sort(catalogue, changes["sort"])
    if "position" in changes:
        values["position"] = _position(changes["position"])
    if "visibility" in changes or "team_id" in changes:
        visibility = Visibility(changes.get("visibility") or view.visibility)
        if view.system_key is not None and visibility is not Visibility.SYSTEM:
            raise Conflict("A built-in system view stays a system view.")
        team_id = changes.get("team_id", view.team_id if "visibility" not in changes else None)
        if visibility is not view.visibility or team_id != view.team_id:
            await _check_audience(uow, principal, visibility, team_id, Action.UPDATE)
        values["visibility"], values["team_id"] = visibility, team_id
    before = snapshot(view, BOOKKEEPING)
    if apply_update(view, values, rt.clock.now()):
        await uow.saved_views.update(view, expected_version)
        await audit_view(uow, rt, principal.user_id, view, Operation.UPDATE, before)
        await uow.commit()
    return view


async def delete_view(
    uow: ViewsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    view_id: UUID,
    expected_version: int,
) -> None:
    view = await get_view(uow, principal, view_id)
    _require_may_change(view, principal, Action.DELETE)
    check_version(SAVED_VIEW, view, expected_version)
    if view.system_key is not None:
        raise Conflict(
            "Built-in system views cannot be deleted (they would come back at the next "
            "start); edit their filter, columns or name instead."
        )
    await uow.saved_views.delete(view, expected_version)
    await audit_view(
        uow, rt, principal.user_id, view, Operation.DELETE, snapshot(view, BOOKKEEPING)
    )
    await uow.commit()
