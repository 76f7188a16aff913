"""Sales projects over HTTP: create (stages from the type's template), complete and skip
stages (the next responsible is notified in the app and by email), insert and edit stages,
status changes, the stage history and field history, and every refusal: dates, transitions,
ETags, the manager-only edit of a done stage, the stage responsible's right, and another
unit's user, who gets 404 on every project endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sales_factories import (
    API,
    PROBLEM,
    SP,
    complete,
    etag_of,
    fetch,
    gas_connection_stages,
    make_project,
    make_project_type,
    make_team,
    notifications_of,
    set_status,
    skip,
    stage_id,
)

from domain.sales import due_date, today
from domain.shared import OfficeCalendar
from persistence.tables.notifications import outbox

pytestmark = pytest.mark.api

CALENDAR = OfficeCalendar()


def now_today():
    return today(datetime.now(UTC))


@dataclass
class Sales:
    admin: dict[str, str]
    seller: dict[str, Any]
    seller_h: dict[str, str]
    installer: dict[str, Any]
    installer_h: dict[str, str]
    agent: dict[str, Any]
    agent_h: dict[str, str]
    agent2: dict[str, Any]
    agent2_h: dict[str, str]
    manager_h: dict[str, str]
    team: dict[str, Any]
    ptype: dict[str, Any]
    account: dict[str, Any]
    service_unit: dict[str, Any]


@pytest.fixture
async def s(client, admin_headers, make_unit, make_user, make_account) -> Sales:
    service_unit = await make_unit("Asiakaspalvelu")
    seller, seller_h = await make_user("sales", name="Minna Myyjä")
    installer, installer_h = await make_user("sales", name="Asko Asentaja")
    _, manager_h = await make_user("manager", name="Pekka Päällikkö")
    agent, agent_h = await make_user("service", service_unit["id"], name="Sari Service")
    agent2, agent2_h = await make_user("service", service_unit["id"], name="Simo Service")
    team = await make_team(client, admin_headers, service_unit["id"], [agent["id"], agent2["id"]])
    ptype = await make_project_type(
        client,
        admin_headers,
        gas_connection_stages(
            seller_id=seller["id"],
            service_team_id=team["id"],
            installer_id=installer["id"],
            regional={"Pirkanmaa": installer["id"]},
        ),
    )
    account = await make_account(seller_h, name="Gasum Oy", region="Uusimaa")
    return Sales(
        admin_headers,
        seller,
        seller_h,
        installer,
        installer_h,
        agent,
        agent_h,
        agent2,
        agent2_h,
        manager_h,
        team,
        ptype,
        account,
        service_unit,
    )


async def new(client, s: Sales, **fields: Any) -> dict[str, Any]:
    return await make_project(client, s.seller_h, s.account["id"], s.ptype["id"], **fields)


async def history_of(client, headers, project_id: str) -> list[dict[str, Any]]:
    resp = await client.get(f"{SP}/{project_id}/history", headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]  # type: ignore[no-any-return]


# ------------------------------------------------------------------ create


async def test_creating_a_project_gives_it_the_templates_stages(client, s, make_contact) -> None:
    contact = await make_contact(s.seller_h, accounts=[{"account_id": s.account["id"]}])
    resp = await client.post(
        SP,
        json={
            "name": "  Kaasuliittymä   Vantaa ",
            "account_id": s.account["id"],
            "project_type_id": s.ptype["id"],
            "estimated_value": "15000.5",
            "probability": 40,
            "expected_decision_date": "2027-03-31",
            "contacts": [{"contact_id": contact["id"], "role": "päättäjä"}],
        },
        headers={**s.seller_h, "Idempotency-Key": "create-1"},
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert resp.headers["etag"] == '"1"'
    assert resp.headers["location"].endswith(f"/sales-projects/{body['id']}")
    assert body["name"] == "Kaasuliittymä Vantaa"
    assert body["estimated_value"] == "15000.50"
    assert body["region"] == "Uusimaa"  # the account's
    assert body["status"] == "open"
    assert body["allowed_statuses"] == ["won", "lost", "cancelled"]
    assert body["opened_on"] == str(now_today())
    assert (body["account_name"], body["project_type_name"], body["owner_name"]) == (
        "Gasum Oy",
        s.ptype["name"],
        "Minna Myyjä",
    )
    assert body["contacts"][0]["role"] == "päättäjä"
    assert body["contacts"][0]["name"].startswith("Maija")
    stages = body["stages"]
    assert [st["key"] for st in stages] == [
        "offer",
        "send_contract",
        "install",
        "activate_billing",
    ]
    first = stages[0]
    assert first["status"] == "in_progress"
    assert first["is_current"]
    assert first["allowed_transitions"] == ["done", "skipped"]
    assert first["responsible_user_name"] == "Minna Myyjä"
    assert first["due_date"] == str(due_date(CALENDAR, now_today(), 5))
    assert stages[1]["status"] == "not_started"
    assert stages[1]["responsible_team_name"] == s.team["name"]
    assert stages[1]["checklist"] == [
        {"item": "Sopimus lähetetty", "done": False},
        {"item": "Allekirjoitus saatu", "done": False},
    ]
    current = body["current_stage"]
    assert (current["key"], current["days_in_stage"]) == ("offer", 0)
    # The same key and body: the same project, not a second one.
    again = await client.post(
        SP,
        json={
            "name": "  Kaasuliittymä   Vantaa ",
            "account_id": s.account["id"],
            "project_type_id": s.ptype["id"],
            "estimated_value": "15000.5",
            "probability": 40,
            "expected_decision_date": "2027-03-31",
            "contacts": [{"contact_id": contact["id"], "role": "päättäjä"}],
        },
        headers={**s.seller_h, "Idempotency-Key": "create-1"},
    )
    assert again.json()["id"] == body["id"]
    listed = (await client.get(SP, headers=s.seller_h)).json()["items"]
    assert [p["id"] for p in listed] == [body["id"]]
    history = await history_of(client, s.seller_h, body["id"])
    assert [(e["kind"], e["stage_key"]) for e in history] == [
        ("stage_started", "offer"),
        ("opened", None),
    ]
    assert history[0]["by_name"] == "Minna Myyjä"
    assert history[0]["stage_name"] == "Tarjous"


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"estimated_value": "1.005"}, ["body", "estimated_value"]),
        ({"estimated_value": "-1"}, ["body", "estimated_value"]),
        ({"estimated_value": "1000000000000"}, ["body", "estimated_value"]),
        ({"probability": 101}, ["body", "probability"]),
        ({"status": "won"}, ["body", "status"]),
        ({"opened_on": "2999-01-01"}, ["body", "opened_on"]),
    ],
)
async def test_create_refusals_name_the_field(client, s, fields, loc) -> None:
    resp = await client.post(
        SP,
        json={
            "name": "Väärä",
            "account_id": s.account["id"],
            "project_type_id": s.ptype["id"],
            **fields,
        },
        headers=s.seller_h,
    )
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"] == PROBLEM
    assert resp.json()["errors"][0]["loc"] == loc


async def test_a_regions_default_responsible_takes_the_first_stage(client, s) -> None:
    project = await new(client, s, region="pirkanmaa")
    assert project["stages"][0]["responsible_user_id"] == s.installer["id"]
    notes = await notifications_of(client, s.installer_h)
    assert [n["kind"] for n in notes] == ["stage_assigned"]
    assert notes[0]["link"] == f"/sales-projects/{project['id']}"


# ------------------------------------------------------------------ stages


async def test_completing_a_stage_notifies_the_next_responsible_team_in_app_and_by_email(
    client, s, container
) -> None:
    project = await new(client, s, estimated_value="1000")
    day = now_today()
    resp = await complete(
        client,
        s.seller_h,
        project["id"],
        stage_id(project, "offer"),
        day,
        note="Tarjous hyväksytty",
    )
    assert resp.status_code == 200, resp.text
    assert resp.headers["etag"] == '"2"'
    body = resp.json()
    offer, contract = body["stages"][0], body["stages"][1]
    assert (offer["status"], offer["completed_on"], offer["note"]) == (
        "done",
        str(day),
        "Tarjous hyväksytty",
    )
    assert offer["allowed_transitions"] == []
    assert contract["status"] == "in_progress"
    assert contract["is_current"]
    assert contract["due_date"] == str(due_date(CALENDAR, day, 3))
    assert body["last_progress_on"] == str(day)
    assert body["current_stage"]["key"] == "send_contract"
    assert body["current_stage"]["responsible_team_name"] == s.team["name"]
    for headers in (s.agent_h, s.agent2_h):
        notes = await notifications_of(client, headers)
        assert [n["title"] for n in notes] == [
            f"Vaihe Sopimuksen lähetys siirtyi sinulle: {project['name']}"
        ]
        assert "Viesti: Tarjous hyväksytty" in notes[0]["body"]
    async with container.engine.connect() as conn:
        mails = (await conn.execute(sa.select(outbox.c.payload))).scalars().all()
    recipients = {m["to"] for m in mails if m["kind"] == "stage_assigned"}
    assert recipients == {s.agent["email"], s.agent2["email"]}
    # The history shows every step, newest first.
    history = await history_of(client, s.seller_h, project["id"])
    assert [(e["kind"], e["stage_key"], e["happened_on"]) for e in history] == [
        ("stage_started", "send_contract", str(day)),
        ("stage_completed", "offer", str(day)),
        ("stage_started", "offer", str(day)),
        ("opened", None, str(day)),
    ]


async def test_the_stage_responsible_may_complete_without_the_update_privilege(
    client, s, make_user
) -> None:
    project = await new(client, s)
    pid = project["id"]
    await complete(client, s.seller_h, pid, stage_id(project, "offer"), now_today())
    # Customer service's update privilege (its own unit) does not reach the project, yet a
    # member of the responsible team completes the stage.
    resp = await complete(client, s.agent2_h, pid, stage_id(project, "send_contract"), now_today())
    assert resp.status_code == 200, resp.text
    assert resp.json()["current_stage"]["key"] == "install"
    assert [n["kind"] for n in await notifications_of(client, s.installer_h)] == ["stage_assigned"]
    # A reader of the unit who is not responsible: forbidden.
    _, reader_h = await make_user("read-only", name="Lukija")
    refused = await complete(client, reader_h, pid, stage_id(project, "install"), now_today())
    assert refused.status_code == 403, refused.text
    # The installer may complete the install stage, but not skip the billing stage.
    no_skip = await skip(client, s.installer_h, pid, stage_id(project, "activate_billing"), "Ei")
    assert no_skip.status_code == 403
    done = await complete(client, s.installer_h, pid, stage_id(project, "install"), now_today())
    assert done.status_code == 200, done.text


async def test_stage_refusals(client, s) -> None:
    project = await new(client, s, opened_on=str(now_today() - timedelta(days=10)))
    pid = project["id"]
    offer, contract, install = (stage_id(project, k) for k in ("offer", "send_contract", "install"))
    future = await complete(client, s.seller_h, pid, offer, now_today() + timedelta(days=1))
    assert future.status_code == 422
    assert future.json()["errors"][0]["loc"] == ["body", "completed_on"]
    before = await complete(client, s.seller_h, pid, offer, now_today() - timedelta(days=11))
    assert before.status_code == 422
    not_current = await complete(client, s.seller_h, pid, install, now_today())
    assert not_current.status_code == 409
    assert not_current.headers["content-type"] == PROBLEM
    assert not_current.json()["allowed"] == ["skipped"]
    assert (await skip(client, s.seller_h, pid, contract, "Ei tarvita")).status_code == 200
    skipped = await complete(client, s.seller_h, pid, contract, now_today())
    assert skipped.status_code == 409
    assert skipped.json()["allowed"] == []
    stale = await complete(client, s.seller_h, pid, offer, now_today(), etag='"1"')
    assert stale.status_code == 412
    no_etag = await client.post(
        f"{SP}/{pid}/stages/{offer}/completion",
        json={"completed_on": str(now_today())},
        headers=s.seller_h,
    )
    assert no_etag.status_code == 428
    missing_date = await client.post(
        f"{SP}/{pid}/stages/{offer}/completion",
        json={},
        headers={**s.seller_h, "If-Match": await etag_of(client, s.seller_h, pid)},
    )
    assert missing_date.status_code == 422
    # Completing the offer passes over the skipped contract stage.
    ok = await complete(client, s.seller_h, pid, offer, now_today() - timedelta(days=2))
    assert ok.json()["current_stage"]["key"] == "install"
    done_again = await skip(client, s.seller_h, pid, offer, "Turha")
    assert done_again.status_code == 409


async def test_editing_a_done_stage_needs_a_manager(client, s) -> None:
    project = await new(client, s)
    pid, offer = project["id"], stage_id(project, "offer")
    await complete(client, s.seller_h, pid, offer, now_today())
    tag = await etag_of(client, s.seller_h, pid)
    refused = await client.patch(
        f"{SP}/{pid}/stages/{offer}",
        json={"note": "Korjattu"},
        headers={**s.seller_h, "If-Match": tag},
    )
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"] == PROBLEM
    allowed = await client.patch(
        f"{SP}/{pid}/stages/{offer}",
        json={"note": "Korjattu"},
        headers={**s.manager_h, "If-Match": tag},
    )
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()["stages"][0]["note"] == "Korjattu"
    assert allowed.headers["etag"] == '"3"'


async def test_reassigning_ticking_and_inserting_stages(client, s) -> None:
    project = await new(client, s)
    pid = project["id"]
    offer, contract = stage_id(project, "offer"), stage_id(project, "send_contract")
    resp = await client.patch(
        f"{SP}/{pid}/stages/{offer}",
        json={"responsible_user_id": s.installer["id"], "due_date": "2027-01-29"},
        headers={**s.seller_h, "If-Match": await etag_of(client, s.seller_h, pid)},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["current_stage"]["responsible_user_name"] == "Asko Asentaja"
    assert resp.json()["current_stage"]["due_date"] == "2027-01-29"
    assert [n["kind"] for n in await notifications_of(client, s.installer_h)] == ["stage_assigned"]
    inserted = await client.post(
        f"{SP}/{pid}/stages",
        json={
            "name": "Maastokatselmus",
            "after_stage_id": offer,
            "responsible_team_id": s.team["id"],
            "checklist": ["Kartta"],
        },
        headers={**s.seller_h, "If-Match": await etag_of(client, s.seller_h, pid)},
    )
    assert inserted.status_code == 201, inserted.text
    stages = inserted.json()["stages"]
    assert [(st["position"], st["key"]) for st in stages][:3] == [
        (1, "offer"),
        (2, "extra"),
        (3, "send_contract"),
    ]
    assert inserted.headers["location"].endswith(f"/stages/{stages[1]['id']}")
    ticked = await client.patch(
        f"{SP}/{pid}/stages/{contract}",
        json={"checklist": [{"item": "Sopimus lähetetty", "done": True}]},
        headers={**s.seller_h, "If-Match": await etag_of(client, s.seller_h, pid)},
    )
    assert ticked.status_code == 200, ticked.text
    assert ticked.json()["stages"][2]["checklist"][0] == {
        "item": "Sopimus lähetetty",
        "done": True,
    }
    listed = await client.get(f"{SP}/{pid}/stages", headers=s.seller_h)
    assert listed.headers["etag"] == ticked.headers["etag"]
    assert [st["key"] for st in listed.json()["items"]][:2] == ["offer", "extra"]
    history = await history_of(client, s.seller_h, pid)
    assert [e["kind"] for e in history][:2] == ["stage_inserted", "stage_reassigned"]


# ------------------------------------------------------------------ status and edits


async def test_status_changes_and_the_history(client, s) -> None:
    project = await new(client, s)
    pid = project["id"]
    no_reason = await set_status(client, s.seller_h, pid, "lost")
    assert no_reason.status_code == 422
    lost = await set_status(client, s.seller_h, pid, "lost", reason="Kilpailija halvempi")
    assert lost.status_code == 200, lost.text
    body = lost.json()
    assert (body["status"], body["status_reason"], body["closed_on"]) == (
        "lost",
        "Kilpailija halvempi",
        str(now_today()),
    )
    assert body["allowed_statuses"] == ["open"]
    blocked = await complete(client, s.seller_h, pid, stage_id(project, "offer"), now_today())
    assert blocked.status_code == 409
    won = await set_status(client, s.seller_h, pid, "won")
    assert won.status_code == 409
    assert won.json()["allowed"] == ["open"]
    reopened = await set_status(client, s.seller_h, pid, "open", reason="Asiakas palasi")
    assert reopened.status_code == 200
    assert reopened.json()["closed_on"] is None
    won = await set_status(client, s.seller_h, pid, "won", reason="Sopimus allekirjoitettu")
    assert won.json()["status"] == "won"
    kinds = [e["kind"] for e in await history_of(client, s.seller_h, pid)]
    assert kinds[:3] == ["won", "reopened", "lost"]


async def test_a_reopened_project_cannot_close_before_its_reopening(client, s) -> None:
    """The monthly report reads the days: closing before the reopening would leave the
    project 'open' there while it says closed."""
    days_ago = now_today() - timedelta(days=20)
    project = await new(client, s, opened_on=str(days_ago))
    pid = project["id"]
    won = await set_status(
        client, s.seller_h, pid, "won", closed_on=str(days_ago + timedelta(days=2))
    )
    assert won.status_code == 200, won.text
    reopened = await set_status(client, s.seller_h, pid, "open", reason="Lisätilaus")
    assert reopened.status_code == 200, reopened.text
    early = await set_status(
        client, s.seller_h, pid, "won", closed_on=str(days_ago + timedelta(days=5))
    )
    assert early.status_code == 422, early.text
    assert early.json()["errors"][0]["loc"] == ["body", "closed_on"]
    today_won = await set_status(client, s.seller_h, pid, "won", closed_on=str(now_today()))
    assert today_won.status_code == 200, today_won.text


async def test_editing_a_project_keeps_a_field_history(client, s, make_contact) -> None:
    project = await new(client, s, estimated_value="100")
    pid = project["id"]
    contact = await make_contact(s.seller_h, accounts=[{"account_id": s.account["id"]}])
    resp = await client.patch(
        f"{SP}/{pid}",
        json={
            "estimated_value": 250.25,
            "probability": 75,
            "contacts": [{"contact_id": contact["id"]}],
        },
        headers={**s.seller_h, "If-Match": '"1"'},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["estimated_value"] == "250.25"
    assert resp.headers["etag"] == '"2"'
    stale = await client.patch(
        f"{SP}/{pid}", json={"name": "X"}, headers={**s.seller_h, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    status = await client.patch(
        f"{SP}/{pid}", json={"status": "won"}, headers={**s.seller_h, "If-Match": '"2"'}
    )
    assert status.status_code == 422
    assign = await client.patch(
        f"{SP}/{pid}",
        json={"owner_id": s.installer["id"]},
        headers={**s.seller_h, "If-Match": '"2"'},
    )
    assert assign.status_code == 403  # giving it away needs assign over the new owner
    changes = await client.get(f"{SP}/{pid}/changes", headers=s.seller_h)
    assert changes.status_code == 200
    fields = {c["field"] for c in changes.json()["items"]}
    assert {"estimated_value", "probability", "contacts"} <= fields
    value = next(c for c in changes.json()["items"] if c["field"] == "estimated_value")
    assert (value["old_value"], value["new_value"]) == ("100.00", "250.25")


# ------------------------------------------------------------------ another unit


async def test_another_units_user_gets_404_on_every_project_endpoint(
    client, s, make_unit, make_user
) -> None:
    project = await new(client, s)
    pid, offer = project["id"], stage_id(project, "offer")
    unit_b = await make_unit("Yksikkö B")
    _, outsider = await make_user("sales", unit_b["id"], name="Bertta B")
    headers = {**outsider, "If-Match": '"1"'}
    calls = [
        ("GET", f"{SP}/{pid}", None),
        ("PATCH", f"{SP}/{pid}", {"name": "X"}),
        ("POST", f"{SP}/{pid}/status", {"status": "won"}),
        ("GET", f"{SP}/{pid}/stages", None),
        ("POST", f"{SP}/{pid}/stages", {"name": "X", "after_stage_id": offer}),
        ("PATCH", f"{SP}/{pid}/stages/{offer}", {"note": "X"}),
        ("POST", f"{SP}/{pid}/stages/{offer}/completion", {"completed_on": str(now_today())}),
        ("POST", f"{SP}/{pid}/stages/{offer}/skipping", {"reason": "X"}),
        ("GET", f"{SP}/{pid}/history", None),
        ("GET", f"{SP}/{pid}/changes", None),
    ]
    for method, url, body in calls:
        resp = await client.request(method, url, json=body, headers=headers)
        assert resp.status_code == 404, f"{method} {url}: {resp.status_code} {resp.text}"
        assert resp.headers["content-type"] == PROBLEM
        assert project["name"] not in resp.text
    assert (await client.get(SP, headers=outsider)).json()["items"] == []
    # …and the project is unchanged.
    assert (await fetch(client, s.seller_h, pid)).headers["etag"] == '"1"'


async def test_an_activity_about_a_project_is_on_the_accounts_timeline(
    client, s, make_unit, make_user
) -> None:
    project = await new(client, s, name="Kaasuliittymä, Tehdaskatu 5")
    call = await client.post(
        f"{API}/activities",
        json={
            "type": "phone_call",
            "subject": "Soitto tarjouksesta",
            "regarding_type": "sales_project",
            "regarding_id": project["id"],
        },
        headers=s.seller_h,
    )
    assert call.status_code == 201, call.text
    assert call.json()["account_id"] == s.account["id"]
    timeline = await client.get(f"{API}/accounts/{s.account['id']}/timeline", headers=s.seller_h)
    items = [i for i in timeline.json()["items"] if i["kind"] == "activity"]
    assert [(i["id"], i["regarding"]["label"]) for i in items] == [
        (call.json()["id"], "Kaasuliittymä, Tehdaskatu 5")
    ]
    # Someone who cannot read the project cannot log activities on it.
    _, outsider_h = await make_user("sales", (await make_unit("Muu yksikkö"))["id"])
    refused = await client.post(
        f"{API}/activities",
        json={
            "type": "note",
            "subject": "Ei näy",
            "regarding_type": "sales_project",
            "regarding_id": project["id"],
        },
        headers=outsider_h,
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "regarding_id"]
