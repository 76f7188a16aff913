"""Sales benchmark: 50,000 sales projects and 500,000 stage-history events on PostgreSQL.

    .venv/bin/python -m bench.sales            # or: make bench
    .venv/bin/python -m bench.sales --help

What it does (everything on loopback, every loop bounded):

1. creates a fresh database `kumppani_bench_sales_<pid>` on 127.0.0.1:5432, migrates and
   runs `kumppani seed-demo --accounts 5000 --service-requests 0 --sales-projects 0`
   (users, units, accounts),
2. loads, with asyncpg COPY and a fixed random seed, four project types (gas connection,
   heat connection, solution sales, parent-company project) with their stage templates and
   default responsibles, 50,000 projects opened over ten years, every project's stages
   (done, skipped, in progress, not started) and exactly 500,000 `project_events`: each
   project's lifecycle (opened, stages started and completed or skipped, won / lost /
   cancelled) — `stage_started` events are thinned out or `stage_reassigned` ones added to
   hit the count; the report does not read either kind — then `VACUUM (ANALYZE)`,
3. computes the monthly report of a past month in plain Python (`domain.sales.movement`)
   from the generated rows, the reference the API's answer must equal,
4. starts `kumppani serve` (one worker) and times, p50/p95 over `--repeat` requests after
   three warm-ups: the monthly movement report (JSON, per type) for the current month and a
   past month as the admin, per region, the current month as a unit manager, the XLSX
   export, and the kanban's first page for the largest project type
   (`GET /sales-projects/kanban?project_type_id=…`, or the project list when there is no
   kanban endpoint),
5. captures `EXPLAIN (ANALYZE, BUFFERS)` of the report's SQL,
6. prints a table against the targets (report < 1 s, kanban < 300 ms, p95), writes
   bench/results/sales-latest.json (+ sales-explain-latest.txt, sales-server.log), and
   always stops the server and drops the database.

Exit status: 0 when every target is met and the report equals the reference, 1 when one is
missed, 2 when the bench could not run.
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
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from rich.console import Console
from rich.table import Table

from api.demo import ADMIN_EMAIL
from bench.figures import Figure, sign_in
from bench.figures import measure as measure_figure
from bench.run import (
    API,
    RESULTS,
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
from domain.sales.movement import EventRow, MovementReport, add_months, movement
from domain.shared.filters import HELSINKI

console = Console(width=None if sys.stdout.isatty() else 120)

# p95 targets in milliseconds, for one API process on the 2-core reference machine.
REPORT_P95_MS = 1000.0
EXPORT_P95_MS = 1000.0
KANBAN_P95_MS = 300.0
MANAGER_EMAIL = "mirja.manager0@kumppani.example"
KANBAN_PATH = f"{API}/sales-projects/kanban"
LIST_PATH = f"{API}/sales-projects"
REPORT_PATH = f"{API}/reports/monthly-movement"

# key, Finnish name, English name, share of projects, stages (key, name, customer service)
TYPES: tuple[tuple[str, str, str, float, tuple[tuple[str, str, bool], ...]], ...] = (
    (
        "gas_connection",
        "Kaasuliittymämyynti",
        "Gas connection sales",
        0.4,
        (
            ("contact", "Yhteydenotto", False),
            ("offer", "Tarjous", False),
            ("send_contract", "Sopimuksen lähetys", True),
            ("signed_contract", "Allekirjoitettu sopimus", True),
            ("construction", "Rakentaminen", False),
            ("invoice_fees", "Liittymismaksujen laskutus", True),
            ("activate_billing", "Laskutuksen aktivointi", True),
        ),
    ),
    (
        "heat_connection",
        "Lämpöliittymämyynti",
        "Heat connection sales",
        0.3,
        (
            ("contact", "Yhteydenotto", False),
            ("survey", "Kohdekäynti", False),
            ("offer", "Tarjous", False),
            ("send_contract", "Sopimuksen lähetys", True),
            ("signed_contract", "Allekirjoitettu sopimus", True),
            ("invoice_fees", "Liittymismaksujen laskutus", True),
            ("activate_billing", "Laskutuksen aktivointi", True),
        ),
    ),
    (
        "solution",
        "Ratkaisumyynti",
        "Solution sales",
        0.2,
        (
            ("needs", "Tarvekartoitus", False),
            ("proposal", "Ratkaisuehdotus", False),
            ("offer", "Tarjous", False),
            ("negotiation", "Neuvottelu", False),
            ("contract", "Sopimus", True),
        ),
    ),
    (
        "parent_company",
        "Emoyhtiön projekti",
        "Parent-company project",
        0.1,
        (
            ("survey", "Kartoitus", False),
            ("offer", "Tarjous", False),
            ("decision", "Päätös", False),
            ("delivery", "Toteutus", False),
        ),
    ),
)
REGIONS = (
    "Uusimaa",
    "Pirkanmaa",
    "Varsinais-Suomi",
    "Pohjois-Pohjanmaa",
    "Keski-Suomi",
    "Päijät-Häme",
    "Kymenlaakso",
    "Satakunta",
)


@dataclass(frozen=True)
class Config:
    projects: int
    events: int
    accounts: int
    years: int
    repeat: int
    rng_seed: int
    pg_host: str
    pg_port: int
    pg_user: str
    seed_timeout: float
    output: Path


def parse_args(argv: Sequence[str] | None = None) -> Config:
    p = argparse.ArgumentParser(prog="python -m bench.sales", description=__doc__.split("\n")[0])
    p.add_argument("--projects", type=int, default=50_000, help="sales projects to load")
    p.add_argument("--events", type=int, default=500_000, help="project_events to load")
    p.add_argument("--accounts", type=int, default=5_000, help="demo accounts to seed")
    p.add_argument("--years", type=int, default=10, help="projects opened over this many years")
    p.add_argument("--repeat", type=int, default=30, help="timed requests per figure")
    p.add_argument("--rng-seed", type=int, default=2026, help="the data set's random seed")
    p.add_argument("--pg-host", default="127.0.0.1")
    p.add_argument("--pg-port", type=int, default=5432)
    p.add_argument("--pg-user", default="postgres")
    p.add_argument("--seed-timeout", type=float, default=1_800.0)
    p.add_argument("--output", type=Path, default=RESULTS / "sales-latest.json")
    a = p.parse_args(argv)
    if a.pg_host not in {"127.0.0.1", "localhost", "::1"}:
        p.error("the bench only talks to a PostgreSQL on loopback (127.0.0.1)")
    if a.projects < 10 or a.events < 2 * a.projects or a.repeat < 2 or a.years < 1:
        p.error("--projects ≥ 10, --events ≥ 2 × --projects, --repeat ≥ 2, --years ≥ 1")
    return Config(
        a.projects,
        a.events,
        a.accounts,
        a.years,
        a.repeat,
        a.rng_seed,
        a.pg_host,
        a.pg_port,
        a.pg_user,
        a.seed_timeout,
        a.output,
    )


# --------------------------------------------------------------------------- the data set


@dataclass
class Generated:
    type_ids: dict[str, uuid.UUID]
    projects: list[tuple[Any, ...]] = field(default_factory=list)
    stages: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    project_type: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)


PROJECT_COLUMNS = (
    "id",
    "name",
    "sort_name",
    "account_id",
    "project_type_id",
    "type_version_id",
    "region",
    "estimated_value",
    "probability",
    "expected_decision_date",
    "status",
    "status_reason",
    "opened_on",
    "closed_on",
    "current_stage_id",
    "last_progress_on",
    "owner_id",
    "business_unit_id",
    "created_by",
    "created_at",
    "updated_at",
    "version",
)
STAGE_COLUMNS = (
    "id",
    "project_id",
    "template_stage_id",
    "position",
    "key",
    "name",
    "is_customer_service",
    "status",
    "responsible_user_id",
    "due_date",
    "started_at",
    "completed_on",
    "skip_reason",
    "checklist",
    "created_at",
    "updated_at",
    "version",
)
EVENT_COLUMNS = ("id", "project_id", "stage_id", "kind", "happened_on", "at", "by_id")


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _moment(day: date, seq: int) -> datetime:
    """Office hours in Helsinki on `day` (06:00 UTC on), one second per event of the day."""
    return datetime(day.year, day.month, day.day, 6, tzinfo=UTC) + timedelta(seconds=seq)


async def _users(conn: asyncpg.Connection) -> dict[str, list[tuple[uuid.UUID, uuid.UUID]]]:
    rows = await conn.fetch(
        "SELECT u.id, u.business_unit_id, r.name AS role FROM users u "
        "JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id"
    )
    out: dict[str, list[tuple[uuid.UUID, uuid.UUID]]] = {}
    for r in rows:
        out.setdefault(r["role"], []).append((r["id"], r["business_unit_id"]))
    return out


async def _types(
    conn: asyncpg.Connection,
    rng: random.Random,
    now: datetime,
    sellers: list[uuid.UUID],
    service: list[uuid.UUID],
) -> dict[str, tuple[uuid.UUID, uuid.UUID, list[tuple[uuid.UUID, str, str, bool, int]]]]:
    """The four types with version 1 and its stages (reused when the demo has them)."""
    out = {}
    for key, name, name_en, _share, stages in TYPES:
        existing = await conn.fetchrow(
            "SELECT t.id, v.id AS version_id FROM project_types t JOIN project_type_versions v "
            "ON v.project_type_id = t.id AND v.version = t.current_version WHERE t.key = $1",
            key,
        )
        if existing is not None:
            rows = await conn.fetch(
                "SELECT id, key, name, is_customer_service, default_duration_days "
                "FROM stage_templates WHERE version_id = $1 ORDER BY position",
                existing["version_id"],
            )
            out[key] = (
                existing["id"],
                existing["version_id"],
                [(r[0], r[1], r[2], r[3], r[4]) for r in rows],
            )
            continue
        type_id, version_id = _uuid(rng), _uuid(rng)
        await conn.execute(
            "INSERT INTO project_types (id, key, name, name_en, is_active, current_version, "
            "created_at, updated_at, version) VALUES ($1, $2, $3, $4, true, 1, $5, $5, 1)",
            type_id,
            key,
            name,
            name_en,
            now,
        )
        await conn.execute(
            "INSERT INTO project_type_versions (id, project_type_id, version, created_at) "
            "VALUES ($1, $2, 1, $3)",
            version_id,
            type_id,
            now,
        )
        templates = []
        for position, (stage_key, stage_name, cs) in enumerate(stages):
            stage_id = _uuid(rng)
            duration = rng.choice([5, 10, 15, 20])
            await conn.execute(
                "INSERT INTO stage_templates (id, version_id, position, key, name, "
                "default_duration_days, is_customer_service, checklist) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, '[]')",
                stage_id,
                version_id,
                position,
                stage_key,
                stage_name,
                duration,
                cs,
            )
            await conn.execute(
                "INSERT INTO stage_template_responsibles (stage_template_id, region, user_id) "
                "VALUES ($1, '*', $2)",
                stage_id,
                rng.choice(service if cs else sellers),
            )
            templates.append((stage_id, stage_key, stage_name, cs, duration))
        out[key] = (type_id, version_id, templates)
    return out


@dataclass
class _Log:
    """Appends one project's events, each a second after the previous one that day."""

    g: Generated
    rng: random.Random
    project_id: uuid.UUID
    by_id: uuid.UUID
    seq: int = 0

    def add(self, kind: str, day: date, stage_id: uuid.UUID | None) -> int:
        self.seq += 1
        self.g.events.append(
            (
                _uuid(self.rng),
                self.project_id,
                stage_id,
                kind,
                day,
                _moment(day, self.seq),
                self.by_id,
            )
        )
        return len(self.g.events) - 1


