/** The careplans area: its routes under the signed-in app and its navigation entries. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../base';
import type { AreaNav } from '../shell/nav';

const plansRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/care-plans',
  component: lazyRouteComponent(() => import('./CarePlansPage'), 'CarePlansPage'),
});
const complianceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/care-plans/compliance',
  component: lazyRouteComponent(() => import('./CompliancePage'), 'CompliancePage'),
});
const newPlanRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/care-plans/new',
  component: lazyRouteComponent(() => import('./CarePlanPage'), 'NewCarePlanPage'),
});
const planRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/care-plans/$planId',
  component: lazyRouteComponent(() => import('./CarePlanPage'), 'CarePlanPage'),
});

export const routes = [plansRoute, complianceRoute, newPlanRoute, planRoute] as const;

export const area: AreaNav = {
  nav: [
    { to: '/care-plans/compliance', label: 'careplans.nav.compliance', testId: 'nav-care-compliance', entity: 'account' },
  ],
  adminNav: [{ to: '/care-plans', label: 'careplans.nav.plans', testId: 'nav-care-plans', entity: 'care_plan' }],
};
