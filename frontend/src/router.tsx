/** Code-based TanStack Router tree; each area's screens live in src/routes/<area>/. */
import { createRootRoute, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { isSignedIn } from './api/session';
import { AccountCreatePage } from './routes/accounts/AccountCreatePage';
import { AccountPage } from './routes/accounts/AccountPage';
import { AccountsListPage } from './routes/accounts/AccountsListPage';
import { BusinessUnitsPage } from './routes/admin/BusinessUnitsPage';
import { RolesPage } from './routes/admin/RolesPage';
import { TeamsPage } from './routes/admin/TeamsPage';
import { UsersPage } from './routes/admin/UsersPage';
import { ContactPage } from './routes/contacts/ContactPage';
import { ContactsListPage } from './routes/contacts/ContactsListPage';
import { LoginPage } from './routes/login/LoginPage';
import { AppLayout } from './routes/shell/AppLayout';

const rootRoute = createRootRoute({ component: Outlet });

const loginRoute = createRoute({ getParentRoute: () => rootRoute, path: '/login', component: LoginPage });

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: AppLayout,
  beforeLoad: () => {
    if (!isSignedIn()) throw redirect({ to: '/login' });
  },
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/accounts' });
  },
});

const accountsRoute = createRoute({ getParentRoute: () => appRoute, path: '/accounts', component: AccountsListPage });
const accountNewRoute = createRoute({ getParentRoute: () => appRoute, path: '/accounts/new', component: AccountCreatePage });
const accountRoute = createRoute({ getParentRoute: () => appRoute, path: '/accounts/$accountId', component: AccountPage });
const contactsRoute = createRoute({ getParentRoute: () => appRoute, path: '/contacts', component: ContactsListPage });
const contactRoute = createRoute({ getParentRoute: () => appRoute, path: '/contacts/$contactId', component: ContactPage });
const usersRoute = createRoute({ getParentRoute: () => appRoute, path: '/admin/users', component: UsersPage });
const unitsRoute = createRoute({ getParentRoute: () => appRoute, path: '/admin/business-units', component: BusinessUnitsPage });
const teamsRoute = createRoute({ getParentRoute: () => appRoute, path: '/admin/teams', component: TeamsPage });
const rolesRoute = createRoute({ getParentRoute: () => appRoute, path: '/admin/roles', component: RolesPage });

const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    indexRoute,
    accountsRoute,
    accountNewRoute,
    accountRoute,
    contactsRoute,
    contactRoute,
    usersRoute,
    unitsRoute,
    teamsRoute,
    rolesRoute,
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: false });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
