"""Sales projects end to end: a salesperson opens a gas connection project from the account
page, completes two stages (the next responsible gets an email each time), sees the project
in the third column of the type's kanban and counted as progressed in this month's report.

The project type (three stages; the second stage's default responsible for the test's region
is a colleague with a known email, the third's is another one), the colleagues and the account
are made through the API with the demo admin, who then uses the browser."""

from __future__ import annotations

import json
import os
import random
import re
import urllib.error
import urllib.request
from pathlib import Path
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
    """Two colleagues in the admin's unit, a gas connection type with three stages whose
    second stage goes to the first colleague in the test's region, and an account there."""
    me = api.call("GET", "/me")
    roles = api.call("GET", "/roles?limit=200")["items"]
    sales_role = next(r["id"] for r in roles if r["name"] == "sales")
    region = f"E2E-alue {tag}"
    people = {"admin": {"id": me["id"], "email": me["email"], "name": me["name"]}}
    for key, name in (("contracts", "Sirpa Sopimus"), ("builder", "Rauno Rakentaja")):
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
                "role_ids": [sales_role],
            },
        )
        people[key] = {"id": user["id"], "email": email, "name": user["name"]}
    project_type = api.call(
        "POST",
        "/project-types",
        {
            "key": f"gas_e2e_{tag}",
            "name": f"Kaasuliittymämyynti E2E {tag}",
            "name_en": f"Gas connection sale E2E {tag}",
            "stages": [
                {
                    "key": "offer",
                    "name": "Tarjous",
                    "default_duration_days": 5,
                    "checklist": ["Laske liittymismaksu"],
                    "responsibles": [{"region": "*", "user_id": me["id"]}],
                },
                {
                    "key": "send_contract",
                    "name": "Lähetä sopimus",
                    "default_duration_days": 3,
                    "is_customer_service": True,
                    "responsibles": [
                        {"region": region, "user_id": people["contracts"]["id"]},
                        {"region": "*", "user_id": me["id"]},
                    ],
                },
                {
                    "key": "build",
                    "name": "Rakentaminen",
                    "default_duration_days": 20,
                    "responsibles": [{"region": "*", "user_id": people["builder"]["id"]}],
                },
            ],
        },
    )
    account = api.call(
        "POST",
        "/accounts",
        {"name": f"E2E Kaasuasiakas {tag} Oy", "type": "company", "region": region},
    )
    return {"type": project_type, "account": account, "region": region, **people}


def log_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/login")
    form = page.get_by_test_id("login-form")
    form.locator("input[name=email]").fill(DEMO_EMAIL)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(r"/accounts$"))
    expect(page.get_by_test_id("user-menu")).not_to_contain_text("…")


def choose(page: Page, test_id: str, text: str) -> None:
    """Pick an option of a searchable Mantine select by typing part of its label."""
    field = page.get_by_test_id(test_id)
    field.click()
    field.fill(text)
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()


def complete_in_dialog(page: Page, next_responsible: str | None) -> None:
    """The completion dialog: today's date by default; the next responsible prefilled."""
    form = page.get_by_test_id("completion-form")
    expect(form).to_be_visible()
    date_field = form.get_by_test_id("completion-date")
    assert date_field.input_value() == date_field.get_attribute("max")  # today, and no later
    if next_responsible is not None:
        expect(form.get_by_test_id("completion-responsible")).to_have_value(next_responsible)
    form.get_by_test_id("completion-confirm").click()
    expect(form).to_have_count(0)


def wait_for_mail(sink: MailSink, email: str, project: str) -> str:
    mail = sink.wait_for(
        lambda to, m: email in to and project in str(m["Subject"]),
        timeout=20,
    )
    return str(mail.get_content())


