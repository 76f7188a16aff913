"""Activities: tasks, phone calls, meetings, logged emails and notes, and 'my work'."""

from domain.activities import services
from domain.activities.model import (
    ACTIVITY,
    TRANSITIONS,
    UNFINISHED,
    Activity,
    ActivityStatus,
    ActivityType,
    ActivityTypeInfo,
    Direction,
    Priority,
    RegardingType,
)
from domain.activities.ports import ActivitiesUnitOfWork, Regarded
from domain.activities.services import ActivityInput
from domain.activities.work import WORK_ZONE, DueWindow, WorkBucket, due_window

__all__ = [
    "ACTIVITY",
    "TRANSITIONS",
    "UNFINISHED",
    "WORK_ZONE",
    "ActivitiesUnitOfWork",
    "Activity",
    "ActivityInput",
    "ActivityStatus",
    "ActivityType",
    "ActivityTypeInfo",
    "Direction",
    "DueWindow",
    "Priority",
    "Regarded",
    "RegardingType",
    "WorkBucket",
    "due_window",
    "services",
]
