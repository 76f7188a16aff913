"""Sessions: sign-in with a password, refresh-token rotation with reuse detection, sign-out,
and the Principal that every request's access decisions are made from."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.identity.model import RefreshToken, User, subtree
from domain.identity.ports import IdentityUnitOfWork
from domain.shared import PasswordHasher, Principal, Runtime, Unauthenticated

REFRESH_TOKEN_LIFETIME = timedelta(days=14)

# A password hash to verify against when the e-mail is unknown, so that a login for an
# unknown address costs as long as one for a known address (no user enumeration by timing).
_DUMMY_PASSWORD = "not-a-real-password-but-long-enough"  # noqa: S105


def hash_refresh_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    user: User
    refresh_token: str
    refresh_expires_at: datetime


async def authenticate(
    uow: IdentityUnitOfWork, hasher: PasswordHasher, email: str, password: str
) -> User:
    user = await uow.users.get_by_email(email.strip().lower())
    if user is None:
        hasher.verify(_DUMMY_PASSWORD, hasher.hash(_DUMMY_PASSWORD))
        raise Unauthenticated("The e-mail address or password is wrong.")
    if not hasher.verify(password, user.password_hash) or not user.is_active:
        raise Unauthenticated("The e-mail address or password is wrong.")
    return user


async def _issue(
    uow: IdentityUnitOfWork, rt: Runtime, user: User, family_id: UUID | None = None
) -> Session:
    raw = secrets.token_urlsafe(32)
    now = rt.clock.now()
    token = RefreshToken(
        id=rt.ids.new_id(),
        family_id=family_id or rt.ids.new_id(),
        user_id=user.id,
        token_hash=hash_refresh_token(raw),
        issued_at=now,
        expires_at=now + REFRESH_TOKEN_LIFETIME,
    )
    await uow.refresh_tokens.add(token)
    return Session(user, raw, token.expires_at)


async def login(
    uow: IdentityUnitOfWork, rt: Runtime, hasher: PasswordHasher, email: str, password: str
) -> Session:
    user = await authenticate(uow, hasher, email, password)
    session = await _issue(uow, rt, user)
    await uow.commit()
    return session


async def refresh(uow: IdentityUnitOfWork, rt: Runtime, raw_token: str) -> Session:
    """Rotate a refresh token. Presenting a token that was already rotated means it leaked:
    the whole family (every token descended from that login) is revoked."""
    token = await uow.refresh_tokens.get_by_hash(hash_refresh_token(raw_token))
    now = rt.clock.now()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        raise Unauthenticated("The refresh token is not valid. Sign in again.")
    if token.used_at is not None or not await uow.refresh_tokens.mark_used(token, now):
        await uow.refresh_tokens.revoke_family(token.family_id, now)
        await uow.commit()
        raise Unauthenticated(
            "This refresh token was already used. For your safety the session was ended; "
            "sign in again."
        )
    user = await uow.users.get(token.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("The account is not active.")
    session = await _issue(uow, rt, user, token.family_id)
    await uow.commit()
    return session


async def logout(uow: IdentityUnitOfWork, rt: Runtime, raw_token: str) -> None:
    token = await uow.refresh_tokens.get_by_hash(hash_refresh_token(raw_token))
    if token is not None:
        await uow.refresh_tokens.revoke_family(token.family_id, rt.clock.now())
        await uow.commit()


async def principal_for(uow: IdentityUnitOfWork, user_id: UUID) -> Principal:
    """Everything access decisions need about a user, computed once per request."""
    user = await uow.users.get(user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("The account is not active.")
    roles = await uow.roles.get_many(user.role_ids)
    parents = await uow.business_units.parents()
    account_ids, editable_account_ids = await uow.teams.accounts_of(user.id)
    return Principal(
        user_id=user.id,
        business_unit_id=user.business_unit_id,
        name=user.name,
        team_member_ids=await uow.teams.teammates(user.id),
        unit_subtree_ids=subtree(user.business_unit_id, parents),
        privileges=Principal.merge(p for role in roles for p in role.privileges),
        role_names=frozenset(role.name for role in roles),
        queue_ids=await uow.teams.queues_of(user.id),
        account_ids=account_ids,
        editable_account_ids=editable_account_ids,
    )
