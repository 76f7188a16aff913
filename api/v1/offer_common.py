"""What the offer and order routers share: the policy from settings, and records with their
display names as response models."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from api.deps import Container
from api.v1.schemas.offers import LineOut, OfferOut, OrderOut
from domain.offers import Line, OfferPolicy, allowed_offer_statuses, allowed_order_statuses
from domain.offers import today as helsinki_today
from domain.shared import Principal
from persistence.queries import offers as queries
from persistence.uow import SqlUnitOfWork

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Not found, or not visible"}}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}
TRANSITION_RESPONSES: dict[int | str, dict[str, Any]] = {
    **WRITE_RESPONSES,
    409: {"description": "Not allowed from the current status; `allowed` lists what is"},
}


def policy(c: Container) -> OfferPolicy:
    return OfferPolicy(validity_days=c.settings.offer_validity_days)


def business_day(c: Container) -> date:
    return helsinki_today(c.clock.now())


def lines_out(lines: tuple[Line, ...]) -> list[LineOut]:
    return [
        LineOut(
            position=i,
            product_id=line.product_id,
            product_code=line.product_code,
            name=line.name,
            unit=line.unit,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount_percent=line.discount_percent,
            line_total=line.total,
        )
        for i, line in enumerate(lines, start=1)
    ]


def offer_out(view: queries.OfferView, on: date) -> OfferOut:
    o = view.offer
    order = (
        {"id": o.order_id, "number": view.order_number, "status": view.order_status}
        if o.order_id is not None and view.order_number is not None
        else None
    )
    return OfferOut.model_validate(
        {
            **{k: getattr(o, k) for k in OfferOut.model_fields if hasattr(o, k)},
            **{k: getattr(view, k) for k in OfferOut.model_fields if hasattr(view, k)},
            "is_expired": o.is_expired(on),
            "allowed_statuses": allowed_offer_statuses(o.status),
            "order": order,
            "lines": lines_out(o.lines),
            "attachments": [{"name": a.name, "url": a.url} for a in o.attachments],
        }
    )


def order_out(view: queries.OrderView) -> OrderOut:
    o = view.order
    return OrderOut.model_validate(
        {
            **{k: getattr(o, k) for k in OrderOut.model_fields if hasattr(o, k)},
            **{k: getattr(view, k) for k in OrderOut.model_fields if hasattr(view, k)},
            "allowed_statuses": allowed_order_statuses(o.status),
            "lines": lines_out(o.lines),
        }
    )


async def one_offer(
    c: Container, uow: SqlUnitOfWork, principal: Principal, offer_id: UUID
) -> OfferOut:
    """The offer as the caller sees it (scope already checked by the use case)."""
    views = await queries.offer_views(uow.session, [offer_id], principal=principal)
    return offer_out(views[0], business_day(c))


async def one_order(uow: SqlUnitOfWork, order_id: UUID) -> OrderOut:
    return order_out((await queries.order_views(uow.session, [order_id]))[0])
