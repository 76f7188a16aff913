"""The SQL compiler agrees with the in-memory evaluator: random filters select the same rows
of a small SQLite table as `Filter.matches` picks from the same records in Python (nulls,
whole days in Helsinki across the spring DST change, relative dates, escaped LIKE)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.shared.filters import FilterContext, parse_filter
from persistence.filters import compile_filter
from persistence.tables.base import UTCDateTime
from tests.unit.test_filters import CATALOGUE, cond, conditions

pytestmark = pytest.mark.unit

ME = UUID("11111111-1111-4111-8111-111111111111")
UNIT = UUID("22222222-2222-4222-8222-222222222222")
QUEUE = UUID("33333333-3333-4333-8333-333333333333")
OTHERS = [UUID(int=i) for i in range(1, 4)]
NOW = datetime(2025, 3, 30, 12, 0, tzinfo=UTC)
CTX = FilterContext(ME, UNIT, frozenset({QUEUE}), NOW)

meta = sa.MetaData()
things = sa.Table(
    "things",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(50), nullable=True),
    sa.Column("colour", sa.String(10), nullable=False),
    sa.Column("owner_id", sa.Uuid, nullable=False),
    sa.Column("unit_id", sa.Uuid, nullable=False),
    sa.Column("queue_id", sa.Uuid, nullable=True),
    sa.Column("due", sa.Date, nullable=True),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("score", sa.Float, nullable=True),
    sa.Column("flag", sa.Boolean, nullable=False),
)
COLUMNS = {c.name: c for c in things.columns if c.name != "id"}
NAMES = ["Lasku", "lasku 50%", "a_b", "back\\slash", "Mittari", "", None, "LASKUTUS"]


def _rows() -> list[dict[str, Any]]:
    rnd = random.Random(5)
    midnights = [CTX.day_start(NOW.date() + timedelta(days=d)) for d in range(-9, 3)]
    rows = []
    for i in range(80):
        if i % 3 == 0:
            at = rnd.choice(midnights) + timedelta(microseconds=rnd.choice([-1, 0, 1]))
        else:
            at = NOW + timedelta(minutes=rnd.randint(-60 * 24 * 40, 60 * 24 * 5))
        rows.append(
            {
                "id": i,
                "name": rnd.choice(NAMES),
                "colour": rnd.choice(["red", "green", "blue"]),
                "owner_id": rnd.choice([ME, *OTHERS]),
                "unit_id": rnd.choice([UNIT, *OTHERS]),
                "queue_id": rnd.choice([QUEUE, OTHERS[0], None]),
                "due": rnd.choice([None, NOW.date() + timedelta(days=rnd.randint(-10, 3))]),
                "at": at,
                "score": rnd.choice([None, 1, 2.5, 3, 5, -1]),
                "flag": rnd.random() < 0.5,
            }
        )
    return rows


ROWS = _rows()


@pytest.fixture(scope="module")
def engine() -> Iterator[sa.Engine]:
    eng = sa.create_engine("sqlite://")
    meta.create_all(eng)
    with eng.begin() as conn:
        conn.execute(sa.insert(things), ROWS)
    yield eng
    eng.dispose()


def _sql_ids(engine: sa.Engine, data: Any) -> list[int]:
    where = compile_filter(parse_filter(data, CATALOGUE), COLUMNS, CTX)
    with engine.connect() as conn:
        return list(conn.scalars(sa.select(things.c.id).where(where).order_by(things.c.id)))


def _python_ids(data: Any) -> list[int]:
    parsed = parse_filter(data, CATALOGUE)
    return [r["id"] for r in ROWS if parsed.matches(r, CTX)]


ASCII_NEEDLES = st.sampled_from(["las", "LASKU", "%", "_", "\\", "50%", "a_b", "tari", "x"])
POOL = [str(u) for u in (ME, QUEUE, UNIT, *OTHERS)]


def _localise(node: Any, draw: st.DrawFn) -> Any:
    """Point generated values at this table's data, so that conditions select something."""
    if isinstance(node, list):
        return [_localise(n, draw) for n in node]
    if not isinstance(node, dict):
        return node
    if "field" not in node:
        return {k: _localise(v, draw) for k, v in node.items()}
    field, op, value = node["field"], node["op"], node.get("value")
    if op in ("contains", "starts_with"):
        return cond(field, op, draw(ASCII_NEEDLES))
    if field.endswith("_id") and isinstance(value, list):
        return cond(
            field, op, [v if v.startswith("$") else draw(st.sampled_from(POOL)) for v in value]
        )
    if field.endswith("_id") and isinstance(value, str) and not value.startswith("$"):
        return cond(field, op, draw(st.sampled_from(POOL)))
    if field == "name" and op in ("eq", "ne"):
        return cond(field, op, draw(st.sampled_from([n for n in NAMES if n is not None])))
    if field in ("at", "due") and op in ("eq", "ne", "lt", "lte", "gt", "gte"):
        day = NOW.date() + timedelta(days=draw(st.integers(-10, 3)))
        return cond(field, op, draw(st.sampled_from([day.isoformat(), "$today"])))
    if field in ("at", "due") and op in ("within_last", "older_than"):
        return cond(field, op, {"days": draw(st.integers(1, 12))})
    return node


