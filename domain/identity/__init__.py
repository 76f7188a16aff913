"""Identity: users, business units, teams, roles and sessions."""

from domain.identity import services
from domain.identity.model import BusinessUnit, Locale, RefreshToken, Role, Team, User, subtree
from domain.identity.ports import IdentityUnitOfWork

__all__ = [
    "BusinessUnit",
    "IdentityUnitOfWork",
    "Locale",
    "RefreshToken",
    "Role",
    "Team",
    "User",
    "services",
    "subtree",
]
