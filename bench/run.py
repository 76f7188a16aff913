"""Kumppani benchmark: 100,000 accounts on PostgreSQL, keyset paging and a 20-client load.

    .venv/bin/python -m bench.run            # or: make bench
    .venv/bin/python -m bench.run --help

What it does, in order (everything on loopback, every loop bounded):

1. creates a fresh database `kumppani_bench_<pid>` on 127.0.0.1:5432 (user postgres),
2. runs `kumppani migrate` and `kumppani seed-demo --accounts 100000` as subprocesses and
   times the seed, then `VACUUM ANALYZE` (what an operator does after a bulk load),
3. starts `kumppani serve` (one worker) in a second process and signs in as the demo admin,
4. walks the account list sorted by name from page 1 to page 1,000 following `next_cursor`,
   then times page 1 and page 1,000 alternately and compares the medians (target ≤ 1.5×),
5. captures `EXPLAIN (ANALYZE, BUFFERS)` of the page-1 and page-1,000 keyset queries, built
   by the persistence layer's own `keyset_ids()`,
6. runs list, get-by-id and create with 20 concurrent clients for a bounded time each,
7. prints the report, writes bench/results/latest.json (+ explain-latest.txt, server.log),
   and always stops the server and drops the database.

Exit status: 0 when every hard check passes (page ratio ≤ 1.5, no errors, keyset walk
without duplicates), 1 when one fails, 2 when the bench could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import asyncpg
import httpx
from rich.console import Console
from rich.table import Table

from api.demo import ADMIN_EMAIL, DEMO_PASSWORD, business_id

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
API = "/api/v1"
PAGE_RATIO_TARGET = 1.5
SEED_TARGET_SECONDS = 240.0  # "within a few minutes"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

console = Console(width=None if sys.stdout.isatty() else 120)


class BenchError(RuntimeError):
    """The bench could not run (not a failed target)."""


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Config:
    accounts: int
    pages: int
    limit: int
    repeat: int
    clients: int
    duration: float
    max_requests: int
    pg_host: str
    pg_port: int
    pg_user: str
    seed_timeout: float
    rng_seed: int
    output: Path


def parse_args(argv: Sequence[str] | None = None) -> Config:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    p.add_argument("--accounts", type=int, default=100_000, help="demo accounts to seed")
    p.add_argument("--pages", type=int, default=1_000, help="deepest page to reach by cursors")
    p.add_argument("--limit", type=int, default=50, help="page size")
    p.add_argument("--repeat", type=int, default=50, help="timed requests of page 1 and page N")
    p.add_argument("--clients", type=int, default=20, help="concurrent clients in the load")
    p.add_argument("--duration", type=float, default=15.0, help="seconds per load scenario")
    p.add_argument(
        "--max-requests", type=int, default=20_000, help="hard cap of requests per scenario"
    )
    p.add_argument("--pg-host", default="127.0.0.1")
    p.add_argument("--pg-port", type=int, default=5432)
    p.add_argument("--pg-user", default="postgres")
    p.add_argument("--seed-timeout", type=float, default=1_800.0, help="give up seeding after")
    p.add_argument("--rng-seed", type=int, default=None, help="for a repeatable request mix")
    p.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    a = p.parse_args(argv)
    if a.pg_host not in LOOPBACK:
        p.error("the bench only talks to a PostgreSQL on loopback (127.0.0.1)")
    if a.pages < 1 or a.limit < 1 or a.pages * a.limit > a.accounts:
        p.error("--pages × --limit must be between 1 and --accounts")
    if not 1 <= a.clients <= 200 or a.duration <= 0 or a.repeat < 2 or a.max_requests < 1:
        p.error("--clients 1..200, --duration > 0, --repeat ≥ 2, --max-requests ≥ 1")
    return Config(
        accounts=a.accounts,
        pages=a.pages,
        limit=a.limit,
        repeat=a.repeat,
        clients=a.clients,
        duration=a.duration,
        max_requests=a.max_requests,
        pg_host=a.pg_host,
        pg_port=a.pg_port,
        pg_user=a.pg_user,
        seed_timeout=a.seed_timeout,
        rng_seed=a.rng_seed if a.rng_seed is not None else random.randrange(1 << 30),
        output=a.output,
    )


# --------------------------------------------------------------------------- database


class PgTarget(Protocol):
    """Where the bench's PostgreSQL is (bench.run and bench.service configs both are)."""

    @property
    def pg_host(self) -> str: ...
    @property
    def pg_port(self) -> int: ...
    @property
    def pg_user(self) -> str: ...


