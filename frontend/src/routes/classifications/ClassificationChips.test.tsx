import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Classification, Contact, Me, Privilege } from '../../api/sdk';
import { tokens } from '../../api/tokens';
import { changeLanguage } from '../../i18n';
import { makeAccount, UNIT } from '../../test/app';
import { installFakeApi, json, type Recorded } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { AccountClassificationsCard, ContactClassificationsCard } from './ClassificationChips';

const WAIT = { timeout: 4000 };
const account = makeAccount('acc-1', 'Kone Oyj', { version: 3 });
const contact = {
  id: 'con-1',
  first_name: 'Anna',
  last_name: 'Aalto',
  owner_id: 'u-sanna',
  business_unit_id: UNIT,
  version: 2,
} as unknown as Contact;

function cls(id: string, kind: 'account' | 'contact', name: string, name_en: string | null, parent_id: string | null = null, is_active = true): Classification {
  return {
    id,
    kind,
    key: id.replace(/-/g, '_'),
    name,
    name_en,
    name_sv: null,
    parent_id,
    sort_order: 0,
    is_active,
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    version: 1,
  };
}

const tree = [
  cls('c-schools', 'account', 'Koulut', 'Schools'),
  cls('c-upper', 'account', 'Lukiot', 'Upper secondary schools', 'c-schools'),
  cls('c-vocational', 'account', 'Ammattikoulut', null, 'c-schools'),
  cls('c-retired', 'account', 'Vanha', 'Retired', null, false),
  cls('c-alumni', 'contact', 'Alumni', 'Alumni'),
];

function me(privileges: Privilege[]): Me {
  return { id: 'u-sanna', email: 'sanna@kumppani.test', name: 'Sanna', locale: 'en', business_unit_id: UNIT, roles: [], is_admin: false, privileges };
}
const editor = me([
  { entity: 'classification', action: 'read', depth: 'organisation' },
  { entity: 'account', action: 'update', depth: 'organisation' },
  { entity: 'contact', action: 'update', depth: 'organisation' },
]);
const reader = me([{ entity: 'classification', action: 'read', depth: 'organisation' }]);

/** A fake API holding the record's classification ids; PUT and DELETE change them. */
function installChipsApi(kind: 'accounts' | 'contacts', id: string, initial: string[], who: Me = editor, put?: () => Response) {
  let assigned = [...initial];
  const base = `/api/v1/${kind}/${id}/classifications`;
  const routes: Record<string, (req: Recorded) => Response> = {
    'GET /api/v1/me': () => json(200, who),
    // Two pages, to check that the card follows the cursor.
    'GET /api/v1/classifications': (req) =>
      req.query.get('cursor') === 'p2'
        ? json(200, { items: tree.slice(3), next_cursor: null })
        : json(200, { items: tree.slice(0, 3), next_cursor: 'p2' }),
    [`GET ${base}`]: () => json(200, { classification_ids: assigned }),
  };
  for (const c of tree) {
    routes[`PUT ${base}/${c.id}`] = () => {
      if (put) return put();
      if (!assigned.includes(c.id)) assigned = [...assigned, c.id];
      return json(200, { classification_ids: assigned });
    };
    routes[`DELETE ${base}/${c.id}`] = () => {
      assigned = assigned.filter((x) => x !== c.id);
      return json(200, { classification_ids: assigned });
    };
  }
  return installFakeApi(routes);
}

const writes = (requests: Recorded[]) => requests.filter((r) => r.method !== 'GET');
const chipTexts = () => screen.queryAllByTestId('classification-chip').map((c) => c.textContent);

function optionsOf(field: HTMLElement): string[] {
  const listbox = document.getElementById(field.getAttribute('aria-controls') ?? '');
  return listbox ? within(listbox).queryAllByRole('option', { hidden: true }).map((o) => o.textContent ?? '') : [];
}

