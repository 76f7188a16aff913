"""The built-in system views of customer service, installed once with stable keys.

`install_system_views` adds the ones that are missing and leaves existing ones alone (an
administrator may have edited their names, columns or filters), so it is safe to run at
every start, in demo seeding and lazily before views are listed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.shared import Operation, Runtime
from domain.views.catalogue import SERVICE_REQUEST
from domain.views.model import SavedView, Visibility
from domain.views.ports import ViewsUnitOfWork
from domain.views.services import ViewInput, audit_view, build_view


@dataclass(frozen=True)
class SystemView:
    key: str
    name: str
    name_en: str
    filter: dict[str, Any]
    sort: str
    columns: tuple[str, ...]


def _eq(field: str, value: str) -> dict[str, Any]:
    return {"field": field, "op": "eq", "value": value}


_OPEN = _eq("state", "open")
_LIST = (
    "number",
    "title",
    "account_name",
    "subject_name",
    "status_reason",
    "priority",
    "owner_name",
)

SYSTEM_VIEWS: tuple[SystemView, ...] = (
    SystemView(
        "unresolved",
        "Ratkaisemattomat palvelupyynnöt",
        "Unresolved requests",
        {"all": [_OPEN]},
        "-received_at",
        (*_LIST, "queue_name", "received_at"),
    ),
    SystemView(
        "my_open",
        "Omat avoimet palvelupyynnöt",
        "My open requests",
        {"all": [_OPEN, _eq("owner_id", "$me")]},
        "-received_at",
        (*_LIST[:-1], "delegated_by_name", "received_at", "follow_up_by"),
    ),
    SystemView(
        "callbacks",
        "Soittopyynnöt",
        "Call-back requests",
        {"all": [_eq("request_type", "callback"), _OPEN]},
        "callback_due_at",
        (
            "number",
            "title",
            "account_name",
            "caller_name",
            "owner_name",
            "callback_due_at",
            "received_at",
        ),
    ),
    SystemView(
        "feedback",
        "Palautteet",
        "Feedback",
        {"all": [_eq("request_type", "feedback")]},
        "-received_at",
        (
            "number",
            "title",
            "account_name",
            "subject_name",
            "status_reason",
            "satisfaction",
            "received_at",
        ),
    ),
    SystemView(
        "resolved_done",
        "Selvitetyt ja valmiit",
        "Resolved and done",
        {"all": [{"field": "status_reason", "op": "in", "value": ["resolved", "done"]}]},
        "-updated_at",
        (*_LIST, "received_at", "resolved_at"),
    ),
    SystemView(
        "contracts_not_in_billing",
        "Sopimukset, jotka eivät ole laskutuksessa",
        "Contracts not yet in billing",
        {
            "all": [
                {
                    "field": "request_type",
                    "op": "in",
                    "value": ["contract_purchase", "termination"],
                },
                _eq("billing_status", "pending"),
            ]
        },
        "received_at",
        (
            "number",
            "title",
            "account_name",
            "request_type",
            "contract_number",
            "usage_point",
            "owner_name",
            "received_at",
        ),
    ),
    SystemView(
        "meter_readings_not_in_billing",
        "Mittarilukemat, jotka eivät ole laskutuksessa",
        "Meter readings not yet in billing",
        {"all": [_eq("request_type", "meter_reading"), _eq("billing_status", "pending")]},
        "received_at",
        (
            "number",
            "title",
            "account_name",
            "meter_number",
            "usage_point",
            "owner_name",
            "received_at",
        ),
    ),
    SystemView(
        "web_contracts",
        "Verkkosopimukset",
        "Web contracts",
        {"all": [_eq("origin", "web_form"), _eq("request_type", "contract_purchase")]},
        "-received_at",
        (
            "number",
            "title",
            "account_name",
            "status_reason",
            "billing_status",
            "owner_name",
            "received_at",
        ),
    ),
)
SYSTEM_KEYS = tuple(v.key for v in SYSTEM_VIEWS)


async def install_system_views(
    uow: ViewsUnitOfWork, rt: Runtime, owner_id: UUID, business_unit_id: UUID
) -> list[SavedView]:
    """Add the built-in system views that do not exist yet; returns the ones it added."""
    existing = await uow.saved_views.system_keys(SERVICE_REQUEST)
    added: list[SavedView] = []
    for position, spec in enumerate(SYSTEM_VIEWS, start=1):
        if spec.key in existing:
            continue
        view = build_view(
            rt,
            ViewInput(
                entity=SERVICE_REQUEST,
                name=spec.name,
                name_en=spec.name_en,
                filter=spec.filter,
                columns=spec.columns,
                sort=spec.sort,
                visibility=Visibility.SYSTEM,
                position=position * 10,
            ),
            owner_id,
            business_unit_id,
            system_key=spec.key,
        )
        await uow.saved_views.add(view)
        await audit_view(uow, rt, None, view, Operation.CREATE, None)
        added.append(view)
    if added:
        await uow.commit()
    return added
