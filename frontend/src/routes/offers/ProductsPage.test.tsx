import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { adminMe, hotWork, installOffersApi, page } from './testing';

const groups = [
  { id: 'g-edu', name: 'Koulutus', name_en: 'Training', name_sv: null, parent_id: null, sort_order: 1, is_active: true, version: 1, created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z' },
  { id: 'g-tech', name: 'Tekniikka ja liikenne', name_en: null, name_sv: null, parent_id: 'g-edu', sort_order: 0, is_active: true, version: 1, created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z' },
];

describe('catalogue admin', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('creates a product under a field of education with a price typed the Finnish way', async () => {
    const api = installOffersApi(adminMe, {
      'GET /api/v1/product-groups': () => json(200, page(groups)),
      'GET /api/v1/products': () => json(200, page([{ ...hotWork, product_group_id: 'g-tech' }])),
      'POST /api/v1/products': () => json(201, hotWork, { ETag: '"1"' }),
    });
    renderApp('/admin/products');
    const row = await screen.findByTestId('product-row', {}, { timeout: 5000 });
    expect(row).toHaveTextContent('Koulutus › Tekniikka ja liikenne');
    expect(row).toHaveTextContent('95,00 €');
    await userEvent.click(screen.getByTestId('new-product'));
    const form = await screen.findByTestId('product-form');
    await userEvent.type(within(form).getByTestId('product-code'), 'EDU-FIRST');
    await userEvent.type(within(form).getByTestId('product-name'), 'Ensiapu EA1');
    await userEvent.click(within(form).getByRole('textbox', { name: 'Tuoteryhmä' }));
    // The page's own group filter has the same options: the form's list is the last one opened.
    await userEvent.click((await screen.findAllByRole('option', { name: 'Koulutus › Tekniikka ja liikenne', hidden: true })).at(-1)!);
    await userEvent.type(within(form).getByTestId('product-unit'), 'hlö');
    await userEvent.type(within(form).getByTestId('product-price'), '1 250,5');
    await userEvent.click(within(form).getByTestId('product-save'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST')).toBe(true));
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toMatchObject({ code: 'EDU-FIRST', name: 'Ensiapu EA1', product_group_id: 'g-tech', unit: 'hlö', unit_price: '1250.50', kind: 'service', is_active: true });
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
  }, 120_000);

  it('shows the product groups as a tree', async () => {
    installOffersApi(adminMe, { 'GET /api/v1/product-groups': () => json(200, page(groups)) });
    renderApp('/admin/product-groups');
    const rows = await screen.findAllByTestId('group-row', {}, { timeout: 5000 });
    expect(rows.map((r) => [r.getAttribute('data-depth'), r.querySelector('td')?.textContent])).toEqual([
      ['0', 'Koulutus'],
      ['1', '└ Tekniikka ja liikenne'],
    ]);
  }, 120_000);
});
