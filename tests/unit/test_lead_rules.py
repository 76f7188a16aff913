"""Pure lead rules: the status machine, names split for a contact, web-form origins and
tokens, the account-creation request's steps, and the report's figures (the groups add up to
the total for any leads)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.leads import (
    GROUPINGS,
    LeadSource,
    LeadStatus,
    ReportLead,
    RequestState,
    SlaState,
    allowed_next,
    allowed_statuses,
    figures,
    grouped,
    is_token,
)
from domain.leads.forms import new_token, normalise_origins
from domain.leads.model import check_status_change, split_name
from domain.leads.requests import check_step, clean_customer_number
from domain.shared import InvalidTransition, ValidationFailed

pytestmark = pytest.mark.unit

S = LeadStatus


@pytest.mark.parametrize(
    ("current", "target", "reason", "error"),
    [
        (S.OPEN, S.HANDLED_NO_ACTION, "Ei verkkoa", None),
        (S.OPEN, S.DISQUALIFIED, "Roskaa", None),
        (S.OPEN, S.DISQUALIFIED, "  ", ValidationFailed),
        (S.OPEN, S.HANDLED, None, InvalidTransition),  # only by conversion
        (S.OPEN, S.OPEN, "x", InvalidTransition),
        (S.DISQUALIFIED, S.OPEN, "Asiakas soitti uudelleen", None),
        (S.DISQUALIFIED, S.OPEN, None, ValidationFailed),
        (S.HANDLED_NO_ACTION, S.DISQUALIFIED, "x", InvalidTransition),
        (S.HANDLED, S.OPEN, "x", InvalidTransition),  # a converted lead stays so
    ],
)
def test_the_status_machine(
    current: LeadStatus, target: LeadStatus, reason: str | None, error: type[Exception] | None
) -> None:
    if error is None:
        check_status_change(current, target, reason)
    else:
        with pytest.raises(error):
            check_status_change(current, target, reason)


def test_a_refused_change_says_what_is_allowed() -> None:
    with pytest.raises(InvalidTransition) as refused:
        check_status_change(S.DISQUALIFIED, S.HANDLED_NO_ACTION, "x")
    assert refused.value.allowed == ["open"]
    assert allowed_statuses(S.HANDLED) == []


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("Maija Meikäläinen", ("Maija", "Meikäläinen")),
        ("Maija  Liisa   Meikäläinen", ("Maija Liisa", "Meikäläinen")),
        ("Cher", ("", "Cher")),
        ("", ("", "")),
    ],
)
def test_a_contacts_names_from_the_leads_one_field(name: str, split: tuple[str, str]) -> None:
    assert split_name(name) == split


def test_origins_are_scheme_and_host_only() -> None:
    assert normalise_origins(["HTTPS://Www.Example.fi/", "https://www.example.fi"]) == (
        "https://www.example.fi",
    )
    assert normalise_origins(["http://localhost:5173"]) == ("http://localhost:5173",)
    for bad in ("https://*.example.fi", "www.example.fi", "https://x.fi/form", "https://u@x.fi"):
        with pytest.raises(ValidationFailed):
            normalise_origins([bad])


def test_tokens_are_long_random_and_url_safe() -> None:
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(is_token(t) for t in tokens)
    assert not is_token("short")
    assert not is_token("x" * 20 + "/..")


@pytest.mark.parametrize(
    ("step", "state", "ok"),
    [
        ("submit", RequestState.DRAFT, True),
        ("submit", RequestState.SUBMITTED, False),
        ("pickup", RequestState.SUBMITTED, True),
        ("pickup", RequestState.IN_PROGRESS, False),
        ("customer_number", RequestState.SUBMITTED, True),
        ("customer_number", RequestState.COMPLETED, False),
        ("reject", RequestState.IN_PROGRESS, True),
        ("reject", RequestState.DRAFT, False),
        ("edit", RequestState.REJECTED, False),
    ],
)
def test_the_requests_steps(step: str, state: RequestState, ok: bool) -> None:
    if ok:
        check_step(step, state)
    else:
        with pytest.raises(InvalidTransition):
            check_step(step, state)
    assert allowed_next(RequestState.COMPLETED) == []


def test_customer_numbers_are_what_billing_shows() -> None:
    assert clean_customer_number(" 400-321/A ") == "400-321/A"
    for bad in ("", " ", "-12", "x" * 51, "12 34", "ä123"):
        with pytest.raises(ValidationFailed):
            clean_customer_number(bad)


def uid(n: int) -> UUID:
    return UUID(int=n)


report_leads = st.builds(
    ReportLead,
    received_on=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    source=st.sampled_from(list(LeadSource)),
    product_id=st.sampled_from([uid(1), uid(2), uid(3)]),
    region_id=st.sampled_from([uid(10), uid(11), None]),
    owner_id=st.sampled_from([uid(20), uid(21)]),
    status=st.sampled_from(list(LeadStatus)),
    sla=st.sampled_from(list(SlaState)),
    first_action_hours=st.one_of(st.none(), st.floats(0, 400, allow_nan=False)),
)
COUNTS = (
    "received",
    "open",
    "converted",
    "handled_no_action",
    "disqualified",
    "sla_decided",
    "sla_met",
    "first_actions",
)


@given(st.lists(report_leads, max_size=40), st.sampled_from(sorted(GROUPINGS)))
def test_the_groups_add_up_to_the_total(rows: list[ReportLead], by: str) -> None:
    total = figures(rows)
    groups = grouped(rows, by)
    for name in COUNTS:
        assert sum(getattr(f, name) for _, f in groups) == getattr(total, name)
    assert (
        total.open + total.converted + total.handled_no_action + total.disqualified
        == total.received
    )
    assert total.sla_met <= total.sla_decided <= total.received
    if total.sla_compliance is not None:
        assert 0 <= total.sla_compliance <= 100
    if total.median_first_action_hours is not None:
        hours = [r.first_action_hours for r in rows if r.first_action_hours is not None]
        assert min(hours) - 0.01 <= total.median_first_action_hours <= max(hours) + 0.01


def test_nothing_gives_no_rates() -> None:
    empty = figures([])
    assert (empty.conversion_rate, empty.sla_compliance, empty.median_first_action_hours) == (
        None,
        None,
        None,
    )
