"""The account filter compiles to the same results as an independent in-Python evaluation:
random filters (groups, negation, size class, location, classifications with their
hierarchy, orders and buying-role relations) over generated accounts select the same ids in
SQL (`filter_search.account_ids_matching`, one statement) as `Filter.matches` over Python
records whose classifications the test expands to their ancestors itself. Runs on SQLite and,
with KUMPPANI_TEST_DATABASE_URL, on PostgreSQL. Also within a caller's own-records scope."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from domain.shared import Action, Depth, Principal, Privilege
from domain.shared.filter_catalogues import ACCOUNT_FILTERS
from domain.shared.filters import FilterContext, parse_filter
from persistence.queries.filter_search import account_ids_matching
from persistence.tables.accounts import accounts, contact_accounts, contacts
from persistence.tables.classifications import account_classifications, classifications
from persistence.tables.offers import orders

pytestmark = pytest.mark.integration

ME, OTHER = uuid4(), uuid4()
UNIT = uuid4()
NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
TODAY = date(2026, 6, 15)
CTX = FilterContext(ME, UNIT, frozenset(), NOW)
MUNICIPALITIES = ["Espoo", "Helsinki", "Vantaa", None]
ROLES = ["decision_maker", "influencer", "expert", "user", None]
# The tree: a > a1 > a11, a > a2; b.
TREE_KEYS = {"a": None, "a1": "a", "a11": "a1", "a2": "a", "b": None}
TREE = {k: uuid4() for k in TREE_KEYS}
PARENT = {TREE[k]: (TREE[p] if p else None) for k, p in TREE_KEYS.items()}


def _principal(depth: Depth) -> Principal:
    privileges = [Privilege("account", Action.READ, depth)]
    privileges += [
        Privilege(e, Action.READ, Depth.ORGANISATION) for e in ("contact", "order", "offer")
    ]
    return Principal(ME, UNIT, privileges=Principal.merge(privileges))


def _ancestors(cid: UUID) -> set[UUID]:
    found: set[UUID] = set()
    current: UUID | None = cid
    while current is not None:
        found.add(current)
        current = PARENT[current]
    return found


def _data() -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    rnd = random.Random(8)
    rows: dict[str, list[dict[str, Any]]] = {
        "classifications": [],
        "accounts": [],
        "account_classifications": [],
        "orders": [],
        "contacts": [],
        "contact_accounts": [],
    }
    stamp = {"created_at": NOW, "updated_at": NOW, "version": 1}
    for key in TREE_KEYS:
        rows["classifications"].append(
            {"id": TREE[key], "kind": "account", "key": f"t_{key}_{uuid4().hex[:6]}",
             "parent_id": PARENT[TREE[key]], "name": key, "sort_order": 0,
             "is_active": True, **stamp}
        )
    records = []
    for i in range(40):
        aid = uuid4()
        owner = rnd.choice([ME, OTHER])
        size = rnd.choice([None, *range(10)])
        town = rnd.choice(MUNICIPALITIES)
        klass = rnd.choice(["A", "B", "C", "potential", None])
        passive = rnd.random() < 0.2
        name = f"Eq{i} {rnd.choice(['Oy', 'Ab', 'ry'])}"
        rows["accounts"].append(
            {"id": aid, "name": name, "sort_name": name.casefold(), "search_name": name.lower(),
             "type": "company", "status": "customer", "size_class": size, "municipality": town,
             "region": None, "owner_id": owner, "business_unit_id": UNIT, "tags": [],
             "account_class": klass, "passive_since": NOW if passive else None, **stamp}
        )
        assigned = rnd.sample(list(TREE.values()), rnd.choice([0, 0, 1, 2]))
        for cid in assigned:
            rows["account_classifications"].append(
                {"account_id": aid, "classification_id": cid, "assigned_at": NOW}
            )
        order_records = []
        for j in range(rnd.choice([0, 0, 1, 2, 3])):
            total = Decimal(rnd.choice([500, 15000, 20000, 25000, 90000]))
            on = TODAY - timedelta(days=rnd.choice([0, 30, 364, 365, 366, 800]))
            status = rnd.choice(["ordered", "invoiced", "cancelled"])
            rows["orders"].append(
                {"id": uuid4(), "number": f"EQ-{i}-{j}-{uuid4().hex[:6]}", "title": "T",
                 "sort_title": "t", "account_id": aid, "ordered_on": on, "total": total,
                 "status": status, "owner_id": OTHER, "business_unit_id": UNIT, **stamp}
            )
            order_records.append({"total": total, "ordered_at": on, "status": status})
        contact_records = []
        for _ in range(rnd.choice([0, 1, 2])):
            cid = uuid4()
            role = rnd.choice(ROLES)
            rows["contacts"].append(
                {"id": cid, "first_name": "E", "last_name": "Q", "sort_name": "q e",
                 "preferred_language": "fi", "marketing_consent": rnd.random() < 0.5,
                 "owner_id": OTHER, "business_unit_id": UNIT, **stamp}
            )
            rows["contact_accounts"].append(
                {"contact_id": cid, "account_id": aid, "buying_role": role}
            )
            contact_records.append({"buying_role": role, "classifications": set()})
        records.append(
            {"id": aid, "owner_id": owner, "size_class": size or 0, "municipality": town,
             "account_class": klass, "passive": passive, "name": name,
             "classifications": set().union(*(_ancestors(c) for c in assigned)),
             "orders": order_records, "contacts": contact_records}
        )
    return rows, records


ROWS, RECORDS = _data()
IDS = [r["id"] for r in RECORDS]


class Db:
    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.engine = create_async_engine(url)
        self.conn: AsyncConnection | None = None

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    async def open(self) -> None:
        self.conn = await self.engine.connect()
        if self.conn.dialect.name == "sqlite":
            await self.conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        if self.conn.dialect.name == "postgresql":
            # Only this transaction's rows, which are rolled back: no users or units needed.
            await self.conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in (classifications, accounts, account_classifications, orders, contacts,
                      contact_accounts):
            await self.conn.execute(sa.insert(table), ROWS[table.name])

    async def close(self) -> None:
        assert self.conn is not None
        await self.conn.rollback()
        await self.conn.close()
        await self.engine.dispose()


@pytest.fixture
def db(database_url: str) -> Iterator[Db]:
    handle = Db(database_url)
    handle.run(handle.open())
    yield handle
    handle.run(handle.close())
    handle.loop.close()


def c(field: str, op: str, value: Any = None) -> dict[str, Any]:
    return {"field": field, "op": op} if value is None else {"field": field, "op": op, "value": value}


TREE_IDS = st.sampled_from([str(v) for v in TREE.values()])
ORDER_CONDS = st.one_of(
    st.builds(c, st.just("total"), st.sampled_from(["gt", "gte", "lt", "eq"]),
              st.sampled_from([500, 20000, 25000])),
    st.builds(c, st.just("ordered_at"), st.sampled_from(["within_last", "older_than"]),
              st.sampled_from([{"days": 30}, {"days": 365}])),
    st.builds(c, st.just("status"), st.sampled_from(["eq", "ne"]),
              st.sampled_from(["ordered", "cancelled"])),
)
CONTACT_CONDS = st.one_of(
    st.builds(c, st.just("buying_role"), st.sampled_from(["eq", "ne"]),
              st.sampled_from(["decision_maker", "expert"])),
    st.builds(c, st.just("buying_role"), st.sampled_from(["is_null", "is_not_null"])),
)
CONDS = st.one_of(
    st.builds(c, st.just("size_class"), st.sampled_from(["eq", "gte", "lt", "ne"]),
              st.integers(0, 9)),
    st.builds(c, st.just("size_class"), st.just("between"),
              st.tuples(st.integers(0, 4), st.integers(4, 9)).map(list)),
    st.builds(c, st.just("municipality"), st.sampled_from(["eq", "ne"]),
              st.sampled_from(["Espoo", "Vantaa"])),
    st.builds(c, st.just("municipality"), st.sampled_from(["in", "not_in"]),
              st.lists(st.sampled_from(["Espoo", "Helsinki"]), min_size=1, max_size=2)),
    st.builds(c, st.just("municipality"), st.sampled_from(["is_null", "is_not_null"])),
    st.builds(c, st.just("name"), st.sampled_from(["contains", "starts_with"]),
              st.sampled_from(["oy", "EQ1", "ab", "%"])),
    st.builds(c, st.just("account_class"), st.sampled_from(["eq", "ne", "is_null"]),
              st.sampled_from(["A", "potential"])).map(
        lambda n: c(n["field"], n["op"]) if n["op"] == "is_null" else n),
    st.builds(c, st.just("passive"), st.just("eq"), st.booleans()),
    st.builds(c, st.just("classifications"), st.sampled_from(["eq", "ne"]), TREE_IDS),
    st.builds(c, st.just("classifications"), st.sampled_from(["in", "not_in"]),
              st.lists(TREE_IDS, min_size=1, max_size=2)),
    st.builds(c, st.just("classifications"), st.sampled_from(["is_null", "is_not_null"])),
    st.builds(lambda w: {"has": "orders", "where": w},
              st.one_of(ORDER_CONDS, st.lists(ORDER_CONDS, max_size=2).map(lambda x: {"all": x}))),
    st.builds(lambda w: {"has": "contacts", "where": w}, CONTACT_CONDS),
    st.just({"has": "orders"}),
)
FILTERS = st.recursive(
    CONDS,
    lambda kids: st.lists(kids, max_size=3).map(lambda k: {"all": k})
    | st.lists(kids, max_size=3).map(lambda k: {"any": k})
    | kids.map(lambda k: {"not": k}),
    max_leaves=8,
)


def _sql(db: Db, data: Any, principal: Principal) -> set[UUID]:
    flt = parse_filter(data, ACCOUNT_FILTERS)
    stmt = account_ids_matching(flt, CTX, principal).where(accounts.c.id.in_(IDS))

    async def go() -> set[UUID]:
        assert db.conn is not None
        return set((await db.conn.execute(stmt)).scalars())

    return db.run(go())  # type: ignore[no-any-return]


def _python(data: Any, own_only: bool) -> set[UUID]:
    flt = parse_filter(data, ACCOUNT_FILTERS)
    return {
        r["id"]
        for r in RECORDS
        if flt.matches(r, CTX) and (not own_only or r["owner_id"] == ME)
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=FILTERS)
def test_sql_and_python_select_the_same_accounts(db: Db, data: Any) -> None:
    assert _sql(db, data, _principal(Depth.ORGANISATION)) == _python(data, own_only=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=FILTERS)
def test_within_own_scope_only_own_accounts(db: Db, data: Any) -> None:
    assert _sql(db, data, _principal(Depth.OWN)) == _python(data, own_only=True)


def test_a_parent_classification_finds_its_descendants_records(db: Db) -> None:
    tagged_a11 = {r["id"] for r in RECORDS if TREE["a11"] in r["classifications"]}
    assert tagged_a11, "the generated data tags some account with a11"
    found = _sql(db, c("classifications", "eq", str(TREE["a"])), _principal(Depth.ORGANISATION))
    assert tagged_a11 <= found
    assert found == _python(c("classifications", "eq", str(TREE["a"])), own_only=False)
