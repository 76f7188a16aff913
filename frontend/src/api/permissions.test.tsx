import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../i18n';
import { makeAccount, OTHER_UNIT, readOnlyMe, renderApp, salesMe, units, users } from '../test/app';
import { installFakeApi, json } from '../test/fakeApi';
import { can, canOn } from './permissions';
import type { Me } from './sdk';

function installApi(me: Me, account = makeAccount('acc-1', 'Kone Oyj')) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/users': () => json(200, { items: users, next_cursor: null }),
    'GET /api/v1/business-units': () => json(200, { items: units, next_cursor: null }),
    'GET /api/v1/accounts': () => json(200, { items: [account], next_cursor: null }),
    'GET /api/v1/accounts/acc-1': () => json(200, account, { ETag: '"1"' }),
    'GET /api/v1/accounts/acc-1/contacts': () => json(200, { items: [], next_cursor: null }),
  });
}

describe('privileges from /me', () => {
  it('grants by depth: own records, own unit, or nothing', () => {
    const mine = { owner_id: salesMe.id, business_unit_id: salesMe.business_unit_id };
    const colleagues = { owner_id: 'u-juha', business_unit_id: salesMe.business_unit_id };
    expect(can(salesMe, 'account', 'create')).toBe(true);
    expect(canOn(salesMe, 'account', 'update', mine)).toBe(true);
    expect(canOn(salesMe, 'account', 'update', colleagues)).toBe(false);
    expect(canOn(salesMe, 'account', 'read', colleagues)).toBe(true);
    expect(canOn(salesMe, 'account', 'read', { ...colleagues, business_unit_id: OTHER_UNIT })).toBe(false);
    expect(can(readOnlyMe, 'account', 'create')).toBe(false);
    expect(canOn(readOnlyMe, 'account', 'update', { owner_id: readOnlyMe.id, business_unit_id: readOnlyMe.business_unit_id })).toBe(false);
    expect(can(undefined, 'account', 'read')).toBe(false);
  });
});

describe('privilege-aware screens', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('shows a read-only user the account without Edit or Add contact', async () => {
    installApi(readOnlyMe);
    renderApp('/accounts/acc-1');
    expect(await screen.findByTestId('account-name')).toHaveTextContent('Kone Oyj');
    // The owner is shown by name, not by id.
    await waitFor(() => expect(screen.getByTestId('account-owner')).toHaveTextContent('Sanna Virtanen'));
    expect(screen.queryByTestId('edit-account')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('tab-contacts'));
    expect(await screen.findByText('No contacts yet.')).toBeInTheDocument();
    expect(screen.queryByTestId('add-contact')).not.toBeInTheDocument();
  });

  it('lets the owner edit the same account', async () => {
    installApi(salesMe);
    renderApp('/accounts/acc-1');
    expect(await screen.findByTestId('edit-account')).toHaveTextContent('Edit');
  });

  it("hides Edit from a salesperson on a colleague's account (update depth: own)", async () => {
    installApi(salesMe, makeAccount('acc-1', 'Kone Oyj', { owner_id: 'u-juha' }));
    renderApp('/accounts/acc-1');
    await waitFor(() => expect(screen.getByTestId('account-owner')).toHaveTextContent('Juha Korhonen'));
    expect(screen.queryByTestId('edit-account')).not.toBeInTheDocument();
  });

  it('hides New account and the admin menu from a read-only user', async () => {
    installApi(readOnlyMe);
    renderApp('/accounts');
    expect(await screen.findByText('Kone Oyj')).toBeInTheDocument();
    expect(screen.queryByTestId('new-account')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-admin')).not.toBeInTheDocument();
  });

  it('shows New account to a salesperson', async () => {
    installApi(salesMe);
    renderApp('/accounts');
    expect(await screen.findByTestId('new-account')).toBeInTheDocument();
  });
});
