"""The monthly movement report of sales projects (seed 003, tables 2–4), computed from the
stage history.

This module is the plain-Python reference: it works on the rows of `project_events` and is
what the SQL implementation (`persistence.queries.movement`) is tested against. Both follow
these definitions, for a calendar month M (its first day F and last day L; the days are the
events' business dates `happened_on`, which are Europe/Helsinki dates):

- Events that set a project's status: the *openings* `opened`, `imported` and `reopened`, and
  the *closings* `won`, `lost` and `cancelled`. Their order is `happened_on`, then the
  recorded time `at`, then the event id (the last one only breaks exact ties).
- A project is **open at (the end of) day D** when its latest status event on or before D is
  an opening; a project with no status event on or before D is not open.
- It is **open at some time during M** when it was open at the end of the day before F (open
  at the start of M) or it has an opening with `happened_on` in M.
- **open at month end** (`open_at_end`): open at the end of L.
- **new**: the project's first `opened` or `imported` event falls in M. A reopening is not
  new; a project imported from the old system is new in the month it was opened there (the
  import writes its opening with the old date) and open from that day on.
- **progressed**: open at some time during M and at least one `stage_completed` event with
  `happened_on` in M.
- **not progressed**: open at some time during M and no `stage_completed` in M.
  progressed + not progressed = every project open at some time during M, including those
  won, lost or cancelled in it.
- **won** (valmistuneet, completed), **lost** (hävityt), **cancelled** (peruutetut): the
  project has a `won` / `lost` / `cancelled` event in M (each project counted once per
  figure).
- Every figure also for the month before M (`previous`) and the difference (`change` =
  this month − previous month).
- Rows per group (the project's type, region or business unit as it is now) and a total.
  A project is in exactly one group, so the rows add up to the total. Groups where every
  figure of both months is zero are left out.

Only events on or before L count, so a month's figures do not change when projects move on
later. Other kinds (`stage_started`, `stage_skipped`, `stage_inserted`, `stage_reassigned`,
`stage_reopened`, `migrated`) do not move any figure. The report may be asked for any past or
the current month (the current month's figures are "so far"); a future month is refused.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from uuid import UUID

from domain.shared import FieldError, ValidationFailed

OPENINGS = frozenset({"opened", "imported", "reopened"})
FIRST_OPENINGS = frozenset({"opened", "imported"})
CLOSINGS = frozenset({"won", "lost", "cancelled"})
STATUS_KINDS = OPENINGS | CLOSINGS
PROGRESS = "stage_completed"
# The kinds the report reads at all.
COUNTED_KINDS = STATUS_KINDS | {PROGRESS}

FIGURES = ("open_at_end", "new", "progressed", "not_progressed", "won", "lost", "cancelled")
EARLIEST_MONTH = date(1901, 1, 1)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


# ------------------------------------------------------------------ months


def month_of(day: date) -> date:
    """The first day of the month `day` is in."""
    return day.replace(day=1)


def add_months(month: date, months: int) -> date:
    """The first day of the month `months` after (or before) `month`'s."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_day(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def parse_month(value: str, field: str = "month") -> date:
    """'2026-11' → 2026-11-01; anything else is a validation error on `field`."""
    m = _MONTH.match(value.strip())
    if m is None or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
        raise ValidationFailed([FieldError(("query", field), "Give a month as YYYY-MM.")])
    return date(int(m.group(1)), int(m.group(2)), 1)


def check_month(month: date, today: date, field: str = "month") -> date:
    """`month` (any day of it) as its first day, if it is a past or the current month."""
    first = month_of(month)
    if first > month_of(today):
        raise ValidationFailed(
            [
                FieldError(
                    ("query", field),
                    f"{first:%Y-%m} is in the future; the report covers past months and the "
                    f"current one ({today:%Y-%m}).",
                )
            ]
        )
    if first < EARLIEST_MONTH:
        raise ValidationFailed(
            [FieldError(("query", field), f"Give a month from {EARLIEST_MONTH:%Y-%m} on.")]
        )
    return first


# ------------------------------------------------------------------ rows and figures


