"""Demo data for offers and orders: the institute's fields of education under the training
group with their courses, about two years of offers by the demo salespeople (won ones became
orders, some lost with a reason, some still open — a few past their validity), the ERP's
orders for a handful of key customers (well over 20,000 EUR a year each, so that a suggested
class A shows), and every salesperson's euro targets for this year and the last.

Everything goes through the offers' own use cases with a clock set to the day it happened, so
numbers, history and the rules are those of data entered by hand. Deterministic."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

import sqlalchemy as sa

from api.deps import Container
from domain.catalog import ProductGroupInput, ProductInput, ProductKind
from domain.catalog import services as catalog
from domain.identity import services as identity
from domain.offers import LineInput, OfferStatus, OrderStatus, offers, orders, targets, today
from domain.offers.model import ZONE
from domain.offers.ports import OfferPolicy
from domain.shared import IdFactory, Principal
from persistence.tables.accounts import accounts
from persistence.tables.catalog import product_groups, products
from persistence.tables.identity import users
from persistence.tables.offers import offer_types

# Fields of education (koulutusalat) under the training group, with their courses:
# fi, en, sv, [(code, fi, en, sv, unit, price)]
FIELDS = [
    (
        "Tekniikka ja liikenne",
        "Technology and transport",
        "Teknik och trafik",
        [
            (
                "EDU-WELD",
                "Hitsauksen täydennyskoulutus",
                "Welding refresher",
                "Svetsning, fortbildning",
                "pv",
                "420.00",
            ),
            ("EDU-HOT", "Tulityökortti", "Hot work licence", "Heta arbeten-kort", "hlö", "95.00"),
            (
                "EDU-ELEC",
                "Sähköturvallisuus SFS 6002",
                "Electrical safety",
                "Elsäkerhet",
                "hlö",
                "180.00",
            ),
        ],
    ),
    (
        "Sosiaali- ja terveysala",
        "Social and health care",
        "Social- och hälsovård",
        [
            (
                "EDU-MED",
                "Lääkehoidon osaaminen",
                "Medication competence",
                "Läkemedelsbehandling",
                "hlö",
                "240.00",
            ),
            ("EDU-FIRST", "Ensiapu EA1", "First aid EA1", "Första hjälpen FHJ1", "hlö", "150.00"),
        ],
    ),
    (
        "Liiketalous ja hallinto",
        "Business and administration",
        "Handel och administration",
        [
            (
                "EDU-LEAD",
                "Esimiestyön valmennus",
                "Leadership coaching",
                "Chefscoaching",
                "pv",
                "690.00",
            ),
            (
                "EDU-CUST",
                "Asiakaspalvelun erikoisammattitutkinto",
                "Customer service qualification",
                "Specialyrkesexamen i kundservice",
                "opiskelija",
                "2800.00",
            ),
        ],
    ),
]
TYPE_OF = {  # product code → offer type key
    "EDU-APPR": "apprenticeship",
    "EDU-LABOUR": "labour_policy_training",
    "EDU-CUST": "apprenticeship",
    "SOLUTION": "service_order",
}
TITLES = {
    "apprenticeship": ("Oppisopimuskoulutus, {n} opiskelijaa", "Oppisopimus: tutkintokoulutus"),
    "labour_policy_training": ("Työvoimakoulutus, muuntokoulutus", "Työvoimakoulutus {n} hlö"),
    "staff_training": ("Henkilöstökoulutus: {p}", "Koulutuspaketti {n} hlö", "{p}, räätälöity"),
    "service_order": ("Palvelutilaus: {p}", "Asiantuntijapalvelu"),
}
LOST_REASONS = (
    "Asiakas valitsi toisen kouluttajan",
    "Hinta liian korkea",
    "Koulutustarve siirtyi ensi vuoteen",
    "Rahoitus ei järjestynyt",
)
N_OFFERS = 140
KEY_ACCOUNTS_PER_SELLER = 1
DAYS = 640


@dataclass(frozen=True)
class _At:
    """A clock stopped at one moment: each record is made on the day it happened."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment


@dataclass(frozen=True)
class _Runtime:
    clock: _At
    ids: IdFactory


def _on(c: Container, day: date, rng: random.Random) -> _Runtime:
    """The runtime of a use case run on `day` during office hours (never after now)."""
    at = datetime.combine(day, time(rng.randint(8, 15), rng.randint(0, 59)), tzinfo=ZONE)
    return _Runtime(_At(min(at, c.clock.now())), c.ids)


@dataclass
class _Seller:
    id: UUID
    unit_id: UUID
    principal: Principal
    accounts: list[UUID] = field(default_factory=list)


