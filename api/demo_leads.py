"""Demo data for leads: routing rules for the demo regions and products (a round-robin team,
named sellers, a queue, a fallback queue), SLA policies, a web form, leads in every SLA
state, and account-creation requests in every state — all made through the use cases, so
they obey the same rules as leads entered by hand.

Two sellers of seed 003 join the energy unit (Mette Murto, Tommy Mattila: the manual's
example owner and delegatee) so that the gas team has a round robin. Deterministic, except
that the lead times are relative to the moment the demo is loaded.

For a browser test: "Maakaasuliittymä" in Tampere (Pirkanmaa) always goes to Sanna Virtanen
(rule "Kaasu – Pirkanmaa ja Häme").
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import sqlalchemy as sa

from api.deps import Container
from domain import leads
from domain.accounts import Address, ExternalId
from domain.accounts import services as accounts
from domain.identity import Locale
from domain.identity import services as identity
from domain.leads import (
    ConversionInput,
    CustomerType,
    FormInput,
    LeadInput,
    LeadPolicy,
    LeadSource,
    LeadStatus,
    PolicyInput,
    Priority,
    RequestInput,
    RuleInput,
    WebLeadInput,
    account_requests,
    setup,
)
from domain.service import QueueInput, create_queue, set_queue_members
from domain.shared import Principal
from domain.shared.transactions import deferred_commit
from persistence.tables.catalog import product_groups, products
from persistence.tables.identity import roles, users
from persistence.tables.regions import regions
from persistence.tables.sales import project_types
from persistence.tables.service import queues

NEW_SELLERS = (("Mette Murto", "mette.sales"), ("Tommy Mattila", "tommy.sales"))
FORM_ORIGIN = "https://www.kumppani-energia.example"
# company, contact, municipality, product code, source
LEADS = (
    ("Kivi Rakennus Oy", "Heikki Kivi", "Espoo", "GAS-CONN", LeadSource.PHONE_CALL),
    ("Saimaan Metalli Oy", "Eeva Saarinen", "Lappeenranta", "GAS-SUPPLY", LeadSource.PHONE_CALL),
    ("Hämeen Lämpö Ky", "Janne Laine", "Hämeenlinna", "HEAT-CONN", LeadSource.EMAIL),
    ("Pirkan Konepaja Oy", "Minna Koskinen", "Tampere", "GAS-CONN", LeadSource.PHONE_CALL),
    ("Aurora Kiinteistöt Oy", "Laura Niemi", "Vantaa", "GAS-CONN", LeadSource.WEB_FORM),
    ("Lahden Logistiikka Oy", "Pasi Heinonen", "Lahti", "BIOGAS", LeadSource.EVENT),
    ("Oulun Ohjelmistot Oy", "Tiina Salo", "Oulu", "EDU-STAFF", LeadSource.PHONE_CALL),
    ("Kallio Huolto Oy", "Olli Kallio", "Helsinki", "SOLUTION", LeadSource.CAMPAIGN),
    ("Tunturi Elintarvike Oy", "Noora Lehtinen", "Rovaniemi", "HEAT-CONN", LeadSource.PHONE_CALL),
    ("Vaasan Muovi Ab", "Risto Mattila", "Vaasa", "SUCTION", LeadSource.PARTNER),
    ("Kuopion Sähkö Oy", "Helmi Jokinen", "Kuopio", "EDU-APPR", LeadSource.EMAIL),
    ("Meri Kuljetus Oy", "Antti Virta", "Kotka", "GAS-CONN", LeadSource.PHONE_CALL),
    ("Ilmarinen Teknologia Oy", "Sari Rantanen", "Turku", "SOLUTION", LeadSource.OWN_NETWORK),
    ("Valo Kiinteistöt Oy", "Juho Tuominen", "Espoo", "HEAT-CONN", LeadSource.PHONE_CALL),
    ("Jyväskylän Puutuote Oy", "Kari Salonen", "Jyväskylä", "EDU-LABOUR", LeadSource.PHONE_CALL),
    ("Seinäjoen Maanrakennus Oy", "Mikko Kinnunen", "Seinäjoki", "GAS-CONN", LeadSource.EMAIL),
)
# The sales project type a lead of each product converts into (the rest: solution sales).
PROJECT_TYPES = {
    "GAS-CONN": "gas_connection",
    "GAS-SUPPLY": "gas_connection",
    "BIOGAS": "gas_connection",
    "HEAT-CONN": "heat_connection",
}
# What happens to each lead above (by index): its age and what its owner did.
STORIES = (
    "on_track",
    "at_risk",
    "breached",
    "acknowledged",
    "converted",
    "breached",
    "queued",
    "on_track",
    "missed",
    "no_action",
    "picked",
    "disqualified",
    "converted_late",
    "at_risk",
    "queued",
    "fallback",
)


def demo_business_id(n: int) -> str:
    """A valid business ID of its own sequence (numbers whose check would be 1 are skipped)."""
    base = 8_000_000 + n * 3
    while True:
        digits = f"{base % 10_000_000:07d}"
        r = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        if r != 1:
            return f"{digits}-{0 if r == 0 else 11 - r}"
        base += 1


@dataclass(frozen=True)
class People:
    admin: UUID
    by_name: dict[str, UUID]

    def __getitem__(self, name: str) -> UUID:
        return self.by_name[name]


async def _principal(c: Container, user_id: UUID) -> Principal:
    async with c.uow() as uow:
        return await identity.principal_for(uow, user_id)


async def _people(c: Container, admin_id: UUID) -> People:
    admin = await _principal(c, admin_id)
    async with c.sessions() as session:
        energy = await session.scalar(
            sa.select(users.c.business_unit_id).where(users.c.name == "Sanna Virtanen")
        )
        role_id = await session.scalar(sa.select(roles.c.id).where(roles.c.name == "sales"))
    assert energy is not None  # noqa: S101 - the demo's energy seller exists
    assert role_id is not None  # noqa: S101 - the built-in roles exist
    for name, local in NEW_SELLERS:
        async with c.uow() as uow:
            await identity.create_user(
                uow,
                c,
                c.passwords,
                admin,
                email=f"{local}@kumppani.example",
                name=name,
                password="kumppani-demo",  # noqa: S106 - the published demo password
                business_unit_id=energy,
                role_ids=frozenset({role_id}),
                locale=Locale.FI,
            )
    async with c.uow() as uow:
        rows = await uow.session.execute(sa.select(users.c.name, users.c.id))
        return People(admin_id, {name: uid for name, uid in rows})


async def _set_manager(c: Container, admin: Principal, user_id: UUID, manager_id: UUID) -> None:
    async with c.uow() as uow:
        user = await uow.users.get(user_id)
        assert user is not None  # noqa: S101 - a demo user
        await identity.update_user(
            uow, c, c.passwords, admin, user_id, {"manager_id": manager_id}, user.version
        )


async def _lookups(c: Container) -> tuple[dict[str, UUID], dict[str, UUID], dict[str, UUID]]:
    async with c.sessions() as s:
        product_ids = dict((await s.execute(sa.select(products.c.code, products.c.id))).all())
        group_ids = dict(
            (await s.execute(sa.select(product_groups.c.name, product_groups.c.id))).all()
        )
        region_ids = dict((await s.execute(sa.select(regions.c.name, regions.c.id))).all())
    return product_ids, group_ids, region_ids


async def _queue(c: Container, name: str) -> UUID | None:
    async with c.sessions() as s:
        found: UUID | None = await s.scalar(sa.select(queues.c.id).where(queues.c.name == name))
    return found


async def _set_up(c: Container, people: People) -> dict[str, UUID]:
    """Teams, queues, rules, policies, the form and the settings; the form's id and token."""
    admin = await _principal(c, people.admin)
    product_ids, group_ids, region_ids = await _lookups(c)
    energy = (await _principal(c, people["Sanna Virtanen"])).business_unit_id
    education = (await _principal(c, people["Matti Koskinen"])).business_unit_id
    async with c.uow() as uow:
        gas_team = await identity.create_team(
            uow,
            c,
            admin,
            name="Kaasumyynti Uusimaa",
            business_unit_id=energy,
            member_ids=frozenset({people["Mette Murto"], people["Tommy Mattila"]}),
        )
    queue_ids = {}
    for name, unit, members in (
        ("Liidit – Koulutus", education, {people["Matti Koskinen"]}),
        ("Liidit – jakamattomat", energy, {people["Mirja Mäkinen"], people["Sanna Virtanen"]}),
    ):
        async with c.uow() as uow:
            queue = await create_queue(uow, c, admin, QueueInput(name=name, business_unit_id=unit))
        async with c.uow() as uow:
            await set_queue_members(uow, c, admin, queue.id, frozenset(members), queue.version)
        queue_ids[name] = queue.id
    rules = (
        RuleInput(
            name="Kaasu – Uusimaa",
            description="Kaasuliittymät ja -toimitukset Uudellamaalla: vuorotellen tiimissä.",
            region_ids=frozenset({region_ids["Uusimaa"]}),
            product_group_ids=frozenset({group_ids["Kaasu"]}),
            assign_team_id=gas_team.id,
        ),
        RuleInput(
            name="Kaasu – Pirkanmaa ja Häme",
            region_ids=frozenset(
                {region_ids[r] for r in ("Pirkanmaa", "Kanta-Häme", "Päijät-Häme")}
            ),
            product_group_ids=frozenset({group_ids["Kaasu"]}),
            assign_user_id=people["Sanna Virtanen"],
        ),
        RuleInput(
            name="Kaukolämpö – koko maa",
            product_group_ids=frozenset({group_ids["Lämpö"]}),
            assign_user_id=people["Tommy Mattila"],
        ),
        RuleInput(
            name="Energiaratkaisut",
            product_ids=frozenset({product_ids["SOLUTION"]}),
            assign_user_id=people["Mette Murto"],
        ),
        RuleInput(
            name="Koulutus",
            product_group_ids=frozenset({group_ids["Koulutus"]}),
            assign_queue_id=queue_ids["Liidit – Koulutus"],
        ),
        RuleInput(
            name="Terveydenhuolto",
            product_group_ids=frozenset({group_ids["Terveydenhuolto"]}),
            assign_user_id=people["Juha Korhonen"],
        ),
    )
    for rule in rules:
        async with c.uow() as uow:
            await setup.create_rule(uow, c, admin, rule)
    for policy in (
        PolicyInput(working_days=3, at_risk_working_hours=8, business_unit_id=education),
        PolicyInput(working_days=5, at_risk_working_hours=8, product_id=product_ids["SOLUTION"]),
        PolicyInput(
            working_days=1,
            at_risk_working_hours=3,
            business_unit_id=energy,
            product_id=product_ids["GAS-CONN"],
        ),
    ):
        async with c.uow() as uow:
            await setup.create_policy(uow, c, admin, policy)
    async with c.uow() as uow:
        form = await setup.create_form(
            uow,
            c,
            admin,
            FormInput(
                name="Kumppani Energia – yhteydenottolomake",
                lead_giver_id=people["Aino Nieminen"],
                product_id=product_ids["GAS-CONN"],
                allowed_origins=(FORM_ORIGIN,),
            ),
        )
    service_queue = await _queue(c, "Asiakaspalvelu")
    async with c.uow() as uow:
        settings = await uow.lead_settings.get()
        await setup.update_settings(
            uow,
            c,
            admin,
            {
                "fallback_queue_id": queue_ids["Liidit – jakamattomat"],
                "account_request_queue_id": service_queue,
            },
            settings.version,
        )
    return {"form": form.id, **product_ids}


