"""The changes feed never skips a change that commits after a later-numbered one."""

from __future__ import annotations

import pytest

from domain.identity import services as identity
from domain.shared import Change, Operation
from domain.shared.audit import AuditEntry
from persistence.queries.platform import changes_since

pytestmark = pytest.mark.integration


async def _feed(container, principal, cursor):
    async with container.sessions() as session:
        return await changes_since(session, principal, cursor, 100)


async def test_a_slow_transaction_is_delivered_even_after_a_faster_one_committed(
    container, admin, client, admin_headers, make_account
) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers, so sequence order is commit order there")
    async with container.uow() as uow:
        principal = await identity.principal_for(uow, admin.id)
    _, cursor = await _feed(container, principal, None)

    async with container.uow() as slow:
        # The slow writer takes its sequence number first but commits last.
        now = container.clock.now()
        record_id = container.ids.new_id()
        await slow.audit.record(
            AuditEntry("account", record_id, Operation.CREATE, admin.id, now, ()),
            Change(
                "account",
                record_id,
                Operation.CREATE,
                1,
                now,
                admin.id,
                principal.business_unit_id,
                {"name": "Hidas Oy"},
            ),
        )
        fast = await make_account(admin_headers, name="Nopea Oy")

        lines, cursor_while_open = await _feed(container, principal, cursor)
        assert lines == [], "nothing may be handed out past a transaction still running"
        assert cursor_while_open == cursor
        await slow.commit()

    lines, _ = await _feed(container, principal, cursor_while_open)
    assert [str(line.record_id) for line in lines] == [str(record_id), fast["id"]]