describe('classification chips', () => {
  beforeEach(async () => {
    await changeLanguage('en');
    tokens.set({ access_token: 'test-access', refresh_token: 'test-refresh' });
  });

  it("shows an account's classifications in the UI language, with their parents, read across pages", async () => {
    const api = installChipsApi('accounts', 'acc-1', ['c-upper', 'c-retired']);
    renderWithProviders(<AccountClassificationsCard account={account} etag={'"3"'} onChanged={() => {}} />);
    await waitFor(() => expect(chipTexts()).toEqual(['Schools › Upper secondary schools', 'Retired (not in use)']), WAIT);
    const lists = api.requests.filter((r) => r.path === '/api/v1/classifications');
    expect(lists.map((r) => r.query.get('cursor'))).toEqual([null, 'p2']);
    expect(lists.every((r) => r.query.get('limit') === '200')).toBe(true);

    await changeLanguage('fi');
    await waitFor(() => expect(chipTexts()).toEqual(['Koulut › Lukiot', 'Vanha (pois käytöstä)']), WAIT);
  });

  it('adds a classification picked from the searchable select and removes one with its ×', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installChipsApi('accounts', 'acc-1', ['c-upper']);
    renderWithProviders(<AccountClassificationsCard account={account} etag={'"3"'} onChanged={() => {}} />);
    const picker = await screen.findByRole('textbox', { name: 'Add a classification' }, WAIT);

    // Only active account classifications not yet on the account are offered; the search narrows them.
    await user.click(picker);
    await waitFor(() => expect(optionsOf(picker)).toEqual(['Schools', 'Schools › Ammattikoulut']), WAIT);
    await user.type(picker, 'ammatti');
    await waitFor(() => expect(optionsOf(picker)).toEqual(['Schools › Ammattikoulut']), WAIT);
    await user.keyboard('{ArrowDown}{Enter}');

    await waitFor(() => expect(chipTexts()).toEqual(['Schools › Upper secondary schools', 'Schools › Ammattikoulut']), WAIT);
    expect(writes(api.requests).map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /api/v1/accounts/acc-1/classifications/c-vocational']);

    await user.click(screen.getByRole('button', { name: 'Remove classification Schools › Upper secondary schools' }));
    await waitFor(() => expect(chipTexts()).toEqual(['Schools › Ammattikoulut']), WAIT);
    expect(writes(api.requests)[1]!.method).toBe('DELETE');
    expect(writes(api.requests)[1]!.path).toBe('/api/v1/accounts/acc-1/classifications/c-upper');
  }, 120_000);

  it("tags a contact with the contact tree's classifications", async () => {
    const user = userEvent.setup({ delay: null });
    const api = installChipsApi('contacts', 'con-1', []);
    renderWithProviders(<ContactClassificationsCard contact={contact} etag={'"2"'} onChanged={() => {}} />);
    expect(await screen.findByTestId('classification-chips-empty', {}, WAIT)).toHaveTextContent('No classifications yet.');
    const picker = screen.getByRole('textbox', { name: 'Add a classification' });
    await user.click(picker);
    await waitFor(() => expect(optionsOf(picker)).toEqual(['Alumni']), WAIT);
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect(chipTexts()).toEqual(['Alumni']), WAIT);
    expect(writes(api.requests).map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /api/v1/contacts/con-1/classifications/c-alumni']);
  }, 120_000);

  it('explains a refused change and keeps the chips as they were', async () => {
    const user = userEvent.setup({ delay: null });
    installChipsApi('accounts', 'acc-1', [], editor, () => json(403, { title: 'Forbidden', status: 403, detail: 'no' }));
    renderWithProviders(<AccountClassificationsCard account={account} etag={'"3"'} onChanged={() => {}} />);
    const picker = await screen.findByRole('textbox', { name: 'Add a classification' }, WAIT);
    await user.click(picker);
    await waitFor(() => expect(optionsOf(picker).length).toBeGreaterThan(0), WAIT);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(await screen.findByTestId('error-alert', {}, WAIT)).toBeInTheDocument();
    expect(chipTexts()).toEqual([]);
  }, 120_000);

  it('shows the chips without × or picker to someone who may not edit the account', async () => {
    installChipsApi('accounts', 'acc-1', ['c-schools'], reader);
    renderWithProviders(<AccountClassificationsCard account={account} etag={'"3"'} onChanged={() => {}} />);
    await waitFor(() => expect(chipTexts()).toEqual(['Schools']), WAIT);
    expect(screen.queryByRole('button', { name: /Remove classification/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Add a classification' })).not.toBeInTheDocument();
  });
});