def _received_for(c: Container, story: str, rng: random.Random) -> datetime:
    """A receipt time that puts a fresh lead in the story's SLA state now."""
    now = c.clock.now()
    if story in ("breached", "missed", "converted_late", "fallback"):
        return now - timedelta(days=rng.randint(4, 9), hours=rng.randint(0, 5))
    if story == "at_risk":
        terms = leads.SlaTerms(None, 2.0, 4.0)
        for hours in range(1, 24 * 7):
            start = now - timedelta(hours=hours)
            times = leads.sla_times(c.calendar, start, terms)
            if times.at_risk_at <= now < times.due_at:
                return start
    return now - timedelta(minutes=rng.randint(5, 90))


async def _stories(c: Container, people: People, ids: dict[str, UUID], rng: random.Random) -> None:
    agent = await _principal(c, people["Aino Nieminen"])
    policy = LeadPolicy(leads.SlaDefaults(c.settings.lead_sla_working_days, 4.0))
    async with c.sessions() as s:
        type_ids = dict((await s.execute(sa.select(project_types.c.key, project_types.c.id))).all())
    for (company, contact, place, code, source), story in zip(LEADS, STORIES, strict=True):
        received = _received_for(c, story, rng)
        phone = f"+35840{rng.randint(1_000_000, 9_999_999)}"
        email = f"{contact.split()[0].lower()}@{company.split()[0].lower()}.example".replace(
            "ä", "a"
        ).replace("ö", "o")
        async with c.uow() as uow:
            if source is LeadSource.WEB_FORM:
                form = await uow.lead_forms.get(ids["form"])
                assert form is not None  # noqa: S101 - made above
                lead = await leads.submit_web_form(
                    uow,
                    c,
                    policy,
                    form,
                    WebLeadInput(company, contact, phone, email=email, municipality=place),
                )
            else:
                lead = await leads.create_lead(
                    uow,
                    c,
                    agent,
                    policy,
                    LeadInput(
                        company_name=company,
                        contact_name=contact,
                        phone=phone,
                        email=email,
                        product_id=ids[code],
                        municipality=place if story != "fallback" else None,
                        source=source,
                        priority=Priority.HIGH if rng.random() < 0.2 else Priority.NORMAL,
                        description="Asiakas soitti ja pyysi tarjousta."
                        if source is LeadSource.PHONE_CALL
                        else None,
                        received_at=received,
                    ),
                )
        project_type = type_ids.get(PROJECT_TYPES.get(code, "solution"))
        if story.startswith("converted") and project_type is None:
            story = "acknowledged"  # a demo without sales (seed-demo --sales-projects 0)
        await _play(c, lead, story, project_type)


