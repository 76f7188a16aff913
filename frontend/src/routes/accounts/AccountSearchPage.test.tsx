import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { accountCatalogue } from '../../components/filter/testing';
import { makeAccount, renderApp } from '../../test/app';
import { json, type Recorded } from '../../test/fakeApi';

import { adminMe, installOffersApi, page } from '../offers/testing';

const WAIT = { timeout: 15_000 };

describe('the account search', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('counts while the filter is built, runs it, and pages with the cursor', async () => {
    const searches: Recorded[] = [];
    installOffersApi(adminMe, {
      'GET /api/v1/filter-catalogues/account': () => json(200, accountCatalogue),
      'GET /api/v1/classifications': () => json(200, page([])),
      'POST /api/v1/accounts/search/count': (req) => {
        const filter = (req.body as { filter: { all: Array<{ value?: number }> } }).filter;
        return json(200, { count: filter.all.length ? 60 + (filter.all[0]?.value ?? 0) : 500 });
      },
      'POST /api/v1/accounts/search': (req) => {
        searches.push(req);
        const cursor = (req.body as { cursor: string | null }).cursor;
        return cursor
          ? json(200, page([makeAccount('acc-2', 'Toinen Oy')]))
          : json(200, page([makeAccount('acc-1', 'Ensimmäinen Oy')], 'c-2'));
      },
    });
    const user = userEvent.setup();
    renderApp('/accounts/search');
    await waitFor(() => expect(screen.getByTestId('account-search-count')).toHaveTextContent('500 asiakasta'), WAIT);
    const add = await screen.findByTestId('filter-add', {}, WAIT);
    await user.click(add);
    await user.type(add, 'Kokoluokka');
    await user.click(await screen.findByRole('option', { name: 'Kokoluokka', hidden: true }, WAIT));
    const condition = screen.getByTestId('filter-condition');
    await user.clear(within(condition).getByTestId('filter-value'));
    await user.type(within(condition).getByTestId('filter-value'), '5');
    await waitFor(() => expect(screen.getByTestId('account-search-count')).toHaveTextContent('65 asiakasta'), WAIT);
    expect(searches).toHaveLength(0);

    await user.click(screen.getByTestId('account-search-run'));
    expect(await screen.findByText('Ensimmäinen Oy', {}, WAIT)).toBeInTheDocument();
    expect(searches[0]?.body).toMatchObject({ filter: { all: [{ field: 'size_class', op: 'eq', value: 5 }] }, cursor: null, limit: 50 });
    await user.click(screen.getByTestId('account-search-next'));
    expect(await screen.findByText('Toinen Oy', {}, WAIT)).toBeInTheDocument();
    expect(searches.at(-1)?.body).toMatchObject({ cursor: 'c-2' });
  }, 120_000);
});
