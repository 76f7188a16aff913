"""Demo and benchmark data for customer service: subjects, queues, the general customer,
service requests with their log, delegations and activities.

Rows are generated in bulk (a benchmark loads 200,000 requests) with the same derived values
the domain computes — status state, working hours from the Finnish office calendar, case
numbers — and each request gets its history line and changes-feed entry like any other
record. Deterministic: the same seed gives the same data on every machine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from api.deps import Container
from domain.shared import AuditEntry, Change, Operation
from domain.shared.calendar import OfficeCalendar
from persistence.repositories.activities import default_type_ids
from persistence.repositories.audit import change_row, history_rows
from persistence.tables.accounts import accounts
from persistence.tables.activities import activities
from persistence.tables.identity import users
from persistence.tables.platform import audit_entries, changes
from persistence.tables.service import (
    queue_members,
    queues,
    service_request_delegations,
    service_request_events,
    service_requests,
    subjects,
)

GENERAL_CUSTOMER = "_Asiakaspalvelun yleisasiakas"
BATCH = 2000

# (Finnish name, English name, children)
SUBJECT_TREE: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Laskutus",
        "Billing",
        (
            ("Laskuvirhe", "Billing error"),
            ("Maksusuunnitelma", "Payment plan"),
            ("Laskutusosoite", "Billing address"),
        ),
    ),
    (
        "Sopimukset",
        "Contracts",
        (
            ("Uusi sopimus", "New contract"),
            ("Irtisanominen", "Termination"),
            ("Muutto", "Moving"),
            ("Kiinteähintainen sopimus", "Fixed-price contract"),
        ),
    ),
    (
        "Mittarit ja lukemat",
        "Meters and readings",
        (("Mittarilukema", "Meter reading"), ("Mittarivika", "Meter fault")),
    ),
    ("Sähkökatko", "Power outage", ()),
    ("Kaukolämpö", "District heating", (("Kaukolämpöliittymä", "Heating connection"),)),
    ("Maakaasu", "Natural gas", (("Kaasusopimus", "Gas contract"),)),
    ("Palaute", "Feedback", (("Kiitos", "Praise"), ("Valitus", "Complaint"))),
    ("Muu asia", "Other matter", ()),
)
QUEUES = (
    ("Asiakaspalvelu", "Puhelut ja sähköpostit, jotka eivät vielä ole kenenkään", 0),
    ("Laskutus", "Laskutuksen selvitettävät asiat", 0),
    ("Myynnin tukipyynnöt", "Asiakaspalvelusta myynnille siirretyt", 1),
)
ORIGINS = (
    ("phone_call", 55),
    ("email", 25),
    ("web_form", 10),
    ("chat", 5),
    ("visit", 3),
    ("letter", 2),
)
# request type, weight, subject it usually has (Finnish parent or child name)
TYPES = (
    ("general", 38, "Muu asia"),
    ("callback", 10, "Laskuvirhe"),
    ("feedback", 8, "Valitus"),
    ("contract_purchase", 10, "Uusi sopimus"),
    ("termination", 5, "Irtisanominen"),
    ("address_change", 7, "Muutto"),
    ("name_change", 2, "Sopimukset"),
    ("meter_reading", 10, "Mittarilukema"),
    ("billing", 6, "Laskuvirhe"),
    ("fault", 3, "Mittarivika"),
    ("other", 1, "Muu asia"),
)
OPEN_REASONS = ("in_progress", "on_hold", "waiting_for_information", "under_investigation")
TITLES = {
    "general": ("Kysymys sopimuksesta", "Yleinen tiedustelu", "Asiakkaan kysymys"),
    "callback": ("Soittopyyntö: lasku", "Pyytää soittamaan takaisin", "Soittopyyntö"),
    "feedback": ("Palaute asiakaspalvelusta", "Valitus katkosta", "Kiitos nopeasta avusta"),
    "contract_purchase": ("Uusi sähkösopimus", "Kaukolämpösopimus", "Verkkosopimus"),
    "termination": ("Sopimuksen irtisanominen", "Muutto pois, irtisanominen"),
    "address_change": ("Osoitteenmuutos", "Laskutusosoitteen muutos"),
    "name_change": ("Nimenmuutos", "Yrityksen nimi muuttunut"),
    "meter_reading": ("Mittarilukema ilmoitettu", "Lukema puuttuu laskulta"),
    "billing": ("Laskussa virhe", "Eräpäivän siirto", "Maksusuunnitelma"),
    "fault": ("Mittari ei näytä lukemaa", "Vika mittarissa"),
    "other": ("Muu asia",),
}
ACTIVITY_SUBJECTS = (
    ("phone_call", "Soitto asiakkaalle"),
    ("phone_call", "Asiakas soitti"),
    ("email", "Vastaus sähköpostilla"),
    ("task", "Tarkista laskutustiedot"),
    ("meeting", "Asiakastapaaminen"),
    ("note", "Muistiinpano"),
)


@dataclass(frozen=True)
class ServiceSeed:
    subjects: int
    queues: int
    requests: int
    activities: int
    general_customer_id: UUID


def _json(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


async def _people(session: Any) -> list[tuple[UUID, UUID, str]]:
    rows = await session.execute(
        sa.select(users.c.id, users.c.business_unit_id, users.c.name)
        .where(users.c.is_active.is_(True))
        .order_by(users.c.email)
    )
    return [(r.id, r.business_unit_id, r.name) for r in rows]


async def seed_service(
    c: Container,
    admin_id: UUID,
    service_user_ids: Sequence[UUID],
    n_requests: int,
    *,
    seed: int = 2026,
    days: int = 120,
    activities_per_request: float = 0.6,
    busy_account_activities: int = 0,
    progress: Callable[[int], None] | None = None,
) -> ServiceSeed:
    """Subjects, queues (service users are members), the general customer, and `n_requests`
    requests received over the last `days` days; `busy_account_activities` activities on
    one account (the benchmark's 360° timeline)."""
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data
    calendar = OfficeCalendar()
    now = c.clock.now()
    step = progress or (lambda _n: None)
    async with c.uow() as uow:
        s = uow.session
        people = await _people(s)
        unit_of = {uid: unit for uid, unit, _ in people}
        workers = [uid for uid in service_user_ids if uid in unit_of] or [admin_id]
        # ---- subjects
        subject_ids: dict[str, UUID] = {}
        subject_rows = []
        for i, (name, name_en, children) in enumerate(SUBJECT_TREE):
            parent = c.ids.new_id()
            subject_ids[name] = parent
            subject_rows.append(_subject(parent, name, name_en, None, i, now))
            for j, (child, child_en) in enumerate(children):
                subject_ids[child] = c.ids.new_id()
                subject_rows.append(_subject(subject_ids[child], child, child_en, parent, j, now))
        await s.execute(sa.insert(subjects), subject_rows)
        # ---- queues: every service user is a member of the first two, everyone of the third
        unit_ids = sorted({unit for _, unit, _ in people if unit != unit_of.get(admin_id)})
        queue_ids = []
        for name, description, unit_index in QUEUES:
            new_queue = c.ids.new_id()
            queue_ids.append(new_queue)
            unit = unit_ids[unit_index % len(unit_ids)] if unit_ids else unit_of[admin_id]
            await s.execute(
                sa.insert(queues).values(
                    id=new_queue,
                    name=name,
                    description=description,
                    email=None,
                    business_unit_id=unit,
                    is_active=True,
                    created_at=now,
                    updated_at=now,
                    version=1,
                )
            )
            await s.execute(
                sa.insert(queue_members),
                [{"queue_id": new_queue, "user_id": uid} for uid in workers],
            )
        # ---- the general customer service customer
        general_id = await s.scalar(
            sa.select(accounts.c.id).where(accounts.c.name == GENERAL_CUSTOMER)
        )
        if general_id is None:
            raise RuntimeError(f"seed the account {GENERAL_CUSTOMER!r} first")
        account_rows = (
            await s.execute(
                sa.select(accounts.c.id, accounts.c.business_id, accounts.c.business_unit_id)
                .where(accounts.c.name != GENERAL_CUSTOMER)
                .order_by(accounts.c.id)
                .limit(20_000)
            )
        ).all()
        customers = [(r.id, r.business_id) for r in account_rows]
        # The busy account (the 360° timeline benchmark) is in the first worker's unit, so
        # that unit's salespeople read it too.
        busy_candidates = [r.id for r in account_rows if r.business_unit_id == unit_of[workers[0]]]
        await uow.commit()

    type_weights = [w for _, w, _ in TYPES]
    origin_names = [o for o, _ in ORIGINS]
    origin_weights = [w for _, w in ORIGINS]
    year_numbers: dict[int, int] = {}
    open_sample: list[tuple[UUID, UUID, str]] = []  # (request, account, title) for tasks
    n_activities = 0
    for start in range(0, n_requests, BATCH):
        rows: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        delegations: list[dict[str, Any]] = []
        acts: list[dict[str, Any]] = []
        for _ in range(start, min(start + BATCH, n_requests)):
            rtype, _, subject_name = rng.choices(TYPES, type_weights)[0]
            origin = rng.choices(origin_names, origin_weights)[0]
            age = timedelta(days=days * rng.random() ** 1.6)  # more recent than old
            received = now - age
            owner = rng.choice(workers)
            unknown = rng.random() < 0.12
            account_id, business_id = (general_id, None) if unknown else rng.choice(customers)
            fresh = age < timedelta(days=10)
            is_open = rng.random() < (0.55 if fresh else 0.04)
            reason = rng.choice(OPEN_REASONS) if is_open else rng.choice(("resolved", "done"))
            responded = calendar.add_working_hours(received, rng.uniform(0.1, 12.0))
            first_response = responded if responded < now and reason != "in_progress" else None
            resolved = None
            if not is_open:
                resolved = min(calendar.add_working_hours(received, rng.uniform(1, 60)), now)
                first_response = first_response or min(responded, resolved)
            number_year = received.year
            year_numbers[number_year] = year_numbers.get(number_year, 0) + 1
            title = rng.choice(TITLES[rtype])
            billing = "not_applicable"
            if rtype in {"contract_purchase", "termination", "meter_reading"}:
                billing = "pending" if is_open or rng.random() < 0.03 else "in_billing"
            request_id = c.ids.new_id()
            queue_id: UUID | None = None
            delegated: dict[str, Any] = {
                "delegated_by_id": None,
                "delegated_to_user_id": None,
                "delegated_to_queue_id": None,
                "delegated_at": None,
            }
            if is_open and rng.random() < 0.3:
                queue_id = rng.choice(queue_ids)
                at = min(received + timedelta(minutes=rng.randint(2, 90)), now)
                delegated = {
                    "delegated_by_id": owner,
                    "delegated_to_user_id": None,
                    "delegated_to_queue_id": queue_id,
                    "delegated_at": at,
                }
                delegations.append(
                    {
                        "id": c.ids.new_id(),
                        "request_id": request_id,
                        "delegated_by_id": owner,
                        "to_user_id": None,
                        "to_queue_id": queue_id,
                        "note": "Siirretty jonoon",
                        "delegated_at": at,
                        "remind_at": calendar.add_working_hours(at, 4),
                        "reminded_at": None,
                        "acknowledged_at": None,
                        "acknowledged_by_id": None,
                        "status": "active",
                    }
                )
                events.append(
                    _event(c, request_id, "delegated", at, owner, {"to_queue_id": queue_id})
                )
            updated = max(
                x for x in (received, first_response, resolved, delegated["delegated_at"]) if x
            )
            row = {
                "id": request_id,
                "number": f"PP-{number_year}-{year_numbers[number_year]:06d}",
                "title": title,
                "sort_title": title.casefold(),
                "account_id": account_id,
                "contact_id": None,
                "caller_name": rng.choice(("Matti Meikäläinen", "Liisa Laine", None))
                if unknown
                else None,
                "caller_email": None,
                "caller_phone": f"+35840{rng.randint(1000000, 9999999)}" if unknown else None,
                "subject_id": subject_ids[subject_name],
                "request_type": rtype,
                "origin": origin,
                "service_channel": None,
                "state": "open" if is_open else "closed",
                "status_reason": reason,
                "priority": rng.choices(("low", "normal", "high", "urgent"), (10, 75, 12, 3))[0],
                "satisfaction": rng.randint(2, 5) if not is_open and rng.random() < 0.3 else None,
                "follow_up_by": None,
                "callback_due_at": calendar.add_working_hours(received, 4)
                if rtype == "callback"
                else None,
                "received_at": received,
                "first_response_at": first_response,
                "resolved_at": resolved,
                "first_response_hours": round(
                    calendar.working_hours_between(received, first_response), 2
                )
                if first_response
                else None,
                "resolution_hours": round(calendar.working_hours_between(received, resolved), 2)
                if resolved
                else None,
                "description": None,
                "site": None,
                "usage_point": f"643{rng.randint(10**14, 10**15 - 1)}"
                if billing != "not_applicable"
                else None,
                "contract_number": f"S{rng.randint(100000, 999999)}"
                if rtype in {"contract_purchase", "termination"}
                else None,
                "meter_number": f"M{rng.randint(1000000, 9999999)}"
                if rtype in {"meter_reading", "fault"}
                else None,
                "business_id": business_id,
                "personal_reference": None,
                "billing_status": billing,
                "owner_id": owner,
                "business_unit_id": unit_of[owner],
                "queue_id": queue_id,
                **delegated,
                "created_by": owner,
                "created_at": received,
                "updated_at": updated,
                "version": 1,
            }
            rows.append(row)
            if is_open and len(open_sample) < 60:
                open_sample.append((request_id, account_id, title))
            events.append(_event(c, request_id, "created", received, owner, None))
            if resolved is not None:
                events.append(
                    _event(
                        c,
                        request_id,
                        "status_changed",
                        resolved,
                        owner,
                        {"from": "in_progress", "to": reason},
                    )
                )
            if rng.random() < activities_per_request:
                kind, subject = rng.choice(ACTIVITY_SUBJECTS)
                acts.append(
                    _activity(
                        c,
                        kind,
                        subject,
                        "service_request",
                        request_id,
                        account_id,
                        received,
                        owner,
                        unit_of[owner],
                    )
                )
        async with c.uow() as uow:
            s = uow.session
            await s.execute(sa.insert(service_requests), rows)
            await s.execute(sa.insert(service_request_events), events)
            if delegations:
                await s.execute(sa.insert(service_request_delegations), delegations)
            if acts:
                await _insert_activities(s, acts)
            await _audit(uow, c, "service_request", rows, admin_id)
            await _audit(uow, c, "activity", acts, admin_id)
            await uow.commit()
        n_activities += len(acts)
        step(len(rows))
    n_activities += await _open_tasks(c, rng, workers, unit_of, open_sample, admin_id)
    if busy_account_activities and (busy_candidates or customers):
        busy = busy_candidates[0] if busy_candidates else customers[0][0]
        owner = workers[0]
        for start in range(0, busy_account_activities, BATCH):
            acts = []
            for k in range(start, min(start + BATCH, busy_account_activities)):
                kind, subject = ACTIVITY_SUBJECTS[k % len(ACTIVITY_SUBJECTS)]
                at = now - timedelta(hours=k * 3 + rng.random())
                acts.append(
                    _activity(c, kind, subject, "account", busy, busy, at, owner, unit_of[owner])
                )
            async with c.uow() as uow:
                await _insert_activities(uow.session, acts)
                await _audit(uow, c, "activity", acts, admin_id)
                await uow.commit()
            n_activities += len(acts)
    return ServiceSeed(len(subject_rows), len(queue_ids), n_requests, n_activities, general_id)


TASKS = ("Soita asiakkaalle takaisin", "Tarkista mittarilukema", "Lähetä sopimus", "Selvitä lasku")


async def _open_tasks(
    c: Container,
    rng: random.Random,
    workers: Sequence[UUID],
    unit_of: dict[UUID, UUID],
    requests: Sequence[tuple[UUID, UUID, str]],
    admin_id: UUID,
) -> int:
    """Open follow-up tasks on recent requests, so that "my work" has something in every
    bucket: overdue, today, this week, and tasks handed to a colleague."""
    now = c.clock.now()
    acts = []
    for k, (request_id, account_id, _title) in enumerate(requests[: 8 * len(workers)]):
        owner = workers[k % len(workers)]
        # Each worker gets one of each in turn: overdue, due shortly (today), in two and in
        # four days.
        hours = (-30.0, 0.15, 50.0, 100.0)[(k // len(workers)) % 4]
        due = now + timedelta(hours=hours + rng.random() / 10)
        act = _activity(
            c,
            "task",
            TASKS[k % len(TASKS)],
            "service_request",
            request_id,
            account_id,
            due,
            owner,
            unit_of[owner],
        )
        act.update(status="open", completed_at=None, created_at=now, updated_at=now)
        if k % 5 == 4 and len(workers) > 1:
            act["delegated_by_id"] = workers[(k + 1) % len(workers)]
        acts.append(act)
    if acts:
        async with c.uow() as uow:
            await _insert_activities(uow.session, acts)
            await _audit(uow, c, "activity", acts, admin_id)
            await uow.commit()
    return len(acts)


def _subject(
    subject_id: UUID, name: str, name_en: str, parent: UUID | None, order: int, now: datetime
) -> dict[str, Any]:
    return {
        "id": subject_id,
        "name": name,
        "name_en": name_en,
        "parent_id": parent,
        "sort_order": order,
        "is_active": True,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _event(
    c: Container, request_id: UUID, kind: str, at: datetime, by: UUID, data: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "id": c.ids.new_id(),
        "request_id": request_id,
        "kind": kind,
        "at": at,
        "by_id": by,
        "note": None,
        "data": {k: _json(v) for k, v in data.items()} if data else None,
    }


async def _insert_activities(session: Any, acts: list[dict[str, Any]]) -> None:
    """Insert activity rows, each with its kind's default activity type."""
    type_ids = await default_type_ids(session)
    await session.execute(
        sa.insert(activities), [{**a, "activity_type_id": type_ids[a["type"]]} for a in acts]
    )


def _activity(
    c: Container,
    kind: str,
    subject: str,
    regarding_type: str,
    regarding_id: UUID,
    account_id: UUID,
    at: datetime,
    owner: UUID,
    unit: UUID,
) -> dict[str, Any]:
    done = at < c.clock.now()
    return {
        "id": c.ids.new_id(),
        "type": kind,
        "subject": subject,
        "description": None,
        "regarding_type": regarding_type,
        "regarding_id": regarding_id,
        "account_id": account_id,
        "due_at": at if kind in {"task", "meeting"} else None,
        "duration_minutes": 15 if kind in {"phone_call", "meeting"} else None,
        "priority": "normal",
        "status": "done" if done or kind in {"phone_call", "email", "note"} else "open",
        "completed_at": at if done else None,
        "direction": "outgoing" if kind in {"phone_call", "email"} else None,
        "occurred_at": at,
        "delegated_by_id": None,
        "keywords": [],
        "owner_id": owner,
        "business_unit_id": unit,
        "created_by": owner,
        "created_at": at,
        "updated_at": at,
        "version": 1,
    }


async def _audit(
    uow: Any, c: Container, entity: str, rows: Sequence[dict[str, Any]], by: UUID
) -> None:
    if not rows:
        return
    at = datetime.now(UTC)
    history: list[dict[str, Any]] = []
    feed = []
    for r in rows:
        author = r.get("created_by") or by  # the agent who took the call, as in the log
        history += history_rows(
            AuditEntry(entity, r["id"], Operation.CREATE, author, r.get("created_at", at), ()),
            c.ids,
        )
        data = {k: _json(v) for k, v in r.items() if k not in {"sort_title"}}
        feed.append(
            change_row(
                Change(
                    entity,
                    r["id"],
                    Operation.CREATE,
                    1,
                    at,
                    r["owner_id"],
                    r["business_unit_id"],
                    data,
                )
            )
        )
    await uow.session.execute(sa.insert(audit_entries), history)
    await uow.session.execute(sa.insert(changes), feed)