async def _admin_connection(cfg: PgTarget) -> asyncpg.Connection:
    return await asyncpg.connect(
        host=cfg.pg_host, port=cfg.pg_port, user=cfg.pg_user, database="postgres", timeout=10
    )


async def create_database(cfg: PgTarget, name: str) -> None:
    conn = await _admin_connection(cfg)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_database(cfg: PgTarget, name: str) -> None:
    conn = await _admin_connection(cfg)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def database_facts(url: str) -> dict[str, Any]:
    conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
    try:
        return {
            "postgres": await conn.fetchval("SHOW server_version"),
            "collation": await conn.fetchval(
                "SELECT datcollate FROM pg_database WHERE datname = current_database()"
            ),
            "accounts": await conn.fetchval("SELECT count(*) FROM accounts"),
            "contacts": await conn.fetchval("SELECT count(*) FROM contacts"),
            "size": await conn.fetchval(
                "SELECT pg_size_pretty(pg_database_size(current_database()))"
            ),
        }
    finally:
        await conn.close()


async def vacuum_analyze(url: str) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
    try:
        await conn.execute("VACUUM (ANALYZE)", timeout=600)
    finally:
        await conn.close()


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


# --------------------------------------------------------------------------- subprocesses


def kumppani(*args: str) -> list[str]:
    """The CLI of this checkout, run by this interpreter (the venv's)."""
    return [sys.executable, "-m", "api.cli", *args]


def run_cli(env: dict[str, str], *args: str, timeout: float) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
            kumppani(*args),
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"`kumppani {' '.join(args)}` did not finish in {timeout:.0f} s") from exc
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(
            f"`kumppani {' '.join(args)}` failed ({done.returncode}):\n{done.stdout[-3000:]}"
        )
    return elapsed, done.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`kumppani serve` with one worker in a child process, logging to a file."""

    def __init__(self, env: dict[str, str], port: int, log_path: Path) -> None:
        self.env = env
        self.port = port
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.base_url = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        try:
            self.proc = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
                kumppani(
                    "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"
                ),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the bench, which stops the server
            )
        finally:
            log.close()

    async def wait_ready(self, within: float = 60.0) -> None:
        deadline = time.perf_counter() + within
        async with httpx.AsyncClient(base_url=self.base_url, timeout=2.0) as client:
            while time.perf_counter() < deadline:
                if self.proc is not None and self.proc.poll() is not None:
                    raise BenchError(
                        f"the server exited with {self.proc.returncode}; see {self.log_path}"
                    )
                try:
                    r = await client.get("/readyz")
                    if r.status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.25)
        raise BenchError(f"the server was not ready in {within:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


# --------------------------------------------------------------------------- statistics


def pct(values: Sequence[float], q: int) -> float:
    """The q-th percentile (1..99) in milliseconds of values in seconds."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


@dataclass
class ScenarioResult:
    name: str
    clients: int
    requests: int = 0
    errors: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "clients": self.clients,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.elapsed, 2),
            "rps": round(self.requests / self.elapsed, 1) if self.elapsed else 0.0,
            "p50_ms": round(pct(self.latencies, 50), 2),
            "p95_ms": round(pct(self.latencies, 95), 2),
            "p99_ms": round(pct(self.latencies, 99), 2),
            "statuses": dict(self.statuses),
            "error_samples": self.error_samples[:5],
        }


# --------------------------------------------------------------------------- HTTP measurements


async def login(client: httpx.AsyncClient) -> str:
    r = await client.post(
        f"{API}/auth/token", json={"email": ADMIN_EMAIL, "password": DEMO_PASSWORD}
    )
    if r.status_code != 200:
        raise BenchError(f"sign-in failed: {r.status_code} {r.text[:300]}")
    return str(r.json()["access_token"])


def list_params(limit: int, cursor: str | None) -> dict[str, str | int]:
    params: dict[str, str | int] = {"limit": limit, "sort": "name"}
    if cursor is not None:
        params["cursor"] = cursor
    return params


@dataclass
class Walk:
    cursors: list[str | None]  # cursors[i] fetches page i + 1; cursors[0] is None (page 1)
    ids: list[str]
    names: list[str]
    seconds: float
    latencies: list[float]


