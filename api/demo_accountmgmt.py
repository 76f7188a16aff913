"""Demo data for account management: account teams with colleagues from other units, a few
customers without an account manager (management's list), passive accounts that ceased
trading, and one clear duplicate waiting to be merged — so that each screen has something to
show on a fresh `make run` — and an approved care plan for each of the classes A, B and C.
Everything goes through the use cases. Deterministic."""

from __future__ import annotations

import random
from uuid import UUID

import sqlalchemy as sa

from api.deps import Container
from domain import careplans
from domain.accounts import (
    AccountInput,
    AccountLink,
    ContactInput,
    TeamAccess,
    normalise_name,
    passivation,
    team,
)
from domain.accounts import services as accounts_services
from domain.careplans import Channel, Frequency, ResponsibleKind, Touch
from domain.identity import services as identity
from domain.shared import Principal
from persistence.tables.accounts import account_team_roles, accounts
from persistence.tables.activities import activity_types
from persistence.tables.identity import users

PASSIVE_REASONS = (
    "Konkurssi 2025",
    "Toiminta lopetettu",
    "Sulautui toiseen yhtiöön",
)


async def seed_account_management(c: Container, admin_id: UUID, *, seed: int = 2026) -> None:
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data
    async with c.uow() as uow:
        principal = await identity.principal_for(uow, admin_id)
        s = uow.session
        rows = (
            await s.execute(
                sa.select(accounts.c.id, accounts.c.name, accounts.c.business_unit_id)
                .where(accounts.c.business_id.is_not(None))
                .order_by(accounts.c.sort_name, accounts.c.id)
            )
        ).all()
        people = (
            await s.execute(
                sa.select(users.c.id, users.c.business_unit_id)
                .where(users.c.is_active, users.c.id != admin_id, users.c.email.not_like("integ%"))
                .order_by(users.c.email)
            )
        ).all()
        roles = list(
            await s.scalars(
                sa.select(account_team_roles.c.id)
                .where(account_team_roles.c.is_active)
                .order_by(account_team_roles.c.sort_order)
            )
        )
    if len(rows) < 12 or not people:
        return
    picked = rng.sample(rows, 12)
    teamed, unmanaged, passive = picked[:6], picked[6:9], picked[9:]

    for account_id, _name, unit_id in teamed:
        others = [p for p in people if p.business_unit_id != unit_id] or people
        for user_id, _ in rng.sample(others, min(len(others), rng.randint(1, 3))):
            async with c.uow() as uow:
                current = await accounts_services.get_account(uow, principal, account_id)
                await team.put_member(
                    uow,
                    c,
                    principal,
                    account_id,
                    user_id,
                    access=rng.choice([TeamAccess.READ, TeamAccess.EDIT]),
                    role_id=rng.choice(roles) if roles else None,
                    expected_version=current.version,
                )
    for account_id, _name, _unit in unmanaged:
        async with c.uow() as uow:
            current = await accounts_services.get_account(uow, principal, account_id)
            await accounts_services.update_account(
                uow, c, principal, account_id, {"account_manager_id": None}, current.version
            )
    for (account_id, _name, _unit), reason in zip(passive, PASSIVE_REASONS, strict=True):
        async with c.uow() as uow:
            current = await accounts_services.get_account(uow, principal, account_id)
            await passivation.passivate_account(
                uow, c, principal, account_id, reason, current.version
            )

    # The duplicate: the first teamed account again, as "KONE" is to "Kone Oyj".
    original_id, original_name, _unit = teamed[0]
    async with c.uow() as uow:
        duplicate = await accounts_services.create_account(
            uow,
            c,
            principal,
            AccountInput(
                # Without its legal form (a word that normalises to nothing), in capitals.
                name=" ".join(w for w in original_name.split() if normalise_name(w)).upper(),
                phone="+358401112233",
                tags=("tarkista",),
            ),
        )
    async with c.uow() as uow:
        await accounts_services.create_contact(
            uow,
            c,
            principal,
            ContactInput(
                first_name="Outi",
                last_name="Ostaja",
                title="Ostopäällikkö",
                accounts=(AccountLink(duplicate.id, "Ostaja"), AccountLink(original_id)),
            ),
        )
    await seed_care_plans(c, principal)


# The institute's care plans per class (hoitosuunnitelmat): what each class of customer gets.
# (activity type key, channel, frequency, months, description)
CARE_PLANS: tuple[tuple[str, str, tuple[tuple[str, str, str, tuple[int, ...], str], ...]], ...] = (
    (
        "A",
        "A-asiakkaat: viikoittainen yhteydenpito",
        (
            ("call", "phone", "weekly", (), "Viikkoyhteydenotto asiakasvastaavalta"),
            ("visit", "visit", "quarterly", (), "Asiakaskäynti: tavoitteet ja sovitut toimet"),
            ("seminar", "event", "months", (3, 9), "Kutsu kevään ja syksyn pääseminaariin"),
            ("email", "newsletter", "monthly", (), "Uutiskirje"),
        ),
    ),
    (
        "B",
        "B-asiakkaat: kuukausittainen yhteydenpito",
        (
            ("call", "phone", "monthly", (), "Kuukausisoitto"),
            ("meeting", "meeting", "yearly", (), "Vuosipalaveri"),
        ),
    ),
    (
        "C",
        "C-asiakkaat: neljännesvuosittain",
        (("email", "email", "quarterly", (), "Ajankohtaiset koulutukset sähköpostilla"),),
    ),
)


async def seed_care_plans(c: Container, principal: Principal) -> None:
    """An approved care plan for each of the classes A, B and C (every business unit)."""
    async with c.uow() as uow:
        types = dict(
            (await uow.session.execute(sa.select(activity_types.c.key, activity_types.c.id))).all()
        )
    for account_class, name, touches in CARE_PLANS:
        async with c.uow() as uow:
            plan = await careplans.plans.create_plan(
                uow,
                c,
                principal,
                careplans.plans.PlanInput(
                    name=name,
                    account_class=account_class,
                    touches=[
                        Touch(
                            id=c.ids.new_id(),
                            activity_type_id=types[kind],
                            channel=Channel(channel),
                            frequency=Frequency(frequency),
                            months=months,
                            responsible=ResponsibleKind.ACCOUNT_MANAGER,
                            description=text,
                        )
                        for kind, channel, frequency, months, text in touches
                    ],
                ),
            )
        async with c.uow() as uow:
            await careplans.plans.approve_plan(uow, c, principal, plan.id, plan.version)
