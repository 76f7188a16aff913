"""The composition root's container and the request dependencies built on it."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Header, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.errors import ProblemException
from api.security import Argon2Passwords, LoginLimiter, TokenService
from api.settings import Settings
from domain.identity import api_keys
from domain.identity import services as identity
from domain.shared import (
    FieldError,
    OfficeCalendar,
    Principal,
    SystemClock,
    Unauthenticated,
    UuidV7Factory,
    ValidationFailed,
)
from persistence.tables.platform import idempotency_keys
from persistence.uow import SqlUnitOfWork


class PrincipalCache:
    """Principals per user for a few seconds, so a request does not spend six queries on
    the caller's access rights. Admin writes clear it in this process at once; other
    processes see role, team, unit and deactivation changes within `ttl` seconds."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[Hashable, tuple[float, Principal]] = {}

    def get(self, key: Hashable) -> Principal | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key: Hashable, principal: Principal, valid_for: float | None = None) -> None:
        """Keep the principal for the TTL, or less when its credential expires sooner."""
        ttl = self.ttl if valid_for is None else min(self.ttl, valid_for)
        if ttl > 0:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[key] = (time.monotonic() + ttl, principal)

    def clear(self) -> None:
        self._entries.clear()


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    clock: SystemClock
    ids: UuidV7Factory
    passwords: Argon2Passwords
    tokens: TokenService
    limiter: LoginLimiter
    principals: PrincipalCache
    # Office hours and Finnish public holidays, for SLA arithmetic in working hours.
    calendar: OfficeCalendar = field(default_factory=OfficeCalendar)
    # Set after a commit that wrote outbox rows; the outbox sender waits on it (api/outbox.py).
    outbox_wakeup: asyncio.Event = field(default_factory=asyncio.Event)

    def wake_outbox(self) -> None:
        """Ask this process's outbox sender to run now rather than at its next tick."""
        self.outbox_wakeup.set()

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions, self.ids, on_outbox=self.wake_outbox)


def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


async def unit_of_work(c: Annotated[Container, Depends(container)]) -> AsyncIterator[SqlUnitOfWork]:
    async with c.uow() as uow:
        yield uow


bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/v1/auth/token")


async def current_principal(
    c: Annotated[Container, Depends(container)],
    uow: Annotated[SqlUnitOfWork, Depends(unit_of_work)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("Sign in: send 'Authorization: Bearer <access token or API key>'.")
    token = credentials.credentials
    if api_keys.looks_like_api_key(token):
        cache_key: Hashable = ("api-key", hashlib.sha256(token.encode()).hexdigest())
        principal = c.principals.get(cache_key)
        if principal is None:
            key, principal = await api_keys.principal_for_api_key(uow, c, token)
            left = (key.expires_at - c.clock.now()).total_seconds() if key.expires_at else None
            c.principals.put(cache_key, principal, left)
        return principal
    user_id = c.tokens.verify(token)
    principal = c.principals.get(user_id)
    if principal is None:
        principal = await identity.principal_for(uow, user_id)
        c.principals.put(user_id, principal)
    return principal


ContainerDep = Annotated[Container, Depends(container)]
UowDep = Annotated[SqlUnitOfWork, Depends(unit_of_work)]
PrincipalDep = Annotated[Principal, Depends(current_principal)]


# ---------------------------------------------------------------- ETag / If-Match


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def expected_version(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description="The ETag from your last GET; a stale one is refused with 412.",
        ),
    ] = None,
) -> int:
    if not if_match:
        raise ProblemException(
            428,
            "Send the record's ETag in If-Match so that concurrent edits are not lost.",
            code="precondition-required",
        )
    value = if_match.strip()
    value = value.removeprefix("W/")
    try:
        return int(value.strip('"'))
    except ValueError as exc:
        raise ProblemException(
            412, "The If-Match value is not an ETag of this record.", code="precondition-failed"
        ) from exc


IfMatch = Annotated[int, Depends(expected_version)]


def created(
    request: Request, record: Any, out: Any
) -> tuple[int, dict[str, object], dict[str, str]]:
    """A create's response: 201, the record as JSON, its ETag and its Location."""
    return (
        201,
        out.model_dump(mode="json"),
        {"ETag": etag(record.version), "Location": f"{request.url.path}/{record.id}"},
    )


# ---------------------------------------------------------------- Idempotency-Key


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Repeat a create safely: the same key with the same body returns the "
        "first response; with a different body, 422.",
    ),
]


async def idempotent(
    request: Request,
    c: Container,
    principal: Principal,
    key: str | None,
    create: Callable[[], Awaitable[tuple[int, dict[str, Any], dict[str, str]]]],
    *,
    redact: tuple[str, ...] = (),
) -> Response:
    """Run `create` once per (user, key); replay its stored response for repeats. Fields in
    `redact` (secrets shown once) are stored, and so replayed, as null."""
    body = await request.body()
    digest = hashlib.sha256(request.method.encode() + request.url.path.encode() + b"\0" + body)
    request_hash = digest.hexdigest()
    if key:
        async with c.sessions() as session:
            row = (
                (
                    await session.execute(
                        sa.select(idempotency_keys).where(
                            idempotency_keys.c.user_id == principal.user_id,
                            idempotency_keys.c.key == key,
                        )
                    )
                )
                .mappings()
                .first()
            )
        if row is not None:
            if row["request_hash"] != request_hash:
                raise ProblemException(
                    422,
                    "This Idempotency-Key was already used for a different request.",
                    code="idempotency-key-reused",
                )
            return Response(
                row["response_body"],
                status_code=row["status_code"],
                headers={**row["response_headers"], "Idempotent-Replayed": "true"},
                media_type="application/json",
            )
    status, payload, headers = await create()
    text = json.dumps(payload, default=str, separators=(",", ":"))
    if key:
        stored = (
            json.dumps({**payload, **dict.fromkeys(redact)}, default=str, separators=(",", ":"))
            if redact
            else text
        )
        async with c.sessions() as session:
            try:
                await session.execute(
                    sa.insert(idempotency_keys).values(
                        user_id=principal.user_id,
                        key=key,
                        method=request.method,
                        path=request.url.path,
                        request_hash=request_hash,
                        status_code=status,
                        response_body=stored,
                        response_headers=headers,
                        created_at=c.clock.now(),
                    )
                )
                await session.commit()
            except IntegrityError:
                await session.rollback()  # a concurrent twin stored it first; both created once
    return Response(text, status_code=status, headers=headers, media_type="application/json")


# ---------------------------------------------------------------- input hygiene


def refuse_nul(request: Request) -> None:
    """Query and path values with the NUL character are refused with 422 (PostgreSQL text
    cannot hold it; bodies are checked by the request models)."""
    for where, values in (("query", request.query_params), ("path", request.path_params)):
        for name, value in values.items():
            if "\x00" in str(value) or "\x00" in name:
                raise ValidationFailed(
                    [FieldError((where, name), "Text cannot contain the NUL character (U+0000).")]
                )
