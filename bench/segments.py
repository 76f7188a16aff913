"""Segmentation benchmark: 1,000,000 accounts and 3,000,000 contacts on PostgreSQL.

    .venv/bin/python -m bench.segments            # or: make bench
    .venv/bin/python -m bench.segments --accounts 100000 --contacts 300000 --orders 100000

1. Uses the database `--database` (default `kumppani_bench_segments`) on 127.0.0.1:5432.
   When it already holds this data set (same sizes, seed and generator version, recorded in
   the database's comment after a complete load, and the schema at the migration head) the
   load is skipped, so re-runs take seconds. Otherwise (or with `--fresh`) the database is
   dropped, created and migrated with Alembic, as `kumppani migrate` does.
2. Loads the data with asyncpg `COPY`, generated in chunks from one fixed random seed
   (`--rng-seed`), every attribute drawn independently: six business units of different
   sizes under a root; account managers (`sales` role, about one per 400 managed accounts)
   in each unit; accounts with a region (weighted like the Finnish regions' shares of
   companies, Uusimaa ~31 %), a size class (skewed: most companies are small, 5–9 ~11 %), a
   type, status, industry, class, and for ~40 % an account manager (one in twenty from
   another unit); contacts linked to random accounts (≈ Poisson(3) per account), in their
   account's unit; orders (`--orders`, default one per account) of ~30 % of the accounts,
   dated uniformly over the last three years (1,095 days). The secondary indexes are dropped
   during the load and rebuilt from their own definitions afterwards (the schema ends up
   exactly as migrated), foreign-key triggers are off while copying, then `VACUUM (ANALYZE)`.
3. Signs nobody in, but builds the `Principal` of one account manager exactly as the API
   does (`domain.identity.principal_for`): read scope business unit (the largest one,
   ~30 % of the accounts) plus the accounts the user manages (~400, some in other units).
4. Evaluates the three-condition rule through the shared filter language — parsed against
   `domain.shared.filter_catalogues.ACCOUNT_FILTERS`, compiled by
   `persistence.queries.filter_search` — as `POST /accounts/search/count` (the count) and
   `POST /accounts/search` (the first page: 50 by name, keyset, the records loaded and
   shaped as the API returns them) do; p50/p95 over `--repeat` runs after a warm-up.
5. Prints the figures against the budget (count + first page under 2 s, p95) and writes
   `EXPLAIN (ANALYZE, BUFFERS)` of both queries to `bench/results/segments-explain-latest.txt`.
   The database is kept for the next run (`--drop` drops it at the end).

Exit status: 0 when the budget is met, 1 when missed, 2 when the bench could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import asyncpg
import sqlalchemy as sa
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from sqlalchemy.ext.asyncio import AsyncEngine

from api.demo import FIRST_NAMES, INDUSTRIES, LAST_NAMES, NAME_PARTS, NAME_TRADES, business_id
from api.security import Argon2Passwords
from api.v1.accounts import account_out
from bench.run import create_database, drop_database, vacuum_analyze
from domain.accounts import normalise_name, sort_name
from domain.identity import services as identity
from domain.offers.model import sort_key
from domain.shared import Action, PageRequest, Principal, SortKey, UuidV7Factory
from domain.shared.filter_catalogues import ACCOUNT_FILTERS
from domain.shared.filters import Filter, FilterContext, parse_filter
from persistence import migrate
from persistence.bootstrap import ensure_root
from persistence.db import create_engine, session_factory
from persistence.queries import filter_search as queries
from persistence.queries.accounts import ACCOUNT_SORTS
from persistence.repositories.accounts import load_accounts
from persistence.uow import SqlUnitOfWork

BUDGET_SECONDS = 2.0
RULE: dict[str, Any] = {
    "all": [
        {"field": "region", "op": "eq", "value": "Uusimaa"},
        {"field": "size_class", "op": "gte", "value": 5},
        {
            "has": "orders",
            "where": {"field": "ordered_at", "op": "within_last", "value": {"days": 365}},
        },
    ]
}
# Bump when the generated data changes, so a kept database is reloaded.
GENERATOR_VERSION = 2
CHUNK = 50_000
RESULTS = Path(__file__).resolve().parent / "results"
BENCH_USER = "bench.am@kumppani.example"
BENCH_PASSWORD = "bench-password-123"  # noqa: S105 - a throwaway database on loopback

# (name, share of the accounts): the principal works in the first, the largest.
UNITS = (
    ("Energia", 0.30),
    ("Teollisuus", 0.25),
    ("Koulutus", 0.15),
    ("Palvelut", 0.12),
    ("Kuntapalvelut", 0.10),
    ("Järjestöt", 0.08),
)
# Regions (maakunnat) with their main municipality, weighted roughly like their share of
# Finnish companies.
REGIONS = (
    ("Uusimaa", "Helsinki", 31.0),
    ("Pirkanmaa", "Tampere", 9.5),
    ("Varsinais-Suomi", "Turku", 8.7),
    ("Pohjois-Pohjanmaa", "Oulu", 7.5),
    ("Keski-Suomi", "Jyväskylä", 5.0),
    ("Pohjois-Savo", "Kuopio", 4.4),
    ("Satakunta", "Pori", 4.0),
    ("Päijät-Häme", "Lahti", 3.7),
    ("Etelä-Pohjanmaa", "Seinäjoki", 3.4),
    ("Lappi", "Rovaniemi", 3.2),
    ("Pohjanmaa", "Vaasa", 3.2),
    ("Kanta-Häme", "Hämeenlinna", 3.0),
    ("Kymenlaakso", "Kotka", 3.0),
    ("Pohjois-Karjala", "Joensuu", 2.8),
    ("Etelä-Savo", "Mikkeli", 2.3),
    ("Etelä-Karjala", "Lappeenranta", 2.3),
    ("Kainuu", "Kajaani", 1.3),
    ("Keski-Pohjanmaa", "Kokkola", 1.3),
    ("Ahvenanmaa", "Maarianhamina", 0.5),
)
# Size classes 0 (unknown) – 9: most companies are small.
SIZE_WEIGHTS = (10.0, 40.0, 20.0, 12.0, 7.0, 4.5, 3.0, 2.0, 1.0, 0.5)
TYPES = (("company", 85.0), ("public_body", 5.0), ("association", 7.0), ("other", 3.0))
LEGAL = {"company": ("Oy", "Oyj", "Ky", "Tmi"), "public_body": ("kaupunki", "kunta")}
STATUSES = (("customer", 45.0), ("prospect", 40.0), ("former_customer", 10.0), ("partner", 5.0))
CLASSES = (("A", 3.0), ("B", 10.0), ("C", 25.0), ("potential", 12.0), (None, 50.0))
ORDER_STATUSES = (("invoiced", 80.0), ("in_delivery", 5.0), ("ordered", 5.0), ("cancelled", 10.0))
BUYING_ROLES = (("decision_maker", 15.0), ("influencer", 20.0), ("expert", 20.0), ("user", 15.0))
BUYING_ROLES_NONE = 30.0
MANAGED_SHARE = 0.40  # accounts with an account manager
ACCOUNTS_PER_MANAGER = 400
BUYER_SHARE = 0.30  # accounts with orders
ORDER_DAYS = 1095

ACCOUNT_COLUMNS = (
    "id", "name", "sort_name", "search_name", "business_id", "type", "status",
    "industry_code", "size_class", "region", "municipality", "owner_id", "business_unit_id",
    "account_manager_id", "tags", "account_class", "account_class_since", "passive_since",
    "created_at", "updated_at", "version",
)  # fmt: skip
CONTACT_COLUMNS = (
    "id", "first_name", "last_name", "sort_name", "email", "preferred_language",
    "marketing_consent", "owner_id", "business_unit_id", "created_at", "updated_at", "version",
)  # fmt: skip
LINK_COLUMNS = ("contact_id", "account_id", "role", "buying_role")
ORDER_COLUMNS = (
    "id", "number", "title", "sort_title", "account_id", "ordered_on", "total", "status",
    "invoiced_on", "cancelled_on", "owner_id", "business_unit_id", "created_at", "updated_at",
    "version",
)  # fmt: skip
LOADED_TABLES = ("accounts", "contacts", "contact_accounts", "orders")
PRODUCTS = ("Huoltosopimus", "Laitetoimitus", "Koulutuspaketti", "Lisenssi", "Asennus", "Varaosat")

T = TypeVar("T")


@dataclass(frozen=True)
class Config:
    accounts: int
    contacts: int
    orders: int
    repeat: int
    database: str
    fresh: bool
    drop: bool
    rng_seed: int
    pg_host: str
    pg_port: int
    pg_user: str

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://{self.pg_user}@{self.pg_host}:{self.pg_port}/{self.database}"

    def fingerprint(self) -> dict[str, Any]:
        return {
            "bench": "segments",
            "generator": GENERATOR_VERSION,
            "seed": self.rng_seed,
            "accounts": self.accounts,
            "contacts": self.contacts,
            "orders": self.orders,
        }


def parse_args(argv: Sequence[str] | None = None) -> Config:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--accounts", type=int, default=1_000_000)
    p.add_argument("--contacts", type=int, default=3_000_000)
    p.add_argument("--orders", type=int, default=None, help="default: one per account")
    p.add_argument("--repeat", type=int, default=10, help="timed runs per figure")
    p.add_argument("--database", default="kumppani_bench_segments")
    p.add_argument("--fresh", action="store_true", help="reload even when the data is there")
    p.add_argument("--drop", action="store_true", help="drop the database at the end")
    p.add_argument("--rng-seed", type=int, default=2026)
    p.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    p.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    p.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    a = p.parse_args(argv)
    orders = a.accounts if a.orders is None else a.orders
    return Config(
        a.accounts,
        a.contacts,
        orders,
        a.repeat,
        a.database,
        a.fresh,
        a.drop,
        a.rng_seed,
        a.pg_host,
        a.pg_port,
        a.pg_user,
    )


class Runtime:
    """Clock and ids for the domain services (the API's container has the same two)."""

    def __init__(self) -> None:
        self._ids = UuidV7Factory()

    @property
    def ids(self) -> UuidV7Factory:
        return self._ids

    @property
    def clock(self) -> Runtime:
        return self

    def now(self) -> datetime:
        return datetime.now(UTC)


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def _picker(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> Callable[[int], list[T]]:
    values = [v for v, _ in weighted]
    cum: list[float] = []
    total = 0.0
    for _, w in weighted:
        total += w
        cum.append(total)
    return lambda k: rng.choices(values, cum_weights=cum, k=k)


# ----------------------------------------------------------------------------- the data set


@dataclass
class People:
    root_id: UUID
    unit_ids: list[UUID]
    # account managers per unit (the first of the first unit is the bench principal)
    managers: list[list[UUID]]
    principal_id: UUID


async def _existing_data(cfg: Config) -> bool:
    """The database holds this data set, completely loaded, at the migration head."""
    try:
        conn = await asyncpg.connect(_dsn(cfg.url), timeout=10)
    except asyncpg.InvalidCatalogNameError:
        return False
    try:
        comment = await conn.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        try:
            revision = await conn.fetchval("SELECT version_num FROM alembic_version")
        except asyncpg.UndefinedTableError:
            return False
    finally:
        await conn.close()
    if revision != migrate.head_revision() or not comment:
        return False
    try:
        return bool(json.loads(comment) == cfg.fingerprint())
    except ValueError:
        return False


async def _people(cfg: Config, rt: Runtime, conn: asyncpg.Connection) -> People:
    """Root, units and the bench principal through the domain services; the other account
    managers copied in bulk with the principal's password hash (hashing a thousand passwords
    with Argon2 would take longer than the accounts)."""
    engine = create_engine(cfg.url)
    try:
        sessions = session_factory(engine)
        async with SqlUnitOfWork(sessions, rt.ids) as uow:
            root_id, role_ids = await ensure_root(uow, rt.clock, rt.ids, "Kumppani-konserni")
        async with SqlUnitOfWork(sessions, rt.ids) as uow:
            admin = await identity.create_user(
                uow,
                rt,
                Argon2Passwords(),
                None,
                email="bench.admin@kumppani.example",
                name="Bench Admin",
                password=BENCH_PASSWORD,
                business_unit_id=root_id,
                role_ids=frozenset({role_ids["admin"]}),
            )
        async with SqlUnitOfWork(sessions, rt.ids) as uow:
            admin_p = await identity.principal_for(uow, admin.id)
        unit_ids = []
        for name, _share in UNITS:
            async with SqlUnitOfWork(sessions, rt.ids) as uow:
                unit = await identity.create_business_unit(
                    uow, rt, admin_p, name=name, parent_id=root_id
                )
                unit_ids.append(unit.id)
        async with SqlUnitOfWork(sessions, rt.ids) as uow:
            principal = await identity.create_user(
                uow,
                rt,
                Argon2Passwords(),
                admin_p,
                email=BENCH_USER,
                name="Aino Asiakkuuspäällikkö",
                password=BENCH_PASSWORD,
                business_unit_id=unit_ids[0],
                role_ids=frozenset({role_ids["sales"]}),
            )
    finally:
        await engine.dispose()
    password_hash = await conn.fetchval(
        "SELECT password_hash FROM users WHERE id = $1", principal.id
    )
    managers: list[list[UUID]] = []
    users, user_roles = [], []
    now = rt.now()
    for u, (_name, share) in enumerate(UNITS):
        wanted = max(1, round(cfg.accounts * share * MANAGED_SHARE / ACCOUNTS_PER_MANAGER))
        ids = [principal.id] if u == 0 else []
        while len(ids) < wanted:
            uid = rt.ids.new_id()
            n = len(ids)
            users.append(
                (
                    uid,
                    f"am{u}.{n}@kumppani.example",
                    f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]} {n}",
                    "fi",
                    unit_ids[u],
                    True,
                    password_hash,
                    now,
                    now,
                    1,
                )
            )
            user_roles.append((uid, role_ids["sales"]))
            ids.append(uid)
        managers.append(ids)
    await conn.copy_records_to_table(
        "users",
        records=users,
        columns=(
            "id", "email", "name", "locale", "business_unit_id", "is_active",
            "password_hash", "created_at", "updated_at", "version",
        ),
    )  # fmt: skip
    await conn.copy_records_to_table("user_roles", records=user_roles)
    return People(root_id, unit_ids, managers, principal.id)