async def _play(c: Container, lead: leads.Lead, story: str, project_type_id: UUID | None) -> None:
    """What the owner did with the lead (a conversion makes a project of the given type)."""
    owner = await _principal(c, lead.owner_id)
    if story == "acknowledged":
        async with c.uow() as uow:
            await leads.acknowledge(uow, c, owner, lead.id)
    elif story in ("converted", "converted_late") and project_type_id is not None:
        async with c.uow() as uow:
            await leads.convert(
                uow,
                c,
                owner,
                lead.id,
                lead.version,
                ConversionInput(project_type_id=project_type_id),
            )
    elif story in ("missed", "no_action"):
        async with c.uow() as uow:
            await leads.change_status(
                uow,
                c,
                owner,
                lead.id,
                LeadStatus.HANDLED_NO_ACTION,
                lead.version,
                reason="Alueella ei kaasuverkkoa",
            )
    elif story == "disqualified":
        async with c.uow() as uow:
            await leads.change_status(
                uow,
                c,
                owner,
                lead.id,
                LeadStatus.DISQUALIFIED,
                lead.version,
                reason="Ei todellista tarvetta",
            )
    elif story == "picked" and lead.queue_id is not None:
        async with c.uow() as uow:
            queue = await uow.lead_directory.queue(lead.queue_id)
        if queue is not None and queue.member_ids:
            member = await _principal(c, sorted(queue.member_ids)[0])
            async with c.uow() as uow:
                await leads.pick(uow, c, member, lead.id)