def generate(
    cfg: Config,
    rng: random.Random,
    today: date,
    types: dict[str, tuple[uuid.UUID, uuid.UUID, list[tuple[uuid.UUID, str, str, bool, int]]]],
    owners: list[tuple[uuid.UUID, uuid.UUID]],
    service: list[uuid.UUID],
    accounts: list[tuple[uuid.UUID, str | None]],
) -> Generated:
    """Every project's lifecycle up to today: stages done one after another (a few skipped)
    at random intervals, lost or cancelled on the way now and then, won after the last."""
    now = datetime.now(UTC)
    g = Generated({k: v[0] for k, v in types.items()})
    keys = [t[0] for t in TYPES]
    weights = [t[3] for t in TYPES]
    span = cfg.years * 365
    started_kind: list[int] = []  # indexes of stage_started events (may be thinned)
    for n in range(cfg.projects):
        key = rng.choices(keys, weights)[0]
        type_id, version_id, templates = types[key]
        pid = _uuid(rng)
        owner, unit = rng.choice(owners)
        account_id, account_region = rng.choice(accounts)
        region = account_region if account_region and rng.random() < 0.7 else rng.choice(REGIONS)
        opened = today - timedelta(days=rng.randrange(span))
        slow = rng.random() < 0.05  # some projects take years
        mean_gap = 300.0 if slow else rng.choice([20.0, 35.0, 60.0])
        event = _Log(g, rng, pid, owner).add
        event("opened", opened, None)
        status, closed_on, current, last_progress = "open", None, None, None
        moving = True  # open, and its current stage finished before today
        day = opened
        stage_rows: list[list[Any]] = []
        for position, (template_id, skey, sname, cs, duration) in enumerate(templates):
            stage_id = _uuid(rng)
            responsible = rng.choice(service) if cs else owner
            row: list[Any] = [stage_id, pid, template_id, position, skey, sname, cs]
            row += ["not_started", responsible, None, None, None, None, "[]", now, now, 1]
            stage_rows.append(row)
            if not moving:
                continue
            started_kind.append(event("stage_started", day, stage_id))
            row[7], row[9], row[10] = "in_progress", day + timedelta(days=duration), _moment(day, 0)
            current = stage_id
            end = day + timedelta(days=max(1, int(rng.expovariate(1.0 / mean_gap))))
            if end > today:
                moving = False  # still on this stage
                continue
            roll = rng.random()
            if roll < 0.07:
                status, closed_on = ("lost" if roll < 0.05 else "cancelled"), end
                event(status, end, None)
                moving = False
                continue
            if roll < 0.10:
                row[7], row[12] = "skipped", "Ei tarvita"
                event("stage_skipped", end, stage_id)
            else:
                row[7], row[11] = "done", end
                last_progress = end
                event("stage_completed", end, stage_id)
            day = end
        if moving:  # every stage finished
            status, closed_on, current = "won", day, None
            event("won", day, None)
        g.statuses[status] += 1
        g.stages.extend(tuple(r) for r in stage_rows)
        g.project_type[pid] = type_id
        g.projects.append(
            (
                pid,
                f"{key} {n}",
                f"{key} {n}",
                account_id,
                type_id,
                version_id,
                region,
                Decimal(rng.randrange(50, 20_000) * 100),
                rng.choice([10, 25, 50, 75, 90]),
                opened + timedelta(days=rng.randrange(30, 720)),
                status,
                None if status == "open" else "Bench",
                opened,
                closed_on,
                current if status in ("open", "lost", "cancelled") else None,
                last_progress,
                owner,
                unit,
                owner,
                now,
                now,
                1,
            )
        )
    _hit_event_count(cfg, rng, g, started_kind, today)
    return g


