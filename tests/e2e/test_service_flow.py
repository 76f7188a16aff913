"""Customer service end to end: an agent records a call as a service request and delegates it
to a queue; a colleague in that queue gets the mail, picks the request, asks the customer for
information and resolves it; the request's history shows every step.

The users, the queue and the subject are made through the API with the demo admin, so the test
depends on the demo data only for that admin (and creates the general customer if missing)."""

from __future__ import annotations

import json
import os
import random
import re
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
Browser = sync_api.Browser
Page = sync_api.Page
expect = sync_api.expect

if TYPE_CHECKING:
    from conftest import MailSink

pytestmark = pytest.mark.e2e

DEMO_EMAIL = "admin@kumppani.example"
DEMO_PASSWORD = "kumppani-demo"
PASSWORD = "E2e-Salasana-2026!"
GENERAL_CUSTOMER = "_Asiakaspalvelun yleisasiakas"


class Api:
    """Just enough of the API to set the scene, as the demo admin."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.token = ""
        self.token = self.call(
            "POST", "/auth/token", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
        )["access_token"]

    def call(self, method: str, path: str, body: object | None = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310 - the test's own server
            f"{self.base_url}/api/v1{path}",
            data=None if body is None else json.dumps(body).encode(),
            headers=headers,
            method=method,
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310
                text = resp.read().decode()
        except urllib.error.HTTPError as exc:
            pytest.fail(f"{method} {path} → {exc.code}: {exc.read().decode()}")
        return json.loads(text) if text else None


def set_the_scene(api: Api, tag: str) -> dict[str, Any]:
    """Two service agents in the admin's unit, a queue with the colleague in it, a subject."""
    me = api.call("GET", "/me")
    roles = api.call("GET", "/roles?limit=200")["items"]
    service_role = next(r["id"] for r in roles if r["name"] == "service")
    people = {}
    for key, name in (("agent", "Asta Asiakaspalvelija"), ("colleague", "Ville Laskuttaja")):
        email = f"e2e-{key}-{tag}@kumppani.example"
        user = api.call(
            "POST",
            "/users",
            {
                "email": email,
                "name": f"{name} {tag}",
                "password": PASSWORD,
                "locale": "fi",
                "business_unit_id": me["business_unit_id"],
                "role_ids": [service_role],
            },
        )
        people[key] = {"id": user["id"], "email": email, "name": user["name"]}
    queue = api.call(
        "POST",
        "/queues",
        {"name": f"E2E Laskutusjono {tag}", "business_unit_id": me["business_unit_id"]},
    )
    api.call("PUT", f"/queues/{queue['id']}/members", {"user_ids": [people["colleague"]["id"]]})
    subject = api.call("POST", "/subjects", {"name": f"E2E Laskun selvitys {tag}"})
    general = api.call("GET", f"/accounts?q={urllib.request.quote(GENERAL_CUSTOMER)}")["items"]
    if not any(a["name"] == GENERAL_CUSTOMER for a in general):
        api.call("POST", "/accounts", {"name": GENERAL_CUSTOMER, "type": "other"})
    return {"queue": queue, "subject": subject, **people}


def log_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    form = page.get_by_test_id("login-form")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(r"/accounts$"))
    expect(page.get_by_test_id("user-menu")).not_to_contain_text("…")


def choose(page: Page, test_id: str, text: str) -> None:
    """Pick an option of a searchable Mantine select by typing part of its label."""
    field = page.get_by_test_id(test_id)
    field.click()
    field.fill(text)
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()


def change_status(page: Page, status: str) -> None:
    page.get_by_test_id("change-status").click()
    page.get_by_test_id(f"status-option-{status}").click()
    page.get_by_test_id("status-confirm").click()
    expect(page.get_by_test_id("status-badge").first).to_have_attribute("data-status", status)


