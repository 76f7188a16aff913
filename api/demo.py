"""`kumppani seed-demo`: a deterministic Finnish demo data set.

Three business units under the root, an admin and twelve users covering every role, and
accounts with valid business IDs, Finnish names, municipalities and three contacts each.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

import sqlalchemy as sa

from api.demo_accountmgmt import seed_account_management
from api.demo_catalog import seed_catalog
from api.demo_leads import seed_leads
from api.demo_offers import seed_offers
from api.demo_sales import seed_sales
from api.demo_service import GENERAL_CUSTOMER, seed_service
from api.deps import Container
from domain.accounts import (
    AccountInput,
    AccountLink,
    AccountStatus,
    AccountType,
    Address,
    Contact,
    Language,
)
from domain.accounts import services as account_services
from domain.identity import Locale
from domain.identity import services as identity
from persistence.bootstrap import ensure_root
from persistence.bulk import add_records
from persistence.repositories.views import ensure_system_views
from persistence.tables.accounts import accounts
from persistence.tables.identity import users

DEMO_PASSWORD = "kumppani-demo"  # noqa: S105 - published demo login, refused in production
ADMIN_EMAIL = "admin@kumppani.example"
BATCH = 1000

UNITS = ("Energia", "Teollisuus", "Koulutus")
ROLE_USERS = (  # two users per role, spread over the three units
    ("manager", "Mirja Mäkinen", 0),
    ("manager", "Pekka Heikkinen", 1),
    ("sales", "Sanna Virtanen", 0),
    ("sales", "Juha Korhonen", 1),
    ("service", "Aino Nieminen", 0),
    ("service", "Ville Lehtonen", 2),
    ("read-only", "Leena Hämäläinen", 2),
    ("read-only", "Timo Laine", 1),
    ("integration", "Integraatio ERP", 0),
    ("integration", "Integraatio Laskutus", 1),
    ("admin", "Kaisa Järvinen", 2),
    ("sales", "Matti Koskinen", 2),
)
FIRST_NAMES = (
    "Anna",
    "Aino",
    "Eeva",
    "Helmi",
    "Johanna",
    "Kaisa",
    "Laura",
    "Maria",
    "Minna",
    "Noora",
    "Sari",
    "Tiina",
    "Antti",
    "Eero",
    "Heikki",
    "Janne",
    "Jukka",
    "Kari",
    "Lauri",
    "Mikko",
    "Olli",
    "Pasi",
    "Risto",
    "Tapio",
    "Ville",
    "Juho",
    "Elina",
)
LAST_NAMES = (
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Salo",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
)
PLACES = (  # municipality, region (maakunta)
    ("Helsinki", "Uusimaa"),
    ("Espoo", "Uusimaa"),
    ("Vantaa", "Uusimaa"),
    ("Tampere", "Pirkanmaa"),
    ("Turku", "Varsinais-Suomi"),
    ("Oulu", "Pohjois-Pohjanmaa"),
    ("Jyväskylä", "Keski-Suomi"),
    ("Kuopio", "Pohjois-Savo"),
    ("Lahti", "Päijät-Häme"),
    ("Pori", "Satakunta"),
    ("Joensuu", "Pohjois-Karjala"),
    ("Lappeenranta", "Etelä-Karjala"),
    ("Vaasa", "Pohjanmaa"),
    ("Seinäjoki", "Etelä-Pohjanmaa"),
    ("Rovaniemi", "Lappi"),
    ("Kotka", "Kymenlaakso"),
    ("Hämeenlinna", "Kanta-Häme"),
    ("Mikkeli", "Etelä-Savo"),
    ("Kajaani", "Kainuu"),
    ("Kokkola", "Keski-Pohjanmaa"),
)
NAME_PARTS = (
    "Pohjolan",
    "Järvi",
    "Metsä",
    "Kivi",
    "Sampo",
    "Aalto",
    "Revontuli",
    "Saimaan",
    "Lapin",
    "Koski",
    "Tunturi",
    "Kallio",
    "Meri",
    "Suomen",
    "Hämeen",
    "Savon",
    "Karjalan",
    "Pohjanmaan",
    "Kaleva",
    "Ilmarinen",
    "Väinö",
    "Aurora",
    "Lumi",
    "Valo",
    "Tuuli",
)
NAME_TRADES = (
    "Energia",
    "Rakennus",
    "Metalli",
    "Logistiikka",
    "Konepaja",
    "Puutuote",
    "Sähkö",
    "Lämpö",
    "Ohjelmistot",
    "Kuljetus",
    "Koulutus",
    "Kiinteistöt",
    "Elintarvike",
    "Muovi",
    "Teknologia",
    "Konsultointi",
    "Huolto",
    "Maanrakennus",
    "Vesihuolto",
)
LEGAL = (
    ("Oy", AccountType.COMPANY, 70),
    ("Oyj", AccountType.COMPANY, 3),
    ("Ky", AccountType.COMPANY, 7),
    ("ry", AccountType.ASSOCIATION, 10),
    ("kuntayhtymä", AccountType.PUBLIC_BODY, 5),
    ("osuuskunta", AccountType.OTHER, 5),
)
INDUSTRIES = (
    "35110",
    "41200",
    "25620",
    "49410",
    "16230",
    "43210",
    "35300",
    "62010",
    "85590",
    "68200",
    "10710",
    "22290",
    "71121",
    "33120",
    "43120",
    "36000",
)
STREETS = (
    "Mannerheimintie",
    "Hämeenkatu",
    "Kauppakatu",
    "Rautatienkatu",
    "Asemakatu",
    "Teollisuustie",
    "Satamakatu",
    "Koulukatu",
    "Puistokatu",
    "Torikatu",
    "Rantatie",
    "Kirkkokatu",
    "Tehtaankatu",
    "Pajatie",
    "Myllytie",
    "Sahatie",
    "Urheilukatu",
)
ROLES_AT_ACCOUNT = (
    "Toimitusjohtaja",
    "Talousjohtaja",
    "Ostopäällikkö",
    "Tekninen johtaja",
    "Kiinteistöpäällikkö",
    "HR-päällikkö",
    "Asiantuntija",
    None,
)


def business_id(n: int) -> str:
    """The n-th valid Finnish business ID of a deterministic sequence (skips impossible ones)."""
    weights = (7, 9, 10, 5, 8, 4, 2)
    base = 2_000_000 + n * 7
    while True:
        digits = f"{base:07d}"
        r = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if r != 1:
            return f"{digits}-{0 if r == 0 else 11 - r}"
        base += 1


@dataclass
class DemoResult:
    created: bool
    accounts: int
    contacts: int
    users: list[tuple[str, str]]


async def seed_demo(
    c: Container,
    n_accounts: int = 500,
    *,
    n_requests: int = 300,
    n_projects: int = 80,
    busy_account_activities: int = 0,
    seed: int = 2026,
    progress: Callable[[str, int], None] | None = None,
) -> DemoResult:
    """Load the demo set once; a second run (admin exists) changes nothing."""
    rng = random.Random(seed)  # noqa: S311 - deterministic: the same data on every machine
    step = progress or (lambda _task, _n: None)
    async with c.uow() as uow:
        if await uow.users.get_by_email(ADMIN_EMAIL) is not None:
            count = await uow.session.scalar(sa.select(sa.func.count()).select_from(accounts))
            return DemoResult(False, int(count or 0), 0, [])
        root_id, role_ids = await ensure_root(uow, c.clock, c.ids, "Kumppani-konserni")
    logins: list[tuple[str, str]] = []
    async with c.uow() as uow:
        admin = await identity.create_user(
            uow,
            c,
            c.passwords,
            None,
            email=ADMIN_EMAIL,
            name="Ylläpitäjä Admin",
            password=DEMO_PASSWORD,
            business_unit_id=root_id,
            role_ids=frozenset({role_ids["admin"]}),
            locale=Locale.FI,
        )
        logins.append((ADMIN_EMAIL, "admin"))
    async with c.uow() as uow:
        await ensure_system_views(uow.session, c.clock, c.ids, owner_id=admin.id)
    async with c.uow() as uow:
        principal = await identity.principal_for(uow, admin.id)
    unit_ids: list[UUID] = []
    for name in UNITS:
        async with c.uow() as uow:
            unit = await identity.create_business_unit(
                uow, c, principal, name=name, parent_id=root_id
            )
            unit_ids.append(unit.id)
    people: list[tuple[UUID, UUID]] = []  # (user id, unit id) of users who own records
    service_people: list[UUID] = []  # customer service: owners of requests, queue members
    sellers: list[UUID] = []  # owners of sales projects, default stage responsibles
    for i, (role, name, unit_index) in enumerate(ROLE_USERS):
        first = name.split()[0].lower().replace("ä", "a").replace("ö", "o")
        email = f"{first}.{role.replace('-', '')}{i}@kumppani.example"
        async with c.uow() as uow:
            user = await identity.create_user(
                uow,
                c,
                c.passwords,
                principal,
                email=email,
                name=name,
                password=DEMO_PASSWORD,
                business_unit_id=unit_ids[unit_index],
                role_ids=frozenset({role_ids[role]}),
                locale=Locale.FI if i % 4 else Locale.EN,
            )
        logins.append((email, role))
        if role in {"sales", "manager", "service"}:
            people.append((user.id, user.business_unit_id))
        if role in {"service", "manager"}:
            service_people.append(user.id)
        if role in {"sales", "manager"}:
            sellers.append(user.id)
    async with c.uow() as uow:
        for unit_index, unit_id in enumerate(unit_ids):
            members = frozenset(uid for uid, uid_unit in people if uid_unit == unit_id)
            await identity.create_team(
                uow,
                c,
                principal,
                name=f"{UNITS[unit_index]} myynti",
                business_unit_id=unit_id,
                member_ids=members,
            )
    n_contacts = 0
    weights = [w for _, _, w in LEGAL]
    for start in range(0, n_accounts, BATCH):
        batch_accounts = []
        batch_contacts = []
        for n in range(start, min(start + BATCH, n_accounts)):
            owner_id, unit_id = people[rng.randrange(len(people))]
            legal, kind, _ = rng.choices(LEGAL, weights)[0]
            municipality, region = PLACES[rng.randrange(len(PLACES))]
            name = f"{rng.choice(NAME_PARTS)} {rng.choice(NAME_TRADES)} {legal}"
            street = f"{rng.choice(STREETS)} {rng.randint(1, 99)}"
            address = Address(
                street, f"{rng.randint(0, 99):02d}{rng.randint(100, 999)}", municipality
            )
            account = account_services.new_account(
                c,
                AccountInput(
                    name=name,
                    type=kind,
                    status=rng.choice(list(AccountStatus)),
                    business_id=business_id(n),
                    industry_code=rng.choice(INDUSTRIES),
                    size_class=rng.randint(0, 9),
                    region=region,
                    municipality=municipality,
                    visiting_address=address,
                    postal_address=address,
                    phone=f"+35850{rng.randint(1000000, 9999999)}",
                    email=f"info{n}@{name.split()[0].lower()}.example".replace("ä", "a").replace(
                        "ö", "o"
                    ),
                    tags=tuple(
                        rng.sample(
                            ("avainasiakas", "kumppani", "toimittaja", "julkinen", "uusi"),
                            k=rng.randint(0, 2),
                        )
                    ),
                    account_manager_id=owner_id,
                ),
                owner_id,
                unit_id,
            )
            batch_accounts.append(account)
            for k in range(3):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                now = c.clock.now()
                batch_contacts.append(
                    Contact(
                        id=c.ids.new_id(),
                        first_name=first,
                        last_name=last,
                        owner_id=owner_id,
                        business_unit_id=unit_id,
                        created_at=now,
                        updated_at=now,
                        title=ROLES_AT_ACCOUNT[(n + k) % len(ROLES_AT_ACCOUNT)],
                        email=f"{first}.{last}.{n}{k}@example.fi".lower()
                        .replace("ä", "a")
                        .replace("ö", "o"),
                        phone=f"+35840{rng.randint(1000000, 9999999)}",
                        preferred_language=Language.SV if rng.random() < 0.06 else Language.FI,
                        accounts=(AccountLink(account.id, ROLES_AT_ACCOUNT[(n + k) % 8]),),
                    )
                )
        async with c.uow() as uow:
            now = c.clock.now()
            await add_records(uow, c.ids, "account", batch_accounts, admin.id, now)
            await add_records(uow, c.ids, "contact", batch_contacts, admin.id, now)
            await uow.commit()
        n_contacts += len(batch_contacts)
        step("accounts", len(batch_accounts))
    async with c.uow() as uow:
        general = account_services.new_account(
            c,
            AccountInput(
                name=GENERAL_CUSTOMER, type=AccountType.OTHER, status=AccountStatus.CUSTOMER
            ),
            admin.id,
            root_id,
        )
        await add_records(uow, c.ids, "account", [general], admin.id, c.clock.now())
        await uow.commit()
    await seed_service(
        c,
        admin.id,
        service_people,
        n_requests,
        seed=seed,
        busy_account_activities=busy_account_activities,
        progress=lambda n: step("requests", n),
    )
    await seed_sales(c, admin.id, sellers, n_projects, seed=seed)
    await seed_catalog(c, admin.id)
    await seed_offers(c, admin.id, sellers, seed=seed)
    await seed_account_management(c, admin.id, seed=seed)
    await seed_leads(c, admin.id, seed=seed)
    return DemoResult(True, n_accounts, n_contacts, logins)


async def demo_admin_exists(c: Container) -> bool:
    async with c.sessions() as session:
        return bool(await session.scalar(sa.select(users.c.id).where(users.c.email == ADMIN_EMAIL)))