def _hit_event_count(
    cfg: Config, rng: random.Random, g: Generated, started: list[int], today: date
) -> None:
    """Exactly `cfg.events` rows: drop random `stage_started` events, or add
    `stage_reassigned` ones on random projects (the report reads neither)."""
    extra = len(g.events) - cfg.events
    if extra > 0:
        if extra > len(started):
            raise BenchError(f"cannot thin {extra} events out of {len(started)} stage starts")
        drop = set(rng.sample(started, extra))
        g.events = [e for i, e in enumerate(g.events) if i not in drop]
    else:
        projects = g.projects
        for i in range(-extra):
            p = rng.choice(projects)
            opened, closed = p[12], p[13] or today
            day = opened + timedelta(days=rng.randrange(max(1, (closed - opened).days + 1)))
            g.events.append(
                (_uuid(rng), p[0], p[14], "stage_reassigned", day, _moment(day, 500 + i), p[16])
            )


async def load(conn: asyncpg.Connection, g: Generated) -> None:
    await conn.copy_records_to_table("sales_projects", records=g.projects, columns=PROJECT_COLUMNS)
    await conn.copy_records_to_table("project_stages", records=g.stages, columns=STAGE_COLUMNS)
    await conn.copy_records_to_table("project_events", records=g.events, columns=EVENT_COLUMNS)


