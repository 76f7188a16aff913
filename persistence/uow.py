"""The SQL unit of work: one session, one transaction, every repository on it."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.shared import IdFactory
from persistence.repositories.account_merge import SqlAccountMerger
from persistence.repositories.account_team import SqlAccountTeam, SqlTeamRoles
from persistence.repositories.accounts import SqlAccounts, SqlContacts, SqlUserDirectory
from persistence.repositories.activities import (
    SqlActivities,
    SqlActivityTypes,
    SqlRegardingLookup,
)
from persistence.repositories.audit import SqlAuditLog
from persistence.repositories.careplans import (
    SqlCarePlans,
    SqlCarePlanTargets,
    SqlGeneratedTouches,
)
from persistence.repositories.catalog import SqlCatalogDirectory, SqlProductGroups, SqlProducts
from persistence.repositories.classifications import SqlClassifications
from persistence.repositories.identity import (
    SqlApiKeys,
    SqlBusinessUnits,
    SqlRefreshTokens,
    SqlRoles,
    SqlTeams,
    SqlUsers,
)
from persistence.repositories.leads import (
    SqlAccountRequests,
    SqlLeadDirectory,
    SqlLeadForms,
    SqlLeads,
    SqlLeadSettings,
    SqlRoutingRules,
    SqlSlaPolicies,
)
from persistence.repositories.marketing import (
    SqlCampaigns,
    SqlInvitations,
    SqlListExports,
    SqlMarketingContacts,
    SqlMarketingLists,
)
from persistence.repositories.notifications import (
    SqlNotificationPreferences,
    SqlNotifications,
    SqlOutbox,
    SqlRecipients,
)
from persistence.repositories.offers import (
    SqlOfferDirectory,
    SqlOffers,
    SqlOfferTypes,
    SqlOrders,
    SqlSalesTargets,
)
from persistence.repositories.project_imports import SqlImportDirectory
from persistence.repositories.project_types import SqlProjectMigrations, SqlProjectTypes
from persistence.repositories.regions import SqlMunicipalities, SqlRegions
from persistence.repositories.sales import (
    SqlProjectLog,
    SqlProjectStages,
    SqlSalesCustomers,
    SqlSalesPeople,
    SqlSalesProjects,
    SqlTemplateSource,
)
from persistence.repositories.segments import (
    SqlClassChanges,
    SqlClassFacts,
    SqlClassPolicies,
    SqlSegmentRules,
    SqlSegments,
)
from persistence.repositories.service import (
    SqlDelegations,
    SqlQueues,
    SqlRequestLog,
    SqlServiceColleagues,
    SqlServiceCustomers,
    SqlServiceRequests,
    SqlSubjects,
)
from persistence.repositories.views import SqlSavedViews, SqlViewDirectory


class SqlUnitOfWork:
    """Implements every context's UnitOfWork port. Use as `async with uow:`; leaving the
    block without `commit()` rolls back, so nothing is ever half-saved."""

    session: AsyncSession

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        ids: IdFactory,
        on_outbox: Callable[[], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self._ids = ids
        # Called after a commit that wrote outbox rows: wakes the sender (Container.wake_outbox).
        self._on_outbox = on_outbox

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
        self.activities = SqlActivities(s)
        self.activity_regarding = SqlRegardingLookup(s)
        self.activity_types = SqlActivityTypes(s)
        self.subjects = SqlSubjects(s)
        self.queues = SqlQueues(s)
        self.service_requests = SqlServiceRequests(s)
        self.service_delegations = SqlDelegations(s)
        self.service_log = SqlRequestLog(s)
        self.service_customers = SqlServiceCustomers(s)
        self.service_colleagues = SqlServiceColleagues(s)
        self.notifications = SqlNotifications(s)
        self.notification_preferences = SqlNotificationPreferences(s)
        self.outbox = SqlOutbox(s)
        self.recipients = SqlRecipients(s)
        self.saved_views = SqlSavedViews(s)
        self.view_directory = SqlViewDirectory(s)
        self.sales_projects = SqlSalesProjects(s)
        self.sales_stages = SqlProjectStages(s)
        self.sales_log = SqlProjectLog(s)
        self.sales_customers = SqlSalesCustomers(s)
        self.sales_templates = SqlTemplateSource(s)
        self.sales_people = SqlSalesPeople(s)
        self.project_imports = SqlImportDirectory(s)
        self.project_types = SqlProjectTypes(s)
        self.project_migrations = SqlProjectMigrations(s)
        # catalogue and regions
        self.product_groups = SqlProductGroups(s)
        self.products = SqlProducts(s)
        self.catalog_directory = SqlCatalogDirectory(s)
        self.regions = SqlRegions(s)
        self.municipalities = SqlMunicipalities(s)
        # offers and orders
        self.offer_types = SqlOfferTypes(s)
        self.offers = SqlOffers(s)
        self.orders = SqlOrders(s)
        self.sales_targets = SqlSalesTargets(s)
        self.offer_directory = SqlOfferDirectory(s)
        # account management: teams, team roles, merges
        self.account_team = SqlAccountTeam(s)
        self.account_team_roles = SqlTeamRoles(s)
        self.account_merger = SqlAccountMerger(s)
        self.classifications = SqlClassifications(s)
        # leads
        self.leads = SqlLeads(s)
        self.lead_rules = SqlRoutingRules(s)
        self.lead_sla_policies = SqlSlaPolicies(s)
        self.lead_forms = SqlLeadForms(s)
        self.lead_settings = SqlLeadSettings(s)
        self.account_requests = SqlAccountRequests(s)
        self.lead_directory = SqlLeadDirectory(s)
        # marketing
        self.campaigns = SqlCampaigns(s)
        self.marketing_lists = SqlMarketingLists(s)
        self.invitations = SqlInvitations(s)
        self.list_exports = SqlListExports(s)
        self.marketing_contacts = SqlMarketingContacts(s)
        # segmentation: segments, memberships, account classes
        self.segments = SqlSegments(s, self._ids)
        self.segment_rules = SqlSegmentRules(s)
        self.class_changes = SqlClassChanges(s)
        self.class_policies = SqlClassPolicies(s)
        self.class_facts = SqlClassFacts(s)
        # care plans
        self.care_plans = SqlCarePlans(s)
        self.care_plan_targets = SqlCarePlanTargets(s)
        self.care_plan_touches = SqlGeneratedTouches(s, self._ids)
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
        if self.outbox.added:
            self.outbox.added = 0
            if self._on_outbox is not None:
                self._on_outbox()

    async def rollback(self) -> None:
        await self.session.rollback()
        self.outbox.added = 0
