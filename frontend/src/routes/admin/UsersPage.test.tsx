import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Me, Privilege } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { renderApp, UNIT, units, users } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';

const admin: Me = {
  id: 'u-admin',
  email: 'admin@kumppani.test',
  name: 'Anna Admin',
  locale: 'en',
  business_unit_id: UNIT,
  roles: [],
  privileges: (['user', 'business_unit', 'role', 'team'] as const).flatMap((entity) =>
    (['read', 'create', 'update'] as const).map((action): Privilege => ({ entity, action, depth: 'organisation' })),
  ),
  is_admin: true,
};

describe('users screen', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it("sets a user's supervisor, who is told of their missed leads", { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    const sanna = { ...users[0]!, manager_id: null };
    const api = installFakeApi({
      'GET /api/v1/me': () => json(200, admin),
      'GET /api/v1/users': () => json(200, { items: users.map((u) => ({ ...u, manager_id: null })), next_cursor: null }),
      'GET /api/v1/users/u-sanna': () => json(200, sanna, { ETag: '"3"' }),
      'PATCH /api/v1/users/u-sanna': (req) => json(200, { ...sanna, ...(req.body as object), version: 4 }),
      'GET /api/v1/business-units': () => json(200, { items: units, next_cursor: null }),
      'GET /api/v1/roles': () => json(200, { items: [], next_cursor: null }),
      'GET /api/v1/teams': () => json(200, { items: [], next_cursor: null }),
    });
    renderApp('/admin/users');
    // Generous waits: the lazy route and the dialog's lookups load first (slow on a busy CI).
    await user.click(await screen.findByRole('button', { name: 'Sanna Virtanen' }, { timeout: 5000 }));
    const dialog = await screen.findByRole('dialog', {}, { timeout: 5000 });
    const supervisor = await within(dialog).findByRole('textbox', { name: /Supervisor/ }, { timeout: 5000 });
    await user.click(supervisor);
    const options = () => {
      const listbox = document.getElementById(supervisor.getAttribute('aria-controls') ?? '');
      return listbox ? within(listbox).getAllByRole('option', { hidden: true }) : [];
    };
    // Nobody supervises themselves: Sanna is not offered.
    await waitFor(() => expect(options().map((o) => o.textContent)).toEqual(['Leena Hämäläinen', 'Juha Korhonen']), { timeout: 5000 });
    await user.click(options()[1]!);
    await user.click(within(dialog).getByTestId('user-save'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PATCH')).toBe(true), { timeout: 5000 });
    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toMatchObject({ manager_id: 'u-juha' });
    expect(patch.headers.get('If-Match')).toBe('"3"');
  });
});
