import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Me, Privilege } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { makeAccount, renderApp, salesMe, units, users } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';

const WAIT = { timeout: 5000 };
const requestCreator: Me = {
  ...salesMe,
  privileges: [...salesMe.privileges, { entity: 'service_request', action: 'create', depth: 'own' } as Privilege],
};
const admin: Me = {
  ...salesMe,
  id: 'u-admin',
  is_admin: true,
  privileges: (['read', 'update', 'delete'] as const).map((action) => ({ entity: 'account', action, depth: 'organisation' }) as Privilege),
};

function installPageApi(me: Me, account = makeAccount('acc-1', 'Kone Oyj'), mayManage = false) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/users': () => json(200, { items: users, next_cursor: null }),
    'GET /api/v1/business-units': () => json(200, { items: units, next_cursor: null }),
    'GET /api/v1/accounts/acc-1': () => json(200, account, { ETag: `"${account.version}"` }),
    'GET /api/v1/accounts/acc-1/team': () =>
      json(200, { account_id: 'acc-1', version: account.version, account_manager: null, members: [], may_manage: mayManage }),
    'GET /api/v1/accounts/acc-1/merges': () => json(200, { items: [], next_cursor: null }),
    'GET /api/v1/account-team-roles': () =>
      json(200, { items: [{ id: 'r1', key: 'sales', name: 'Myynti', name_en: 'Sales', name_sv: null, sort_order: 0, is_active: true, created_at: '', updated_at: '', version: 1 }], next_cursor: null }),
    'GET /api/v1/accounts/acc-1/history': () =>
      json(200, {
        items: [
          {
            id: 'h1',
            changed_at: '2026-02-01T10:00:00Z',
            changed_by: 'u-sanna',
            changed_by_name: 'Sanna Virtanen',
            operation: 'update',
            field: 'team_member',
            old_value: null,
            new_value: { user_id: 'u-juha', name: 'Juha Korhonen', role: 'sales', access: 'edit' },
          },
        ],
        next_cursor: null,
      }),
  });
}

describe('account page: account management', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('marks a passive account, says why, and offers no new service request', async () => {
    const passive = makeAccount('acc-1', 'Kone Oyj', { passive_since: '2026-03-02T22:30:00Z', passive_reason: 'Konkurssi' });
    installPageApi(requestCreator, passive);
    renderApp('/accounts/acc-1');
    expect(await screen.findByTestId('account-passive-badge', {}, WAIT)).toHaveTextContent('Passive');
    expect(screen.getByTestId('account-passive-notice')).toHaveTextContent('Konkurssi');
    expect(screen.queryByTestId('account-new-request')).not.toBeInTheDocument();
    // The owner may reactivate it.
    expect(screen.getByTestId('account-reactivate')).toBeInTheDocument();
  }, 120_000);

  it('offers a new service request on an active account', async () => {
    installPageApi(requestCreator);
    renderApp('/accounts/acc-1');
    expect(await screen.findByTestId('account-new-request', {}, WAIT)).toBeInTheDocument();
    expect(screen.queryByTestId('account-passive-badge')).not.toBeInTheDocument();
  }, 120_000);

  it('lets a team member with edit access edit a colleague’s account, and shows team changes in the history', async () => {
    installPageApi(salesMe, makeAccount('acc-1', 'Kone Oyj', { owner_id: 'u-juha' }), true);
    renderApp('/accounts/acc-1');
    expect(await screen.findByTestId('edit-account', {}, WAIT)).toBeInTheDocument();
    expect(screen.queryByTestId('account-merge')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('tab-history'));
    const table = await screen.findByTestId('history-table', {}, WAIT);
    const [, row] = within(table).getAllByRole('row');
    expect(row).toHaveTextContent('Team member');
    await waitFor(() => expect(row).toHaveTextContent('Juha Korhonen (Sales, Edit)'));
  }, 120_000);

  it('offers merging a duplicate to an administrator only', async () => {
    installPageApi(admin);
    renderApp('/accounts/acc-1');
    expect(await screen.findByTestId('account-merge', {}, WAIT)).toHaveTextContent('Merge a duplicate');
  }, 120_000);
});
