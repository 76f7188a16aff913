"""Shared fixtures: one migrated database per run, a clean state per test, and factories that
build data through the HTTP API or the domain services (never raw SQL).

The database comes from KUMPPANI_TEST_DATABASE_URL (the Makefile passes a fresh PostgreSQL
database); without it, a SQLite file in a pytest temporary directory. This file never
creates or drops databases.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import settings as hypothesis_settings
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from api.app import create_app
from api.deps import Container
from api.security import Argon2Passwords
from api.settings import Settings
from domain.identity import services as identity
from persistence import migrate
from persistence.bootstrap import ensure_root
from persistence.tables import metadata

# Properties are about results, not speed: CI shares two cores with builds and databases, so
# hypothesis' per-example deadline would only add flakiness. Speed is measured in bench/.
hypothesis_settings.register_profile("kumppani", deadline=None, print_blob=True)
hypothesis_settings.load_profile("kumppani")

API = "/api/v1"
PASSWORD = "correct-horse-battery-staple"
DB_MARKERS = ("api", "integration", "contract")

_serial = itertools.count(1)


def unique(prefix: str) -> str:
    """A short unique label, so that names and e-mails never collide within a run."""
    return f"{prefix}-{next(_serial)}"


def settings_for(url: str) -> Settings:
    return Settings(
        environment="test",
        database_url=url,
        log_json=False,
        log_level="WARNING",
        login_rate_per_account="5/minute",
        login_rate_per_address="1000/minute",
    )


# ------------------------------------------------------------------ session: database and app


def fast_argon2(passwords: Argon2Passwords) -> None:
    """Still argon2id, with the cheapest parameters: production cost (~0.4 s a hash on the
    CI machine) would dominate a suite that signs users in for every test."""
    passwords._hash = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The configured database, migrated to head once (sync: alembic runs its own loop)."""
    url = os.environ.get("KUMPPANI_TEST_DATABASE_URL") or (
        f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'kumppani-test.db'}"
    )
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def app_settings(database_url: str) -> Settings:
    return settings_for(database_url)


@pytest.fixture(scope="session")
def app_factory(app_settings: Settings) -> Callable[[], FastAPI]:
    """A new app instance on the test database (each has its own engine and limiter)."""

    def _create() -> FastAPI:
        application = create_app(app_settings)
        fast_argon2(application.state.container.passwords)
        return application

    return _create


@pytest.fixture(scope="session")
async def app(app_factory: Callable[[], FastAPI]) -> AsyncIterator[FastAPI]:
    application = app_factory()
    yield application
    await application.state.container.engine.dispose()


@pytest.fixture(scope="session")
def container(app: FastAPI) -> Container:
    return app.state.container  # type: ignore[no-any-return]


# ------------------------------------------------------------------ per test: a clean state


@dataclass(frozen=True)
class World:
    """What every test starts with: the root unit and the default roles."""

    root_id: UUID
    role_ids: dict[str, UUID]


@pytest.fixture(scope="session")
async def seeded_rows(container: Container) -> dict[str, list[dict[str, Any]]]:
    """What the migrations seed (activity types, regions and municipalities, team roles…),
    read once from the freshly migrated database, so that each test starts with it."""
    seeded: dict[str, list[dict[str, Any]]] = {}
    async with container.engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = (await conn.execute(table.select())).mappings().all()
            if rows:
                seeded[table.name] = [dict(r) for r in rows]
    return seeded


@pytest.fixture
async def world(container: Container, seeded_rows: dict[str, list[dict[str, Any]]]) -> World:
    async with container.engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            await conn.execute(table.delete())
        for table in metadata.sorted_tables:
            if table.name in seeded_rows:
                await conn.execute(table.insert(), seeded_rows[table.name])
    await container.limiter.reset()
    async with container.uow() as uow:
        root_id, role_ids = await ensure_root(uow, container.clock, container.ids)
    return World(root_id, role_ids)


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest) -> None:
    """Tests that touch the database get an empty one with only the bootstrap data."""
    if any(request.node.get_closest_marker(m) for m in DB_MARKERS):
        request.getfixturevalue("world")


# ------------------------------------------------------------------ HTTP client and factories


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


