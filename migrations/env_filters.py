"""Which database objects Alembic compares with our metadata (autogenerate and drift test)."""

from __future__ import annotations


def ours(name: str | None, type_: str, parent_names: object) -> bool:
    """procrastinate's tables belong to procrastinate (migration 0003), not to our metadata."""
    return not (type_ == "table" and (name or "").startswith("procrastinate_"))
