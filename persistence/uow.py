"""The SQL unit of work: one session, one transaction, every repository on it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.shared import IdFactory
from persistence.repositories.accounts import SqlAccounts, SqlContacts, SqlUserDirectory
from persistence.repositories.audit import SqlAuditLog
from persistence.repositories.identity import (
    SqlApiKeys,
    SqlBusinessUnits,
    SqlRefreshTokens,
    SqlRoles,
    SqlTeams,
    SqlUsers,
)


class SqlUnitOfWork:
    """Implements every context's UnitOfWork port. Use as `async with uow:`; leaving the
    block without `commit()` rolls back, so nothing is ever half-saved."""

    session: AsyncSession

    def __init__(self, sessions: async_sessionmaker[AsyncSession], ids: IdFactory) -> None:
        self._sessions = sessions
        self._ids = ids

    async def __aenter__(self) -> SqlUnitOfWork:
        self.session = self._sessions()
        s = self.session
        self.users = SqlUsers(s)
        self.business_units = SqlBusinessUnits(s)
        self.teams = SqlTeams(s)
        self.roles = SqlRoles(s)
        self.refresh_tokens = SqlRefreshTokens(s)
        self.api_keys = SqlApiKeys(s)
        self.accounts = SqlAccounts(s)
        self.contacts = SqlContacts(s)
        self.directory = SqlUserDirectory(s)
        self.audit = SqlAuditLog(s, self._ids)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
