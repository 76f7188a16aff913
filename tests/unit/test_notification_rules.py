"""Notifications on in-memory fakes: texts in fi/en/sv from templates, preferences per kind,
inactive recipients, the outbox email, and marking read."""

from __future__ import annotations

from uuid import UUID

import pytest
from fakes import FakeRuntime, FakeUnitOfWork
from hypothesis import given
from hypothesis import strategies as st

from domain.notifications import (
    Notice,
    NotificationKind,
    Preference,
    Recipient,
    get_preferences,
    mark_all_read,
    mark_read,
    notify,
    render,
    set_preferences,
)
from domain.shared import NotFound, Principal, ValidationFailed

pytestmark = pytest.mark.unit

K = NotificationKind
AINO = UUID(int=1)
BERTIL = UUID(int=2)
CLAIRE = UUID(int=3)
GONE = UUID(int=4)
REQUEST = UUID("01900000-0000-7000-8000-000000000123")
PARAMS = {"number": "PP-2026-000123", "title": "Laskutusvirhe", "by": "Maija Meikäläinen"}


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    fake.recipients.put(Recipient(AINO, "aino@example.fi", "Aino Ahonen", "fi", True))
    fake.recipients.put(Recipient(BERTIL, "bertil@example.se", "Bertil Björk", "sv", True))
    fake.recipients.put(Recipient(CLAIRE, "claire@example.com", "Claire Clark", "en", True))
    fake.recipients.put(Recipient(GONE, "gone@example.fi", "Entinen Työntekijä", "fi", False))
    return fake


@pytest.fixture
def rt() -> FakeRuntime:
    return FakeRuntime()


def delegated(user_id: UUID, **params: str) -> Notice:
    return Notice(
        user_id=user_id,
        kind=K.DELEGATED,
        params={**PARAMS, **params},
        record_type="service_request",
        record_id=REQUEST,
    )


def me(user_id: UUID) -> Principal:
    return Principal(user_id=user_id, business_unit_id=UUID(int=99))


# ------------------------------------------------------------------ templates


@pytest.mark.parametrize(
    ("locale", "title"),
    [
        ("fi", "Sinulle delegoitiin palvelupyyntö PP-2026-000123: Laskutusvirhe"),
        ("en", "A service request was delegated to you: PP-2026-000123 Laskutusvirhe"),
        ("sv", "Ett serviceärende delegerades till dig: PP-2026-000123 Laskutusvirhe"),
    ],
)
def test_a_delegation_reads_in_the_recipients_language(locale: str, title: str) -> None:
    text = render(K.DELEGATED, {**PARAMS, "note": "Soita asiakkaalle"}, locale, "service_request")
    assert text.title == title
    assert text.body is not None
    assert "Maija Meikäläinen" in text.body
    assert "Soita asiakkaalle" in text.body


def test_body_lines_whose_params_are_missing_or_empty_are_left_out() -> None:
    text = render(K.DELEGATED, {**PARAMS, "note": ""}, "en", "service_request")
    assert text.body == "Delegated by: Maija Meikäläinen"
    assert render(K.DELEGATED, {"number": "PP-1"}, "fi").body is None


@pytest.mark.parametrize(
    ("params", "title"),
    [
        ({"title": "Laskutusvirhe"}, "Sinulle delegoitiin palvelupyyntö: Laskutusvirhe"),
        ({"number": "PP-1"}, "Sinulle delegoitiin palvelupyyntö PP-1"),
        ({}, "Sinulle delegoitiin palvelupyyntö"),
    ],
)
def test_missing_params_leave_a_tidy_title(params: dict[str, str], title: str) -> None:
    assert render(K.DELEGATED, params, "fi", "service_request").title == title


@pytest.mark.parametrize("kind", list(NotificationKind))
@pytest.mark.parametrize("locale", ["fi", "en", "sv"])
@pytest.mark.parametrize("record_type", ["service_request", "activity", None])
def test_every_template_renders_without_params(
    kind: NotificationKind, locale: str, record_type: str | None
) -> None:
    text = render(kind, {}, locale, record_type)
    assert text.title
    assert "{" not in text.title
    assert not text.title.endswith(":")
    assert "  " not in text.title


