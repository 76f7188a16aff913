/** Renders the real route tree (lazy screens, AppLayout, guards) at a path, signed in. */
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { tokens } from '../api/tokens';
import type { Account, Me, Privilege } from '../api/sdk';
import { createAppRouter } from '../router';
import '../i18n';

export function renderApp(path: string) {
  tokens.set({ access_token: 'test-access', refresh_token: 'test-refresh' });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createAppRouter(createMemoryHistory({ initialEntries: [path] }));
  const view = render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...view, router };
}

export const UNIT = 'bu-sales';
export const OTHER_UNIT = 'bu-other';

const directory: Privilege[] = [
  { entity: 'user', action: 'read', depth: 'organisation' },
  { entity: 'business_unit', action: 'read', depth: 'organisation' },
  { entity: 'role', action: 'read', depth: 'organisation' },
  { entity: 'team', action: 'read', depth: 'business_unit' },
];
const crm = (actions: Privilege['action'][], depth: string): Privilege[] =>
  (['account', 'contact'] as const).flatMap((entity) => actions.map((action) => ({ entity, action, depth })));

function me(id: string, name: string, privileges: Privilege[]): Me {
  return { id, email: `${id}@kumppani.test`, name, locale: 'en', business_unit_id: UNIT, roles: [], privileges, is_admin: false };
}

export const readOnlyMe = me('u-leena', 'Leena Hämäläinen', [...crm(['read'], 'business_unit'), ...directory]);
export const salesMe = me('u-sanna', 'Sanna Virtanen', [
  ...crm(['read'], 'business_unit'),
  ...crm(['create', 'update', 'assign'], 'own'),
  ...directory,
]);

export const users = [
  { id: 'u-sanna', name: 'Sanna Virtanen' },
  { id: 'u-leena', name: 'Leena Hämäläinen' },
  { id: 'u-juha', name: 'Juha Korhonen' },
].map((u) => ({
  ...u,
  email: `${u.id}@kumppani.test`,
  locale: 'fi',
  business_unit_id: UNIT,
  role_ids: [],
  team_ids: [],
  is_active: true,
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
  version: 1,
}));

export const units = [
  { id: UNIT, name: 'Myynti Etelä', parent_id: null },
  { id: OTHER_UNIT, name: 'Myynti Pohjoinen', parent_id: null },
].map((u) => ({ ...u, created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z', version: 1 }));

export function makeAccount(id: string, name: string, patch: Partial<Account> = {}): Account {
  return {
    id,
    name,
    business_id: null,
    type: 'company',
    status: 'customer',
    region: 'Uusimaa',
    municipality: null,
    phone: null,
    email: null,
    website: null,
    visiting_address: null,
    postal_address: null,
    billing_address: null,
    industry_code: null,
    size_class: null,
    parent_id: null,
    account_manager_id: null,
    owner_id: 'u-sanna',
    business_unit_id: UNIT,
    tags: [],
    external_ids: [],
    account_class: null,
    account_class_since: null,
    passive_since: null,
    passive_reason: null,
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-02T10:00:00Z',
    version: 1,
    ...patch,
  };
}
