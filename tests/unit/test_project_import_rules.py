"""The sales project import's rules, without a database: reading dates, amounts, percentages
and completed-stage lists; the header; every problem a row can have (all of them reported,
not just the first); duplicates; and the stages a valid row plans."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType
from uuid import UUID

import pytest
from fakes import FakeClock, FakeImportDirectory, FakeImportUnitOfWork

from domain.sales import imports
from domain.sales.imports import (
    CellError,
    ImportAccount,
    ImportRow,
    ImportTable,
    ImportType,
    ImportUser,
    parse_amount,
    parse_completed,
    parse_date,
    parse_probability,
)
from domain.sales.model import due_date
from domain.sales.types import ProjectType, Responsible, StageTemplate, TemplateVersion
from domain.shared import (
    Action,
    Depth,
    Forbidden,
    OfficeCalendar,
    Principal,
    Privilege,
    UuidV7Factory,
)

pytestmark = pytest.mark.unit

UNIT = UUID(int=10)
OTHER_UNIT = UUID(int=20)
ME = UUID(int=1)
COLLEAGUE = UUID(int=2)
STRANGER = UUID(int=3)
TYPE_ID = UUID(int=100)
VERSION_ID = UUID(int=101)
OLD_TYPE_ID = UUID(int=110)
ACCOUNT_ID = UUID(int=200)
HIDDEN_ACCOUNT_ID = UUID(int=201)
BID = "0112038-9"
HIDDEN_BID = "2070751-3"
TODAY = date(2026, 6, 15)
T0 = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)
KEYS = ("offer", "survey", "contract", "build", "billing")


def _stage(position: int, key: str) -> StageTemplate:
    return StageTemplate(
        id=UUID(int=1000 + position),
        position=position,
        key=key,
        name=f"Vaihe {key}",
        name_en=f"Stage {key}",
        default_duration_days=5,
        responsibles=MappingProxyType({"*": Responsible(user_id=COLLEAGUE)}),
    )


TEMPLATE = TemplateVersion(
    id=VERSION_ID,
    project_type_id=TYPE_ID,
    version=1,
    stages=tuple(_stage(i, k) for i, k in enumerate(KEYS, start=1)),
)
GAS = ImportType(
    ProjectType(
        id=TYPE_ID,
        key="gas_connection",
        name="Kaasuliittymämyynti",
        name_en="Gas connection sale",
        is_active=True,
        current_version=1,
        created_at=T0,
        updated_at=T0,
    ),
    TEMPLATE,
)
OLD = ImportType(
    ProjectType(
        id=OLD_TYPE_ID,
        key="old_type",
        name="Vanha",
        is_active=False,
        current_version=1,
        created_at=T0,
        updated_at=T0,
    ),
    TemplateVersion(UUID(int=111), OLD_TYPE_ID, 1, (_stage(1, "only"),)),
)


def seller(*, assign: Depth = Depth.OWN, create: Depth = Depth.OWN) -> Principal:
    privileges = [
        Privilege("sales_project", Action.CREATE, create),
        Privilege("sales_project", Action.READ, Depth.BUSINESS_UNIT),
        Privilege("sales_project", Action.ASSIGN, assign),
        Privilege("account", Action.READ, Depth.BUSINESS_UNIT),
    ]
    return Principal(
        user_id=ME,
        business_unit_id=UNIT,
        name="Minna Myyjä",
        team_member_ids=frozenset({ME}),
        unit_subtree_ids=frozenset({UNIT}),
        privileges=Principal.merge(privileges),
    )


@dataclass
class ImportUow:
    project_imports: FakeImportDirectory = field(default_factory=FakeImportDirectory)


def uow() -> ImportUow:
    u = ImportUow()
    d = u.project_imports
    d.types = [GAS, OLD]
    d.accounts[BID] = ImportAccount(ACCOUNT_ID, BID, "Kone Oyj", ME, UNIT, "Uusimaa")
    d.accounts[HIDDEN_BID] = ImportAccount(
        HIDDEN_ACCOUNT_ID, HIDDEN_BID, "Salainen Oy", STRANGER, OTHER_UNIT, None
    )
    d.users["kalle@example.fi"] = ImportUser(COLLEAGUE, "kalle@example.fi", UNIT)
    d.users["sanna@example.fi"] = ImportUser(STRANGER, "sanna@example.fi", OTHER_UNIT)
    d.users["poissa@example.fi"] = ImportUser(UUID(int=4), "poissa@example.fi", UNIT, False)
    return u


HEADER = (
    "project_type",
    "business_id",
    "name",
    "region",
    "owner_email",
    "estimated_value",
    "probability",
    "expected_decision_date",
    "opened_on",
    "current_stage",
    "completed_stages",
)
GOOD = {
    "project_type": "gas_connection",
    "business_id": BID,
    "name": "Kaasuliittymä, Tehdaskatu 5",
    "region": "Pirkanmaa",
    "owner_email": "",
    "estimated_value": "12 500,50",
    "probability": "60 %",
    "expected_decision_date": "30.6.2026",
    "opened_on": "1.3.2024",
    "current_stage": "contract",
    "completed_stages": "offer=2024-03-15",
}


def table(
    *rows: dict[str, str], header: tuple[str, ...] = HEADER, written: tuple[str, ...] = ()
) -> ImportTable:
    """Rows with cells in `header`'s order, under the header as `written` (default: the same)."""
    return ImportTable(
        header=written or header,
        rows=tuple(
            ImportRow(number, tuple(values.get(h, "") for h in header))
            for number, values in enumerate(rows, start=2)
        ),
    )