async def walk_pages(client: httpx.AsyncClient, pages: int, limit: int) -> Walk:
    cursors: list[str | None] = [None]
    ids: list[str] = []
    names: list[str] = []
    latencies: list[float] = []
    started = time.perf_counter()
    for page in range(1, pages + 1):
        t = time.perf_counter()
        r = await client.get(f"{API}/accounts", params=list_params(limit, cursors[-1]))
        latencies.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise BenchError(f"page {page} failed: {r.status_code} {r.text[:300]}")
        body = r.json()
        ids.extend(item["id"] for item in body["items"])
        names.extend(item["name"] for item in body["items"])
        if page == pages:
            break
        if body["next_cursor"] is None:
            raise BenchError(f"the list ended at page {page}, before page {pages}")
        cursors.append(body["next_cursor"])
    return Walk(cursors, ids, names, time.perf_counter() - started, latencies)


async def time_pages(
    client: httpx.AsyncClient, last_cursor: str | None, repeat: int, limit: int
) -> tuple[list[float], list[float]]:
    """Page 1 and page N alternately (so both see the same background noise); 5 warm-ups."""
    first: list[float] = []
    deep: list[float] = []
    for i in range(repeat + 5):
        order = [(None, first), (last_cursor, deep)]
        if i % 2:
            order.reverse()
        for cursor, bucket in order:
            t = time.perf_counter()
            r = await client.get(f"{API}/accounts", params=list_params(limit, cursor))
            dt = time.perf_counter() - t
            if r.status_code != 200:
                raise BenchError(f"timed page failed: {r.status_code} {r.text[:300]}")
            if i >= 5:
                bucket.append(dt)
    return first, deep


RequestFn = Callable[[httpx.AsyncClient, random.Random], Awaitable[httpx.Response]]


async def run_scenario(
    client: httpx.AsyncClient,
    name: str,
    request: RequestFn,
    expected: int,
    cfg: Config,
    rng: random.Random,
) -> ScenarioResult:
    result = ScenarioResult(name, cfg.clients)
    issued = 0
    deadline = time.perf_counter() + cfg.duration

    async def one_client() -> None:
        nonlocal issued
        while time.perf_counter() < deadline and issued < cfg.max_requests:
            issued += 1
            t = time.perf_counter()
            try:
                r = await request(client, rng)
            except httpx.HTTPError as exc:
                result.latencies.append(time.perf_counter() - t)
                result.requests += 1
                result.errors += 1
                result.statuses[type(exc).__name__] += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(repr(exc))
                continue
            result.latencies.append(time.perf_counter() - t)
            result.requests += 1
            result.statuses[str(r.status_code)] += 1
            if r.status_code != expected:
                result.errors += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(f"{r.status_code} {r.text[:300]}")

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(cfg.clients)))
    result.elapsed = time.perf_counter() - started
    return result


def scenarios(cfg: Config, walk: Walk, rng: random.Random) -> list[tuple[str, RequestFn, int]]:
    # Business IDs past the seeded ones (n < accounts), at a random offset so that reruns
    # against a kept database would not collide; business_id(n) stays 7 digits below ~1.14M.
    offset = cfg.accounts + 1 + rng.randrange(0, 500_000)
    counter = itertools.count(offset)

    async def list_page(client: httpx.AsyncClient, r: random.Random) -> httpx.Response:
        return await client.get(
            f"{API}/accounts", params=list_params(cfg.limit, r.choice(walk.cursors))
        )

    async def get_by_id(client: httpx.AsyncClient, r: random.Random) -> httpx.Response:
        return await client.get(f"{API}/accounts/{r.choice(walk.ids)}")

    async def create(client: httpx.AsyncClient, _r: random.Random) -> httpx.Response:
        n = next(counter)
        body = {
            "name": f"Penkkitesti {n} Oy",
            "business_id": business_id(n),
            "type": "company",
            "status": "prospect",
            "region": "Uusimaa",
            "municipality": "Helsinki",
            "visiting_address": {
                "street": "Mannerheimintie 1",
                "postal_code": "00100",
                "city": "Helsinki",
            },
            "phone": "+358 40 123 4567",
            "email": f"myynti{n}@penkkitesti.example",
            "tags": ["penkkitesti"],
        }
        return await client.post(
            f"{API}/accounts", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
        )

    return [("list", list_page, 200), ("get-by-id", get_by_id, 200), ("create", create, 201)]