def test_gas_connection_project_moves_two_stages_on_and_counts_as_progressed(
    browser: Browser, live_server: str, smtp_sink: MailSink
) -> None:
    tag = f"{random.randrange(10**6):06d}"
    scene = set_the_scene(Api(live_server), tag)
    type_id = scene["type"]["id"]
    project_name = f"Kaasuliittymä Vantaa {tag}"
    mail_checked = not os.environ.get("KUMPPANI_E2E_BASE_URL")
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fi-FI")
    try:
        page = context.new_page()
        log_in(page, live_server)

        # --- From the account page: "Uusi myyntiprojekti", the account and its region filled in.
        page.goto(f"{live_server}/accounts/{scene['account']['id']}")
        page.get_by_test_id("account-new-project").click()
        page.wait_for_url(re.compile(r"/sales-projects/new\?account="))
        form = page.get_by_test_id("project-create-form")
        expect(form.get_by_test_id("project-account")).to_have_value(
            re.compile(re.escape(scene["account"]["name"]))
        )
        expect(form.get_by_test_id("project-region")).to_have_value(scene["region"])
        choose(page, "project-type", scene["type"]["name"])
        form.get_by_test_id("project-name").fill(project_name)
        form.get_by_test_id("project-value").fill("12 500,50")  # a Finnish decimal comma
        form.get_by_test_id("project-probability").fill("60")
        form.get_by_test_id("project-save").click()

        page.wait_for_url(re.compile(r"/sales-projects/[0-9a-f-]{36}$"))
        project_url = page.url
        expect(page.get_by_test_id("project-title")).to_have_text(project_name)
        expect(page.get_by_test_id("project-status")).to_have_text("Avoin")
        expect(page.get_by_test_id("project-value")).to_have_text("12\u00a0500,50\u00a0€")
        stages = page.get_by_test_id("stage-item")
        expect(stages).to_have_count(3)
        offer = page.locator('[data-testid=stage-item][data-stage-key="offer"]')
        expect(offer).to_have_attribute("data-status", "in_progress")
        expect(offer.get_by_test_id("stage-status")).to_have_text("Käynnissä")

        # --- Stage 1 done from the timeline: the next responsible is the region's default.
        offer.get_by_test_id("stage-complete").click()
        complete_in_dialog(page, scene["contracts"]["name"])
        expect(offer).to_have_attribute("data-status", "done")
        expect(offer.get_by_test_id("stage-status")).to_have_text("Valmis")
        contract = page.locator('[data-testid=stage-item][data-stage-key="send_contract"]')
        expect(contract).to_have_attribute("data-status", "in_progress")
        expect(contract.get_by_test_id("stage-responsible")).to_have_text(
            scene["contracts"]["name"]
        )
        if mail_checked:
            body = wait_for_mail(smtp_sink, scene["contracts"]["email"], project_name)
            assert "Lähetä sopimus" in body

        # --- The kanban of the type: the card in the second column; ✓ completes the stage.
        page.goto(f"{live_server}/sales-projects?type={type_id}")
        columns = page.get_by_test_id("kanban-column")
        expect(columns.first).to_have_attribute("data-stage-key", "offer")
        second = page.locator('[data-testid=kanban-column][data-stage-key="send_contract"]')
        card = second.get_by_test_id("kanban-card").filter(has_text=project_name)
        expect(card).to_be_visible()
        expect(card.get_by_test_id("kanban-card-value")).to_have_text("12\u00a0500,50\u00a0€")
        complete = re.compile(r"Merkitse vaihe Lähetä sopimus valmiiksi")
        card.get_by_role("button", name=complete).click()
        complete_in_dialog(page, scene["builder"]["name"])
        third = columns.nth(2)
        expect(third).to_have_attribute("data-stage-key", "build")
        expect(third.get_by_test_id("kanban-card").filter(has_text=project_name)).to_be_visible()
        expect(second.get_by_test_id("kanban-card").filter(has_text=project_name)).to_have_count(0)
        expect(third.get_by_test_id("kanban-column-count")).to_have_text("1")
        if mail_checked:
            body = wait_for_mail(smtp_sink, scene["builder"]["email"], project_name)
            assert "Rakentaminen" in body

        # --- The project's history has both completions, dated today.
        page.goto(project_url)
        page.get_by_test_id("tab-history").click()
        completed = page.locator('[data-testid=project-event][data-kind="stage_completed"]')
        expect(completed).to_have_count(2)

        # --- This month's report: the project is new and progressed in its type's row.
        page.goto(f"{live_server}/reports/sales")
        row = page.locator(f'[data-testid=movement-row][data-key="{type_id}"]')
        expect(row).to_contain_text(scene["type"]["name"])

        def figure(name: str) -> Any:
            return row.locator(f'[data-testid=movement-count][data-figure="{name}"]')

        expect(figure("progressed")).to_have_text("1")
        expect(figure("new")).to_have_text("1")
        expect(figure("open_at_end")).to_have_text("1")
        expect(figure("not_progressed")).to_have_text("0")
        change = row.locator('[data-testid=movement-change][data-figure="progressed"]')
        expect(change).to_have_text("+1")
        expect(change).to_have_attribute("data-tone", "good")
        expect(page.get_by_test_id("movement-chart")).to_be_visible()
    finally:
        context.close()


def test_the_report_exports_are_files(browser: Browser, live_server: str) -> None:
    """The export buttons download the month's report as XLSX and CSV through the SPA."""
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="fi-FI", accept_downloads=True
    )
    try:
        page = context.new_page()
        log_in(page, live_server)
        page.goto(f"{live_server}/reports/sales")
        expect(page.get_by_test_id("movement-table")).to_be_visible()
        for button, suffix in (("export-xlsx", ".xlsx"), ("export-csv", ".csv")):
            with page.expect_download() as info:
                page.get_by_test_id(button).click()
            download = info.value
            name = download.suggested_filename
            assert re.fullmatch(r"liikkuvuus-\d{4}-\d{2}" + re.escape(suffix), name), name
            path = download.path()
            assert path is not None
            data = Path(path).read_bytes()
            if suffix == ".xlsx":
                assert data[:2] == b"PK"  # a zip, as every XLSX
            else:
                text = data.decode("utf-8-sig")
                assert text.startswith("Kuukausi;")
                assert "Edenneet" in text
    finally:
        context.close()