async def check(*rows: dict[str, str], principal: Principal | None = None, **kw: object):
    return await imports.validate(uow(), principal or seller(), table(*rows, **kw), TODAY)  # type: ignore[arg-type]


async def problems_of(values: dict[str, str], principal: Principal | None = None):
    plans, problems = await check({**GOOD, **values}, principal=principal)
    assert not plans or not problems
    return [(p.column, p.message) for p in problems]


# ------------------------------------------------------------------ cells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("1.3.2024", date(2024, 3, 1)),
        ("01.03.2024", date(2024, 3, 1)),
        (" 31.12.2025 ", date(2025, 12, 31)),
        ("2024-3-1", date(2024, 3, 1)),
    ],
)
def test_dates_are_iso_or_finnish(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3/1/2024", "Write the date as 2024-03-01 or 1.3.2024"),
        ("1.3.24", "Write the date as 2024-03-01 or 1.3.2024"),
        ("maaliskuu", "Write the date as 2024-03-01 or 1.3.2024"),
        ("2024-03-01T10:00:00", "Write the date as 2024-03-01 or 1.3.2024"),
        ("30.2.2024", "There is no such date as '30.2.2024'"),
        ("2024-13-01", "There is no such date"),
        ("31.12.1999", "The date must be between 2000-01-01 and 2100-12-31"),
    ],
)
def test_bad_dates_say_how_to_write_them(text, message):
    with pytest.raises(CellError, match=message.replace("(", r"\(")):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 500,50", Decimal("12500.50")),
        ("12500.50", Decimal("12500.50")),
        ("12\u00a0500,5", Decimal("12500.5")),
        ("12\u202f500", Decimal("12500")),
        ("1 000 000 €", Decimal("1000000")),
        ("750 EUR", Decimal("750")),
        ("0", Decimal("0")),
        ("0,05", Decimal("0.05")),
    ],
)
def test_amounts_take_a_decimal_comma_and_spaces(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,500.00", "Use either a decimal comma or a decimal point"),
        ("12.500", "at most two decimals"),  # a thousands point is not guessed
        ("12,500", "at most two decimals"),  # nor an English thousands comma
        ("1,234", "at most two decimals"),
        ("-5", "cannot be negative"),
        ("noin 5000", "Write the value in euros"),
        ("1e5", "Write the value in euros"),
        ("1 000 000 000 000", "too large"),
    ],
)
def test_ambiguous_or_bad_amounts_are_refused(text, message):
    with pytest.raises(CellError, match=message):
        parse_amount(text)


@pytest.mark.parametrize(("text", "expected"), [("60", 60), ("60 %", 60), ("0%", 0), ("100", 100)])
def test_probability_is_a_whole_percentage(text, expected):
    assert parse_probability(text) == expected


@pytest.mark.parametrize("text", ["101", "0,6", "-1", "sixty", "60.5"])
def test_bad_probabilities_are_refused(text):
    with pytest.raises(CellError, match="whole percentage 0–100"):
        parse_probability(text)


