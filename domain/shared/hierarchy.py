"""Trees of records (business units, account hierarchies): no record may be its own ancestor."""

from __future__ import annotations

from uuid import UUID

from domain.shared.errors import ValidationFailed


def check_no_cycle(
    record_id: UUID, new_parent: UUID | None, parents: dict[UUID, UUID | None], field_name: str
) -> None:
    """Refuse a parent that is the record itself or one of its descendants."""
    seen: set[UUID] = set()
    current = new_parent
    while current is not None:
        if current == record_id:
            raise ValidationFailed.field(
                field_name, "The parent cannot be the record itself or one below it."
            )
        if current in seen:  # an existing cycle: stop rather than loop forever
            break
        seen.add(current)
        current = parents.get(current)
