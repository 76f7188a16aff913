"""The arithmetic of the offer reports: win rates, achievement against a target, cumulative
months. The figures themselves come from read models (persistence.queries.offer_reports);
these rules decide how they combine."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from domain.offers.model import CENT, ZERO

PERCENT_STEP = Decimal("0.1")


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole as a percentage with one decimal (half up); None when whole is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)


def win_rate(won: int, lost: int) -> Decimal | None:
    """Won of the decided offers (won + lost), by count; cancelled ones were never decided by
    the customer and do not count."""
    return percent(won, won + lost)


def cumulative(values: Sequence[Decimal]) -> list[Decimal]:
    running = ZERO
    out = []
    for value in values:
        running += value
        out.append(running.quantize(CENT))
    return out


def target_path(target: Decimal, months: int = 12) -> list[Decimal]:
    """Where a yearly target should be at the end of each month if it accrued evenly: target ×
    m / 12, rounded half up to the cent (the last month is the target exactly)."""
    return [
        (target * m / months).quantize(CENT, rounding=ROUND_HALF_UP) for m in range(1, months + 1)
    ]
