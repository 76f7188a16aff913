"""Merging a duplicate account (administrators only): every record that refers to the
duplicate moves to the survivor, rows the survivor already has are combined, the survivor
keeps its values and fills its empty ones, the duplicate is deleted, and the merge is
audited (merge log, the survivor's history, a delete in the changes feed). A dry run answers
the same report and changes nothing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa

from domain.notifications import Notice, NotificationKind, notify
from persistence.repositories.account_merge import POLYMORPHIC_REFERENCES
from persistence.tables import metadata
from persistence.tables.platform import changes
from tests.api.account_factories import etag_of, merge, put_member, team_role_id
from tests.api.sales_factories import gas_connection_stages, make_project, make_project_type
from tests.api.service_factories import make_request, make_subject

pytestmark = pytest.mark.api

API = "/api/v1"


def account_columns() -> set[tuple[str, str]]:
    """Every column that refers to an account, read from the schema independently of the
    merge code: foreign keys to accounts.id and the polymorphic references."""
    found = {
        (table.name, fk.parent.name)
        for table in metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "accounts" and fk.column.name == "id"
    }
    return found | {(table, column) for table, _, column in POLYMORPHIC_REFERENCES}


async def referring_rows(container, account_id: str) -> dict[tuple[str, str], int]:
    """How many rows of each referring column point at the account (reading only)."""
    counts = {}
    async with container.engine.connect() as conn:
        for table_name, column in sorted(account_columns()):
            table = metadata.tables[table_name]
            condition = table.c[column] == UUID(account_id)
            polymorphic = {(t, c): k for t, k, c in POLYMORPHIC_REFERENCES}
            if (table_name, column) in polymorphic:
                condition = sa.and_(
                    condition, table.c[polymorphic[table_name, column]] == "account"
                )
            if table_name == "accounts":
                condition = sa.and_(condition, table.c.id != UUID(account_id))
            counts[table_name, column] = await conn.scalar(
                sa.select(sa.func.count()).select_from(table).where(condition)
            )
    return counts


@pytest.fixture
async def pair(client, admin_headers, container, make_unit, make_user, make_account, make_contact):
    """A survivor in the south and its duplicate in the north with records of every kind,
    some of which the survivor already has (a contact, a team member, an ERP id)."""
    south, north = await make_unit("Etelä"), await make_unit("Pohjoinen")
    _seller, seller_headers = await make_user("sales", south["id"], name="Sanna")
    other, other_headers = await make_user("sales", north["id"], name="Pekka")
    shared, _ = await make_user("sales", name="Tiina Tiimi")
    mover, _ = await make_user("sales", name="Urho")
    manager, _ = await make_user("sales", name="Maija Manageri")
    survivor = await make_account(
        seller_headers,
        name="Kone Oyj",
        email="info@kone.fi",
        tags=["avain"],
        external_ids=[{"system": "ERP", "external_id": "777"}],
    )
    duplicate = await make_account(
        other_headers,
        name="KONE",
        business_id="0112038-9",
        email="myynti@kone.fi",
        phone="040 123 4567",
        tags=["avain", "teollisuus"],
        external_ids=[
            {"system": "ERP", "external_id": "123"},
            {"system": "BILL", "external_id": "9"},
        ],
        account_manager_id=manager["id"],
    )
    child = await make_account(other_headers, name="Kone Tytär Oy", parent_id=duplicate["id"])
    only_there = await make_contact(
        other_headers, accounts=[{"account_id": duplicate["id"], "role": "Ostaja"}]
    )
    on_both = await make_contact(
        admin_headers,
        accounts=[
            {"account_id": survivor["id"]},
            {"account_id": duplicate["id"], "role": "Päättäjä"},
        ],
    )
    subject = await make_subject(client, admin_headers)
    request = await make_request(client, other_headers, subject["id"], account_id=duplicate["id"])
    activities = []
    for regarding_type, regarding_id in (
        ("account", duplicate["id"]),
        ("contact", only_there["id"]),
    ):
        resp = await client.post(
            f"{API}/activities",
            json={
                "type": "task",
                "subject": "Soita",
                "regarding_type": regarding_type,
                "regarding_id": regarding_id,
            },
            headers=other_headers,
        )
        assert resp.status_code == 201, resp.text
        activities.append(resp.json())
    ptype = await make_project_type(
        client, admin_headers, gas_connection_stages(seller_id=other["id"])
    )
    project = await make_project(client, other_headers, duplicate["id"], ptype["id"])
    sales_role = await team_role_id(client, admin_headers, "sales")
    await put_member(client, seller_headers, survivor["id"], shared["id"], access="read")
    await put_member(
        client, other_headers, duplicate["id"], shared["id"], access="edit", role_id=sales_role
    )
    await put_member(client, other_headers, duplicate["id"], mover["id"], access="read")
    async with container.uow() as uow:
        await notify(
            uow,
            container,
            Notice(
                UUID(other["id"]),
                NotificationKind.STATUS_CHANGED,
                {"title": "KONE"},
                record_type="account",
                record_id=UUID(duplicate["id"]),
            ),
        )
        await uow.commit()
    return {
        "survivor": survivor,
        "duplicate": duplicate,
        "child": child,
        "only_there": only_there,
        "on_both": on_both,
        "request": request,
        "activities": activities,
        "project": project,
        "shared": shared,
        "mover": mover,
        "manager": manager,
        "sales_role": sales_role,
        "other_headers": other_headers,
        "seller_headers": seller_headers,
    }


def _moves(report: dict[str, Any]) -> dict[tuple[str, str], tuple[int, int]]:
    return {(m["table"], m["column"]): (m["rows"], m["merged"]) for m in report["moves"]}


async def test_the_dry_run_reports_every_referring_column_and_changes_nothing(
    client, admin_headers, container, pair
) -> None:
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    before = await referring_rows(container, duplicate["id"])
    report = (
        await merge(client, admin_headers, survivor["id"], duplicate["id"], dry_run=True)
    ).json()

    assert report["dry_run"] is True
    assert report["merge_id"] is None
    moves = _moves(report)
    # Every column that refers to accounts is in the report, so none can be forgotten.
    assert set(moves) == account_columns()
    assert {k: rows for k, (rows, _) in moves.items()} == before
    assert moves["contact_accounts", "account_id"] == (2, 1)
    assert moves["account_team_members", "account_id"] == (2, 1)
    assert moves["account_external_ids", "account_id"] == (2, 1)
    assert moves["service_requests", "account_id"] == (1, 0)
    assert moves["sales_projects", "account_id"] == (1, 0)
    assert moves["activities", "regarding_id"] == (1, 0)
    assert moves["accounts", "parent_id"] == (1, 0)
    keys = {(m["table"], m["column"]): m["merged_rows"] for m in report["moves"]}
    assert keys["account_external_ids", "account_id"] == [{"system": "ERP", "external_id": "123"}]
    assert report["filled"] == {
        "business_id": "0112038-9",
        "phone": "+358401234567",
        "account_manager_id": pair["manager"]["id"],
        "tags": ["avain", "teollisuus"],
        "external_ids": [
            {"system": "ERP", "external_id": "777"},
            {"system": "BILL", "external_id": "9"},
        ],
    }
    assert report["survivor"]["business_id"] == "0112038-9"
    assert report["survivor"]["email"] == "info@kone.fi"

    # Nothing changed: the duplicate is there, both versions are as they were.
    assert await referring_rows(container, duplicate["id"]) == before
    assert await etag_of(client, admin_headers, duplicate["id"]) == f'"{duplicate["version"] + 2}"'
    assert await etag_of(client, admin_headers, survivor["id"]) == f'"{survivor["version"] + 1}"'


async def test_the_merge_moves_every_record_to_the_survivor_and_deletes_the_duplicate(
    client, admin_headers, container, pair
) -> None:
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    resp = await merge(client, admin_headers, survivor["id"], duplicate["id"])
    report = resp.json()
    assert report["dry_run"] is False
    assert report["merge_id"]
    assert resp.headers["etag"] == f'"{report["survivor"]["version"]}"'

    # No row anywhere refers to the duplicate any more, and it is gone.
    assert set((await referring_rows(container, duplicate["id"])).values()) == {0}
    gone = await client.get(f"{API}/accounts/{duplicate['id']}", headers=admin_headers)
    assert gone.status_code == 404

    got = (await client.get(f"{API}/accounts/{survivor['id']}", headers=admin_headers)).json()
    assert got["name"] == "Kone Oyj"
    assert got["email"] == "info@kone.fi"  # its own value stays
    assert got["business_id"] == "0112038-9"  # its empty one is filled
    assert got["phone"] == "+358401234567"
    assert got["account_manager_id"] == pair["manager"]["id"]
    assert got["tags"] == ["avain", "teollisuus"]
    assert {(e["system"], e["external_id"]) for e in got["external_ids"]} == {
        ("ERP", "777"),
        ("BILL", "9"),
    }

    for path in (
        f"/service-requests/{pair['request']['id']}",
        f"/sales-projects/{pair['project']['id']}",
    ):
        record = (await client.get(f"{API}{path}", headers=admin_headers)).json()
        assert record["account_id"] == survivor["id"], path
    regarding = (
        await client.get(f"{API}/activities/{pair['activities'][0]['id']}", headers=admin_headers)
    ).json()
    assert regarding["regarding"]["id"] == survivor["id"]
    child = (
        await client.get(f"{API}/accounts/{pair['child']['id']}", headers=admin_headers)
    ).json()
    assert child["parent_id"] == survivor["id"]

    linked = await client.get(f"{API}/accounts/{survivor['id']}/contacts", headers=admin_headers)
    roles = {c["id"]: c["role"] for c in linked.json()["items"]}
    assert roles == {pair["only_there"]["id"]: "Ostaja", pair["on_both"]["id"]: "Päättäjä"}
    on_both = (
        await client.get(f"{API}/contacts/{pair['on_both']['id']}", headers=admin_headers)
    ).json()
    assert [a["account_id"] for a in on_both["accounts"]] == [survivor["id"]]

    team = (await client.get(f"{API}/accounts/{survivor['id']}/team", headers=admin_headers)).json()
    members = {
        m["user_id"]: (m["access"], m["role"]["key"] if m["role"] else None)
        for m in team["members"]
    }
    assert members == {
        pair["shared"]["id"]: ("edit", "sales"),  # the stronger access, the role it lacked
        pair["mover"]["id"]: ("read", None),
    }
    timeline = await client.get(f"{API}/accounts/{survivor['id']}/timeline", headers=admin_headers)
    ids = {i["id"] for i in timeline.json()["items"]}
    assert {a["id"] for a in pair["activities"]} <= ids


async def test_the_merge_is_audited_in_the_log_the_history_and_the_changes_feed(
    client, admin_headers, container, pair
) -> None:
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    report = (await merge(client, admin_headers, survivor["id"], duplicate["id"])).json()

    log = await client.get(f"{API}/accounts/{survivor['id']}/merges", headers=admin_headers)
    [entry] = log.json()["items"]
    assert entry["id"] == report["merge_id"]
    assert (entry["duplicate_id"], entry["duplicate_name"]) == (duplicate["id"], "KONE")
    assert entry["duplicate"]["business_id"] == "0112038-9"
    assert entry["duplicate"]["email"] == "myynti@kone.fi"
    assert entry["merged_by_name"] == "Ada Admin"
    assert entry["moves"] == report["moves"]
    assert entry["filled"]["phone"] == "+358401234567"

    history = await client.get(f"{API}/accounts/{survivor['id']}/history", headers=admin_headers)
    fields = {h["field"]: h for h in history.json()["items"] if h["changed_by_name"] == "Ada Admin"}
    assert fields["merged_account"]["new_value"] == {
        "id": duplicate["id"],
        "name": "KONE",
        "merge_id": report["merge_id"],
    }
    assert fields["phone"]["new_value"] == "+358401234567"

    # The changes feed's newest rows of the two accounts (read from its table: on PostgreSQL
    # the feed itself waits for every older transaction of the server, other tests' too).
    async with container.engine.connect() as conn:
        rows = await conn.execute(
            sa.select(changes.c.record_id, changes.c.operation, changes.c.data)
            .where(changes.c.record_id.in_([UUID(survivor["id"]), UUID(duplicate["id"])]))
            .order_by(changes.c.seq.desc())
        )
        newest: dict[str, Any] = {}
        for record_id, operation, data in rows:
            newest.setdefault(str(record_id), (operation, data))
    assert newest[duplicate["id"]] == ("delete", {"merged_into": survivor["id"]})
    assert newest[survivor["id"]][0] == "update"
    assert newest[survivor["id"]][1]["business_id"] == "0112038-9"


async def test_the_duplicates_other_account_manager_joins_the_team_with_edit_access(
    client, admin_headers, make_account, make_user
) -> None:
    mine, _mine_headers = await make_user("sales", name="Oma Manageri")
    theirs, theirs_headers = await make_user("sales", name="Toinen Manageri")
    survivor = await make_account(admin_headers, name="Kone Oyj", account_manager_id=mine["id"])
    duplicate = await make_account(admin_headers, name="Kone", account_manager_id=theirs["id"])
    report = (await merge(client, admin_headers, survivor["id"], duplicate["id"])).json()
    assert report["joins_team"]["user_id"] == theirs["id"]
    assert report["survivor"]["account_manager_id"] == mine["id"]
    team = (await client.get(f"{API}/accounts/{survivor['id']}/team", headers=admin_headers)).json()
    assert [(m["user_id"], m["access"]) for m in team["members"]] == [(theirs["id"], "edit")]
    # The principal cache was cleared: the former manager edits the account at once.
    edited = await client.patch(
        f"{API}/accounts/{survivor['id']}",
        json={"region": "Lappi"},
        headers={
            **theirs_headers,
            "If-Match": await etag_of(client, theirs_headers, survivor["id"]),
        },
    )
    assert edited.status_code == 200, edited.text


async def test_only_administrators_merge_and_a_real_run_needs_the_etag(
    client, admin_headers, make_account, make_user
) -> None:
    _, manager_headers = await make_user("manager")
    survivor = await make_account(manager_headers, name="Kone Oyj")
    duplicate = await make_account(manager_headers, name="Kone")
    # A manager deletes within their units, but a merge reaches the whole organisation.
    refused = await merge(client, manager_headers, survivor["id"], duplicate["id"], expect=403)
    assert "administrators" in refused.json()["detail"]
    url = f"{API}/accounts/{survivor['id']}/merge"
    body = {"duplicate_id": duplicate["id"]}
    assert (await client.post(url, json=body, headers=admin_headers)).status_code == 428
    stale = await client.post(url, json=body, headers={**admin_headers, "If-Match": '"9"'})
    assert stale.status_code == 412
    changed = await client.post(
        url,
        json={**body, "duplicate_version": 9},
        headers={**admin_headers, "If-Match": await etag_of(client, admin_headers, survivor["id"])},
    )
    assert changed.status_code == 412
    itself = await client.post(
        url,
        params={"dry_run": "true"},
        json={"duplicate_id": survivor["id"]},
        headers=admin_headers,
    )
    assert itself.status_code == 422
    assert itself.json()["errors"][0]["loc"] == ["body", "duplicate_id"]
    unknown = await client.post(
        url,
        params={"dry_run": "true"},
        json={"duplicate_id": "0190f0f0-0000-7000-8000-000000000000"},
        headers=admin_headers,
    )
    assert unknown.status_code == 422
    # Nothing was merged along the way.
    assert (
        await client.get(f"{API}/accounts/{duplicate['id']}", headers=admin_headers)
    ).status_code == 200


async def test_the_hierarchy_stays_a_tree(client, admin_headers, make_account) -> None:
    top = await make_account(admin_headers, name="Konserni Oyj")
    duplicate = await make_account(admin_headers, name="Kone", parent_id=top["id"])
    survivor = await make_account(admin_headers, name="Kone Oyj", parent_id=duplicate["id"])
    # The survivor sat under its duplicate: it takes the duplicate's place under the group.
    report = (await merge(client, admin_headers, survivor["id"], duplicate["id"])).json()
    assert report["survivor"]["parent_id"] == top["id"]

    grand = await make_account(admin_headers, name="Iso Oyj")
    middle = await make_account(admin_headers, name="Keski Oy", parent_id=grand["id"])
    low = await make_account(admin_headers, name="Pieni Oy", parent_id=middle["id"])
    refused = await merge(client, admin_headers, low["id"], grand["id"], dry_run=True, expect=422)
    assert refused.json()["errors"][0]["loc"] == ["body", "duplicate_id"]


async def test_merges_of_an_account_go_with_it_when_it_is_merged_in_turn(
    client, admin_headers, make_account
) -> None:
    first = await make_account(admin_headers, name="Kone A")
    second = await make_account(admin_headers, name="Kone B")
    third = await make_account(admin_headers, name="Kone C")
    await merge(client, admin_headers, second["id"], first["id"])
    await merge(client, admin_headers, third["id"], second["id"])
    log = await client.get(f"{API}/accounts/{third['id']}/merges", headers=admin_headers)
    assert [m["duplicate_name"] for m in log.json()["items"]] == ["Kone B", "Kone A"]
