"""The filter catalogues of accounts and contacts and of the records related to them.

These are the fields and relations `POST /accounts/search`, `POST /contacts/search`, dynamic
segments and dynamic marketing lists filter on (the language: `domain.shared.filters`).

    {"all": [
        {"field": "size_class", "op": "between", "value": [3, 9]},
        {"field": "classifications", "op": "in", "value": ["<partner school id>"]},
        {"has": "orders", "where": {"all": [
            {"field": "total", "op": "gt", "value": 20000},
            {"field": "ordered_at", "op": "within_last", "value": {"days": 365}}]}},
        {"has": "contacts", "where": {"field": "buying_role", "op": "eq",
                                      "value": "decision_maker"}}]}

`classifications` is many-valued and hierarchical: an account holds every classification
assigned to it and all their ancestors, so asking for a parent finds the accounts tagged
with any of its children.

Another context adds a relation in two steps, at import time of its own module:

    CONTACT_FILTERS.add_relation("invitations", INVITATION_FILTERS)        # domain side
    filter_search.register_relation("contact", "invitations", Link(...))    # SQL side

(see docs/filters.md).
"""

from __future__ import annotations

from domain.shared.filters import FieldCatalogue, FieldSpec, FieldType, Ref

ACCOUNT_TYPES = ("company", "public_body", "association", "other")
ACCOUNT_STATUSES = ("prospect", "customer", "former_customer", "partner")
ACCOUNT_CLASSES = ("A", "B", "C", "potential")
LANGUAGES = ("fi", "sv", "en")
OFFER_STATUSES = ("open", "won", "lost", "cancelled")
ORDER_STATUSES = ("ordered", "in_delivery", "invoiced", "cancelled")
# The buying centre (ostokeskus): a contact's role in an account's buying decisions.
BUYING_ROLES = ("decision_maker", "influencer", "expert", "user")
SIZE_CLASSES = tuple(range(10))  # headcount classes 1–9; 0 = unknown

T, E, U, D, DT, N, B = (
    FieldType.TEXT,
    FieldType.ENUM,
    FieldType.UUID,
    FieldType.DATE,
    FieldType.DATETIME,
    FieldType.NUMBER,
    FieldType.BOOLEAN,
)

ORDER_FILTERS = FieldCatalogue.of(
    "order",
    [
        FieldSpec("total", N),
        FieldSpec("ordered_at", D),
        FieldSpec("status", E, ORDER_STATUSES),
        FieldSpec("title", T),
        FieldSpec("owner_id", U, refers_to=Ref.USER),
        FieldSpec("business_unit_id", U, refers_to=Ref.BUSINESS_UNIT),
    ],
)

OFFER_FILTERS = FieldCatalogue.of(
    "offer",
    [
        FieldSpec("total", N),
        FieldSpec("offered_at", D),
        FieldSpec("valid_until", D),
        FieldSpec("status", E, OFFER_STATUSES),
        FieldSpec("title", T),
        FieldSpec("owner_id", U, refers_to=Ref.USER),
        FieldSpec("business_unit_id", U, refers_to=Ref.BUSINESS_UNIT),
    ],
)

ACCOUNT_FILTERS = FieldCatalogue.of(
    "account",
    [
        FieldSpec("name", T),
        FieldSpec("business_id", T, nullable=True),
        FieldSpec("type", E, ACCOUNT_TYPES),
        FieldSpec("status", E, ACCOUNT_STATUSES),
        FieldSpec("region", T, nullable=True),
        FieldSpec("municipality", T, nullable=True),
        # 0 = unknown; an account without a size class counts as 0 too.
        FieldSpec("size_class", N),
        FieldSpec("account_class", E, ACCOUNT_CLASSES, nullable=True),
        FieldSpec("industry_code", T, nullable=True),
        FieldSpec("owner_id", U, refers_to=Ref.USER),
        FieldSpec("account_manager_id", U, nullable=True, refers_to=Ref.USER),
        FieldSpec("business_unit_id", U, refers_to=Ref.BUSINESS_UNIT),
        FieldSpec("parent_id", U, nullable=True),
        FieldSpec("passive", B),
        FieldSpec("created_at", DT),
        FieldSpec("updated_at", DT),
        FieldSpec("classifications", U, many=True),
    ],
)

# An account's contacts, each with its role in the account's buying centre.
ACCOUNT_CONTACT_FILTERS = FieldCatalogue.of(
    "account_contact",
    [
        FieldSpec("buying_role", E, BUYING_ROLES, nullable=True),
        FieldSpec("role", T, nullable=True),
        FieldSpec("first_name", T),
        FieldSpec("last_name", T),
        FieldSpec("email", T, nullable=True),
        FieldSpec("marketing_consent", B),
        FieldSpec("classifications", U, many=True),
    ],
)

CONTACT_FILTERS = FieldCatalogue.of(
    "contact",
    [
        FieldSpec("first_name", T),
        FieldSpec("last_name", T),
        FieldSpec("title", T, nullable=True),
        FieldSpec("email", T, nullable=True),
        FieldSpec("phone", T, nullable=True),
        FieldSpec("preferred_language", E, LANGUAGES),
        FieldSpec("marketing_consent", B),
        FieldSpec("owner_id", U, refers_to=Ref.USER),
        FieldSpec("business_unit_id", U, refers_to=Ref.BUSINESS_UNIT),
        FieldSpec("created_at", DT),
        FieldSpec("updated_at", DT),
        FieldSpec("account_ids", U, many=True),
        FieldSpec("classifications", U, many=True),
    ],
)

# A contact's links to accounts: the role there, and the account itself.
CONTACT_ACCOUNT_FILTERS = FieldCatalogue.of(
    "contact_account",
    [
        FieldSpec("account_id", U),
        FieldSpec("buying_role", E, BUYING_ROLES, nullable=True),
        FieldSpec("role", T, nullable=True),
    ],
)

ACCOUNT_FILTERS.add_relation("orders", ORDER_FILTERS)
ACCOUNT_FILTERS.add_relation("offers", OFFER_FILTERS)
ACCOUNT_FILTERS.add_relation("contacts", ACCOUNT_CONTACT_FILTERS)
CONTACT_ACCOUNT_FILTERS.add_relation("account", ACCOUNT_FILTERS)
CONTACT_FILTERS.add_relation("accounts", CONTACT_ACCOUNT_FILTERS)
CONTACT_FILTERS.add_relation("orders", ORDER_FILTERS)

FILTER_CATALOGUES: dict[str, FieldCatalogue] = {
    "account": ACCOUNT_FILTERS,
    "contact": CONTACT_FILTERS,
}

__all__ = [
    "ACCOUNT_CLASSES",
    "ACCOUNT_CONTACT_FILTERS",
    "ACCOUNT_FILTERS",
    "BUYING_ROLES",
    "CONTACT_ACCOUNT_FILTERS",
    "CONTACT_FILTERS",
    "FILTER_CATALOGUES",
    "OFFER_FILTERS",
    "ORDER_FILTERS",
    "SIZE_CLASSES",
]
