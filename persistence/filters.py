"""The filter AST as SQL: one WHERE condition, the same on SQLite and PostgreSQL.

Each condition is first lowered by the domain (`domain.shared.filters.predicate`: special
values, whole days in Europe/Helsinki and relative dates resolved), so the SQL here follows
the rules `Filter.matches` follows in memory. Conditions on nullable columns never evaluate
to SQL NULL (a positive test is false for null, a negated one true), so `not` is an exact
complement, as in memory.

Text matching is case-insensitive through `ILIKE` (PostgreSQL) / `lower(…) LIKE lower(…)`
(SQLite, whose `lower` folds ASCII letters only), with `%`, `_` and `\\` in the text escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from domain.shared.access import Principal
from domain.shared.filters import (
    AllOf,
    AnyOf,
    Bound,
    Condition,
    FieldType,
    Filter,
    FilterContext,
    Has,
    InRange,
    IsNull,
    Node,
    Not,
    OneOf,
    Predicate,
    TextMatch,
    predicate,
)

Columns = Mapping[str, ColumnElement[Any]]


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _number(value: Any) -> Any:
    """A number bound with its own type, not the column's: a float or a large whole number
    compared with a SMALLINT column would not fit a SMALLINT parameter (asyncpg refuses
    it); PostgreSQL compares across numeric types."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return sa.literal(value, sa.BigInteger() if isinstance(value, int) else sa.Float())


def _typed(pred: Predicate) -> Predicate:
    if isinstance(pred, OneOf):
        return OneOf(tuple(_number(v) for v in pred.values), pred.negate)
    if isinstance(pred, InRange):
        low = Bound(_number(pred.low.value), pred.low.inclusive) if pred.low else None
        high = Bound(_number(pred.high.value), pred.high.inclusive) if pred.high else None
        return InRange(low, high, pred.negate)
    return pred


def _positive(column: ColumnElement[Any], pred: Predicate) -> ColumnElement[bool]:
    """The predicate without its negation, for a non-null value."""
    if isinstance(pred, TextMatch):
        pattern = escape_like(pred.needle) + "%"
        return column.ilike(pattern if pred.prefix else "%" + pattern, escape="\\")
    if isinstance(pred, OneOf):
        if not pred.values:
            return sa.false()
        if len(pred.values) == 1:
            equal: ColumnElement[bool] = column == pred.values[0]
            return equal
        return column.in_(pred.values)
    assert isinstance(pred, InRange)  # noqa: S101 - IsNull is handled by the caller
    parts: list[ColumnElement[bool]] = []
    if pred.low is not None:
        value = pred.low.value
        parts.append(column >= value if pred.low.inclusive else column > value)
    if pred.high is not None:
        value = pred.high.value
        parts.append(column <= value if pred.high.inclusive else column < value)
    return sa.and_(*parts) if parts else sa.true()


@dataclass(frozen=True)
class ManyField:
    """A many-valued field in SQL: `owners(values)` selects the keys of the records whose set
    of values meets `values`, `owners(None)` those whose set is not empty."""

    owners: Callable[[Sequence[Any] | None], sa.Select[Any]]


@dataclass(frozen=True)
class Link:
    """A relation in SQL: the records of source `source` whose `owner` column equals the
    key of the record the relation starts from."""

    source: str
    owner: ColumnElement[Any]


@dataclass
class Source:
    """How the records of one catalogue are found in SQL.

    `key` is what many-valued fields' owners and relations' owners are compared with (the
    record's id, or for a link row the id of what it links to); `from_` what the records of a
    relation are selected from; `scope` the caller's read scope over them (None: no limit
    beyond the record's owner's)."""

    key: ColumnElement[Any]
    columns: Columns
    from_: sa.FromClause | None = None
    folded: Columns = field(default_factory=dict)
    many: dict[str, ManyField] = field(default_factory=dict)
    relations: dict[str, Link] = field(default_factory=dict)
    scope: Callable[[Principal], ColumnElement[bool]] | None = None


@dataclass(frozen=True)
class _Env:
    ctx: FilterContext
    sources: Mapping[str, Source]
    principal: Principal | None
    unscoped: bool = False