def test_completed_stages_are_key_date_pairs():
    assert parse_completed("offer=2024-03-01; survey = 10.5.2024;") == [
        ("offer", "2024-03-01"),
        ("survey", "10.5.2024"),
    ]
    assert parse_completed("offer=1.3.2024\nsurvey=2.3.2024") == [
        ("offer", "1.3.2024"),
        ("survey", "2.3.2024"),
    ]
    assert parse_completed("") == []


@pytest.mark.parametrize("text", ["offer", "=2024-03-01", "offer=", "offer 2024-03-01"])
def test_bad_completed_lists_say_how_to_write_them(text):
    with pytest.raises(CellError, match="key=date pairs separated by semicolons"):
        parse_completed(text)


# ------------------------------------------------------------------ the header


async def test_header_names_are_forgiving():
    written = tuple(f" {h.upper().replace('_', ' ')} " for h in HEADER)
    written = (written[0], written[1].replace(" ", "-"), *written[2:])
    plans, problems = await check(GOOD, written=written)
    assert problems == []
    assert len(plans) == 1


async def test_header_problems_are_all_reported_at_row_1():
    header = ("project_type", "name", "name", "colour", "opened_on")
    plans, problems = await check({}, header=header)
    assert plans == []
    assert {(p.row, p.column, p.message.split(";")[0]) for p in problems} == {
        (1, "name", "The column is given twice."),
        (1, "colour", "Unknown column 'colour'"),
        (1, "business_id", "A required column is missing."),
        (1, "current_stage", "A required column is missing."),
    }


async def test_values_beyond_the_last_column_are_a_problem():
    t = table(GOOD, {**GOOD, "name": "Toinen"})
    t = ImportTable(t.header, (t.rows[0], ImportRow(3, (*t.rows[1].cells, "", "extra"))))
    plans, problems = await imports.validate(uow(), seller(), t, TODAY)  # type: ignore[arg-type]
    assert [p.row for p in plans] == [2]
    assert [(p.row, p.column, p.message) for p in problems] == [
        (
            3,
            None,
            "The row has values beyond the last column (11): does a value contain the "
            "separator without quotes?",
        )
    ]


async def test_values_under_no_header_are_a_problem():
    _plans, problems = await check({**GOOD, "": "stray"}, header=(*HEADER[:3], "", *HEADER[3:]))
    assert [p.message for p in problems] == ["Column 4 has values but no header."]


# ------------------------------------------------------------------ rows


async def test_a_good_row_plans_its_project():
    plans, problems = await check(GOOD)
    assert problems == []
    (plan,) = plans
    assert plan.row == 2
    assert plan.account.id == ACCOUNT_ID
    assert plan.owner.id == ME
    assert plan.estimated_value == Decimal("12500.50")
    assert plan.probability == 60
    assert plan.expected_decision_date == date(2026, 6, 30)
    assert plan.opened_on == date(2024, 3, 1)
    assert plan.region == "Pirkanmaa"
    assert [(s.template.key, s.completed_on, s.skipped, s.current) for s in plan.stages] == [
        ("offer", date(2024, 3, 15), False, False),
        ("survey", None, True, False),  # before the current stage, no date: skipped
        ("contract", None, False, True),
        ("build", None, False, False),
        ("billing", None, False, False),
    ]
    assert plan.last_progress_on == date(2024, 3, 15)
    assert plan.current_started_on == date(2024, 3, 15)


async def test_names_work_for_types_and_stages_and_the_region_defaults_to_the_accounts():
    plans, problems = await check(
        {
            **GOOD,
            "project_type": "gas CONNECTION sale",
            "region": "",
            "current_stage": "Vaihe  survey",
            "completed_stages": "",
        }
    )
    assert problems == []
    (plan,) = plans
    assert plan.project_type.id == TYPE_ID
    assert plan.current.key == "survey"
    assert plan.region == "Uusimaa"
    assert plan.current_started_on == plan.opened_on
    assert [s.skipped for s in plan.stages][:1] == [True]