def reference(g: Generated, month: date) -> MovementReport:
    """The report for `month` per type in plain Python (what the admin's answer must be)."""
    rows = [EventRow(e[1], e[3], e[4], e[5], e[0]) for e in g.events]
    groups: dict[uuid.UUID, str | None] = {pid: str(t) for pid, t in g.project_type.items()}
    return movement(rows, month, groups)


# --------------------------------------------------------------------------- measuring


WARMUP = 3  # untimed requests before each figure (JIT, plan and connection caches)


async def measure(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    fig: Figure,
    path: str,
    params: dict[str, Any],
    repeat: int,
) -> httpx.Response:
    return await measure_figure(client, headers, fig, path, params, repeat, warmup=WARMUP)


def _totals(body: dict[str, Any]) -> str:
    t = body["total"]["current"]
    return (
        f"open {t['open_at_end']:,}, new {t['new']:,}, progressed {t['progressed']:,}, "
        f"not {t['not_progressed']:,}, won {t['won']:,}, lost {t['lost']:,}"
    )


def _matches(body: dict[str, Any], expected: MovementReport) -> bool:
    want = {r.key: (r.current.as_dict(), r.previous.as_dict()) for r in expected.rows}
    got = {r["key"]: (r["current"], r["previous"]) for r in body["rows"]}
    return got == want and body["total"]["current"] == expected.total.current.as_dict()


