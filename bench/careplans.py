"""Care-plan benchmark: a year of planned activities for 10,000 accounts on PostgreSQL.

    .venv/bin/python -m bench.careplans           # or: make bench
    .venv/bin/python -m bench.careplans --accounts 1000   # a quick run

1. Creates a fresh database `--database` (default `kumppani_bench_careplans`; dropped first
   when it exists) on 127.0.0.1:5432 and migrates it with Alembic.
2. Through the domain services, as the API and the demo seed do: the root unit, three
   business units, an administrator, a manager (who writes and approves the plans) and
   account managers (`sales` role, about one per 400 accounts) in every unit; `--accounts`
   accounts (`domain.accounts.services.new_account`, stored with their history and
   changes-feed rows by `persistence.bulk.add_records`), each with an account manager of
   its unit, and a class drawn with a fixed seed — A 10 %, B 30 %, C 60 %. The class is
   set on the column directly (the class-change approval flow is another area's; the
   care-plan tests do the same).
3. Four plans, created and approved with `domain.careplans.plans`:
   - A (every unit): a call every week, a visit every quarter, an event invitation in March
     and Christmas greetings in December;
   - B (every unit): a call every month;
   - B of the first unit (wins over the every-unit one there): a call every month and a
     visit once a year;
   - C (every unit): an e-mail every quarter.
4. Times the nightly job itself (`api.jobs.care_plan_generation`, the real container,
   `KUMPPANI_CARE_PLAN_HORIZON_DAYS` = `--horizon`, default 365): every planned activity of
   the year, each with its history line, changes-feed row and tracking row, in one
   transaction. Checks that the number created equals the periods the plans give
   (`domain.careplans.model.periods`) and the rows in the database, then runs the job again:
   it must create and cancel nothing (idempotency), and that run is timed too.
5. Prints the figures against the budget (first run under 120 s) and drops the database
   (`--keep` keeps it).

Exit status: 0 when the budget is met and the checks hold, 1 otherwise, 2 when the bench
could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import asyncpg
import sqlalchemy as sa
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.app import build_container
from api.demo import FIRST_NAMES, INDUSTRIES, LAST_NAMES, NAME_PARTS, NAME_TRADES, business_id
from api.deps import Container
from api.jobs import care_plan_generation
from api.settings import Settings
from bench.run import create_database, drop_database, vacuum_analyze
from domain.accounts import AccountStatus
from domain.accounts import services as account_services
from domain.accounts.services import AccountInput
from domain.careplans import plans as plan_services
from domain.careplans.generation import applying_plan
from domain.careplans.model import (
    CarePlan,
    Channel,
    Frequency,
    ResponsibleKind,
    Touch,
    office_date,
    periods,
)
from domain.careplans.ports import TargetAccount
from domain.identity import services as identity
from domain.shared import Principal
from persistence import migrate
from persistence.bootstrap import ensure_root
from persistence.bulk import add_records
from persistence.tables.accounts import accounts
from persistence.tables.activities import activities
from persistence.tables.careplans import care_plan_activities

BUDGET_SECONDS = 120.0
PASSWORD = "bench-password-123"  # noqa: S105 - a throwaway database on loopback
UNITS = ("Energia", "Teollisuus", "Koulutus")
CLASSES = (("A", 0.10), ("B", 0.30), ("C", 0.60))
ACCOUNTS_PER_MANAGER = 400
BATCH = 1000


@dataclass(frozen=True)
class Config:
    accounts: int
    horizon: int
    database: str
    keep: bool
    rng_seed: int
    pg_host: str
    pg_port: int
    pg_user: str

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://{self.pg_user}@{self.pg_host}:{self.pg_port}/{self.database}"


def parse_args(argv: Sequence[str] | None = None) -> Config:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--accounts", type=int, default=10_000)
    p.add_argument("--horizon", type=int, default=365, help="days ahead (the job's horizon)")
    p.add_argument("--database", default="kumppani_bench_careplans")
    p.add_argument("--keep", action="store_true", help="keep the database at the end")
    p.add_argument("--rng-seed", type=int, default=2026)
    p.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    p.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    p.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    a = p.parse_args(argv)
    return Config(
        a.accounts, a.horizon, a.database, a.keep, a.rng_seed, a.pg_host, a.pg_port, a.pg_user
    )


async def _user(
    c: Container, by: Principal | None, email: str, name: str, unit: UUID, role: UUID
) -> UUID:
    async with c.uow() as uow:
        user = await identity.create_user(
            uow,
            c,
            c.passwords,
            by,
            email=email,
            name=name,
            password=PASSWORD,
            business_unit_id=unit,
            role_ids=frozenset({role}),
        )
    return user.id


async def _principal(c: Container, user_id: UUID) -> Principal:
    async with c.uow() as uow:
        return await identity.principal_for(uow, user_id)


async def setup(
    cfg: Config, c: Container
) -> tuple[Principal, list[UUID], Counter[tuple[str, UUID]]]:
    """Units, users and accounts; answers the manager, the units and the accounts per
    (class, unit)."""
    rng = random.Random(cfg.rng_seed)
    async with c.uow() as uow:
        root_id, roles = await ensure_root(uow, c.clock, c.ids, "Kumppani-konserni")
    admin = await _principal(
        c,
        await _user(
            c, None, "bench.admin@kumppani.example", "Bench Admin", root_id, roles["admin"]
        ),
    )
    unit_ids = []
    for name in UNITS:
        async with c.uow() as uow:
            unit = await identity.create_business_unit(uow, c, admin, name=name, parent_id=root_id)
            unit_ids.append(unit.id)
    manager_id = await _user(
        c, admin, "mirja.manager@kumppani.example", "Mirja Esimies", root_id, roles["manager"]
    )
    per_unit = max(1, round(cfg.accounts / len(UNITS) / ACCOUNTS_PER_MANAGER))
    managers: list[list[UUID]] = []
    for u, unit_id in enumerate(unit_ids):
        ids = []
        for n in range(per_unit):
            name = (
                f"{FIRST_NAMES[(u * 7 + n) % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]}"
            )
            ids.append(
                await _user(c, admin, f"am{u}.{n}@kumppani.example", name, unit_id, roles["sales"])
            )
        managers.append(ids)
    spread: Counter[tuple[str, UUID]] = Counter()
    columns = [TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, TimeElapsedColumn()) as progress:
        task = progress.add_task("accounts", total=cfg.accounts)
        for start in range(0, cfg.accounts, BATCH):
            batch, classes = [], []
            for n in range(start, min(cfg.accounts, start + BATCH)):
                u = rng.randrange(len(UNITS))
                am = rng.choice(managers[u])
                words = (rng.choice(NAME_PARTS), rng.choice(NAME_TRADES), rng.choice(LAST_NAMES))
                name = " ".join(words) + " Oy"
                batch.append(
                    account_services.new_account(
                        c,
                        AccountInput(
                            name=name,
                            status=AccountStatus.CUSTOMER,
                            business_id=business_id(n),
                            industry_code=rng.choice(INDUSTRIES),
                            size_class=rng.randint(1, 9),
                            account_manager_id=am,
                        ),
                        am,
                        unit_ids[u],
                    )
                )
                cls = rng.choices([k for k, _ in CLASSES], [w for _, w in CLASSES])[0]
                classes.append(cls)
                spread[(cls, unit_ids[u])] += 1
            async with c.uow() as uow:
                now = c.clock.now()
                await add_records(uow, c.ids, "account", batch, admin.user_id, now)
                for cls in {k for k, _ in CLASSES}:
                    await uow.session.execute(
                        sa.update(accounts)
                        .where(
                            accounts.c.id.in_(
                                [a.id for a, k in zip(batch, classes, strict=True) if k == cls]
                            )
                        )
                        .values(account_class=cls, account_class_since=now)
                    )
                await uow.commit()
            progress.advance(task, len(batch))
    return await _principal(c, manager_id), unit_ids, spread


async def make_plans(c: Container, manager: Principal, energia: UUID) -> list[CarePlan]:
    async with c.uow() as uow:
        rows = await uow.session.execute(sa.text("SELECT key, id FROM activity_types"))
        types: dict[str, UUID] = {key: type_id for key, type_id in rows}
    call, visit, email, meeting = types["call"], types["visit"], types["email"], types["meeting"]

    def touch(
        kind: UUID, channel: Channel, frequency: Frequency, text: str, months: tuple[int, ...] = ()
    ) -> Touch:
        return Touch(
            id=c.ids.new_id(),
            activity_type_id=kind,
            channel=channel,
            frequency=frequency,
            responsible=ResponsibleKind.ACCOUNT_MANAGER,
            description=text,
            months=months,
        )

    wanted = [
        plan_services.PlanInput(
            name="A-asiakkaat",
            account_class="A",
            touches=[
                touch(call, Channel.PHONE, Frequency.WEEKLY, "Viikkosoitto"),
                touch(visit, Channel.VISIT, Frequency.QUARTERLY, "Asiakaskäynti"),
                touch(
                    meeting,
                    Channel.EVENT,
                    Frequency.MONTHS,
                    "Messukutsu ja joulutervehdys",
                    (3, 12),
                ),
            ],
        ),
        plan_services.PlanInput(
            name="B-asiakkaat",
            account_class="B",
            touches=[touch(call, Channel.PHONE, Frequency.MONTHLY, "Kuukausisoitto")],
        ),
        plan_services.PlanInput(
            name="B-asiakkaat, Energia",
            account_class="B",
            business_unit_id=energia,
            touches=[
                touch(call, Channel.PHONE, Frequency.MONTHLY, "Kuukausisoitto"),
                touch(visit, Channel.VISIT, Frequency.YEARLY, "Vuosikäynti"),
            ],
        ),
        plan_services.PlanInput(
            name="C-asiakkaat",
            account_class="C",
            touches=[touch(email, Channel.EMAIL, Frequency.QUARTERLY, "Neljännesvuosiviesti")],
        ),
    ]
    made = []
    for data in wanted:
        async with c.uow() as uow:
            plan = await plan_services.create_plan(uow, c, manager, data)
        async with c.uow() as uow:
            made.append(await plan_services.approve_plan(uow, c, manager, plan.id, plan.version))
    return made


def expected_activities(
    plans: list[CarePlan], spread: Counter[tuple[str, UUID]], c: Container, horizon: int
) -> int:
    """What the plans ask for: per class and unit, the applying plan's periods in the horizon."""
    today = office_date(c.clock.now())
    last = today + timedelta(days=horizon)
    total = 0
    for (cls, unit_id), n in spread.items():
        probe = TargetAccount(c.ids.new_id(), "", cls, unit_id, c.ids.new_id(), None)
        plan = applying_plan(plans, probe)
        if plan is None or plan.current is None:
            continue
        total += n * sum(len(periods(t, today, last)) for t in plan.current.touches)
    return total


