"""/auth: sign in with a password, rotate the refresh token, sign out; /me."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep, PrincipalDep, UowDep
from api.errors import ProblemException
from api.v1.schemas.identity import (
    MeOut,
    PrivilegeOut,
    RefreshRequest,
    RoleRef,
    TokenRequest,
    TokenResponse,
)
from domain.identity import services as identity
from domain.identity.services import Session
from domain.shared import NotFound

router = APIRouter(tags=["auth"])


def _tokens(c: ContainerDep, session: Session) -> TokenResponse:
    access, expires_in = c.tokens.issue(session.user.id, c.clock.now())
    return TokenResponse(
        access_token=access, refresh_token=session.refresh_token, expires_in=expires_in
    )


@router.post(
    "/auth/token",
    response_model=TokenResponse,
    summary="Sign in with e-mail and password",
    responses={401: {"description": "Wrong credentials"}, 429: {"description": "Rate limited"}},
)
async def token(
    body: TokenRequest, request: Request, c: ContainerDep, uow: UowDep
) -> TokenResponse:
    address = request.client.host if request.client else "unknown"
    wait = await c.limiter.hit(body.email, address)
    if wait is not None:
        raise ProblemException(
            429,
            f"Too many sign-in attempts. Try again in {wait} seconds.",
            code="rate-limited",
            headers={"Retry-After": str(wait)},
        )
    session = await identity.login(uow, c, c.passwords, body.email, body.password)
    return _tokens(c, session)


@router.post(
    "/auth/refresh",
    response_model=TokenResponse,
    summary="Exchange a refresh token for new tokens (the old one stops working)",
    responses={401: {"description": "Invalid, expired or reused refresh token"}},
)
async def refresh(body: RefreshRequest, c: ContainerDep, uow: UowDep) -> TokenResponse:
    session = await identity.refresh(uow, c, body.refresh_token)
    return _tokens(c, session)


@router.post("/auth/logout", status_code=204, summary="End the session of this refresh token")
async def logout(body: RefreshRequest, c: ContainerDep, uow: UowDep) -> Response:
    await identity.logout(uow, c, body.refresh_token)
    return Response(status_code=204)


@router.get("/me", response_model=MeOut, summary="The signed-in user and their privileges")
async def me(uow: UowDep, principal: PrincipalDep) -> MeOut:
    user = await uow.users.get(principal.user_id)
    if user is None:
        raise NotFound("user", principal.user_id)
    roles = await uow.roles.get_many(user.role_ids)
    return MeOut(
        id=user.id,
        email=user.email,
        name=user.name,
        locale=user.locale,
        business_unit_id=user.business_unit_id,
        roles=[RoleRef(id=r.id, name=r.name) for r in sorted(roles, key=lambda r: r.name)],
        privileges=[
            PrivilegeOut(entity=entity, action=action, depth=depth.label)
            for (entity, action), depth in sorted(principal.privileges.items())
            if depth.value > 0
        ],
        is_admin=principal.is_admin,
    )
