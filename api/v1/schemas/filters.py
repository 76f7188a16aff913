"""Request/response models of the account and contact filter searches and the catalogues."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from api.v1.schemas.common import In, Out
from api.v1.schemas.views import SortText
from domain.shared.filters import MAX_DEPTH, MAX_NODES
from domain.shared.paging import DEFAULT_LIMIT, MAX_LIMIT

SEARCH_FILTER_DESCRIPTION = (
    'The filter AST. A node is a group — `{"all": [nodes]}`, `{"any": [nodes]}`, '
    '`{"not": node}` —, a relation condition `{"has": "orders", "where": node}` (some related '
    'record passes `where`) or a condition `{"field": …, "op": …, "value": …}`. Operators: '
    "eq, ne, in, not_in, lt, lte, gt, gte, between, is_null, is_not_null, contains, "
    'starts_with, within_last / older_than (`{"days": 365}`). Many-valued fields '
    "(classifications: a parent also finds its children's records) take eq, ne, in, not_in, "
    "is_null (empty). Special values: `$me`, `$my_unit`, `$today`. At most "
    f"{MAX_DEPTH} levels and {MAX_NODES} nodes; `GET /filter-catalogues/{{entity}}` lists the "
    "fields and relations. Errors name their path, e.g. `filter.all[2].value`."
)
SEARCH_FILTER_EXAMPLE = {
    "all": [
        {"field": "size_class", "op": "between", "value": [3, 9]},
        {
            "has": "orders",
            "where": {
                "all": [
                    {"field": "total", "op": "gt", "value": 20000},
                    {"field": "ordered_at", "op": "within_last", "value": {"days": 365}},
                ]
            },
        },
    ]
}
SearchFilter = Annotated[
    dict[str, Any],
    Field(description=SEARCH_FILTER_DESCRIPTION, examples=[SEARCH_FILTER_EXAMPLE]),
]


class FilterCountIn(In):
    filter: SearchFilter = Field(default_factory=lambda: {"all": []})


class AccountSearchIn(FilterCountIn):
    sort: SortText = Field("name", description="name, updated_at, created_at; `-` descends.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=1000, description="`next_cursor` of a page.")


class ContactSearchIn(FilterCountIn):
    sort: SortText = Field(
        "last_name", description="last_name, updated_at, created_at; `-` descends."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=1000, description="`next_cursor` of a page.")


class CountOut(Out):
    count: int = Field(description="How many records the filter selects that you may read.")


class FilterFieldOut(Out):
    field: str
    type: str = Field(description="text, enum, uuid, date, datetime, number, boolean")
    values: list[str] = Field(description="The values of an enum field.")
    nullable: bool
    many: bool = Field(description="Many-valued: the record holds a set of values.")
    ops: list[str]
    specials: list[str]
    refers_to: str | None = Field(description="What an id points at: user, business_unit, …")


class FilterCatalogueOut(Out):
    entity: str
    fields: list[FilterFieldOut]
    relations: list[FilterRelationOut]


class FilterRelationOut(FilterCatalogueOut):
    relation: str = Field(description='The name to use in `{"has": …}`.')


FilterCatalogueOut.model_rebuild()
