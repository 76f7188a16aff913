import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { installOffersApi, makeOffer, page, sellerMe } from './testing';

describe('offer list', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('lists open offers first, marks the expired ones and filters by expiry, type and status on the server', async () => {
    const api = installOffersApi(sellerMe, {
      'GET /api/v1/offers': (req) =>
        json(200, page(req.query.get('expiring_within_days') ? [makeOffer('of-2', { number: 'TAR-2026-000002' })] : [makeOffer('of-1'), makeOffer('of-3', { number: 'TAR-2026-000003', is_expired: true })], 'next-page')),
    });
    renderApp('/offers');
    const rows = await screen.findAllByTestId('offer-row', {}, { timeout: 5000 });
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent('Vanhentunut');
    const first = api.requests.find((r) => r.path === '/api/v1/offers')!;
    expect(first.query.getAll('status')).toEqual(['open']);
    expect(first.query.get('sort')).toBe('-offered_on');
    await userEvent.click(screen.getByTestId('offer-filter-expiring'));
    await waitFor(() => expect(screen.getAllByTestId('offer-row')).toHaveLength(1));
    const last = api.requests.filter((r) => r.path === '/api/v1/offers').at(-1)!;
    expect(last.query.get('expiring_within_days')).toBe('14');
    await userEvent.click(screen.getByRole('textbox', { name: 'Tyyppi' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Oppisopimuskoulutus', hidden: true }));
    await waitFor(() => expect(api.requests.filter((r) => r.path === '/api/v1/offers').at(-1)!.query.get('offer_type_id')).toBe('ot-appr'));
    await userEvent.click(screen.getByTestId('pager-next'));
    await waitFor(() => expect(api.requests.filter((r) => r.path === '/api/v1/offers').at(-1)!.query.get('cursor')).toBe('next-page'));
  }, 120_000);
});
