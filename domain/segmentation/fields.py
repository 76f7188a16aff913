"""The account fields a segment rule may use (a minimal catalogue until the shared account
filter catalogue lands; the names follow the account API's fields)."""

from __future__ import annotations

from domain.accounts import AccountClass, AccountStatus, AccountType
from domain.shared.filters import FieldCatalogue, FieldSpec, FieldType, Ref


def _values(enum: type[AccountClass] | type[AccountStatus] | type[AccountType]) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


SEGMENT_ACCOUNT_FIELDS = FieldCatalogue.of(
    "account",
    [
        FieldSpec("name", FieldType.TEXT),
        FieldSpec("business_id", FieldType.TEXT, nullable=True),
        FieldSpec("type", FieldType.ENUM, _values(AccountType)),
        FieldSpec("status", FieldType.ENUM, _values(AccountStatus)),
        FieldSpec("account_class", FieldType.ENUM, _values(AccountClass), nullable=True),
        FieldSpec("industry_code", FieldType.TEXT, nullable=True),
        FieldSpec("size_class", FieldType.NUMBER, nullable=True),
        FieldSpec("region", FieldType.TEXT, nullable=True),
        FieldSpec("municipality", FieldType.TEXT, nullable=True),
        FieldSpec("owner_id", FieldType.UUID, refers_to=Ref.USER),
        FieldSpec("account_manager_id", FieldType.UUID, nullable=True, refers_to=Ref.USER),
        FieldSpec("business_unit_id", FieldType.UUID, refers_to=Ref.BUSINESS_UNIT),
        FieldSpec("created_at", FieldType.DATETIME),
        FieldSpec("passive_since", FieldType.DATETIME, nullable=True),
        # Computed: the purchase volume of the last 12 months, in cents; the last order's date.
        FieldSpec("purchase_volume_cents", FieldType.NUMBER),
        FieldSpec("last_order_on", FieldType.DATE, nullable=True),
    ],
)
