"""The one function that decides which rows a caller may see.

Every list, get, search, export and report query starts from `readable()`; no router or
repository filters by owner or unit on its own. It turns the domain's `Scope` (computed by
`Principal.scope`, the same rule the domain uses for writes) into a SQL condition.

Two grants widen a depth, each mirrored by a domain rule:

- queue membership: a record waiting in one of the caller's queues (`queue_col`);
- account teams (an access team, as in Dynamics): a member of an account's team reads the
  account and every record that belongs to it, across business units, provided their roles
  let them read that kind of record at all (`Principal.reads`). Which column of a table holds
  its account is declared once here, in `ACCOUNT_COLUMNS`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from domain.shared import Action, Depth, Principal, Scope, ScopeKind
from persistence.tables.accounts import contact_accounts

# Table name → the column that holds the account its rows belong to (the account itself for
# `accounts`). A table listed here is readable by the account's team.
ACCOUNT_COLUMNS: dict[str, str] = {
    "accounts": "id",
    "service_requests": "account_id",
    "activities": "account_id",
    "sales_projects": "account_id",
    # offers and orders
    "offers": "account_id",
    "orders": "account_id",
    # leads: a converted lead, a completed account-creation request belong to the account
    "leads": "account_id",
    "account_creation_requests": "account_id",
    # segmentation: class changes belong to the account
    "account_class_changes": "account_id",
}


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


def account_team_clause(
    principal: Principal, table: sa.Table, action: Action
) -> ColumnElement[bool] | None:
    """Rows of `table` that belong to an account whose team the caller is on (None: the
    table has no account, or the caller is on no team, or the team does not grant `action`)."""
    if action is Action.READ:
        ids = principal.account_ids
    elif action is Action.UPDATE and table.name == "accounts":
        ids = principal.editable_account_ids
    else:
        return None
    if not ids:
        return None
    wanted = sorted(ids)
    if table.name == "contacts":
        return table.c.id.in_(
            sa.select(contact_accounts.c.contact_id).where(
                contact_accounts.c.account_id.in_(wanted)
            )
        )
    column = ACCOUNT_COLUMNS.get(table.name)
    return table.c[column].in_(wanted) if column is not None else None


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
        clause = sa.or_(clause, table.c[queue_col].in_(sorted(principal.queue_ids)))
    if principal.depth(entity, action) is not Depth.NONE:
        team = account_team_clause(principal, table, action)
        if team is not None:
            clause = sa.or_(clause, team)
    return clause
