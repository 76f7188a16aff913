"""Accounts and contacts: the organisations and persons everything else is about."""

from domain.accounts import merge, passivation, services, team, team_roles
from domain.accounts.model import (
    Account,
    AccountClass,
    AccountLink,
    AccountStatus,
    AccountType,
    Address,
    Contact,
    ExternalId,
    Language,
    TeamAccess,
    TeamMember,
    TeamRole,
    normalise_name,
    sort_name,
)
from domain.accounts.ports import AccountsUnitOfWork
from domain.accounts.services import AccountInput, ContactInput
from domain.shared.identifiers import normalise_business_id, normalise_phone

__all__ = [
    "Account",
    "AccountClass",
    "AccountInput",
    "AccountLink",
    "AccountStatus",
    "AccountType",
    "AccountsUnitOfWork",
    "Address",
    "Contact",
    "ContactInput",
    "ExternalId",
    "Language",
    "TeamAccess",
    "TeamMember",
    "TeamRole",
    "merge",
    "normalise_business_id",
    "normalise_name",
    "normalise_phone",
    "passivation",
    "services",
    "sort_name",
    "team",
    "team_roles",
]
