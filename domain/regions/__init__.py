"""Regions (maakunnat) and municipalities (kunnat)."""

from domain.regions import services
from domain.regions.model import MUNICIPALITY, REGION, Municipality, Region, name_key
from domain.regions.ports import RegionsUnitOfWork
from domain.regions.services import MunicipalityInput, RegionInput

__all__ = [
    "MUNICIPALITY",
    "REGION",
    "Municipality",
    "MunicipalityInput",
    "Region",
    "RegionInput",
    "RegionsUnitOfWork",
    "name_key",
    "services",
]
