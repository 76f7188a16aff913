/**
 * The account-management area: the admin page of account-team roles. Its account-page cards
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

export const routes = [teamRolesRoute] as const;

export const area: AreaNav = {
  nav: [],
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
