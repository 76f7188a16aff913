import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { makeAccount, renderApp, salesMe, units, users } from '../../test/app';
import { installFakeApi, json, type Recorded } from '../../test/fakeApi';

/** Three keyset pages: no cursor → Alpha (next c2) → Beta (next c3) → Gamma (last). */
const PAGES: Record<string, { name: string; next: string | null }> = {
  '': { name: 'Alpha Oy', next: 'c2' },
  c2: { name: 'Beta Oy', next: 'c3' },
  c3: { name: 'Gamma Oy', next: null },
};

function installAccountsApi() {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, salesMe),
    'GET /api/v1/users': () => json(200, { items: users, next_cursor: null }),
    'GET /api/v1/business-units': () => json(200, { items: units, next_cursor: null }),
    'GET /api/v1/accounts': (req) => {
      const page = PAGES[req.query.get('cursor') ?? '']!;
      const q = req.query.get('q');
      const name = q ? `${q} Search Result Oy` : page.name;
      return json(200, { items: [makeAccount(`id-${name}`, name, { owner_id: 'u-juha' })], next_cursor: q ? null : page.next });
    },
  });
}

const listRequests = (requests: Recorded[]) => requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/accounts');

async function rows() {
  const table = await screen.findByTestId('accounts-table');
  return within(table).getAllByRole('row').slice(1);
}

describe('AccountsListPage', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('sends the search as `q` only after the user stops typing', async () => {
    const api = installAccountsApi();
    renderApp('/accounts');
    // The first screen of a run loads its lazy modules: allow for a busy machine.
    expect(await screen.findByText('Alpha Oy', {}, { timeout: 4000 })).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Search'), 'Kone');
    // Typing four letters took less than the debounce: nothing was searched yet.
    expect(listRequests(api.requests).filter((r) => r.query.has('q'))).toHaveLength(0);

    expect(await screen.findByText('Kone Search Result Oy')).toBeInTheDocument();
    const searched = listRequests(api.requests).filter((r) => r.query.has('q'));
    expect(searched.map((r) => r.query.get('q'))).toEqual(['Kone']);
    expect(searched[0]!.query.has('cursor')).toBe(false);
  });

  it('toggles the name sort between `name` and `-name` from the column header', async () => {
    const api = installAccountsApi();
    renderApp('/accounts');
    await screen.findByText('Alpha Oy', {}, { timeout: 4000 });
    expect(listRequests(api.requests).at(-1)!.query.get('sort')).toBe('name');

    const header = screen.getByRole('button', { name: 'Sort by Name' });
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'ascending');

    await userEvent.click(header);
    await waitFor(() => expect(listRequests(api.requests).at(-1)!.query.get('sort')).toBe('-name'));
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'descending');

    await userEvent.click(header);
    await waitFor(() => expect(header.closest('th')).toHaveAttribute('aria-sort', 'ascending'));
    expect(listRequests(api.requests).map((r) => r.query.get('sort'))).toEqual(['name', '-name', 'name']);
  });

  it('pages forward with next_cursor and back through the cursors already visited', async () => {
    const api = installAccountsApi();
    renderApp('/accounts');
    await screen.findByText('Alpha Oy', {}, { timeout: 4000 });
    const previous = screen.getByTestId('pager-previous');
    const next = screen.getByTestId('pager-next');
    expect(previous).toBeDisabled();
    expect(screen.getByTestId('pager-page')).toHaveTextContent('Page 1');

    await userEvent.click(next);
    expect(await screen.findByText('Beta Oy')).toBeInTheDocument();
    expect(listRequests(api.requests).at(-1)!.query.get('cursor')).toBe('c2');

    await userEvent.click(next);
    expect(await screen.findByText('Gamma Oy')).toBeInTheDocument();
    expect(listRequests(api.requests).at(-1)!.query.get('cursor')).toBe('c3');
    expect(screen.getByTestId('pager-page')).toHaveTextContent('Page 3');
    expect(next).toBeDisabled();

    await userEvent.click(previous);
    expect(await screen.findByText('Beta Oy')).toBeInTheDocument();
    expect(screen.getByTestId('pager-page')).toHaveTextContent('Page 2');

    await userEvent.click(previous);
    expect(await screen.findByText('Alpha Oy')).toBeInTheDocument();
    expect(screen.getByTestId('pager-page')).toHaveTextContent('Page 1');
    expect(previous).toBeDisabled();
    expect(listRequests(api.requests).map((r) => r.query.get('cursor'))).toEqual([null, 'c2', 'c3', 'c2', null]);
  });

  it('shows owners by name, from one users request for the whole page', async () => {
    const api = installAccountsApi();
    renderApp('/accounts');
    await screen.findByText('Alpha Oy', {}, { timeout: 4000 });
    const [row] = await rows();
    expect(await within(row!).findByText('Juha Korhonen')).toBeInTheDocument();
    expect(api.requests.filter((r) => r.path.startsWith('/api/v1/users'))).toHaveLength(1);
    // Each name links to its account and is reachable by keyboard.
    expect(within(row!).getByRole('link', { name: 'Alpha Oy' })).toHaveAttribute('href', '/accounts/id-Alpha%20Oy');
  });

  it('leaves passive accounts out unless asked, and lists customers without an account manager', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installFakeApi({
      'GET /api/v1/me': () => json(200, salesMe),
      'GET /api/v1/users': () => json(200, { items: users, next_cursor: null }),
      'GET /api/v1/business-units': () => json(200, { items: units, next_cursor: null }),
      'GET /api/v1/accounts': (req) =>
        json(200, {
          items: [
            makeAccount('a1', 'Alpha Oy'),
            ...(req.query.get('include_passive') === 'true'
              ? [makeAccount('a2', 'Lopettanut Oy', { passive_since: '2026-01-01T10:00:00Z', passive_reason: 'Konkurssi' })]
              : []),
          ],
          next_cursor: null,
        }),
    });
    renderApp('/accounts');
    await screen.findByText('Alpha Oy', {}, { timeout: 4000 });
    expect(listRequests(api.requests).at(-1)!.query.has('include_passive')).toBe(false);

    await user.click(screen.getByRole('checkbox', { name: 'Show passive' }));
    const [, row] = await waitFor(async () => {
      const found = await rows();
      expect(found).toHaveLength(2);
      return found;
    });
    expect(within(row!).getByTestId('passive-badge')).toHaveTextContent('Passive');

    await user.click(screen.getByRole('checkbox', { name: 'Without account manager' }));
    await waitFor(() => expect(listRequests(api.requests).at(-1)!.query.get('without_account_manager')).toBe('true'));
    expect(listRequests(api.requests).at(-1)!.query.get('include_passive')).toBe('true');
    // Changing a filter starts again from the first page.
    expect(listRequests(api.requests).at(-1)!.query.has('cursor')).toBe(false);
  }, 120_000);
});
