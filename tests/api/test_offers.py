"""Offers over HTTP: the seeded and admin-managed offer types, making an offer with catalogue
and free-text lines (totals exact, rounding once per line), numbering, idempotent creates,
located validation errors, editing with ETags, accepting (the order created in the same
transaction, lines copied), losing with a reason, reopening, passive accounts, the linked
activity and the timeline, the history and the changes feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from domain.offers import today
from tests.api.account_factories import passivate
from tests.api.offer_factories import (
    API,
    accept,
    etag_of,
    free_line,
    make_offer,
    make_product,
    offer_type_id,
    patch_with_etag,
    post_with_etag,
    problem_locs,
)

pytestmark = pytest.mark.api


def helsinki_today():
    return today(datetime.now(UTC))


@dataclass
class World:
    admin: dict[str, str]
    admin_id: str
    seller: dict[str, Any]
    seller_h: dict[str, str]
    colleague_h: dict[str, str]
    manager_h: dict[str, str]
    account: dict[str, Any]
    staff_training: str
    product: dict[str, Any]


@pytest.fixture
async def w(client, admin, admin_headers, make_unit, make_user, make_account) -> World:
    unit = await make_unit("Koulutus")
    seller, seller_h = await make_user("sales", unit["id"], name="Asta Asiakasvastaava")
    _, colleague_h = await make_user("sales", unit["id"], name="Kalle Kollega")
    _, manager_h = await make_user("manager", unit["id"], name="Maija Manageri")
    account = await make_account(seller_h, name="Rakennus Oy", business_id="0112038-9")
    product = await make_product(client, admin_headers, code="EDU-TS")
    return World(
        admin=admin_headers,
        admin_id=str(admin.id),
        seller=seller,
        seller_h=seller_h,
        colleague_h=colleague_h,
        manager_h=manager_h,
        account=account,
        staff_training=await offer_type_id(client, seller_h, "staff_training"),
        product=product,
    )


# ------------------------------------------------------------------ offer types


async def test_the_four_offer_types_of_the_institute_are_seeded_in_three_languages(
    client, w
) -> None:
    resp = await client.get(f"{API}/offer-types", headers=w.seller_h)
    assert resp.status_code == 200, resp.text
    types = {t["key"]: t for t in resp.json()["items"]}
    assert {k: (t["name"], t["name_en"], t["name_sv"]) for k, t in types.items()} == {
        "apprenticeship": (
            "Oppisopimuskoulutus",
            "Apprenticeship training",
            "Läroavtalsutbildning",
        ),
        "labour_policy_training": (
            "Työvoimakoulutus",
            "Labour-policy training",
            "Arbetskraftsutbildning",
        ),
        "staff_training": ("Henkilöstökoulutus", "Staff training", "Personalutbildning"),
        "service_order": ("Palvelutilaus", "Service order", "Tjänstebeställning"),
    }
    assert [t["key"] for t in resp.json()["items"]] == [
        "apprenticeship",
        "labour_policy_training",
        "staff_training",
        "service_order",
    ]


async def test_an_admin_adds_and_deactivates_a_type_and_a_deactivated_type_takes_no_offers(
    client, w
) -> None:
    created = await client.post(
        f"{API}/offer-types",
        json={"key": "internal_order", "name": "Sisäinen tilaus", "name_en": "Internal order"},
        headers=w.admin,
    )
    assert created.status_code == 201, created.text
    type_id = created.json()["id"]
    refused = await client.post(
        f"{API}/offer-types", json={"key": "x_type", "name": "Myyjän tyyppi"}, headers=w.seller_h
    )
    assert refused.status_code == 403
    taken = await client.post(
        f"{API}/offer-types", json={"key": "internal_order", "name": "Toinen"}, headers=w.admin
    )
    assert taken.status_code == 409
    off = await patch_with_etag(client, w.admin, f"/offer-types/{type_id}", {"is_active": False})
    assert off.status_code == 200, off.text
    assert off.json()["is_active"] is False
    resp = await client.post(
        f"{API}/offers",
        json={
            "title": "Sisäinen",
            "account_id": w.account["id"],
            "offer_type_id": type_id,
            "lines": [free_line()],
        },
        headers=w.seller_h,
    )
    assert resp.status_code == 422
    assert problem_locs(resp) == [["body", "offer_type_id"]]
    active = await client.get(f"{API}/offer-types", params={"active": True}, headers=w.seller_h)
    assert type_id not in {t["id"] for t in active.json()["items"]}


async def test_a_type_offers_have_cannot_be_deleted_but_an_unused_one_can(client, w) -> None:
    unused = await client.post(
        f"{API}/offer-types", json={"key": "unused", "name": "Käyttämätön"}, headers=w.admin
    )
    assert unused.status_code == 201
    await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    tag = await etag_of(client, w.admin, f"/offer-types/{w.staff_training}")
    used = await client.delete(
        f"{API}/offer-types/{w.staff_training}", headers={**w.admin, "If-Match": tag}
    )
    assert used.status_code == 409
    assert "deactivate" in used.json()["detail"]
    tag = await etag_of(client, w.admin, f"/offer-types/{unused.json()['id']}")
    gone = await client.delete(
        f"{API}/offer-types/{unused.json()['id']}", headers={**w.admin, "If-Match": tag}
    )
    assert gone.status_code == 204
    missing = await client.get(f"{API}/offer-types/{unused.json()['id']}", headers=w.admin)
    assert missing.status_code == 404


# ------------------------------------------------------------------ making an offer


def expected_line(quantity: str, price: str, discount: str = "0") -> Decimal:
    """The rule, written independently: q × p × (100 − d) / 100, half up to the cent."""
    q, p, d = Decimal(quantity), Decimal(price), Decimal(discount)
    return (q * p * (100 - d) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


async def test_an_offer_takes_the_products_unit_and_price_and_adds_its_lines_up_exactly(
    client, w
) -> None:
    lines = [
        {"product_id": w.product["id"], "quantity": "3"},
        {
            "product_id": w.product["id"],
            "quantity": "2.5",
            "unit_price": "33.33",
            "discount_percent": "10",
        },
        free_line("0.333", "0.15"),  # 0.04995 → 0.05: half up, once per line
    ]
    offer = await make_offer(client, w.seller_h, w.account["id"], w.staff_training, lines)
    got = [(ln["name"], ln["unit"], ln["unit_price"], ln["line_total"]) for ln in offer["lines"]]
    assert got == [
        ("Henkilöstökoulutus, työturvallisuus", "pv", "890.00", "2670.00"),
        (
            "Henkilöstökoulutus, työturvallisuus",
            "pv",
            "33.33",
            str(expected_line("2.5", "33.33", "10")),
        ),
        ("Räätälöity koulutus", None, "0.15", "0.05"),
    ]
    assert offer["lines"][0]["product_code"] == "EDU-TS"
    assert offer["lines"][2]["product_id"] is None
    assert Decimal(offer["total"]) == sum(Decimal(ln["line_total"]) for ln in offer["lines"])
    assert offer["total"] == "2745.04"
    assert offer["status"] == "open"
    assert offer["is_expired"] is False
    assert offer["offered_on"] == helsinki_today().isoformat()
    assert offer["valid_until"] == (helsinki_today() + timedelta(days=30)).isoformat()
    assert offer["owner_id"] == w.seller["id"]
    assert offer["account_name"] == "Rakennus Oy"
    assert offer["offer_type_name"] == "Henkilöstökoulutus"
    assert offer["allowed_statuses"] == ["won", "lost", "cancelled"]


async def test_offer_numbers_run_per_year_without_gaps(client, w) -> None:
    year = helsinki_today().year
    first = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    second = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    assert (first["number"], second["number"]) == (f"TAR-{year}-000001", f"TAR-{year}-000002")


async def test_a_repeated_create_with_the_same_idempotency_key_makes_one_offer(client, w) -> None:
    body = {
        "title": "Kerran",
        "account_id": w.account["id"],
        "offer_type_id": w.staff_training,
        "lines": [free_line()],
    }
    headers = {**w.seller_h, "Idempotency-Key": "offer-form-1"}
    one = await client.post(f"{API}/offers", json=body, headers=headers)
    two = await client.post(f"{API}/offers", json=body, headers=headers)
    assert (one.status_code, two.status_code) == (201, 201)
    assert two.headers["idempotent-replayed"] == "true"
    assert one.json()["id"] == two.json()["id"]
    other = await client.post(f"{API}/offers", json={**body, "title": "Toisen"}, headers=headers)
    assert other.status_code == 422
    listed = await client.get(f"{API}/offers", params={"q": "Kerran"}, headers=w.seller_h)
    assert len(listed.json()["items"]) == 1


@pytest.mark.parametrize(
    ("lines", "extra", "loc"),
    [
        ([{"quantity": "1", "unit_price": "10"}], {}, ["body", "lines", 0, "name"]),
        (
            [free_line(), {"name": "Ilman hintaa", "quantity": "1"}],
            {},
            ["body", "lines", 1, "unit_price"],
        ),
        ([free_line("0")], {}, ["body", "lines", 0, "quantity"]),
        ([free_line("1.2345")], {}, ["body", "lines", 0, "quantity"]),
        ([free_line("1", "10.005")], {}, ["body", "lines", 0, "unit_price"]),
        ([free_line(discount_percent="101")], {}, ["body", "lines", 0, "discount_percent"]),
        ([], {}, ["body", "lines"]),
        (
            None,
            {"attachments": [{"name": "Sisältö", "url": "http://levy.example/a.pdf"}]},
            ["body", "attachments", 0, "url"],
        ),
        (
            None,
            {"attachments": [{"name": "Sisältö", "url": "https://u:p@levy.example/a.pdf"}]},
            ["body", "attachments", 0, "url"],
        ),
        (None, {"valid_until": "2020-01-01"}, ["body", "valid_until"]),
        (None, {"offered_on": "2999-01-01"}, ["body", "offered_on"]),
    ],
)
async def test_invalid_offers_are_refused_with_the_field_located(
    client, w, lines, extra, loc
) -> None:
    body = {
        "title": "Virheellinen",
        "account_id": w.account["id"],
        "offer_type_id": w.staff_training,
        "lines": [free_line()] if lines is None else lines,
        **extra,
    }
    resp = await client.post(f"{API}/offers", json=body, headers=w.seller_h)
    assert resp.status_code == 422, resp.text
    assert loc in problem_locs(resp)


async def test_an_inactive_product_and_a_contact_of_another_account_are_refused(
    client, w, make_account, make_contact
) -> None:
    old = await make_product(client, w.admin, name="Vanha kurssi", is_active=False)
    resp = await client.post(
        f"{API}/offers",
        json={
            "title": "Vanha",
            "account_id": w.account["id"],
            "offer_type_id": w.staff_training,
            "lines": [free_line(), {"product_id": old["id"], "quantity": "1"}],
        },
        headers=w.seller_h,
    )
    assert resp.status_code == 422
    assert problem_locs(resp) == [["body", "lines", 1, "product_id"]]
    other = await make_account(w.seller_h, name="Toinen Oy")
    contact = await make_contact(w.seller_h, accounts=[{"account_id": other["id"]}])
    resp = await client.post(
        f"{API}/offers",
        json={
            "title": "Väärä yhteyshenkilö",
            "account_id": w.account["id"],
            "contact_id": contact["id"],
            "offer_type_id": w.staff_training,
            "lines": [free_line()],
        },
        headers=w.seller_h,
    )
    assert resp.status_code == 422
    assert problem_locs(resp) == [["body", "contact_id"]]


async def test_attachments_by_reference_and_the_contact_are_kept(client, w, make_contact) -> None:
    contact = await make_contact(w.seller_h, accounts=[{"account_id": w.account["id"]}])
    offer = await make_offer(
        client,
        w.seller_h,
        w.account["id"],
        w.staff_training,
        contact_id=contact["id"],
        attachments=[
            {"name": "Koulutuksen sisältökuvaus", "url": "https://levy.example/tarjoukset/ts.pdf"}
        ],
    )
    assert offer["attachments"] == [
        {"name": "Koulutuksen sisältökuvaus", "url": "https://levy.example/tarjoukset/ts.pdf"}
    ]
    assert offer["contact_id"] == contact["id"]
    assert offer["contact_name"] == f"{contact['first_name']} {contact['last_name']}"


# ------------------------------------------------------------------ passive accounts


async def test_a_passive_account_takes_no_new_offers_or_orders(client, w) -> None:
    offer = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    await passivate(client, w.admin, w.account["id"], "Toiminta lopetettu")
    resp = await client.post(
        f"{API}/offers",
        json={
            "title": "Liian myöhään",
            "account_id": w.account["id"],
            "offer_type_id": w.staff_training,
            "lines": [free_line()],
        },
        headers=w.seller_h,
    )
    assert resp.status_code == 422
    assert problem_locs(resp) == [["body", "account_id"]]
    assert "Rakennus Oy" in resp.json()["detail"]
    assert "passive" in resp.json()["detail"]
    order = await client.post(
        f"{API}/orders",
        json={"title": "Tilaus", "account_id": w.account["id"], "lines": [free_line()]},
        headers=w.seller_h,
    )
    assert order.status_code == 422
    assert "Rakennus Oy" in order.json()["detail"]
    accepted = await post_with_etag(client, w.seller_h, f"/offers/{offer['id']}", "acceptance", {})
    assert accepted.status_code == 422
    assert problem_locs(accepted) == [["body", "account_id"]]
    # Its open offer keeps its history and may still be closed as lost.
    lost = await post_with_etag(
        client,
        w.seller_h,
        f"/offers/{offer['id']}",
        "status",
        {"status": "lost", "reason": "Asiakas lopetti toimintansa"},
    )
    assert lost.status_code == 200, lost.text


# ------------------------------------------------------------------ editing


async def test_editing_needs_the_etag_and_replaces_the_lines(client, w) -> None:
    offer = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    path = f"{API}/offers/{offer['id']}"
    missing = await client.patch(path, json={"title": "Uusi"}, headers=w.seller_h)
    assert missing.status_code == 428
    stale = await client.patch(
        path, json={"title": "Uusi"}, headers={**w.seller_h, "If-Match": '"99"'}
    )
    assert stale.status_code == 412
    edited = await patch_with_etag(
        client,
        w.seller_h,
        f"/offers/{offer['id']}",
        {"lines": [free_line("4", "250.00", discount_percent="12.5")], "title": "Laajennettu"},
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["version"] == offer["version"] + 1
    assert edited.headers["etag"] == f'"{body["version"]}"'
    assert [ln["line_total"] for ln in body["lines"]] == ["875.00"]
    assert body["total"] == "875.00"
    history = await client.get(f"{path}/history", headers=w.seller_h)
    fields = {h["field"] for h in history.json()["items"]}
    assert {"title", "lines", "total"} <= fields
    same = await patch_with_etag(
        client, w.seller_h, f"/offers/{offer['id']}", {"title": "Laajennettu"}
    )
    assert same.json()["version"] == body["version"]


async def test_a_colleague_reads_but_cannot_edit_and_an_offer_moves_to_the_account_elsewhere(
    client, w
) -> None:
    offer = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    seen = await client.get(f"{API}/offers/{offer['id']}", headers=w.colleague_h)
    assert seen.status_code == 200
    refused = await patch_with_etag(
        client, w.colleague_h, f"/offers/{offer['id']}", {"title": "Minun"}
    )
    assert refused.status_code == 403
    moved = await patch_with_etag(
        client, w.seller_h, f"/offers/{offer['id']}", {"account_id": w.account["id"]}
    )
    assert moved.status_code == 422
    assert problem_locs(moved) == [["body", "account_id"]]


# ------------------------------------------------------------------ accepting


async def test_accepting_creates_the_order_with_the_offers_lines_in_the_same_transaction(
    client, w
) -> None:
    offer = await make_offer(
        client,
        w.seller_h,
        w.account["id"],
        w.staff_training,
        [{"product_id": w.product["id"], "quantity": "2"}, free_line("1", "150.50")],
        description="Kaksi päivää ja materiaalit",
    )
    year = helsinki_today().year
    result = await accept(client, w.seller_h, offer["id"])
    won, order = result["offer"], result["order"]
    assert won["status"] == "won"
    assert won["closed_on"] == helsinki_today().isoformat()
    assert won["order"] == {"id": order["id"], "number": f"TIL-{year}-000001", "status": "ordered"}
    assert won["allowed_statuses"] == []
    assert order["offer_id"] == offer["id"]
    assert order["offer_number"] == offer["number"]
    assert order["offer_type_name"] == "Henkilöstökoulutus"
    assert order["ordered_on"] == helsinki_today().isoformat()
    assert order["lines"] == offer["lines"]
    assert order["total"] == offer["total"] == "1930.50"
    assert (order["owner_id"], order["account_id"]) == (w.seller["id"], w.account["id"])
    assert order["description"] == "Kaksi päivää ja materiaalit"
    assert order["status"] == "ordered"
    assert order["allowed_statuses"] == ["in_delivery", "cancelled"]
    fetched = await client.get(f"{API}/orders/{order['id']}", headers=w.seller_h)
    assert fetched.json() == order
    again = await post_with_etag(client, w.seller_h, f"/offers/{offer['id']}", "acceptance", {})
    assert again.status_code == 409
    assert again.json()["allowed"] == []
    edit = await patch_with_etag(
        client, w.seller_h, f"/offers/{offer['id']}", {"title": "Myöhässä"}
    )
    assert edit.status_code == 409


async def test_a_failed_acceptance_leaves_the_offer_open_and_makes_no_order(client, w) -> None:
    taken = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    await accept(client, w.seller_h, taken["id"], external_reference="ERP:1001")
    offer = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    clash = await post_with_etag(
        client,
        w.seller_h,
        f"/offers/{offer['id']}",
        "acceptance",
        {"external_reference": "ERP:1001"},
    )
    assert clash.status_code == 409
    after = await client.get(f"{API}/offers/{offer['id']}", headers=w.seller_h)
    assert (after.json()["status"], after.json()["order"]) == ("open", None)
    orders = await client.get(
        f"{API}/orders", params={"account_id": w.account["id"]}, headers=w.seller_h
    )
    assert [o["offer_id"] for o in orders.json()["items"]] == [taken["id"]]


async def test_the_order_date_is_not_in_the_future_nor_before_the_offer(client, w) -> None:
    day = helsinki_today()
    offer = await make_offer(
        client,
        w.seller_h,
        w.account["id"],
        w.staff_training,
        offered_on=(day - timedelta(days=10)).isoformat(),
    )
    for bad in (day + timedelta(days=1), day - timedelta(days=11)):
        resp = await post_with_etag(
            client,
            w.seller_h,
            f"/offers/{offer['id']}",
            "acceptance",
            {"ordered_on": bad.isoformat()},
        )
        assert resp.status_code == 422, resp.text
        assert problem_locs(resp) == [["body", "ordered_on"]]
    result = await accept(
        client, w.seller_h, offer["id"], ordered_on=(day - timedelta(days=3)).isoformat()
    )
    assert result["order"]["ordered_on"] == (day - timedelta(days=3)).isoformat()


async def test_accepting_needs_the_right_to_create_orders(client, w, make_user, role_id) -> None:
    role = await client.post(
        f"{API}/roles",
        json={
            "name": "offers-only",
            "privileges": [
                {"entity": e, "action": a, "depth": "organisation"}
                for e in ("offer", "account", "offer_type")
                for a in ("read", "create", "update")
            ]
            + [{"entity": "order", "action": "read", "depth": "organisation"}],
        },
        headers=w.admin,
    )
    assert role.status_code == 201, role.text
    _, headers = await make_user("offers-only")
    offer = await make_offer(client, headers, w.account["id"], w.staff_training)
    resp = await post_with_etag(client, headers, f"/offers/{offer['id']}", "acceptance", {})
    assert resp.status_code == 403
    still = await client.get(f"{API}/offers/{offer['id']}", headers=headers)
    assert still.json()["status"] == "open"


# ------------------------------------------------------------------ losing, cancelling, reopening


async def test_losing_needs_a_reason_and_a_lost_offer_may_be_reopened(client, w) -> None:
    offer = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    path = f"/offers/{offer['id']}"
    no_reason = await post_with_etag(client, w.seller_h, path, "status", {"status": "lost"})
    assert no_reason.status_code == 422
    assert problem_locs(no_reason) == [["body", "reason"]]
    won = await post_with_etag(client, w.seller_h, path, "status", {"status": "won"})
    assert won.status_code == 422
    lost = await post_with_etag(
        client, w.seller_h, path, "status", {"status": "lost", "reason": "Kilpailija halvempi"}
    )
    assert lost.status_code == 200, lost.text
    assert (lost.json()["status"], lost.json()["status_reason"]) == ("lost", "Kilpailija halvempi")
    assert lost.json()["allowed_statuses"] == ["open"]
    not_open = await post_with_etag(client, w.seller_h, path, "acceptance", {})
    assert not_open.status_code == 409
    assert not_open.json()["allowed"] == ["open"]
    reopened = await post_with_etag(
        client, w.seller_h, path, "reopening", {"reason": "Asiakas palasi asiaan"}
    )
    assert reopened.status_code == 200, reopened.text
    assert (reopened.json()["status"], reopened.json()["closed_on"]) == ("open", None)


async def test_reopening_an_offer_past_its_validity_needs_a_new_validity(client, w) -> None:
    day = helsinki_today()
    offer = await make_offer(
        client,
        w.seller_h,
        w.account["id"],
        w.staff_training,
        offered_on=(day - timedelta(days=40)).isoformat(),
        valid_until=(day - timedelta(days=10)).isoformat(),
    )
    assert offer["is_expired"] is True
    expired = await client.get(f"{API}/offers", params={"expired": True}, headers=w.seller_h)
    assert [o["id"] for o in expired.json()["items"]] == [offer["id"]]
    path = f"/offers/{offer['id']}"
    lost = await post_with_etag(
        client, w.seller_h, path, "status", {"status": "lost", "reason": "Vanheni"}
    )
    assert lost.status_code == 200
    assert lost.json()["is_expired"] is False
    refused = await post_with_etag(client, w.seller_h, path, "reopening", {"reason": "Uusi yritys"})
    assert refused.status_code == 422
    assert problem_locs(refused) == [["body", "valid_until"]]
    until = (day + timedelta(days=14)).isoformat()
    reopened = await post_with_etag(
        client, w.seller_h, path, "reopening", {"reason": "Uusi yritys", "valid_until": until}
    )
    assert reopened.status_code == 200, reopened.text
    assert (reopened.json()["valid_until"], reopened.json()["is_expired"]) == (until, False)


async def test_a_cancelled_offer_stays_cancelled(client, w) -> None:
    offer = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    path = f"/offers/{offer['id']}"
    cancelled = await post_with_etag(client, w.seller_h, path, "status", {"status": "cancelled"})
    assert cancelled.status_code == 200, cancelled.text
    again = await post_with_etag(client, w.seller_h, path, "reopening", {"reason": "Virhe"})
    assert again.status_code == 409
    assert "cancelled" in again.json()["detail"]


# ------------------------------------------------------------------ lists


async def test_the_offer_list_filters_by_status_type_owner_and_expiry(client, w) -> None:
    day = helsinki_today()
    soon = await make_offer(
        client,
        w.seller_h,
        w.account["id"],
        w.staff_training,
        title="Pian päättyvä",
        valid_until=(day + timedelta(days=5)).isoformat(),
    )
    later = await make_offer(
        client, w.seller_h, w.account["id"], w.staff_training, title="Myöhempi"
    )
    service_order = await offer_type_id(client, w.seller_h, "service_order")
    other_type = await make_offer(
        client, w.manager_h, w.account["id"], service_order, title="Palvelu"
    )
    lost = await make_offer(client, w.seller_h, w.account["id"], w.staff_training, title="Hävitty")
    await post_with_etag(
        client, w.seller_h, f"/offers/{lost['id']}", "status", {"status": "lost", "reason": "Ei"}
    )

    async def ids(**params: Any) -> set[str]:
        resp = await client.get(f"{API}/offers", params=params, headers=w.manager_h)
        assert resp.status_code == 200, resp.text
        return {o["id"] for o in resp.json()["items"]}

    assert await ids(expiring_within_days=14) == {soon["id"]}
    assert await ids(status="lost") == {lost["id"]}
    assert await ids(status=["open"], offer_type_id=w.staff_training) == {soon["id"], later["id"]}
    assert await ids(offer_type_id=service_order) == {other_type["id"]}
    assert await ids(owner_id=w.seller["id"], status="open") == {soon["id"], later["id"]}
    assert await ids(q="pian") == {soon["id"]}
    assert await ids(q=soon["number"]) == {soon["id"]}
    by_validity = await client.get(
        f"{API}/offers",
        params={"sort": "valid_until", "status": "open", "limit": 1},
        headers=w.manager_h,
    )
    assert by_validity.json()["items"][0]["id"] == soon["id"]
    assert by_validity.json()["next_cursor"] is not None


# ------------------------------------------------------------------ the activity, timeline, feed


async def test_an_offer_links_the_meeting_where_it_was_made_and_shows_on_the_timeline(
    client, w, make_account
) -> None:
    meeting = await client.post(
        f"{API}/activities",
        json={
            "type": "meeting",
            "subject": "Koulutustarpeiden kartoitus",
            "regarding_type": "account",
            "regarding_id": w.account["id"],
        },
        headers=w.seller_h,
    )
    assert meeting.status_code == 201, meeting.text
    offer = await make_offer(
        client, w.seller_h, w.account["id"], w.staff_training, activity_id=meeting.json()["id"]
    )
    assert offer["activity_id"] == meeting.json()["id"]
    assert offer["activity_subject"] == "Koulutustarpeiden kartoitus"
    other = await make_account(w.seller_h, name="Muu Asiakas Oy")
    wrong = await client.post(
        f"{API}/offers",
        json={
            "title": "Väärä tapaaminen",
            "account_id": other["id"],
            "offer_type_id": w.staff_training,
            "lines": [free_line()],
            "activity_id": meeting.json()["id"],
        },
        headers=w.seller_h,
    )
    assert wrong.status_code == 422
    assert problem_locs(wrong) == [["body", "activity_id"]]
    follow_up = await client.post(
        f"{API}/activities",
        json={
            "type": "task",
            "subject": "Soita tarjouksesta",
            "regarding_type": "offer",
            "regarding_id": offer["id"],
        },
        headers=w.seller_h,
    )
    assert follow_up.status_code == 201, follow_up.text
    timeline = await client.get(f"{API}/accounts/{w.account['id']}/timeline", headers=w.seller_h)
    items = {i["id"]: i for i in timeline.json()["items"]}
    regarding = items[follow_up.json()["id"]]["regarding"]
    assert regarding == {
        "type": "offer",
        "id": offer["id"],
        "label": f"{offer['number']} Työturvallisuuskoulutus",
    }


async def test_offers_and_orders_are_in_the_changes_feed(client, w) -> None:
    offer = await make_offer(client, w.seller_h, w.account["id"], w.staff_training)
    result = await accept(client, w.seller_h, offer["id"])
    feed = await client.get(
        f"{API}/changes", params=[("entity", "offer"), ("entity", "order")], headers=w.manager_h
    )
    assert feed.status_code == 200, feed.text
    items = {(i["entity"], i["id"]): i for i in feed.json()["items"]}
    assert items[("offer", offer["id"])]["data"]["status"] == "won"
    order = items[("order", result["order"]["id"])]["data"]
    assert order["total"] == offer["total"]
    assert order["lines"][0]["unit_price"] == "100.00"
