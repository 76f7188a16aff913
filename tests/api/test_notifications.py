"""Notifications over HTTP: the caller's list (newest first, keyset pages), the unread count,
marking read, preferences, and the scope rule: a notification about a record the user may
not read is neither listed nor counted."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
from service_factories import make_queue, make_request, make_subject

from domain.notifications import Notice, NotificationKind, notify
from persistence.tables.notifications import notifications, outbox

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"
K = NotificationKind


@pytest.fixture
def send(container):
    """Notify a user the way other contexts do: inside a unit of work that then commits."""

    async def _send(
        user_id: str | UUID,
        kind: NotificationKind = K.STATUS_CHANGED,
        *,
        record_type: str | None = None,
        record_id: str | UUID | None = None,
        **params: str,
    ) -> None:
        async with container.uow() as uow:
            await notify(
                uow,
                container,
                Notice(
                    user_id=UUID(str(user_id)),
                    kind=kind,
                    params={"number": "PP-2026-000001", "title": "Laskutusvirhe", **params},
                    record_type=record_type,
                    record_id=UUID(str(record_id)) if record_id else None,
                ),
            )
            await uow.commit()

    return _send


async def _list(client, headers, **params: Any) -> dict[str, Any]:
    resp = await client.get(f"{API}/notifications", params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def _count(client, headers) -> int:
    resp = await client.get(f"{API}/notifications/unread-count", headers=headers)
    assert resp.status_code == 200, resp.text
    return int(resp.json()["count"])


async def test_a_delegated_task_notifies_its_new_owner_in_their_language(
    client, make_user, make_unit, container, admin_headers
) -> None:
    unit = await make_unit()
    _, boss = await make_user("service", unit["id"], name="Maija Esihenkilö")
    colleague, colleague_headers = await make_user("service", unit["id"])
    patched = await client.patch(
        f"{API}/users/{colleague['id']}",
        json={"locale": "en"},
        headers=admin_headers | {"If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    task = await client.post(
        f"{API}/activities",
        json={"type": "task", "subject": "Soita asiakkaalle", "owner_id": colleague["id"]},
        headers=boss,
    )
    assert task.status_code == 201, task.text
    listed = await _list(client, colleague_headers)
    [item] = listed["items"]
    assert item["kind"] == "delegated"
    assert item["title"] == "A task was delegated to you: Soita asiakkaalle"
    assert item["record_type"] == "activity"
    assert item["record_id"] == task.json()["id"]
    assert item["link"] == f"/activities/{task.json()['id']}"
    assert item["read_at"] is None
    assert await _count(client, colleague_headers) == 1
    async with container.sessions() as session:
        payloads = list(await session.scalars(sa.select(outbox.c.payload)))
    assert [p["to"] for p in payloads] == [colleague["email"]]


async def test_the_list_is_the_callers_own_newest_first_in_keyset_pages(
    client, make_user, send
) -> None:
    me, headers = await make_user("sales")
    other, other_headers = await make_user("sales")
    for n in range(5):
        await send(me["id"], number=f"PP-{n}")
    await send(other["id"], number="PP-other")
    first = await _list(client, headers, limit=3)
    second = await _list(client, headers, limit=3, cursor=first["next_cursor"])
    assert second["next_cursor"] is None
    numbers = [i["title"].split()[1] for i in first["items"] + second["items"]]
    assert numbers == ["PP-4", "PP-3", "PP-2", "PP-1", "PP-0"]
    assert "PP-other" not in str(first) + str(second)
    assert [i["title"] for i in (await _list(client, other_headers))["items"]] == [
        "Palvelupyynnön PP-other tila muuttui"
    ]


async def test_unread_filter_count_read_and_read_all(client, make_user, send) -> None:
    me, headers = await make_user("sales")
    for n in range(3):
        await send(me["id"], number=f"PP-{n}")
    items = (await _list(client, headers))["items"]
    assert await _count(client, headers) == 3
    resp = await client.post(f"{API}/notifications/{items[0]['id']}/read", headers=headers)
    assert resp.status_code == 204, resp.text
    again = await client.post(f"{API}/notifications/{items[0]['id']}/read", headers=headers)
    assert again.status_code == 204  # marking a read one read is harmless
    assert await _count(client, headers) == 2
    unread = (await _list(client, headers, unread="true"))["items"]
    assert [i["id"] for i in unread] == [i["id"] for i in items[1:]]
    everything = (await _list(client, headers))["items"]
    assert everything[0]["read_at"] is not None
    resp = await client.post(f"{API}/notifications/read-all", headers=headers)
    assert resp.status_code == 204, resp.text
    assert await _count(client, headers) == 0
    assert (await _list(client, headers, unread="true"))["items"] == []


async def test_someone_elses_notification_is_not_found(client, make_user, send) -> None:
    owner, owner_headers = await make_user("sales")
    _, intruder = await make_user("admin")
    await send(owner["id"], title="Salainen asia")
    [item] = (await _list(client, owner_headers))["items"]
    resp = await client.post(f"{API}/notifications/{item['id']}/read", headers=intruder)
    assert resp.status_code == 404
    assert resp.headers["content-type"] == PROBLEM
    assert "Salainen" not in resp.text
    assert (await _list(client, intruder))["items"] == []
    assert await _count(client, owner_headers) == 1  # still unread
    # read-all of the intruder leaves it alone too
    await client.post(f"{API}/notifications/read-all", headers=intruder)
    assert await _count(client, owner_headers) == 1
    missing = await client.post(
        f"{API}/notifications/01900000-0000-7000-8000-000000000000/read", headers=owner_headers
    )
    assert missing.status_code == 404


async def test_notifications_need_a_signed_in_user(client) -> None:
    for method, path in (
        ("GET", "/notifications"),
        ("GET", "/notifications/unread-count"),
        ("POST", "/notifications/read-all"),
        ("GET", "/me/notification-preferences"),
    ):
        resp = await client.request(method, f"{API}{path}")
        assert resp.status_code == 401, path


# ------------------------------------------------------------------ the scope rule


async def _task(client, headers, **fields: Any) -> str:
    resp = await client.post(
        f"{API}/activities", json={"type": "task", "subject": "Tehtävä", **fields}, headers=headers
    )
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


async def test_a_notification_about_a_record_out_of_reach_is_hidden(
    client, make_user, make_unit, send
) -> None:
    unit_a, unit_b = await make_unit("Yksikkö A"), await make_unit("Yksikkö B")
    _, writer_a = await make_user("sales", unit_a["id"])
    reader_b, reader_b_headers = await make_user("read-only", unit_b["id"])
    _, writer_b = await make_user("sales", unit_b["id"])
    theirs = await _task(client, writer_a, subject="Salainen tehtävä")
    ours = await _task(client, writer_b)
    await send(reader_b["id"], K.STATUS_CHANGED, record_type="activity", record_id=theirs)
    await send(reader_b["id"], K.STATUS_CHANGED, record_type="activity", record_id=ours)
    await send(reader_b["id"], K.STATUS_CHANGED)  # about no record: always shown
    # a kind of record the scope rule does not know is hidden rather than leaked
    await send(reader_b["id"], K.STATUS_CHANGED, record_type="lead", record_id=theirs)
    items = (await _list(client, reader_b_headers))["items"]
    assert sorted(str(i["record_id"]) for i in items) == sorted([ours, "None"])
    assert await _count(client, reader_b_headers) == 2


async def test_a_hidden_notification_cannot_be_marked_read_nor_is_it_by_read_all(
    client, make_user, make_unit, send, container
) -> None:
    unit_a, unit_b = await make_unit(), await make_unit()
    _, writer_a = await make_user("sales", unit_a["id"])
    reader_b, reader_b_headers = await make_user("read-only", unit_b["id"])
    theirs = await _task(client, writer_a)
    await send(reader_b["id"], record_type="activity", record_id=theirs)
    async with container.sessions() as session:
        hidden_id = await session.scalar(
            sa.select(notifications.c.id).where(notifications.c.user_id == UUID(reader_b["id"]))
        )
    resp = await client.post(f"{API}/notifications/{hidden_id}/read", headers=reader_b_headers)
    assert resp.status_code == 404
    await client.post(f"{API}/notifications/read-all", headers=reader_b_headers)
    async with container.sessions() as session:
        read_at = await session.scalar(
            sa.select(notifications.c.read_at).where(notifications.c.id == hidden_id)
        )
    assert read_at is None


async def test_a_notification_disappears_when_its_record_leaves_the_users_reach(
    client, make_user, make_unit, send, admin_headers
) -> None:
    unit_a, unit_b = await make_unit(), await make_unit()
    reader, reader_headers = await make_user("read-only", unit_a["id"])
    _, writer = await make_user("sales", unit_a["id"])
    other_owner, _ = await make_user("sales", unit_b["id"])
    task_id = await _task(client, writer)
    await send(reader["id"], record_type="activity", record_id=task_id)
    assert await _count(client, reader_headers) == 1
    current = await client.get(f"{API}/activities/{task_id}", headers=admin_headers)
    moved = await client.patch(
        f"{API}/activities/{task_id}",
        json={"owner_id": other_owner["id"]},
        headers=admin_headers | {"If-Match": current.headers["etag"]},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["business_unit_id"] == unit_b["id"]
    assert await _count(client, reader_headers) == 0
    assert (await _list(client, reader_headers))["items"] == []


# ------------------------------------------------------------------ preferences


async def test_preferences_list_every_kind_with_defaults(client, make_user) -> None:
    _, headers = await make_user("sales")
    resp = await client.get(f"{API}/me/notification-preferences", headers=headers)
    assert resp.status_code == 200, resp.text
    prefs = {p["kind"]: p for p in resp.json()["items"]}
    assert set(prefs) == {k.value for k in NotificationKind}
    assert all(p["in_app"] for p in prefs.values())
    assert {k for k, p in prefs.items() if p["email"]} == {
        "delegated",
        "delegation_reminder",
        "delegation_unacknowledged",
        "stage_assigned",
        # leads: someone waits for the reader to act
        "lead_assigned",
        "lead_queued",
        "lead_at_risk",
        "lead_breached",
        "account_request_submitted",
        "account_request_rejected",
    }


async def test_preferences_are_replaced_and_steer_notify(
    client, make_user, send, container
) -> None:
    me, headers = await make_user("sales")
    _, other_headers = await make_user("sales")
    body = {
        "items": [
            {"kind": "delegated", "in_app": False, "email": True},
            {"kind": "status_changed", "in_app": True, "email": True},
        ]
    }
    resp = await client.put(f"{API}/me/notification-preferences", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    prefs = {p["kind"]: p for p in resp.json()["items"]}
    assert prefs["delegated"] == {"kind": "delegated", "in_app": False, "email": True}
    assert prefs["status_changed"]["email"] is True
    again = await client.get(f"{API}/me/notification-preferences", headers=headers)
    assert again.json() == resp.json()
    # others keep the defaults
    theirs = await client.get(f"{API}/me/notification-preferences", headers=other_headers)
    assert {p["kind"]: p["email"] for p in theirs.json()["items"]}["status_changed"] is False

    await send(me["id"], K.DELEGATED)
    assert await _count(client, headers) == 0  # not in the app…
    async with container.sessions() as session:
        mails = list(await session.scalars(sa.select(outbox.c.payload)))
    assert [m["to"] for m in mails] == [me["email"]]  # …but by email

    # replacing with an empty set is back to the defaults
    reset = await client.put(
        f"{API}/me/notification-preferences", json={"items": []}, headers=headers
    )
    assert {p["kind"]: p["in_app"] for p in reset.json()["items"]}["delegated"] is True


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"items": [{"kind": "no_such_kind", "in_app": True, "email": True}]}, "kind"),
        ({"items": [{"kind": "delegated", "in_app": True}]}, "email"),
        ({"items": [{"kind": "delegated", "in_app": True, "email": True, "sms": True}]}, "sms"),
        (
            {
                "items": [
                    {"kind": "delegated", "in_app": True, "email": True},
                    {"kind": "delegated", "in_app": False, "email": False},
                ]
            },
            "kind",
        ),
    ],
)
async def test_invalid_preferences_are_422(client, make_user, body, loc) -> None:
    _, headers = await make_user("sales")
    resp = await client.put(f"{API}/me/notification-preferences", json=body, headers=headers)
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"] == PROBLEM
    assert resp.json()["errors"][0]["loc"][-1] == loc


async def test_a_queue_member_sees_the_requests_notification_until_leaving_the_queue(
    client, admin_headers, make_unit, make_user, make_account, send
) -> None:
    unit_a, unit_b = await make_unit("Yksikkö A"), await make_unit("Yksikkö B")
    _, a_headers = await make_user("sales", unit_a["id"], name="Aino A")
    member, member_headers = await make_user("sales", unit_b["id"], name="Bertta B")
    outsider, outsider_headers = await make_user("sales", unit_b["id"], name="Cecilia C")
    subject = await make_subject(client, admin_headers)
    account = await make_account(a_headers, name="Salainen Oy")
    request = await make_request(
        client, a_headers, subject["id"], account_id=account["id"], title="Salainen asia"
    )
    queue = await make_queue(client, admin_headers, unit_a["id"], [member["id"]])
    delegated = await client.post(
        f"{API}/service-requests/{request['id']}/delegations",
        json={"to_queue_id": queue["id"]},
        headers=a_headers,
    )
    assert delegated.status_code == 201, delegated.text
    [item] = (await _list(client, member_headers))["items"]
    assert (item["kind"], item["record_id"]) == ("delegated", request["id"])
    assert item["title"].endswith("Salainen asia")
    assert item["link"] == f"/service-requests/{request['id']}"
    # someone outside both the unit and the queue: told about it, shown nothing
    await send(outsider["id"], record_type="service_request", record_id=request["id"])
    assert (await _list(client, outsider_headers))["items"] == []
    assert await _count(client, outsider_headers) == 0

    removed = await client.put(
        f"{API}/queues/{queue['id']}/members", json={"user_ids": []}, headers=admin_headers
    )
    assert removed.status_code == 200, removed.text
    assert (await _list(client, member_headers))["items"] == []
    assert await _count(client, member_headers) == 0
    resp = await client.post(f"{API}/notifications/{item['id']}/read", headers=member_headers)
    assert resp.status_code == 404
