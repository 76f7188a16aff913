"""Bulk import of running sales projects from the previous system.

A file has a header row and one row per project. Columns (header names are matched
case-insensitively; spaces and hyphens count as underscores; order does not matter):

- `project_type`* — the type's key or name (e.g. `gas_connection`).
- `business_id`* — the account's business ID (Y-tunnus, e.g. 0112038-9); the account must exist
  and be visible to the importer.
- `name`* — the project's name.
- `region` — the project's region (it picks the stages' default responsibles); empty: the
  account's region.
- `owner_email` — the owner; empty: the importer. Someone else needs the assign privilege
  and a create privilege that reach them.
- `estimated_value` — euros, e.g. `12 500,50` or `12500.50` (at most two decimals).
- `probability` — a whole percentage 0–100, e.g. `60` or `60 %`.
- `expected_decision_date`, `opened_on`* — dates, written `2024-03-01` or `1.3.2024`.
- `current_stage`* — the key or name of the stage the project is at now, in the type's current
  template.
- `completed_stages` — the stages done before it, with their completion dates:
  `key=date` pairs separated by semicolons, e.g. `offer=2024-03-01;contract=10.5.2024`
  (key or name of the stage). Dates are in template order, not before `opened_on` and not in
  the future. Stages before the current one that are not listed are skipped ("imported
  without a date").
- `description` — free text.

Row numbers are the spreadsheet's (the header is row 1). A dry run reports every problem of
every row and only reads. A real run stores nothing unless every row is valid, and then
creates every project in one transaction, by the projects context's rules
(`create_planned`); nobody is notified.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Protocol
from uuid import UUID

from domain.sales import projects
from domain.sales.model import (
    EARLIEST,
    LATEST,
    MAX_VALUE,
    EventKind,
    SalesProject,
    StageStatus,
    check_date,
    check_past_date,
    check_probability,
    check_value,
    clean_name,
    clean_text,
    today,
)
from domain.sales.ports import SalesRuntime, SalesUnitOfWork
from domain.sales.types import ProjectType, StageTemplate, TemplateVersion
from domain.shared import Action, DomainError, Operation, Principal, ValidationFailed
from domain.shared.identifiers import normalise_business_id

SALES_PROJECT = "sales_project"
ACCOUNT = "account"
SKIP_REASON = "imported without a date"
MAX_ROWS = 10_000
MAX_NAME = 200
MAX_REGION = 100
MAX_DESCRIPTION = 10_000
MAX_EMAIL = 254


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("project_type", True, "The project type's key or name.", "gas_connection"),
    Column("business_id", True, "The account's business ID (Y-tunnus).", "0112038-9"),
    Column("name", True, "The project's name.", "Kaasuliittymä, Tehdaskatu 5"),
    Column("region", False, "Region; empty: the account's region.", "Uusimaa"),
    Column("owner_email", False, "The owner's e-mail; empty: you.", ""),
    Column(
        "estimated_value", False, "Euros, at most two decimals: 12 500,50 or 12500.50.", "12 500"
    ),
    Column("probability", False, "A whole percentage 0–100.", "60"),
    Column("expected_decision_date", False, "Date: 2024-03-01 or 1.3.2024.", "30.6.2025"),
    Column("opened_on", True, "The day the project started: 2024-03-01 or 1.3.2024.", "1.3.2024"),
    Column(
        "current_stage",
        True,
        "The key or name of the stage the project is at now (the type's current template).",
        "contract",
    ),
    Column(
        "completed_stages",
        False,
        "Stages done before the current one: key=date pairs separated by semicolons, "
        "in template order, e.g. offer=2024-03-01;survey=10.5.2024. Earlier stages not "
        "listed are skipped.",
        "offer=15.3.2024",
    ),
    Column("description", False, "Free text.", ""),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
REQUIRED_COLUMNS = tuple(c.name for c in COLUMNS if c.required)


# ------------------------------------------------------------------ the input and the report


@dataclass(frozen=True)
class ImportRow:
    """One data row: its spreadsheet row number and its cells by header text."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class ImportTable:
    header: tuple[str, ...]
    rows: tuple[ImportRow, ...]
    header_row: int = 1


