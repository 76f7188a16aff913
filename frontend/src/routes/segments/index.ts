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

export const routes = [segmentsRoute, segmentRoute] as const;

export const area: AreaNav = {
  nav: [{ to: '/segments', label: 'segments.nav.segments', testId: 'nav-segments', entity: 'segment' }],
  adminNav: [],
};
