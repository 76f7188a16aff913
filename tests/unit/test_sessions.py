"""Sessions: refresh tokens rotate, and a reused (leaked) token ends the whole session."""

from __future__ import annotations

from uuid import UUID

import pytest
from fakes import FakeHasher, FakeRuntime, FakeUnitOfWork

from domain.identity import BusinessUnit, Role
from domain.identity import services as identity
from domain.identity.services import hash_refresh_token
from domain.shared import Conflict, Unauthenticated, ValidationFailed

pytestmark = pytest.mark.unit

PASSWORD = "correct-horse-battery"


@pytest.fixture
def rt() -> FakeRuntime:
    return FakeRuntime()


@pytest.fixture
async def uow(rt: FakeRuntime) -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    now = rt.clock.now()
    await fake.business_units.add(BusinessUnit(UUID(int=1), "Root", None, now, now))
    await fake.roles.add(Role(UUID(int=2), "sales", (), now, now))
    await identity.create_user(
        fake,
        rt,
        FakeHasher(),
        None,
        email="Maija@Example.FI",
        name="Maija",
        password=PASSWORD,
        business_unit_id=UUID(int=1),
        role_ids=frozenset({UUID(int=2)}),
    )
    return fake


async def test_login_with_the_right_password_opens_a_session(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    session = await identity.login(uow, rt, FakeHasher(), "maija@example.fi", PASSWORD)
    assert session.user.email == "maija@example.fi"
    stored = await uow.refresh_tokens.get_by_hash(hash_refresh_token(session.refresh_token))
    assert stored is not None
    assert stored.token_hash != session.refresh_token  # only the hash is kept


@pytest.mark.parametrize(
    ("email", "password"),
    [("maija@example.fi", "wrong-password"), ("nobody@example.fi", PASSWORD)],
)
async def test_a_wrong_password_or_unknown_email_gives_the_same_error(
    uow: FakeUnitOfWork, rt: FakeRuntime, email: str, password: str
) -> None:
    with pytest.raises(Unauthenticated) as err:
        await identity.login(uow, rt, FakeHasher(), email, password)
    assert err.value.detail == "The e-mail address or password is wrong."


async def test_refresh_rotates_the_token_within_the_same_family(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    first = await identity.login(uow, rt, FakeHasher(), "maija@example.fi", PASSWORD)
    second = await identity.refresh(uow, rt, first.refresh_token)
    assert second.refresh_token != first.refresh_token
    old = await uow.refresh_tokens.get_by_hash(hash_refresh_token(first.refresh_token))
    new = await uow.refresh_tokens.get_by_hash(hash_refresh_token(second.refresh_token))
    assert old is not None
    assert new is not None
    assert old.used_at is not None
    assert new.family_id == old.family_id
    third = await identity.refresh(uow, rt, second.refresh_token)
    assert third.refresh_token not in {first.refresh_token, second.refresh_token}


async def test_reusing_a_rotated_token_revokes_the_whole_family(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    first = await identity.login(uow, rt, FakeHasher(), "maija@example.fi", PASSWORD)
    other_device = await identity.login(uow, rt, FakeHasher(), "maija@example.fi", PASSWORD)
    second = await identity.refresh(uow, rt, first.refresh_token)
    with pytest.raises(Unauthenticated, match="already used"):
        await identity.refresh(uow, rt, first.refresh_token)
    with pytest.raises(Unauthenticated):
        await identity.refresh(uow, rt, second.refresh_token)  # the newer one died with it
    # Another login (another family) is untouched.
    assert await identity.refresh(uow, rt, other_device.refresh_token)


async def test_an_expired_refresh_token_is_refused(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    session = await identity.login(uow, rt, FakeHasher(), "maija@example.fi", PASSWORD)
    rt.clock.advance(days=15)
    with pytest.raises(Unauthenticated):
        await identity.refresh(uow, rt, session.refresh_token)


async def test_logout_ends_the_session(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    session = await identity.login(uow, rt, FakeHasher(), "maija@example.fi", PASSWORD)
    await identity.logout(uow, rt, session.refresh_token)
    with pytest.raises(Unauthenticated):
        await identity.refresh(uow, rt, session.refresh_token)
    await identity.logout(uow, rt, "not-a-token")  # unknown tokens are quietly ignored


async def test_a_deactivated_user_cannot_sign_in(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    user = await uow.users.get_by_email("maija@example.fi")
    assert user is not None
    user.is_active = False
    await uow.users.update(user, user.version)
    with pytest.raises(Unauthenticated):
        await identity.login(uow, rt, FakeHasher(), "maija@example.fi", PASSWORD)


async def test_user_emails_are_unique_case_insensitively_and_passwords_have_a_minimum(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    common = {"name": "X", "business_unit_id": UUID(int=1), "role_ids": frozenset()}
    with pytest.raises(Conflict):
        await identity.create_user(
            uow, rt, FakeHasher(), None, email="MAIJA@example.fi", password=PASSWORD, **common
        )
    with pytest.raises(ValidationFailed) as err:
        await identity.create_user(
            uow, rt, FakeHasher(), None, email="new@example.fi", password="short", **common
        )
    assert err.value.errors[0].loc == ("password",)
