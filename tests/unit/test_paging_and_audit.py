"""Cursors and field history: the small pure pieces lists and audit rest on."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.identity import BusinessUnit, subtree
from domain.shared import Cursor, PageRequest, SortKey, ValidationFailed, diff_snapshots
from domain.shared.hierarchy import check_no_cycle

pytestmark = pytest.mark.unit

SORTS = ("name", "updated_at", "created_at")


def test_a_cursor_survives_encoding_and_decoding() -> None:
    cursor = Cursor("-name", "kone oyj", uuid4())
    assert Cursor.decode(cursor.encode(), SortKey("name", descending=True)) == cursor


def test_a_cursor_is_url_safe_and_unpadded() -> None:
    token = Cursor("name", "ä/+?" * 10, uuid4()).encode()
    assert "=" not in token
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@pytest.mark.parametrize(("made_for", "used_with"), [("name", "-name"), ("updated_at", "name")])
def test_a_cursor_from_another_sort_order_is_refused(made_for: str, used_with: str) -> None:
    token = Cursor(made_for, "x", uuid4()).encode()
    with pytest.raises(ValidationFailed) as err:
        Cursor.decode(token, SortKey.parse(used_with, SORTS))
    assert err.value.errors[0].loc == ("cursor",)
    assert "another sort" in err.value.errors[0].msg


@pytest.mark.parametrize(
    "token", ["", "not base64!", "bm90IGpzb24", "WzEsMl0", "WyJuYW1lIiwieCIsIm5vdC1hLXV1aWQiXQ"]
)
def test_a_garbled_cursor_is_a_validation_error_not_a_crash(token: str) -> None:
    with pytest.raises(ValidationFailed):
        Cursor.decode(token, SortKey("name"))


@given(
    value=st.one_of(
        st.none(),
        st.text(max_size=50),
        st.integers(min_value=-(2**53), max_value=2**53),
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    last_id=st.uuids(),
    sort=st.sampled_from(["name", "-name", "updated_at", "-created_at"]),
)
def test_any_cursor_round_trips(value: str | int | float | None, last_id: UUID, sort: str) -> None:
    cursor = Cursor(sort, value, last_id)
    assert Cursor.decode(cursor.encode(), SortKey.parse(sort, SORTS)) == cursor


@given(st.datetimes(timezones=st.just(UTC)), st.uuids())
def test_a_datetime_sort_value_round_trips_exactly(moment: datetime, last_id: UUID) -> None:
    value = Cursor.sort_value(moment)
    decoded = Cursor.decode(Cursor("updated_at", value, last_id).encode(), SortKey("updated_at"))
    assert isinstance(decoded.value, str)
    assert datetime.fromisoformat(decoded.value) == moment


@pytest.mark.parametrize("limit", [0, -1, 201, 10_000])
def test_page_size_is_limited_to_1_through_200(limit: int) -> None:
    with pytest.raises(ValidationFailed):
        PageRequest(limit=limit)
    assert PageRequest(limit=200).limit == 200


def test_an_unknown_sort_field_is_refused() -> None:
    with pytest.raises(ValidationFailed) as err:
        SortKey.parse("-password", SORTS)
    assert err.value.errors[0].loc == ("sort",)


snapshots = st.dictionaries(
    st.sampled_from(["name", "region", "status", "phone", "tags"]),
    st.one_of(st.none(), st.integers(0, 3), st.text(max_size=3)),
)


@given(snapshots, snapshots)
def test_diff_lists_exactly_the_fields_that_differ_in_sorted_order(
    old: dict[str, object], new: dict[str, object]
) -> None:
    diff = diff_snapshots(old, new)
    fields = [c.field for c in diff]
    assert fields == sorted(fields)
    assert set(fields) == {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    for change in diff:
        assert change.old_value == old.get(change.field)
        assert change.new_value == new.get(change.field)


@given(snapshots)
def test_a_snapshot_compared_with_itself_has_no_changes(snap: dict[str, object]) -> None:
    assert diff_snapshots(snap, dict(snap)) == ()


@given(snapshots, snapshots)
def test_diff_in_reverse_swaps_old_and_new(old: dict[str, object], new: dict[str, object]) -> None:
    forward = diff_snapshots(old, new)
    backward = diff_snapshots(new, old)
    assert [(c.field, c.new_value, c.old_value) for c in backward] == [
        (c.field, c.old_value, c.new_value) for c in forward
    ]


def test_a_unit_cannot_be_moved_below_itself_or_its_descendants() -> None:
    root, a, b, c = (UUID(int=i) for i in range(1, 5))
    parents = {root: None, a: root, b: a, c: b}
    check_no_cycle(b, root, parents, "parent_id")  # moving up is fine
    for below in (a, b, c):
        with pytest.raises(ValidationFailed):
            check_no_cycle(a, below, parents, "parent_id")
    assert subtree(a, parents) == {a, b, c}
    assert subtree(c, parents) == {c}


def test_an_existing_cycle_in_stored_data_does_not_hang_the_check() -> None:
    x, y, z = (UUID(int=i) for i in range(1, 4))
    check_no_cycle(z, x, {x: y, y: x}, "parent_id")


def test_business_units_are_their_own_scope_unit() -> None:
    now = datetime.now(UTC)
    unit = BusinessUnit(UUID(int=5), "Itä", UUID(int=1), now, now)
    assert unit.business_unit_id == unit.id
    assert unit.owner_id is None
