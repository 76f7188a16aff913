/** The marketing area: marketing lists (static and dynamic) with their exports, campaigns
 * with invitations and results — its routes under the signed-in app and its navigation. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../base';
import type { AreaNav } from '../shell/nav';

const listsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/marketing-lists',
  component: lazyRouteComponent(() => import('./MarketingListsPage'), 'MarketingListsPage'),
});
const listRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/marketing-lists/$listId',
  component: lazyRouteComponent(() => import('./MarketingListPage'), 'MarketingListPage'),
});
const campaignsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/campaigns',
  component: lazyRouteComponent(() => import('./CampaignsPage'), 'CampaignsPage'),
});
const campaignRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/campaigns/$campaignId',
  component: lazyRouteComponent(() => import('./CampaignPage'), 'CampaignPage'),
});

export const routes = [listsRoute, listRoute, campaignsRoute, campaignRoute] as const;

export const area: AreaNav = {
  nav: [
    { to: '/marketing-lists', label: 'marketing.nav.lists', testId: 'nav-marketing-lists', entity: 'marketing_list' },
    { to: '/campaigns', label: 'marketing.nav.campaigns', testId: 'nav-campaigns', entity: 'campaign' },
  ],
  adminNav: [],
};
