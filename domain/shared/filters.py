"""The filter AST: the one filter language of saved views now and segmentation rules later.

A filter is JSON. A node is a group or a condition:

    {"all": [node, …]}   every child holds (an empty list holds for every record)
    {"any": [node, …]}   at least one child holds (an empty list holds for none)
    {"not": node}        the child does not hold
    {"field": "status_reason", "op": "in", "value": ["in_progress", "on_hold"]}
    {"has": "orders", "where": node}   some related record (here an order) matches `node`

A catalogue may declare relations (`FieldCatalogue.relations`: name → the catalogue of the
related records); `has` holds when at least one related record passes `where` (no `where`:
when there is any). A field may be many-valued (`FieldSpec.many`: a record holds a set of
values, e.g. its classifications with their ancestors): `eq` / `in` hold when the set meets
the values, `ne` / `not_in` when it does not, `is_null` when the set is empty.

Each entity has a `FieldCatalogue` that declares its filterable fields, their types and the
operators each takes. `parse_filter` validates a JSON filter against a catalogue (every error
names its path, e.g. `filter.all[2].value`) and returns a typed `Filter`; `Filter.to_json`
gives back the normalised JSON (canonical ids, ISO dates), which is what gets stored.

Special values are resolved when the filter runs, from a `FilterContext`: `$me` (the caller),
`$my_unit` (the caller's business unit), `$my_queues` (the queues the caller is a member of,
for `in` / `not_in`) and `$today` (today in Europe/Helsinki). A date given to a date-time field
means that whole day in Europe/Helsinki: `received_at lte 2025-03-31` includes all of March 31.

`Filter.predicates` lowers every condition to a small set of resolved predicates (`OneOf`,
`InRange`, `IsNull`, `TextMatch`). The SQL compiler (`persistence.filters`) and the in-memory
evaluator (`Filter.matches`) both start from them, so both follow one set of rules. Null
values are two-valued: a positive predicate never holds for null, a negated one always does
(`owner_id ne $me` includes requests without an owner), and `not` is an exact complement.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeAlias
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.shared.access import Principal
from domain.shared.errors import FieldError, ValidationFailed

HELSINKI = ZoneInfo("Europe/Helsinki")

MAX_DEPTH = 8
MAX_NODES = 100
MAX_LIST = 200
MAX_TEXT = 200
MAX_DAYS = 36_600  # a hundred years
MAX_NUMBER = 1e15
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


class FieldType(StrEnum):
    TEXT = "text"
    ENUM = "enum"
    UUID = "uuid"
    DATE = "date"
    DATETIME = "datetime"
    NUMBER = "number"
    BOOLEAN = "boolean"


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    IN = "in"
    NOT_IN = "not_in"
    LT = "lt"
    LTE = "lte"
    GT = "gt"
    GTE = "gte"
    BETWEEN = "between"
    IS_NULL = "is_null"
    IS_NOT_NULL = "is_not_null"
    CONTAINS = "contains"
    STARTS_WITH = "starts_with"
    WITHIN_LAST = "within_last"
    OLDER_THAN = "older_than"


class Special(StrEnum):
    ME = "$me"
    MY_UNIT = "$my_unit"
    MY_QUEUES = "$my_queues"
    TODAY = "$today"


class Ref(StrEnum):
    """What a uuid field points at; decides which special value it takes."""

    USER = "user"
    BUSINESS_UNIT = "business_unit"
    QUEUE = "queue"
    OTHER = "other"


NULL_OPS = frozenset({Op.IS_NULL, Op.IS_NOT_NULL})
_EQUALITY = frozenset({Op.EQ, Op.NE, Op.IN, Op.NOT_IN})
_ORDER = frozenset({Op.LT, Op.LTE, Op.GT, Op.GTE, Op.BETWEEN})
_RELATIVE = frozenset({Op.WITHIN_LAST, Op.OLDER_THAN})
DEFAULT_OPS: Mapping[FieldType, frozenset[Op]] = {
    FieldType.TEXT: _EQUALITY | {Op.CONTAINS, Op.STARTS_WITH} | NULL_OPS,
    FieldType.ENUM: _EQUALITY | NULL_OPS,
    FieldType.UUID: _EQUALITY | NULL_OPS,
    FieldType.DATE: frozenset({Op.EQ, Op.NE}) | _ORDER | _RELATIVE | NULL_OPS,
    FieldType.DATETIME: frozenset({Op.EQ, Op.NE}) | _ORDER | _RELATIVE | NULL_OPS,
    FieldType.NUMBER: _EQUALITY | _ORDER | NULL_OPS,
    FieldType.BOOLEAN: frozenset({Op.EQ, Op.NE}) | NULL_OPS,
}
_SPECIAL_REF = {
    Special.ME: Ref.USER,
    Special.MY_UNIT: Ref.BUSINESS_UNIT,
    Special.MY_QUEUES: Ref.QUEUE,
}


# ------------------------------------------------------------------ the catalogue


@dataclass(frozen=True)
class FieldSpec:
    """One filterable field: its type, the values of an enum, whether it may be null, the
    operators it takes (None: every operator of its type) and, for ids, what they point at."""

    name: str
    type: FieldType
    values: tuple[str, ...] = ()
    nullable: bool = False
    ops: frozenset[Op] | None = None
    refers_to: Ref | None = None
    many: bool = False

    def __post_init__(self) -> None:
        if self.many and self.type not in (FieldType.UUID, FieldType.ENUM, FieldType.TEXT):
            raise ValueError(f"{self.name}: only uuid, enum and text fields may be many-valued")
        if (self.type is FieldType.ENUM) != bool(self.values):
            raise ValueError(f"{self.name}: enum fields, and only they, list their values")
        if self.refers_to is not None and self.type is not FieldType.UUID:
            raise ValueError(f"{self.name}: only uuid fields refer to something")
        if self.ops is not None and not self.ops <= DEFAULT_OPS[self.type]:
            raise ValueError(f"{self.name}: {self.type} fields do not take {self.ops}")

    @property
    def allowed_ops(self) -> frozenset[Op]:
        ops = DEFAULT_OPS[self.type] if self.ops is None else self.ops
        if self.many:
            return ops & (_EQUALITY | NULL_OPS)  # a many-valued field may always be empty
        return ops if self.nullable else ops - NULL_OPS


@dataclass(frozen=True, eq=False)
class FieldCatalogue:
    """The filterable fields of one entity."""

    entity: str
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    # Relation name → the catalogue of the related records (`{"has": name, "where": …}`).
    # Filled by `add_relation`, also by other contexts at import time.
    relations: dict[str, FieldCatalogue] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        entity: str,
        specs: Iterable[FieldSpec],
        relations: Mapping[str, FieldCatalogue] | None = None,
    ) -> FieldCatalogue:
        by_name: dict[str, FieldSpec] = {}
        for spec in specs:
            if spec.name in by_name:
                raise ValueError(f"{entity}: field {spec.name} declared twice")
            by_name[spec.name] = spec
        return cls(entity, by_name, dict(relations or {}))

    def add_relation(self, name: str, catalogue: FieldCatalogue) -> FieldCatalogue:
        """Declare a relation (`{"has": name, …}`); the SQL side registers its join with
        `persistence.queries.filter_search.register_relation`. Returns self."""
        if name in self.fields:
            raise ValueError(f"{self.entity}: {name} is already a field")
        existing = self.relations.get(name)
        if existing is not None and existing is not catalogue:
            raise ValueError(f"{self.entity}: relation {name} declared twice")
        self.relations[name] = catalogue
        return self

    def __contains__(self, name: object) -> bool:
        return name in self.fields

    def describe(self) -> list[dict[str, Any]]:
        """The catalogue's fields as JSON, for clients that build filter editors."""
        return [
            {
                "field": s.name,
                "type": s.type.value,
                "values": list(s.values),
                "nullable": s.nullable,
                "many": s.many,
                "ops": sorted(op.value for op in s.allowed_ops),
                "specials": [
                    sp.value
                    for sp in Special
                    if _special_fits(s, sp, Op.IN if sp is Special.MY_QUEUES else Op.EQ)
                ],
                "refers_to": s.refers_to.value if s.refers_to else None,
            }
            for s in self.fields.values()
        ]

    def describe_tree(self, depth: int = 3) -> dict[str, Any]:
        """Fields and relations (each with its own fields), `depth` relations deep."""
        return {
            "entity": self.entity,
            "fields": self.describe(),
            "relations": [
                {"relation": name, **cat.describe_tree(depth - 1)}
                for name, cat in self.relations.items()
            ]
            if depth > 0
            else [],
        }


