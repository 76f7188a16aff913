"""Demo catalogue: the energy group's gas, heat and solution services, the institute's
training products and the manufacturer's suction liners — what leads, routing rules and
offers in the demo refer to."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from api.deps import Container
from domain.catalog import ProductGroupInput, ProductInput, ProductKind
from domain.catalog import services as catalog
from domain.identity import services as identity

# code, fi, en, sv, kind, unit, unit price
GROUPS: list[tuple[str, str, str, list[tuple[str, str, str, str, ProductKind, str, str]]]] = [
    (
        "Kaasu",
        "Gas",
        "Gas",
        [
            (
                "GAS-CONN",
                "Maakaasuliittymä",
                "Natural gas connection",
                "Naturgasanslutning",
                ProductKind.SERVICE,
                "kpl",
                "2500.00",
            ),
            (
                "GAS-SUPPLY",
                "Maakaasutoimitus",
                "Natural gas supply",
                "Naturgasleverans",
                ProductKind.PRODUCT,
                "MWh",
                "65.00",
            ),
            ("BIOGAS", "Biokaasu", "Biogas", "Biogas", ProductKind.PRODUCT, "MWh", "85.00"),
        ],
    ),
    (
        "Lämpö",
        "Heat",
        "Värme",
        [
            (
                "HEAT-CONN",
                "Kaukolämpöliittymä",
                "District heating connection",
                "Fjärrvärmeanslutning",
                ProductKind.SERVICE,
                "kpl",
                "4200.00",
            ),
        ],
    ),
    (
        "Energiaratkaisut",
        "Energy solutions",
        "Energilösningar",
        [
            (
                "SOLUTION",
                "Energiaratkaisu",
                "Energy solution",
                "Energilösning",
                ProductKind.SERVICE,
                "h",
                "120.00",
            ),
        ],
    ),
    (
        "Koulutus",
        "Training",
        "Utbildning",
        [
            (
                "EDU-APPR",
                "Oppisopimuskoulutus",
                "Apprenticeship training",
                "Läroavtalsutbildning",
                ProductKind.SERVICE,
                "opiskelija",
                "3200.00",
            ),
            (
                "EDU-LABOUR",
                "Työvoimakoulutus",
                "Labour-policy training",
                "Arbetskraftsutbildning",
                ProductKind.SERVICE,
                "pv",
                "180.00",
            ),
            (
                "EDU-STAFF",
                "Henkilöstökoulutus",
                "Staff training",
                "Personalutbildning",
                ProductKind.SERVICE,
                "pv",
                "890.00",
            ),
        ],
    ),
    (
        "Terveydenhuolto",
        "Healthcare",
        "Hälso- och sjukvård",
        [
            (
                "SUCTION",
                "Imupussijärjestelmä",
                "Suction liner system",
                "Sugpåssystem",
                ProductKind.PRODUCT,
                "kpl",
                "3.20",
            ),
        ],
    ),
]


async def seed_catalog(c: Container, admin_id: UUID) -> dict[str, UUID]:
    """Create the demo product groups and products; answer product ids by code."""
    async with c.uow() as uow:
        principal = await identity.principal_for(uow, admin_id)
    ids: dict[str, UUID] = {}
    for position, (name, name_en, name_sv, products) in enumerate(GROUPS):
        async with c.uow() as uow:
            group = await catalog.create_product_group(
                uow,
                c,
                principal,
                ProductGroupInput(name=name, name_en=name_en, name_sv=name_sv, sort_order=position),
            )
        for code, fi, en, sv, kind, unit, price in products:
            async with c.uow() as uow:
                product = await catalog.create_product(
                    uow,
                    c,
                    principal,
                    ProductInput(
                        name=fi,
                        name_en=en,
                        name_sv=sv,
                        code=code,
                        kind=kind,
                        product_group_id=group.id,
                        unit=unit,
                        unit_price=Decimal(price),
                    ),
                )
            ids[code] = product.id
    return ids
