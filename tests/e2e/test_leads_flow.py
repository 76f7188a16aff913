"""Leads end to end: customer service (Aino Nieminen) enters a lead from a call with the
keyboard only; the routing rules send "Maakaasuliittymä" in Tampere to Sanna Virtanen, who
opens it and converts it to a sales project with the wizard. Another lead, received days ago,
breaches its SLA once the watch job runs (`POST /lead-sla-checks` as the admin) and shows in
customer service's breached view of the inbox.

The time the keyboard entry took is printed (`quick entry: … s`), not asserted."""

from __future__ import annotations

import os
import random
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.test_sales_flow import Api

sync_api = pytest.importorskip("playwright.sync_api")
Browser = sync_api.Browser
Page = sync_api.Page
expect = sync_api.expect

pytestmark = pytest.mark.e2e

PASSWORD = "kumppani-demo"
SERVICE = "aino.service4@kumppani.example"  # Aino Nieminen (api/demo.py ROLE_USERS)
SELLER = "sanna.sales2@kumppani.example"  # Sanna Virtanen
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def log_in_as(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    form = page.get_by_test_id("login-form")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(r"/accounts$"))
    expect(page.get_by_test_id("user-menu")).not_to_contain_text("…")


def test_a_called_in_lead_is_routed_converted_and_a_late_one_shows_as_breached(
    browser: Browser, live_server: str
) -> None:
    tag = f"{random.randrange(10**6):06d}"
    company = f"E2E Kaasutin {tag} Oy"
    api = Api(live_server)
    gas = api.call("GET", "/products?q=Maakaasuliittym%C3%A4&limit=5")["items"][0]

    # --- Customer service types the lead from a call: keyboard only.
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fi-FI")
    try:
        page = context.new_page()
        log_in_as(page, live_server, SERVICE)
        page.goto(f"{live_server}/leads")
        expect(page.get_by_test_id("lead-views")).to_be_visible()
        page.keyboard.press("n")
        page.keyboard.press("l")
        page.wait_for_url(re.compile(r"/leads/new$"))
        expect(page.get_by_test_id("lead-company")).to_be_focused()
        started = time.monotonic()
        kb = page.keyboard
        kb.type(company)
        kb.press("Tab")
        kb.type("Maija Meikäläinen")
        kb.press("Tab")
        kb.type(f"040 {tag[:3]} {tag[3:]}")
        kb.press("Tab")
        kb.type(f"maija.{tag}@kaasutin.example")
        kb.press("Tab")
        kb.press("Tab")  # no business ID
        kb.type("Tampere")
        kb.press("Tab")
        kb.type("Maakaasu")
        option = page.get_by_role("option", name=gas["name"])
        expect(option).to_be_visible()
        # Enter picks the highlighted option: wait until the list has highlighted
        # the first match (Mantine does it a tick after the options render).
        expect(option).to_have_attribute("data-combobox-selected", "true")
        kb.press("Enter")
        expect(page.get_by_test_id("lead-product")).to_have_value(gas["name"])
        kb.press("Tab")  # source: phone call already
        kb.press("Tab")
        kb.type("Haluaa tarjouksen kaasuliittymästä tehtaalle.")
        kb.press("Control+Enter")
        page.wait_for_url(re.compile(r"/leads/[0-9a-f-]{36}$"))
        print(f"quick entry: {time.monotonic() - started:.1f} s")
        lead_url = page.url
        expect(page.get_by_test_id("lead-owner")).to_have_text("Sanna Virtanen")
        expect(page.get_by_test_id("lead-region")).to_contain_text("Pirkanmaa")
        matched = page.locator("[data-testid=routing-step][data-outcome=matched]")
        expect(matched).to_contain_text("Kaasu – Pirkanmaa ja Häme")
    finally:
        context.close()

    # --- The seller converts it to a sales project.
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fi-FI")
    try:
        page = context.new_page()
        log_in_as(page, live_server, SELLER)
        page.goto(f"{live_server}/leads?view=mine")
        expect(page.get_by_role("link", name=company)).to_be_visible()
        page.goto(lead_url)
        page.get_by_test_id("lead-acknowledge").click()
        expect(page.get_by_test_id("lead-acknowledge")).to_have_count(0)
        page.get_by_test_id("lead-convert").click()
        wizard = page.get_by_test_id("conversion-wizard")
        wizard.get_by_test_id("candidate-account-new").check()
        wizard.get_by_test_id("wizard-next").click()
        expect(wizard.get_by_test_id("wizard-last-name")).to_have_value("Meikäläinen")
        wizard.get_by_test_id("wizard-next").click()
        project_type = wizard.get_by_test_id("wizard-project-type")
        project_type.click()
        project_type.fill("Kaasu")
        page.get_by_role("option", name=re.compile("Kaasu", re.I)).first.click()
        wizard.get_by_test_id("wizard-convert").click()
        page.wait_for_url(re.compile(r"/sales-projects/[0-9a-f-]{36}$"))
        page.goto(lead_url)
        expect(page.get_by_test_id("lead-converted")).to_contain_text(company)
        expect(page.get_by_test_id("lead-status")).not_to_have_attribute("data-status", "open")
    finally:
        context.close()

    # --- A lead received five days ago breaches its SLA when the watch job runs.
    late = f"E2E Myöhässä {tag} Oy"
    received = (datetime.now(UTC) - timedelta(days=5)).isoformat()
    api.call(
        "POST",
        "/leads",
        {
            "company_name": late,
            "contact_name": "Pekka Puhelias",
            "phone": f"050 {tag}",
            "product_id": gas["id"],
            "municipality": "Tampere",
            "received_at": received,
            "source": "phone_call",
        },
    )
    check = api.call("POST", "/lead-sla-checks", {})
    assert check["breached"] >= 1
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fi-FI")
    try:
        page = context.new_page()
        log_in_as(page, live_server, SERVICE)
        page.goto(f"{live_server}/leads")
        page.get_by_test_id("lead-view-breached").click()
        page.wait_for_url(re.compile(r"view=breached"))
        row = page.get_by_test_id("lead-row").filter(has_text=late)
        expect(row.get_by_test_id("lead-sla")).to_have_attribute("data-state", "breached")
        expect(page.get_by_test_id("lead-count-breached")).not_to_have_text("0")
        if os.environ.get("KUMPPANI_SCREENSHOTS"):
            page.screenshot(path=str(SCREENSHOTS / "leads-inbox.png"))
    finally:
        context.close()
