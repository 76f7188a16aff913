/** The classifications area: its routes under the signed-in app and its navigation entries.
 * Its account-page and contact-page cards (the record's classifications as chips) are in
 * ../accounts/extensions.ts and ../contacts/extensions.ts. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../base';
import type { AreaNav } from '../shell/nav';

const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/classifications',
  component: lazyRouteComponent(() => import('./ClassificationsPage'), 'ClassificationsPage'),
});

export const routes = [adminRoute] as const;

export const area: AreaNav = {
  nav: [],
  adminNav: [
    {
      to: '/admin/classifications',
      label: 'classifications.nav.admin',
      testId: 'nav-admin-classifications',
      entity: 'classification',
      action: 'update',
    },
  ],
};