async def _training_products(c: Container, admin: Principal) -> list[tuple[str, UUID, str, str]]:
    """The fields of education (children of the training group) and their courses; answers
    every training product as (code, id, offer type key, name)."""
    async with c.uow() as uow:
        parent = await uow.session.scalar(
            sa.select(product_groups.c.id).where(product_groups.c.name == "Koulutus")
        )
    for position, (fi, en, sv, courses) in enumerate(FIELDS):
        async with c.uow() as uow:
            group = await catalog.create_product_group(
                uow,
                c,
                admin,
                ProductGroupInput(
                    name=fi, name_en=en, name_sv=sv, parent_id=parent, sort_order=position
                ),
            )
        for code, name, name_en, name_sv, unit, price in courses:
            async with c.uow() as uow:
                await catalog.create_product(
                    uow,
                    c,
                    admin,
                    ProductInput(
                        name=name,
                        name_en=name_en,
                        name_sv=name_sv,
                        code=code,
                        kind=ProductKind.SERVICE,
                        product_group_id=group.id,
                        unit=unit,
                        unit_price=Decimal(price),
                    ),
                )
    async with c.uow() as uow:
        rows = await uow.session.execute(
            sa.select(products.c.code, products.c.id, products.c.name)
            .where(sa.or_(products.c.code.like("EDU-%"), products.c.code == "SOLUTION"))
            .order_by(products.c.code)
        )
        return [(r.code, r.id, TYPE_OF.get(r.code, "staff_training"), r.name) for r in rows]


def _lines(
    rng: random.Random, chosen: Sequence[tuple[str, UUID, str, str]]
) -> tuple[LineInput, ...]:
    lines = []
    for _code, product_id, _key, _name in chosen:
        quantity = Decimal(rng.choice((1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20)))
        discount = Decimal(rng.choice((0, 0, 0, 5, 10, 15)))
        lines.append(LineInput(quantity=quantity, product_id=product_id, discount_percent=discount))
    if rng.random() < 0.2:  # a tailored part has no product
        lines.append(
            LineInput(
                quantity=Decimal(1),
                name="Räätälöity sisältö ja materiaalit",
                unit="erä",
                unit_price=Decimal(rng.choice(("450.00", "780.00", "1250.00"))),
            )
        )
    return tuple(lines)


async def seed_offers(
    c: Container, admin_id: UUID, seller_ids: Sequence[UUID], *, seed: int = 2026
) -> int:
    """Fields of education, offers and orders, ERP orders and sales targets; returns the
    number of offers made."""
    if not seller_ids:
        return 0
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data
    async with c.uow() as uow:
        admin = await identity.principal_for(uow, admin_id)
        s = uow.session
        type_ids = {
            r.key: r.id for r in await s.execute(sa.select(offer_types.c.key, offer_types.c.id))
        }
        erp_id = await s.scalar(sa.select(users.c.id).where(users.c.name == "Integraatio ERP"))
        found = await s.execute(
            sa.select(users.c.id, users.c.business_unit_id).where(users.c.id.in_(seller_ids))
        )
        units = {user_id: unit_id for user_id, unit_id in found}
        people = [
            _Seller(user_id, units[user_id], await identity.principal_for(uow, user_id))
            for user_id in seller_ids
            if user_id in units
        ]
        for person in people:
            person.accounts = list(
                await s.scalars(
                    sa.select(accounts.c.id)
                    .where(
                        accounts.c.business_unit_id == person.unit_id,
                        accounts.c.business_id.is_not(None),
                    )
                    .order_by(accounts.c.id)
                    .limit(60)
                )
            )
        erp = await identity.principal_for(uow, erp_id) if erp_id else admin
    training = await _training_products(c, admin)
    sellers = [p for p in people if p.accounts]
    day_today = today(c.clock.now())
    policy = OfferPolicy(validity_days=30)
    made = 0
    for n in range(N_OFFERS):
        seller = sellers[n % len(sellers)]
        account = seller.accounts[rng.randrange(len(seller.accounts))]
        offered_on = day_today - timedelta(days=int(DAYS * rng.random() ** 2))
        chosen = rng.sample(training, k=rng.choice((1, 1, 2, 3)))
        key, product_name = chosen[0][2], chosen[0][3]
        title = rng.choice(TITLES[key]).format(n=rng.randint(3, 25), p=product_name)
        rt = _on(c, offered_on, rng)
        async with c.uow() as uow:
            offer = await offers.create_offer(
                uow,
                rt,
                seller.principal,
                policy,
                offers.OfferInput(
                    title=title,
                    account_id=account,
                    offer_type_id=type_ids[key],
                    lines=_lines(rng, chosen),
                    valid_until=offered_on + timedelta(days=rng.choice((14, 30, 30, 45, 60))),
                ),
            )
        made += 1
        age = (day_today - offered_on).days
        if age < 10 or rng.random() < (0.65 if age < 60 else 0.06):
            continue  # still open (an old one among these is past its validity)
        fate = rng.random()
        decided_on = min(offered_on + timedelta(days=rng.randint(2, 40)), day_today)
        rt = _on(c, decided_on, rng)
        async with c.uow() as uow:
            if fate < 0.55:
                _, order = await offers.accept_offer(
                    uow, rt, seller.principal, offer.id, offer.version, ordered_on=decided_on
                )
                await _deliver(
                    c, rng, seller.principal, order.id, order.version, decided_on, day_today
                )
            elif fate < 0.92:
                await offers.close_offer(
                    uow,
                    rt,
                    seller.principal,
                    offer.id,
                    OfferStatus.LOST,
                    offer.version,
                    reason=rng.choice(LOST_REASONS),
                    closed_on=decided_on,
                )
            else:
                await offers.close_offer(
                    uow,
                    rt,
                    seller.principal,
                    offer.id,
                    OfferStatus.CANCELLED,
                    offer.version,
                    reason="Tehty virheellisesti",
                    closed_on=decided_on,
                )
    await _erp_orders(c, rng, erp, sellers, day_today)
    await _targets(c, rng, admin, sellers, day_today.year)
    return made


