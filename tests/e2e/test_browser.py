"""The SPA end to end: a salesperson creates an account, adds a contact, edits it, and reads
its history, then switches the UI to English; an admin creates, uses and revokes an API key."""

from __future__ import annotations

import random
import re
import urllib.error
import urllib.request

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
Browser = sync_api.Browser
Page = sync_api.Page
expect = sync_api.expect

pytestmark = pytest.mark.e2e

DEMO_EMAIL = "admin@kumppani.example"
DEMO_PASSWORD = "kumppani-demo"
READ_ONLY_EMAIL = "leena.readonly6@kumppani.example"


def valid_business_id(rng: random.Random) -> str:
    """A random Finnish business ID (Y-tunnus) with a correct check digit."""
    weights = (7, 9, 10, 5, 8, 4, 2)
    while True:
        digits = [rng.randrange(10) for _ in range(7)]
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder == 1:
            continue
        check = 0 if remainder == 0 else 11 - remainder
        return "".join(map(str, digits)) + f"-{check}"


def log_in(page: Page, base_url: str, email: str = DEMO_EMAIL) -> None:
    page.goto(f"{base_url}/login")
    form = page.get_by_test_id("login-form")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    # Enter submits the form.
    form.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(r"/accounts$"))
    expect(page.get_by_test_id("accounts-table").locator("tbody tr").first).to_be_visible()


def test_create_account_add_contact_edit_and_read_history(
    browser: Browser, live_server: str
) -> None:
    rng = random.Random()
    business_id = valid_business_id(rng)
    name = f"E2E Testi {rng.randrange(10**6)} Oy"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    try:
        log_in(page, live_server)

        page.get_by_test_id("new-account").click()
        form = page.get_by_test_id("account-create-form")
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=business_id]").fill(business_id)
        form.locator("input[name=phone]").fill("+358401234567")
        page.get_by_test_id("account-save").click()
        page.wait_for_url(re.compile(r"/accounts/[^/]+$"))
        expect(page.get_by_test_id("account-name")).to_have_text(name)
        expect(page.get_by_test_id("account-details")).to_contain_text(business_id)

        page.get_by_test_id("tab-contacts").click()
        page.get_by_test_id("add-contact").click()
        contact = page.get_by_test_id("contact-form")
        contact.locator("input[name=first_name]").fill("Maija")
        contact.locator("input[name=last_name]").fill("Meikäläinen")
        contact.locator("input[name=role]").fill("Toimitusjohtaja")
        contact.locator("input[name=phone]").fill("+358501112233")
        page.get_by_test_id("contact-save").click()
        expect(page.get_by_test_id("account-contacts")).to_contain_text("Maija Meikäläinen")

        page.get_by_test_id("tab-details").click()
        page.get_by_test_id("edit-account").click()
        edit = page.get_by_test_id("account-edit-form")
        edit.locator("input[name=phone]").fill("+358409876543")
        # The account manager is picked by name from a server-side search, not typed as an id.
        manager = edit.get_by_test_id("field-account-manager")
        manager.click()
        manager.fill("Sanna")
        page.get_by_role("option", name="Sanna Virtanen").click()
        expect(manager).to_have_value("Sanna Virtanen")
        page.get_by_test_id("account-edit-save").click()
        expect(page.get_by_test_id("account-phone")).to_have_text("+358409876543")
        expect(page.get_by_test_id("account-manager")).to_have_text("Sanna Virtanen")
        expect(page.get_by_test_id("account-owner")).to_have_text("Ylläpitäjä Admin")

        page.get_by_test_id("tab-history").click()
        history = page.get_by_test_id("history-table")
        expect(history.locator("td[data-field=phone]")).to_have_text("Puhelin")
        expect(history).to_contain_text("+358409876543")
        manager_row = history.locator("tr", has=page.locator("td[data-field=account_manager_id]"))
        expect(manager_row).to_contain_text("Sanna Virtanen")

        expect(page.get_by_test_id("nav-accounts")).to_contain_text("Asiakkaat")
        page.get_by_test_id("language-switch").get_by_text("EN", exact=True).click()
        expect(page.get_by_test_id("nav-accounts")).to_contain_text("Accounts")
        expect(page.get_by_test_id("tab-history")).to_have_text("History")
    finally:
        context.close()


def test_read_only_user_sees_no_edit_controls(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    try:
        log_in(page, live_server, READ_ONLY_EMAIL)
        expect(page.get_by_test_id("new-account")).to_have_count(0)
        expect(page.get_by_test_id("nav-admin")).to_have_count(0)
        page.get_by_test_id("accounts-table").locator("tbody tr a").first.click()
        expect(page.get_by_test_id("account-details")).to_be_visible()
        expect(page.get_by_test_id("account-owner")).not_to_have_text("…")
        expect(page.get_by_test_id("edit-account")).to_have_count(0)
        page.get_by_test_id("tab-contacts").click()
        expect(page.get_by_test_id("add-contact")).to_have_count(0)

        # Switching language keeps the current page.
        url = page.url
        page.get_by_test_id("language-switch").get_by_text("SV", exact=True).click()
        expect(page.get_by_test_id("tab-contacts")).to_have_text("Kontaktpersoner")
        assert page.url == url
    finally:
        context.close()


def _status_with_key(base_url: str, secret: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base_url}/api/v1/accounts?limit=1", headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 - loopback only
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_admin_creates_uses_and_revokes_an_api_key(browser: Browser, live_server: str) -> None:
    name = f"E2E avain {random.randrange(10**6)}"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    try:
        log_in(page, live_server)
        page.get_by_test_id("nav-admin").click()
        page.get_by_test_id("nav-admin-api-keys").click()
        page.wait_for_url(re.compile(r"/admin/api-keys$"))

        page.get_by_test_id("new-api-key").click()
        form = page.get_by_test_id("api-key-form")
        # The name field has the focus, so typing goes straight in.
        expect(form.locator("input[name=name]")).to_be_focused()
        page.keyboard.type(name)
        user = page.get_by_test_id("api-key-user")
        user.click()
        user.fill("Sanna")
        page.get_by_role("option", name="Sanna Virtanen").click()
        expect(form.locator("input[data-scope='account:read']")).to_be_checked()
        expect(form.locator("input[data-scope='contact:read']")).to_be_checked()
        # Enter submits.
        form.locator("input[name=name]").press("Enter")

        secret_field = page.get_by_test_id("api-key-secret")
        expect(secret_field).to_have_value(re.compile(r"^kmp_"))
        secret = secret_field.input_value()
        page.get_by_test_id("api-key-secret-done").click()
        expect(secret_field).to_have_count(0)

        row = page.get_by_test_id("api-keys-table").locator("tr", has_text=name)
        expect(row).to_contain_text("Sanna Virtanen")
        expect(row).to_contain_text("account:read")
        expect(row).not_to_contain_text(secret)
        assert _status_with_key(live_server, secret) == 200

        row.get_by_test_id("api-key-revoke").click()
        page.get_by_test_id("api-key-revoke-confirm").click()
        expect(row.get_by_test_id("api-key-status")).to_have_text("Mitätöity")
        expect(row.get_by_test_id("api-key-revoke")).to_have_count(0)
        assert _status_with_key(live_server, secret) == 401
    finally:
        context.close()
