"""The product and service catalogue: product groups (a tree) and products."""

from domain.catalog import services
from domain.catalog.model import PRODUCT, Product, ProductGroup, ProductKind
from domain.catalog.ports import CatalogUnitOfWork
from domain.catalog.services import PRODUCT_GROUP, ProductGroupInput, ProductInput

__all__ = [
    "PRODUCT",
    "PRODUCT_GROUP",
    "CatalogUnitOfWork",
    "Product",
    "ProductGroup",
    "ProductGroupInput",
    "ProductInput",
    "ProductKind",
    "services",
]