# ------------------------------------------------------------------ the AST


@dataclass(frozen=True)
class Relative:
    """A span back from now: `{"days": 7}` or `{"hours": 4}` (date-time fields only)."""

    amount: int
    unit: str  # days | hours

    @property
    def delta(self) -> timedelta:
        return timedelta(days=self.amount) if self.unit == "days" else timedelta(hours=self.amount)


Scalar: TypeAlias = "str | int | float | bool | UUID | date | datetime | Special"
Value: TypeAlias = "Scalar | tuple[Scalar, ...] | Relative | None"


@dataclass(frozen=True)
class Condition:
    field: str
    op: Op
    value: Value
    type: FieldType
    nullable: bool = False
    many: bool = False


@dataclass(frozen=True)
class Has:
    """Some record of `relation` passes `where`."""

    relation: str
    where: Node


@dataclass(frozen=True)
class AllOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node: TypeAlias = "Condition | AllOf | AnyOf | Not | Has"


# ------------------------------------------------------------------ resolved predicates


@dataclass(frozen=True)
class Bound:
    value: Any
    inclusive: bool


@dataclass(frozen=True)
class OneOf:
    """The value is one of these (eq, in); `negate`: it is none of them (ne, not_in)."""

    values: tuple[Any, ...]
    negate: bool = False


