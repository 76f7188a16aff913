import { AppShell, Burger, Button, Group, Menu, NavLink, Text, Tooltip, UnstyledButton, Title, Loader, Center } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { can, type Entity } from '../../api/permissions';
import { signOut, useMe } from '../../api/session';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { changeLanguage, hasStoredLanguage, LANGUAGES, type Language } from '../../i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useKeySequences } from '../../lib/shortcuts';
import { NotificationBell } from './NotificationBell';
import { NotificationPreferences } from './NotificationPreferences';
import { AREAS } from '../areas';
import type { NavItem } from './nav';

const NAV = [
  { to: '/my-work', label: 'nav.myWork', testId: 'nav-my-work' },
  { to: '/service-requests', label: 'nav.serviceRequests', testId: 'nav-service-requests' },
  { to: '/accounts', label: 'nav.accounts', testId: 'nav-accounts' },
  { to: '/contacts', label: 'nav.contacts', testId: 'nav-contacts' },
  { to: '/sales-projects', label: 'nav.salesProjects', testId: 'nav-sales-projects', entity: 'sales_project' },
  { to: '/my-stages', label: 'nav.myStages', testId: 'nav-my-stages', entity: 'sales_project' },
  { to: '/reports/service', label: 'nav.serviceReport', testId: 'nav-service-report' },
  { to: '/reports/sales', label: 'nav.salesReport', testId: 'nav-sales-report', entity: 'sales_project' },
] as const satisfies readonly { to: string; label: string; testId: string; entity?: Entity }[];

type AdminPath =
  | '/admin/users'
  | '/admin/business-units'
  | '/admin/teams'
  | '/admin/roles'
  | '/admin/api-keys'
  | '/admin/subjects'
  | '/admin/queues'
  | '/admin/project-types'
  | '/admin/sales-import';

/** Each admin screen shows to users who may change what it lists (everyone may read them). */
const ADMIN_NAV: readonly { to: AdminPath; label: string; entity: Entity; testId: string }[] = [
  { to: '/admin/users', label: 'nav.users', entity: 'user', testId: 'nav-admin-users' },
  { to: '/admin/business-units', label: 'nav.businessUnits', entity: 'business_unit', testId: 'nav-admin-units' },
  { to: '/admin/teams', label: 'nav.teams', entity: 'team', testId: 'nav-admin-teams' },
  { to: '/admin/roles', label: 'nav.roles', entity: 'role', testId: 'nav-admin-roles' },
  { to: '/admin/api-keys', label: 'nav.apiKeys', entity: 'api_key', testId: 'nav-admin-api-keys' },
  { to: '/admin/subjects', label: 'nav.subjects', entity: 'subject', testId: 'nav-admin-subjects' },
  { to: '/admin/queues', label: 'nav.queues', entity: 'queue', testId: 'nav-admin-queues' },
  { to: '/admin/project-types', label: 'nav.projectTypes', entity: 'project_type', testId: 'nav-admin-project-types' },
  { to: '/admin/sales-import', label: 'nav.salesImport', entity: 'sales_project', testId: 'nav-admin-sales-import' },
] as const;

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure();
  const [preferences, { open: openPreferences, close: closePreferences }] = useDisclosure();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const mayCreateRequests = can(me.data, 'service_request', 'create');
  // "n" then "c": a new request from a call, from anywhere in the app.
  useKeySequences({
    'n c': () => {
      if (mayCreateRequests) void navigate({ to: '/service-requests/new-call' });
    },
  });
  const mainNav: readonly NavItem[] = [...NAV, ...AREAS.flatMap((a) => a.nav)];
  const adminNav = [...ADMIN_NAV, ...AREAS.flatMap((a) => a.adminNav)].filter(
    (item: NavItem) =>
      me.data?.is_admin ||
      (item.entity !== undefined &&
        (item.action
          ? can(me.data, item.entity, item.action)
          : can(me.data, item.entity, 'create') || can(me.data, item.entity, 'update'))),
  );

  // The user's saved locale applies until they pick a language in this browser.
  useEffect(() => {
    const locale = me.data?.locale;
    if (locale && !hasStoredLanguage() && (LANGUAGES as readonly string[]).includes(locale)) {
      void changeLanguage(locale as Language);
    }
  }, [me.data?.locale]);

  useEffect(() => {
    if (me.error && 'status' in me.error && me.error.status === 401) void navigate({ to: '/login' });
  }, [me.error, navigate]);

  async function handleLogout() {
    await signOut();
    queryClient.clear();
    void navigate({ to: '/login' });
  }

  // The one entry for this page: the longest that prefixes the path at a "/" (so that
  // /accounts/search lights "Account search", not "Accounts" too).
  const current = [...mainNav, ...adminNav]
    .map((item) => item.to)
    .filter((to) => pathname === to || pathname.startsWith(`${to}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />
            <Title order={3} c="blue.8">
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="md">
            {mayCreateRequests && (
              <Tooltip label={t('nav.newCallShortcut')}>
                <Button component={Link} to="/service-requests/new-call" size="xs" variant="light" data-testid="new-call" aria-keyshortcuts="N C">
                  {t('nav.newCall')}
                </Button>
              </Tooltip>
            )}
            <NotificationBell />
            <LanguageSwitch />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('nav.userMenu')} data-testid="user-menu">
                  <Text size="sm" fw={500}>
                    {me.data?.name ?? '…'}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.data?.email}</Menu.Label>
                <Menu.Item onClick={openPreferences} data-testid="notification-preferences-open">
                  {t('notifications.preferences')}
                </Menu.Item>
                <Menu.Item onClick={() => void handleLogout()} data-testid="logout">
                  {t('nav.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" style={{ overflowY: 'auto' }}>
        {mainNav.filter((item) => !item.entity || can(me.data, item.entity, item.action ?? 'read')).map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={t(item.label)}
            active={item.to === current}
            data-testid={item.testId}
          />
        ))}
        {adminNav.length > 0 && (
          <NavLink label={t('nav.admin')} defaultOpened={pathname.startsWith('/admin')} data-testid="nav-admin" childrenOffset="md">
            {adminNav.map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={t(item.label)}
                active={item.to === current}
                data-testid={item.testId}
              />
            ))}
          </NavLink>
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        {me.isPending && me.fetchStatus !== 'idle' ? (
          <Center mt="xl">
            <Loader />
          </Center>
        ) : me.error ? (
          <ErrorAlert error={me.error} />
        ) : (
          <Outlet />
        )}
      </AppShell.Main>
      <NotificationPreferences opened={preferences} onClose={closePreferences} />
    </AppShell>
  );
}