@st.composite
def local_filters(draw: st.DrawFn) -> Any:
    tree = draw(
        st.recursive(
            conditions(),
            lambda children: (
                st.lists(children, max_size=3).map(lambda c: {"all": c})
                | st.lists(children, max_size=3).map(lambda c: {"any": c})
                | children.map(lambda c: {"not": c})
            ),
            max_leaves=6,
        )
    )
    return _localise(tree, draw)


@settings(max_examples=300)
@given(local_filters())
def test_sql_selects_what_the_evaluator_selects(engine: sa.Engine, data: Any) -> None:
    try:
        parse_filter(data, CATALOGUE)
    except Exception:
        return
    assert _sql_ids(engine, data) == _python_ids(data)


@pytest.mark.parametrize(
    "data",
    [
        cond("at", "eq", "2025-03-30"),
        cond("at", "lte", "2025-03-29"),
        cond("at", "gt", "2025-03-29"),
        {"not": cond("queue_id", "eq", str(QUEUE))},
        cond("queue_id", "not_in", "$my_queues"),
        cond("score", "ne", 3),
        {"not": cond("score", "between", [1, 3])},
        cond("name", "contains", "%"),
        cond("name", "contains", "_"),
        cond("name", "starts_with", "LAS"),
        cond("name", "contains", "\\"),
        cond("due", "within_last", {"days": 3}),
        cond("owner_id", "in", ["$me", str(OTHERS[0])]),
        cond("flag", "ne", True),
    ],
    ids=str,
)
def test_chosen_edge_cases_agree(engine: sa.Engine, data: Any) -> None:
    expected = _python_ids(data)
    assert _sql_ids(engine, data) == expected
    assert expected, "the case should select something"


def test_a_date_selects_the_whole_helsinki_day_across_the_dst_change(engine: sa.Engine) -> None:
    ids = _sql_ids(engine, cond("at", "eq", "2025-03-30"))
    picked = [r["at"] for r in ROWS if r["id"] in ids]
    # Helsinki's 30 March 2025 is 23 hours long: 29 March 22:00 UTC to 30 March 21:00 UTC.
    assert picked
    assert all(
        datetime(2025, 3, 29, 22, tzinfo=UTC) <= at < datetime(2025, 3, 30, 21, tzinfo=UTC)
        for at in picked
    )
    boundary = [r["id"] for r in ROWS if r["at"] == datetime(2025, 3, 29, 22, tzinfo=UTC)]
    assert set(boundary) <= set(ids)


def test_the_rows_cover_dates_and_nulls() -> None:
    assert any(r["due"] == date(2025, 3, 30) for r in ROWS)
    assert any(r["queue_id"] is None for r in ROWS)
