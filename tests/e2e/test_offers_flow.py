"""Offers end to end: from the account page a salesperson (the demo admin) makes an offer with
a catalogue line and a free-text line typed the Finnish way (the live total is exact), the
customer accepts it, the order it became goes into delivery, and the account's purchase
volume shows the order; the offer report downloads as a file.

The account and the product are made through the API first."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tests.e2e.test_sales_flow import Api, log_in

sync_api = pytest.importorskip("playwright.sync_api")
Browser = sync_api.Browser
expect = sync_api.expect

pytestmark = pytest.mark.e2e


def test_an_offer_is_accepted_its_order_delivered_and_the_account_shows_the_purchase(
    browser: Browser, live_server: str
) -> None:
    tag = f"{random.randrange(10**6):06d}"
    api = Api(live_server)
    account = api.call("POST", "/accounts", {"name": f"E2E Koulutusasiakas {tag} Oy"})
    api.call(
        "POST",
        "/products",
        {
            "code": f"E2E-{tag}",
            "name": f"Tulityökortti {tag}",
            "unit": "hlö",
            "unit_price": "95.00",
        },
    )
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fi-FI")
    try:
        page = context.new_page()
        log_in(page, live_server)

        # --- The account's "Offers and orders" tab: nothing bought yet; "Uusi tarjous".
        page.goto(f"{live_server}/accounts/{account['id']}")
        page.get_by_test_id("tab-offers").click()
        expect(page.get_by_test_id("purchase-volume-12m")).to_have_text("0,00\u00a0€")
        page.get_by_test_id("account-new-offer").click()
        page.wait_for_url(re.compile(r"/offers/new\?account="))
        form = page.get_by_test_id("offer-create-form")
        expect(form.get_by_test_id("offer-account")).to_have_value(re.compile(account["name"]))
        form.get_by_role("textbox", name="Tarjoustyyppi").click()
        page.get_by_role("option", name="Henkilöstökoulutus").click()
        form.get_by_role("textbox", name="Otsikko").fill(f"Tulityökoulutus {tag}")

        # --- Line 1 from the catalogue (unit and price filled in), line 2 free text.
        product = form.get_by_role("textbox", name="Tuote 1")
        product.click()
        product.fill(tag)
        page.get_by_role("option", name=re.compile(f"E2E-{tag}")).click()
        expect(form.get_by_role("textbox", name="Yksikkö 1")).to_have_value("hlö")
        expect(form.get_by_role("textbox", name="À-hinta € 1")).to_have_value("95")
        form.get_by_role("textbox", name="Määrä 1").fill("2,5")
        form.get_by_test_id("line-add").click()
        form.get_by_role("textbox", name="Nimike 2").fill("Räätälöity materiaali")
        form.get_by_role("textbox", name="À-hinta € 2").fill("1 250,55")
        form.get_by_role("textbox", name="Ale % 2").fill("12,5")
        # 2.5 × 95 = 237.50; 1250.55 × 0.875 = 1094.23125 → 1094.23
        expect(form.get_by_test_id("lines-total")).to_have_text("1\u00a0331,73\u00a0€")
        form.get_by_role("textbox", name="Ale % 2").press("Enter")

        # --- The offer page: open, the same total; the customer accepts it.
        page.wait_for_url(re.compile(r"/offers/[0-9a-f-]{36}$"))
        expect(page.get_by_test_id("offer-status")).to_have_text("Avoin")
        expect(page.get_by_test_id("offer-total")).to_have_text("1\u00a0331,73\u00a0€")
        expect(page.get_by_test_id("offer-number")).to_have_text(re.compile(r"TAR-\d{4}-\d{6}"))
        page.get_by_test_id("offer-accept").click()
        page.get_by_test_id("offer-action-confirm").click()
        link = page.get_by_test_id("offer-order-link")
        expect(link).to_have_text(re.compile(r"TIL-\d{4}-\d{6}"))
        expect(page.get_by_test_id("offer-status")).to_have_text("Tilaus")

        # --- The order: the offer's lines; into delivery (it may be invoiced now).
        link.click()
        page.wait_for_url(re.compile(r"/orders/[0-9a-f-]{36}$"))
        expect(page.get_by_test_id("order-total")).to_have_text("1\u00a0331,73\u00a0€")
        expect(page.get_by_test_id("saved-line")).to_have_count(2)
        page.get_by_test_id("order-in-delivery").click()
        page.get_by_test_id("order-status-confirm").click()
        expect(page.get_by_test_id("order-status")).to_have_text("Toimituksessa (laskutettavissa)")
        expect(page.get_by_test_id("order-invoiceable")).to_be_visible()

        # --- Back on the account: the purchase volume counts the order.
        page.goto(f"{live_server}/accounts/{account['id']}")
        page.get_by_test_id("tab-offers").click()
        expect(page.get_by_test_id("purchase-volume-12m")).to_have_text("1\u00a0331,73\u00a0€")
        expect(page.get_by_test_id("order-row")).to_have_count(1)
    finally:
        context.close()


def test_the_offer_report_downloads_as_a_file(browser: Browser, live_server: str) -> None:
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="fi-FI", accept_downloads=True
    )
    try:
        page = context.new_page()
        log_in(page, live_server)
        page.goto(f"{live_server}/reports/offers")
        expect(page.get_by_test_id("report-by-type")).to_be_visible()
        with page.expect_download() as info:
            page.get_by_test_id("export-csv").click()
        download = info.value
        assert re.fullmatch(
            r"avoimet-tarjoukset-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename
        )
        path = download.path()
        assert path is not None
        text = Path(path).read_bytes().decode("utf-8-sig")
        assert text.startswith("Tarjoustyyppi;Avoimia, kpl;Avoimia, EUR")
        assert "Yhteensä" in text
    finally:
        context.close()
