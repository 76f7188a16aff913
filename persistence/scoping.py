"""The one function that decides which rows a caller may see.

Every list, get, search, export and report query starts from `readable()`; no router or
repository filters by owner or unit on its own. It turns the domain's `Scope` (computed by
`Principal.scope`, the same rule the domain uses for writes) into a SQL condition.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from domain.shared import Action, Principal, Scope, ScopeKind


def scope_clause(
    scope: Scope, *, owner_col: sa.ColumnElement[Any] | None, unit_col: sa.ColumnElement[Any] | None
) -> ColumnElement[bool]:
    if scope.kind is ScopeKind.EVERYTHING:
        return sa.true()
    if scope.kind is ScopeKind.OWNERS and owner_col is not None:
        return owner_col.in_(sorted(scope.ids))
    if scope.kind is ScopeKind.UNITS and unit_col is not None:
        return unit_col.in_(sorted(scope.ids))
    return sa.false()


def readable(
    principal: Principal,
    entity: str,
    table: sa.Table,
    *,
    action: Action = Action.READ,
    owner_col: str | None = "owner_id",
    unit_col: str | None = "business_unit_id",
    queue_col: str | None = None,
) -> ColumnElement[bool]:
    """WHERE condition for the rows of `table` that `principal` may `action` as `entity`.

    `queue_col` names a column holding the service queue a record waits in: members of that
    queue may read the record whatever their depth (they pick work from the queue)."""
    clause = scope_clause(
        principal.scope(entity, action),
        owner_col=table.c[owner_col] if owner_col else None,
        unit_col=table.c[unit_col] if unit_col else None,
    )
    if queue_col is not None and action is Action.READ and principal.queue_ids:
        return sa.or_(clause, table.c[queue_col].in_(sorted(principal.queue_ids)))
    return clause