async def _account_requests(c: Container, people: People) -> None:
    """One request in each state."""
    sellers = [
        people[n]
        for n in (
            "Sanna Virtanen",
            "Tommy Mattila",
            "Mette Murto",
            "Juha Korhonen",
            "Matti Koskinen",
        )
    ]
    agent = await _principal(c, people["Aino Nieminen"])
    billing = await _principal(c, people["Integraatio Laskutus"])
    address = Address("Teollisuustie 12", "02100", "Espoo")
    made = []
    companies = (
        "Uusi Kaasuasiakas Oy",
        "Lämpöpumppu Oy",
        "Tehdas Espoo Oy",
        "Valmis Asiakas Oy",
        "Hylätty Yritys Oy",
    )
    for n, name in enumerate(companies):
        # Its own sequence (8xxxxxx), so that no ID collides with a demo account's (2xxxxxx).
        business_id = demo_business_id(n)
        seller = await _principal(c, sellers[n])
        async with c.uow() as uow:
            request = await account_requests.create_request(
                uow,
                c,
                seller,
                RequestInput(
                    name=name,
                    customer_type=CustomerType.COMPANY,
                    business_id=business_id,
                    contact_name="Yhteyshenkilö Esimerkki",
                    contact_phone="+358501112233",
                    billing_address=address,
                    contract_type="Mittaroitu" if n % 2 else "Kiinteähintainen",
                    site_address="Teollisuustie 12, Espoo",
                    usage_point=f"KP-{400100 + n}",
                ),
            )
        made.append((seller, request))
    # draft: the first stays a draft; the others are submitted
    for seller, request in made[1:]:
        async with c.uow() as uow:
            await account_requests.submit(uow, c, seller, request.id, request.version)
    # in progress, completed, rejected
    for _, request in made[2:]:
        async with c.uow() as uow:
            await account_requests.pick(uow, c, agent, request.id)
    async with c.uow() as uow:
        current = await uow.account_requests.get(made[3][1].id)
        assert current is not None  # noqa: S101 - made above
        await account_requests.record_customer_number(
            uow, c, agent, current.id, "400321", current.version
        )
    async with c.uow() as uow:
        account, _ = await accounts.upsert_by_external_id(
            deferred_commit(uow),
            c,
            billing,
            ExternalId("billing", "400321"),
            {
                "name": "Valmis Asiakas Oy",
                "business_id": demo_business_id(3),
                "billing_address": address,
            },
        )
        await leads.account_arrived(uow, c, billing, account)
        await uow.commit()
    async with c.uow() as uow:
        current = await uow.account_requests.get(made[4][1].id)
        assert current is not None  # noqa: S101 - made above
        await account_requests.reject(
            uow, c, agent, current.id, "Y-tunnus ei täsmää kaupparekisteriin", current.version
        )


async def seed_leads(c: Container, admin_id: UUID, *, seed: int = 2026) -> int:
    """Set up routing and load the demo leads; returns how many leads were made."""
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data
    people = await _people(c, admin_id)
    admin = await _principal(c, admin_id)
    await _set_manager(c, admin, people["Sanna Virtanen"], people["Mirja Mäkinen"])
    await _set_manager(c, admin, people["Juha Korhonen"], people["Pekka Heikkinen"])
    ids = await _set_up(c, people)
    await _stories(c, people, ids, rng)
    await _account_requests(c, people)
    return len(LEADS)
