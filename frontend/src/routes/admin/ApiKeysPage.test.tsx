import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiKey, Me, Privilege } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { renderApp, UNIT, units, users } from '../../test/app';
import { installFakeApi, json, type Recorded } from '../../test/fakeApi';
import { keyStatus } from './ApiKeysPage';

const directory: Privilege[] = [
  { entity: 'user', action: 'read', depth: 'organisation' },
  { entity: 'business_unit', action: 'read', depth: 'organisation' },
  { entity: 'role', action: 'read', depth: 'organisation' },
  { entity: 'team', action: 'read', depth: 'organisation' },
];
const grant = (entity: string, actions: Privilege['action'][]): Privilege[] =>
  actions.map((action) => ({ entity, action, depth: 'organisation' }));

function me(privileges: Privilege[]): Me {
  return { id: 'u-admin', email: 'admin@kumppani.test', name: 'Anna Admin', locale: 'en', business_unit_id: UNIT, roles: [], privileges, is_admin: false };
}

/** May manage API keys. */
const keyAdmin = me([...directory, ...grant('user', ['create', 'update']), ...grant('api_key', ['create', 'read', 'update'])]);
/** Manages users but has no api_key privileges at all. */
const userAdmin = me([...directory, ...grant('user', ['create', 'update'])]);
/** May see keys but not create or revoke them. */
const keyReader = me([...directory, ...grant('api_key', ['read'])]);

function makeKey(id: string, name: string, patch: Partial<ApiKey> = {}): ApiKey {
  return {
    id,
    name,
    user_id: 'u-juha',
    business_unit_id: UNIT,
    prefix: `kmp_${id}00000000`,
    scopes: ['account:read'],
    created_by: 'u-admin',
    expires_at: null,
    revoked_at: null,
    last_used_at: null,
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    version: 1,
    ...patch,
  };
}

const SECRET = 'kmp_9f8e7d6c5b4a_s3cr3t-only-shown-once-Zz09';

/** A tiny stateful backend for /api-keys, plus the directories the screen reads. */
function installApi(signedIn: Me, initial: ApiKey[] = []) {
  let keys = [...initial];
  const api = installFakeApi({
    'GET /api/v1/me': () => json(200, signedIn),
    'GET /api/v1/users': (req) => {
      const q = (req.query.get('q') ?? '').toLowerCase();
      return json(200, { items: users.filter((u) => u.name.toLowerCase().includes(q)), next_cursor: null });
    },
    'GET /api/v1/business-units': () => json(200, { items: units, next_cursor: null }),
    'GET /api/v1/api-keys': () => json(200, { items: keys, next_cursor: null }),
    'POST /api/v1/api-keys': (req) => {
      const body = req.body as { name: string; user_id: string; scopes: string[]; expires_at?: string };
      const key = makeKey('new1', body.name, { user_id: body.user_id, scopes: body.scopes, prefix: 'kmp_9f8e7d6c5b4a', expires_at: body.expires_at ?? null });
      keys = [key, ...keys];
      return json(201, { ...key, secret: SECRET });
    },
    'POST /api/v1/api-keys/k1/revocation': () => {
      const current = keys.find((k) => k.id === 'k1')!;
      if (current.revoked_at) return json(409, { title: 'Conflict', status: 409, detail: 'The key is already revoked.' });
      const revoked = { ...current, revoked_at: '2026-02-01T10:00:00Z', version: current.version + 1 };
      keys = keys.map((k) => (k.id === 'k1' ? revoked : k));
      return json(200, revoked);
    },
  });
  return api;
}

const keyListGets = (requests: Recorded[]) => requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/api-keys');
const writes = (requests: Recorded[]) => requests.filter((r) => r.method !== 'GET');

