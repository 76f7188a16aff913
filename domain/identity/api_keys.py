"""API keys for integrations: made by an administrator for a user, limited to scopes,
revocable, optionally expiring. The key acts as its user within the scopes, so the user's
own privileges and depths still bound what it reaches."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from domain.identity.model import API_KEY_PREFIX, ApiKey
from domain.identity.ports import IdentityUnitOfWork
from domain.identity.sessions import principal_for
from domain.shared import (
    ADMIN_ENTITIES,
    Action,
    InvalidTransition,
    NotFound,
    Operation,
    Principal,
    Runtime,
    Unauthenticated,
    ValidationFailed,
    record_write,
    snapshot,
)
from domain.shared.audit import BOOKKEEPING

API_KEY = "api_key"
ENTITIES = (
    "account",
    "contact",
    *ADMIN_ENTITIES,
    API_KEY,
    # leads: integrations capture leads and the billing integration completes requests
    "lead",
    "account_creation_request",
)
SECRET_FIELDS = frozenset({"secret_hash", "lookup"})
# Touching last_used_at on every request would turn reads into writes; once a minute is enough.
TOUCH_EVERY = timedelta(minutes=1)


def parse_scopes(scopes: Iterable[str]) -> frozenset[str]:
    """ "entity:action" pairs of known entities and actions; anything else is refused."""
    valid = {f"{e}:{a.value}" for e in ENTITIES for a in Action}
    chosen = frozenset(s.strip() for s in scopes)
    unknown = sorted(chosen - valid)
    if unknown:
        raise ValidationFailed.field(
            "scopes",
            f"Unknown scopes: {', '.join(unknown)}. A scope is entity:action, e.g. account:read.",
        )
    if not chosen:
        raise ValidationFailed.field("scopes", "Give the key at least one scope.")
    return chosen


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # the whole key, shown once


async def create_api_key(
    uow: IdentityUnitOfWork,
    rt: Runtime,
    principal: Principal,
    *,
    name: str,
    user_id: UUID,
    scopes: Iterable[str],
    expires_at: datetime | None,
) -> IssuedKey:
    user = await uow.users.get(user_id)
    if user is None or not principal.allows("user", Action.READ, user.id, user.business_unit_id):
        raise ValidationFailed.field("user_id", "No such user.")
    principal.require_on(API_KEY, Action.CREATE, user.id, user.business_unit_id)
    now = rt.clock.now()
    if expires_at is not None and expires_at <= now:
        raise ValidationFailed.field("expires_at", "The expiry must be in the future.")
    lookup = secrets.token_hex(6)  # no "_" in it: "_" separates it from the secret
    token = f"{API_KEY_PREFIX}{lookup}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        id=rt.ids.new_id(),
        name=name.strip(),
        user_id=user.id,
        business_unit_id=user.business_unit_id,
        lookup=lookup,
        secret_hash=_digest(token),
        scopes=parse_scopes(scopes),
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
        expires_at=expires_at,
    )
    await uow.api_keys.add(key)
    await record_write(
        uow.audit,
        entity=API_KEY,
        record=key,
        operation=Operation.CREATE,
        before=None,
        by=principal.user_id,
        at=now,
        owner_id=key.user_id,
        business_unit_id=key.business_unit_id,
        secret_fields=SECRET_FIELDS,
    )
    await uow.commit()
    return IssuedKey(key, token)


async def get_api_key(uow: IdentityUnitOfWork, principal: Principal, key_id: UUID) -> ApiKey:
    key = await uow.api_keys.get(key_id)
    if key is None or not principal.allows(API_KEY, Action.READ, key.user_id, key.business_unit_id):
        raise NotFound(API_KEY, key_id)
    return key


async def revoke_api_key(
    uow: IdentityUnitOfWork, rt: Runtime, principal: Principal, key_id: UUID
) -> ApiKey:
    key = await get_api_key(uow, principal, key_id)
    principal.require_on(API_KEY, Action.UPDATE, key.user_id, key.business_unit_id)
    if key.revoked_at is not None:
        raise InvalidTransition("The key is already revoked.")
    before = snapshot(key, BOOKKEEPING | SECRET_FIELDS)
    now = rt.clock.now()
    expected = key.version
    key.revoked_at, key.updated_at, key.version = now, now, key.version + 1
    await uow.api_keys.update(key, expected)
    await record_write(
        uow.audit,
        entity=API_KEY,
        record=key,
        operation=Operation.UPDATE,
        before=before,
        by=principal.user_id,
        at=now,
        owner_id=key.user_id,
        business_unit_id=key.business_unit_id,
        secret_fields=SECRET_FIELDS,
    )
    await uow.commit()
    return key


def looks_like_api_key(token: str) -> bool:
    return token.startswith(API_KEY_PREFIX)


async def principal_for_api_key(
    uow: IdentityUnitOfWork, rt: Runtime, token: str
) -> tuple[ApiKey, Principal]:
    """The key's user, with privileges cut down to the key's scopes."""
    refused = Unauthenticated("The API key is not valid, has expired or was revoked.")
    lookup, _, rest = token.removeprefix(API_KEY_PREFIX).partition("_")
    if not lookup or not rest or len(token) > 200:
        raise refused
    key = await uow.api_keys.get_by_lookup(lookup)
    now = rt.clock.now()
    if key is None or not hmac.compare_digest(key.secret_hash, _digest(token)):
        raise refused
    if not key.is_usable(now):
        raise refused
    if key.last_used_at is None or now - key.last_used_at > TOUCH_EVERY:
        await uow.api_keys.touch(key.id, now)
        await uow.commit()
    user_principal = await principal_for(uow, key.user_id)
    privileges = {
        (entity, action): depth
        for (entity, action), depth in user_principal.privileges.items()
        if f"{entity}:{action.value}" in key.scopes
    }
    return key, replace(user_principal, privileges=privileges)