def test_call_delegated_to_queue_picked_and_resolved_by_a_colleague(
    browser: Browser, live_server: str, smtp_sink: MailSink
) -> None:
    tag = f"{random.randrange(10**6):06d}"
    scene = set_the_scene(Api(live_server), tag)
    queue, subject = scene["queue"], scene["subject"]
    agent_context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fi-FI")
    colleague_context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fi-FI")
    try:
        # --- The agent answers a call: "n" then "c" opens the call form, cursor in Customer.
        agent = agent_context.new_page()
        log_in(agent, live_server, scene["agent"]["email"])
        agent.keyboard.press("n")
        agent.keyboard.press("c")
        agent.wait_for_url(re.compile(r"/service-requests/new-call$"))
        form = agent.get_by_test_id("call-form")
        expect(agent.get_by_test_id("call-account")).to_be_focused()
        # No customer chosen: an unknown caller goes to the general customer.
        form.locator("input[name=caller_name]").fill("Matti Meikäläinen")
        form.locator("input[name=caller_phone]").fill("040 123 4567")
        choose(agent, "call-subject", subject["name"])
        form.locator("textarea[name=description]").fill(
            "Laskulla väärä osoite, asiakas pyytää korjausta."
        )
        agent.get_by_test_id("call-back").check()
        title = form.locator("input[name=title]")
        title.fill(f"Laskussa väärä osoite {tag}")
        title.press("Enter")

        agent.wait_for_url(re.compile(r"/service-requests/[0-9a-f-]{36}$"))
        request_url = agent.url
        number = agent.get_by_test_id("request-number").inner_text().strip()
        assert re.fullmatch(r"PP-\d{4}-\d{6}", number), number
        expect(agent.get_by_test_id("request-title")).to_have_text(f"Laskussa väärä osoite {tag}")
        expect(agent.get_by_test_id("status-badge").first).to_have_text("Kesken")
        expect(agent.get_by_test_id("request-customer")).to_have_text(GENERAL_CUSTOMER)

        # --- …and delegates it to the billing queue with a note.
        agent.get_by_test_id("delegate").click()
        agent.get_by_test_id("delegate-target").get_by_text("Jonoon").click()
        choose(agent, "delegate-queue", queue["name"])
        agent.get_by_test_id("delegate-note").fill("Tarkistatteko laskutusosoitteen?")
        agent.get_by_test_id("delegate-confirm").click()
        strip = agent.get_by_test_id("delegation-strip")
        expect(strip).to_contain_text(
            f"Delegoinut {scene['agent']['name']} → {queue['name']} (jono)"
        )
        expect(strip).to_contain_text("ei vielä kuitattu")

        # --- The colleague, a member of the queue, is told by mail at once.
        if not os.environ.get("KUMPPANI_E2E_BASE_URL"):
            mail = smtp_sink.wait_for(
                lambda to, m: scene["colleague"]["email"] in to and number in str(m["Subject"]),
                timeout=20,
            )
            assert "Tarkistatteko laskutusosoitteen?" in mail.get_content()

        # --- The colleague sees the request waiting in the queue (with its count) and picks it.
        colleague = colleague_context.new_page()
        log_in(colleague, live_server, scene["colleague"]["email"])
        expect(colleague.get_by_test_id("notification-count")).not_to_have_attribute(
            "data-count", "0"
        )
        colleague.goto(f"{live_server}/service-requests?queue={queue['id']}")
        expect(colleague.get_by_test_id(f"queue-count-{queue['id']}")).to_have_text("1")
        row = colleague.get_by_test_id("request-row").filter(has_text=number)
        expect(row.get_by_test_id("delegation-cell")).to_contain_text(f"→ {queue['name']} (jono)")
        row.get_by_role("link", name=number).click()
        colleague.wait_for_url(request_url)
        colleague.get_by_test_id("pick-up").click()
        expect(colleague.get_by_test_id("header-owner")).to_have_text(scene["colleague"]["name"])
        expect(colleague.get_by_test_id("delegation-strip")).to_contain_text("kuitattu")
        expect(colleague.get_by_test_id("pick-up")).to_have_count(0)

        # --- Waiting for information, then resolved.
        change_status(colleague, "waiting_for_information")
        expect(colleague.get_by_test_id("status-badge").first).to_have_text("Odotetaan tietoja")
        change_status(colleague, "resolved")
        expect(colleague.get_by_test_id("status-badge").first).to_have_text("Selvitetty")
        # A closed request is reopened explicitly, not through the status menu.
        expect(colleague.get_by_test_id("change-status")).to_have_count(0)
        expect(colleague.get_by_test_id("reopen")).to_be_visible()

        # --- The history shows every step, newest first.
        colleague.get_by_test_id("tab-history").click()
        rows = colleague.get_by_test_id("event-row")
        expect(rows).to_have_count(5)
        kinds = [rows.nth(i).get_attribute("data-kind") for i in range(5)]
        assert kinds == ["status_changed", "status_changed", "picked", "delegated", "created"]
        expect(rows.nth(0)).to_contain_text("Odotetaan tietoja → Selvitetty")
        expect(rows.nth(1)).to_contain_text("Kesken → Odotetaan tietoja")
        expect(rows.nth(2)).to_contain_text(scene["colleague"]["name"])
        expect(rows.nth(3)).to_contain_text(f"→ {queue['name']} (jono)")
        expect(rows.nth(3)).to_contain_text("Tarkistatteko laskutusosoitteen?")
        expect(rows.nth(4)).to_contain_text(scene["agent"]["name"])

        # The agent's own view of the request follows: resolved, owned by the colleague.
        agent.reload()
        expect(agent.get_by_test_id("status-badge").first).to_have_text("Selvitetty")
        expect(agent.get_by_test_id("header-owner")).to_have_text(scene["colleague"]["name"])
    finally:
        agent_context.close()
        colleague_context.close()
