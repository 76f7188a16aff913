"""Table definitions, one module per bounded context, sharing one MetaData."""

from persistence.tables import (
    accounts,
    activities,
    identity,
    notifications,
    platform,
    sales,
    service,
    views,
)
from persistence.tables.base import metadata

__all__ = [
    "accounts",
    "activities",
    "identity",
    "metadata",
    "notifications",
    "platform",
    "sales",
    "service",
    "views",
]
