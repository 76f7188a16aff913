"""Segments and care plans end to end, as the issue tells it:

- the energy unit's manager (Mirja Mäkinen) builds the dynamic segment "Uusimaa, size class 5
  or larger, ordered in the last year" in the visual builder and sees its count live and on
  the segment page (the same figure the API gives her);
- the account manager (Sanna Virtanen) proposes class A for one of its accounts; A needs a
  manager's approval, which Mirja gives in her approvals list;
- the demo's A care plan (weekly touches) puts this week's touch into Sanna's own work at
  once; she marks it done and her compliance figures count it done on time.

The account (with its order a month ago) is set up through the API as the demo admin.
"""

from __future__ import annotations

import os
import random
import re
import urllib.parse
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.test_leads_flow import SCREENSHOTS, SELLER, log_in_as
from tests.e2e.test_sales_flow import Api

sync_api = pytest.importorskip("playwright.sync_api")
Browser = sync_api.Browser
Page = sync_api.Page
Locator = sync_api.Locator
expect = sync_api.expect

pytestmark = pytest.mark.e2e

MANAGER = "mirja.manager0@kumppani.example"  # Mirja Mäkinen, manager of Energia
PASSWORD = "kumppani-demo"
HELSINKI = ZoneInfo("Europe/Helsinki")


class UserApi(Api):
    """The API as another demo user."""

    def __init__(self, base_url: str, email: str) -> None:
        self.base_url = base_url
        self.token = ""
        self.token = self.call("POST", "/auth/token", {"email": email, "password": PASSWORD})[
            "access_token"
        ]


