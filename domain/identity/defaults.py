"""The roles every new installation starts with (admins can change them or add more).

Existing installations get the same grants from the migrations that introduced each entity
(0007 sales projects, 0008 the leads and account-management entities)."""

from __future__ import annotations

from domain.shared import Action, Depth, Privilege

CRM_ENTITIES = ("account", "contact", "service_request", "activity")
# Records salespeople work like sales projects: read in their unit, write their own.
SALES_RECORDS = (
    "sales_project",
    "lead",
    "offer",
    "order",
    "segment",
    "marketing_list",
    "campaign",
)
# Configuration every user reads and administrators maintain.
SERVICE_SETUP = ("subject", "queue")
SETUP = (
    "product",
    "region",
    "activity_type",
    "offer_type",
    "classification",
    "account_team_role",
    "lead_setup",
    "care_plan",
)
ALL_ACTIONS = tuple(Action)


def _grant(entities: tuple[str, ...], actions: tuple[Action, ...], depth: Depth) -> list[Privilege]:
    return [Privilege(e, a, depth) for e in entities for a in actions]


R = Action.READ
C = Action.CREATE
U = Action.UPDATE
A = Action.ASSIGN
X = Action.EXPORT

# Everyone may look up colleagues, units and roles (to pick owners and account managers) and
# read the configuration the CRM runs on (catalogue, regions, types, care plans…).
_DIRECTORY = [
    Privilege("user", R, Depth.ORGANISATION),
    Privilege("business_unit", R, Depth.ORGANISATION),
    Privilege("role", R, Depth.ORGANISATION),
    Privilege("team", R, Depth.BUSINESS_UNIT),
    Privilege("subject", R, Depth.ORGANISATION),
    Privilege("queue", R, Depth.ORGANISATION),
    Privilege("project_type", R, Depth.ORGANISATION),
    *_grant(SETUP, (R,), Depth.ORGANISATION),
]
# Service staff hand requests and tasks to colleagues in their unit (delegation assigns).
_SERVICE_WORK = ("service_request", "activity")

DEFAULT_ROLES: dict[str, tuple[Privilege, ...]] = {
    "admin": tuple(
        _grant(
            (
                *CRM_ENTITIES,
                *SERVICE_SETUP,
                *SALES_RECORDS,
                *SETUP,
                "saved_view",
                "project_type",
                "account_creation_request",
                "account_class_change",
                "sales_target",
                "user",
                "business_unit",
                "team",
                "role",
                "api_key",
            ),
            ALL_ACTIONS,
            Depth.ORGANISATION,
        )
    ),
    "manager": tuple(
        _grant(
            (
                *CRM_ENTITIES,
                *SALES_RECORDS,
                "account_creation_request",
                "account_class_change",
                "sales_target",
            ),
            ALL_ACTIONS,
            Depth.UNIT_AND_CHILDREN,
        )
        # Managers write and approve the care plans of the organisation.
        + _grant(("care_plan",), (C, U, Action.APPROVE), Depth.ORGANISATION)
        + _DIRECTORY
    ),
    "sales": tuple(
        _grant((*CRM_ENTITIES, *SALES_RECORDS), (R,), Depth.BUSINESS_UNIT)
        + _grant((*CRM_ENTITIES, *SALES_RECORDS), (C, U, A), Depth.OWN)
        # A salesperson fills account-creation requests and proposes account classes.
        + _grant(("account_creation_request", "account_class_change"), (R, C, U), Depth.OWN)
        + _grant(("sales_target",), (R,), Depth.OWN)
        + _DIRECTORY
    ),
    "service": tuple(
        _grant(CRM_ENTITIES, (R,), Depth.ORGANISATION)
        + _grant(("account", "contact"), (C, U), Depth.BUSINESS_UNIT)
        + _grant(_SERVICE_WORK, (C, U, A), Depth.BUSINESS_UNIT)
        # Customer service works the customer-service stages of every unit's projects.
        + _grant(("sales_project",), (R,), Depth.ORGANISATION)
        + _grant(("sales_project",), (U,), Depth.BUSINESS_UNIT)
        # Customer service enters leads from calls, routes them to any unit's salespeople and
        # watches that they are acknowledged; it creates the customers sales asked for.
        + _grant(("lead",), (R, C, A), Depth.ORGANISATION)
        + _grant(("lead",), (U,), Depth.BUSINESS_UNIT)
        + _grant(("account_creation_request",), (R, U, A), Depth.ORGANISATION)
        + _DIRECTORY
    ),
    "read-only": tuple(
        _grant((*CRM_ENTITIES, *SALES_RECORDS), (R,), Depth.BUSINESS_UNIT) + _DIRECTORY
    ),
    "integration": tuple(
        _grant(
            (*CRM_ENTITIES, *SALES_RECORDS, "account_creation_request"),
            (R, C, U, X),
            Depth.ORGANISATION,
        )
        + _DIRECTORY
    ),
}