# --------------------------------------------------------------------------- EXPLAIN


class _CapturingSession:
    """Stands in for AsyncSession so that `keyset_ids()` builds its statement for us."""

    def __init__(self) -> None:
        self.statements: list[Any] = []

    async def execute(self, statement: Any, *_args: Any, **_kwargs: Any) -> Any:
        self.statements.append(statement)
        return self

    def all(self) -> list[Any]:
        return []


_EXEC_TIME = re.compile(r"Execution Time: ([0-9.]+) ms")


async def explain_pages(
    url: str, last_cursor: str | None, deep_ids: list[str], limit: int, runs: int = 10
) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS) of the keyset query at page 1 and page N, as the API's
    persistence code builds it for the admin, plus the page's load-by-ids query."""
    import sqlalchemy as sa

    from api.app import build_container
    from api.settings import Settings
    from domain.identity import services as identity
    from domain.shared import PageRequest, SortKey
    from persistence.queries.accounts import ACCOUNT_SORTS, AccountFilters, account_conditions
    from persistence.queries.paging import keyset_ids
    from persistence.tables.accounts import accounts

    c = build_container(Settings(database_url=url, environment="development"))
    try:
        async with c.uow() as uow:
            admin = await uow.users.get_by_email(ADMIN_EMAIL)
            if admin is None:
                raise BenchError("the demo admin is missing")
            principal = await identity.principal_for(uow, admin.id)
        where = account_conditions(principal, AccountFilters())
        sort = SortKey.parse("name", tuple(ACCOUNT_SORTS))

        def sql_of(statement: Any) -> str:
            return str(
                statement.compile(dialect=c.engine.dialect, compile_kwargs={"literal_binds": True})
            )

        queries: dict[str, str] = {}
        for label, cursor in (("page_1", None), ("page_n", last_cursor)):
            capture = _CapturingSession()
            page = PageRequest(limit=limit, cursor=cursor, sort=sort)
            await keyset_ids(capture, accounts, where, page, ACCOUNT_SORTS)  # type: ignore[arg-type]
            queries[label] = sql_of(capture.statements[0])
        queries["page_n_load"] = sql_of(
            sa.select(accounts).where(accounts.c.id.in_([uuid.UUID(i) for i in deep_ids]))
        )

        out: dict[str, Any] = {}
        async with c.engine.connect() as conn:
            for label, sql in queries.items():
                times: list[float] = []
                plan: list[str] = []
                for _ in range(runs):
                    rows = await conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    plan = [r[0] for r in rows]
                    m = _EXEC_TIME.search("\n".join(plan))
                    if m:
                        times.append(float(m.group(1)))
                out[label] = {
                    "sql": sql,
                    "plan": "\n".join(plan),
                    "execution_ms_median": round(statistics.median(times), 3) if times else None,
                }
        return out
    finally:
        await c.engine.dispose()


# --------------------------------------------------------------------------- report


def ms(value: float) -> str:
    return f"{value:.1f} ms"


def verdict(ok: bool, soft: bool = False) -> str:
    if ok:
        return "[green]PASS[/green]"
    return "[yellow]WARN[/yellow]" if soft else "[red]FAIL[/red]"


def _c_collation(name: str | None) -> bool:
    return (name or "").split(".")[0] in {"C", "POSIX"}