def finnish_context(browser: Browser) -> Any:
    """A browser context whose UI language is Finnish, whatever the user's saved locale."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fi-FI")
    context.add_init_script("window.localStorage.setItem('kumppani.language', 'fi')")
    return context


def pick_in(page: Page, select: Locator, text: str) -> None:
    """Type into a searchable select and press Enter once the list highlights the match."""
    select.click()
    select.fill(text)
    option = page.get_by_role("option", name=text, exact=True)
    expect(option).to_be_visible()
    expect(option).to_have_attribute("data-combobox-selected", "true")
    select.press("Enter")


def choose(page: Page, select: Locator, option: str) -> None:
    """Open a plain select and click the option."""
    select.click()
    page.get_by_role("option", name=option, exact=True).click()


def on_time(page: Page) -> int:
    cell = page.get_by_test_id("compliance-total-on-time")
    expect(cell).to_have_text(re.compile(r"^\d+$"))
    return int(cell.inner_text())


def test_segment_class_a_with_approval_and_care_plan_touches(
    browser: Browser, live_server: str
) -> None:
    today = datetime.now(HELSINKI).date()
    if today.weekday() >= 5:
        # The weekly touch is due on Friday: at a weekend this week's is over and the next
        # one is not "this week" in the work page yet.
        pytest.skip("the weekly care-plan touch of this week is due on Friday")
    tag = f"{random.randrange(10**6):06d}"
    name = f"E2E Segmenttiasiakas {tag} Oy"
    admin = Api(live_server)
    manager_api = UserApi(live_server, MANAGER)
    sanna = UserApi(live_server, SELLER).call("GET", "/me")
    account = admin.call(
        "POST",
        "/accounts",
        {
            "name": name,
            "region": "Uusimaa",
            "municipality": "Espoo",
            "size_class": 6,
            "business_unit_id": sanna["business_unit_id"],
            "owner_id": sanna["id"],
            "account_manager_id": sanna["id"],
        },
    )
    admin.call(
        "POST",
        "/orders",
        {
            "title": "Työturvallisuuskoulutus",
            "account_id": account["id"],
            "ordered_on": (today - timedelta(days=30)).isoformat(),
            "lines": [{"name": "Työturvallisuuskortti", "quantity": "12", "unit_price": "95.00"}],
        },
    )
    rule = {
        "all": [
            {"field": "region", "op": "eq", "value": "Uusimaa"},
            {"field": "size_class", "op": "gte", "value": 5},
            {
                "has": "orders",
                "where": {
                    "all": [{"field": "ordered_at", "op": "within_last", "value": {"days": 365}}]
                },
            },
        ]
    }
    expected = manager_api.call("POST", "/segments/preview", {"rule": rule})["count"]
    assert expected >= 1

    # --- The manager builds the segment in the visual builder and sees its count.
    manager = finnish_context(browser)
    try:
        page = manager.new_page()
        log_in_as(page, live_server, MANAGER)
        page.goto(f"{live_server}/segments")
        builder = page.get_by_test_id("segment-rule")
        page.get_by_test_id("segment-name").fill(f"Uusimaa, isot, tilanneet {tag}")

        pick_in(page, builder.get_by_test_id("filter-add").last, "Alue")
        region = builder.get_by_test_id("filter-condition").nth(0)
        region.get_by_test_id("filter-value").fill("Uusimaa")

        pick_in(page, builder.get_by_test_id("filter-add").last, "Kokoluokka")
        size = builder.get_by_test_id("filter-condition").nth(1)
        choose(page, size.get_by_test_id("filter-op"), "vähintään")
        size.get_by_test_id("filter-value").fill("5")

        pick_in(page, builder.get_by_test_id("filter-add").last, "On tilaus, jossa")
        has = builder.get_by_test_id("filter-has")
        pick_in(page, has.get_by_test_id("filter-add").last, "Tilauspäivä")
        choose(page, has.get_by_test_id("filter-op"), "viimeisten")
        expect(has.get_by_test_id("filter-value")).to_have_value("365 päivää")

        live = page.get_by_test_id("segment-live-count")
        expect(live).to_have_attribute("data-count", str(expected))
        if os.environ.get("KUMPPANI_SCREENSHOTS"):
            page.screenshot(path=str(SCREENSHOTS / "segment-builder.png"), full_page=True)
        page.get_by_test_id("segment-create").click()
        page.wait_for_url(re.compile(r"/segments/[0-9a-f-]{36}$"))
        expect(page.get_by_test_id("segment-count")).to_contain_text(f"{expected} jäsentä")
        segment_id = page.url.rsplit("/", 1)[1]
        members = member_ids(manager_api, segment_id)
        assert account["id"] in members
        assert len(members) == expected
    finally:
        manager.close()

    # --- The account manager proposes class A: it waits for the manager's approval.
    seller = finnish_context(browser)
    try:
        page = seller.new_page()
        log_in_as(page, live_server, SELLER)
        page.goto(f"{live_server}/accounts/{account['id']}")
        card = page.get_by_test_id("account-class-card")
        choose(page, card.get_by_role("textbox", name="Vaihda luokka"), "A (avainasiakas)")
        card.get_by_role("textbox", name="Perustelu").fill("Strateginen koulutuskumppani")
        card.get_by_role("button", name="Tallenna").click()
        expect(card.get_by_test_id("class-pending")).to_be_visible()
        expect(page.get_by_test_id("account-care-plan-touch")).to_have_count(0)
        before = compliance_on_time(page, live_server)
    finally:
        seller.close()

    manager = finnish_context(browser)
    try:
        page = manager.new_page()
        log_in_as(page, live_server, MANAGER)
        page.goto(f"{live_server}/account-class-changes")
        row = page.get_by_test_id("class-change-row").filter(has_text=name)
        expect(row).to_be_visible()
        row.get_by_test_id("class-change-approve").click()
        expect(row).to_have_count(0)
    finally:
        manager.close()

    # --- This week's A touch is in the account manager's work; done, compliance counts it.
    seller = finnish_context(browser)
    try:
        page = seller.new_page()
        log_in_as(page, live_server, SELLER)
        page.goto(f"{live_server}/accounts/{account['id']}")
        expect(page.get_by_test_id("account-class")).to_have_text("A (avainasiakas)")
        expect(page.get_by_test_id("account-care-plan-name")).to_have_text(
            "A-asiakkaat: viikoittainen yhteydenpito"
        )
        expect(page.get_by_test_id("account-care-plan-touch").first).to_be_visible()

        page.goto(f"{live_server}/my-work")
        page.get_by_test_id("work-tab-this_week").click()
        table = page.get_by_test_id("work-table-this_week")
        touch = (
            table.locator("tbody tr")
            .filter(has_text=name)
            .filter(has_text="Viikkoyhteydenotto asiakasvastaavalta")
        )
        expect(touch).to_have_count(1)
        if os.environ.get("KUMPPANI_SCREENSHOTS"):
            page.screenshot(path=str(SCREENSHOTS / "my-work-care-plan.png"))
        touch.get_by_test_id("work-complete").click()
        expect(touch).to_have_count(0)

        assert compliance_on_time(page, live_server) == before + 1
    finally:
        seller.close()


def compliance_on_time(page: Page, base_url: str) -> int:
    page.goto(f"{base_url}/care-plans/compliance")
    return on_time(page)


def member_ids(api: Api, segment_id: str) -> set[str]:
    found: set[str] = set()
    cursor = ""
    while True:
        query = "?limit=200" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        result: dict[str, Any] = api.call("GET", f"/segments/{segment_id}/members{query}")
        found |= {m["id"] for m in result["items"]}
        if not result["next_cursor"]:
            return found
        cursor = result["next_cursor"]
