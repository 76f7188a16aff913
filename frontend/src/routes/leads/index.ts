/** The leads area: the inbox, quick entry, a lead (with the conversion wizard), the routing
 * rules admin with its test tool and account-creation requests — its routes and navigation. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../base';
import type { AreaNav } from '../shell/nav';
import type { AcrView } from './AccountRequestsPage';
import type { InboxView } from './LeadsInboxPage';

const INBOX: readonly string[] = ['open', 'mine', 'queues', 'unacknowledged', 'at_risk', 'breached', 'closed'];
const ACR: readonly string[] = ['queue', 'mine', 'passive', 'all'];

const leadsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/leads',
  component: lazyRouteComponent(() => import('./LeadsInboxPage'), 'LeadsInboxPage'),
  // ?view=breached: customer service's watch (see LeadsInboxPage's views).
  validateSearch: (search: Record<string, unknown>): { view?: InboxView } =>
    typeof search.view === 'string' && INBOX.includes(search.view) ? { view: search.view as InboxView } : {},
});
const leadNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/leads/new',
  component: lazyRouteComponent(() => import('./LeadCreatePage'), 'LeadCreatePage'),
});
const leadRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/leads/$leadId',
  component: lazyRouteComponent(() => import('./LeadPage'), 'LeadPage'),
});
const rulesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/lead-routing',
  component: lazyRouteComponent(() => import('./RoutingRulesPage'), 'RoutingRulesPage'),
});
const requestsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account-requests',
  component: lazyRouteComponent(() => import('./AccountRequestsPage'), 'AccountRequestsPage'),
  validateSearch: (search: Record<string, unknown>): { view?: AcrView } =>
    typeof search.view === 'string' && ACR.includes(search.view) ? { view: search.view as AcrView } : {},
});
const requestNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account-requests/new',
  component: lazyRouteComponent(() => import('./AccountRequestCreatePage'), 'AccountRequestCreatePage'),
  validateSearch: (search: Record<string, unknown>): { lead?: string } => (typeof search.lead === 'string' ? { lead: search.lead } : {}),
});

export const routes = [leadsRoute, leadNewRoute, leadRoute, rulesRoute, requestsRoute, requestNewRoute] as const;

export const area: AreaNav = {
  nav: [
    { to: '/leads', label: 'leads.nav.inbox', testId: 'nav-leads', entity: 'lead' },
    { to: '/account-requests', label: 'leads.nav.accountRequests', testId: 'nav-account-requests', entity: 'account_creation_request' },
  ],
  adminNav: [{ to: '/admin/lead-routing', label: 'leads.nav.routing', testId: 'nav-admin-lead-routing', entity: 'lead_setup' }],
};
