"""Repositories of the leads process: leads, routing rules, SLA policies, web forms, the lead
settings, account-creation requests, and the directory of facts leads read elsewhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts import Address
from domain.leads import (
    ACCOUNT_CREATION_REQUEST,
    LEAD,
    LEAD_FORM,
    LEAD_SETTINGS,
    ROUTING_RULE,
    SLA_POLICY,
    AccountCreationRequest,
    CustomerType,
    FirstAction,
    Lead,
    LeadForm,
    LeadSettings,
    LeadSource,
    LeadStatus,
    Person,
    PlaceRef,
    Priority,
    ProductRef,
    RequestState,
    RoutingRule,
    SlaPolicy,
)
from domain.leads.forms import SETTINGS_ID
from domain.leads.ports import Kind, QueueRef
from domain.shared import Principal
from persistence.repositories.base import TableRecords, versioned_update
from persistence.scoping import readable
from persistence.tables.catalog import product_groups, products
from persistence.tables.identity import (
    business_units,
    roles,
    team_members,
    teams,
    user_roles,
    users,
)
from persistence.tables.leads import (
    account_creation_requests,
    lead_forms,
    lead_routing_rules,
    lead_settings,
    lead_sla_policies,
    leads,
)
from persistence.tables.marketing import campaigns
from persistence.tables.regions import municipalities, regions
from persistence.tables.service import queue_members, queues, service_requests

# ------------------------------------------------------------------ leads

LEAD_ENUMS: dict[str, Any] = {
    "status": LeadStatus,
    "source": LeadSource,
    "priority": Priority,
    "first_action_kind": FirstAction,
}


def lead_from_row(row: dict[str, Any]) -> Lead:
    row.pop("sort_company", None)
    for name, enum in LEAD_ENUMS.items():
        if row.get(name) is not None:
            row[name] = enum(row[name])
    return Lead(**row)


def lead_extra(lead: Lead) -> dict[str, Any]:
    return {
        "sort_company": lead.company_name.casefold(),
        "routing": dict(lead.routing) if lead.routing is not None else None,
    }


NotifiedKind = Literal["at_risk", "breach"]
_NOTIFIED = {"at_risk": leads.c.at_risk_notified_at, "breach": leads.c.breach_notified_at}


class SqlLeads(TableRecords[Lead]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, leads, LEAD, lead_from_row, lead_extra)

    async def add_many(self, batch: Iterable[Lead]) -> None:
        """Bulk insert for demo data and benchmarks."""
        rows = [self.row(lead) for lead in batch]
        if rows:
            await self.session.execute(sa.insert(leads), rows)

    async def sla_due(self, kind: NotifiedKind, now: datetime, limit: int) -> list[Lead]:
        c = leads.c
        moment = c.sla_at_risk_at if kind == "at_risk" else c.sla_due_at
        conditions = [c.status == LeadStatus.OPEN.value, moment <= now, _NOTIFIED[kind].is_(None)]
        if kind == "at_risk":
            conditions.append(c.sla_due_at > now)  # past due: the breach notice says it all
        rows = await self.session.execute(
            sa.select(leads).where(*conditions).order_by(moment, c.id).limit(limit)
        )
        return [lead_from_row(dict(r)) for r in rows.mappings()]

    async def mark_notified(self, lead_id: UUID, kind: NotifiedKind, at: datetime) -> bool:
        column = _NOTIFIED[kind]
        result = await self.session.execute(
            sa.update(leads)
            .where(leads.c.id == lead_id, column.is_(None))
            .values({column.name: at})
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ routing rules

_ID_SETS = ("region_ids", "product_ids", "product_group_ids", "business_unit_ids")


def rule_from_row(row: dict[str, Any]) -> RoutingRule:
    row.pop("last_assigned_user_id", None)
    for name in _ID_SETS:
        row[name] = frozenset(UUID(v) for v in row[name] or ())
    row["sources"] = frozenset(LeadSource(v) for v in row["sources"] or ())
    return RoutingRule(**row)


def rule_extra(rule: RoutingRule) -> dict[str, Any]:
    values: dict[str, Any] = {name: sorted(map(str, getattr(rule, name))) for name in _ID_SETS}
    values["sources"] = sorted(s.value for s in rule.sources)
    return values


# A constant key for PostgreSQL's transaction-level advisory lock on round-robin turns.
TURN_LOCK = 7_305_202_609


class SqlRoutingRules(TableRecords[RoutingRule]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, lead_routing_rules, ROUTING_RULE, rule_from_row, rule_extra)

    async def all(self) -> list[RoutingRule]:
        rows = await self.session.execute(
            sa.select(lead_routing_rules).order_by(
                lead_routing_rules.c.position, lead_routing_rules.c.id
            )
        )
        return [rule_from_row(dict(r)) for r in rows.mappings()]

    async def locked_turn(self, rule_id: UUID) -> UUID | None:
        """PostgreSQL locks the rule's row until commit; SQLite takes its one write lock with
        a no-op write first (so two routings cannot read the same turn)."""
        c = lead_routing_rules.c
        turn = sa.select(c.last_assigned_user_id).where(c.id == rule_id)
        if self.session.get_bind().dialect.name == "postgresql":
            return await self.session.scalar(turn.with_for_update())
        await self.session.execute(
            sa.update(lead_routing_rules)
            .where(c.id == rule_id)
            .values(last_assigned_user_id=c.last_assigned_user_id)
        )
        return await self.session.scalar(turn)

    async def turns(self, rule_ids: Iterable[UUID]) -> dict[UUID, UUID | None]:
        wanted = sorted(set(rule_ids))
        if not wanted:
            return {}
        c = lead_routing_rules.c
        rows = await self.session.execute(
            sa.select(c.id, c.last_assigned_user_id).where(c.id.in_(wanted))
        )
        return {rule_id: turn for rule_id, turn in rows}

    async def set_turn(self, rule_id: UUID, user_id: UUID) -> None:
        await self.session.execute(
            sa.update(lead_routing_rules)
            .where(lead_routing_rules.c.id == rule_id)
            .values(last_assigned_user_id=user_id)
        )


# ------------------------------------------------------------------ policies, forms, settings


class SqlSlaPolicies(TableRecords[SlaPolicy]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, lead_sla_policies, SLA_POLICY, lambda row: SlaPolicy(**row))

    async def all(self) -> list[SlaPolicy]:
        rows = await self.session.execute(sa.select(lead_sla_policies))
        return [SlaPolicy(**r) for r in rows.mappings()]


def form_from_row(row: dict[str, Any]) -> LeadForm:
    row["source"] = LeadSource(row["source"])
    row["allowed_origins"] = tuple(row["allowed_origins"] or ())
    return LeadForm(**row)


class SqlLeadForms(TableRecords[LeadForm]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(
            session,
            lead_forms,
            LEAD_FORM,
            form_from_row,
            lambda form: {"allowed_origins": list(form.allowed_origins)},
        )

    async def by_token(self, token: str) -> LeadForm | None:
        return await self.one(lead_forms.c.token == token)


class SqlLeadSettings:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self) -> LeadSettings:
        row = (await self.session.execute(sa.select(lead_settings).limit(1))).mappings().first()
        if row is None:  # the migration seeds the row; a wiped database gets it back here
            return LeadSettings(SETTINGS_ID, datetime(2000, 1, 1, tzinfo=UTC), version=0)
        return LeadSettings(**row)

    async def save(self, settings: LeadSettings, expected_version: int) -> None:
        values = {c.name: getattr(settings, c.name) for c in lead_settings.columns}
        if expected_version == 0:
            await self.session.execute(sa.insert(lead_settings).values(**values))
            return
        await versioned_update(
            self.session, lead_settings, LEAD_SETTINGS, settings.id, expected_version, values
        )


# ------------------------------------------------------------------ account-creation requests


def request_from_row(row: dict[str, Any]) -> AccountCreationRequest:
    row.pop("sort_name", None)
    row["state"] = RequestState(row["state"])
    row["customer_type"] = CustomerType(row["customer_type"])
    row["billing_address"] = Address(**row["billing_address"]) if row["billing_address"] else None
    return AccountCreationRequest(**row)


def request_extra(request: AccountCreationRequest) -> dict[str, Any]:
    address = request.billing_address
    return {
        "sort_name": request.name.casefold(),
        "billing_address": asdict(address) if address is not None else None,
    }


class SqlAccountRequests(TableRecords[AccountCreationRequest]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(
            session,
            account_creation_requests,
            ACCOUNT_CREATION_REQUEST,
            request_from_row,
            request_extra,
        )

    async def awaiting(self, customer_number: str) -> list[AccountCreationRequest]:
        c = account_creation_requests.c
        rows = await self.session.execute(
            sa.select(account_creation_requests)
            .where(
                c.customer_number == customer_number,
                c.state == RequestState.IN_PROGRESS.value,
            )
            .order_by(c.id)
        )
        return [request_from_row(dict(r)) for r in rows.mappings()]


# ------------------------------------------------------------------ the directory


async def group_ancestry(session: AsyncSession, group_id: UUID | None) -> frozenset[UUID]:
    """A product group and every group above it."""
    found: set[UUID] = set()
    current = group_id
    while current is not None and current not in found:
        found.add(current)
        current = await session.scalar(
            sa.select(product_groups.c.parent_id).where(product_groups.c.id == current)
        )
    return frozenset(found)


_KIND_TABLES: dict[str, sa.Table] = {
    "region": regions,
    "product": products,
    "product_group": product_groups,
    "business_unit": business_units,
    "team": teams,
    "campaign": campaigns,
}


class SqlLeadDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _product(self, condition: sa.ColumnElement[bool]) -> ProductRef | None:
        row = (
            await self.session.execute(
                sa.select(
                    products.c.id,
                    products.c.name,
                    products.c.is_active,
                    products.c.business_unit_id,
                    products.c.product_group_id,
                ).where(condition)
            )
        ).first()
        if row is None:
            return None
        groups = await group_ancestry(self.session, row.product_group_id)
        return ProductRef(row.id, row.name, row.is_active, row.business_unit_id, groups)

    async def product(self, product_id: UUID) -> ProductRef | None:
        return await self._product(products.c.id == product_id)

    async def product_by_code(self, code: str) -> ProductRef | None:
        return await self._product(products.c.code == code)

    async def _municipality(self, condition: sa.ColumnElement[bool]) -> PlaceRef | None:
        row = (
            await self.session.execute(
                sa.select(
                    municipalities.c.id,
                    municipalities.c.name,
                    regions.c.id.label("region_id"),
                    regions.c.name.label("region_name"),
                )
                .join(regions, regions.c.id == municipalities.c.region_id)
                .where(condition)
                .limit(1)
            )
        ).first()
        return PlaceRef(row.region_id, row.region_name, row.id, row.name) if row else None

    async def municipality(self, municipality_id: UUID) -> PlaceRef | None:
        return await self._municipality(municipalities.c.id == municipality_id)

    async def municipality_named(self, text: str) -> PlaceRef | None:
        key = " ".join(text.split()).casefold()
        return await self._municipality(
            sa.or_(
                municipalities.c.code == text.strip(),
                municipalities.c.search_name == key,
                municipalities.c.search_name_sv == key,
            )
        )

    async def region(self, region_id: UUID) -> PlaceRef | None:
        row = (
            await self.session.execute(
                sa.select(regions.c.id, regions.c.name).where(regions.c.id == region_id)
            )
        ).first()
        return PlaceRef(row.id, row.name) if row else None

    async def person(self, user_id: UUID) -> Person | None:
        row = (
            await self.session.execute(
                sa.select(
                    users.c.id,
                    users.c.name,
                    users.c.business_unit_id,
                    users.c.is_active,
                    users.c.manager_id,
                ).where(users.c.id == user_id)
            )
        ).first()
        return Person(*row) if row else None

    async def active_users(self, user_ids: Iterable[UUID]) -> frozenset[UUID]:
        wanted = sorted(set(user_ids))
        if not wanted:
            return frozenset()
        found = await self.session.scalars(
            sa.select(users.c.id).where(users.c.id.in_(wanted), users.c.is_active)
        )
        return frozenset(found)

    async def team_members(self, team_ids: Iterable[UUID]) -> dict[UUID, frozenset[UUID]]:
        wanted = sorted(set(team_ids))
        members: dict[UUID, set[UUID]] = {t: set() for t in wanted}
        if wanted:
            rows = await self.session.execute(
                sa.select(team_members.c.team_id, team_members.c.user_id).where(
                    team_members.c.team_id.in_(wanted)
                )
            )
            for team_id, user_id in rows:
                members[team_id].add(user_id)
        return {t: frozenset(m) for t, m in members.items()}

    async def queue(self, queue_id: UUID) -> QueueRef | None:
        row = (
            await self.session.execute(
                sa.select(
                    queues.c.id, queues.c.name, queues.c.business_unit_id, queues.c.is_active
                ).where(queues.c.id == queue_id)
            )
        ).first()
        if row is None:
            return None
        members = await self.session.scalars(
            sa.select(queue_members.c.user_id).where(queue_members.c.queue_id == queue_id)
        )
        return QueueRef(row.id, row.name, row.business_unit_id, row.is_active, frozenset(members))

    async def active_queues(self, queue_ids: Iterable[UUID]) -> frozenset[UUID]:
        wanted = sorted(set(queue_ids))
        if not wanted:
            return frozenset()
        found = await self.session.scalars(
            sa.select(queues.c.id).where(queues.c.id.in_(wanted), queues.c.is_active)
        )
        return frozenset(found)

    async def unit_managers(self, unit_id: UUID) -> frozenset[UUID]:
        found = await self.session.scalars(
            sa.select(users.c.id)
            .join(user_roles, user_roles.c.user_id == users.c.id)
            .join(roles, roles.c.id == user_roles.c.role_id)
            .where(
                users.c.business_unit_id == unit_id, users.c.is_active, roles.c.name == "manager"
            )
        )
        return frozenset(found)

    async def unknown(self, kind: Kind, ids: Iterable[UUID]) -> frozenset[UUID]:
        wanted = set(ids)
        if not wanted:
            return frozenset()
        table = _KIND_TABLES[kind]
        found = await self.session.scalars(
            sa.select(table.c.id).where(table.c.id.in_(sorted(wanted)))
        )
        return frozenset(wanted - set(found))

    async def service_request_readable(self, principal: Principal, request_id: UUID) -> bool:
        found = await self.session.scalar(
            sa.select(service_requests.c.id).where(
                service_requests.c.id == request_id,
                readable(principal, "service_request", service_requests, queue_col="queue_id"),
            )
        )
        return found is not None
