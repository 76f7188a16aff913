"""The roles every new installation starts with (admins can change them or add more)."""

from __future__ import annotations

from domain.shared import Action, Depth, Privilege

CRM_ENTITIES = ("account", "contact", "service_request", "activity")
# Configuration every user reads and administrators maintain.
SERVICE_SETUP = ("subject", "queue")
ALL_ACTIONS = tuple(Action)


def _grant(entities: tuple[str, ...], actions: tuple[Action, ...], depth: Depth) -> list[Privilege]:
    return [Privilege(e, a, depth) for e in entities for a in actions]


# Everyone may look up colleagues, units and roles (to pick owners and account managers).
_DIRECTORY = [
    Privilege("user", Action.READ, Depth.ORGANISATION),
    Privilege("business_unit", Action.READ, Depth.ORGANISATION),
    Privilege("role", Action.READ, Depth.ORGANISATION),
    Privilege("team", Action.READ, Depth.BUSINESS_UNIT),
    Privilege("subject", Action.READ, Depth.ORGANISATION),
    Privilege("queue", Action.READ, Depth.ORGANISATION),
    Privilege("project_type", Action.READ, Depth.ORGANISATION),
]
# Service staff hand requests and tasks to colleagues in their unit (delegation assigns).
_SERVICE_WORK = ("service_request", "activity")

R = Action.READ
C = Action.CREATE
U = Action.UPDATE

DEFAULT_ROLES: dict[str, tuple[Privilege, ...]] = {
    "admin": tuple(
        _grant(
            (
                *CRM_ENTITIES,
                *SERVICE_SETUP,
                "saved_view",
                "sales_project",
                "project_type",
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
        _grant((*CRM_ENTITIES, "sales_project"), ALL_ACTIONS, Depth.UNIT_AND_CHILDREN) + _DIRECTORY
    ),
    "sales": tuple(
        _grant((*CRM_ENTITIES, "sales_project"), (R,), Depth.BUSINESS_UNIT)
        + _grant((*CRM_ENTITIES, "sales_project"), (C, U, Action.ASSIGN), Depth.OWN)
        + _DIRECTORY
    ),
    "service": tuple(
        _grant(CRM_ENTITIES, (R,), Depth.ORGANISATION)
        + _grant(("account", "contact"), (C, U), Depth.BUSINESS_UNIT)
        + _grant(_SERVICE_WORK, (C, U, Action.ASSIGN), Depth.BUSINESS_UNIT)
        # Customer service works the customer-service stages of every unit's projects.
        + _grant(("sales_project",), (R,), Depth.ORGANISATION)
        + _grant(("sales_project",), (U,), Depth.BUSINESS_UNIT)
        + _DIRECTORY
    ),
    "read-only": tuple(
        _grant((*CRM_ENTITIES, "sales_project"), (R,), Depth.BUSINESS_UNIT) + _DIRECTORY
    ),
    "integration": tuple(
        _grant((*CRM_ENTITIES, "sales_project"), (R, C, U, Action.EXPORT), Depth.ORGANISATION)
        + _DIRECTORY
    ),
}
