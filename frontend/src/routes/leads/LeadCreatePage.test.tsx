import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { installLeadsApi, makeLead, page, serviceMe } from './testing';

describe('quick lead entry', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('takes a whole lead from the keyboard, warns about a duplicate inline and saves with Enter', async () => {
    const api = installLeadsApi(serviceMe, {
      'GET /api/v1/leads/duplicates': (req) =>
        json(200, page(req.query.get('email') ? [{ kind: 'contact', id: 'c-1', label: 'Minna Koskinen', matched_on: ['email'], account_id: 'acc-1', account_name: 'Konepaja Oy' }] : [])),
      'POST /api/v1/leads': () => json(201, { ...makeLead('l-new'), duplicates: [] }, { ETag: '"1"' }),
      'GET /api/v1/leads/l-new': () => json(200, makeLead('l-new'), { ETag: '"1"' }),
    });
    renderApp('/leads/new');
    const company = await screen.findByTestId('lead-company', {}, { timeout: 15000 });
    await waitFor(() => expect(company).toHaveFocus());
    const user = userEvent.setup();
    await user.keyboard('Pirkan Konepaja Oy');
    await user.tab();
    await user.keyboard('Minna Koskinen');
    await user.tab();
    await user.keyboard('040 123 4567');
    await user.tab();
    await user.keyboard('minna@konepaja.fi');
    await user.tab();
    await user.keyboard('0112038-9');
    await user.tab();
    await user.keyboard('Tampere');
    await user.tab();
    expect(screen.getByTestId('lead-product')).toHaveFocus();
    await user.keyboard('Maakaasu');
    await screen.findByRole('option', { name: 'Maakaasuliittymä', hidden: true });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('lead-product')).toHaveValue('Maakaasuliittymä'));
    expect(await screen.findByTestId('lead-duplicate')).toHaveTextContent('Yhteyshenkilö: Minna Koskinen (Konepaja Oy) — sama sähköposti');
    await user.click(screen.getByTestId('lead-municipality'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/leads')).toBe(true));
    const post = api.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/leads')!;
    expect(post.body).toEqual({
      company_name: 'Pirkan Konepaja Oy',
      contact_name: 'Minna Koskinen',
      phone: '040 123 4567',
      email: 'minna@konepaja.fi',
      business_id: '0112038-9',
      municipality: 'Tampere',
      product_id: 'p-gas',
      description: null,
      source: 'phone_call',
    });
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
    expect(await screen.findByTestId('lead-owner', {}, { timeout: 10000 })).toHaveTextContent('Sanna Virtanen');
    expect(screen.getAllByTestId('routing-step')[1]).toHaveAttribute('data-outcome', 'matched');
  }, 120_000);

  it('picks the typed product on Enter even before the list highlights it, without submitting', async () => {
    const api = installLeadsApi(serviceMe, {
      'GET /api/v1/leads/duplicates': () => json(200, page([])),
    });
    renderApp('/leads/new');
    const product = await screen.findByTestId('lead-product', {}, { timeout: 15000 });
    // The search text arrives and Enter follows in the same tick: no highlight yet.
    fireEvent.change(product, { target: { value: 'kaasuliit' } });
    fireEvent.keyDown(product, { key: 'Enter', code: 'Enter' });
    await waitFor(() => expect(product).toHaveValue('Maakaasuliittymä'));
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
    expect(screen.queryByText('Pakollinen')).toBeNull();
  }, 120_000);

  it('refuses to save without the required fields', async () => {
    const api = installLeadsApi(serviceMe);
    renderApp('/leads/new');
    await screen.findByTestId('lead-company', {}, { timeout: 15000 });
    await userEvent.type(screen.getByTestId('lead-company'), 'Yritys Oy{Enter}');
    await screen.findAllByText('Pakollinen');
    expect(screen.getAllByText('Pakollinen')).toHaveLength(3);
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
  }, 120_000);
});
