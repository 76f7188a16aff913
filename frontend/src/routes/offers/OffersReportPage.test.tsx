import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { installOffersApi, managerMe } from './testing';

const bucket = (key: string, name: string, count: number, total: string) => ({ key, name, name_en: null, name_sv: null, count, total });

describe('offer reports', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows open offers by type and owner, expiring soon, and downloads the file the user chose', async () => {
    const api = installOffersApi(managerMe, {
      'GET /api/v1/reports/offers/open': () =>
        json(200, {
          as_of: '2026-12-02',
          expiring_within_days: 14,
          count: 5,
          total: '12500.50',
          expired_count: 1,
          expired_total: '3200.00',
          expiring_count: 2,
          expiring_total: '1250.50',
          by_type: [bucket('ot-staff', 'Henkilöstökoulutus', 4, '9300.50'), bucket('ot-appr', 'Oppisopimuskoulutus', 1, '3200.00')],
          by_owner: [bucket('u-sanna', 'Sanna Virtanen', 5, '12500.50')],
          expiring: [{ id: 'of-1', number: 'TAR-2026-000042', title: 'Tulityö', account_id: 'acc-1', account_name: 'Rakennus Oy', owner_id: 'u-sanna', owner_name: 'Sanna Virtanen', valid_until: '2026-12-10', total: '1000.00' }],
        }),
      'GET /api/v1/reports/offers/open.xlsx': () =>
        new Response('xlsx', { status: 200, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': 'attachment; filename="avoimet-tarjoukset-2026-12-02.xlsx"' } }),
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => {} }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderApp('/reports/offers');
    expect(await screen.findByTestId('report-open-total', {}, { timeout: 5000 })).toHaveTextContent('12 500,50 €');
    expect(screen.getByTestId('report-expired-total')).toHaveTextContent('3 200 €');
    const types = within(screen.getByTestId('report-by-type')).getAllByTestId('bucket-row');
    expect(types[0]).toHaveTextContent('Henkilöstökoulutus49 300,50 €');
    expect(within(screen.getByTestId('report-expiring')).getByText('TAR-2026-000042')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Vastuuhenkilöittäin' }));
    await userEvent.click(screen.getByTestId('export-xlsx'));
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/v1/reports/offers/open.xlsx')).toBe(true));
    const file = api.requests.find((r) => r.path === '/api/v1/reports/offers/open.xlsx')!;
    expect(file.query.get('group_by')).toBe('owner');
    expect(file.query.get('expiring_within_days')).toBe('14');
  }, 120_000);

  it('shows each user’s orders of the year against the target with a cumulative chart', async () => {
    const months = (values: string[]) => [...values, ...Array(12 - values.length).fill(values.at(-1))];
    installOffersApi(managerMe, {
      'GET /api/v1/reports/offers/open': () => json(200, { as_of: '2026-12-02', expiring_within_days: 14, count: 0, total: '0.00', expired_count: 0, expired_total: '0.00', expiring_count: 0, expiring_total: '0.00', by_type: [], by_owner: [], expiring: [] }),
      'GET /api/v1/reports/offers/targets': () =>
        json(200, {
          year: 2026,
          months_elapsed: 12,
          total_target: '120000.00',
          total_achieved: '13000.00',
          rows: [
            {
              user_id: 'u-sanna',
              user_name: 'Sanna Virtanen',
              target_id: 'st-1',
              euro_target: '120000.00',
              achieved: '13000.00',
              achieved_percent: '10.8',
              monthly: ['10000.00', '3000.00', ...Array(10).fill('0.00')],
              cumulative: months(['10000.00', '13000.00']),
              target_path: Array.from({ length: 12 }, (_, i) => `${(i + 1) * 10000}.00`),
              orders: 3,
              new_customers: 1,
              new_customers_target: 5,
              repeat_customers: 1,
              repeat_purchases_target: null,
              meetings: 4,
              meetings_target: 40,
            },
          ],
        }),
    });
    renderApp('/reports/offers');
    await userEvent.click(await screen.findByTestId('report-tab-targets', {}, { timeout: 5000 }));
    const row = await screen.findByTestId('target-report-row');
    expect(row).toHaveTextContent('Sanna Virtanen');
    expect(row).toHaveTextContent('120 000 €');
    expect(row).toHaveTextContent('10,8 %');
    expect(row).toHaveTextContent('1 / 5');
    expect(row).toHaveTextContent('4 / 40');
    expect(screen.getAllByTestId('target-bar')).toHaveLength(12);
    expect(screen.getByTestId('target-path')).toBeInTheDocument();
  }, 120_000);
});
