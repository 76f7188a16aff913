/**
 * The root and the signed-in app route. Every area's routes hang under `appRoute`; areas
 * declare theirs in `src/routes/<area>/index.ts` and `src/router.tsx` assembles the tree.
 */
import { createRootRoute, createRoute, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { isSignedIn } from '../api/session';

export const rootRoute = createRootRoute({ component: Outlet });

export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: lazyRouteComponent(() => import('./shell/AppLayout'), 'AppLayout'),
  beforeLoad: () => {
    if (!isSignedIn()) throw redirect({ to: '/login' });
  },
});
