import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { installActivitiesApi, makeActivity, sellerMe } from './testing';

describe('calendar', () => {
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-04T09:00:00Z') });
    await changeLanguage('fi');
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows my week, a colleague's calendar with busy blocks, and moves by keyboard", async () => {
    const api = installActivitiesApi(sellerMe, {
      'GET /api/v1/calendar': (req) =>
        json(200, {
          user_id: req.query.get('user_id') ?? 'u-sanna',
          user_name: null,
          start: req.query.get('from'),
          end: req.query.get('to'),
          truncated: false,
          entries:
            req.query.get('user_id') === 'u-juha'
              ? [{ start: '2026-03-05T10:00:00Z', end: '2026-03-05T11:00:00Z', busy: true, activity: null }]
              : [{ start: '2026-03-04T08:00:00Z', end: '2026-03-04T09:00:00Z', busy: false, activity: makeActivity('a-1', { subject: 'Ohjausryhmä' }) }],
        }),
    });
    renderApp('/calendar');
    const entry = await screen.findByTestId('calendar-entry', {}, { timeout: 5000 });
    expect(entry).toHaveTextContent('10.00 Ohjausryhmä');
    const first = api.requests.find((r) => r.path === '/api/v1/calendar')!;
    expect(first.query.get('from')).toBe('2026-03-01T22:00:00.000Z'); // Monday 2.3. in Helsinki
    expect(first.query.get('to')).toBe('2026-03-08T22:00:00.000Z');
    expect(first.query.get('user_id')).toBe('u-sanna');
    expect(screen.getAllByTestId('calendar-day')).toHaveLength(7);

    await userEvent.click(screen.getByRole('textbox', { name: 'Kenen kalenteri' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Juha Korhonen', hidden: true }));
    const busy = await screen.findByTestId('calendar-busy');
    expect(busy).toHaveTextContent('12.00 Varattu');
    expect(screen.queryByText('Ohjausryhmä')).toBeNull();

    const grid = screen.getByTestId('calendar-grid');
    const today = within(grid).getAllByTestId('calendar-day').find((d) => d.getAttribute('data-day') === '2026-03-04')!;
    today.focus();
    await userEvent.keyboard('{ArrowRight}');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-day')).toBe('2026-03-05'));
    await userEvent.keyboard('{PageDown}');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-day')).toBe('2026-03-12'));
    await waitFor(() => expect(api.requests.filter((r) => r.path === '/api/v1/calendar').at(-1)!.query.get('from')).toBe('2026-03-08T22:00:00.000Z'));

    await userEvent.click(screen.getByRole('radio', { name: 'Kuukausi' }));
    await waitFor(() => expect(screen.getAllByTestId('calendar-day').length).toBe(42)); // March 2026: Monday 23.2. to Sunday 5.4.
    const monthly = api.requests.filter((r) => r.path === '/api/v1/calendar').at(-1)!;
    expect(monthly.query.get('from')).toBe('2026-02-22T22:00:00.000Z');
  }, 120_000);
});
