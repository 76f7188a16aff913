import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { installOffersApi, makeOffer, makeOrder, page, sellerMe } from './testing';

describe('the account page’s offers and orders', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('shows the purchase volume of the last 12 months and per year, the offers and the orders', async () => {
    installOffersApi(sellerMe, {
      'GET /api/v1/accounts/acc-1/contacts': () => json(200, page([])),
      'GET /api/v1/accounts/acc-1/purchase-volume': () =>
        json(200, {
          account_id: 'acc-1',
          as_of: '2026-12-02',
          window_from: '2025-12-03',
          last_12_months_total: '25400.50',
          last_12_months_orders: 7,
          years: [
            { year: 2026, total: '23100.50', orders: 6 },
            { year: 2025, total: '9000.00', orders: 3 },
          ],
          first_ordered_on: '2025-02-01',
          last_ordered_on: '2026-11-30',
        }),
      'GET /api/v1/offers': () => json(200, page([makeOffer('of-1')])),
      'GET /api/v1/orders': () => json(200, page([makeOrder('or-1')])),
    });
    renderApp('/accounts/acc-1');
    await userEvent.click(await screen.findByTestId('tab-offers', {}, { timeout: 5000 }));
    expect(await screen.findByTestId('purchase-volume-12m', {}, { timeout: 5000 })).toHaveTextContent('25 400,50 €');
    expect(screen.getByTestId('purchase-volume')).toHaveTextContent('7 tilausta');
    const years = within(screen.getByTestId('purchase-years')).getAllByRole('row');
    expect(years.map((r) => r.textContent?.replace(/\s/g, ' '))).toEqual(['202623 100,50 €6 tilausta', '20259 000,00 €3 tilausta']);
    expect(await screen.findByTestId('offer-row')).toHaveTextContent('TAR-2026-000042');
    expect(screen.getByTestId('order-row')).toHaveTextContent('TIL-2026-000007');
    expect(screen.getByTestId('account-new-offer')).toHaveAttribute('href', '/offers/new?account=acc-1');
  }, 120_000);
});
