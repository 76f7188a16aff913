"""Identity: users, business units, teams, roles and sessions."""

from domain.identity import api_keys, services
from domain.identity.model import (
    ApiKey,
    BusinessUnit,
    Locale,
    RefreshToken,
    Role,
    Team,
    User,
    subtree,
)
from domain.identity.ports import IdentityUnitOfWork

__all__ = [
    "ApiKey",
    "BusinessUnit",
    "IdentityUnitOfWork",
    "Locale",
    "RefreshToken",
    "Role",
    "Team",
    "User",
    "api_keys",
    "services",
    "subtree",
]