def report(results: dict[str, Any], cfg: Config) -> bool:
    """Print the tables; return whether every hard check passed."""
    seed = results["seed"]
    pages = results["pages"]
    ok: bool = True

    t = Table(title=f"Kumppani bench — {results['machine']['summary']}", show_lines=False)
    t.add_column("Figure")
    t.add_column("Measured", justify="right")
    t.add_column("Target", justify="right")
    t.add_column("")
    t.add_row(
        f"Seed {cfg.accounts:,} accounts (+{results['database']['contacts']:,} contacts)",
        f"{seed['seconds']:.1f} s",
        f"≤ {SEED_TARGET_SECONDS:.0f} s",
        verdict(seed["seconds"] <= SEED_TARGET_SECONDS, soft=True),
    )
    t.add_row(
        f"Walk page 1 → {cfg.pages:,} by cursors (sequential)",
        f"{pages['walk_seconds']:.1f} s, {pages['walk_rps']:.0f} req/s",
        "",
        "",
    )
    distinct_ok = pages["walk_distinct_ids"] == pages["walk_rows"]
    # Python's order is the C collation's; under another collation the order is not checked.
    ordered_ok = pages["walk_sorted"] or not _c_collation(results["database"]["collation"])
    ok &= distinct_ok and ordered_ok
    t.add_row(
        "Walk: rows distinct and in name order",
        f"{pages['walk_distinct_ids']:,}/{pages['walk_rows']:,}"
        + ("" if ordered_ok else ", out of order"),
        "all",
        verdict(distinct_ok and ordered_ok),
    )
    t.add_row(f"List page 1 (median of {cfg.repeat})", ms(pages["page_1_median_ms"]), "", "")
    t.add_row(
        f"List page {cfg.pages:,} (median of {cfg.repeat})", ms(pages["page_n_median_ms"]), "", ""
    )
    ratio_ok = pages["ratio"] <= PAGE_RATIO_TARGET
    ok &= ratio_ok
    t.add_row(
        f"Ratio page {cfg.pages:,} / page 1 (HTTP)",
        f"{pages['ratio']:.2f}",
        f"≤ {PAGE_RATIO_TARGET}",
        verdict(ratio_ok),
    )
    explain = results.get("explain") or {}
    if explain.get("page_1", {}).get("execution_ms_median") is not None:
        e1 = explain["page_1"]["execution_ms_median"]
        en = explain["page_n"]["execution_ms_median"]
        t.add_row(
            "Keyset SQL execution, page 1 / page N (EXPLAIN ANALYZE)",
            f"{e1:.3f} / {en:.3f} ms",
            "",
            "",
        )
    console.print(t)

    lt = Table(title=f"Load: {cfg.clients} clients, ≤ {cfg.duration:g} s per scenario, loopback")
    for col in ("Scenario", "Requests", "req/s", "p50", "p95", "p99", "Errors", "Target", ""):
        lt.add_column(col, justify="left" if col in {"Scenario", "Target"} else "right")
    for name, s in results["load"].items():
        errors_ok = s["errors"] == 0
        ok &= errors_ok
        lt.add_row(
            name,
            f"{s['requests']:,}",
            f"{s['rps']:.0f}",
            ms(s["p50_ms"]),
            ms(s["p95_ms"]),
            ms(s["p99_ms"]),
            str(s["errors"]),
            "0 errors",
            verdict(errors_ok),
        )
    console.print(lt)
    console.print("req/s, p50 and p95 are reported figures; the issue sets no threshold for them.")
    for name, s in results["load"].items():
        for sample in s["error_samples"]:
            console.print(f"[red]{name} error:[/red] {sample}")
    return ok


