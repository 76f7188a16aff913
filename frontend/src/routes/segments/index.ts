/** The segments area: its routes under the signed-in app and its navigation entries. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../base';
import type { AreaNav } from '../shell/nav';

const segmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/segments',
  component: lazyRouteComponent(() => import('./SegmentsPage'), 'SegmentsPage'),
});
const segmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/segments/$segmentId',
  component: lazyRouteComponent(() => import('./SegmentPage'), 'SegmentPage'),
});
const classChangesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account-class-changes',
  component: lazyRouteComponent(() => import('./ClassChangesPage'), 'ClassChangesPage'),
});

export const routes = [segmentsRoute, segmentRoute, classChangesRoute] as const;

export const area: AreaNav = {
  nav: [
    { to: '/segments', label: 'segments.nav.segments', testId: 'nav-segments', entity: 'segment' },
    // Managers: those who may approve class changes.
    {
      to: '/account-class-changes',
      label: 'classchanges.nav',
      testId: 'nav-class-changes',
      entity: 'account_class_change',
      action: 'approve',
    },
  ],
  adminNav: [],
};
