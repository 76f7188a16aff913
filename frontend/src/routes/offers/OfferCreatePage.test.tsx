import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { hotWork, installOffersApi, makeOffer, page, sellerMe } from './testing';

function installApi(created = makeOffer('of-new')) {
  return installOffersApi(sellerMe, {
    'GET /api/v1/products': () => json(200, page([hotWork])),
    'GET /api/v1/contacts': () => json(200, page([])),
    'GET /api/v1/activities': () => json(200, page([])),
    'POST /api/v1/offers': () => json(201, created, { ETag: '"1"' }),
    'GET /api/v1/offers/of-new': () => json(200, created, { ETag: '"1"' }),
  });
}

// Long user stories: generous timeouts for a loaded CI machine (speed is not what is tested).
const STORY = 120_000;

describe('offer form', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  }, STORY);

  it('fills a line from the product, computes totals exactly from Finnish numbers and sends the offer once', async () => {
    const api = installApi();
    const { router } = renderApp('/offers/new?account=acc-1');
    await userEvent.click(await screen.findByRole('textbox', { name: 'Tarjoustyyppi' }, { timeout: 5000 }));
    await userEvent.click(await screen.findByRole('option', { name: 'Henkilöstökoulutus', hidden: true }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Otsikko' }), 'Tulityökoulutus keväälle');

    const [first] = screen.getAllByTestId('line-row');
    await userEvent.click(within(first!).getByRole('textbox', { name: 'Tuote 1' }));
    await userEvent.click(await screen.findByRole('option', { name: 'EDU-HOT · Tulityökortti', hidden: true }));
    expect(within(first!).getByRole('textbox', { name: 'Nimike 1' })).toHaveValue('Tulityökortti');
    expect(within(first!).getByRole('textbox', { name: 'Yksikkö 1' })).toHaveValue('hlö');
    expect(within(first!).getByRole('textbox', { name: 'À-hinta € 1' })).toHaveValue('95');
    const quantity = within(first!).getByRole('textbox', { name: 'Määrä 1' });
    await userEvent.clear(quantity);
    await userEvent.type(quantity, '2,5');
    expect(within(first!).getByTestId('line-total')).toHaveTextContent('237,50 €');

    await userEvent.click(screen.getByTestId('line-add'));
    const second = screen.getAllByTestId('line-row')[1]!;
    await userEvent.type(within(second).getByRole('textbox', { name: 'Nimike 2' }), 'Räätälöity materiaali');
    await userEvent.type(within(second).getByRole('textbox', { name: 'À-hinta € 2' }), '1 250,55');
    await userEvent.type(within(second).getByRole('textbox', { name: 'Ale % 2' }), '12,5');
    // 1250.55 × 0.875 = 1094.23125 → 1094.23; 237.50 + 1094.23 = 1331.73
    expect(within(second).getByTestId('line-total')).toHaveTextContent('1 094,23 €');
    expect(screen.getByTestId('lines-total')).toHaveTextContent('1 331,73 €');

    await userEvent.click(screen.getByTestId('attachment-add'));
    await userEvent.type(screen.getByTestId('attachment-name'), 'Sisältökuvaus');
    await userEvent.type(screen.getByTestId('attachment-url'), 'https://levy.example/ts.pdf{Enter}');

    await waitFor(() => expect(router.state.location.pathname).toBe('/offers/of-new'));
    const posts = api.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers.get('Idempotency-Key')).toMatch(/.{8,}/);
    expect(posts[0]!.body).toEqual({
      account_id: 'acc-1',
      offer_type_id: 'ot-staff',
      title: 'Tulityökoulutus keväälle',
      description: null,
      contact_id: null,
      activity_id: null,
      lines: [
        { product_id: 'p-hot', name: 'Tulityökortti', unit: 'hlö', quantity: '2.5', unit_price: '95.00', discount_percent: '0' },
        { product_id: null, name: 'Räätälöity materiaali', unit: null, quantity: '1', unit_price: '1250.55', discount_percent: '12.5' },
      ],
      attachments: [{ name: 'Sisältökuvaus', url: 'https://levy.example/ts.pdf' }],
    });
  }, STORY);

  it('names what is missing on the line itself and sends nothing, then shows the server’s located errors', async () => {
    const api = installOffersApi(sellerMe, {
      'GET /api/v1/products': () => json(200, page([hotWork])),
      'POST /api/v1/offers': () =>
        json(422, {
          status: 422,
          title: 'Validation failed',
          detail: 'account_id: The account is passive',
          errors: [{ loc: ['body', 'account_id'], msg: "The account 'Rakennus Oy' is passive (since 2026-01-15): it takes no new offers.", type: 'account_passive' }],
        }),
    });
    renderApp('/offers/new?account=acc-1');
    await userEvent.click(await screen.findByTestId('offer-save', {}, { timeout: 5000 }));
    expect(await screen.findAllByText('Pakollinen tieto.')).not.toHaveLength(0);
    const line = screen.getAllByTestId('line-row')[0]!;
    expect(within(line).getAllByText('Pakollinen tieto.')).toHaveLength(2); // name and unit price
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await userEvent.click(screen.getByRole('textbox', { name: 'Tarjoustyyppi' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Henkilöstökoulutus', hidden: true }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Otsikko' }), 'Tarjous');
    await userEvent.type(within(line).getByRole('textbox', { name: 'Nimike 1' }), 'Koulutus');
    await userEvent.type(within(line).getByRole('textbox', { name: 'À-hinta € 1' }), '100,5');
    await userEvent.click(screen.getByTestId('offer-save'));
    expect(await screen.findByText(/is passive \(since 2026-01-15\)/)).toBeInTheDocument();
    expect(screen.getByTestId('error-alert')).toHaveTextContent('Tarkista korostetut kentät.');
  }, STORY);
});