Headers = dict[str, str]
Login = Callable[[str, str], Awaitable[Headers]]


@pytest.fixture
def login(client: httpx.AsyncClient) -> Login:
    async def _login(email: str, password: str = PASSWORD) -> Headers:
        resp = await client.post(f"{API}/auth/token", json={"email": email, "password": password})
        assert resp.status_code == 200, resp.text
        return {"Authorization": f"Bearer {resp.json()['access_token']}"}

    return _login


@dataclass(frozen=True)
class AdminUser:
    id: UUID
    email: str
    password: str


@pytest.fixture
async def admin(container: Container, world: World) -> AdminUser:
    """An administrator created the way `kumppani create-admin` does it."""
    email = f"{unique('admin')}@testi.kumppani.fi"
    async with container.uow() as uow:
        user = await identity.create_user(
            uow,
            container,
            container.passwords,
            None,
            email=email,
            name="Ada Admin",
            password=PASSWORD,
            business_unit_id=world.root_id,
            role_ids=frozenset({world.role_ids["admin"]}),
        )
    return AdminUser(user.id, email, PASSWORD)


@pytest.fixture
async def admin_headers(admin: AdminUser, login: Login) -> Headers:
    return await login(admin.email, admin.password)


@pytest.fixture
def make_unit(
    client: httpx.AsyncClient, admin_headers: Headers, world: World
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def _make(name: str | None = None, parent_id: UUID | str | None = None) -> dict[str, Any]:
        body = {"name": name or unique("Unit"), "parent_id": str(parent_id or world.root_id)}
        resp = await client.post(f"{API}/business-units", json=body, headers=admin_headers)
        assert resp.status_code == 201, resp.text
        return resp.json()  # type: ignore[no-any-return]

    return _make


@pytest.fixture
def role_id(
    client: httpx.AsyncClient, admin_headers: Headers, world: World
) -> Callable[[str], Awaitable[str]]:
    async def _role_id(name: str) -> str:
        if name in world.role_ids:
            return str(world.role_ids[name])
        resp = await client.get(f"{API}/roles", params={"q": name}, headers=admin_headers)
        assert resp.status_code == 200, resp.text
        matches = [r["id"] for r in resp.json()["items"] if r["name"] == name]
        assert matches, f"no role named {name!r}"
        return str(matches[0])

    return _role_id


@pytest.fixture
def make_user(
    client: httpx.AsyncClient,
    admin_headers: Headers,
    world: World,
    login: Login,
    role_id: Callable[[str], Awaitable[str]],
) -> Callable[..., Awaitable[tuple[dict[str, Any], Headers]]]:
    """A user with one role in a unit (root by default), created by the admin over the API,
    and the headers of that user signed in."""

    async def _make(
        role_name: str = "sales",
        business_unit_id: UUID | str | None = None,
        *,
        name: str | None = None,
    ) -> tuple[dict[str, Any], Headers]:
        email = f"{unique(role_name)}@testi.kumppani.fi"
        body = {
            "email": email,
            "name": name or f"User {email.split('@')[0]}",
            "password": PASSWORD,
            "business_unit_id": str(business_unit_id or world.root_id),
            "role_ids": [await role_id(role_name)],
        }
        resp = await client.post(f"{API}/users", json=body, headers=admin_headers)
        assert resp.status_code == 201, resp.text
        return resp.json(), await login(email, PASSWORD)

    return _make


@pytest.fixture
def make_account(client: httpx.AsyncClient) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def _make(headers: Headers, **fields: Any) -> dict[str, Any]:
        body = {"name": unique("Testiyhtiö Oy"), **fields}
        resp = await client.post(f"{API}/accounts", json=body, headers=headers)
        assert resp.status_code == 201, resp.text
        return resp.json()  # type: ignore[no-any-return]

    return _make


@pytest.fixture
def make_contact(client: httpx.AsyncClient) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def _make(headers: Headers, **fields: Any) -> dict[str, Any]:
        body = {"first_name": "Maija", "last_name": unique("Meikäläinen"), **fields}
        resp = await client.post(f"{API}/contacts", json=body, headers=headers)
        assert resp.status_code == 201, resp.text
        return resp.json()  # type: ignore[no-any-return]

    return _make
