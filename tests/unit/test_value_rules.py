"""Value rules that keep account and contact data clean: business IDs, phones, names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.demo import business_id
from domain.accounts import normalise_business_id, normalise_name, normalise_phone, sort_name
from domain.shared import ValidationFailed

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0112038-9", "0112038-9"),
        ("  0112038-9 ", "0112038-9"),
        ("01120389", "0112038-9"),  # the hyphen is added
        ("1234567-1", "1234567-1"),
        (business_id(1), business_id(1)),
        (business_id(250), business_id(250)),
    ],
)
def test_a_valid_business_id_is_accepted_and_stored_in_canonical_form(
    raw: str, stored: str
) -> None:
    assert normalise_business_id(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "0112038-8",  # wrong check digit
        "0112038-0",
        "112038-9",  # six digits
        "0112038",  # no check digit
        "01120389-9",
        "abcdefg-h",
        "",
        "0112038+9",
    ],
)
def test_an_invalid_business_id_is_refused_naming_the_field(raw: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        normalise_business_id(raw)
    assert err.value.errors[0].loc == ("business_id",)


@given(st.integers(min_value=0, max_value=100_000))
def test_every_generated_demo_business_id_passes_the_checksum(n: int) -> None:
    value = business_id(n)
    assert normalise_business_id(value) == value


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=9))
def test_changing_the_check_digit_of_a_valid_id_makes_it_invalid(n: int, delta: int) -> None:
    value = business_id(n)
    wrong = f"{value[:-1]}{(int(value[-1]) + delta) % 10}"
    with pytest.raises(ValidationFailed):
        normalise_business_id(wrong)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("040 123 4567", "+358401234567"),
        ("0401234567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("(09) 123 4567", "+35891234567"),
        ("+1 202 555 0143", "+12025550143"),
    ],
)
def test_phone_numbers_are_stored_in_e164_with_finland_as_the_default_region(
    raw: str, e164: str
) -> None:
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize("raw", ["123", "abc", "+358 1", "+999 123 456 789"])
def test_a_phone_number_that_cannot_exist_is_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        normalise_phone(raw, "phone")
    assert err.value.errors[0].loc == ("phone",)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kone Oyj", "KONE"),
        ("Kone Oyj.", "kone"),
        ("Åbo Akademi rf", "Abo Akademi"),
        ("Café Ab", "CAFE"),
        ("S-Ryhmä", "s ryhma"),
        ("  Kesko   Oyj ", "Kesko"),
    ],
)
def test_names_that_differ_only_in_case_accents_punctuation_or_legal_form_meet(
    a: str, b: str
) -> None:
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(("a", "b"), [("Kone Oyj", "Konecranes Oyj"), ("Kesko", "Keskinäinen")])
def test_different_companies_do_not_collapse_into_one_name(a: str, b: str) -> None:
    assert normalise_name(a) != normalise_name(b)


def test_sort_name_is_case_insensitive_but_keeps_the_name_otherwise() -> None:
    assert sort_name("  Kone Oyj ") == "kone oyj"
    assert sort_name("ÄÄNEKOSKI") == sort_name("äänekoski")


@given(st.text(max_size=60))
def test_normalise_name_is_idempotent(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once