@dataclass(frozen=True)
class InRange:
    """low ≤ value ≤ high (each bound optional, inclusive or not); `negate`: outside it."""

    low: Bound | None
    high: Bound | None
    negate: bool = False


@dataclass(frozen=True)
class IsNull:
    negate: bool = False


@dataclass(frozen=True)
class TextMatch:
    """Case-insensitive: the text contains `needle` (lower case), or starts with it."""

    needle: str
    prefix: bool = False


Predicate: TypeAlias = "OneOf | InRange | IsNull | TextMatch"


@dataclass(frozen=True)
class FilterContext:
    """What special values and relative dates resolve against when a filter runs."""

    user_id: UUID
    business_unit_id: UUID
    queue_ids: frozenset[UUID]
    now: datetime
    zone: ZoneInfo = HELSINKI

    @classmethod
    def of(cls, principal: Principal, now: datetime) -> FilterContext:
        return cls(principal.user_id, principal.business_unit_id, principal.queue_ids, now)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def day_start(self, day: date) -> datetime:
        """Midnight at the start of `day` in the organisation's time zone, in UTC."""
        return datetime.combine(day, time(), tzinfo=self.zone).astimezone(UTC)

    def resolve(self, value: Scalar) -> list[Any]:
        """A value with its special values replaced (`$my_queues` may stand for several)."""
        if value is Special.ME:
            return [self.user_id]
        if value is Special.MY_UNIT:
            return [self.business_unit_id]
        if value is Special.MY_QUEUES:
            return sorted(self.queue_ids)
        if value is Special.TODAY:
            return [self.today]
        return [value]


def _one(ctx: FilterContext, value: Value) -> Any:
    if isinstance(value, tuple | Relative) or value is None:
        raise TypeError(f"not a single value: {value!r}")
    return ctx.resolve(value)[0]


def _is_day(kind: FieldType, value: Any) -> bool:
    """A whole day given to a date-time field."""
    return (
        kind is FieldType.DATETIME and isinstance(value, date) and not isinstance(value, datetime)
    )


def _low(kind: FieldType, ctx: FilterContext, value: Any, inclusive: bool) -> Bound:
    if _is_day(kind, value):
        # gte day: from its start; gt day: from the start of the next one.
        return Bound(ctx.day_start(value if inclusive else value + timedelta(days=1)), True)
    return Bound(value, inclusive)


def _high(kind: FieldType, ctx: FilterContext, value: Any, inclusive: bool) -> Bound:
    if _is_day(kind, value):
        # lte day: up to the start of the next one; lt day: up to its start.
        return Bound(ctx.day_start(value + timedelta(days=1) if inclusive else value), False)
    return Bound(value, inclusive)


