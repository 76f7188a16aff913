"""'My work' over HTTP with a fixed 'now': the buckets in Helsinki time, paging, what I
delegated, and the summary counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"
HKI = ZoneInfo("Europe/Helsinki")
# Wednesday 11 March 2026, 12:00 in Helsinki (10:00 UTC): the week is Monday 9 – Sunday 15.
NOW = datetime(2026, 3, 11, 12, 0, tzinfo=HKI)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.current = now.astimezone(UTC)

    def now(self) -> datetime:
        return self.current


@pytest.fixture
def frozen(container, monkeypatch):
    """Freeze the container's clock at NOW. Sign users in first: access tokens are checked
    against the real time."""

    def _freeze() -> None:
        monkeypatch.setattr(container, "clock", FixedClock(NOW))

    return _freeze


def hki(day: int, hour: int, minute: int = 0) -> str:
    return datetime(2026, 3, day, hour, minute, tzinfo=HKI).isoformat()


async def create(client, headers, **fields: Any) -> dict[str, Any]:
    body = {"type": "task", "subject": "Tehtävä", **fields}
    resp = await client.post(f"{API}/activities", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def bucket(client, headers, name: str, **params: Any) -> list[str]:
    resp = await client.get(f"{API}/me/work", params={"bucket": name, **params}, headers=headers)
    assert resp.status_code == 200, resp.text
    return [a["subject"] for a in resp.json()["items"]]


async def test_the_buckets_follow_the_helsinki_calendar(client, make_user, frozen) -> None:
    _, headers = await make_user("service")
    colleague, colleague_headers = await make_user("service")
    frozen()
    await create(client, headers, subject="last sunday late", due_at=hki(8, 23, 30))
    await create(client, headers, subject="yesterday", due_at=hki(10, 9))
    await create(client, headers, subject="this morning", due_at=hki(11, 8))
    await create(client, headers, subject="this evening", due_at=hki(11, 18))
    await create(client, headers, subject="sunday late", due_at=hki(15, 23, 30))
    await create(client, headers, subject="next monday early", due_at=hki(16, 0, 30))
    await create(client, headers, subject="no due time")
    done = await create(client, headers, subject="done yesterday", due_at=hki(10, 10))
    await client.patch(
        f"{API}/activities/{done['id']}",
        json={"status": "done"},
        headers={**headers, "If-Match": '"1"'},
    )
    await create(client, headers, subject="given away", due_at=hki(10, 8), owner_id=colleague["id"])
    await create(client, colleague_headers, subject="colleague's own", due_at=hki(11, 9))

    assert await bucket(client, headers, "overdue") == [
        "last sunday late",
        "yesterday",
        "this morning",
    ]
    assert await bucket(client, headers, "today") == ["this morning", "this evening"]
    assert await bucket(client, headers, "this_week") == [
        "yesterday",
        "this morning",
        "this evening",
        "sunday late",  # Sunday 21:30 UTC, still this week in Helsinki
    ]
    assert await bucket(client, headers, "delegated_by_me") == ["given away"]
    # The delegated task is the colleague's work now, not mine.
    assert await bucket(client, colleague_headers, "overdue") == ["given away", "colleague's own"]
    assert await bucket(client, colleague_headers, "delegated_by_me") == []

    summary = await client.get(f"{API}/me/work/summary", headers=headers)
    assert summary.status_code == 200, summary.text
    assert summary.json() == {
        "overdue": 3,
        "today": 2,
        "this_week": 4,
        "delegated_by_me": 1,
        "open_requests": 0,
        "delegated_requests_by_me_open": 0,
    }


async def test_a_bucket_pages_without_duplicates_or_gaps(client, make_user, frozen) -> None:
    _, headers = await make_user("service")
    frozen()
    for minute in range(0, 50, 10):
        await create(client, headers, subject=f"at {minute}", due_at=hki(11, 14, minute))
    seen: list[str] = []
    cursor = None
    while True:
        params = {"bucket": "today", "limit": 2, **({"cursor": cursor} if cursor else {})}
        resp = await client.get(f"{API}/me/work", params=params, headers=headers)
        assert resp.status_code == 200, resp.text
        seen += [a["subject"] for a in resp.json()["items"]]
        cursor = resp.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"at {m}" for m in range(0, 50, 10)]


async def test_a_finished_delegated_task_leaves_the_delegators_list(
    client, make_user, frozen
) -> None:
    _, headers = await make_user("service")
    colleague, colleague_headers = await make_user("service")
    frozen()
    given = await create(client, headers, subject="given", owner_id=colleague["id"])
    assert await bucket(client, headers, "delegated_by_me") == ["given"]
    resp = await client.patch(
        f"{API}/activities/{given['id']}",
        json={"status": "done"},
        headers={**colleague_headers, "If-Match": '"1"'},
    )
    assert resp.status_code == 200, resp.text
    assert await bucket(client, headers, "delegated_by_me") == []


async def test_an_unknown_bucket_is_a_422(client, make_user) -> None:
    _, headers = await make_user("service")
    resp = await client.get(f"{API}/me/work", params={"bucket": "someday"}, headers=headers)
    assert resp.status_code == 422


async def test_the_summary_counts_my_open_requests_and_those_i_delegated(
    client, admin_headers, make_user, make_account
) -> None:
    _, headers = await make_user("service")
    colleague, colleague_headers = await make_user("service")
    subject = await client.post(f"{API}/subjects", json={"name": "Mittarit"}, headers=admin_headers)
    assert subject.status_code == 201, subject.text
    account = await make_account(headers)

    async def request(title: str) -> dict[str, Any]:
        body = {
            "title": title,
            "subject_id": subject.json()["id"],
            "origin": "phone_call",
            "account_id": account["id"],
        }
        resp = await client.post(f"{API}/service-requests", json=body, headers=headers)
        assert resp.status_code == 201, resp.text
        return resp.json()  # type: ignore[no-any-return]

    await request("mine, open")
    closed = await request("mine, resolved")
    resp = await client.post(
        f"{API}/service-requests/{closed['id']}/status",
        json={"status_reason": "resolved"},
        headers={**headers, "If-Match": f'"{closed["version"]}"'},
    )
    assert resp.status_code == 200, resp.text
    given = await request("given to a colleague")
    resp = await client.post(
        f"{API}/service-requests/{given['id']}/delegations",
        json={"to_user_id": colleague["id"], "note": "Hoida tämä"},
        headers={**headers, "If-Match": f'"{given["version"]}"'},
    )
    assert resp.status_code == 201, resp.text

    async def summary(h: dict[str, str]) -> dict[str, int]:
        resp = await client.get(f"{API}/me/work/summary", headers=h)
        assert resp.status_code == 200, resp.text
        return resp.json()  # type: ignore[no-any-return]

    mine = await summary(headers)
    assert (mine["open_requests"], mine["delegated_requests_by_me_open"]) == (1, 1)
    theirs = await summary(colleague_headers)
    assert (theirs["open_requests"], theirs["delegated_requests_by_me_open"]) == (1, 0)
