import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Me } from '../../api/sdk';
import { tokens } from '../../api/tokens';
import { changeLanguage } from '../../i18n';
import { installFakeApi, json } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { AccountTeamRolesPage } from './AccountTeamRolesPage';

const WAIT = { timeout: 4000 };
const admin: Me = {
  id: 'u-admin',
  email: 'admin@kumppani.test',
  name: 'Ada Admin',
  locale: 'en',
  business_unit_id: 'bu-root',
  roles: [],
  is_admin: true,
  privileges: (['create', 'read', 'update'] as const).map((action) => ({ entity: 'account_team_role', action, depth: 'organisation' })),
};
const sales = {
  id: 'r-sales',
  key: 'sales',
  name: 'Myynti',
  name_en: 'Sales',
  name_sv: 'Försäljning',
  sort_order: 0,
  is_active: true,
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
  version: 2,
};

function installRolesApi() {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, admin),
    'GET /api/v1/account-team-roles': () => json(200, { items: [sales], next_cursor: null }),
    'POST /api/v1/account-team-roles': (req) => json(201, { ...sales, id: 'r-new', ...(req.body as object), version: 1 }, { ETag: '"1"' }),
    'PATCH /api/v1/account-team-roles/r-sales': (req) => json(200, { ...sales, ...(req.body as object), version: 3 }, { ETag: '"3"' }),
  });
}

describe('AccountTeamRolesPage', () => {
  beforeEach(async () => {
    await changeLanguage('en');
    tokens.set({ access_token: 'test-access', refresh_token: 'test-refresh' });
  });

  it('creates a role with its key and names, submitting with Enter', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installRolesApi();
    renderWithProviders(<AccountTeamRolesPage />);
    expect(await screen.findByText('Myynti', {}, WAIT)).toBeInTheDocument();
    await user.click(await screen.findByTestId('new-team-role', {}, WAIT));
    const key = await screen.findByTestId('team-role-key', {}, WAIT);
    await waitFor(() => expect(key).toHaveFocus());
    await user.type(key, 'key_account');
    await user.type(screen.getByTestId('team-role-name'), 'Avainasiakasvastaava');
    await user.type(screen.getByRole('textbox', { name: 'Name (English)' }), 'Key account manager{Enter}');
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST')).toBe(true), WAIT);
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({
      key: 'key_account',
      name: 'Avainasiakasvastaava',
      name_en: 'Key account manager',
      name_sv: null,
      sort_order: 0,
      is_active: true,
    });
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
  }, 120_000);

  it('takes a role out of use with its ETag; the key cannot change', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installRolesApi();
    renderWithProviders(<AccountTeamRolesPage />);
    const [row] = await screen.findAllByTestId('team-role-row', {}, WAIT);
    await user.click(within(row!).getByRole('button', { name: 'Edit: Myynti' }));
    expect(await screen.findByTestId('team-role-key', {}, WAIT)).toBeDisabled();
    await user.click(screen.getByRole('switch', { name: /In use/ }));
    await user.click(screen.getByTestId('team-role-save'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PATCH')).toBe(true), WAIT);
    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).toBe('"2"');
    expect(patch.body).toMatchObject({ is_active: false, name: 'Myynti' });
    expect(patch.body).not.toHaveProperty('key');
  }, 120_000);
});