def machine() -> dict[str, Any]:
    cpus = os.cpu_count() or 0
    info = {
        "cpus": cpus,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["processor"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["summary"] = f"{cpus} CPUs, {info['processor']}, Python {info['python']}"
    return info


# --------------------------------------------------------------------------- main


async def bench(cfg: Config) -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    db_name = f"kumppani_bench_{os.getpid()}"
    url = f"postgresql+asyncpg://{cfg.pg_user}@{cfg.pg_host}:{cfg.pg_port}/{db_name}"
    env = {
        **os.environ,
        "KUMPPANI_ENVIRONMENT": "development",
        "KUMPPANI_DATABASE_URL": url,
        "KUMPPANI_LOGIN_RATE_PER_ACCOUNT": "10000/minute",
        "KUMPPANI_LOGIN_RATE_PER_ADDRESS": "10000/minute",
        "KUMPPANI_ACCESS_TOKEN_MINUTES": "120",
        "KUMPPANI_RUN_MIGRATIONS_ON_START": "false",
        "KUMPPANI_LOG_JSON": "true",
        "KUMPPANI_LOG_LEVEL": "INFO",
        "KUMPPANI_DB_POOL_SIZE": str(max(10, cfg.clients)),
    }
    rng = random.Random(cfg.rng_seed)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in cfg.__dict__.items()},
    }
    server: Server | None = None
    console.print(f"[bold]Database[/bold] {db_name} on {cfg.pg_host}:{cfg.pg_port}")
    try:
        await create_database(cfg, db_name)
    except (OSError, asyncpg.PostgresError) as exc:
        raise BenchError(f"cannot create the bench database: {exc}") from exc
    try:
        console.print("Migrating…")
        run_cli(env, "migrate", timeout=300)
        console.print(f"Seeding {cfg.accounts:,} accounts…")
        seed_seconds, _ = run_cli(
            env, "seed-demo", "--accounts", str(cfg.accounts), timeout=cfg.seed_timeout
        )
        results["seed"] = {
            "seconds": round(seed_seconds, 1),
            "accounts_per_second": round(cfg.accounts / seed_seconds, 1),
        }
        console.print(f"  seeded in {seed_seconds:.1f} s")
        await vacuum_analyze(url)
        results["database"] = await database_facts(url)

        server = Server(env, free_port(), RESULTS / "server.log")
        server.start()
        await server.wait_ready()
        console.print(f"Server ready at {server.base_url} (log: {server.log_path})")

        limits = httpx.Limits(max_connections=cfg.clients, max_keepalive_connections=cfg.clients)
        async with httpx.AsyncClient(
            base_url=server.base_url, timeout=30.0, limits=limits
        ) as client:
            client.headers["Authorization"] = f"Bearer {await login(client)}"

            console.print(f"Walking pages 1 → {cfg.pages:,}…")
            walk = await walk_pages(client, cfg.pages, cfg.limit)
            from domain.accounts import sort_name

            sort_keys = [sort_name(n) for n in walk.names]
            console.print(f"Timing page 1 and page {cfg.pages:,} ({cfg.repeat}× each)…")
            first, deep = await time_pages(client, walk.cursors[-1], cfg.repeat, cfg.limit)
            p1 = statistics.median(first) * 1000
            pn = statistics.median(deep) * 1000
            results["pages"] = {
                "limit": cfg.limit,
                "deepest_page": cfg.pages,
                "walk_seconds": round(walk.seconds, 2),
                "walk_rps": round(cfg.pages / walk.seconds, 1),
                "walk_p50_ms": round(pct(walk.latencies, 50), 2),
                "walk_p95_ms": round(pct(walk.latencies, 95), 2),
                "walk_rows": len(walk.ids),
                "walk_distinct_ids": len(set(walk.ids)),
                # Python compares code points, as PostgreSQL does under the C collation.
                "walk_sorted": all(a <= b for a, b in itertools.pairwise(sort_keys)),
                "page_1_median_ms": round(p1, 2),
                "page_n_median_ms": round(pn, 2),
                "page_1_p95_ms": round(pct(first, 95), 2),
                "page_n_p95_ms": round(pct(deep, 95), 2),
                "ratio": round(pn / p1, 3),
            }

            console.print("EXPLAIN (ANALYZE, BUFFERS)…")
            results["explain"] = await explain_pages(
                url, walk.cursors[-1], walk.ids[-cfg.limit :], cfg.limit
            )

            results["load"] = {}
            for name, request, expected in scenarios(cfg, walk, rng):
                console.print(f"Load: {name}, {cfg.clients} clients, {cfg.duration:g} s…")
                outcome = await run_scenario(client, name, request, expected, cfg, rng)
                results["load"][name] = outcome.summary()
    finally:
        if server is not None:
            server.stop()
        try:
            await drop_database(cfg, db_name)
        except (OSError, asyncpg.PostgresError) as exc:
            console.print(f"[red]Could not drop {db_name}: {exc}[/red]")

    passed = report(results, cfg)
    results["passed"] = passed
    cfg.output.parent.mkdir(parents=True, exist_ok=True)
    cfg.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    explain_txt = cfg.output.with_name("explain-latest.txt")
    explain_txt.write_text(
        "\n\n".join(
            f"-- {label} (median execution {e['execution_ms_median']} ms)\n"
            f"{e['sql']}\n\n{e['plan']}"
            for label, e in results["explain"].items()
        )
        + "\n"
    )
    console.print(f"Results: {cfg.output}  EXPLAIN plans: {explain_txt}")
    console.print("[green]All checks passed.[/green]" if passed else "[red]Checks failed.[/red]")
    return 0 if passed else 1


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    try:
        return asyncio.run(bench(cfg))
    except BenchError as exc:
        console.print(f"[red]Bench could not run:[/red] {exc}")
        return 2
    except KeyboardInterrupt:
        console.print("[yellow]Interrupted; the server was stopped and the database dropped.[/]")
        return 130


if __name__ == "__main__":
    sys.exit(main())