async def measure_all(
    client: httpx.AsyncClient,
    cfg: Config,
    g: Generated,
    today: date,
    past: date,
    expected: MovementReport,
) -> tuple[list[Figure], dict[str, Any]]:
    admin = await sign_in(client, ADMIN_EMAIL)
    manager = await sign_in(client, MANAGER_EMAIL)
    checks: dict[str, Any] = {}
    figures: list[Figure] = []
    current = f"{today:%Y-%m}"

    fig = Figure("admin", f"report {current} (current month) per type", REPORT_P95_MS)
    r = await measure(client, admin, fig, REPORT_PATH, {"month": current}, cfg.repeat)
    if r.status_code == 200:
        body = r.json()
        # Open at the end of this month (so far) = the projects whose status is open now.
        checks["open_now_equals_open_status"] = (
            body["total"]["current"]["open_at_end"] == g.statuses["open"]
        )
        fig.detail = _totals(body)
    figures.append(fig)

    fig = Figure("admin", f"report {past:%Y-%m} (past month) per type", REPORT_P95_MS)
    r = await measure(client, admin, fig, REPORT_PATH, {"month": f"{past:%Y-%m}"}, cfg.repeat)
    if r.status_code == 200:
        body = r.json()
        checks["past_month_equals_reference"] = _matches(body, expected)
        fig.detail = _totals(body) + (
            ", = reference" if checks["past_month_equals_reference"] else ", ≠ REFERENCE"
        )
    figures.append(fig)

    fig = Figure("admin", f"report {current} per region", REPORT_P95_MS)
    r = await measure(
        client, admin, fig, REPORT_PATH, {"month": current, "group_by": "region"}, cfg.repeat
    )
    if r.status_code == 200:
        fig.detail = f"{len(r.json()['rows'])} regions"
    figures.append(fig)

    fig = Figure("manager", f"report {current} per type (own unit and below)", REPORT_P95_MS)
    r = await measure(client, manager, fig, REPORT_PATH, {"month": current}, cfg.repeat)
    if r.status_code == 200:
        fig.detail = _totals(r.json())
    figures.append(fig)

    fig = Figure("admin", f"XLSX export {current} per type", EXPORT_P95_MS)
    r = await measure(client, admin, fig, f"{REPORT_PATH}.xlsx", {"month": current}, cfg.repeat)
    if r.status_code == 200:
        fig.detail = f"{len(r.content):,} bytes"
    figures.append(fig)

    # The kanban of the largest type.
    openapi = (await client.get(f"{API}/openapi.json")).json()
    largest = Counter(g.project_type.values()).most_common(1)[0][0]
    if KANBAN_PATH in openapi.get("paths", {}):
        fig = Figure("admin", "kanban, first page (largest type)", KANBAN_P95_MS)
        r = await measure(
            client, admin, fig, KANBAN_PATH, {"project_type_id": str(largest)}, cfg.repeat
        )
        if r.status_code == 200:
            fig.detail = _kanban_detail(r.json())
        figures.append(fig)
    elif LIST_PATH in openapi.get("paths", {}):
        fig = Figure("admin", "project list, first 50 (no kanban endpoint)", KANBAN_P95_MS)
        params = {"project_type_id": str(largest), "limit": 50}
        r = await measure(client, admin, fig, LIST_PATH, params, cfg.repeat)
        if r.status_code == 200:
            fig.detail = f"{len(r.json().get('items', []))} items"
        figures.append(fig)
    else:
        checks["kanban"] = "no /sales-projects endpoint yet: not measured"
    return figures, checks