async def test_every_problem_of_a_row_is_reported_not_just_the_first():
    problems = await problems_of(
        {
            "project_type": "district_heat",
            "business_id": "1234567-8",
            "name": "",
            "owner_email": "nobody@example.fi",
            "estimated_value": "12,500.00",
            "probability": "120",
            "expected_decision_date": "ensi vuonna",
            "opened_on": "1.1.2030",
        }
    )
    assert [c for c, _ in problems] == [
        "name",
        "project_type",
        "business_id",
        "owner_email",
        "estimated_value",
        "probability",
        "expected_decision_date",
        "opened_on",
    ]
    messages = dict(problems)
    assert messages["project_type"].startswith("Unknown project type 'district_heat' (types: ")
    assert "gas_connection" in messages["project_type"]
    assert "old_type" not in messages["project_type"]  # inactive types are not offered
    assert messages["business_id"].startswith("Not a valid business ID: '1234567-8'")
    assert messages["name"] == "Required."
    assert messages["owner_email"] == "No such active user: nobody@example.fi."
    assert messages["opened_on"] == "2030-01-01 is in the future."


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"project_type": ""}, "project_type", "Required."),
        ({"project_type": "old_type"}, "project_type", "Project type old_type is not active."),
        ({"business_id": ""}, "business_id", "Required."),
        ({"business_id": "FI01120389x"}, "business_id", "Not a valid business ID"),
        ({"business_id": "1572860-0"}, "business_id", "No such account: 1572860-0."),
        ({"name": "x" * 201}, "name", "At most 200 characters."),
        ({"region": "x" * 101}, "region", "At most 100 characters."),
        ({"opened_on": ""}, "opened_on", "Required."),
        ({"opened_on": "1.3.24"}, "opened_on", "Write the date as 2024-03-01 or 1.3.2024"),
        ({"current_stage": ""}, "current_stage", "Required."),
        ({"owner_email": "not-an-email"}, "owner_email", "Not an e-mail address: 'not-an-email'."),
        ({"owner_email": "poissa@example.fi"}, "owner_email", "No such active user"),
    ],
)
async def test_row_problems(values, column, message):
    problems = await problems_of(values)
    assert len(problems) == 1, problems
    assert problems[0][0] == column
    assert problems[0][1].startswith(message)


async def test_an_account_you_cannot_read_is_reported_like_a_missing_one():
    hidden = await problems_of({"business_id": HIDDEN_BID})
    missing = await problems_of({"business_id": "1572860-0"})
    assert hidden == [("business_id", f"No such account: {HIDDEN_BID}.")]
    assert missing == [("business_id", "No such account: 1572860-0.")]


async def test_business_ids_are_normalised_before_the_look_up():
    plans, problems = await check({**GOOD, "business_id": "01120389"})
    assert problems == []
    assert plans[0].account.id == ACCOUNT_ID


async def test_giving_a_project_to_someone_else_needs_the_assign_privilege():
    refused = await problems_of({"owner_email": "kalle@example.fi"}, seller(assign=Depth.OWN))
    assert refused == [
        (
            "owner_email",
            "You may not give projects to kalle@example.fi: that needs the assign privilege "
            "on sales projects reaching that user.",
        )
    ]
    plans, problems = await check(
        {**GOOD, "owner_email": "Kalle@Example.fi"},
        principal=seller(assign=Depth.BUSINESS_UNIT, create=Depth.BUSINESS_UNIT),
    )
    assert problems == []
    assert plans[0].owner.id == COLLEAGUE
    # The assign privilege reaches this unit only.
    other = await problems_of(
        {"owner_email": "sanna@example.fi"}, seller(assign=Depth.BUSINESS_UNIT)
    )
    assert [c for c, _ in other] == ["owner_email"]


