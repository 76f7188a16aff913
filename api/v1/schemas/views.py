"""Request/response models of saved views, filter searches and the service figures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from api.v1.schemas.common import In, Name, Out, Patch, Stamped
from domain.shared.filters import MAX_DEPTH, MAX_NODES
from domain.shared.paging import DEFAULT_LIMIT, MAX_LIMIT
from domain.views import Visibility

Entity = Literal["service_request"]
ColumnKey = Annotated[str, StringConstraints(min_length=1, max_length=50)]
SortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=50),
    Field(description="A sort of the entity's catalogue, `-` in front for descending."),
]
Position = Annotated[int, Field(ge=0, le=9999, description="Order within the view's group.")]

FILTER_DESCRIPTION = (
    'The filter AST. A node is a group — `{"all": [nodes]}`, `{"any": [nodes]}`, '
    '`{"not": node}` — or a condition `{"field": …, "op": …, "value": …}`. Operators: '
    "eq, ne, in, not_in, lt, lte, gt, gte, between, is_null, is_not_null, contains, "
    'starts_with, within_last / older_than (`{"days": 7}` or `{"hours": 4}`). Special '
    "values: `$me`, `$my_unit`, `$my_queues` (in / not_in), `$today`. A date on a date-time "
    "field means that whole day in Europe/Helsinki. At most "
    f"{MAX_DEPTH} levels and {MAX_NODES} nodes; `GET /views/catalogue` lists the fields. "
    "Errors name their path, e.g. `filter.all[2].value`."
)
FILTER_EXAMPLE = {
    "all": [
        {"field": "state", "op": "eq", "value": "open"},
        {"field": "owner_id", "op": "eq", "value": "$me"},
    ]
}
FilterJson = Annotated[
    dict[str, Any], Field(description=FILTER_DESCRIPTION, examples=[FILTER_EXAMPLE])
]


class ViewFields(In):
    name_en: Name | None = Field(None, description="The English name (the name is Finnish).")
    columns: list[ColumnKey] | None = Field(
        None, max_length=60, description="Column keys (list item fields); default: the usual."
    )
    sort: SortText | None = None
    visibility: Visibility = Field(
        Visibility.PERSONAL,
        description="personal (only you), team (the team's members; you must be one), "
        "system (everyone; administrators only).",
    )
    team_id: UUID | None = Field(None, description="The team of a team view.")
    position: Position | None = None


class ViewCreate(ViewFields):
    entity: Entity = "service_request"
    name: Name
    filter: FilterJson = Field(default_factory=lambda: {"all": []})


class ViewUpdate(ViewFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "name",
        "filter",
        "columns",
        "sort",
        "visibility",
        "position",
    )
    name: Name | None = None
    filter: FilterJson | None = None
    visibility: Visibility | None = None  # type: ignore[assignment]


class ViewOut(Stamped):
    entity: str
    name: str
    name_en: str | None
    filter: dict[str, Any]
    columns: list[str]
    sort: str
    visibility: Visibility
    team_id: UUID | None
    system_key: str | None = Field(description="Built-in system views: a stable key.")
    position: int
    owner_id: UUID
    business_unit_id: UUID
    can_edit: bool = Field(description="Whether you may change or delete this view.")


class ViewCount(Out):
    view_id: UUID
    count: int | None = Field(
        description="Requests the view shows you; null if its filter no longer fits the catalogue."
    )


class FieldOut(Out):
    field: str
    type: str
    values: list[str]
    nullable: bool
    ops: list[str]
    specials: list[str]


class CatalogueOut(Out):
    entity: str
    fields: list[FieldOut]
    columns: list[str]
    sorts: list[str] = Field(description="Sort names; prefix `-` for descending.")
    default_columns: list[str]
    default_sort: str


class SearchIn(In):
    filter: FilterJson = Field(default_factory=lambda: {"all": []})
    sort: SortText = "-received_at"
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=1000, description="`next_cursor` of a page.")


# ------------------------------------------------------------------ figures


class ReportRow(Out):
    key: str | None = Field(
        description="The group: a subject or unit id, an origin, a month "
        "(YYYY-MM); null for requests without one."
    )
    label: str | None = Field(description="The subject's or unit's name, or the key.")
    label_en: str | None = None
    count: int
    open: int
    closed: int
    avg_first_response_hours: float | None = Field(description="Working hours.")
    median_first_response_hours: float | None = Field(description="Working hours.")
    avg_resolution_hours: float | None = Field(description="Working hours.")


class ReportOut(Out):
    group_by: str
    received_from: date | None
    received_to: date | None
    rows: list[ReportRow]


Day = date  # a field below is called `date`


class BacklogPoint(Out):
    date: Day = Field(description="The day the point closes (Europe/Helsinki).")
    at: datetime = Field(description="The moment: the end of that day, or now for today.")
    open: int = Field(description="Requests received before `at` and not resolved by then.")


class BacklogOut(Out):
    interval: str
    start: date = Field(description="The first day (`from`).")
    end: date = Field(description="The last day (`to`).")
    points: list[BacklogPoint]