@dataclass(frozen=True)
class EventRow:
    """One row of the stage history, as much of it as the report needs."""

    project_id: UUID
    kind: str
    happened_on: date
    at: datetime
    id: UUID

    @property
    def order(self) -> tuple[date, datetime, UUID]:
        return (self.happened_on, self.at, self.id)


@dataclass(frozen=True)
class Figures:
    open_at_end: int = 0
    new: int = 0
    progressed: int = 0
    not_progressed: int = 0
    won: int = 0
    lost: int = 0
    cancelled: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f) + getattr(other, f) for f in FIGURES))

    def __sub__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f) - getattr(other, f) for f in FIGURES))

    @property
    def open_during(self) -> int:
        """Projects open at some time during the month."""
        return self.progressed + self.not_progressed

    @property
    def is_zero(self) -> bool:
        return not any(getattr(self, f) for f in FIGURES)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class MovementRow:
    """One group (or the total, key None and `is_total`): this month, the month before and
    the change."""

    key: str | None
    current: Figures
    previous: Figures
    is_total: bool = False

    @property
    def change(self) -> Figures:
        return self.current - self.previous


@dataclass(frozen=True)
class MovementReport:
    month: date  # first day
    rows: tuple[MovementRow, ...]
    total: MovementRow

    @property
    def previous_month(self) -> date:
        return add_months(self.month, -1)


# ------------------------------------------------------------------ the computation


def _open_at(status: list[EventRow], day: date) -> bool:
    """`status` is one project's status events in order."""
    latest: EventRow | None = None
    for e in status:
        if e.happened_on > day:
            break
        latest = e
    return latest is not None and latest.kind in OPENINGS


def project_figures(events: Iterable[EventRow], month: date) -> Figures:
    """One project's contribution (each figure 0 or 1) to `month` (its first day)."""
    first, last = month_of(month), last_day(month)
    mine = sorted((e for e in events if e.kind in COUNTED_KINDS), key=lambda e: e.order)
    status = [e for e in mine if e.kind in STATUS_KINDS]
    in_month = [e for e in mine if first <= e.happened_on <= last]
    kinds = {e.kind for e in in_month}
    firsts = [e.happened_on for e in status if e.kind in FIRST_OPENINGS]
    open_during = _open_at(status, first - timedelta(days=1)) or bool(kinds & OPENINGS)
    progressed = open_during and PROGRESS in kinds
    return Figures(
        open_at_end=int(_open_at(status, last)),
        new=int(bool(firsts) and first <= min(firsts) <= last),
        progressed=int(progressed),
        not_progressed=int(open_during and not progressed),
        won=int("won" in kinds),
        lost=int("lost" in kinds),
        cancelled=int("cancelled" in kinds),
    )


def _sort_key(key: str | None) -> tuple[bool, str]:
    return (key is None, key or "")


def movement(
    events: Iterable[EventRow], month: date, groups: Mapping[UUID, str | None]
) -> MovementReport:
    """The report for `month` (any day of it) over the projects in `groups`, which maps each
    project the caller may read to its group key; events of other projects are ignored."""
    first = month_of(month)
    previous = add_months(first, -1)
    by_project: dict[UUID, list[EventRow]] = defaultdict(list)
    for e in events:
        if e.project_id in groups:
            by_project[e.project_id].append(e)
    current_of: dict[str | None, Figures] = defaultdict(Figures)
    previous_of: dict[str | None, Figures] = defaultdict(Figures)
    for project_id, mine in by_project.items():
        key = groups[project_id]
        current_of[key] += project_figures(mine, first)
        previous_of[key] += project_figures(mine, previous)
    rows = tuple(
        MovementRow(key, current_of[key], previous_of[key])
        for key in sorted(set(current_of) | set(previous_of), key=_sort_key)
        if not (current_of[key].is_zero and previous_of[key].is_zero)
    )
    return MovementReport(first, rows, total_of(rows))


def total_of(rows: Iterable[MovementRow]) -> MovementRow:
    current, previous = Figures(), Figures()
    for r in rows:
        current += r.current
        previous += r.previous
    return MovementRow(None, current, previous, is_total=True)