async def test_the_create_privilege_is_needed_at_all():
    principal = Principal(ME, UNIT, privileges={("sales_project", Action.READ): Depth.OWN})
    with pytest.raises(Forbidden):
        await check(GOOD, principal=principal)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"current_stage": "design"},
            "Unknown stage 'design' for type gas_connection "
            "(stages: offer, survey, contract, build, billing).",
        ),
        (
            {"completed_stages": "offer=1.4.2024;design=2.4.2024"},
            "Unknown stage 'design' for type gas_connection",
        ),
        ({"completed_stages": "offer=1.1.2027"}, "Stage offer: 2027-01-01 is in the future."),
        (
            {"completed_stages": "offer=29.2.2024"},
            "Stage offer: 2024-02-29 is before the project opened (2024-03-01).",
        ),
        (
            {"completed_stages": "offer=1.5.2024;survey=1.4.2024"},
            "Stage survey is completed on 2024-04-01, before the earlier stage offer "
            "(2024-05-01): stages are completed in template order.",
        ),
        (
            {"completed_stages": "offer=1.4.2024;contract=1.5.2024"},
            "Stage contract is the current stage: it cannot also be completed.",
        ),
        (
            {"completed_stages": "offer=1.4.2024;build=1.5.2024"},
            "Stage build comes after the current stage contract in the template: it cannot "
            "be completed yet.",
        ),
        (
            {"completed_stages": "offer=1.4.2024;Stage offer=2.4.2024"},
            "Stage offer is listed twice.",
        ),
        ({"completed_stages": "offer=huhtikuussa"}, "Stage offer: Write the date as"),
        ({"completed_stages": "offer"}, "Write completed stages as key=date pairs"),
    ],
)
async def test_stage_problems(values, message):
    problems = await problems_of(values)
    assert len(problems) == 1, problems
    assert problems[0][0] in ("current_stage", "completed_stages")
    assert problems[0][1].startswith(message)


async def test_stages_in_template_order_may_share_a_date_and_be_listed_in_any_order():
    plans, problems = await check(
        {**GOOD, "current_stage": "build", "completed_stages": "contract=2.4.2024;offer=2.4.2024"}
    )
    assert problems == []
    assert [(s.template.key, s.completed_on, s.skipped) for s in plans[0].stages[:3]] == [
        ("offer", date(2024, 4, 2), False),
        ("survey", None, True),
        ("contract", date(2024, 4, 2), False),
    ]


async def test_duplicate_rows_are_reported_on_the_later_row():
    plans, problems = await check(
        GOOD,
        {**GOOD, "name": "Toinen"},
        {**GOOD, "name": "  kaasuliittymä,  TEHDASKATU 5 ", "business_id": "01120389"},
    )
    assert [(p.row, p.column, p.message) for p in problems] == [
        (4, "name", "Row 2 has the same project type, business ID and name.")
    ]
    assert [p.row for p in plans] == [2, 3]


async def test_a_project_the_account_already_has_is_refused():
    u = uow()
    u.project_imports.existing.add((TYPE_ID, ACCOUNT_ID, "kaasuliittymä, tehdaskatu 5"))
    plans, problems = await imports.validate(u, seller(), table(GOOD), TODAY)  # type: ignore[arg-type]
    assert plans == []
    assert [(p.column, p.message) for p in problems] == [
        (
            "name",
            "The account already has a gas_connection project named 'Kaasuliittymä, Tehdaskatu 5'.",
        )
    ]


async def test_rows_are_checked_with_a_few_batch_look_ups():
    u = uow()
    rows = [{**GOOD, "name": f"Projekti {i}"} for i in range(300)]
    plans, problems = await imports.validate(u, seller(), table(*rows), TODAY)  # type: ignore[arg-type]
    assert problems == []
    assert len(plans) == 300
    assert u.project_imports.calls == 3  # types, accounts, existing projects (no e-mails)


async def test_an_empty_table_is_refused():
    from domain.shared import ValidationFailed

    with pytest.raises(ValidationFailed, match="no data rows"):
        await check()


def test_the_template_lists_the_active_types_stages():
    sheets = dict(imports.template_sheets([GAS, OLD]))
    assert sheets["Projects"] == [imports.COLUMN_NAMES]
    assert [row[0] for row in sheets["Columns"][1:]] == list(imports.COLUMN_NAMES)
    assert [row[3] for row in sheets["Stages"][1:]] == list(KEYS)


# ------------------------------------------------------------------ creating (on the sales fakes)


@dataclass
class SalesRt:
    clock: FakeClock = field(default_factory=lambda: FakeClock(T0))
    ids: UuidV7Factory = field(default_factory=UuidV7Factory)
    calendar: OfficeCalendar = field(default_factory=OfficeCalendar)


def import_uow() -> FakeImportUnitOfWork:
    u = FakeImportUnitOfWork()
    u.project_imports = uow().project_imports
    u.sales_people.put(ME, UNIT, "Minna Myyjä")
    u.sales_people.put(COLLEAGUE, UNIT, "Kalle Kollega")
    return u


