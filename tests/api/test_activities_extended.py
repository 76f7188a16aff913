"""Activities extended over HTTP: the activity types admin, a type fixed after creation,
keywords validated against the type, a visit's goal and agreed actions, the in-progress
status, participants (read access and their own work), passive accounts refused, and the
calendar with colleagues' busy blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.api.account_factories import passivate

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"
Headers = dict[str, str]


def iso(moment: datetime) -> str:
    return moment.isoformat()


async def type_by_key(client: httpx.AsyncClient, headers: Headers, key: str) -> dict[str, Any]:
    resp = await client.get(f"{API}/activity-types", params={"limit": 200}, headers=headers)
    assert resp.status_code == 200, resp.text
    [found] = [t for t in resp.json()["items"] if t["key"] == key]
    return found  # type: ignore[no-any-return]


async def create(client: httpx.AsyncClient, headers: Headers, **fields: Any) -> dict[str, Any]:
    body = {"type": "task", "subject": "Soita takaisin", **fields}
    resp = await client.post(f"{API}/activities", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


def if_match(headers: Headers, record: dict[str, Any]) -> Headers:
    return {**headers, "If-Match": f'"{record["version"]}"'}


def locs(resp: httpx.Response) -> list[list[str]]:
    return [e["loc"] for e in resp.json()["errors"]]


# ------------------------------------------------------------------ types admin


async def test_an_admin_maintains_activity_types_and_others_only_read_them(
    client, admin_headers, make_user
) -> None:
    _, sales = await make_user("sales")
    body = {
        "key": "fair",
        "name": "Messut",
        "name_en": "Fair",
        "name_sv": "Mässa",
        "kind": "meeting",
        "keywords": [
            {"key": "stand", "name": "Osasto", "name_en": "Stand", "name_sv": "Monter"},
            {"key": "visitor", "name": "Kävijä"},
        ],
    }
    refused = await client.post(f"{API}/activity-types", json=body, headers=sales)
    assert refused.status_code == 403
    made = await client.post(f"{API}/activity-types", json=body, headers=admin_headers)
    assert made.status_code == 201, made.text
    fair = made.json()
    assert made.headers["etag"] == '"1"'
    assert [k["key"] for k in fair["keywords"]] == ["stand", "visitor"]
    assert fair["keywords"][0]["name_sv"] == "Monter"
    assert fair["is_default"] is False
    again = await client.post(f"{API}/activity-types", json=body, headers=admin_headers)
    assert again.status_code == 409
    assert again.headers["content-type"] == PROBLEM

    url = f"{API}/activity-types/{fair['id']}"
    assert (await client.patch(url, json={"name": "X"}, headers=admin_headers)).status_code == 428
    stale = await client.patch(
        url, json={"name": "X"}, headers={**admin_headers, "If-Match": '"7"'}
    )
    assert stale.status_code == 412
    by_sales = await client.patch(url, json={"name": "X"}, headers=if_match(sales, fair))
    assert by_sales.status_code == 403
    kind = await client.patch(url, json={"kind": "task"}, headers=if_match(admin_headers, fair))
    assert kind.status_code == 422
    assert locs(kind) == [["body", "kind"]]
    key = await client.patch(url, json={"key": "expo"}, headers=if_match(admin_headers, fair))
    assert key.status_code == 422
    edited = await client.patch(
        url,
        json={
            "name": "Messut ja näyttelyt",
            "kind": "meeting",
            "is_visit": True,
            "keywords": [{"key": "stand", "name": "Osasto"}],
        },
        headers=if_match(admin_headers, fair),
    )
    assert edited.status_code == 200, edited.text
    assert edited.headers["etag"] == '"2"'
    assert edited.json()["is_visit"] is True
    assert [k["key"] for k in edited.json()["keywords"]] == ["stand"]
    seen = await client.get(url, headers=sales)
    assert seen.status_code == 200
    assert seen.json()["name"] == "Messut ja näyttelyt"

    off = await client.post(f"{url}/deactivate", headers=if_match(admin_headers, edited.json()))
    assert off.status_code == 200, off.text
    assert off.json()["is_active"] is False
    chosen = await client.post(
        f"{API}/activities",
        json={"activity_type_id": fair["id"], "subject": "Messut"},
        headers=sales,
    )
    assert chosen.status_code == 422
    assert locs(chosen) == [["body", "activity_type_id"]]
    active = await client.get(f"{API}/activity-types", params={"active": True}, headers=sales)
    assert fair["id"] not in [t["id"] for t in active.json()["items"]]


async def test_the_default_type_of_a_kind_cannot_be_deactivated(client, admin_headers) -> None:
    task = await type_by_key(client, admin_headers, "task")
    resp = await client.post(
        f"{API}/activity-types/{task['id']}/deactivate", headers=if_match(admin_headers, task)
    )
    assert resp.status_code == 409
    assert resp.headers["content-type"] == PROBLEM


async def test_invalid_keywords_of_a_type_are_refused(client, admin_headers) -> None:
    for keywords in (
        [{"key": "a", "name": "A"}, {"key": "a", "name": "B"}],
        [{"key": "Iso", "name": "A"}],
    ):
        resp = await client.post(
            f"{API}/activity-types",
            json={"key": "dup", "name": "Dup", "kind": "note", "keywords": keywords},
            headers=admin_headers,
        )
        assert resp.status_code == 422, resp.text


# ------------------------------------------------------------------ type, keywords, visits


async def test_the_type_is_fixed_after_creation(client, make_user) -> None:
    _, headers = await make_user("sales")
    feedback = await type_by_key(client, headers, "customer_feedback")
    meeting = await type_by_key(client, headers, "meeting")
    note = await create(client, headers, type=None, activity_type_id=feedback["id"])
    assert note["type"] == "note"  # the kind of the type
    assert note["activity_type_id"] == feedback["id"]
    url = f"{API}/activities/{note['id']}"
    for change in ({"activity_type_id": meeting["id"]}, {"type": "meeting"}):
        resp = await client.patch(url, json=change, headers=if_match(headers, note))
        assert resp.status_code == 422, resp.text
        assert resp.headers["content-type"] == PROBLEM
        [error] = resp.json()["errors"]
        assert error["loc"] == ["body", next(iter(change))]
        assert "fixed" in error["msg"]
    same = await client.patch(
        url,
        json={"activity_type_id": feedback["id"], "type": "note", "subject": "Palaute"},
        headers=if_match(headers, note),
    )
    assert same.status_code == 200, same.text
    assert same.json()["activity_type_id"] == feedback["id"]
    assert same.json()["subject"] == "Palaute"


async def test_keywords_are_validated_against_the_type(client, make_user) -> None:
    _, headers = await make_user("sales")
    feedback = await type_by_key(client, headers, "customer_feedback")
    good = await create(
        client,
        headers,
        type=None,
        activity_type_id=feedback["id"],
        keywords=["negative", "positive", "negative"],
    )
    assert good["keywords"] == ["positive", "negative"]  # the type's order, once each
    bad = await client.post(
        f"{API}/activities",
        json={"activity_type_id": feedback["id"], "subject": "x", "keywords": ["great"]},
        headers=headers,
    )
    assert bad.status_code == 422
    assert locs(bad) == [["body", "keywords"]]
    task = await client.post(
        f"{API}/activities",
        json={"type": "task", "subject": "x", "keywords": ["positive"]},
        headers=headers,
    )
    assert task.status_code == 422  # a task has no keywords
    url = f"{API}/activities/{good['id']}"
    changed = await client.patch(
        url, json={"keywords": ["negative"]}, headers=if_match(headers, good)
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["keywords"] == ["negative"]
    wrong = await client.patch(
        url, json={"keywords": ["meh"]}, headers=if_match(headers, changed.json())
    )
    assert wrong.status_code == 422
    assert locs(wrong) == [["body", "keywords"]]


async def test_a_visit_has_a_goal_before_and_agreed_actions_after(client, make_user) -> None:
    _, headers = await make_user("sales")
    visit_type = await type_by_key(client, headers, "visit")
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    visit = await create(
        client,
        headers,
        type=None,
        activity_type_id=visit_type["id"],
        subject="Käynti Kone Oyj:llä",
        due_at=iso(due),
        goal="Sopia syksyn koulutukset",
    )
    assert visit["type"] == "meeting"
    assert visit["goal"] == "Sopia syksyn koulutukset"
    assert visit["agreed_actions"] is None
    after = await client.patch(
        f"{API}/activities/{visit['id']}",
        json={"agreed_actions": "Tarjous viikolla 40", "status": "done"},
        headers=if_match(headers, visit),
    )
    assert after.status_code == 200, after.text
    assert after.json()["agreed_actions"] == "Tarjous viikolla 40"
    assert after.json()["status"] == "done"
    for field in ("goal", "agreed_actions"):
        task = await client.post(
            f"{API}/activities", json={"type": "task", "subject": "x", field: "y"}, headers=headers
        )
        assert task.status_code == 422
        assert locs(task) == [["body", field]]


async def test_status_moves_through_in_progress(client, make_user) -> None:
    _, headers = await make_user("sales")
    task = await create(client, headers)
    url = f"{API}/activities/{task['id']}"
    started = await client.patch(
        url, json={"status": "in_progress"}, headers=if_match(headers, task)
    )
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "in_progress"
    assert started.json()["completed_at"] is None
    done = await client.patch(
        url, json={"status": "done"}, headers=if_match(headers, started.json())
    )
    assert done.json()["status"] == "done"
    assert done.json()["completed_at"] is not None
    back = await client.patch(
        url, json={"status": "in_progress"}, headers=if_match(headers, done.json())
    )
    assert back.status_code == 409
    assert back.json()["allowed"] == ["open"]


async def test_a_passive_account_takes_no_new_activities(
    client, make_user, make_account, make_contact
) -> None:
    _, headers = await make_user("sales")
    account = await make_account(headers, name="Lopettanut Oy")
    contact = await make_contact(headers, accounts=[{"account_id": account["id"]}])
    earlier = await create(client, headers, regarding_type="account", regarding_id=account["id"])
    await passivate(client, headers, account["id"], "Toiminta loppunut")
    for kind, record_id in (("account", account["id"]), ("contact", contact["id"])):
        resp = await client.post(
            f"{API}/activities",
            json={
                "type": "task",
                "subject": "x",
                "regarding_type": kind,
                "regarding_id": record_id,
            },
            headers=headers,
        )
        assert resp.status_code == 422, resp.text
        [error] = resp.json()["errors"]
        assert error["loc"] == ["body", "regarding_id"]
        assert "Lopettanut Oy has been passive since" in error["msg"]
        assert "activities" in error["msg"]
    # what was there is still worked
    done = await client.patch(
        f"{API}/activities/{earlier['id']}",
        json={"status": "done"},
        headers=if_match(headers, earlier),
    )
    assert done.status_code == 200, done.text


# ------------------------------------------------------------------ participants


@pytest.fixture
async def people(make_unit, make_user):
    """An owner in unit A, a colleague in unit B who takes part, and an outsider in unit B."""
    unit_a = await make_unit("Yksikkö A")
    unit_b = await make_unit("Yksikkö B")
    owner = await make_user("sales", unit_a["id"], name="Olli Omistaja")
    colleague = await make_user("sales", unit_b["id"], name="Kaisa Kollega")
    outsider = await make_user("sales", unit_b["id"], name="Ulla Ulkopuolinen")
    return owner, colleague, outsider


async def test_participants_read_the_activity_and_see_it_in_their_own_work(
    client, people, make_account
) -> None:
    (_owner, oh), (colleague, ch), (outsider, xh) = people
    account = await make_account(oh, name="Salainen Oy")
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30)
    task = await create(
        client, oh, due_at=iso(soon), regarding_type="account", regarding_id=account["id"]
    )
    url = f"{API}/activities/{task['id']}"
    assert (await client.get(url, headers=ch)).status_code == 404

    part = f"{url}/participants/{colleague['id']}"
    assert (await client.put(part, headers=oh)).status_code == 428
    by_outsider = await client.put(
        f"{url}/participants/{outsider['id']}", headers=if_match(xh, task)
    )
    assert by_outsider.status_code == 404  # cannot reach another unit's activity
    added = await client.put(part, headers=if_match(oh, task))
    assert added.status_code == 200, added.text
    assert added.json()["participant_ids"] == [colleague["id"]]
    assert added.json()["participants"] == [{"id": colleague["id"], "name": "Kaisa Kollega"}]
    assert added.headers["etag"] == '"2"'
    same = await client.put(part, headers=if_match(oh, added.json()))
    assert same.status_code == 200
    assert same.headers["etag"] == '"2"'  # already there: nothing changed

    seen = await client.get(url, headers=ch)
    assert seen.status_code == 200, seen.text
    assert seen.json()["regarding"]["label"] is None  # the account stays out of their scope
    today = await client.get(f"{API}/me/work", params={"bucket": "today"}, headers=ch)
    assert [a["id"] for a in today.json()["items"]] == [task["id"]]
    summary = await client.get(f"{API}/me/work/summary", headers=ch)
    assert summary.json()["today"] == 1
    listed = await client.get(
        f"{API}/activities", params={"participant_id": colleague["id"]}, headers=ch
    )
    assert [a["id"] for a in listed.json()["items"]] == [task["id"]]
    assert (await client.get(url, headers=xh)).status_code == 404
    outsiders = await client.get(f"{API}/activities", headers=xh)
    assert task["id"] not in [a["id"] for a in outsiders.json()["items"]]

    # participation grants read, not write
    edit = await client.patch(url, json={"subject": "x"}, headers=if_match(ch, added.json()))
    assert edit.status_code == 403
    history = await client.get(f"{url}/history", headers=oh)
    assert any("participant_ids" in str(entry) for entry in history.json()["items"]), history.json()

    left = await client.delete(part, headers=if_match(ch, added.json()))
    assert left.status_code == 200, left.text
    assert left.json()["participant_ids"] == []
    assert (await client.get(url, headers=ch)).status_code == 404
    today = await client.get(f"{API}/me/work", params={"bucket": "today"}, headers=ch)
    assert today.json()["items"] == []


async def test_participants_are_active_colleagues_other_than_the_owner(client, people) -> None:
    (owner, oh), (colleague, _), (outsider, xh) = people
    task = await create(client, oh, participant_ids=[colleague["id"]])
    assert task["participant_ids"] == [colleague["id"]]
    url = f"{API}/activities/{task['id']}"
    as_owner = await client.put(f"{url}/participants/{owner['id']}", headers=if_match(oh, task))
    assert as_owner.status_code == 422
    nobody = await client.put(
        f"{url}/participants/01890000-0000-7000-8000-000000000000", headers=if_match(oh, task)
    )
    assert nobody.status_code == 422
    bad = await client.post(
        f"{API}/activities",
        json={"type": "task", "subject": "x", "participant_ids": [owner["id"]]},
        headers=oh,
    )
    assert bad.status_code == 422
    assert locs(bad) == [["body", "participant_ids"]]
    # removing someone else needs the right to change the activity
    removed = await client.delete(
        f"{url}/participants/{colleague['id']}", headers=if_match(xh, task)
    )
    assert removed.status_code == 404
    whole = await client.patch(
        url, json={"participant_ids": [outsider["id"]]}, headers=if_match(oh, task)
    )
    assert whole.status_code == 200, whole.text
    assert whole.json()["participant_ids"] == [outsider["id"]]


# ------------------------------------------------------------------ calendar


async def test_a_calendar_shows_owned_and_joined_activities_and_a_colleagues_as_busy_blocks(
    client, people, make_account
) -> None:
    (owner, oh), (colleague, ch), (_outsider, xh) = people
    account = await make_account(oh, name="Salainen Oy")
    monday = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)
    meeting = await create(
        client,
        oh,
        type="meeting",
        subject="Ohjausryhmä Salainen Oy",
        due_at=iso(monday),
        duration_minutes=90,
        regarding_type="account",
        regarding_id=account["id"],
        participant_ids=[colleague["id"]],
    )
    own = await create(client, ch, subject="Oma tehtävä", due_at=iso(monday + timedelta(days=1)))
    cancelled = await create(client, ch, subject="Peruttu", due_at=iso(monday))
    await client.patch(
        f"{API}/activities/{cancelled['id']}",
        json={"status": "cancelled"},
        headers=if_match(ch, cancelled),
    )
    await create(client, ch, subject="Myöhemmin", due_at=iso(monday + timedelta(days=30)))
    window = {"from": iso(monday - timedelta(days=1)), "to": iso(monday + timedelta(days=7))}

    mine = await client.get(f"{API}/calendar", params=window, headers=ch)
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert body["user_id"] == colleague["id"]
    assert [e["activity"]["id"] for e in body["entries"]] == [meeting["id"], own["id"]]
    first = body["entries"][0]
    assert first["busy"] is False
    assert datetime.fromisoformat(first["end"]) - datetime.fromisoformat(first["start"]) == (
        timedelta(minutes=90)
    )
    # a participant reads the meeting, but not the account it is about
    assert first["activity"]["account_id"] is None
    assert first["activity"]["regarding"]["label"] is None
    assert body["truncated"] is False

    # the outsider browses the colleague's calendar: what they may not read is only busy
    theirs = await client.get(
        f"{API}/calendar", params={**window, "user_id": colleague["id"]}, headers=xh
    )
    assert theirs.status_code == 200, theirs.text
    entries = theirs.json()["entries"]
    assert len(entries) == 2
    meeting_block = next(e for e in entries if e["start"] == first["start"])
    assert meeting_block == {
        "start": first["start"],
        "end": first["end"],
        "busy": True,
        "activity": None,
    }
    assert "Salainen" not in theirs.text
    assert "Ohjausryhmä" not in theirs.text
    # the outsider is in the colleague's unit and reads their own task in full
    own_block = next(e for e in entries if e["start"] != first["start"])
    assert own_block["busy"] is False
    assert own_block["activity"]["subject"] == "Oma tehtävä"

    owners = await client.get(
        f"{API}/calendar", params={**window, "user_id": owner["id"]}, headers=oh
    )
    assert [e["activity"]["id"] for e in owners.json()["entries"]] == [meeting["id"]]
    assert owners.json()["entries"][0]["activity"]["account_id"] == account["id"]


async def test_the_calendar_window_is_bounded_and_the_user_must_exist(client, people) -> None:
    (_owner, oh), _, _ = people
    start = datetime(2030, 1, 1, tzinfo=UTC)
    too_long = await client.get(
        f"{API}/calendar",
        params={"from": iso(start), "to": iso(start + timedelta(days=63))},
        headers=oh,
    )
    assert too_long.status_code == 422
    assert locs(too_long) == [["query", "to"]]
    backwards = await client.get(
        f"{API}/calendar", params={"from": iso(start), "to": iso(start)}, headers=oh
    )
    assert backwards.status_code == 422
    no_zone = await client.get(
        f"{API}/calendar",
        params={"from": "2030-01-01T00:00:00", "to": "2030-01-02T00:00:00"},
        headers=oh,
    )
    assert no_zone.status_code == 422
    nobody = await client.get(
        f"{API}/calendar",
        params={
            "from": iso(start),
            "to": iso(start + timedelta(days=62)),
            "user_id": "01890000-0000-7000-8000-000000000000",
        },
        headers=oh,
    )
    assert nobody.status_code == 404
