"""Query parameters shared by every list endpoint, and the list envelope."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from domain.shared import PageRequest, SortKey, ValidationFailed
from domain.shared.paging import DEFAULT_LIMIT, MAX_LIMIT

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}.")]
CursorParam = Annotated[
    str | None,
    Query(max_length=1000, description="`next_cursor` from the previous page; omit for page 1."),
]


class ListResponse(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def in_query(exc: ValidationFailed) -> ValidationFailed:
    """The same error, located in the query string (problem+json would say `body`)."""
    return ValidationFailed([replace(e, loc=("query", *e.loc)) for e in exc.errors], exc.detail)


def page_request(
    limit: int, cursor: str | None, sort: str, allowed: tuple[str, ...]
) -> PageRequest:
    try:
        page = PageRequest(limit=limit, cursor=cursor, sort=SortKey.parse(sort, allowed))
        page.decoded_cursor()  # refuse a bad cursor here, where the error can name the query
    except ValidationFailed as exc:
        raise in_query(exc) from exc
    return page


__all__ = ["DEFAULT_LIMIT", "CursorParam", "Limit", "ListResponse", "in_query", "page_request"]
