"""The filter AST: parsing and validation with field paths, normalisation, evaluation rules,
limits, and properties (round trip; random input fails only with ValidationFailed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.shared import ValidationFailed
from domain.shared.filters import (
    HELSINKI,
    MAX_DEPTH,
    MAX_NODES,
    AllOf,
    Condition,
    FieldCatalogue,
    FieldSpec,
    FieldType,
    FilterContext,
    Op,
    Ref,
    Special,
    parse_filter,
    path_text,
)
from domain.views import catalogue as views_catalogue
from domain.views.catalogue import SERVICE_REQUEST_FIELDS

pytestmark = pytest.mark.unit

ME = UUID("11111111-1111-4111-8111-111111111111")
UNIT = UUID("22222222-2222-4222-8222-222222222222")
QUEUE = UUID("33333333-3333-4333-8333-333333333333")
NOW = datetime(2025, 3, 30, 12, 0, tzinfo=UTC)  # Helsinki moves to summer time this morning
CTX = FilterContext(ME, UNIT, frozenset({QUEUE}), NOW)

# A catalogue with every field type, for the properties below.
CATALOGUE = FieldCatalogue.of(
    "thing",
    [
        FieldSpec("name", FieldType.TEXT, nullable=True),
        FieldSpec("colour", FieldType.ENUM, ("red", "green", "blue")),
        FieldSpec("owner_id", FieldType.UUID, refers_to=Ref.USER),
        FieldSpec("unit_id", FieldType.UUID, refers_to=Ref.BUSINESS_UNIT),
        FieldSpec("queue_id", FieldType.UUID, nullable=True, refers_to=Ref.QUEUE),
        FieldSpec("due", FieldType.DATE, nullable=True),
        FieldSpec("at", FieldType.DATETIME),
        FieldSpec("score", FieldType.NUMBER, nullable=True),
        FieldSpec("flag", FieldType.BOOLEAN),
    ],
)


def _errors(data: Any, catalogue: FieldCatalogue = SERVICE_REQUEST_FIELDS) -> list[str]:
    with pytest.raises(ValidationFailed) as err:
        parse_filter(data, catalogue)
    return [path_text(e.loc) for e in err.value.errors]


def cond(field: str, op: str, value: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"field": field, "op": op}
    if value is not None:
        out["value"] = value
    return out


# ------------------------------------------------------------------ parsing and validation


def test_a_valid_filter_parses_into_typed_nodes_and_back_to_the_same_json() -> None:
    data = {
        "all": [
            cond("status_reason", "in", ["in_progress", "on_hold"]),
            cond("owner_id", "eq", "$me"),
            {"any": [cond("queue_id", "in", "$my_queues"), cond("queue_id", "is_null")]},
            {"not": cond("title", "contains", "lasku")},
            cond("received_at", "within_last", {"days": 7}),
            cond("follow_up_by", "lte", "$today"),
        ]
    }
    parsed = parse_filter(data, SERVICE_REQUEST_FIELDS)
    assert parsed.to_json() == data
    first = parsed.root.children[0]  # type: ignore[union-attr]
    assert first == Condition(
        "status_reason", Op.IN, ("in_progress", "on_hold"), FieldType.ENUM, False
    )
    assert parsed.root.children[1].value is Special.ME  # type: ignore[union-attr]


def test_values_are_normalised_ids_and_times_canonical() -> None:
    upper = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE"
    parsed = parse_filter(
        {
            "all": [
                cond("account_id", "eq", upper),
                cond("received_at", "gte", "2025-03-01T08:00:00Z"),
                cond("callback_due_at", "is_null", None),
            ]
        },
        SERVICE_REQUEST_FIELDS,
    )
    assert parsed.to_json() == {
        "all": [
            cond("account_id", "eq", upper.lower()),
            cond("received_at", "gte", "2025-03-01T08:00:00+00:00"),
            cond("callback_due_at", "is_null"),
        ]
    }


def test_every_error_names_its_path() -> None:
    data = {
        "all": [
            cond("state", "eq", "open"),
            cond("nonsense", "eq", 1),
            cond("status_reason", "in", ["in_progress", "lost"]),
            cond("priority", "gt", "high"),
            {"any": [cond("received_at", "eq", "yesterday")]},
        ]
    }
    assert _errors(data) == [
        "filter.all[1].field",
        "filter.all[2].value[1]",
        "filter.all[3].op",
        "filter.all[4].any[0].value",
    ]


def test_the_error_detail_uses_readable_paths() -> None:
    with pytest.raises(ValidationFailed) as err:
        parse_filter(
            {"all": [cond("state", "eq", "open"), cond("state", "eq", 3)]}, SERVICE_REQUEST_FIELDS
        )
    assert err.value.errors[0].loc == ("filter", "all", 1, "value")
    assert err.value.detail.startswith("filter.all[1].value: Expected one of: open, closed")


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ([], "filter"),
        ({}, "filter"),
        ({"all": {}}, "filter.all"),
        ({"all": [], "any": []}, "filter"),
        ({"not": 3}, "filter.not"),
        ({"field": "state", "op": "eq", "value": "open", "extra": 1}, "filter.extra"),
        (cond("state", "eq"), "filter.value"),
        (cond("state", "is_null"), "filter.op"),  # state is never null
        (cond("callback_due_at", "is_null", "x"), "filter.value"),
        (cond("owner_id", "eq", "$my_unit"), "filter.value"),
        (cond("subject_id", "eq", "$me"), "filter.value"),
        (cond("queue_id", "eq", "$my_queues"), "filter.value"),
        (cond("business_unit_id", "eq", "not-a-uuid"), "filter.value"),
        (cond("title", "contains", "   "), "filter.value"),
        (cond("title", "contains", "x" * 201), "filter.value"),
        (cond("status_reason", "in", []), "filter.value"),
        (cond("status_reason", "in", "in_progress"), "filter.value"),
        (cond("satisfaction", "between", [5, 1]), "filter.value"),
        (cond("satisfaction", "between", [1]), "filter.value"),
        (cond("satisfaction", "eq", True), "filter.value"),
        (cond("satisfaction", "eq", "3"), "filter.value"),
        (cond("follow_up_by", "within_last", {"hours": 3}), "filter.value"),
        (cond("received_at", "within_last", {"days": 0}), "filter.value"),
        (cond("received_at", "older_than", {"days": 1, "hours": 1}), "filter.value"),
        (cond("received_at", "gte", "2025-03-01T08:00:00"), "filter.value"),  # no zone
        (cond("follow_up_by", "eq", "2025-03-01T08:00:00+02:00"), "filter.value"),
        (cond("follow_up_by", "eq", "9999-12-31"), "filter.value"),
        (cond("received_at", "contains", "2025"), "filter.op"),
        (cond("state", "like", "open"), "filter.op"),
        ({"field": ["state"], "op": "eq", "value": "open"}, "filter.field"),
        ({"field": "state", "op": {"eq": 1}, "value": "open"}, "filter.op"),
    ],
)
def test_bad_input_is_refused_at_the_right_path(data: Any, path: str) -> None:
    assert _errors(data) == [path]


def test_text_fields_take_dollar_text_literally() -> None:
    parsed = parse_filter(cond("title", "eq", "$me"), SERVICE_REQUEST_FIELDS)
    assert parsed.root == Condition("title", Op.EQ, "$me", FieldType.TEXT, False)


def test_depth_is_limited() -> None:
    node: dict[str, Any] = cond("state", "eq", "open")
    for _ in range(MAX_DEPTH - 1):
        node = {"not": node}
    parse_filter(node, SERVICE_REQUEST_FIELDS)
    assert _errors({"all": [node]}) == ["filter.all[0]" + ".not" * (MAX_DEPTH - 1)]


def test_node_count_is_limited() -> None:
    parse_filter({"any": [cond("state", "eq", "open")] * (MAX_NODES - 1)}, SERVICE_REQUEST_FIELDS)
    with pytest.raises(ValidationFailed) as err:
        parse_filter({"any": [cond("state", "eq", "open")] * MAX_NODES}, SERVICE_REQUEST_FIELDS)
    assert err.value.errors[0].type == "too_large"
    assert "at most 100" in err.value.errors[0].msg


def test_a_huge_in_list_is_refused_without_checking_every_item() -> None:
    assert _errors(cond("status_reason", "in", ["nope"] * 10_000)) == ["filter.value"]


def test_an_empty_all_matches_everything_and_an_empty_any_nothing() -> None:
    assert parse_filter({"all": []}, CATALOGUE).matches({}, CTX)
    assert not parse_filter({"any": []}, CATALOGUE).matches({}, CTX)
    assert parse_filter({"all": []}, CATALOGUE).root == AllOf(())


# ------------------------------------------------------------------ evaluation rules


def _match(data: Any, **record: Any) -> bool:
    return parse_filter(data, CATALOGUE).matches(record, CTX)


def helsinki(*args: int) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)  # type: ignore[misc]


def test_a_date_on_a_datetime_field_is_the_whole_day_in_helsinki() -> None:
    day = cond("at", "eq", "2025-03-30")
    assert _match(day, at=helsinki(2025, 3, 30, 0, 0))
    assert _match(day, at=helsinki(2025, 3, 30, 23, 59, 59))
    assert not _match(day, at=helsinki(2025, 3, 29, 23, 59, 59))
    assert not _match(day, at=helsinki(2025, 3, 31, 0, 0))
    # 2025-03-29 22:30 UTC is already the 30th in Helsinki.
    assert _match(day, at=datetime(2025, 3, 29, 22, 30, tzinfo=UTC))
    assert _match(cond("at", "lte", "2025-03-30"), at=helsinki(2025, 3, 30, 23, 0))
    assert not _match(cond("at", "lt", "2025-03-30"), at=helsinki(2025, 3, 30, 0, 0))
    assert not _match(cond("at", "gt", "2025-03-30"), at=helsinki(2025, 3, 30, 23, 0))
    assert _match(cond("at", "gt", "2025-03-30"), at=helsinki(2025, 3, 31, 0, 0))
    assert _match(cond("at", "between", ["2025-03-01", "2025-03-30"]), at=helsinki(2025, 3, 30, 23))


def test_today_and_relative_spans_resolve_against_the_context() -> None:
    assert CTX.today == date(2025, 3, 30)
    assert _match(cond("due", "eq", "$today"), due=date(2025, 3, 30))
    assert _match(cond("at", "eq", "$today"), at=NOW - timedelta(hours=5))
    week = cond("at", "within_last", {"days": 7})
    assert _match(week, at=NOW - timedelta(days=6, hours=23))
    assert not _match(week, at=NOW - timedelta(days=7, seconds=1))
    assert not _match(week, at=NOW + timedelta(minutes=1))  # the future is not "the last week"
    assert _match(cond("at", "older_than", {"hours": 2}), at=NOW - timedelta(hours=3))
    assert _match(cond("due", "within_last", {"days": 1}), due=date(2025, 3, 29))
    assert _match(cond("due", "older_than", {"days": 1}), due=date(2025, 3, 28))
    assert not _match(cond("due", "older_than", {"days": 1}), due=date(2025, 3, 29))


def test_special_values_resolve_to_the_caller() -> None:
    assert _match(cond("owner_id", "eq", "$me"), owner_id=ME)
    assert not _match(cond("owner_id", "eq", "$me"), owner_id=uuid4())
    assert _match(cond("unit_id", "in", ["$my_unit", str(uuid4())]), unit_id=UNIT)
    assert _match(cond("queue_id", "in", "$my_queues"), queue_id=QUEUE)
    assert not _match(cond("queue_id", "in", "$my_queues"), queue_id=None)
    nobody = FilterContext(ME, UNIT, frozenset(), NOW)
    mine = parse_filter(cond("queue_id", "in", "$my_queues"), CATALOGUE)
    assert not mine.matches({"queue_id": QUEUE}, nobody)


def test_nulls_fail_positive_tests_and_pass_negated_ones() -> None:
    assert not _match(cond("score", "eq", 3), score=None)
    assert _match(cond("score", "ne", 3), score=None)
    assert _match(cond("queue_id", "not_in", [str(QUEUE)]), queue_id=None)
    assert _match({"not": cond("score", "gt", 3)}, score=None)
    assert _match(cond("name", "is_null"), name=None)
    assert not _match(cond("name", "contains", "a"), name=None)


def test_text_matching_ignores_case_and_takes_wildcards_literally() -> None:
    assert _match(cond("name", "contains", "LASKU"), name="Lasku on väärin")
    assert _match(cond("name", "starts_with", "las"), name="Lasku")
    assert not _match(cond("name", "starts_with", "ku"), name="Lasku")
    assert not _match(cond("name", "contains", "%"), name="Lasku")
    assert _match(cond("name", "contains", "50%"), name="ale 50%")


# ------------------------------------------------------------------ the service enums


def test_the_views_catalogue_lists_the_service_contexts_enum_values() -> None:
    service = pytest.importorskip("domain.service.model")
    pairs = {
        "STATES": service.State,
        "STATUS_REASONS": service.StatusReason,
        "REQUEST_TYPES": service.RequestType,
        "ORIGINS": service.Origin,
        "PRIORITIES": service.Priority,
        "SERVICE_CHANNELS": service.ServiceChannel,
        "BILLING_STATUSES": service.BillingStatus,
    }
    for name, enum in pairs.items():
        assert getattr(views_catalogue, name) == tuple(e.value for e in enum), name


# ------------------------------------------------------------------ properties

UUIDS = st.uuids().map(str)
DATES = st.dates(date(1990, 1, 1), date(2100, 12, 31)).map(date.isoformat)
ZONES = st.sampled_from([UTC, HELSINKI, timezone(timedelta(hours=-5, minutes=-30))])
MOMENTS = st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1), timezones=ZONES).map(
    datetime.isoformat
)
NUMBERS = st.integers(-(10**9), 10**9) | st.floats(-1e9, 1e9, allow_nan=False)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
NEEDLE = TEXT.filter(lambda s: bool(s.strip()))
RELATIVE_DAYS = st.integers(1, 5000).map(lambda n: {"days": n})
RELATIVE = RELATIVE_DAYS | st.integers(1, 5000).map(lambda n: {"hours": n})


def _scalars(field: str) -> st.SearchStrategy[Any]:
    return {
        "name": TEXT,
        "colour": st.sampled_from(["red", "green", "blue"]),
        "owner_id": UUIDS | st.just("$me"),
        "unit_id": UUIDS | st.just("$my_unit"),
        "queue_id": UUIDS,
        "due": DATES | st.just("$today"),
        "at": MOMENTS | DATES | st.just("$today"),
        "score": NUMBERS,
        "flag": st.booleans(),
    }[field]


def _ordered(pair: list[Any]) -> list[Any]:
    """Between takes its bounds in order when both are dates, or both moments."""
    kinds = {len(v) == 10 for v in pair if not v.startswith("$")}
    if len(kinds) == 1 and not any(v.startswith("$") for v in pair):
        return sorted(pair, key=datetime.fromisoformat if kinds == {False} else str)
    return pair


def _pair(field: str) -> st.SearchStrategy[list[Any]]:
    if field == "score":
        return st.lists(NUMBERS, min_size=2, max_size=2).map(sorted)
    return st.lists(_scalars(field), min_size=2, max_size=2).map(_ordered)


@st.composite
def conditions(draw: st.DrawFn) -> dict[str, Any]:
    spec = draw(st.sampled_from(list(CATALOGUE.fields.values())))
    op = draw(st.sampled_from(sorted(spec.allowed_ops)))
    field = spec.name
    if op in (Op.IS_NULL, Op.IS_NOT_NULL):
        return cond(field, op.value)
    if op in (Op.CONTAINS, Op.STARTS_WITH):
        return cond(field, op.value, draw(NEEDLE))
    if op in (Op.WITHIN_LAST, Op.OLDER_THAN):
        return cond(field, op.value, draw(RELATIVE if field == "at" else RELATIVE_DAYS))
    if op in (Op.IN, Op.NOT_IN):
        if field == "queue_id" and draw(st.booleans()):
            return cond(field, op.value, "$my_queues")
        return cond(field, op.value, draw(st.lists(_scalars(field), min_size=1, max_size=4)))
    if op is Op.BETWEEN:
        return {"field": field, "op": "between", "value": draw(_pair(field))}
    return {"field": field, "op": op.value, "value": draw(_scalars(field))}


def _depth(node: Any) -> int:
    if "not" in node:
        return 1 + _depth(node["not"])
    children = node.get("all", node.get("any"))
    if children is None:
        return 1
    return 1 + max((_depth(c) for c in children), default=0)


def _count(node: Any) -> int:
    if "not" in node:
        return 1 + _count(node["not"])
    return 1 + sum(_count(c) for c in node.get("all", node.get("any", [])))


FILTERS = st.recursive(
    conditions(),
    lambda children: (
        st.lists(children, max_size=4).map(lambda c: {"all": c})
        | st.lists(children, max_size=4).map(lambda c: {"any": c})
        | children.map(lambda c: {"not": c})
    ),
    max_leaves=15,
).filter(lambda f: _depth(f) <= MAX_DEPTH and _count(f) <= MAX_NODES)


@given(FILTERS)
def test_round_trip_gives_back_the_normalised_filter(data: dict[str, Any]) -> None:
    parsed = parse_filter(data, CATALOGUE)
    assert parsed.to_json() == data
    assert parse_filter(parsed.to_json(), CATALOGUE) == parsed


PLAUSIBLE_KEYS = st.sampled_from(["all", "any", "not", "field", "op", "value", "days", "x"])
PLAUSIBLE_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(list(CATALOGUE.fields) + [o.value for o in Op] + [s.value for s in Special])
    | UUIDS
    | DATES
    | MOMENTS
)
GARBAGE = st.recursive(
    PLAUSIBLE_SCALARS,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(PLAUSIBLE_KEYS | st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=40,
)


@given(GARBAGE)
def test_random_input_never_crashes_the_parser(data: Any) -> None:
    try:
        parsed = parse_filter(data, CATALOGUE)
    except ValidationFailed as exc:
        errors = exc.errors
    else:
        errors = []
    if errors:
        assert all(e.loc[0] == "filter" for e in errors)
        return
    # Whatever parsed also evaluates and round-trips.
    parsed.matches({}, CTX)
    assert parse_filter(parsed.to_json(), CATALOGUE) == parsed


@given(FILTERS, st.data())
def test_mutated_filters_fail_only_with_validation_errors(data: dict[str, Any], draw: Any) -> None:
    def mutate(node: Any) -> Any:
        if isinstance(node, dict):
            key = draw.draw(st.sampled_from(sorted(node) or ["all"]))
            copy = dict(node)
            copy[key] = draw.draw(GARBAGE) if draw.draw(st.booleans()) else mutate(node.get(key))
            return copy
        if isinstance(node, list) and node:
            i = draw.draw(st.integers(0, len(node) - 1))
            return [*node[:i], mutate(node[i]), *node[i + 1 :]]
        return draw.draw(GARBAGE)

    try:
        parse_filter(mutate(data), CATALOGUE)
    except ValidationFailed as exc:
        errors = exc.errors
    else:
        errors = [None]
    assert errors  # refused with reasons, or accepted