def _chunks(total: int, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


class Generator:
    """Every attribute drawn independently from one seeded generator."""

    def __init__(self, cfg: Config, people: People, rt: Runtime) -> None:
        self.cfg, self.people, self.rt = cfg, people, rt
        self.rng = random.Random(cfg.rng_seed)
        rng = self.rng
        self.unit = _picker(rng, [(i, s) for i, (_, s) in enumerate(UNITS)])
        self.region = _picker(rng, [((r, m), w) for r, m, w in REGIONS])
        self.size = _picker(rng, list(enumerate(SIZE_WEIGHTS)))
        self.type = _picker(rng, TYPES)
        self.status = _picker(rng, STATUSES)
        self.klass = _picker(rng, CLASSES)
        self.order_status = _picker(rng, ORDER_STATUSES)
        self.buying_role = _picker(rng, [*BUYING_ROLES, (None, BUYING_ROLES_NONE)])
        self.now = rt.now()
        self.today = self.now.date()
        # per account: its unit (index) and owner, for contacts and orders
        self.account_ids: list[UUID] = []
        self.account_unit: list[int] = []
        self.account_owner: list[UUID] = []
        self._names: dict[str, tuple[str, str]] = {}

    def _derived(self, name: str) -> tuple[str, str]:
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = (sort_name(name), normalise_name(name))
        return found

    def accounts(self, start: int, end: int) -> list[tuple[Any, ...]]:
        rng, n = self.rng, end - start
        units, regions, sizes = self.unit(n), self.region(n), self.size(n)
        types, statuses, classes = self.type(n), self.status(n), self.klass(n)
        rows = []
        for i in range(n):
            k = start + i
            unit = units[i]
            kind = types[i]
            managed = rng.random() < MANAGED_SHARE
            manager: UUID | None = None
            if managed:
                # one in twenty managed accounts is looked after from another unit
                home = unit if rng.random() >= 0.05 else self.unit(1)[0]
                manager = rng.choice(self.people.managers[home])
            owner = manager or rng.choice(self.people.managers[unit])
            region, municipality = regions[i]
            legal = LEGAL.get(kind)
            name = f"{rng.choice(NAME_PARTS)} {rng.choice(NAME_TRADES)} {rng.choice(LAST_NAMES)}"
            name = f"{name} {rng.choice(legal)}" if legal else f"{name} ry"
            sorted_name, search_name = self._derived(name)
            created = self.now - timedelta(days=rng.random() * 3650)
            cls = classes[i]
            account_id = self.rt.ids.new_id()
            self.account_ids.append(account_id)
            self.account_unit.append(unit)
            self.account_owner.append(owner)
            rows.append(
                (
                    account_id,
                    name,
                    sorted_name,
                    search_name,
                    business_id(k) if k < 1_100_000 else None,
                    kind,
                    statuses[i],
                    rng.choice(INDUSTRIES),
                    sizes[i],
                    region,
                    municipality,
                    owner,
                    self.people.unit_ids[unit],
                    manager,
                    "[]",
                    cls,
                    created if cls else None,
                    created if rng.random() < 0.03 else None,
                    created,
                    created,
                    1,
                )
            )
        return rows

    def contacts(self, start: int, end: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        rng, n = self.rng, end - start
        roles = self.buying_role(n)
        count = len(self.account_ids)
        contacts, links = [], []
        for i in range(n):
            a = rng.randrange(count)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            cid = self.rt.ids.new_id()
            created = self.now - timedelta(days=rng.random() * 3650)
            email = f"{first}.{last}.{start + i}@example.fi".lower()
            contacts.append(
                (
                    cid,
                    first,
                    last,
                    f"{last} {first}".casefold(),
                    email.replace("ä", "a").replace("ö", "o"),
                    "sv" if rng.random() < 0.06 else "fi",
                    rng.random() < 0.35,
                    self.account_owner[a],
                    self.people.unit_ids[self.account_unit[a]],
                    created,
                    created,
                    1,
                )
            )
            links.append((cid, self.account_ids[a], None, roles[i]))
        return contacts, links

    def orders(self, start: int, end: int, buyers: list[int]) -> list[tuple[Any, ...]]:
        rng, n = self.rng, end - start
        statuses = self.order_status(n)
        rows = []
        for i in range(n):
            a = buyers[rng.randrange(len(buyers))]
            ordered = self.today - timedelta(days=rng.randrange(ORDER_DAYS))
            status = statuses[i]
            title = f"{rng.choice(PRODUCTS)} {ordered.year}"
            at = datetime(ordered.year, ordered.month, ordered.day, 10, tzinfo=UTC)
            invoiced = ordered + timedelta(days=14) if status == "invoiced" else None
            rows.append(
                (
                    self.rt.ids.new_id(),
                    f"TIL-B{ordered.year}-{start + i + 1:07d}",
                    title,
                    sort_key(title),
                    self.account_ids[a],
                    ordered,
                    Decimal(f"{rng.lognormvariate(8.0, 1.2):.2f}"),
                    status,
                    invoiced if invoiced and invoiced <= self.today else None,
                    ordered + timedelta(days=2) if status == "cancelled" else None,
                    self.account_owner[a],
                    self.people.unit_ids[self.account_unit[a]],
                    at,
                    at,
                    1,
                )
            )
        return rows


async def _secondary_indexes(conn: asyncpg.Connection) -> list[tuple[str, str]]:
    """(name, CREATE INDEX …) of the loaded tables' indexes that back no constraint."""
    rows = await conn.fetch(
        """
        SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS ddl
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relname = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY t.relname, ic.relname
        """,
        list(LOADED_TABLES),
    )
    return [(r["name"], r["ddl"]) for r in rows]


async def load(cfg: Config) -> float:
    """Drop, create, migrate and fill the database; returns the seconds it took."""
    started = time.perf_counter()
    await create_database(cfg, cfg.database)
    await asyncio.to_thread(migrate.upgrade, cfg.url)
    migrated = time.perf_counter()
    rt = Runtime()
    conn = await asyncpg.connect(_dsn(cfg.url), timeout=10)
    try:
        people = await _people(cfg, rt, conn)
        indexes = await _secondary_indexes(conn)
        for name, _ddl in indexes:
            await conn.execute(f'DROP INDEX "{name}"')
        # Foreign keys are not checked while copying: the generator only refers to rows it
        # made. The constraints stay; they hold for every later write.
        await conn.execute("SET session_replication_role = replica")
        gen = Generator(cfg, people, rt)
        columns = [
            TextColumn("{task.description:<18}"),
            BarColumn(),
            TextColumn("{task.completed:>10,.0f} / {task.total:,.0f}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        ]
        with Progress(*columns) as progress:
            task = progress.add_task("accounts", total=cfg.accounts)
            for start, end in _chunks(cfg.accounts):
                await conn.copy_records_to_table(
                    "accounts", records=gen.accounts(start, end), columns=ACCOUNT_COLUMNS
                )
                progress.advance(task, end - start)
            task = progress.add_task("contacts + links", total=cfg.contacts)
            for start, end in _chunks(cfg.contacts):
                rows, links = gen.contacts(start, end)
                await conn.copy_records_to_table("contacts", records=rows, columns=CONTACT_COLUMNS)
                await conn.copy_records_to_table(
                    "contact_accounts", records=links, columns=LINK_COLUMNS
                )
                progress.advance(task, end - start)
            buyers = [i for i in range(cfg.accounts) if gen.rng.random() < BUYER_SHARE]
            task = progress.add_task("orders", total=cfg.orders)
            for start, end in _chunks(cfg.orders):
                await conn.copy_records_to_table(
                    "orders", records=gen.orders(start, end, buyers), columns=ORDER_COLUMNS
                )
                progress.advance(task, end - start)
            await conn.execute("SET session_replication_role = origin")
            await conn.execute("SET maintenance_work_mem = '512MB'")
            task = progress.add_task("indexes", total=len(indexes))
            for _name, ddl in indexes:
                await conn.execute(ddl, timeout=3600)
                progress.advance(task)
        if await _secondary_indexes(conn) != indexes:
            raise RuntimeError("the rebuilt indexes differ from the migrated ones")
        copied = time.perf_counter()
        await vacuum_analyze(cfg.url)
        analysed = time.perf_counter()
        fingerprint = json.dumps(cfg.fingerprint()).replace("'", "''")
        await conn.execute(f"COMMENT ON DATABASE \"{cfg.database}\" IS '{fingerprint}'")
        size = await conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
    finally:
        await conn.close()
    total = time.perf_counter() - started
    print(
        f"loaded {cfg.accounts:,} accounts, {cfg.contacts:,} contacts (and links), "
        f"{cfg.orders:,} orders of {len(buyers):,} accounts in {total:.1f} s: migrate "
        f"{migrated - started:.1f} s, generate + COPY + indexes {copied - migrated:.1f} s, "
        f"VACUUM (ANALYZE) {analysed - copied:.1f} s; database {size}"
    )
    return total


# ------------------------------------------------------------------------------ measuring


@dataclass
class Timing:
    name: str
    times: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        if len(ordered) == 1:
            return ordered[0]
        return statistics.quantiles(ordered, n=100, method="inclusive")[94]


async def _repeat(fn: Callable[[], Awaitable[T]], repeat: int) -> tuple[list[float], T]:
    result = await fn()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = await fn()
        times.append(time.perf_counter() - started)
    return times, result


def _sql(engine: Any, stmt: Any) -> str:
    return str(stmt.compile(engine.sync_engine, compile_kwargs={"literal_binds": True}))


@dataclass
class Figures:
    label: str
    members: int
    rows: int
    more: bool
    count: Timing
    page: Timing
    total: Timing


async def _figures(
    label: str, engine: AsyncEngine, principal: Principal, flt: Filter, repeat: int
) -> Figures:
    sessions = session_factory(engine)
    page = PageRequest(limit=50, cursor=None, sort=SortKey("name"))

    async def count() -> int:
        # POST /accounts/search/count
        ctx = FilterContext.of(principal, datetime.now(UTC))
        async with sessions() as s:
            ids = queries.account_ids_matching(flt, ctx, principal)
            return await queries.count_matching(s, ids)

    async def first_page() -> tuple[int, str | None]:
        # POST /accounts/search {"filter": …, "limit": 50, "sort": "name"}
        async with sessions() as s:
            ids, next_cursor = await queries.search_account_ids(
                s, principal, flt, page, datetime.now(UTC), ACCOUNT_SORTS
            )
            found = await load_accounts(s, queries.A.id.in_(ids)) if ids else []
            by_id = {a.id: a for a in found}
            items = [account_out(by_id[i]).model_dump(mode="json") for i in ids if i in by_id]
            return len(items), next_cursor

    async def both() -> tuple[int, tuple[int, str | None]]:
        return await count(), await first_page()

    count_times, members = await _repeat(count, repeat)
    page_times, (rows, cursor) = await _repeat(first_page, repeat)
    total_times, _ = await _repeat(both, repeat)
    return Figures(
        label,
        members,
        rows,
        cursor is not None,
        Timing("count", count_times),
        Timing("first page", page_times),
        Timing("count + first page", total_times),
    )


def _print(f: Figures) -> None:
    print(f"\n{f.label}")
    print(f"{'figure':<40}{'p50':>9}{'p95':>9}")
    more = ", more" if f.more else ""
    for t, name in (
        (f.count, f"count ({f.members:,} accounts)"),
        (f.page, f"first page ({f.rows} rows{more})"),
        (f.total, "count + first page"),
    ):
        print(f"{name:<40}{t.p50:>8.3f}s{t.p95:>8.3f}s")
    print("count, run by run: " + " ".join(f"{x:.2f}" for x in f.count.times))


async def measure(cfg: Config) -> int:
    engine = create_engine(cfg.url)
    try:
        sessions = session_factory(engine)
        rt = Runtime()
        async with SqlUnitOfWork(sessions, rt.ids) as uow:
            user = await uow.users.get_by_email(BENCH_USER)
            assert user is not None
            principal: Principal = await identity.principal_for(uow, user.id)
        async with engine.connect() as conn:
            facts = (
                await conn.execute(
                    sa.text(
                        "SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM contacts),"
                        " (SELECT count(*) FROM orders),"
                        " (SELECT count(*) FROM accounts WHERE business_unit_id = :u),"
                        " pg_size_pretty(pg_database_size(current_database()))"
                    ),
                    {"u": principal.business_unit_id},
                )
            ).one()
        scope = principal.scope("account", Action.READ)
        print(
            f"data: {facts[0]:,} accounts, {facts[1]:,} contacts, {facts[2]:,} orders, "
            f"database {facts[4]}"
        )
        print(
            f"principal: {user.name} (sales, account scope {scope.kind.value} = own unit with "
            f"{facts[3]:,} accounts, plus {len(principal.account_ids):,} managed accounts)"
        )
        flt: Filter = parse_filter(RULE, ACCOUNT_FILTERS)
        print(f"rule: {json.dumps(RULE, ensure_ascii=False)}")
        print(f"{cfg.repeat} runs per figure after a warm-up, one process, connections pooled")
        app = await _figures(
            "as the API runs it (persistence.db.create_engine, force_custom_plan)",
            engine,
            principal,
            flt,
            cfg.repeat,
        )
        _print(app)
        total = app.total.p95
        ok = total < BUDGET_SECONDS
        print(
            f"\ncount + first page as the API runs it, p95 {total:.3f} s — budget "
            f"{BUDGET_SECONDS:.1f} s: {'PASS' if ok else 'FAIL'}"
        )
        await _explain(cfg, engine, principal, flt, rt.now())
        return 0 if ok else 1
    finally:
        await engine.dispose()


def _short(plan: str) -> str:
    """A plan with its long id lists elided."""
    plan = re.sub(r"'\{[0-9a-f,-]{200,}\}'", "'{…ids…}'", plan)
    plan = re.sub(r"(?:'[0-9a-f-]{36}'(?:::uuid)?,\s*){4,}", "…ids…, ", plan)
    return re.sub(r"(?:\$\d+, ){4,}", "$…, ", plan)


async def _explain(
    cfg: Config, engine: AsyncEngine, principal: Principal, flt: Filter, now: datetime
) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the count and the first page's keyset query: with the
    values in the statement (what a custom plan sees), and the count's generic plan (what a
    prepared statement gets after five executions on one connection)."""
    ctx = FilterContext.of(principal, now)
    condition = queries.account_condition(flt, ctx, principal)
    sort = ACCOUNT_SORTS["name"]
    page_stmt = (
        sa.select(queries.A.id, sort.label("sort_value"))
        .where(condition)
        .order_by(sort.asc(), queries.A.id.asc())
        .limit(51)
    )
    count_stmt = queries.count_of(queries.account_ids_matching(flt, ctx, principal))
    out, summary = [], []
    async with engine.connect() as conn:
        for title, stmt in (
            ("count, custom plan", count_stmt),
            ("first page, custom plan", page_stmt),
        ):
            sql = _sql(engine, stmt)
            plan = [r[0] for r in await conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")]
            out.append(f"-- {title}\n{_short(sql)}\n\n" + _short("\n".join(plan)))
            summary.append(f"{title} {plan[-1].strip()}")
    compiled = count_stmt.compile(
        dialect=engine.dialect, compile_kwargs={"render_postcompile": True}
    )
    values = [compiled.params[name] for name in compiled.positiontup or ()]
    literals = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
    raw = await asyncpg.connect(_dsn(cfg.url), timeout=10)
    try:
        await raw.execute(f"PREPARE segment_count AS {compiled.string}")
        await raw.execute("SET plan_cache_mode = force_generic_plan")
        plan = [
            r[0]
            for r in await raw.fetch(
                f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE segment_count({literals})", timeout=600
            )
        ]
    finally:
        await raw.close()
    out.append(
        "-- count, generic plan (PREPARE, plan_cache_mode = force_generic_plan)\n\n"
        + _short("\n".join(plan))
    )
    summary.append(f"count, generic plan {plan[-1].strip()}")
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / "segments-explain-latest.txt"
    target.write_text("\n\n".join(out) + "\n")
    print("\nEXPLAIN ANALYZE: " + "; ".join(summary) + f" (plans: {target})")


async def bench(cfg: Config) -> int:
    try:
        if cfg.fresh or not await _existing_data(cfg):
            await load(cfg)
        else:
            print(f"database {cfg.database} already holds this data set: load skipped")
        return await measure(cfg)
    finally:
        if cfg.drop:
            await drop_database(cfg, cfg.database)


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    try:
        return asyncio.run(bench(cfg))
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"bench could not run: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
