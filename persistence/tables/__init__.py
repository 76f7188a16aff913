"""Table definitions, one module per bounded context, sharing one MetaData."""

from persistence.tables import accounts, identity, platform
from persistence.tables.base import metadata

__all__ = ["accounts", "identity", "metadata", "platform"]