def _nonnull_owners(select: sa.Select[Any]) -> sa.Select[Any]:
    column = next(iter(select.selected_columns))
    return select.where(column.is_not(None)).correlate(None)


def _condition(cond: Condition, source: Source, env: _Env) -> ColumnElement[bool]:
    pred = predicate(cond, env.ctx)
    if cond.many:
        try:
            many = source.many[cond.field]
        except KeyError:
            raise ValueError(f"no SQL for many-valued filter field {cond.field!r}") from None
        if isinstance(pred, IsNull):
            inside = source.key.in_(_nonnull_owners(many.owners(None)))
            return inside if pred.negate else sa.not_(inside)
        assert isinstance(pred, OneOf)  # noqa: S101
        if not pred.values:
            return sa.true() if pred.negate else sa.false()
        meets = source.key.in_(_nonnull_owners(many.owners(list(pred.values))))
        return sa.not_(meets) if pred.negate else meets
    try:
        column = source.columns[cond.field]
    except KeyError:
        raise ValueError(f"no column for filter field {cond.field!r}") from None
    if cond.type is FieldType.NUMBER:
        pred = _typed(pred)
    if isinstance(pred, IsNull):
        return column.is_not(None) if pred.negate else column.is_(None)
    base = _positive(
        source.folded.get(cond.field, column) if isinstance(pred, TextMatch) else column, pred
    )
    negate = isinstance(pred, OneOf | InRange) and pred.negate
    if not cond.nullable:
        return sa.not_(base) if negate else base
    if negate:
        return sa.or_(column.is_(None), sa.not_(base))
    return sa.and_(column.is_not(None), base)


def _has(node: Has, source: Source, env: _Env) -> ColumnElement[bool]:
    try:
        link = source.relations[node.relation]
        related = env.sources[link.source]
    except KeyError:
        raise ValueError(f"no SQL for filter relation {node.relation!r}") from None
    if related.from_ is None:
        raise ValueError(f"source {link.source!r} has nothing to select from")
    where = [_node(node.where, related, env)]
    if related.scope is not None and not env.unscoped:
        if env.principal is None:
            raise ValueError(f"relation {node.relation!r} needs the caller's scope")
        where.append(related.scope(env.principal))
    sub = sa.select(link.owner).select_from(related.from_).where(*where)
    return source.key.in_(_nonnull_owners(sub))


def _node(node: Node, source: Source, env: _Env) -> ColumnElement[bool]:
    if isinstance(node, Condition):
        return _condition(node, source, env)
    if isinstance(node, Has):
        return _has(node, source, env)
    if isinstance(node, Not):
        return sa.not_(_node(node.child, source, env))
    parts = [_node(child, source, env) for child in node.children]
    if isinstance(node, AllOf):
        return sa.and_(*parts) if parts else sa.true()
    assert isinstance(node, AnyOf)  # noqa: S101
    return sa.or_(*parts) if parts else sa.false()


def compile_source(
    filter: Filter,
    source: Source,
    context: FilterContext,
    *,
    sources: Mapping[str, Source],
    principal: Principal | None = None,
    unscoped: bool = False,
) -> ColumnElement[bool]:
    """The WHERE condition for `filter` over `source`, with many-valued fields and relations
    (`{"has": …}`) as `IN (SELECT …)` subqueries over `sources`, each limited to what
    `principal` may read — or, with `unscoped=True` (system evaluations such as a dynamic
    segment's refresh), over every related record."""
    return _node(filter.root, source, _Env(context, sources, principal, unscoped))


def compile_filter(
    filter: Filter,
    columns: Columns,
    context: FilterContext,
    *,
    folded: Columns | None = None,
) -> ColumnElement[bool]:
    """The WHERE condition for `filter`; `columns` maps every field it names to a column.

    `folded` may map a text field to a case-folded copy of its column (e.g. a title's
    `sort_title`): `contains` and `starts_with` match against it, which also folds letters
    beyond ASCII on SQLite."""
    source = Source(key=sa.null(), columns=columns, folded=dict(folded or {}))
    return _node(filter.root, source, _Env(context, {}, None))
