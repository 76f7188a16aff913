"""Saved views: named filters over an entity, personal, shared with a team, or system-wide."""

from domain.views.catalogue import CATALOGUES, SERVICE_REQUEST, SERVICE_REQUESTS, ViewCatalogue
from domain.views.model import SavedView, Visibility
from domain.views.services import ViewInput
from domain.views.system import SYSTEM_KEYS, SYSTEM_VIEWS, install_system_views

__all__ = [
    "CATALOGUES",
    "SERVICE_REQUEST",
    "SERVICE_REQUESTS",
    "SYSTEM_KEYS",
    "SYSTEM_VIEWS",
    "SavedView",
    "ViewCatalogue",
    "ViewInput",
    "Visibility",
    "install_system_views",
]