describe('API keys screen', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('creates a key with the chosen scopes and shows its secret once', async () => {
    const user = userEvent.setup();
    const api = installApi(keyAdmin);
    renderApp('/admin/api-keys');
    expect(await screen.findByText('No API keys yet.')).toBeInTheDocument();

    await user.click(screen.getByTestId('new-api-key'));
    const dialog = await screen.findByRole('dialog', { name: 'New API key' });
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    await waitFor(() => expect(name).toHaveFocus());

    // Defaults: account:read and contact:read, nothing else.
    const checked = () =>
      within(dialog)
        .getAllByRole('checkbox')
        .filter((c) => (c as HTMLInputElement).checked)
        .map((c) => c.getAttribute('value'));
    expect(checked()).toEqual(['account:read', 'contact:read']);

    await user.type(name, 'Zapier integration');
    // The user is found by a server-side search and picked with the keyboard.
    const userField = within(dialog).getByRole('textbox', { name: /User/ });
    await user.click(userField);
    await user.type(userField, 'Juha');
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/v1/users' && r.query.get('q') === 'Juha')).toBe(true));
    await waitFor(() => expect(screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['Juha Korhonen']));
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect(userField).toHaveValue('Juha Korhonen'));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Contact: Read' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Account: Update' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'API key: Read' }));
    expect(checked()).toEqual(['account:read', 'account:update', 'api_key:read']);

    // Expiry is a day; the key stops working when that day ends in Helsinki (summer time: UTC+3).
    const nextYear = new Date().getFullYear() + 1;
    fireEvent.change(within(dialog).getByLabelText(/Expires/), { target: { value: `${nextYear}-06-30` } });

    // Enter in the name field submits the form.
    await user.type(name, '{Enter}');

    const secret = await screen.findByTestId('api-key-secret');
    expect(secret).toHaveValue(SECRET);
    expect(screen.getByTestId('api-key-secret-warning')).toHaveTextContent('it will not be shown again');

    const posted = writes(api.requests);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.path).toBe('/api/v1/api-keys');
    expect(posted[0]!.body).toEqual({
      name: 'Zapier integration',
      user_id: 'u-juha',
      scopes: ['account:read', 'account:update', 'api_key:read'],
      expires_at: `${nextYear}-06-30T20:59:59.000Z`,
    });
    expect(posted[0]!.headers.get('Idempotency-Key')).toMatch(/\S{8,}/);

    // Copy puts the whole key on the clipboard.
    await user.click(screen.getByTestId('api-key-copy'));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(await screen.findByTestId('api-key-copy')).toHaveTextContent('Copied');

    // The list was refreshed and shows the new key by prefix and user name, never the secret.
    const table = screen.getByTestId('api-keys-table');
    await waitFor(() => expect(within(table).getByText('kmp_9f8e7d6c5b4a')).toBeInTheDocument());
    expect(within(table).getByText('Juha Korhonen')).toBeInTheDocument();
    expect(within(table).getByText('account:update')).toBeInTheDocument();
    expect(table).not.toHaveTextContent(SECRET);
    expect(keyListGets(api.requests).length).toBeGreaterThanOrEqual(2);

    await user.click(screen.getByTestId('api-key-secret-done'));
    await waitFor(() => expect(screen.queryByTestId('api-key-secret')).not.toBeInTheDocument());
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it('does not submit without a user or a scope', async () => {
    const user = userEvent.setup();
    const api = installApi(keyAdmin);
    renderApp('/admin/api-keys');
    await user.click(await screen.findByTestId('new-api-key'));
    const dialog = await screen.findByRole('dialog', { name: 'New API key' });
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    await user.type(name, 'Nothing{Enter}');
    // No user picked: the required field stops the submit.
    expect(writes(api.requests)).toHaveLength(0);

    const userField = within(dialog).getByRole('textbox', { name: /User/ });
    await user.type(userField, 'Sanna');
    await waitFor(() => expect(screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['Sanna Virtanen']));
    await user.keyboard('{ArrowDown}{Enter}');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Account: Read' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Contact: Read' }));
    await user.type(name, '{Enter}');
    expect(await within(dialog).findByText('Choose at least one scope.')).toBeInTheDocument();
    expect(writes(api.requests)).toHaveLength(0);
  });

  it('asks for confirmation before revoking, then posts the revocation and refreshes', async () => {
    const user = userEvent.setup();
    const api = installApi(keyAdmin, [
      makeKey('k1', 'Zapier', { last_used_at: '2026-01-15T08:00:00Z' }),
      makeKey('k2', 'Old export', { revoked_at: '2026-01-10T10:00:00Z' }),
      makeKey('k3', 'Trial', { expires_at: '2020-01-01T00:00:00Z' }),
    ]);
    renderApp('/admin/api-keys');
    const row = await screen.findByTestId('api-key-row-k1');
    expect(within(row).getByTestId('api-key-status')).toHaveTextContent('Active');
    expect(within(screen.getByTestId('api-key-row-k2')).getByTestId('api-key-status')).toHaveTextContent('Revoked');
    expect(within(screen.getByTestId('api-key-row-k3')).getByTestId('api-key-status')).toHaveTextContent('Expired');
    // A revoked key cannot be revoked again.
    expect(within(screen.getByTestId('api-key-row-k2')).queryByTestId('api-key-revoke')).not.toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: 'Revoke Zapier' }));
    let dialog = await screen.findByRole('dialog', { name: 'Revoke API key' });
    expect(dialog).toHaveTextContent('Revoke the key “Zapier” (kmp_k100000000)?');
    expect(writes(api.requests)).toHaveLength(0);

    // Cancel leaves the key alone.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(writes(api.requests)).toHaveLength(0);

    const listsBefore = keyListGets(api.requests).length;
    await user.click(within(row).getByRole('button', { name: 'Revoke Zapier' }));
    dialog = await screen.findByRole('dialog', { name: 'Revoke API key' });
    await user.click(within(dialog).getByTestId('api-key-revoke-confirm'));

    await waitFor(() => expect(within(screen.getByTestId('api-key-row-k1')).getByTestId('api-key-status')).toHaveTextContent('Revoked'));
    const posted = writes(api.requests);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.method).toBe('POST');
    expect(posted[0]!.path).toBe('/api/v1/api-keys/k1/revocation');
    expect(keyListGets(api.requests).length).toBeGreaterThan(listsBefore);
    expect(within(screen.getByTestId('api-key-row-k1')).queryByTestId('api-key-revoke')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shows the menu item to a user with api_key privileges', async () => {
    installApi(keyAdmin);
    renderApp('/admin/api-keys');
    expect(await screen.findByTestId('nav-admin-api-keys')).toHaveTextContent('API keys');
  });

  it('hides the menu item and the screen from a user without api_key privileges', async () => {
    const api = installApi(userAdmin, [makeKey('k1', 'Zapier')]);
    renderApp('/admin/api-keys');
    expect(await screen.findByTestId('api-keys-forbidden')).toHaveTextContent('You do not have permission for this.');
    // The admin menu is there (they manage users) but without API keys.
    expect(screen.getByTestId('nav-admin-users')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-admin-api-keys')).not.toBeInTheDocument();
    expect(screen.queryByTestId('new-api-key')).not.toBeInTheDocument();
    expect(screen.queryByTestId('api-keys-table')).not.toBeInTheDocument();
    expect(keyListGets(api.requests)).toHaveLength(0);
  });

  it('lets a read-only user list keys without New or Revoke', async () => {
    installApi(keyReader, [makeKey('k1', 'Zapier')]);
    renderApp('/admin/api-keys');
    expect(await screen.findByTestId('api-key-row-k1')).toHaveTextContent('Zapier');
    expect(screen.queryByTestId('new-api-key')).not.toBeInTheDocument();
    expect(screen.queryByTestId('api-key-revoke')).not.toBeInTheDocument();
    // Read alone does not put the screen in the admin menu (as for the other admin screens).
    expect(screen.queryByTestId('nav-admin-api-keys')).not.toBeInTheDocument();
  });
});

describe('key status', () => {
  it('is revoked, expired or active', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(keyStatus({ revoked_at: '2026-01-01T00:00:00Z', expires_at: null }, now)).toBe('revoked');
    expect(keyStatus({ revoked_at: null, expires_at: '2026-02-28T23:59:59Z' }, now)).toBe('expired');
    expect(keyStatus({ revoked_at: null, expires_at: '2026-03-02T00:00:00Z' }, now)).toBe('active');
    expect(keyStatus({ revoked_at: null, expires_at: null }, now)).toBe('active');
  });
});
