"""Care plans (hoitosuunnitelmat): planned touches per account class, the generation job
that schedules them as activities, and compliance. A process context: it uses the activities
context's rules to build the activities it schedules; no other context imports it."""

from domain.careplans import compliance, generation, plans
from domain.careplans.model import (
    CARE_PLAN,
    CarePlan,
    CarePlanVersion,
    Channel,
    Frequency,
    Period,
    ResponsibleKind,
    Touch,
    VersionStatus,
    periods,
    shortest_interval_days,
)
from domain.careplans.ports import CarePlansUnitOfWork, Generated, TargetAccount

__all__ = [
    "CARE_PLAN",
    "CarePlan",
    "CarePlanVersion",
    "CarePlansUnitOfWork",
    "Channel",
    "Frequency",
    "Generated",
    "Period",
    "ResponsibleKind",
    "TargetAccount",
    "Touch",
    "VersionStatus",
    "compliance",
    "generation",
    "periods",
    "plans",
    "shortest_interval_days",
]
