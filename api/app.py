"""The app factory and composition root: settings → engine → container → routers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles

from api import errors
from api.deps import Container, PrincipalCache, refuse_nul
from api.jobs import run_in_api
from api.logging import configure as configure_logging
from api.middleware import RequestIdMiddleware
from api.security import Argon2Passwords, LoginLimiter, TokenService
from api.settings import Settings, check_production, get_settings
from api.v1 import (
    account_classes,
    account_management,
    account_requests,
    account_team_roles,
    account_upsert,
    accounts,
    activities,
    activity_types,
    api_keys,
    auth,
    business_units,
    calendar,
    campaigns,
    care_plans,
    changes,
    classifications,
    contacts,
    filter_search,
    lead_reports,
    lead_setup,
    leads,
    marketing_lists,
    movement_report,
    my_work,
    notifications,
    offer_reports,
    offer_types,
    offers,
    orders,
    pipeline,
    products,
    project_imports,
    project_types,
    public_lead_forms,
    queues,
    regions,
    roles,
    sales_projects,
    sales_targets,
    segments,
    service_reports,
    service_requests,
    service_search,
    subjects,
    teams,
    timeline,
    users,
    views,
)
from domain.shared import SystemClock, UuidV7Factory
from persistence import migrate
from persistence.db import create_engine, session_factory

API_PREFIX = "/api/v1"
DESCRIPTION = """Kumppani CRM API.

Conventions: keyset pagination (`limit` ≤ 200, `cursor` = `next_cursor` of the previous page),
`ETag` on reads and `If-Match` required on PATCH (412 when stale), `Idempotency-Key` on POST,
RFC 9457 `application/problem+json` on every error, `X-Request-ID` on every response."""


def build_container(settings: Settings) -> Container:
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    return Container(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        clock=SystemClock(),
        ids=UuidV7Factory(),
        passwords=Argon2Passwords(),
        tokens=TokenService(settings),
        limiter=LoginLimiter(settings),
        principals=PrincipalCache(settings.principal_cache_seconds),
    )


def api_router() -> APIRouter:
    # No route sees a NUL character in its query or path (bodies: api.v1.schemas.common.In).
    router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(refuse_nul)])
    for module in (
        auth,
        users,
        business_units,
        teams,
        roles,
        api_keys,
        filter_search,  # before accounts/contacts: /accounts/search is not an id
        account_classes,  # segmentation: before accounts (/accounts/class-review)
        accounts,
        contacts,
        changes,
        activities,
        timeline,
        my_work,
        notifications,
        subjects,
        queues,
        service_search,  # before service_requests: /service-requests/search is not an id
        service_requests,
        views,
        service_reports,
        sales_projects,  # its /stages and /kanban reads are declared before /{project_id}
        pipeline,
        movement_report,
        project_types,
        project_imports,
        # groundwork for leads and account management
        products,
        regions,
        activity_types,
        calendar,  # activities extended: a user's calendar
        # offers and orders
        offer_types,
        offers,
        orders,
        sales_targets,
        offer_reports,
        # account management: teams, passivation, merges, account-team roles
        account_management,
        account_team_roles,
        # leads
        leads,
        lead_setup,
        public_lead_forms,
        account_requests,
        account_upsert,
        lead_reports,
        # filters and classifications
        classifications,
        # marketing
        marketing_lists,
        campaigns,
        # segmentation
        segments,
        # care plans
        care_plans,
    ):
        router.include_router(module.router)
    return router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    check_production(settings)
    configure_logging(settings.log_level, settings.log_json)
    container = build_container(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Embedded mode has no separate worker: this process runs the periodic jobs. On
        # PostgreSQL it only sends the outbox as soon as a request commits mail (api/jobs.py).
        background = settings.environment != "test"
        jobs = asyncio.create_task(run_in_api(container)) if background else None
        yield
        if jobs is not None:
            jobs.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await jobs
        await container.engine.dispose()

    app = FastAPI(
        title="Kumppani",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.container = container
    errors.install(app)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = errors.document_problems(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["ETag", "X-Request-ID", "Location"],
        )
    app.add_middleware(RequestIdMiddleware)
    app.include_router(api_router())
    _health(app, container)
    _spa(app, settings.spa_dir)
    return app


def _health(app: FastAPI, container: Container) -> None:
    @app.get("/healthz", tags=["operations"], summary="The process is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="Database reachable and migrated to head",
        responses={503: {"description": "Not ready"}},
    )
    async def readyz(request: Request) -> Response:
        try:
            current = await migrate.current_revision(container.engine)
        except Exception as exc:  # any failure to reach the database means not ready
            return errors.problem(
                request,
                503,
                "not-ready",
                "Not ready",
                f"The database cannot be reached: {type(exc).__name__}.",
            )
        problem = migrate.schema_problem(current)
        if problem is not None:
            return errors.problem(request, 503, "not-ready", "Not ready", problem)
        return JSONResponse({"status": "ready", "migration": current})


def _spa(app: FastAPI, spa_dir: Path) -> None:
    """Serve the built SPA at / with history fallback; /api stays the API."""
    index = spa_dir / "index.html"
    assets = spa_dir / "assets"
    if assets.is_dir():
        app.mount("/assets", StaticFiles(directory=assets), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str, request: Request) -> Response:  # sync: file checks run in a thread
        if path.startswith("api/") or path == "api":
            return errors.problem(
                request, 404, "not-found", "Not found", f"There is nothing at {request.url.path}."
            )
        candidate = (spa_dir / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(spa_dir.resolve()):
            return FileResponse(candidate)
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return errors.problem(
            request,
            404,
            "not-found",
            "Not found",
            "The web app has not been built: run `make run` or `npm run build` in frontend/.",
        )
