import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../i18n';
import { todayInHelsinki } from '../../lib/format';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { page, salesManagerMe, users } from '../../test/sales';

const figures = (open_at_end: number, n: number, progressed: number, not_progressed: number, won: number, lost: number) => ({ open_at_end, new: n, progressed, not_progressed, won, lost, cancelled: 0 });
const row = (key: string | null, label: string | null, current: ReturnType<typeof figures>, previous: ReturnType<typeof figures>) => ({
  key,
  label,
  label_en: null,
  current,
  previous,
  change: Object.fromEntries(Object.keys(current).map((k) => [k, current[k as keyof typeof current] - previous[k as keyof typeof previous]])),
});

describe('monthly sales report', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows this month’s movement with coloured changes and a chart, regroups, and exports the same query', async () => {
    const month = todayInHelsinki().slice(0, 7);
    const gas = row('pt-gas', 'Kaasuliittymämyynti', figures(40, 5, 20, 22, 2, 1), figures(38, 6, 15, 25, 2, 0));
    const api = installFakeApi({
      'GET /api/v1/me': () => json(200, salesManagerMe),
      'GET /api/v1/users': () => json(200, page(users)),
      'GET /api/v1/business-units': () => json(200, page(units)),
      'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
      'GET /api/v1/reports/monthly-movement': (req) =>
        json(200, { month, previous_month: '2026-01', group_by: req.query.get('group_by'), complete: false, as_of: todayInHelsinki(), rows: [gas], total: { ...gas, key: null, label: null } }),
      'GET /api/v1/reports/pipeline': () => json(200, { group_by: 'month', items: [{ key: '2026-06', label: null, count: 2, value_sum: '25001.00', weighted_value: '15000.60' }], total: { key: null, label: null, count: 2, value_sum: '25001.00', weighted_value: '15000.60' } }),
      'GET /api/v1/reports/monthly-movement.xlsx': () => new Response('xlsx', { status: 200, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="liikkuvuus-${month}.xlsx"` } }),
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => {} }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderApp('/reports/sales');
    const rowEl = await screen.findByTestId('movement-row', {}, { timeout: 5000 });
    expect(rowEl).toHaveTextContent('Kaasuliittymämyynti');
    const progressed = within(rowEl).getAllByTestId('movement-change').find((c) => c.getAttribute('data-figure') === 'progressed')!;
    expect(progressed).toHaveTextContent('+5');
    expect(progressed).toHaveAttribute('data-tone', 'good');
    expect(screen.getByTestId('report-so-far')).toBeInTheDocument();
    expect(screen.getByTestId('movement-chart')).toBeInTheDocument();
    expect(screen.getAllByTestId('chart-bar-current')).toHaveLength(6);
    expect(await screen.findByTestId('pipeline-total-value')).toHaveTextContent('25 001,00 €');
    expect(screen.getByTestId('report-month')).toHaveValue(month);

    await userEvent.click(within(screen.getByTestId('report-group')).getByText('Alue'));
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/v1/reports/monthly-movement' && r.query.get('group_by') === 'region')).toBe(true));

    await userEvent.click(screen.getByTestId('export-xlsx'));
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/v1/reports/monthly-movement.xlsx')).toBe(true));
    const exported = api.requests.find((r) => r.path === '/api/v1/reports/monthly-movement.xlsx')!;
    expect(exported.query.get('month')).toBe(month);
    expect(exported.query.get('group_by')).toBe('region');
    expect(exported.headers.get('Authorization')).toBe('Bearer test-access');
    expect(screen.queryByTestId('error-alert')).toBeNull();
  });
});
