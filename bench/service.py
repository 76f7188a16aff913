"""Customer-service benchmark: 200,000 service requests on PostgreSQL.

    .venv/bin/python -m bench.service            # or: make bench
    .venv/bin/python -m bench.service --help

What it does (everything on loopback, every loop bounded):

1. creates a fresh database `kumppani_bench_service_<pid>` on 127.0.0.1:5432,
2. migrates and runs `kumppani seed-demo --accounts 20000 --service-requests 200000
   --busy-account-activities 2000` (times the seed), then `VACUUM ANALYZE`,
3. starts `kumppani serve` (one worker) in a second process,
4. as three users — the admin (sees everything), a service agent (organisation read, in
   two queues) and a salesperson (own unit) — times each system view's first page
   (`GET /views/{id}/results`), the counts of all views (`GET /views/counts`), the open
   requests list, and the 360° timeline of an account with 2,000 activities, page 1 to
   page 40 by cursors,
5. prints p50/p95 per figure against its target, writes bench/results/service-latest.json,
   and always stops the server and drops the database.

Exit status: 0 when every target is met, 1 when one is missed, 2 when the bench could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from rich.console import Console
from rich.table import Table

from api.demo_service import GENERAL_CUSTOMER
from bench.figures import Figure, measure, sign_in, timed
from bench.run import (
    API,
    RESULTS,
    ROOT,
    BenchError,
    Server,
    _asyncpg_dsn,
    create_database,
    drop_database,
    free_port,
    machine,
    run_cli,
    vacuum_analyze,
)

console = Console(width=None if sys.stdout.isatty() else 120)

# p95 targets in milliseconds, for one API process on the 2-core reference machine.
VIEW_PAGE_P95_MS = 250.0
COUNTS_P95_MS = 1000.0  # every view's count in one call
LIST_P95_MS = 250.0
TIMELINE_P95_MS = 150.0
USERS = (
    ("admin", "admin@kumppani.example"),
    ("service", "aino.service4@kumppani.example"),
    ("sales", "sanna.sales2@kumppani.example"),
)


@dataclass(frozen=True)
class Config:
    requests: int
    accounts: int
    activities: int
    repeat: int
    pg_host: str
    pg_port: int
    pg_user: str
    seed_timeout: float
    output: Path


def parse_args(argv: Sequence[str] | None = None) -> Config:
    p = argparse.ArgumentParser(prog="python -m bench.service", description=__doc__.split("\n")[0])
    p.add_argument("--requests", type=int, default=200_000, help="service requests to seed")
    p.add_argument("--accounts", type=int, default=20_000, help="accounts to seed")
    p.add_argument("--activities", type=int, default=2_000, help="activities on the busy account")
    p.add_argument("--repeat", type=int, default=30, help="timed requests per figure")
    p.add_argument("--pg-host", default="127.0.0.1")
    p.add_argument("--pg-port", type=int, default=5432)
    p.add_argument("--pg-user", default="postgres")
    p.add_argument("--seed-timeout", type=float, default=1_800.0)
    p.add_argument("--output", type=Path, default=RESULTS / "service-latest.json")
    a = p.parse_args(argv)
    if a.pg_host not in {"127.0.0.1", "localhost", "::1"}:
        p.error("the bench only talks to a PostgreSQL on loopback (127.0.0.1)")
    if a.requests < 1 or a.accounts < 10 or a.repeat < 2 or a.activities < 50:
        p.error("--requests ≥ 1, --accounts ≥ 10, --repeat ≥ 2, --activities ≥ 50")
    return Config(
        a.requests,
        a.accounts,
        a.activities,
        a.repeat,
        a.pg_host,
        a.pg_port,
        a.pg_user,
        a.seed_timeout,
        a.output,
    )


async def busy_account(url: str) -> str:
    conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
    try:
        row = await conn.fetchrow(
            "SELECT a.account_id, count(*) AS n FROM activities a "
            "JOIN accounts ON accounts.id = a.account_id WHERE accounts.name <> $1 "
            "AND a.regarding_type = 'account' GROUP BY a.account_id ORDER BY n DESC LIMIT 1",
            GENERAL_CUSTOMER,
        )
        return str(row["account_id"])
    finally:
        await conn.close()


async def general_customer(url: str) -> str | None:
    conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
    try:
        value = await conn.fetchval("SELECT id FROM accounts WHERE name = $1", GENERAL_CUSTOMER)
        return str(value) if value is not None else None
    finally:
        await conn.close()


async def data_facts(url: str) -> dict[str, Any]:
    conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
    try:
        return {
            "service_requests": await conn.fetchval("SELECT count(*) FROM service_requests"),
            "open_requests": await conn.fetchval(
                "SELECT count(*) FROM service_requests WHERE state = 'open'"
            ),
            "activities": await conn.fetchval("SELECT count(*) FROM activities"),
            "request_events": await conn.fetchval("SELECT count(*) FROM service_request_events"),
            "accounts": await conn.fetchval("SELECT count(*) FROM accounts"),
            "size": await conn.fetchval(
                "SELECT pg_size_pretty(pg_database_size(current_database()))"
            ),
        }
    finally:
        await conn.close()


async def measure_user(
    client: httpx.AsyncClient,
    cfg: Config,
    user: str,
    email: str,
    account_id: str,
    general_id: str | None = None,
) -> list[Figure]:
    headers = await sign_in(client, email)
    figures: list[Figure] = []
    r = await client.get(f"{API}/views", params={"entity": "service_request"}, headers=headers)
    if r.status_code != 200:
        raise BenchError(f"listing views failed: {r.status_code} {r.text[:300]}")
    views = [v for v in r.json()["items"] if v.get("visibility") == "system"]
    if len(views) < 8:
        raise BenchError(f"expected the 8 system views, got {len(views)}")
    for view in views:
        fig = Figure(user, f"view {view.get('system_key') or view['name']}", VIEW_PAGE_P95_MS, [])
        page = await measure(
            client, headers, fig, f"{API}/views/{view['id']}/results", {"limit": 50}, cfg.repeat
        )
        if page.status_code == 200:
            fig.detail = f"{len(page.json()['items'])} rows on page 1"
        figures.append(fig)
    counts = Figure(user, "counts of all views", COUNTS_P95_MS, [])
    last = await measure(
        client, headers, counts, f"{API}/views/counts", {"entity": "service_request"}, cfg.repeat
    )
    if last.status_code == 200:
        body = last.json()
        items = body["items"] if isinstance(body, dict) else body
        counts.detail = f"{len(items)} views, largest {max(int(i['count']) for i in items):,}"
    figures.append(counts)
    listing = Figure(user, "open requests, page 1", LIST_P95_MS, [])
    await measure(
        client,
        headers,
        listing,
        f"{API}/service-requests",
        {"state": "open", "limit": 50, "sort": "-received_at"},
        cfg.repeat,
    )
    figures.append(listing)
    # The 360° timeline: page 1 repeatedly, then every page by cursors.
    first = Figure(user, "account timeline, page 1", TIMELINE_P95_MS, [])
    await measure(
        client, headers, first, f"{API}/accounts/{account_id}/timeline", {"limit": 50}, cfg.repeat
    )
    figures.append(first)
    walk = Figure(user, "account timeline, every page", TIMELINE_P95_MS, [])
    cursor: str | None = None
    seen: set[str] = set()
    for _ in range(cfg.activities // 50 + 50):
        params: dict[str, Any] = {"limit": 50}
        if cursor:
            params["cursor"] = cursor
        elapsed, page = await timed(
            client, headers, f"{API}/accounts/{account_id}/timeline", params
        )
        if page.status_code != 200:
            walk.errors += 1
            walk.detail = f"{page.status_code} {page.text[:200]}"
            break
        walk.latencies.append(elapsed)
        body = page.json()
        for item in body["items"]:
            key = f"{item.get('kind')}:{item['id']}"
            if key in seen:
                walk.errors += 1
                walk.detail = f"duplicate {key}"
            seen.add(key)
        cursor = body.get("next_cursor")
        if not cursor:
            break
    if not walk.detail:
        walk.detail = f"{len(walk.latencies)} pages, {len(seen):,} items"
    figures.append(walk)
    if general_id is not None and user == "admin":
        # The general customer gathers every unknown caller's request (12 %): the largest
        # 360° view there is.
        big = Figure(user, "general customer timeline, page 1", TIMELINE_P95_MS, [])
        await measure(
            client, headers, big, f"{API}/accounts/{general_id}/timeline", {"limit": 50}, cfg.repeat
        )
        big.detail = "the account with the most requests"
        figures.append(big)
    return figures


def report(figures: list[Figure], facts: dict[str, Any], seed_seconds: float) -> bool:
    console.rule("[bold]Kumppani customer-service benchmark")
    console.print(
        f"{facts['service_requests']:,} requests ({facts['open_requests']:,} open), "
        f"{facts['activities']:,} activities, {facts['request_events']:,} log events, "
        f"{facts['accounts']:,} accounts; database {facts['size']}; "
        f"seeded in {seed_seconds:.1f} s"
    )
    table = Table(show_lines=False)
    for col in ("user", "figure", "p50 ms", "p95 ms", "target p95", "", "detail"):
        table.add_column(col)
    ok = True
    for f in figures:
        ok &= f.ok
        table.add_row(
            f.user,
            f.name,
            f"{f.p50:.1f}",
            f"{f.p95:.1f}",
            f"≤ {f.target_ms:.0f}",
            "[green]ok[/green]" if f.ok else "[red]MISSED[/red]",
            f.detail,
        )
    console.print(table)
    return ok


async def bench(cfg: Config) -> int:
    name = f"kumppani_bench_service_{os.getpid()}"
    url = f"postgresql+asyncpg://{cfg.pg_user}@{cfg.pg_host}:{cfg.pg_port}/{name}"
    env = {
        **os.environ,
        "KUMPPANI_DATABASE_URL": url,
        "KUMPPANI_ENVIRONMENT": "development",
        "KUMPPANI_LOG_LEVEL": "WARNING",
    }
    server: Server | None = None
    await create_database(cfg, name)
    try:
        run_cli(env, "migrate", timeout=300)
        console.print(f"Seeding {cfg.accounts:,} accounts and {cfg.requests:,} service requests …")
        seed_seconds, _ = run_cli(
            env,
            "seed-demo",
            "--accounts",
            str(cfg.accounts),
            "--service-requests",
            str(cfg.requests),
            "--busy-account-activities",
            str(cfg.activities),
            timeout=cfg.seed_timeout,
        )
        await vacuum_analyze(url)
        facts = await data_facts(url)
        account_id = await busy_account(url)
        general_id = await general_customer(url)
        server = Server(env, free_port(), RESULTS / "service-server.log")
        server.start()
        await server.wait_ready()
        figures: list[Figure] = []
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60.0) as client:
            for user, email in USERS:
                figures += await measure_user(client, cfg, user, email, account_id, general_id)
        ok = report(figures, facts, seed_seconds)
        cfg.output.parent.mkdir(parents=True, exist_ok=True)
        cfg.output.write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "data": facts,
                    "seed_seconds": round(seed_seconds, 1),
                    "figures": [f.summary() for f in figures],
                    "ok": ok,
                },
                indent=2,
                default=str,
            )
        )
        console.print(f"Results: {cfg.output.relative_to(ROOT)}")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.stop()
        await drop_database(cfg, name)


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    try:
        return asyncio.run(bench(cfg))
    except BenchError as exc:
        console.print(f"[red]The bench could not run:[/red] {exc}")
        return 2
    except KeyboardInterrupt:
        return 2


if __name__ == "__main__":
    sys.exit(main())
