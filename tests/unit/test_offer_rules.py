"""The rules of offers and orders on in-memory fakes: line totals (rounded once, half up —
table-driven, and by hypothesis against integer arithmetic, the way the web app computes
them), totals that add up, the offer and order state machines, numbering per year, the
passive account, who owns an ERP order, the 12-month window and the report arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

import pytest
from fakes import FakeClock, FakeRuntime
from hypothesis import given
from hypothesis import strategies as st
from offer_fakes import FakeOffersUnitOfWork

from domain.offers import (
    AccountRef,
    Colleague,
    Line,
    LineInput,
    OfferStatus,
    OfferType,
    OrderStatus,
    ProductRef,
    allowed_offer_statuses,
    allowed_order_statuses,
    format_offer_number,
    line_total,
    lines_total,
    offers,
    orders,
    window_start,
)
from domain.offers.model import check_offer_transition
from domain.offers.ports import OfferPolicy
from domain.offers.reports import cumulative, percent, target_path, win_rate
from domain.shared import (
    Action,
    Depth,
    Forbidden,
    InvalidTransition,
    NotFound,
    Principal,
    Privilege,
    ValidationFailed,
)

pytestmark = pytest.mark.unit

UNIT, OTHER_UNIT = UUID(int=10), UUID(int=20)
ME, MANAGER_OF_ACCOUNT, ERP = UUID(int=1), UUID(int=2), UUID(int=3)
ACCOUNT, PASSIVE, HIDDEN = UUID(int=100), UUID(int=101), UUID(int=102)
TYPE, OLD_TYPE, PRODUCT = UUID(int=200), UUID(int=201), UUID(int=300)
# Wednesday 2026-12-02 12:00 Helsinki.
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def principal(user_id: UUID, grants: list[Privilege], unit: UUID = UNIT) -> Principal:
    grants = [
        *grants,
        Privilege("account", Action.READ, Depth.BUSINESS_UNIT),
        Privilege("contact", Action.READ, Depth.BUSINESS_UNIT),
    ]
    return Principal(
        user_id=user_id,
        business_unit_id=unit,
        name="Testi",
        privileges=Principal.merge(grants),
        team_member_ids=frozenset({user_id}),
    )


def seller() -> Principal:
    return principal(
        ME,
        [Privilege(e, Action.READ, Depth.BUSINESS_UNIT) for e in ("offer", "order")]
        + [
            Privilege(e, a, Depth.OWN)
            for e in ("offer", "order")
            for a in (Action.CREATE, Action.UPDATE, Action.ASSIGN)
        ],
    )


def integration() -> Principal:
    return principal(
        ERP,
        [
            Privilege(e, a, Depth.ORGANISATION)
            for e in ("offer", "order", "account", "contact")
            for a in (Action.READ, Action.CREATE, Action.UPDATE, Action.EXPORT)
        ],
        unit=OTHER_UNIT,
    )


@pytest.fixture
def uow() -> FakeOffersUnitOfWork:
    u = FakeOffersUnitOfWork()
    d = u.offer_directory
    d.accounts[ACCOUNT] = AccountRef(ACCOUNT, "Rakennus Oy", ME, UNIT, MANAGER_OF_ACCOUNT)
    d.accounts[PASSIVE] = AccountRef(
        PASSIVE, "Lopettanut Oy", ME, UNIT, None, datetime(2026, 1, 1, tzinfo=UTC)
    )
    d.accounts[HIDDEN] = AccountRef(HIDDEN, "Salainen Oy", UUID(int=99), OTHER_UNIT)
    d.product_refs[PRODUCT] = ProductRef(
        PRODUCT, "Tulityökortti", True, "TTK", "hlö", Decimal("95.00")
    )
    for user, unit in ((ME, UNIT), (MANAGER_OF_ACCOUNT, UNIT), (ERP, OTHER_UNIT)):
        d.colleagues[user] = Colleague(user, f"User {user.int}", unit, True)
    d.units |= {UNIT, OTHER_UNIT}
    u.offer_types.rows[TYPE] = OfferType(TYPE, "staff_training", "Henkilöstökoulutus", NOW, NOW)
    u.offer_types.rows[OLD_TYPE] = OfferType(OLD_TYPE, "old", "Vanha", NOW, NOW, is_active=False)
    return u


@pytest.fixture
def rt() -> FakeRuntime:
    return FakeRuntime(clock=FakeClock(NOW))


def offer_input(**fields: object) -> offers.OfferInput:
    values: dict[str, object] = {
        "title": "Tulityökoulutus",
        "account_id": ACCOUNT,
        "offer_type_id": TYPE,
        "lines": (LineInput(quantity=Decimal("12"), product_id=PRODUCT),),
    }
    values.update(fields)
    return offers.OfferInput(**values)  # type: ignore[arg-type]


POLICY = OfferPolicy(validity_days=30)


# ------------------------------------------------------------------ money


@pytest.mark.parametrize(
    ("quantity", "price", "discount", "total"),
    [
        ("1", "100.00", "0", "100.00"),
        ("3", "33.33", "0", "99.99"),
        ("2.5", "33.33", "10", "74.99"),  # 74.9925
        ("0.333", "0.15", "0", "0.05"),  # 0.04995 → half up
        ("1", "0.01", "50", "0.01"),  # 0.005 → 0.01
        ("1", "0.01", "50.01", "0.00"),  # 0.004999
        ("7", "890.00", "100", "0.00"),
        ("999999999.999", "999.99", "0", "999989999999.00"),  # 999989999999.00001
    ],
)
def test_a_line_is_quantity_times_price_less_discount_rounded_half_up_once(
    quantity: str, price: str, discount: str, total: str
) -> None:
    assert line_total(Decimal(quantity), Decimal(price), Decimal(discount)) == Decimal(total)


def cents_by_integers(q_thousandths: int, p_cents: int, d_hundredths: int) -> int:
    """What the web app does with BigInt: whole numbers only, half up."""
    numerator = q_thousandths * p_cents * (10_000 - d_hundredths)
    denominator = 1000 * 10_000
    return (2 * numerator + denominator) // (2 * denominator)


@given(
    q=st.integers(min_value=1, max_value=999_999_999_999),
    p=st.integers(min_value=0, max_value=99_999_999_999_999),
    d=st.integers(min_value=0, max_value=10_000),
)
def test_the_line_rule_matches_exact_integer_arithmetic_for_every_input(
    q: int, p: int, d: int
) -> None:
    quantity, price = Decimal(q) / 1000, Decimal(p) / 100
    discount = Decimal(d) / 100
    assert line_total(quantity, price, discount) == Decimal(cents_by_integers(q, p, d)) / 100


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=10_000_000),
            st.integers(min_value=0, max_value=10_000_000),
            st.integers(min_value=0, max_value=10_000),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_the_total_is_the_exact_sum_of_the_rounded_lines(
    raw: list[tuple[int, int, int]],
) -> None:
    lines = [Line("Rivi", Decimal(q) / 1000, Decimal(p) / 100, Decimal(d) / 100) for q, p, d in raw]
    total = lines_total(lines)
    assert total == sum(line.total for line in lines)
    assert total == total.quantize(Decimal("0.01"))
    # Rounding once per line keeps the total within half a cent per line of the exact sum.
    exact = sum(
        line.quantity * line.unit_price * (100 - line.discount_percent) / 100 for line in lines
    )
    assert abs(total - exact) <= Decimal("0.005") * len(lines)


# ------------------------------------------------------------------ state machines


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        (OfferStatus.OPEN, [OfferStatus.WON, OfferStatus.LOST, OfferStatus.CANCELLED]),
        (OfferStatus.LOST, [OfferStatus.OPEN]),
        (OfferStatus.WON, []),
        (OfferStatus.CANCELLED, []),
    ],
)
def test_what_an_offer_may_become(current: OfferStatus, allowed: list[OfferStatus]) -> None:
    assert allowed_offer_statuses(current) == allowed
    for target in OfferStatus:
        if target in allowed:
            check_offer_transition(current, target)
        else:
            with pytest.raises(InvalidTransition):
                check_offer_transition(current, target)


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        (OrderStatus.ORDERED, [OrderStatus.IN_DELIVERY, OrderStatus.CANCELLED]),
        (OrderStatus.IN_DELIVERY, [OrderStatus.INVOICED, OrderStatus.CANCELLED]),
        (OrderStatus.INVOICED, []),
        (OrderStatus.CANCELLED, []),
    ],
)
def test_what_an_order_may_become(current: OrderStatus, allowed: list[OrderStatus]) -> None:
    assert allowed_order_statuses(current) == allowed


# ------------------------------------------------------------------ offers


async def test_an_offer_takes_the_product_defaults_the_validity_and_the_years_next_number(
    uow: FakeOffersUnitOfWork, rt: FakeRuntime
) -> None:
    offer = await offers.create_offer(uow, rt, seller(), POLICY, offer_input())
    assert offer.number == "TAR-2026-000001"
    assert (offer.offered_on, offer.valid_until) == (date(2026, 12, 2), date(2027, 1, 1))
    assert offer.lines == (
        Line(
            "Tulityökortti",
            Decimal("12.000"),
            Decimal("95.00"),
            Decimal("0.00"),
            "hlö",
            PRODUCT,
            "TTK",
        ),
    )
    assert offer.total == Decimal("1140.00")
    assert (offer.owner_id, offer.business_unit_id) == (ME, UNIT)
    assert uow.commits == 1
    assert [e.operation.value for e in uow.audit.entries] == ["create"]
    second = await offers.create_offer(uow, rt, seller(), POLICY, offer_input())
    assert second.number == "TAR-2026-000002"
    # Numbers follow the Helsinki year: 31 Dec 22:30 UTC is already 1 Jan in Helsinki.
    rt.clock.current = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)
    assert (await offers.create_offer(uow, rt, seller(), POLICY, offer_input())).number == (
        format_offer_number(2027, 1)
    )


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"account_id": PASSIVE}, ("account_id",)),
        ({"account_id": HIDDEN}, ("account_id",)),
        ({"offer_type_id": OLD_TYPE}, ("offer_type_id",)),
        ({"lines": ()}, ("lines",)),
        (
            {"lines": (LineInput(quantity=Decimal("1"), product_id=UUID(int=9)),)},
            ("lines", 0, "product_id"),
        ),
        ({"lines": (LineInput(quantity=Decimal("1"), name="Vapaa"),)}, ("lines", 0, "unit_price")),
        ({"valid_until": date(2026, 11, 30)}, ("valid_until",)),
        ({"activity_id": UUID(int=77)}, ("activity_id",)),
    ],
)
async def test_an_offer_that_breaks_a_rule_is_refused_naming_the_field(
    uow: FakeOffersUnitOfWork, rt: FakeRuntime, fields: dict[str, object], loc: tuple[object, ...]
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await offers.create_offer(uow, rt, seller(), POLICY, offer_input(**fields))
    assert refused.value.errors[0].loc == loc
    assert uow.commits == 0
    assert not uow.offers.rows


async def test_the_passive_account_is_named_in_the_refusal(
    uow: FakeOffersUnitOfWork, rt: FakeRuntime
) -> None:
    with pytest.raises(ValidationFailed, match="Lopettanut Oy"):
        await offers.create_offer(uow, rt, seller(), POLICY, offer_input(account_id=PASSIVE))


async def test_accepting_copies_the_lines_into_the_order_and_commits_once(
    uow: FakeOffersUnitOfWork, rt: FakeRuntime
) -> None:
    offer = await offers.create_offer(uow, rt, seller(), POLICY, offer_input())
    won, order = await offers.accept_offer(uow, rt, seller(), offer.id, offer.version)
    assert (won.status, won.order_id, won.closed_on) == (
        OfferStatus.WON,
        order.id,
        date(2026, 12, 2),
    )
    assert (order.number, order.lines, order.total) == ("TIL-2026-000001", offer.lines, offer.total)
    assert (order.offer_id, order.owner_id, order.status) == (offer.id, ME, OrderStatus.ORDERED)
    assert uow.commits == 2
    assert uow.orders.rows[order.id].offer_id == offer.id
    assert uow.offers.rows[offer.id].status is OfferStatus.WON
    with pytest.raises(InvalidTransition):
        await offers.accept_offer(uow, rt, seller(), offer.id, won.version)


async def test_someone_elses_offer_of_another_unit_is_not_found(
    uow: FakeOffersUnitOfWork, rt: FakeRuntime
) -> None:
    offer = await offers.create_offer(uow, rt, seller(), POLICY, offer_input())
    stranger = principal(
        UUID(int=50),
        [Privilege("offer", a, Depth.BUSINESS_UNIT) for a in Action],
        unit=OTHER_UNIT,
    )
    with pytest.raises(NotFound):
        await offers.read_offer(uow, stranger, offer.id)
    team_member = Principal(**{**vars(stranger), "account_ids": frozenset({ACCOUNT})})
    assert (await offers.read_offer(uow, team_member, offer.id)).id == offer.id
    with pytest.raises(Forbidden):
        await offers.close_offer(
            uow, rt, team_member, offer.id, OfferStatus.LOST, offer.version, reason="Ei"
        )


async def test_a_lost_offer_reopens_only_with_a_reason_and_a_validity_from_today(
    uow: FakeOffersUnitOfWork, rt: FakeRuntime
) -> None:
    offer = await offers.create_offer(
        uow,
        rt,
        seller(),
        POLICY,
        offer_input(offered_on=date(2026, 10, 1), valid_until=date(2026, 10, 31)),
    )
    lost = await offers.close_offer(
        uow, rt, seller(), offer.id, OfferStatus.LOST, offer.version, reason="Hinta"
    )
    with pytest.raises(ValidationFailed) as no_date:
        await offers.reopen_offer(uow, rt, seller(), offer.id, lost.version, reason="Palasi")
    assert no_date.value.errors[0].loc == ("valid_until",)
    reopened = await offers.reopen_offer(
        uow, rt, seller(), offer.id, lost.version, reason="Palasi", valid_until=date(2026, 12, 20)
    )
    assert (reopened.status, reopened.valid_until, reopened.status_reason) == (
        OfferStatus.OPEN,
        date(2026, 12, 20),
        None,
    )
    assert reopened.is_expired(date(2026, 12, 21))
    assert not reopened.is_expired(date(2026, 12, 20))


# ------------------------------------------------------------------ orders


async def test_an_erp_order_belongs_to_the_account_manager_and_a_repeat_finds_it(
    uow: FakeOffersUnitOfWork, rt: FakeRuntime
) -> None:
    data = orders.OrderInput(
        title="ERP 100",
        account_id=ACCOUNT,
        lines=(LineInput(quantity=Decimal("2"), name="Tuote", unit_price=Decimal("10.00")),),
        external_reference="ERP:100",
        ordered_on=date(2026, 11, 20),
    )
    order, created = await orders.create_order(uow, rt, integration(), data)
    assert created
    assert (order.owner_id, order.business_unit_id, order.total) == (
        MANAGER_OF_ACCOUNT,
        UNIT,
        Decimal("20.00"),
    )
    again, created_again = await orders.create_order(uow, rt, integration(), data)
    assert (again.id, created_again) == (order.id, False)
    assert uow.commits == 1
    # A salesperson's own direct order stays theirs (their privilege does not reach the
    # account manager's records).
    mine, _ = await orders.create_order(
        uow, rt, seller(), orders.OrderInput(title="Oma", account_id=ACCOUNT, lines=data.lines)
    )
    assert mine.owner_id == ME


async def test_an_order_is_invoiced_only_after_delivery_started_and_not_before_it(
    uow: FakeOffersUnitOfWork, rt: FakeRuntime
) -> None:
    lines = (LineInput(quantity=Decimal("1"), name="Tuote", unit_price=Decimal("10.00")),)
    order, _ = await orders.create_order(
        uow,
        rt,
        seller(),
        orders.OrderInput(title="T", account_id=ACCOUNT, lines=lines, ordered_on=date(2026, 11, 1)),
    )
    with pytest.raises(InvalidTransition):
        await orders.change_order_status(
            uow, rt, seller(), order.id, OrderStatus.INVOICED, order.version
        )
    with pytest.raises(ValidationFailed):
        await orders.change_order_status(
            uow,
            rt,
            seller(),
            order.id,
            OrderStatus.IN_DELIVERY,
            order.version,
            on=date(2026, 10, 31),
        )
    delivery = await orders.change_order_status(
        uow, rt, seller(), order.id, OrderStatus.IN_DELIVERY, order.version, on=date(2026, 11, 10)
    )
    with pytest.raises(ValidationFailed):
        await orders.change_order_status(
            uow,
            rt,
            seller(),
            order.id,
            OrderStatus.INVOICED,
            delivery.version,
            on=date(2026, 11, 9),
        )
    invoiced = await orders.change_order_status(
        uow, rt, seller(), order.id, OrderStatus.INVOICED, delivery.version
    )
    assert (invoiced.in_delivery_on, invoiced.invoiced_on) == (
        date(2026, 11, 10),
        date(2026, 12, 2),
    )
    assert invoiced.counts_in_purchase_volume


# ------------------------------------------------------------------ windows and reports


@pytest.mark.parametrize(
    ("on", "start"),
    [
        (date(2026, 12, 2), date(2025, 12, 3)),
        (date(2026, 3, 31), date(2025, 4, 1)),
        (date(2024, 2, 29), date(2023, 3, 1)),
        (date(2026, 1, 1), date(2025, 1, 2)),
        (date(2026, 12, 31), date(2026, 1, 1)),
    ],
)
def test_the_last_12_months_end_today_and_start_a_year_of_days_earlier(
    on: date, start: date
) -> None:
    assert window_start(on) == start


def test_the_report_arithmetic() -> None:
    assert win_rate(2, 1) == Decimal("66.7")
    assert win_rate(0, 0) is None
    assert percent(Decimal("13000"), Decimal("120000")) == Decimal("10.8")
    assert cumulative([Decimal("1.10"), Decimal("0"), Decimal("2.25")]) == [
        Decimal("1.10"),
        Decimal("1.10"),
        Decimal("3.35"),
    ]


@given(st.integers(min_value=0, max_value=99_999_999_999_999))
def test_the_even_target_path_rises_month_by_month_to_the_target(cents: int) -> None:
    target = Decimal(cents) / 100
    path = target_path(target)
    assert len(path) == 12
    assert path[-1] == target
    assert path == sorted(path)
    assert path[5] == (target / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
