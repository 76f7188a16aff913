"""Table definitions, one module per bounded context, sharing one MetaData."""

from persistence.tables import (
    accounts,
    activities,
    careplans,
    catalog,
    classifications,
    identity,
    leads,
    marketing,
    notifications,
    offers,
    platform,
    regions,
    sales,
    segments,
    service,
    views,
)
from persistence.tables.base import metadata

__all__ = [
    "accounts",
    "activities",
    "careplans",
    "catalog",
    "classifications",
    "identity",
    "leads",
    "marketing",
    "metadata",
    "notifications",
    "offers",
    "platform",
    "regions",
    "sales",
    "segments",
    "service",
    "views",
]
