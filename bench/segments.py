"""Segmentation benchmark: 1,000,000 accounts and 3,000,000 contacts on PostgreSQL.

    .venv/bin/python -m bench.segments            # or: make bench
    .venv/bin/python -m bench.segments --accounts 100000 --contacts 300000   # a quick run

1. creates a fresh database `kumppani_bench_segments_<pid>` on 127.0.0.1:5432 and migrates,
2. creates the root unit and an administrator, then generates with set-based SQL
   (generate_series, one INSERT … SELECT per table, never row by row) the accounts (regions,
   size classes 0–9, industries, types), the contacts with their account links, and orders
   (about one account in five has one, dated over the last three years), then
   `VACUUM (ANALYZE)`,
3. evaluates the three-condition segment rule — region Uusimaa AND size_class ≥ 5 AND an
   order in the last 12 months — through the same code the API runs
   (`persistence.queries.segments`: the rule compiled by the filter compiler, scoped by
   `readable()` for the administrator): the member count and the first page of 50, each
   timed p50/p95 over `--repeat` runs after a warm-up,
4. prints the figures against the budget (count + first page under 2 s) and the EXPLAIN
   plan of the count, and always drops the database.

Exit status: 0 when the budget is met, 1 when missed, 2 when the bench could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg
import sqlalchemy as sa

from api.security import Argon2Passwords
from bench.run import create_database, drop_database, vacuum_analyze
from domain.identity import services as identity
from domain.shared import PageRequest, SortKey, UuidV7Factory
from domain.shared.filter_catalogues import ACCOUNT_FILTERS
from domain.shared.filters import FilterContext, parse_filter
from persistence import migrate
from persistence.bootstrap import ensure_root
from persistence.db import create_engine, session_factory
from persistence.queries import segments as queries
from persistence.uow import SqlUnitOfWork

BUDGET_SECONDS = 2.0
RULE = {
    "all": [
        {"field": "region", "op": "eq", "value": "Uusimaa"},
        {"field": "size_class", "op": "gte", "value": 5},
        {"field": "last_order_on", "op": "within_last", "value": {"days": 365}},
    ]
}


@dataclass(frozen=True)
class Config:
    accounts: int
    contacts: int
    repeat: int
    pg_host: str
    pg_port: int
    pg_user: str


def parse_args(argv: Sequence[str] | None = None) -> Config:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--accounts", type=int, default=1_000_000)
    p.add_argument("--contacts", type=int, default=3_000_000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    p.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    p.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    a = p.parse_args(argv)
    return Config(a.accounts, a.contacts, a.repeat, a.pg_host, a.pg_port, a.pg_user)


class _Runtime:
    def __init__(self) -> None:
        self.ids = UuidV7Factory()

    @property
    def clock(self) -> Any:
        return self

    def now(self) -> datetime:
        return datetime.now(UTC)


REGIONS = [
    "Uusimaa",
    "Pirkanmaa",
    "Varsinais-Suomi",
    "Pohjois-Pohjanmaa",
    "Keski-Suomi",
    "Satakunta",
    "Lappi",
    "Kanta-Häme",
]


# Bound parameters: :owner, :unit, :accounts, :contacts, :regions (an array of names).
GENERATE = [
    """
        INSERT INTO accounts (id, name, sort_name, search_name, business_id, type, status,
            industry_code, size_class, region, municipality, owner_id, business_unit_id,
            tags, account_class, created_at, updated_at, version)
        SELECT gen_random_uuid(), 'Yritys ' || g, 'yritys ' || lpad(g::text, 8, '0'),
            'yritys ' || g, NULL,
            (ARRAY['company','public_body','association','other'])[1 + g % 4],
            (ARRAY['prospect','customer','former_customer','partner'])[1 + (g / 7) % 4],
            lpad(((g * 37) % 99999)::text, 5, '0'), (g * 7) % 10,
            (CAST(:regions AS text[]))[1 + (g * 13) % cardinality(CAST(:regions AS text[]))],
            NULL, :owner, :unit, '[]'::json,
            (ARRAY['A','B','C','potential', NULL])[1 + (g * 11) % 5],
            now() - (g % 3650) * interval '1 day', now(), 1
        FROM generate_series(1, CAST(:accounts AS int)) AS g
        """,
    """
        INSERT INTO contacts (id, first_name, last_name, sort_name, preferred_language,
            marketing_consent, owner_id, business_unit_id, created_at, updated_at, version)
        SELECT gen_random_uuid(), 'Etu' || g, 'Suku' || g, 'suku' || g || ' etu' || g, 'fi',
            g % 3 = 0, :owner, :unit, now(), now(), 1
        FROM generate_series(1, CAST(:contacts AS int)) AS g
        """,
    """
        INSERT INTO contact_accounts (contact_id, account_id)
        SELECT c.id, a.id
        FROM (SELECT id, row_number() OVER () AS n FROM contacts) c
        JOIN (SELECT id, row_number() OVER () AS n FROM accounts) a
          ON a.n = 1 + (c.n % CAST(:accounts AS int))
        """,
    """
        INSERT INTO orders (id, number, title, sort_title, account_id, ordered_on, total,
            status, owner_id, business_unit_id, created_at, updated_at, version)
        SELECT gen_random_uuid(), 'TIL-B-' || lpad(n::text, 9, '0'), 'Tilaus', 'tilaus',
            id, current_date - CAST((n * 17) % 1095 AS int), 100 + (n * 31) % 50000,
            CASE WHEN n % 10 = 0 THEN 'cancelled' ELSE 'invoiced' END, :owner, :unit,
            now(), now(), 1
        FROM (SELECT id, row_number() OVER () AS n FROM accounts) a
        WHERE n % 5 = 0
        """,
]


async def _timed(fn: Any, repeat: int) -> tuple[float, float, Any]:
    await fn()  # warm-up
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = await fn()
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, result


async def bench(cfg: Config) -> int:
    name = f"kumppani_bench_segments_{os.getpid()}"
    url = f"postgresql+asyncpg://{cfg.pg_user}@{cfg.pg_host}:{cfg.pg_port}/{name}"
    await create_database(cfg, name)
    engine = create_engine(url)
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        sessions = session_factory(engine)
        rt = _Runtime()
        async with SqlUnitOfWork(sessions, rt.ids) as uow:
            root_id, role_ids = await ensure_root(uow, rt.clock, rt.ids)
        async with SqlUnitOfWork(sessions, rt.ids) as uow:
            admin = await identity.create_user(
                uow,
                rt,
                Argon2Passwords(),
                None,
                email="bench@kumppani.fi",
                name="Bench Admin",
                password="bench-password-123",  # noqa: S106 - a throwaway database
                business_unit_id=root_id,
                role_ids=frozenset({role_ids["admin"]}),
            )
        started = time.perf_counter()
        async with engine.begin() as conn:
            for statement in GENERATE:
                params = {
                    "owner": admin.id,
                    "unit": root_id,
                    "accounts": cfg.accounts,
                    "contacts": cfg.contacts,
                    "regions": REGIONS,
                }
                used = {k: v for k, v in params.items() if f":{k}" in statement}
                await conn.execute(sa.text(statement), used)
        generated = time.perf_counter() - started
        await vacuum_analyze(url)
        print(
            f"generated {cfg.accounts:,} accounts, {cfg.contacts:,} contacts and their orders "
            f"in {generated:.1f} s (set-based SQL)"
        )
        async with SqlUnitOfWork(sessions, rt.ids) as uow:
            principal = await identity.principal_for(uow, UUID(str(admin.id)))
        flt = parse_filter(RULE, ACCOUNT_FILTERS, path="rule")
        ctx = FilterContext.of(principal, rt.now())
        where = queries.A.c.id.in_(queries.account_ids_matching(flt, ctx, principal))
        page = PageRequest(limit=50, cursor=None, sort=SortKey("name"))

        async def count() -> int:
            async with sessions() as s:
                return await queries.count_members(s, where)

        async def first_page() -> int:
            async with sessions() as s:
                return len((await queries.members_page(s, where, page)).items)

        c50, c95, n = await _timed(count, cfg.repeat)
        p50, p95, rows = await _timed(first_page, cfg.repeat)
        total = c95 + p95
        print(f"\nrule: {RULE}")
        print(f"{'figure':<28}{'p50':>10}{'p95':>10}")
        print(f"{'count (' + format(n, ',') + ')':<28}{c50:>9.3f}s{c95:>9.3f}s")
        print(f"{'first page (' + str(rows) + ' rows)':<28}{p50:>9.3f}s{p95:>9.3f}s")
        verdict = "OK" if total < BUDGET_SECONDS else "MISSED"
        print(f"count + first page p95: {total:.3f} s, budget {BUDGET_SECONDS:.1f} s: {verdict}")
        stmt = sa.select(sa.func.count()).select_from(queries.A).where(where)
        async with engine.connect() as conn:
            compiled = stmt.compile(engine.sync_engine, compile_kwargs={"literal_binds": True})
            plan = await conn.execute(sa.text(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}"))
            print("\n".join(r[0] for r in plan))
        return 0 if total < BUDGET_SECONDS else 1
    finally:
        await engine.dispose()
        await drop_database(cfg, name)


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    try:
        return asyncio.run(bench(cfg))
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"bench could not run: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