def _kanban_detail(body: Any) -> str:
    if isinstance(body, dict):
        columns = body.get("columns") or body.get("stages") or []
        if isinstance(columns, list):
            cards = sum(
                len(c.get("items") or c.get("cards") or c.get("projects") or [])
                for c in columns
                if isinstance(c, dict)
            )
            return f"{len(columns)} columns, {cards} cards"
    return "ok"


_EXEC_TIME = re.compile(r"Execution Time: ([0-9.]+) ms")


async def explain_report(url: str, month: date) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS) of the report statement as the admin's persistence call
    builds it (scope: everything)."""
    from sqlalchemy.dialects import postgresql

    from domain.shared import Action, Depth, Principal
    from persistence.queries.movement import movement_statement

    admin = Principal(
        user_id=uuid.UUID(int=0),
        business_unit_id=uuid.UUID(int=0),
        privileges={("sales_project", Action.READ): Depth.ORGANISATION},
    )
    sql = str(
        movement_statement(admin, month, "type").compile(
            dialect=postgresql.dialect(),  # type: ignore[no-untyped-call]
            compile_kwargs={"literal_binds": True},
        )
    )
    conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
    try:
        times: list[float] = []
        plan: list[str] = []
        for _ in range(5):
            rows = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [r[0] for r in rows]
            m = _EXEC_TIME.search("\n".join(plan))
            if m:
                times.append(float(m.group(1)))
        return {
            "sql": sql,
            "plan": "\n".join(plan),
            "execution_ms_median": round(statistics.median(times), 2) if times else None,
        }
    finally:
        await conn.close()


async def data_facts(conn: asyncpg.Connection) -> dict[str, Any]:
    return {
        "projects": await conn.fetchval("SELECT count(*) FROM sales_projects"),
        "open_projects": await conn.fetchval(
            "SELECT count(*) FROM sales_projects WHERE status = 'open'"
        ),
        "project_events": await conn.fetchval("SELECT count(*) FROM project_events"),
        "project_stages": await conn.fetchval("SELECT count(*) FROM project_stages"),
        "accounts": await conn.fetchval("SELECT count(*) FROM accounts"),
        "first_event": str(await conn.fetchval("SELECT min(happened_on) FROM project_events")),
        "size": await conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))"),
    }


def report(figures: list[Figure], facts: dict[str, Any], timings: dict[str, float]) -> None:
    console.rule("[bold]Kumppani sales benchmark")
    console.print(
        f"{facts['projects']:,} projects ({facts['open_projects']:,} open), "
        f"{facts['project_events']:,} events since {facts['first_event']}, "
        f"{facts['project_stages']:,} stages, {facts['accounts']:,} accounts; database "
        f"{facts['size']}; demo seed {timings['seed']:.1f} s, projects generated "
        f"{timings['generate']:.1f} s and loaded {timings['load']:.1f} s"
    )
    table = Table(show_lines=False)
    for col in ("user", "figure", "p50 ms", "p95 ms", "target p95", "", "detail"):
        table.add_column(col)
    for f in figures:
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


async def bench(cfg: Config) -> int:
    name = f"kumppani_bench_sales_{os.getpid()}"
    url = f"postgresql+asyncpg://{cfg.pg_user}@{cfg.pg_host}:{cfg.pg_port}/{name}"
    env = {
        **os.environ,
        "KUMPPANI_DATABASE_URL": url,
        "KUMPPANI_ENVIRONMENT": "development",
        "KUMPPANI_LOG_LEVEL": "WARNING",
        "KUMPPANI_RUN_MIGRATIONS_ON_START": "false",
    }
    rng = random.Random(cfg.rng_seed)
    today = datetime.now(UTC).astimezone(HELSINKI).date()
    past = add_months(today.replace(day=1), -24)
    server: Server | None = None
    timings: dict[str, float] = {}
    try:
        await create_database(cfg, name)
    except (OSError, asyncpg.PostgresError) as exc:
        raise BenchError(f"cannot create the bench database: {exc}") from exc
    try:
        run_cli(env, "migrate", timeout=300)
        console.print(f"Seeding {cfg.accounts:,} demo accounts …")
        timings["seed"], _ = run_cli(
            env,
            "seed-demo",
            "--accounts",
            str(cfg.accounts),
            "--service-requests",
            "0",
            "--sales-projects",
            "0",  # the bench generates its own projects and checks the report against them
            timeout=cfg.seed_timeout,
        )
        conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
        try:
            users = await _users(conn)
            owners = users.get("sales", []) + users.get("manager", [])
            service = [u for u, _ in users.get("service", [])] or [u for u, _ in owners]
            if not owners:
                raise BenchError("the demo has no sales or manager users")
            accounts = [
                (r["id"], r["region"])
                for r in await conn.fetch("SELECT id, region FROM accounts ORDER BY id")
            ]
            types = await _types(conn, rng, datetime.now(UTC), [u for u, _ in owners], service)
            console.print(
                f"Generating {cfg.projects:,} projects and {cfg.events:,} events over "
                f"{cfg.years} years …"
            )
            started = time.perf_counter()
            g = generate(cfg, rng, today, types, owners, service, accounts)
            timings["generate"] = time.perf_counter() - started
            started = time.perf_counter()
            await load(conn, g)
            timings["load"] = time.perf_counter() - started
        finally:
            await conn.close()
        await vacuum_analyze(url)
        conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
        try:
            facts = await data_facts(conn)
        finally:
            await conn.close()
        console.print(f"Computing the {past:%Y-%m} report in plain Python (the reference) …")
        started = time.perf_counter()
        expected = reference(g, past)
        timings["reference"] = time.perf_counter() - started
        explain = await explain_report(url, today)
        server = Server(env, free_port(), RESULTS / "sales-server.log")
        server.start()
        await server.wait_ready()
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60.0) as client:
            figures, checks = await measure_all(client, cfg, g, today, past, expected)
        report(figures, facts, timings)
        console.print(
            f"Report SQL (EXPLAIN ANALYZE, admin, {today:%Y-%m}): "
            f"{explain['execution_ms_median']} ms median execution"
        )
        consistent = all(
            checks.get(k) is True
            for k in ("past_month_equals_reference", "open_now_equals_open_status")
        )
        ok = all(f.ok for f in figures) and consistent
        for k in ("past_month_equals_reference", "open_now_equals_open_status"):
            console.print(f"{k}: " + ("[green]yes[/green]" if checks.get(k) else "[red]NO[/red]"))
        for note in (v for v in checks.values() if isinstance(v, str)):
            console.print(f"[yellow]{note}[/yellow]")
        cfg.output.parent.mkdir(parents=True, exist_ok=True)
        cfg.output.write_text(
            json.dumps(
                {
                    "date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": machine(),
                    "config": {
                        k: (str(v) if isinstance(v, Path) else v) for k, v in cfg.__dict__.items()
                    },
                    "data": {**facts, "statuses": dict(g.statuses)},
                    "seconds": {k: round(v, 1) for k, v in timings.items()},
                    "figures": [f.summary() for f in figures],
                    "checks": checks,
                    "report_sql_execution_ms": explain["execution_ms_median"],
                    "ok": ok,
                },
                indent=2,
                ensure_ascii=False,
                default=str,
            )
            + "\n"
        )
        explain_txt = cfg.output.with_name("sales-explain-latest.txt")
        explain_txt.write_text(
            f"-- monthly movement {today:%Y-%m}, admin, per type "
            f"(median execution {explain['execution_ms_median']} ms)\n"
            f"{explain['sql']}\n\n{explain['plan']}\n"
        )
        console.print(f"Results: {cfg.output}  EXPLAIN: {explain_txt}")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.stop()
        try:
            await drop_database(cfg, name)
        except (OSError, asyncpg.PostgresError) as exc:
            console.print(f"[red]Could not drop {name}: {exc}[/red]")


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
