"""The one refusal every context gives for new work on a passive account (one that ceased
trading): projects, service requests, activities, offers. Each context learns the fact
through its own customer port; the wording is shared so that users read the same reason."""

from __future__ import annotations

from datetime import datetime

from domain.shared.errors import ValidationFailed
from domain.shared.filters import HELSINKI


def refuse_if_passive(
    name: str,
    passive_since: datetime | None,
    passive_reason: str | None,
    what: str,
    field: str = "account_id",
) -> None:
    """422 on `field` when the account is passive, naming since when and why."""
    if passive_since is None:
        return
    since = passive_since.astimezone(HELSINKI).date().isoformat()
    why = f" ({passive_reason})" if passive_reason else ""
    raise ValidationFailed.field(
        field,
        f"{name} has been passive since {since}{why} and takes no new {what}; "
        "reactivate the account first.",
        "account_passive",
    )
