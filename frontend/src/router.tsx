/**
 * Code-based TanStack Router tree; each area's screens live in src/routes/<area>/.
 * Screens are loaded lazily so the login page downloads only what it needs.
 */
import { Center, Loader } from '@mantine/core';
import {
  createBrowserHistory,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
  type RouterHistory,
} from '@tanstack/react-router';
import { AREA_ROUTES } from './routes/areas';
import { appRoute, rootRoute } from './routes/base';

function PageLoader() {
  return (
    <Center mt="xl" data-testid="page-loader">
      <Loader />
    </Center>
  );
}

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  component: lazyRouteComponent(() => import('./routes/login/LoginPage'), 'LoginPage'),
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/accounts' });
  },
});

const accountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts',
  component: lazyRouteComponent(() => import('./routes/accounts/AccountsListPage'), 'AccountsListPage'),
});
const accountNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts/new',
  component: lazyRouteComponent(() => import('./routes/accounts/AccountCreatePage'), 'AccountCreatePage'),
});
const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts/$accountId',
  component: lazyRouteComponent(() => import('./routes/accounts/AccountPage'), 'AccountPage'),
});
const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  component: lazyRouteComponent(() => import('./routes/contacts/ContactsListPage'), 'ContactsListPage'),
});
const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts/$contactId',
  component: lazyRouteComponent(() => import('./routes/contacts/ContactPage'), 'ContactPage'),
});
const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users',
  component: lazyRouteComponent(() => import('./routes/admin/UsersPage'), 'UsersPage'),
});
const unitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/business-units',
  component: lazyRouteComponent(() => import('./routes/admin/BusinessUnitsPage'), 'BusinessUnitsPage'),
});
const teamsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/teams',
  component: lazyRouteComponent(() => import('./routes/admin/TeamsPage'), 'TeamsPage'),
});
const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/roles',
  component: lazyRouteComponent(() => import('./routes/admin/RolesPage'), 'RolesPage'),
});

const serviceRequestsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/service-requests',
  component: lazyRouteComponent(() => import('./routes/service/ServiceRequestsPage'), 'ServiceRequestsPage'),
  validateSearch: (search: Record<string, unknown>): { view?: string; queue?: string } => ({
    ...(typeof search.view === 'string' ? { view: search.view } : {}),
    ...(typeof search.queue === 'string' ? { queue: search.queue } : {}),
  }),
});
const serviceRequestNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/service-requests/new',
  component: lazyRouteComponent(() => import('./routes/service/RequestCreatePage'), 'RequestCreatePage'),
});
const serviceRequestNewCallRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/service-requests/new-call',
  component: lazyRouteComponent(() => import('./routes/service/NewCallPage'), 'NewCallPage'),
  // ?account=<id>: the call is about this customer (from the account page).
  validateSearch: (search: Record<string, unknown>): { account?: string } =>
    typeof search.account === 'string' ? { account: search.account } : {},
});
const serviceRequestRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/service-requests/$requestId',
  component: lazyRouteComponent(() => import('./routes/service/ServiceRequestPage'), 'ServiceRequestPage'),
});
const myWorkRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/my-work',
  component: lazyRouteComponent(() => import('./routes/work/MyWorkPage'), 'MyWorkPage'),
});
const serviceReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/service',
  component: lazyRouteComponent(() => import('./routes/reports/ServiceReportPage'), 'ServiceReportPage'),
});
const subjectsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/subjects',
  component: lazyRouteComponent(() => import('./routes/admin/SubjectsPage'), 'SubjectsPage'),
});
const queuesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/queues',
  component: lazyRouteComponent(() => import('./routes/admin/QueuesPage'), 'QueuesPage'),
});

export type SalesTab = 'kanban' | 'list';
const salesProjectsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sales-projects',
  component: lazyRouteComponent(() => import('./routes/sales/SalesProjectsPage'), 'SalesProjectsPage'),
  // ?tab=list shows the list (the board is the default); ?type=<id> picks the board's project type.
  validateSearch: (search: Record<string, unknown>): { tab?: SalesTab; type?: string } => ({
    ...(search.tab === 'list' || search.tab === 'kanban' ? { tab: search.tab } : {}),
    ...(typeof search.type === 'string' ? { type: search.type } : {}),
  }),
});
const salesProjectNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sales-projects/new',
  component: lazyRouteComponent(() => import('./routes/sales/ProjectCreatePage'), 'ProjectCreatePage'),
  // ?account=<id>: from the account page.
  validateSearch: (search: Record<string, unknown>): { account?: string } =>
    typeof search.account === 'string' ? { account: search.account } : {},
});
const salesProjectRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sales-projects/$projectId',
  component: lazyRouteComponent(() => import('./routes/sales/ProjectPage'), 'ProjectPage'),
});
export const MY_STAGE_VIEWS = ['mine', 'customer_service_not_started', 'overdue'] as const;
export type MyStageView = (typeof MY_STAGE_VIEWS)[number];
const myStagesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/my-stages',
  component: lazyRouteComponent(() => import('./routes/sales/MyStagesPage'), 'MyStagesPage'),
  validateSearch: (search: Record<string, unknown>): { view?: MyStageView } =>
    (MY_STAGE_VIEWS as readonly unknown[]).includes(search.view) ? { view: search.view as MyStageView } : {},
});
const salesReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/sales',
  component: lazyRouteComponent(() => import('./routes/sales/SalesReportPage'), 'SalesReportPage'),
});
const projectTypesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/project-types',
  component: lazyRouteComponent(() => import('./routes/admin/ProjectTypesPage'), 'ProjectTypesPage'),
});
const projectTypeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/project-types/$typeId',
  component: lazyRouteComponent(() => import('./routes/admin/ProjectTypePage'), 'ProjectTypePage'),
});
const salesImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/sales-import',
  component: lazyRouteComponent(() => import('./routes/admin/ProjectImportPage'), 'ProjectImportPage'),
});

const apiKeysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/api-keys',
  component: lazyRouteComponent(() => import('./routes/admin/ApiKeysPage'), 'ApiKeysPage'),
});

export const routeTree = rootRoute.addChildren([
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
    apiKeysRoute,
    serviceRequestsRoute,
    serviceRequestNewRoute,
    serviceRequestNewCallRoute,
    serviceRequestRoute,
    myWorkRoute,
    serviceReportRoute,
    subjectsRoute,
    queuesRoute,
    salesProjectsRoute,
    salesProjectNewRoute,
    salesProjectRoute,
    myStagesRoute,
    salesReportRoute,
    projectTypesRoute,
    projectTypeRoute,
    salesImportRoute,
    ...AREA_ROUTES,
  ]),
]);

/** Tests pass a memory history; the app uses the browser's. */
export function createAppRouter(history: RouterHistory = createBrowserHistory()) {
  return createRouter({
    routeTree,
    history,
    defaultPreload: false,
    defaultPendingComponent: PageLoader,
    defaultPendingMs: 150,
  });
}

export const router = createAppRouter();

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