def predicate(cond: Condition, ctx: FilterContext) -> Predicate:
    """One condition with its values resolved: what the SQL compiler and `matches` share."""
    op, kind, value = cond.op, cond.type, cond.value
    if op in NULL_OPS:
        return IsNull(negate=op is Op.IS_NOT_NULL)
    if op in (Op.CONTAINS, Op.STARTS_WITH):
        return TextMatch(str(value).lower(), prefix=op is Op.STARTS_WITH)
    if op in (Op.IN, Op.NOT_IN):
        items: tuple[Any, ...] = value if isinstance(value, tuple) else (value,)
        resolved: list[Any] = []
        for item in items:
            for v in ctx.resolve(item):
                if v not in resolved:
                    resolved.append(v)
        return OneOf(tuple(resolved), negate=op is Op.NOT_IN)
    if op in _RELATIVE:
        assert isinstance(value, Relative)  # noqa: S101
        if kind is FieldType.DATE:
            start: Any = ctx.today - timedelta(days=value.amount)
            end: Any = ctx.today
        else:
            start, end = ctx.now - value.delta, ctx.now
        if op is Op.WITHIN_LAST:
            return InRange(Bound(start, True), Bound(end, True))
        return InRange(None, Bound(start, False))
    if op is Op.BETWEEN:
        assert isinstance(value, tuple)  # noqa: S101
        low, high = (_one(ctx, v) for v in value)
        return InRange(_low(kind, ctx, low, True), _high(kind, ctx, high, True))
    one = _one(ctx, value)
    if op in (Op.EQ, Op.NE):
        if _is_day(kind, one):
            return InRange(_low(kind, ctx, one, True), _high(kind, ctx, one, True), op is Op.NE)
        return OneOf((one,), negate=op is Op.NE)
    if op in (Op.LT, Op.LTE):
        return InRange(None, _high(kind, ctx, one, op is Op.LTE))
    return InRange(_low(kind, ctx, one, op is Op.GTE), None)


def _holds_many(pred: Predicate, actual: Any) -> bool:
    values = set(actual or ())
    if isinstance(pred, IsNull):
        return (not values) != pred.negate
    assert isinstance(pred, OneOf)  # noqa: S101 - many-valued fields take equality only
    return bool(values & set(pred.values)) != pred.negate


def _holds(pred: Predicate, actual: Any) -> bool:
    if isinstance(pred, IsNull):
        return (actual is None) != pred.negate
    if actual is None:
        return isinstance(pred, OneOf | InRange) and pred.negate
    if isinstance(pred, TextMatch):
        text = str(actual).lower()
        return text.startswith(pred.needle) if pred.prefix else pred.needle in text
    if isinstance(pred, OneOf):
        return (actual in pred.values) != pred.negate
    inside = True
    if pred.low is not None:
        inside = actual >= pred.low.value if pred.low.inclusive else actual > pred.low.value
    if inside and pred.high is not None:
        inside = actual <= pred.high.value if pred.high.inclusive else actual < pred.high.value
    return inside != pred.negate


@dataclass(frozen=True)
class Filter:
    root: Node

    def to_json(self) -> dict[str, Any]:
        return _node_json(self.root)

    def conditions(self) -> list[Condition]:
        found: list[Condition] = []
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, Condition):
                found.append(node)
            elif isinstance(node, Not):
                stack.append(node.child)
            elif isinstance(node, Has):
                stack.append(node.where)
            else:
                stack.extend(reversed(node.children))
        return found

    def matches(self, record: Mapping[str, Any], ctx: FilterContext) -> bool:
        """Whether a record (field name → value) passes: the rules the SQL compiler follows.
        A many-valued field holds a collection; a relation holds a list of records."""
        return _matches(self.root, record, ctx)


def _matches(node: Node, record: Mapping[str, Any], ctx: FilterContext) -> bool:
    if isinstance(node, Condition):
        check = _holds_many if node.many else _holds
        return check(predicate(node, ctx), record.get(node.field))
    if isinstance(node, Not):
        return not _matches(node.child, record, ctx)
    if isinstance(node, Has):
        return any(_matches(node.where, r, ctx) for r in record.get(node.relation) or ())
    if isinstance(node, AllOf):
        return all(_matches(c, record, ctx) for c in node.children)
    return any(_matches(c, record, ctx) for c in node.children)


EVERYTHING = Filter(AllOf(()))


def _value_json(value: Any) -> Any:
    if isinstance(value, Special):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if isinstance(value, tuple):
        return [_value_json(v) for v in value]
    if isinstance(value, Relative):
        return {value.unit: value.amount}
    return value