async def bench(cfg: Config) -> int:
    await create_database(cfg, cfg.database)
    c = build_container(Settings(database_url=cfg.url, care_plan_horizon_days=cfg.horizon))
    try:
        await asyncio.to_thread(migrate.upgrade, cfg.url)
        started = time.perf_counter()
        manager, unit_ids, spread = await setup(cfg, c)
        plans = await make_plans(c, manager, unit_ids[0])
        await vacuum_analyze(cfg.url)
        per_class = Counter[str]()
        for (cls, _u), n in spread.items():
            per_class[cls] += n
        print(
            f"set up {cfg.accounts:,} accounts (A {per_class['A']:,}, B {per_class['B']:,}, "
            f"C {per_class['C']:,}) and {len(plans)} approved plans in "
            f"{time.perf_counter() - started:.1f} s"
        )
        expected = expected_activities(plans, spread, c, cfg.horizon)

        started = time.perf_counter()
        first = await care_plan_generation(c)
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        again = await care_plan_generation(c)
        rerun = time.perf_counter() - started

        async with c.uow() as uow:
            in_db = await uow.session.scalar(sa.select(sa.func.count()).select_from(activities))
            tracked = await uow.session.scalar(
                sa.select(sa.func.count()).select_from(care_plan_activities)
            )
        checks = {
            f"created = the plans' periods ({expected:,})": first["created"] == expected,
            f"activities in the database = created ({in_db:,})": in_db == first["created"],
            f"tracking rows = created ({tracked:,})": tracked == first["created"],
            "re-run created 0, cancelled 0": (again["created"], again["cancelled"]) == (0, 0),
        }
        ok = elapsed < BUDGET_SECONDS and all(checks.values())
        print(f"\nhorizon {cfg.horizon} days, {first['accounts']:,} accounts with a class")
        print(f"{'run':<30}{'created':>10}{'cancelled':>11}{'elapsed':>11}")
        for label, run, seconds in (
            ("first (a year of touches)", first, elapsed),
            ("re-run (idempotent)", again, rerun),
        ):
            print(f"{label:<30}{run['created']:>10,}{run['cancelled']:>11,}{seconds:>10.1f}s")
        if first["created"]:
            print(f"{elapsed / first['created'] * 1e6:.0f} µs per activity created")
        for name, held in checks.items():
            print(f"check: {name}: {'ok' if held else 'FAILED'}")
        print(
            f"\nfirst run {elapsed:.1f} s — budget {BUDGET_SECONDS:.0f} s: "
            f"{'PASS' if elapsed < BUDGET_SECONDS else 'FAIL'}"
        )
        return 0 if ok else 1
    finally:
        await c.engine.dispose()
        if not cfg.keep:
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
