"""Who may do what: privileges per entity and action, granted at a depth (as in Dynamics).

The depth ladder is own < team < business unit < unit and children < organisation. A user's
roles are merged into one `Principal`, and `Principal.scope()` turns a privilege into a `Scope`
value. The persistence layer translates that one value into a WHERE clause for every read, and
the domain checks it for writes with `Principal.allows()`, so both paths share one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from uuid import UUID

from domain.shared.errors import Forbidden


class Action(StrEnum):
    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    ASSIGN = "assign"
    EXPORT = "export"
    # Decide on what others propose: an A class for an account, a care plan.
    APPROVE = "approve"


class Depth(IntEnum):
    NONE = 0
    OWN = 1
    TEAM = 2
    BUSINESS_UNIT = 3
    UNIT_AND_CHILDREN = 4
    ORGANISATION = 5

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Depth:
        return cls[value.upper()]


ADMIN_ENTITIES = ("user", "business_unit", "team", "role")


@dataclass(frozen=True)
class Privilege:
    entity: str
    action: Action
    depth: Depth


class ScopeKind(StrEnum):
    NOTHING = "nothing"
    OWNERS = "owners"
    UNITS = "units"
    EVERYTHING = "everything"


@dataclass(frozen=True)
class Scope:
    """The set of records a privilege reaches, by owner or by business unit."""

    kind: ScopeKind
    ids: frozenset[UUID] = frozenset()

    def contains(self, owner_id: UUID | None, business_unit_id: UUID | None) -> bool:
        if self.kind is ScopeKind.EVERYTHING:
            return True
        if self.kind is ScopeKind.OWNERS:
            return owner_id in self.ids
        if self.kind is ScopeKind.UNITS:
            return business_unit_id in self.ids
        return False


@dataclass(frozen=True)
class Principal:
    """The authenticated caller, with everything needed to decide access without I/O."""

    user_id: UUID
    business_unit_id: UUID
    name: str = ""
    # Users who share at least one team with the caller (the caller included).
    team_member_ids: frozenset[UUID] = frozenset()
    # The caller's business unit and all units below it.
    unit_subtree_ids: frozenset[UUID] = frozenset()
    privileges: Mapping[tuple[str, Action], Depth] = field(default_factory=dict)
    role_names: frozenset[str] = frozenset()
    # Queues the caller is a member of: members read what waits in them, and pick it.
    queue_ids: frozenset[UUID] = frozenset()
    # Accounts whose account team the caller is on (or whose account manager the caller is):
    # the team reads the account and every record of it, whatever their business units.
    account_ids: frozenset[UUID] = frozenset()
    # Those of `account_ids` where the caller's team membership also lets them edit the account.
    editable_account_ids: frozenset[UUID] = frozenset()

    @staticmethod
    def merge(privileges: Iterable[Privilege]) -> dict[tuple[str, Action], Depth]:
        """Several roles may grant the same privilege: the deepest grant wins."""
        merged: dict[tuple[str, Action], Depth] = {}
        for p in privileges:
            key = (p.entity, p.action)
            merged[key] = max(merged.get(key, Depth.NONE), p.depth)
        return merged

    @property
    def is_admin(self) -> bool:
        return all(
            self.depth(entity, Action.UPDATE) is Depth.ORGANISATION for entity in ADMIN_ENTITIES
        )

    def depth(self, entity: str, action: Action) -> Depth:
        return self.privileges.get((entity, action), Depth.NONE)

    def scope(self, entity: str, action: Action = Action.READ) -> Scope:
        depth = self.depth(entity, action)
        if depth is Depth.ORGANISATION:
            return Scope(ScopeKind.EVERYTHING)
        if depth is Depth.UNIT_AND_CHILDREN:
            return Scope(ScopeKind.UNITS, self.unit_subtree_ids | {self.business_unit_id})
        if depth is Depth.BUSINESS_UNIT:
            return Scope(ScopeKind.UNITS, frozenset({self.business_unit_id}))
        if depth is Depth.TEAM:
            return Scope(ScopeKind.OWNERS, self.team_member_ids | {self.user_id})
        if depth is Depth.OWN:
            return Scope(ScopeKind.OWNERS, frozenset({self.user_id}))
        return Scope(ScopeKind.NOTHING)

    def allows(
        self, entity: str, action: Action, owner_id: UUID | None, business_unit_id: UUID | None
    ) -> bool:
        return self.scope(entity, action).contains(owner_id, business_unit_id)

    def on_account_team(self, account_ids: Iterable[UUID | None]) -> bool:
        """Whether one of these accounts has the caller on its account team (an access team:
        it grants read access to the account and its records across business units)."""
        return any(a in self.account_ids for a in account_ids if a is not None)

    def reads(
        self,
        entity: str,
        owner_id: UUID | None,
        business_unit_id: UUID | None,
        *,
        account_ids: Iterable[UUID | None] = (),
    ) -> bool:
        """The read rule for a record that belongs to accounts: within the caller's read
        scope, or of an account whose team the caller is on — the same rule as
        `persistence.scoping.readable`."""
        return self.allows(entity, Action.READ, owner_id, business_unit_id) or (
            self.depth(entity, Action.READ) is not Depth.NONE and self.on_account_team(account_ids)
        )

    def reaches_unit(self, entity: str, action: Action, business_unit_id: UUID) -> bool:
        """Whether the privilege covers a whole unit (not just records the caller owns)."""
        scope = self.scope(entity, action)
        return scope.kind is ScopeKind.EVERYTHING or (
            scope.kind is ScopeKind.UNITS and business_unit_id in scope.ids
        )

    def require(self, entity: str, action: Action) -> None:
        """Fail unless the caller holds the privilege at some depth."""
        if self.depth(entity, action) is Depth.NONE:
            raise Forbidden(f"You do not have the privilege to {action.value} {entity} records.")

    def require_on(
        self, entity: str, action: Action, owner_id: UUID | None, business_unit_id: UUID | None
    ) -> None:
        """Fail unless the privilege reaches this particular record."""
        self.require(entity, action)
        if not self.allows(entity, action, owner_id, business_unit_id):
            raise Forbidden(
                f"Your {action.value} privilege on {entity} records does not reach this record."
            )
