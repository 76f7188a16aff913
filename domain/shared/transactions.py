"""Running several use cases in one transaction.

Every use case commits its own unit of work once, at its end. A process that strings use
cases of several contexts together (a lead's conversion creates an account, a contact and a
sales project) must commit once, after the last step: it hands each step `deferred_commit(uow)`,
whose `commit()` does nothing, and commits the real unit of work itself. An error in any step
leaves the unit of work without a commit, so everything rolls back together.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

U = TypeVar("U")


class _DeferredCommit:
    """The wrapped unit of work in every respect but `commit()`."""

    def __init__(self, uow: object) -> None:
        self._uow = uow

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)

    async def commit(self) -> None:
        """Left to the process that owns the transaction."""


def deferred_commit(uow: U) -> U:
    """`uow` for a step of a larger transaction: its commit is left to the caller."""
    if isinstance(uow, _DeferredCommit):
        return uow
    return cast(U, _DeferredCommit(uow))