def _node_json(node: Node) -> dict[str, Any]:
    if isinstance(node, Condition):
        out: dict[str, Any] = {"field": node.field, "op": node.op.value}
        if node.op not in NULL_OPS:
            out["value"] = _value_json(node.value)
        return out
    if isinstance(node, Not):
        return {"not": _node_json(node.child)}
    if isinstance(node, Has):
        return {"has": node.relation, "where": _node_json(node.where)}
    key = "all" if isinstance(node, AllOf) else "any"
    return {key: [_node_json(c) for c in node.children]}


# ------------------------------------------------------------------ parsing

Loc: TypeAlias = tuple[str | int, ...]
_MISSING: Any = object()
_GROUPS = ("all", "any", "not")
_HAS_KEYS = frozenset({"has", "where"})
_CONDITION_KEYS = frozenset({"field", "op", "value"})


def path_text(loc: Sequence[str | int]) -> str:
    """("filter", "all", 2, "value") → "filter.all[2].value"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class _TooBig(Exception):
    def __init__(self, loc: Loc, msg: str) -> None:
        super().__init__(msg)
        self.loc = loc
        self.msg = msg


def _special_fits(spec: FieldSpec, special: Special, op: Op) -> bool:
    if special is Special.TODAY:
        return spec.type in (FieldType.DATE, FieldType.DATETIME)
    if spec.type is not FieldType.UUID or spec.refers_to is not _SPECIAL_REF[special]:
        return False
    return special is not Special.MY_QUEUES or op in (Op.IN, Op.NOT_IN)


def _short(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "..."


class _Parser:
    def __init__(self, catalogue: FieldCatalogue) -> None:
        self.catalogue = catalogue
        self.errors: list[FieldError] = []
        self.count = 0

    def fail(self, loc: Loc, msg: str, type_: str = "value_error") -> None:
        self.errors.append(FieldError(loc, msg, type_))

    def node(self, data: object, loc: Loc, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise _TooBig(loc, f"A filter nests at most {MAX_DEPTH} levels deep.")
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(loc, f"A filter has at most {MAX_NODES} groups and conditions.")
        if not isinstance(data, dict):
            self.fail(
                loc,
                'Expected a group ({"all": [...]}, {"any": [...]} or {"not": {...}}) or a '
                'condition ({"field": ..., "op": ..., "value": ...}).',
            )
            return AllOf(())
        if "has" in data:
            return self.has(data, loc, depth)
        groups = [k for k in _GROUPS if k in data]
        if groups:
            if len(data) != 1:
                self.fail(loc, "A group has exactly one key: all, any or not.")
                return AllOf(())
            return self.group(groups[0], data[groups[0]], loc, depth)
        if "field" in data or "op" in data:
            return self.condition(data, loc)
        self.fail(loc, "Expected a group (all, any, not) or a condition (field, op, value).")
        return AllOf(())

    def has(self, data: Mapping[str, Any], loc: Loc, depth: int) -> Node:
        unknown = sorted(str(k) for k in data if k not in _HAS_KEYS)
        if unknown:
            self.fail((*loc, unknown[0]), "Unknown key: a relation condition has has and where.")
            return AllOf(())
        name = data["has"]
        related = self.catalogue.relations.get(name) if isinstance(name, str) else None
        if related is None:
            known = ", ".join(self.catalogue.relations) or "none"
            self.fail(
                (*loc, "has"),
                f"Unknown relation {_short(name)}; {self.catalogue.entity} relations: {known}.",
            )
            return AllOf(())
        outer = self.catalogue
        self.catalogue = related
        try:
            where = self.node(data.get("where", {"all": []}), (*loc, "where"), depth + 1)
        finally:
            self.catalogue = outer
        return Has(name, where)

    def group(self, key: str, data: object, loc: Loc, depth: int) -> Node:
        here = (*loc, key)
        if key == "not":
            return Not(self.node(data, here, depth + 1))
        if not isinstance(data, list):
            self.fail(here, f'"{key}" takes a list of groups and conditions.')
            return AllOf(())
        children = tuple(self.node(c, (*here, i), depth + 1) for i, c in enumerate(data))
        return AllOf(children) if key == "all" else AnyOf(children)

    def condition(self, data: Mapping[str, Any], loc: Loc) -> Node:
        unknown = sorted(str(k) for k in data if k not in _CONDITION_KEYS)
        if unknown:
            self.fail((*loc, unknown[0]), "Unknown key: a condition has field, op and value.")
            return AllOf(())
        name = data.get("field")
        spec = self.catalogue.fields.get(name) if isinstance(name, str) else None
        if spec is None:
            self.fail(
                (*loc, "field"),
                f"Unknown field {_short(name)}; {self.catalogue.entity} filters use: "
                f"{', '.join(self.catalogue.fields)}.",
            )
            return AllOf(())
        raw_op = data.get("op")
        op = next((o for o in Op if o.value == raw_op), None)
        if op is None or op not in spec.allowed_ops:
            allowed = ", ".join(sorted(o.value for o in spec.allowed_ops))
            self.fail((*loc, "op"), f"{spec.name} does not take {_short(raw_op)}; use: {allowed}.")
            return AllOf(())
        value = self.value(spec, op, data.get("value", _MISSING), (*loc, "value"))
        return Condition(spec.name, op, value, spec.type, spec.nullable, spec.many)

    def value(self, spec: FieldSpec, op: Op, raw: Any, loc: Loc) -> Value:
        if op in NULL_OPS:
            if raw is not _MISSING and raw is not None:
                self.fail(loc, f"{op.value} takes no value.")
            return None
        if raw is _MISSING:
            self.fail(loc, "A value is required.", "missing")
            return None
        if op in _RELATIVE:
            return self.relative(spec, raw, loc)
        if op in (Op.IN, Op.NOT_IN):
            if raw == Special.MY_QUEUES.value and _special_fits(spec, Special.MY_QUEUES, op):
                return Special.MY_QUEUES
            return self.items(spec, op, raw, loc, 1, MAX_LIST)
        if op is Op.BETWEEN:
            pair = self.items(spec, op, raw, loc, 2, 2)
            if isinstance(pair, tuple) and len(pair) == 2:
                low, high = pair
                if _comparable(low, high) and low > high:  # type: ignore[operator]
                    self.fail(loc, "The first value of between must not be after the second.")
            return pair
        if op in (Op.CONTAINS, Op.STARTS_WITH):
            if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_TEXT:
                self.fail(loc, f"Give the text to look for (1 to {MAX_TEXT} characters).")
                return None
            return raw
        return self.scalar(spec, op, raw, loc)

    def items(
        self, spec: FieldSpec, op: Op, raw: Any, loc: Loc, least: int, most: int
    ) -> tuple[Scalar, ...] | None:
        if not isinstance(raw, list) or not least <= len(raw) <= most:
            size = f"{least}" if least == most else f"{least} to {most}"
            self.fail(loc, f"{op.value} takes a list of {size} values.")
            return None
        return tuple(self.scalar(spec, op, item, (*loc, i)) for i, item in enumerate(raw))

    def relative(self, spec: FieldSpec, raw: Any, loc: Loc) -> Relative | None:
        units = ("days", "hours") if spec.type is FieldType.DATETIME else ("days",)
        if isinstance(raw, dict) and len(raw) == 1:
            unit, amount = next(iter(raw.items()))
            limit = MAX_DAYS * (24 if unit == "hours" else 1)
            if (
                unit in units
                and isinstance(amount, int)
                and not isinstance(amount, bool)
                and 1 <= amount <= limit
            ):
                return Relative(amount, unit)
        examples = " or ".join(f'{{"{u}": 7}}' for u in units)
        self.fail(loc, f"Give a span back from now: {examples} (a positive whole number).")
        return None

    def scalar(self, spec: FieldSpec, op: Op, raw: Any, loc: Loc) -> Scalar:
        kind = spec.type
        if isinstance(raw, str) and raw.startswith("$") and kind not in (FieldType.TEXT,):
            special = next((s for s in Special if s.value == raw), None)
            if special is not None and _special_fits(spec, special, op):
                return special
            fits = [s.value for s in Special if _special_fits(spec, s, op)]
            self.fail(
                loc,
                f"{_short(raw)} is not a special value {spec.name} takes"
                + (f"; it takes {', '.join(fits)}." if fits else "."),
            )
            return ""
        parsed: Scalar | None = _SCALARS[kind](spec, raw)
        if parsed is None:
            self.fail(loc, _EXPECTED[kind](spec))
            return ""
        return parsed


def _comparable(a: object, b: object) -> bool:
    if isinstance(a, Special) or isinstance(b, Special):
        return False
    if isinstance(a, datetime) or isinstance(b, datetime):
        return isinstance(a, datetime) and isinstance(b, datetime)
    if isinstance(a, date) or isinstance(b, date):
        return isinstance(a, date) and isinstance(b, date)
    return isinstance(a, int | float) and isinstance(b, int | float)


def _text(spec: FieldSpec, raw: Any) -> str | None:
    return raw if isinstance(raw, str) and len(raw) <= MAX_TEXT else None


def _enum(spec: FieldSpec, raw: Any) -> str | None:
    return raw if isinstance(raw, str) and raw in spec.values else None


def _uuid(spec: FieldSpec, raw: Any) -> UUID | None:
    if not isinstance(raw, str) or len(raw) > 50:
        return None
    try:
        return UUID(raw)
    except ValueError:
        return None


def _day(raw: Any) -> date | None:
    if not isinstance(raw, str) or len(raw) > 10:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def _date(spec: FieldSpec, raw: Any) -> date | None:
    return _day(raw)


def _datetime(spec: FieldSpec, raw: Any) -> date | None:
    day = _day(raw)
    if day is not None or not isinstance(raw, str) or len(raw) > 40:
        return day
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    return moment if EARLIEST <= moment.date() <= LATEST else None


def _number(spec: FieldSpec, raw: Any) -> int | float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        return None
    return raw if abs(raw) <= MAX_NUMBER else None


def _boolean(spec: FieldSpec, raw: Any) -> bool | None:
    return raw if isinstance(raw, bool) else None


_SCALARS: Mapping[FieldType, Any] = {
    FieldType.TEXT: _text,
    FieldType.ENUM: _enum,
    FieldType.UUID: _uuid,
    FieldType.DATE: _date,
    FieldType.DATETIME: _datetime,
    FieldType.NUMBER: _number,
    FieldType.BOOLEAN: _boolean,
}
_EXPECTED: Mapping[FieldType, Any] = {
    FieldType.TEXT: lambda s: f"Expected text of at most {MAX_TEXT} characters.",
    FieldType.ENUM: lambda s: f"Expected one of: {', '.join(s.values)}.",
    FieldType.UUID: lambda s: "Expected an id (UUID).",
    FieldType.DATE: lambda s: "Expected a date (YYYY-MM-DD) or $today.",
    FieldType.DATETIME: lambda s: (
        "Expected a date (YYYY-MM-DD, the whole day in Europe/Helsinki), $today, or a date "
        "and time with a zone (2025-03-01T09:00:00+02:00)."
    ),
    FieldType.NUMBER: lambda s: "Expected a number.",
    FieldType.BOOLEAN: lambda s: "Expected true or false.",
}


def parse_filter(data: object, catalogue: FieldCatalogue, *, path: str = "filter") -> Filter:
    """Validate a JSON filter against the catalogue. Raises `ValidationFailed` listing every
    problem with its location, e.g. `filter.all[2].value`."""
    parser = _Parser(catalogue)
    try:
        root = parser.node(data, (path,), 1)
    except _TooBig as exc:
        parser.errors = [FieldError(exc.loc, exc.msg, "too_large")]
    except RecursionError:  # pragma: no cover - the depth limit stops long before
        parser.errors = [FieldError((path,), "The filter is too deeply nested.", "too_large")]
    if parser.errors:
        detail = "; ".join(f"{path_text(e.loc)}: {e.msg}" for e in parser.errors[:10])
        raise ValidationFailed(parser.errors, detail)
    return Filter(root)


def normalise_filter(
    data: object, catalogue: FieldCatalogue, *, path: str = "filter"
) -> dict[str, Any]:
    """The stored form of a JSON filter: validated, with canonical ids and dates."""
    return parse_filter(data, catalogue, path=path).to_json()


__all__ = [
    "DEFAULT_OPS",
    "EVERYTHING",
    "HELSINKI",
    "MAX_DEPTH",
    "MAX_LIST",
    "MAX_NODES",
    "AllOf",
    "AnyOf",
    "Bound",
    "Condition",
    "FieldCatalogue",
    "FieldSpec",
    "FieldType",
    "Filter",
    "FilterContext",
    "Has",
    "InRange",
    "IsNull",
    "Node",
    "Not",
    "OneOf",
    "Op",
    "Predicate",
    "Ref",
    "Relative",
    "Special",
    "TextMatch",
    "normalise_filter",
    "parse_filter",
    "path_text",
    "predicate",
]
