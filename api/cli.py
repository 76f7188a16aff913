"""`kumppani` command line: serve, migrate, create-admin, seed-demo, openapi export, worker."""

from __future__ import annotations

import asyncio
import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.settings import ROOT, Settings, SettingsError, check_production, get_settings

app = typer.Typer(help="Kumppani CRM", no_args_is_help=True, add_completion=False)
openapi_app = typer.Typer(help="The OpenAPI contract", no_args_is_help=True)
app.add_typer(openapi_app, name="openapi")
console = Console(stderr=True)
OPENAPI_PATH = ROOT / "openapi" / "openapi.json"


def _ensure_sqlite_dir(url: str) -> None:
    if url.startswith("sqlite") and ":///" in url:
        path = Path(url.split(":///", 1)[1])
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)


def _settings_or_exit() -> Settings:
    settings = get_settings()
    try:
        check_production(settings)
    except SettingsError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if settings.is_production:
        from persistence.db import ping

        problem = asyncio.run(ping(settings.database_url))
        if problem is not None:
            console.print(
                "[red]Kumppani will not start in production mode: the database at "
                f"KUMPPANI_DATABASE_URL cannot be reached ({problem}).[/red]"
            )
            raise typer.Exit(2)
    return settings


@app.command()
def migrate() -> None:
    """Upgrade the database to the newest schema."""
    from persistence.migrate import upgrade

    settings = _settings_or_exit()
    _ensure_sqlite_dir(settings.database_url)
    try:
        upgrade(settings.database_url)
    except Exception as exc:
        console.print(f"[red]Migration failed: {exc}[/red]")
        raise typer.Exit(1) from exc
    console.print("[green]Database is at the newest schema.[/green]")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    migrate_first: Annotated[bool, typer.Option("--migrate", help="Run migrations first")] = False,
) -> None:
    """Serve the API and the web app."""
    import uvicorn

    settings = _settings_or_exit()
    if migrate_first or settings.run_migrations_on_start:
        migrate()
    console.print(f"Kumppani at [bold]http://{host}:{port}[/bold]  (API docs: /api/v1/docs)")
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_config=None,
        access_log=False,
    )


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(prompt=True)],
    name: Annotated[str, typer.Option(prompt=True)],
    password: Annotated[str | None, typer.Option(help="Prompted when not given")] = None,
) -> None:
    """Create an administrator (and the root unit and default roles on an empty database)."""
    from api.app import build_container
    from domain.identity import services as identity
    from domain.shared import DomainError
    from persistence.bootstrap import ensure_root
    from persistence.repositories.views import ensure_system_views

    settings = _settings_or_exit()
    secret = password or getpass.getpass("Password (at least 10 characters): ")

    async def run() -> None:
        c = build_container(settings)
        try:
            async with c.uow() as uow:
                root_id, roles = await ensure_root(uow, c.clock, c.ids)
            async with c.uow() as uow:
                await identity.create_user(
                    uow,
                    c,
                    c.passwords,
                    None,
                    email=email,
                    name=name,
                    password=secret,
                    business_unit_id=root_id,
                    role_ids=frozenset({roles["admin"]}),
                )
            async with c.uow() as uow:
                await ensure_system_views(uow.session, c.clock, c.ids)
        finally:
            await c.engine.dispose()

    try:
        asyncio.run(run())
    except DomainError as exc:
        console.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"[green]Administrator {email} created.[/green]")


@app.command("seed-demo")
def seed_demo(
    accounts: Annotated[int, typer.Option(min=1, max=2_000_000)] = 500,
    service_requests: Annotated[int, typer.Option(min=0, max=5_000_000)] = 300,
    sales_projects: Annotated[int, typer.Option(min=0, max=10_000)] = 80,
    busy_account_activities: Annotated[
        int, typer.Option(help="Activities on one account (the 360° timeline benchmark)")
    ] = 0,
    if_empty: Annotated[bool, typer.Option(help="Quietly skip when demo data exists")] = False,
) -> None:
    """Load the deterministic Finnish demo data set (once)."""
    from api.app import build_container
    from api.demo import DEMO_PASSWORD
    from api.demo import seed_demo as run_seed

    settings = _settings_or_exit()
    if settings.is_production:
        console.print("[red]Demo data is not loaded in production.[/red]")
        raise typer.Exit(2)

    async def run() -> None:
        c = build_container(settings)
        try:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as progress:
                tasks = {
                    "accounts": progress.add_task("Demo accounts", total=accounts),
                    "requests": progress.add_task("Service requests", total=service_requests),
                }
                result = await run_seed(
                    c,
                    accounts,
                    n_requests=service_requests,
                    n_projects=sales_projects,
                    busy_account_activities=busy_account_activities,
                    progress=lambda t, n: progress.advance(tasks[t], n),
                )
        finally:
            await c.engine.dispose()
        if not result.created:
            if not if_empty:
                console.print(f"Demo data is already loaded ({result.accounts} accounts).")
            return
        console.print(
            f"[green]Loaded {result.accounts} accounts, {result.contacts} contacts and "
            f"{service_requests} service requests.[/green]"
        )
        console.print(f"Demo logins (password [bold]{DEMO_PASSWORD}[/bold]):")
        for email, role in result.users:
            console.print(f"  {email:<42} {role}")

    asyncio.run(run())


@openapi_app.command("export")
def openapi_export(
    output: Annotated[Path, typer.Option(help="'-' for standard output")] = OPENAPI_PATH,
    check: Annotated[bool, typer.Option(help="Fail when the file differs")] = False,
) -> None:
    """Write the OpenAPI contract (openapi/openapi.json)."""
    from api.openapi import render

    text = render()
    if check:
        if not output.exists() or output.read_text() != text:
            console.print(f"[red]{output} is stale: run `kumppani openapi export`.[/red]")
            raise typer.Exit(1)
        console.print(f"{output} is up to date.")
        return
    if str(output) == "-":
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    console.print(f"Wrote {output}")


@app.command()
def worker(
    once: Annotated[bool, typer.Option(help="Run every periodic job once and exit")] = False,
) -> None:
    """Run background jobs (PostgreSQL: procrastinate; run as many workers as you like)."""
    from api.app import build_container
    from api.jobs import run_worker
    from api.logging import configure as configure_logging

    settings = _settings_or_exit()
    configure_logging(settings.log_level, settings.log_json)

    async def run() -> None:
        c = build_container(settings)
        try:
            await run_worker(c, once=once)
        finally:
            await c.engine.dispose()

    asyncio.run(run())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