async def _deliver(
    c: Container,
    rng: random.Random,
    principal: Principal,
    order_id: UUID,
    version: int,
    ordered_on: date,
    day_today: date,
) -> None:
    """Older orders went into delivery (invoiceable), the oldest were invoiced."""
    age = (day_today - ordered_on).days
    if age < 10:
        return
    delivered = ordered_on + timedelta(days=rng.randint(3, min(age, 30)))
    rt = _on(c, delivered, rng)
    async with c.uow() as uow:
        order = await orders.change_order_status(
            uow, rt, principal, order_id, OrderStatus.IN_DELIVERY, version, on=delivered
        )
    if age < 60:
        return
    invoiced = min(delivered + timedelta(days=rng.randint(5, 30)), day_today)
    rt = _on(c, invoiced, rng)
    async with c.uow() as uow:
        await orders.change_order_status(
            uow, rt, principal, order_id, OrderStatus.INVOICED, order.version, on=invoiced
        )


async def _erp_orders(
    c: Container,
    rng: random.Random,
    erp: Principal,
    sellers: Sequence[_Seller],
    day_today: date,
) -> None:
    """The manufacturer's ERP sends its orders of suction liners for a few key customers (the
    salespeople's own accounts): one or two a month over two years, each some thousands of
    euros."""
    async with c.uow() as uow:
        liner = await uow.session.scalar(
            sa.select(products.c.id).where(products.c.code == "SUCTION")
        )
    if liner is None:
        return
    async with c.uow() as uow:
        key_accounts = [
            account
            for seller in sellers
            for account in await uow.session.scalars(
                sa.select(accounts.c.id)
                .where(accounts.c.account_manager_id == seller.id)
                .order_by(accounts.c.id.desc())
                .limit(KEY_ACCOUNTS_PER_SELLER)
            )
        ]
    reference = 100_000
    for account in key_accounts:
        month = date(day_today.year - 2, day_today.month, 1)
        while month <= day_today:
            for _ in range(rng.randint(1, 2)):
                on = min(month + timedelta(days=rng.randint(0, 27)), day_today)
                reference += 1
                rt = _on(c, on, rng)
                async with c.uow() as uow:
                    order, _ = await orders.create_order(
                        uow,
                        rt,
                        erp,
                        orders.OrderInput(
                            title=f"Imupussitilaus {reference}",
                            account_id=account,
                            ordered_on=on,
                            external_reference=f"ERP:{reference}",
                            lines=(
                                LineInput(
                                    quantity=Decimal(rng.randrange(500, 2500, 100)),
                                    product_id=liner,
                                ),
                            ),
                        ),
                    )
                if (day_today - on).days > 14:
                    await _deliver(c, rng, erp, order.id, order.version, on, day_today)
            month = (month + timedelta(days=32)).replace(day=1)


async def _targets(
    c: Container, rng: random.Random, admin: Principal, sellers: Sequence[_Seller], year: int
) -> None:
    for seller in sellers:
        for y in (year - 1, year):
            async with c.uow() as uow:
                await targets.create_target(
                    uow,
                    c,
                    admin,
                    targets.TargetInput(
                        user_id=seller.id,
                        year=y,
                        euro_target=Decimal(rng.randrange(120_000, 260_000, 5_000)),
                        new_customers=rng.randint(4, 12),
                        repeat_purchases=rng.randint(8, 20),
                        meetings=rng.randint(30, 80),
                    ),
                )