@dataclass(frozen=True)
class Problem:
    """One problem of one row (`row` is the header row for problems of the header)."""

    row: int
    column: str | None
    message: str


@dataclass(frozen=True)
class ImportReport:
    dry_run: bool
    rows: int
    valid: int
    problems: tuple[Problem, ...]
    created: int = 0
    project_ids: tuple[UUID, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


# ------------------------------------------------------------------ what the import looks up


@dataclass(frozen=True)
class ImportAccount:
    id: UUID
    business_id: str
    name: str
    owner_id: UUID
    business_unit_id: UUID
    region: str | None = None
    # A passive account (ceased trading) takes no new projects, imported ones included.
    passive: bool = False


@dataclass(frozen=True)
class ImportUser:
    id: UUID
    email: str
    business_unit_id: UUID
    is_active: bool = True


@dataclass(frozen=True)
class ImportType:
    """A project type with the template version new projects get."""

    type: ProjectType
    template: TemplateVersion


class ImportDirectory(Protocol):
    """Batch look-ups, so that a 10,000-row file costs a handful of queries."""

    async def project_types(self) -> list[ImportType]:
        """Every project type with its current template version."""
        ...

    async def accounts_by_business_id(
        self, business_ids: Collection[str]
    ) -> dict[str, ImportAccount]:
        """Accounts by normalised business ID (1234567-8), whoever may read them."""
        ...

    async def users_by_email(self, emails: Collection[str]) -> dict[str, ImportUser]:
        """Users by lower-case e-mail."""
        ...

    async def existing_projects(self, account_ids: Collection[UUID]) -> set[tuple[UUID, UUID, str]]:
        """(type id, account id, folded name) of the projects these accounts already have."""
        ...


# ------------------------------------------------------------------ parsing cells

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FI_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007']+")
_PERCENT = re.compile(r"^(\d{1,3})\s*%?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CellError(ValueError):
    """A cell that cannot be read; the message says how to write it."""


def parse_date(text: str) -> date:
    """`2024-03-01` or the Finnish `1.3.2024` (leading zeros optional)."""
    value = text.strip()
    match = _ISO_DATE.fullmatch(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _FI_DATE.fullmatch(value)
        if not match:
            raise CellError(f"Write the date as 2024-03-01 or 1.3.2024 (not {_quote(value)}).")
        day, month, year = (int(g) for g in match.groups())
    try:
        parsed = date(year, month, day)
    except ValueError as exc:
        raise CellError(f"There is no such date as {_quote(value)}.") from exc
    if not EARLIEST <= parsed <= LATEST:
        raise CellError(f"The date must be between {EARLIEST} and {LATEST}.")
    return parsed


def parse_amount(text: str) -> Decimal:
    """Euros with a decimal comma or point, spaces as thousand separators, an optional € or
    EUR: "12 500,50", "12500.50", "12 500 €". Ambiguous forms ("12,500.00", "12.500") are
    refused rather than guessed."""
    value = text.strip()
    compact = _SPACES.sub("", value)
    for suffix in ("€", "eur", "euroa"):
        if compact.casefold().endswith(suffix):
            compact = compact[: -len(suffix)]
            break
    if compact.startswith("-"):
        raise CellError("The value cannot be negative.")
    if "," in compact and "." in compact:
        raise CellError(
            f"Use either a decimal comma or a decimal point, e.g. 12 500,50 (not {_quote(value)})."
        )
    compact = compact.replace(",", ".")
    if not _AMOUNT.fullmatch(compact):
        raise CellError(
            f"Write the value in euros with at most two decimals, e.g. 12 500,50 "
            f"(not {_quote(value)})."
        )
    try:
        amount = Decimal(compact)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise CellError("Not a number.") from exc
    if amount > MAX_VALUE:
        raise CellError("The value is too large.")
    return amount


def parse_probability(text: str) -> int:
    """A whole percentage 0–100, with or without %: "60", "60 %"."""
    value = text.strip()
    match = _PERCENT.fullmatch(value.replace("\u00a0", " "))
    if not match or int(match.group(1)) > 100:
        raise CellError(
            f"Write the probability as a whole percentage 0–100, e.g. 60 (not {_quote(value)})."
        )
    return int(match.group(1))


def parse_completed(text: str) -> list[tuple[str, str]]:
    """`key=date;key=date` (line breaks also separate pairs) → [(stage, date text)]."""
    pairs: list[tuple[str, str]] = []
    for item in re.split(r"[;\n\r]+", text):
        part = item.strip()
        if not part:
            continue
        stage, sep, when = part.partition("=")
        if not sep or not stage.strip() or not when.strip():
            raise CellError(
                "Write completed stages as key=date pairs separated by semicolons, "
                f"e.g. offer=2024-03-01;contract=10.5.2024 (not {_quote(part)})."
            )
        pairs.append((stage.strip(), when.strip()))
    return pairs


def fold(text: str) -> str:
    """Names compare case-insensitively with runs of white space as one space."""
    return " ".join(text.split()).casefold()


def header_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().casefold()).strip("_")


def _quote(value: str, limit: int = 40) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(shown)


# ------------------------------------------------------------------ a validated row


@dataclass(frozen=True)
class PlannedStage:
    template: StageTemplate
    completed_on: date | None = None  # done on this date
    skipped: bool = False  # before the current stage, not listed as done
    current: bool = False


@dataclass(frozen=True)
class PlannedProject:
    """One valid row: everything the creation needs, resolved."""

    row: int
    project_type: ProjectType
    template: TemplateVersion
    account: ImportAccount
    owner: ImportUser
    name: str
    region: str | None
    opened_on: date
    current: StageTemplate
    completed: tuple[tuple[StageTemplate, date], ...] = ()
    estimated_value: Decimal | None = None
    probability: int | None = None
    expected_decision_date: date | None = None
    description: str | None = None

    @property
    def stages(self) -> tuple[PlannedStage, ...]:
        """The template's stages in order: done (with dates) or skipped before the current
        one, the current one, then the rest not started."""
        done = {s.id: on for s, on in self.completed}
        planned: list[PlannedStage] = []
        before = True
        for stage in sorted(self.template.stages, key=lambda s: s.position):
            if stage.id == self.current.id:
                planned.append(PlannedStage(stage, current=True))
                before = False
            elif before:
                on = done.get(stage.id)
                planned.append(PlannedStage(stage, completed_on=on, skipped=on is None))
            else:
                planned.append(PlannedStage(stage))
        return tuple(planned)

    @property
    def last_progress_on(self) -> date | None:
        return max((on for _, on in self.completed), default=None)

    @property
    def current_started_on(self) -> date:
        """The current stage started when the stage before it was done (or the project
        opened)."""
        return self.last_progress_on or self.opened_on


@dataclass
class _Lookups:
    types: list[ImportType]
    accounts: dict[str, ImportAccount]
    users: dict[str, ImportUser]
    existing: set[tuple[UUID, UUID, str]] = field(default_factory=set)

    def project_type(self, text: str) -> ImportType | None:
        wanted = fold(text)
        for candidate in self.types:
            t = candidate.type
            if t.key.casefold() == wanted:
                return candidate
        for candidate in self.types:
            t = candidate.type
            names = (t.name, t.name_en, t.name_sv)
            if any(n is not None and fold(n) == wanted for n in names):
                return candidate
        return None


def find_stage(template: TemplateVersion, text: str) -> StageTemplate | None:
    """A stage of the template by key, else by its name in any language."""
    wanted = fold(text)
    for stage in template.stages:
        if stage.key.casefold() == wanted:
            return stage
    for stage in template.stages:
        if any(
            n is not None and fold(n) == wanted for n in (stage.name, stage.name_en, stage.name_sv)
        ):
            return stage
    return None


class _RowCheck:
    """Collects the problems of one row."""

    def __init__(self, number: int, values: Mapping[str, str]) -> None:
        self.number = number
        self.values = values
        self.problems: list[Problem] = []

    def bad(self, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def text(self, column: str, limit: int, *, required: bool = False) -> str | None:
        value = (
            " ".join(self.values.get(column, "").split())
            if column != "description"
            else (self.values.get(column, "").strip())
        )
        if not value:
            if required:
                self.bad(column, "Required.")
            return None
        if len(value) > limit:
            self.bad(column, f"At most {limit:,} characters.")
            return None
        return value

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.values.get(column, "").strip()
        if not value:
            if required:
                self.bad(column, "Required.")
            return None
        try:
            return parse_date(value)
        except CellError as exc:
            self.bad(column, str(exc))
            return None


def check_header(table: ImportTable) -> tuple[dict[str, int], list[Problem]]:
    """Column name → cell index, and the header's problems (missing, unknown, repeated)."""
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    for index, raw in enumerate(table.header):
        if not raw.strip():
            if any(index < len(r.cells) and r.cells[index] for r in table.rows):
                problems.append(
                    Problem(table.header_row, None, f"Column {index + 1} has values but no header.")
                )
            continue
        key = header_key(raw)
        if key not in COLUMN_NAMES:
            problems.append(
                Problem(
                    table.header_row,
                    raw[:100],
                    f"Unknown column {_quote(raw)}; the columns are: {', '.join(COLUMN_NAMES)}.",
                )
            )
        elif key in positions:
            problems.append(Problem(table.header_row, key, "The column is given twice."))
        else:
            positions[key] = index
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            problems.append(Problem(table.header_row, name, "A required column is missing."))
    return positions, problems


def _values(row: ImportRow, positions: Mapping[str, int]) -> dict[str, str]:
    return {
        name: (row.cells[index] if index < len(row.cells) else "")
        for name, index in positions.items()
    }


def check_row(
    values: Mapping[str, str],
    number: int,
    lookups: _Lookups,
    principal: Principal,
    today: date,
) -> tuple[PlannedProject | None, list[Problem]]:
    """Every problem of one row (not just the first), and the project it describes when
    there are none."""
    c = _RowCheck(number, values)
    name = c.text("name", MAX_NAME, required=True)
    region = c.text("region", MAX_REGION)
    description = c.text("description", MAX_DESCRIPTION)

    kind: ImportType | None = None
    type_text = values.get("project_type", "").strip()
    if not type_text:
        c.bad("project_type", "Required.")
    else:
        kind = lookups.project_type(type_text)
        if kind is None:
            known = ", ".join(sorted(t.type.key for t in lookups.types if t.type.is_active))
            c.bad("project_type", f"Unknown project type {_quote(type_text)} (types: {known}).")
        elif not kind.type.is_active:
            c.bad("project_type", f"Project type {kind.type.key} is not active.")
            kind = None
        elif not kind.template.stages:
            c.bad("project_type", f"Project type {kind.type.key} has no stages.")
            kind = None

    account: ImportAccount | None = None
    bid_text = values.get("business_id", "").strip()
    if not bid_text:
        c.bad("business_id", "Required.")
    else:
        try:
            business_id = normalise_business_id(bid_text)
        except ValidationFailed:
            c.bad(
                "business_id",
                f"Not a valid business ID: {_quote(bid_text)} (7 digits, a hyphen and a check "
                "digit, e.g. 0112038-9).",
            )
        else:
            found = lookups.accounts.get(business_id)
            if found is None or not principal.reads(
                ACCOUNT, found.owner_id, found.business_unit_id, account_ids=[found.id]
            ):
                c.bad("business_id", f"No such account: {business_id}.")
            elif found.passive:
                c.bad(
                    "business_id",
                    f"{found.name} ({business_id}) is passive and takes no new sales projects.",
                )
            else:
                account = found

    owner = _owner(c, values, lookups, principal)

    estimated_value: Decimal | None = None
    if values.get("estimated_value", "").strip():
        try:
            estimated_value = parse_amount(values["estimated_value"])
        except CellError as exc:
            c.bad("estimated_value", str(exc))
    probability: int | None = None
    if values.get("probability", "").strip():
        try:
            probability = parse_probability(values["probability"])
        except CellError as exc:
            c.bad("probability", str(exc))
    decision = c.date("expected_decision_date")
    opened_on = c.date("opened_on", required=True)
    if opened_on is not None and opened_on > today:
        c.bad("opened_on", f"{opened_on.isoformat()} is in the future.")
        opened_on = None

    current, completed = _stages(c, values, kind, opened_on, today)

    if (
        name is not None
        and kind is not None
        and account is not None
        and (kind.type.id, account.id, fold(name)) in lookups.existing
    ):
        c.bad(
            "name",
            f"The account already has a {kind.type.key} project named {_quote(name)}.",
        )
    if c.problems:
        return None, c.problems
    if kind is None or account is None or owner is None or name is None:  # pragma: no cover
        raise AssertionError("a row without problems has every part")
    if opened_on is None or current is None:  # pragma: no cover
        raise AssertionError("a row without problems has every part")
    return (
        PlannedProject(
            row=number,
            project_type=kind.type,
            template=kind.template,
            account=account,
            owner=owner,
            name=name,
            region=region or account.region,
            opened_on=opened_on,
            current=current,
            completed=tuple(completed),
            estimated_value=estimated_value,
            probability=probability,
            expected_decision_date=decision,
            description=description,
        ),
        [],
    )


def _owner(
    c: _RowCheck, values: Mapping[str, str], lookups: _Lookups, principal: Principal
) -> ImportUser | None:
    email = values.get("owner_email", "").strip().lower()
    if not email:
        return ImportUser(principal.user_id, "", principal.business_unit_id)
    if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
        c.bad("owner_email", f"Not an e-mail address: {_quote(email)}.")
        return None
    user = lookups.users.get(email)
    if user is None or not user.is_active:
        c.bad("owner_email", f"No such active user: {email}.")
        return None
    if user.id != principal.user_id and not principal.allows(
        SALES_PROJECT, Action.ASSIGN, user.id, user.business_unit_id
    ):
        c.bad(
            "owner_email",
            f"You may not give projects to {email}: that needs the assign privilege "
            "on sales projects reaching that user.",
        )
        return None
    if not principal.allows(SALES_PROJECT, Action.CREATE, user.id, user.business_unit_id):
        c.bad(
            "owner_email",
            f"You may not create projects for {email}: your create privilege on sales "
            "projects does not reach that user.",
        )
        return None
    return user


def _stages(
    c: _RowCheck,
    values: Mapping[str, str],
    kind: ImportType | None,
    opened_on: date | None,
    today: date,
) -> tuple[StageTemplate | None, list[tuple[StageTemplate, date]]]:
    """The current stage and the completed ones (with dates), checked against the type's
    current template: known stages, dates not in the future nor before the opening, in
    template order, nothing done at or after the current stage."""
    current_text = values.get("current_stage", "").strip()
    completed_text = values.get("completed_stages", "").strip()
    if not current_text:
        c.bad("current_stage", "Required.")
    try:
        pairs = parse_completed(completed_text)
    except CellError as exc:
        c.bad("completed_stages", str(exc))
        pairs = []
    if kind is None:
        return None, []  # stages cannot be checked without the type
    template = kind.template
    keys = ", ".join(s.key for s in template.stages)
    current: StageTemplate | None = None
    if current_text:
        current = find_stage(template, current_text)
        if current is None:
            c.bad(
                "current_stage",
                f"Unknown stage {_quote(current_text)} for type {kind.type.key} (stages: {keys}).",
            )
    completed: list[tuple[StageTemplate, date]] = []
    seen: set[UUID] = set()
    for stage_text, when_text in pairs:
        stage = find_stage(template, stage_text)
        if stage is None:
            c.bad(
                "completed_stages",
                f"Unknown stage {_quote(stage_text)} for type {kind.type.key} (stages: {keys}).",
            )
            continue
        if stage.id in seen:
            c.bad("completed_stages", f"Stage {stage.key} is listed twice.")
            continue
        seen.add(stage.id)
        if current is not None and stage.id == current.id:
            c.bad(
                "completed_stages",
                f"Stage {stage.key} is the current stage: it cannot also be completed.",
            )
            continue
        if current is not None and stage.position > current.position:
            c.bad(
                "completed_stages",
                f"Stage {stage.key} comes after the current stage {current.key} in the "
                "template: it cannot be completed yet.",
            )
            continue
        try:
            on = parse_date(when_text)
        except CellError as exc:
            c.bad("completed_stages", f"Stage {stage.key}: {exc}")
            continue
        if on > today:
            c.bad("completed_stages", f"Stage {stage.key}: {on.isoformat()} is in the future.")
            continue
        if opened_on is not None and on < opened_on:
            c.bad(
                "completed_stages",
                f"Stage {stage.key}: {on.isoformat()} is before the project opened "
                f"({opened_on.isoformat()}).",
            )
            continue
        completed.append((stage, on))
    completed.sort(key=lambda pair: pair[0].position)
    for (earlier, earlier_on), (later, later_on) in itertools.pairwise(completed):
        if later_on < earlier_on:
            c.bad(
                "completed_stages",
                f"Stage {later.key} is completed on {later_on.isoformat()}, before the "
                f"earlier stage {earlier.key} ({earlier_on.isoformat()}): stages are completed "
                "in template order.",
            )
    return current, completed


# ------------------------------------------------------------------ the use case


class ImportUnitOfWork(SalesUnitOfWork, Protocol):
    """The sales projects' ports (the import creates projects by their rules) and the
    import's batch look-ups."""

    @property
    def project_imports(self) -> ImportDirectory: ...


def _duplicate_key(values: Mapping[str, str], lookups: _Lookups) -> tuple[str, str, str] | None:
    type_text = values.get("project_type", "").strip()
    bid_text = values.get("business_id", "").strip()
    name = fold(values.get("name", ""))
    if not (type_text and bid_text and name):
        return None
    kind = lookups.project_type(type_text)
    type_key = str(kind.type.id) if kind is not None else fold(type_text)
    try:
        bid = normalise_business_id(bid_text)
    except ValidationFailed:
        bid = bid_text
    return type_key, bid, name


async def _lookups(uow: ImportUnitOfWork, rows: Sequence[Mapping[str, str]]) -> _Lookups:
    business_ids: set[str] = set()
    emails: set[str] = set()
    for values in rows:
        bid = values.get("business_id", "").strip()
        if bid:
            with contextlib.suppress(ValidationFailed):
                business_ids.add(normalise_business_id(bid))
        email = values.get("owner_email", "").strip().lower()
        if email and len(email) <= MAX_EMAIL:
            emails.add(email)
    directory = uow.project_imports
    accounts = await directory.accounts_by_business_id(business_ids) if business_ids else {}
    users = await directory.users_by_email(emails) if emails else {}
    existing = (
        await directory.existing_projects({a.id for a in accounts.values()}) if accounts else set()
    )
    return _Lookups(await directory.project_types(), accounts, users, existing)


async def validate(
    uow: ImportUnitOfWork, principal: Principal, table: ImportTable, today: date
) -> tuple[list[PlannedProject], list[Problem]]:
    """Every problem of the header and of every row (sorted by row), and the projects of
    the valid rows. Reads only."""
    principal.require(SALES_PROJECT, Action.CREATE)
    if not table.rows:
        raise ValidationFailed.field("file", "The file has no data rows (only a header).")
    if len(table.rows) > MAX_ROWS:
        raise ValidationFailed.field(
            "file", f"The file has more than {MAX_ROWS:,} data rows; split it into parts."
        )
    positions, problems = check_header(table)
    if problems:
        return [], problems
    rows = [_values(row, positions) for row in table.rows]
    lookups = await _lookups(uow, rows)
    plans: list[PlannedProject] = []
    first_rows: dict[tuple[str, str, str], int] = {}
    for row, values in zip(table.rows, rows, strict=True):
        plan, row_problems = check_row(values, row.number, lookups, principal, today)
        if len(row.cells) > len(table.header):
            row_problems.insert(
                0,
                Problem(
                    row.number,
                    None,
                    f"The row has values beyond the last column ({len(table.header)}): "
                    "does a value contain the separator without quotes?",
                ),
            )
            plan = None
        key = _duplicate_key(values, lookups)
        if key is not None:
            if key in first_rows:
                row_problems.append(
                    Problem(
                        row.number,
                        "name",
                        f"Row {first_rows[key]} has the same project type, business ID and name.",
                    )
                )
                plan = None
            else:
                first_rows[key] = row.number
        problems.extend(row_problems)
        if plan is not None:
            plans.append(plan)
    return plans, problems


async def import_projects(
    uow: ImportUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    table: ImportTable,
    *,
    dry_run: bool,
) -> ImportReport:
    """Validate every row (a dry run stops there: it reads only, so a 10,000-row file is
    checked in seconds); then, when this is no dry run and no row has a problem, create
    every project in the caller's transaction and commit once. A rule the projects context
    refuses a row for while creating becomes that row's problem and nothing is committed;
    anything else raised propagates, and the unit of work rolls everything back."""
    plans, problems = await validate(uow, principal, table, today(rt.clock.now()))
    created = 0
    if not dry_run and not problems:
        for plan in plans:
            try:
                await create_planned(uow, rt, principal, plan)
            except DomainError as exc:
                problems.extend(_problems_of(plan.row, exc))
            else:
                created += 1
    problems.sort(key=lambda p: p.row)
    failed_rows = {p.row for p in problems if p.row != table.header_row}
    header_failed = any(p.row == table.header_row for p in problems)
    valid = 0 if header_failed else len(table.rows) - len(failed_rows)
    if dry_run or problems:
        await uow.rollback()
        return ImportReport(dry_run, len(table.rows), valid, tuple(problems), 0)
    await uow.commit()
    return ImportReport(dry_run, len(table.rows), valid, (), created)


def _problems_of(row: int, exc: DomainError) -> list[Problem]:
    if isinstance(exc, ValidationFailed) and exc.errors:
        return [Problem(row, _column_of(e.loc), e.msg) for e in exc.errors]
    return [Problem(row, None, exc.detail)]


_FIELD_COLUMNS = {
    "project_type_id": "project_type",
    "account_id": "business_id",
    "owner_id": "owner_email",
    "business_unit_id": "owner_email",
}


def _column_of(loc: tuple[str | int, ...]) -> str | None:
    name = str(loc[0]) if loc else ""
    column = _FIELD_COLUMNS.get(name, name)
    return column if column in COLUMN_NAMES else None


async def create_planned(
    uow: ImportUnitOfWork, rt: SalesRuntime, principal: Principal, plan: PlannedProject
) -> SalesProject:
    """Create one planned project the way `projects.create_project` does (the same owner,
    unit and value rules, stages from the template with the region's default responsibles,
    audit), but with the progress it had in the previous system, without notifying anyone
    and without committing:

    - the stages listed as completed are done on their dates, each with a `stage_completed`
      event on that date;
    - the stages before the current one that are not listed are skipped ("imported without
      a date"), each with a `stage_skipped` event on the day it was passed over (the latest
      completion before it, or the opening day);
    - the current stage is in progress from the latest completion (or the opening day), with
      its default responsible and a due date counted from then, and a `stage_started` event;
    - the history begins with an `opened` event on `opened_on` with data `imported: true`,
      which the monthly movement report counts as the project's opening."""
    owner, unit = await projects.owner_and_unit(uow, principal, plan.owner.id, None)
    principal.require_on(SALES_PROJECT, Action.CREATE, owner, unit)
    now = rt.clock.now()
    check_date(plan.expected_decision_date, "expected_decision_date")
    opened_on = check_past_date(plan.opened_on, "opened_on", now, not_before=EARLIEST)
    project = SalesProject(
        id=rt.ids.new_id(),
        name=clean_name(plan.name),
        account_id=plan.account.id,
        project_type_id=plan.project_type.id,
        type_version_id=plan.template.id,
        opened_on=opened_on,
        owner_id=owner,
        business_unit_id=unit,
        created_at=now,
        updated_at=now,
        region=clean_text(plan.region),
        estimated_value=check_value(plan.estimated_value),
        probability=check_probability(plan.probability),
        expected_decision_date=plan.expected_decision_date,
        description=clean_text(plan.description),
        last_progress_on=plan.last_progress_on,
        created_by=principal.user_id,
    )
    stages = projects.stages_from_template(rt, project, plan.template)
    by_template = {stage.template_stage_id: stage for stage in stages}
    history: list[tuple[EventKind, date, UUID]] = []  # stage events, in template order
    passed_on = opened_on
    for planned in plan.stages:
        stage = by_template[planned.template.id]
        if planned.completed_on is not None:
            on = check_past_date(
                planned.completed_on, "completed_stages", now, not_before=opened_on
            )
            stage.status, stage.completed_on = StageStatus.DONE, on
            history.append((EventKind.STAGE_COMPLETED, on, stage.id))
            passed_on = on
        elif planned.skipped:
            stage.status, stage.skip_reason = StageStatus.SKIPPED, SKIP_REASON
            history.append((EventKind.STAGE_SKIPPED, passed_on, stage.id))
        elif planned.current:
            await projects.start_stage(
                uow,
                rt,
                principal,
                project,
                stage,
                plan.current_started_on,
                planned.template,
                log=False,
            )
    current = by_template[plan.current.id]
    await uow.sales_projects.add(project)
    for stage in stages:
        await uow.sales_stages.add(stage)
        await projects.audit_stage(uow, rt, principal, project, stage, Operation.CREATE, None)
    await projects.audit_project(uow, rt, principal, project, Operation.CREATE, None)
    await projects.log_event(
        uow,
        rt,
        principal,
        project,
        EventKind.OPENED,
        opened_on,
        data={
            "imported": True,
            "project_type_id": project.project_type_id,
            "type_version_id": project.type_version_id,
            "version": plan.template.version,
        },
    )
    by_id = {stage.id: stage for stage in stages}
    for kind, on, stage_id in history:
        stage = by_id[stage_id]
        data: dict[str, object] = {"key": stage.key, "imported": True}
        if kind is EventKind.STAGE_SKIPPED:
            data |= {"reason": SKIP_REASON, "was_current": False}
        await projects.log_event(uow, rt, principal, project, kind, on, stage=stage, data=data)
    await projects.log_started(uow, rt, principal, project, current, plan.current_started_on)
    return project


def template_sheets(types: Sequence[ImportType]) -> list[tuple[str, list[tuple[object, ...]]]]:
    """The template workbook: the header to fill in, the columns explained, and the stages
    of every active type (the keys `current_stage` and `completed_stages` take)."""
    columns: list[tuple[object, ...]] = [("column", "required", "how to write it", "example")]
    columns += [(c.name, "yes" if c.required else "", c.description, c.example) for c in COLUMNS]
    stages: list[tuple[object, ...]] = [
        ("project_type", "type name", "position", "stage key", "stage name", "customer service")
    ]
    for kind in types:
        if not kind.type.is_active:
            continue
        for stage in kind.template.stages:
            stages.append(
                (
                    kind.type.key,
                    kind.type.name,
                    stage.position,
                    stage.key,
                    stage.name,
                    "yes" if stage.is_customer_service else "",
                )
            )
    return [("Projects", [COLUMN_NAMES]), ("Columns", columns), ("Stages", stages)]