async def run(u: FakeImportUnitOfWork, *rows: dict[str, str], dry_run: bool, **kw: object):
    return await imports.import_projects(u, SalesRt(), seller(**kw), table(*rows), dry_run=dry_run)  # type: ignore[arg-type]


async def test_a_real_run_creates_every_project_and_commits_once_without_notifying():
    u = import_uow()
    rows = [{**GOOD, "name": f"Projekti {i}"} for i in range(5)]
    report = await run(u, *rows, dry_run=False)
    assert (report.rows, report.valid, report.created, report.problems) == (5, 5, 5, ())
    assert u.commits == 1
    assert u.rollbacks == 0
    assert len(u.sales_projects.rows) == 5
    assert u.notifications.rows == {}  # an import hands nothing over to anyone
    project = next(iter(u.sales_projects.rows.values()))
    assert project.opened_on == date(2024, 3, 1)
    assert project.last_progress_on == date(2024, 3, 15)
    assert project.region == "Pirkanmaa"
    stages = u.sales_stages.of(project.id)
    assert [(s.key, s.status.value) for s in stages] == [
        ("offer", "done"),
        ("survey", "skipped"),
        ("contract", "in_progress"),
        ("build", "not_started"),
        ("billing", "not_started"),
    ]
    assert project.current_stage_id == stages[2].id
    assert stages[2].responsible_user_id == COLLEAGUE
    assert stages[2].due_date == due_date(OfficeCalendar(), date(2024, 3, 15), 5)
    events = [e for e in u.sales_log.events if e.project_id == project.id]
    assert [(e.kind.value, e.happened_on) for e in events] == [
        ("opened", date(2024, 3, 1)),
        ("stage_completed", date(2024, 3, 15)),
        ("stage_skipped", date(2024, 3, 15)),
        ("stage_started", date(2024, 3, 15)),
    ]
    assert dict(events[0].data or {})["imported"] is True
    assert "imported" not in {e.kind.value for e in u.sales_log.events}
    # One audit entry per project and per stage, as when projects are created by hand.
    assert len(u.audit.entries) == 5 * (1 + len(KEYS))


async def test_a_dry_run_never_commits():
    u = import_uow()
    report = await run(u, GOOD, dry_run=True)
    assert (report.dry_run, report.valid, report.created, report.problems) == (True, 1, 0, ())
    assert u.commits == 0
    assert u.rollbacks == 1


async def test_a_real_run_with_one_bad_row_commits_nothing():
    u = import_uow()
    report = await run(u, GOOD, {**GOOD, "name": "Toinen", "probability": "x"}, dry_run=False)
    assert report.created == 0
    assert report.valid == 1
    assert [(p.row, p.column) for p in report.problems] == [(3, "probability")]
    assert u.commits == 0
    assert u.rollbacks == 1


async def test_the_projects_contexts_own_refusals_become_row_problems():
    """The import's look-ups know Kalle, but the sales context finds him inactive when the
    project is created: its refusal is reported on his row and column, and nothing is
    committed (the projects created before it are rolled back with the transaction)."""
    u = import_uow()
    u.sales_people.put(COLLEAGUE, UNIT, "Kalle Kollega", active=False)
    rows = (GOOD, {**GOOD, "name": "Kallen", "owner_email": "kalle@example.fi"})
    kw = {"assign": Depth.BUSINESS_UNIT, "create": Depth.BUSINESS_UNIT}
    dry = await run(u, *rows, dry_run=True, **kw)
    assert dry.problems == ()  # a dry run only reads
    report = await run(u, *rows, dry_run=False, **kw)
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (3, "owner_email", "No such active user.")
    ]
    assert (report.valid, report.created) == (1, 0)
    assert u.commits == 0
    assert u.rollbacks == 2


async def test_an_owner_beyond_the_create_privilege_is_refused():
    problems = await problems_of(
        {"owner_email": "kalle@example.fi"}, seller(assign=Depth.BUSINESS_UNIT, create=Depth.OWN)
    )
    assert problems == [
        (
            "owner_email",
            "You may not create projects for kalle@example.fi: your create privilege on sales "
            "projects does not reach that user.",
        )
    ]