def test_a_task_is_not_called_a_service_request() -> None:
    assert render(K.DELEGATED, {"title": "Soita takaisin"}, "fi", "activity").title == (
        "Sinulle delegoitiin tehtävä: Soita takaisin"
    )
    assert render(K.DELEGATED, {"title": "Call back"}, "en", "activity").title == (
        "A task was delegated to you: Call back"
    )


@pytest.mark.parametrize(
    ("locale", "label"),
    [
        ("fi", "Odotetaan tietoja"),
        ("en", "Waiting for information"),
        ("sv", "Väntar på information"),
    ],
)
def test_a_status_is_shown_with_its_label(locale: str, label: str) -> None:
    text = render(K.STATUS_CHANGED, {"number": "PP-1", "status": "waiting_for_information"}, locale)
    assert text.title.endswith(label)
    assert "PP-1" in text.title


def test_an_unknown_locale_falls_back_to_finnish() -> None:
    assert render(K.DELEGATED, PARAMS, "de").title.startswith("Sinulle delegoitiin")


@given(
    st.sampled_from(list(NotificationKind)),
    st.dictionaries(
        st.sampled_from(["number", "title", "by", "note", "status", "queue", "to", "x"]),
        st.text(max_size=3000),
    ),
    st.sampled_from(["fi", "en", "sv", "", "xx"]),
)
def test_rendering_never_fails_and_fits_the_columns(
    kind: NotificationKind, params: dict[str, str], locale: str
) -> None:
    text = render(kind, params, locale, "service_request")
    assert 0 < len(text.title) <= 300
    assert text.body is None or len(text.body) <= 2000


def test_braces_in_params_are_text_not_placeholders() -> None:
    text = render(K.DELEGATED, {"number": "PP-1", "title": "{by} {0} {"}, "en")
    assert text.title == "A service request was delegated to you: PP-1 {by} {0} {"


# ------------------------------------------------------------------ notify


