/**
 * The account-management area: the account search (filter builder) and the admin page of
 * account-team roles. Its account-page cards
 * (team, merges) are in ./extensions.ts, its list filters and page actions in the accounts
 * screens themselves.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../base';
import type { AreaNav } from '../shell/nav';

const teamRolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/account-team-roles',
  component: lazyRouteComponent(() => import('./AccountTeamRolesPage'), 'AccountTeamRolesPage'),
});

const searchRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts/search',
  component: lazyRouteComponent(() => import('./AccountSearchPage'), 'AccountSearchPage'),
});

export const routes = [teamRolesRoute, searchRoute] as const;

export const area: AreaNav = {
  nav: [{ to: '/accounts/search', label: 'classifications.search.nav', testId: 'nav-account-search', entity: 'account' }],
  adminNav: [
    {
      to: '/admin/account-team-roles',
      label: 'accountmgmt.nav.teamRoles',
      testId: 'nav-admin-account-team-roles',
      entity: 'account_team_role',
      action: 'update',
    },
  ],
};
