/** The activities area: the calendar, the activity form (type, keywords, participants, visit
 * goal and agreed actions) and the activity types admin — its routes and navigation. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../base';
import type { AreaNav } from '../shell/nav';

const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calendar',
  component: lazyRouteComponent(() => import('./CalendarPage'), 'CalendarPage'),
});
const activityNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/activities/new',
  component: lazyRouteComponent(() => import('./ActivityFormPage'), 'ActivityNewPage'),
});
const activityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/activities/$activityId',
  component: lazyRouteComponent(() => import('./ActivityFormPage'), 'ActivityEditPage'),
});
const activityTypesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/activity-types',
  component: lazyRouteComponent(() => import('./ActivityTypesPage'), 'ActivityTypesPage'),
});

export const routes = [calendarRoute, activityNewRoute, activityRoute, activityTypesRoute] as const;

export const area: AreaNav = {
  nav: [{ to: '/calendar', label: 'activities.nav.calendar', testId: 'nav-calendar', entity: 'activity' }],
  adminNav: [{ to: '/admin/activity-types', label: 'activities.nav.activityTypes', testId: 'nav-admin-activity-types', entity: 'activity_type', action: 'update' }],
};
