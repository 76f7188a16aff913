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

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from domain.shared.filters import (
    AllOf,
    AnyOf,
    Bound,
    Condition,
    FieldType,
    Filter,
    FilterContext,
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


def _condition(
    cond: Condition, columns: Columns, ctx: FilterContext, folded: Columns
) -> ColumnElement[bool]:
    try:
        column = columns[cond.field]
    except KeyError:
        raise ValueError(f"no column for filter field {cond.field!r}") from None
    pred = predicate(cond, ctx)
    if cond.type is FieldType.NUMBER:
        pred = _typed(pred)
    if isinstance(pred, IsNull):
        return column.is_not(None) if pred.negate else column.is_(None)
    base = _positive(
        folded.get(cond.field, column) if isinstance(pred, TextMatch) else column, pred
    )
    negate = isinstance(pred, OneOf | InRange) and pred.negate
    if not cond.nullable:
        return sa.not_(base) if negate else base
    if negate:
        return sa.or_(column.is_(None), sa.not_(base))
    return sa.and_(column.is_not(None), base)


def _node(node: Node, columns: Columns, ctx: FilterContext, folded: Columns) -> ColumnElement[bool]:
    if isinstance(node, Condition):
        return _condition(node, columns, ctx, folded)
    if isinstance(node, Not):
        return sa.not_(_node(node.child, columns, ctx, folded))
    parts = [_node(child, columns, ctx, folded) for child in node.children]
    if isinstance(node, AllOf):
        return sa.and_(*parts) if parts else sa.true()
    assert isinstance(node, AnyOf)  # noqa: S101
    return sa.or_(*parts) if parts else sa.false()


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
    return _node(filter.root, columns, context, folded or {})
