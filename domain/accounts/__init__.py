"""Accounts and contacts: the organisations and persons everything else is about."""

from domain.accounts import services
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
    "normalise_business_id",
    "normalise_name",
    "normalise_phone",
    "services",
    "sort_name",
]
