import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountClassChange, Me, Privilege } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { UNIT, renderApp, units, users } from '../../test/app';
import { installFakeApi, json, type Recorded } from '../../test/fakeApi';

const grant = (entities: string[], actions: Privilege['action'][], depth: string): Privilege[] =>
  entities.flatMap((entity) => actions.map((action) => ({ entity, action, depth })));

const managerMe: Me = {
  id: 'u-juha',
  email: 'u-juha@kumppani.test',
  name: 'Juha Korhonen',
  locale: 'fi',
  business_unit_id: UNIT,
  roles: [],
  privileges: [
    ...grant(['user', 'business_unit'], ['read'], 'organisation'),
    ...grant(['account', 'account_class_change'], ['read', 'create', 'update', 'approve'], 'unit_and_children'),
  ],
  is_admin: false,
};
const sellerMe: Me = {
  ...managerMe,
  id: 'u-sanna',
  name: 'Sanna Virtanen',
  privileges: [...grant(['user', 'business_unit'], ['read'], 'organisation'), ...grant(['account', 'account_class_change'], ['read', 'create'], 'own')],
};

function change(id: string, account: string, patch: Partial<AccountClassChange> = {}): AccountClassChange {
  return {
    id,
    created_at: '2026-11-30T10:00:00Z',
    updated_at: '2026-11-30T10:00:00Z',
    version: 1,
    account_id: `acc-${id}`,
    account_name: account,
    from_class: 'B',
    to_class: 'A',
    status: 'pending',
    reason: 'Ostot kasvoivat',
    suggested_class: 'A',
    proposed_by: 'u-sanna',
    proposed_at: '2026-11-30T10:00:00Z',
    decided_by: null,
    decided_at: null,
    decision_note: null,
    owner_id: 'u-sanna',
    business_unit_id: UNIT,
    ...patch,
  };
}

function installApi(me: Me, routes: Record<string, (req: Recorded) => Response> = {}) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/users': () => json(200, { items: users, next_cursor: null }),
    'GET /api/v1/business-units': () => json(200, { items: units, next_cursor: null }),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/accounts/class-review': () =>
      json(200, {
        items: [
          {
            id: 'acc-pot',
            name: 'Ikuinen Potentiaali Oy',
            business_id: null,
            type: 'company',
            status: 'prospect',
            account_class: 'potential',
            industry_code: null,
            size_class: null,
            region: null,
            municipality: 'Espoo',
            owner_id: 'u-sanna',
            business_unit_id: UNIT,
            account_class_since: '2025-01-15T10:00:00Z',
            account_manager_id: 'u-leena',
          },
        ],
        next_cursor: null,
      }),
    ...routes,
  });
}

describe('the class-change approvals list', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('lists the pending changes page by page, approves one with If-Match and the row goes away', async () => {
    const api = installApi(managerMe, {
      'GET /api/v1/account-class-changes': (req) =>
        req.query.get('cursor') === 'next'
          ? json(200, { items: [change('c3', 'Kolmas Oy', { from_class: null, to_class: 'C' })], next_cursor: null })
          : json(200, { items: [change('c1', 'Rakennus Oy', { version: 4 }), change('c2', 'Toinen Oy')], next_cursor: 'next' }),
      'POST /api/v1/account-class-changes/c1/approval': () => json(200, change('c1', 'Rakennus Oy', { version: 5, status: 'applied' })),
    });
    renderApp('/account-class-changes');
    expect(await screen.findByText('Rakennus Oy', {}, { timeout: 15_000 })).toBeInTheDocument();
    const first = api.requests.find((r) => r.path === '/api/v1/account-class-changes')!;
    expect(first.query.getAll('status')).toEqual(['pending']);
    let rows = screen.getAllByTestId('class-change-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('class-change-classes')).toHaveTextContent('B (kasvava) → A (avainasiakas)');
    expect(within(rows[0]).getByTestId('class-change-account')).toHaveAttribute('href', '/accounts/acc-c1');
    expect(within(rows[0]).getByText('Ostot kasvoivat')).toBeInTheDocument();
    await waitFor(() => expect(within(rows[0]).getByText('Sanna Virtanen')).toBeInTheDocument());
    // The Potential review list sits below.
    expect(await screen.findByText('Ikuinen Potentiaali Oy')).toBeInTheDocument();
    expect(screen.getByTestId('nav-class-changes')).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('class-changes-more'));
    expect(await screen.findByText('Kolmas Oy', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.getAllByTestId('class-change-row')).toHaveLength(3);
    expect(screen.queryByTestId('class-changes-more')).not.toBeInTheDocument();

    await userEvent.click(within(screen.getAllByTestId('class-change-row')[0]).getByTestId('class-change-approve'));
    await waitFor(() => expect(screen.queryByText('Rakennus Oy')).not.toBeInTheDocument());
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/api/v1/account-class-changes/c1/approval');
    expect(post.headers.get('If-Match')).toBe('"4"');
    expect(post.body).toEqual({});
    rows = screen.getAllByTestId('class-change-row');
    expect(rows.map((r) => within(r).getByTestId('class-change-account').textContent)).toEqual(['Toinen Oy', 'Kolmas Oy']);
  }, 120_000);

  it('rejects with If-Match and keeps the row with the API’s detail when refused', async () => {
    const api = installApi(managerMe, {
      'GET /api/v1/account-class-changes': () => json(200, { items: [change('c2', 'Toinen Oy', { version: 2 })], next_cursor: null }),
      'POST /api/v1/account-class-changes/c2/rejection': () =>
        json(409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'The change was already decided.', instance: '/x' }),
    });
    renderApp('/account-class-changes');
    await userEvent.click(await screen.findByTestId('class-change-reject', {}, { timeout: 15_000 }));
    expect(await screen.findByTestId('class-change-error')).toHaveTextContent('The change was already decided.');
    expect(screen.getByText('Toinen Oy')).toBeInTheDocument();
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/api/v1/account-class-changes/c2/rejection');
    expect(post.headers.get('If-Match')).toBe('"2"');
  }, 120_000);

  it('is not in the navigation of those who may not approve', async () => {
    installApi(sellerMe, {
      'GET /api/v1/account-class-changes': () => json(200, { items: [], next_cursor: null }),
    });
    renderApp('/account-class-changes');
    expect(await screen.findByTestId('class-changes-empty', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.queryByTestId('nav-class-changes')).not.toBeInTheDocument();
  }, 120_000);
});
