import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountContact, Me, Privilege } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { makeAccount, renderApp, salesMe, UNIT, units, users } from '../../test/app';
import { installFakeApi, json, type Recorded } from '../../test/fakeApi';

const WAIT = { timeout: 5000 };
const me: Me = {
  ...salesMe,
  privileges: [
    ...salesMe.privileges,
    { entity: 'classification', action: 'read', depth: 'organisation' } as Privilege,
    { entity: 'contact', action: 'update', depth: 'business_unit' } as Privilege,
  ],
};

const anna: AccountContact = {
  id: 'con-1',
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
  version: 4,
  first_name: 'Anna',
  last_name: 'Aalto',
  title: 'Rehtori',
  email: null,
  phone: null,
  preferred_language: 'fi',
  marketing_consent: false,
  marketing_consent_at: null,
  marketing_consent_source: null,
  owner_id: 'u-sanna',
  business_unit_id: UNIT,
  role: 'Rehtori',
  accounts: [
    { account_id: 'acc-1', account_name: 'Kone Oyj', role: 'Rehtori', buying_role: null },
    { account_id: 'acc-2', account_name: 'Espoon lukio', role: null, buying_role: 'influencer' },
  ],
};

function installPageApi() {
  let contact = structuredClone(anna);
  const account = makeAccount('acc-1', 'Kone Oyj');
  return installFakeApi({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/users': () => json(200, { items: users, next_cursor: null }),
    'GET /api/v1/business-units': () => json(200, { items: units, next_cursor: null }),
    'GET /api/v1/accounts/acc-1': () => json(200, account, { ETag: `"${account.version}"` }),
    'GET /api/v1/accounts/acc-1/team': () =>
      json(200, { account_id: 'acc-1', version: 1, account_manager: null, members: [], may_manage: false }),
    'GET /api/v1/accounts/acc-1/contacts': () => json(200, { items: [contact], next_cursor: null }),
    'GET /api/v1/contacts/con-1': () => json(200, contact, { ETag: `"${contact.version}"` }),
    'GET /api/v1/contacts/con-1/classifications': () => json(200, { classification_ids: [] }),
    'GET /api/v1/accounts/acc-1/classifications': () => json(200, { classification_ids: [] }),
    'GET /api/v1/classifications': () => json(200, { items: [], next_cursor: null }),
    'PATCH /api/v1/contacts/con-1': (req) => {
      const body = req.body as { accounts: AccountContact['accounts'] };
      const names = new Map(contact.accounts.map((l) => [l.account_id, l.account_name]));
      contact = {
        ...contact,
        version: contact.version + 1,
        accounts: body.accounts.map((l) => ({ ...l, account_name: names.get(l.account_id) ?? null })),
      };
      return json(200, contact, { ETag: `"${contact.version}"` });
    },
  });
}

const patches = (requests: Recorded[]) => requests.filter((r) => r.method === 'PATCH');

async function pick(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, option: string) {
  await user.click(field);
  await waitFor(() => expect(field.getAttribute('aria-controls')).toBeTruthy());
  const listbox = document.getElementById(field.getAttribute('aria-controls')!)!;
  await user.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

describe('buying roles on contact–account links', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it("sets a contact's buying role at the account from the account's contacts, keeping the other links", async () => {
    const user = userEvent.setup({ delay: null });
    const api = installPageApi();
    renderApp('/accounts/acc-1');
    // The classification chips are one of the account page's cards.
    expect(await screen.findByTestId('account-classifications-card', {}, WAIT)).toBeInTheDocument();
    await user.click(screen.getByTestId('tab-contacts'));
    const select = await screen.findByRole('textbox', { name: 'Buying role of Anna Aalto' }, WAIT);
    expect(select).toHaveValue('');
    await pick(user, select, 'Decision maker');

    await waitFor(() => expect(patches(api.requests)).toHaveLength(1), WAIT);
    const patch = patches(api.requests)[0]!;
    expect(patch.path).toBe('/api/v1/contacts/con-1');
    expect(patch.headers.get('If-Match')).toBe('"4"');
    expect(patch.body).toEqual({
      accounts: [
        { account_id: 'acc-1', role: 'Rehtori', buying_role: 'decision_maker' },
        { account_id: 'acc-2', role: null, buying_role: 'influencer' },
      ],
    });
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Buying role of Anna Aalto' })).toHaveValue('Decision maker'), WAIT);
  }, 120_000);

  it("shows each link's buying role on the contact page and changes them, in Finnish", async () => {
    await changeLanguage('fi');
    const user = userEvent.setup({ delay: null });
    const api = installPageApi();
    renderApp('/contacts/con-1');
    const espoo = await screen.findByRole('textbox', { name: 'Ostokeskuksen rooli: Anna Aalto (Espoon lukio)' }, WAIT);
    expect(espoo).toHaveValue('Vaikuttaja');
    expect(await screen.findByTestId('contact-classifications-card', {}, WAIT)).toBeInTheDocument();
    await pick(user, screen.getByRole('textbox', { name: 'Ostokeskuksen rooli: Anna Aalto (Kone Oyj)' }), 'Asiantuntija');
    await waitFor(() => expect(patches(api.requests)).toHaveLength(1), WAIT);
    expect(patches(api.requests)[0]!.body).toEqual({
      accounts: [
        { account_id: 'acc-1', role: 'Rehtori', buying_role: 'expert' },
        { account_id: 'acc-2', role: null, buying_role: 'influencer' },
      ],
    });
    // The next change carries the ETag the first one answered.
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Ostokeskuksen rooli: Anna Aalto (Kone Oyj)' })).toHaveValue('Asiantuntija'), WAIT);
    await pick(user, screen.getByRole('textbox', { name: 'Ostokeskuksen rooli: Anna Aalto (Espoon lukio)' }), 'Päättäjä');
    await waitFor(() => expect(patches(api.requests)).toHaveLength(2), WAIT);
    expect(patches(api.requests)[1]!.headers.get('If-Match')).toBe('"5"');
  }, 120_000);
});