async def test_a_delegation_notifies_in_the_app_and_by_email_without_committing(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    await notify(uow, rt, delegated(AINO, note="Asiakas odottaa"))
    [notification] = uow.notifications.of(AINO)
    assert notification.title == "Sinulle delegoitiin palvelupyyntö PP-2026-000123: Laskutusvirhe"
    assert notification.kind is K.DELEGATED
    assert notification.record_id == REQUEST
    assert notification.link == f"/service-requests/{REQUEST}"
    assert notification.read_at is None
    assert notification.created_at == rt.clock.now()
    [mail] = uow.outbox.messages
    assert mail.channel == "email"
    assert mail.payload["to"] == "aino@example.fi"
    assert mail.payload["to_name"] == "Aino Ahonen"
    assert mail.payload["subject"] == notification.title
    assert "Asiakas odottaa" in mail.payload["text"]
    assert mail.payload["link"] == f"/service-requests/{REQUEST}"
    assert mail.next_attempt_at == rt.clock.now()
    assert uow.commits == 0  # the caller's use case commits


async def test_the_email_is_in_the_recipients_language(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    await notify(uow, rt, delegated(BERTIL))
    await notify(uow, rt, delegated(CLAIRE))
    assert uow.outbox.to("bertil@example.se")[0].payload["subject"].startswith("Ett serviceärende")
    assert uow.outbox.to("claire@example.com")[0].payload["subject"].startswith("A service request")


async def test_an_inactive_user_gets_nothing(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    await notify(uow, rt, delegated(GONE))
    await notify(uow, rt, delegated(UUID(int=404)))  # no such user
    assert uow.notifications.rows == {}
    assert uow.outbox.messages == []


async def test_status_changes_are_in_the_app_only_by_default(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    await notify(uow, rt, Notice(AINO, K.STATUS_CHANGED, {"status": "resolved"}))
    await notify(uow, rt, Notice(AINO, K.REQUEST_PICKED, {"number": "PP-1"}))
    assert len(uow.notifications.of(AINO)) == 2
    assert uow.outbox.messages == []


@pytest.mark.parametrize(
    ("in_app", "email", "notifications", "mails"),
    [(True, True, 1, 1), (False, True, 0, 1), (True, False, 1, 0), (False, False, 0, 0)],
)
async def test_a_users_preference_decides_the_channels(
    uow: FakeUnitOfWork,
    rt: FakeRuntime,
    in_app: bool,
    email: bool,
    notifications: int,
    mails: int,
) -> None:
    await set_preferences(uow, me(AINO), [Preference(K.DELEGATED, in_app=in_app, email=email)])
    await notify(uow, rt, delegated(AINO))
    assert len(uow.notifications.of(AINO)) == notifications
    assert len(uow.outbox.messages) == mails


async def test_one_users_preference_does_not_touch_anothers(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    await set_preferences(uow, me(AINO), [Preference(K.DELEGATED, in_app=False, email=False)])
    await notify(uow, rt, delegated(CLAIRE))
    assert len(uow.notifications.of(CLAIRE)) == 1
    assert len(uow.outbox.messages) == 1


# ------------------------------------------------------------------ preferences


async def test_every_kind_has_an_effective_preference_with_defaults(
    uow: FakeUnitOfWork,
) -> None:
    prefs = {p.kind: p for p in await get_preferences(uow, me(AINO))}
    assert set(prefs) == set(NotificationKind)
    assert all(p.in_app for p in prefs.values())
    assert {k for k, p in prefs.items() if p.email} == {
        K.DELEGATED,
        K.DELEGATION_REMINDER,
        K.DELEGATION_UNACKNOWLEDGED,
        K.STAGE_ASSIGNED,
        # leads: someone waits for the reader to act
        K.LEAD_ASSIGNED,
        K.LEAD_QUEUED,
        K.LEAD_AT_RISK,
        K.LEAD_BREACHED,
        K.ACCOUNT_REQUEST_SUBMITTED,
        K.ACCOUNT_REQUEST_REJECTED,
    }


async def test_preferences_are_replaced_and_left_out_kinds_return_to_defaults(
    uow: FakeUnitOfWork,
) -> None:
    await set_preferences(
        uow,
        me(AINO),
        [
            Preference(K.STATUS_CHANGED, in_app=True, email=True),
            Preference(K.DELEGATED, in_app=False, email=True),
        ],
    )
    result = await set_preferences(
        uow, me(AINO), [Preference(K.STATUS_CHANGED, in_app=False, email=True)]
    )
    prefs = {p.kind: p for p in result}
    assert prefs[K.STATUS_CHANGED] == Preference(K.STATUS_CHANGED, in_app=False, email=True)
    assert prefs[K.DELEGATED] == Preference.default(K.DELEGATED)
    assert {p.kind: p for p in await get_preferences(uow, me(AINO))} == prefs
    assert uow.commits == 2


async def test_a_kind_given_twice_is_refused(uow: FakeUnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await set_preferences(
            uow,
            me(AINO),
            [
                Preference(K.DELEGATED, in_app=True, email=True),
                Preference(K.DELEGATED, in_app=False, email=False),
            ],
        )
    assert caught.value.errors[0].loc == ("items", 1, "kind")
    assert uow.commits == 0


# ------------------------------------------------------------------ read


async def test_marking_read_is_for_the_owner_only(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    await notify(uow, rt, delegated(AINO))
    [notification] = uow.notifications.of(AINO)
    with pytest.raises(NotFound):
        await mark_read(uow, rt, me(CLAIRE), notification.id)
    assert notification.read_at is None
    rt.clock.advance(minutes=5)
    await mark_read(uow, rt, me(AINO), notification.id)
    assert uow.notifications.rows[notification.id].read_at == rt.clock.now()


async def test_mark_all_read_marks_only_the_callers(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    for _ in range(3):
        await notify(uow, rt, delegated(AINO))
    await notify(uow, rt, delegated(CLAIRE))
    assert await mark_all_read(uow, rt, me(AINO)) == 3
    assert all(n.read_at is not None for n in uow.notifications.of(AINO))
    assert all(n.read_at is None for n in uow.notifications.of(CLAIRE))
    assert await mark_all_read(uow, rt, me(AINO)) == 0
