import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { installOffersApi, makeOffer, makeOrder, sellerMe } from './testing';

// Long user stories: generous timeouts for a loaded CI machine (speed is not what is tested).
const STORY = 120_000;

function installApi() {
  let offer = makeOffer('of-1');
  const api = installOffersApi(sellerMe, {
    'GET /api/v1/offers/of-1': () => json(200, offer, { ETag: `"${offer.version}"` }),
    'GET /api/v1/offers/of-1/history': () => json(200, { items: [], next_cursor: null }),
    'POST /api/v1/offers/of-1/acceptance': () => {
      const order = makeOrder('or-1');
      offer = { ...offer, status: 'won', allowed_statuses: [], closed_on: '2026-03-10', order: { id: 'or-1', number: order.number, status: 'ordered' }, version: 4 };
      return json(200, { offer, order }, { ETag: '"4"' });
    },
    'POST /api/v1/offers/of-1/status': (req) => {
      const body = req.body as { status: 'lost'; reason: string };
      offer = { ...offer, status: body.status, status_reason: body.reason, allowed_statuses: ['open'], version: 4 };
      return json(200, offer, { ETag: '"4"' });
    },
  });
  return api;
}

describe('offer page', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('shows the offer and, once the customer accepts, the order it became', async () => {
    const api = installApi();
    renderApp('/offers/of-1');
    expect(await screen.findByTestId('offer-title', {}, { timeout: 5000 })).toHaveTextContent('Tulityökoulutus');
    expect(screen.getByTestId('offer-number')).toHaveTextContent('TAR-2026-000042');
    expect(screen.getByTestId('offer-total')).toHaveTextContent('1 140,00 €');
    expect(within(screen.getByTestId('lines-table')).getByTestId('saved-line')).toHaveTextContent('Tulityökortti');
    await userEvent.click(screen.getByTestId('offer-accept'));
    const dialog = await screen.findByTestId('offer-action-form');
    await userEvent.clear(within(dialog).getByTestId('accept-ordered-on'));
    await userEvent.type(within(dialog).getByTestId('accept-ordered-on'), '2026-03-10');
    await userEvent.type(within(dialog).getByTestId('accept-reference'), 'ERP:7001');
    await userEvent.click(within(dialog).getByTestId('offer-action-confirm'));
    expect(await screen.findByTestId('offer-order-link')).toHaveTextContent('Avaa tilaus TIL-2026-000007');
    expect(screen.getByTestId('offer-status')).toHaveTextContent('Tilaus');
    expect(screen.queryByTestId('offer-accept')).toBeNull();
    const post = api.requests.find((r) => r.path.endsWith('/acceptance'))!;
    expect(post.headers.get('If-Match')).toBe('"3"');
    expect(post.body).toEqual({ ordered_on: '2026-03-10', external_reference: 'ERP:7001' });
  }, STORY);

  it('asks why an offer was lost and then offers to reopen it', async () => {
    const api = installApi();
    renderApp('/offers/of-1');
    await userEvent.click(await screen.findByTestId('offer-lose', {}, { timeout: 5000 }));
    const dialog = await screen.findByTestId('offer-action-form');
    await userEvent.click(within(dialog).getByTestId('offer-action-confirm'));
    expect(await within(dialog).findByText('Pakollinen tieto.')).toBeInTheDocument();
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
    await userEvent.type(within(dialog).getByTestId('status-reason'), 'Kilpailija halvempi');
    await userEvent.click(within(dialog).getByTestId('offer-action-confirm'));
    await waitFor(() => expect(screen.getByTestId('offer-status')).toHaveTextContent('Hävitty'));
    expect(screen.getByTestId('offer-reason')).toHaveTextContent('Kilpailija halvempi');
    expect(screen.getByTestId('offer-reopen')).toBeInTheDocument();
    const post = api.requests.find((r) => r.path.endsWith('/status'))!;
    expect((post.body as { status: string }).status).toBe('lost');
  }, STORY);
});
