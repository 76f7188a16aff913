"""The field history of one record, as every `…/{id}/history` endpoint answers it."""

from __future__ import annotations

from uuid import UUID

from api.pagination import ListResponse, page_request
from api.v1.schemas.accounts import HistoryOut
from persistence.queries.platform import HISTORY_SORT, history
from persistence.uow import SqlUnitOfWork


async def history_page(
    uow: SqlUnitOfWork, entity: str, record_id: UUID, limit: int, cursor: str | None
) -> ListResponse[HistoryOut]:
    """Newest first. Call it after the caller has been shown the record (scope checked)."""
    page = await history(
        uow.session,
        entity,
        record_id,
        page_request(limit, cursor, str(HISTORY_SORT), (HISTORY_SORT.field,)),
    )
    return ListResponse(
        items=[HistoryOut.model_validate(h) for h in page.items], next_cursor=page.next_cursor
    )
