"""The merge finds the columns that refer to accounts in the schema. Foreign keys are found
by themselves; a reference without one must be declared, or the merge would leave it
pointing at a deleted account. These checks read the table metadata only."""

from __future__ import annotations

import pytest

from persistence.repositories.account_merge import POLYMORPHIC_REFERENCES, account_references
from persistence.tables import metadata

pytestmark = pytest.mark.unit

# `<x>_type` / `<x>_id` pairs that never hold accounts, and id columns that name an account
# but must not move (the merge log keeps the deleted duplicate's id).
NOT_ACCOUNT_REFERENCES: set[tuple[str, str]] = {("account_merges", "duplicate_id")}


def _foreign_keys_to_accounts() -> set[tuple[str, str]]:
    return {
        (table.name, fk.parent.name)
        for table in metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.target_fullname == "accounts.id"
    }


def test_every_foreign_key_to_accounts_is_moved_by_a_merge() -> None:
    moved = {(r.table.name, r.column.name) for r in account_references()}
    assert _foreign_keys_to_accounts() <= moved
    assert ("contact_accounts", "account_id") in moved  # the schema was really read


def test_every_polymorphic_pair_is_declared_for_the_merge() -> None:
    declared = {(t, c) for t, _, c in POLYMORPHIC_REFERENCES} | NOT_ACCOUNT_REFERENCES
    pairs = {
        (table.name, column.name)
        for table in metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("_id")
        and f"{column.name.removesuffix('_id')}_type" in table.c
        and not column.foreign_keys
    }
    assert pairs, "the activities' regarding_type/regarding_id pair should be found"
    missing = pairs - declared
    assert not missing, (
        f"{sorted(missing)} may refer to accounts without a foreign key: add them to "
        "POLYMORPHIC_REFERENCES (persistence/repositories/account_merge.py) or, if they never "
        "hold an account, to NOT_ACCOUNT_REFERENCES here"
    )


def test_every_column_named_after_accounts_has_a_foreign_key_or_is_declared() -> None:
    named = {
        (table.name, column.name)
        for table in metadata.sorted_tables
        for column in table.columns
        if (column.name == "account_id" or column.name.endswith("_account_id"))
    }
    unreferenced = named - _foreign_keys_to_accounts() - NOT_ACCOUNT_REFERENCES
    assert not unreferenced, (
        f"{sorted(unreferenced)} hold account ids without a foreign key to accounts.id, so a "
        "merge would not move them: add the foreign key"
    )
