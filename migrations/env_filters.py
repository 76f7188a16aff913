"""Which database objects Alembic compares with our metadata (autogenerate and drift test)."""

from __future__ import annotations


def ours(name: str | None, type_: str, parent_names: object) -> bool:
    """procrastinate's tables belong to procrastinate (migration 0003), and the trigram search
    indexes exist on PostgreSQL only (migration 0004): neither is in our metadata."""
    if type_ == "table" and (name or "").startswith("procrastinate_"):
        return False
    return not (type_ == "index" and (name or "").startswith("trgm_"))
