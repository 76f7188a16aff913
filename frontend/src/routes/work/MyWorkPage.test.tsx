import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { page, serviceMe, users } from '../../test/service';

const activity = (id: string, subject: string) => ({
  id,
  type: 'task',
  subject,
  description: null,
  regarding: { type: 'service_request', id: 'sr-1', label: 'PP-2026-000001' },
  account_id: null,
  due_at: '2026-03-02T08:00:00Z',
  duration_minutes: null,
  priority: 'high',
  status: 'open',
  completed_at: null,
  direction: null,
  occurred_at: '2026-03-02T08:00:00Z',
  owner_id: 'u-sanna',
  owner_name: 'Sanna Virtanen',
  business_unit_id: 'bu-sales',
  delegated_by_id: 'u-juha',
  delegated_by_name: 'Juha Korhonen',
  created_by: 'u-juha',
  created_at: '2026-03-01T08:00:00Z',
  updated_at: '2026-03-01T08:00:00Z',
  version: 4,
});

describe('my work', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('shows the bucket counts and marks an overdue task done with its ETag', async () => {
    let overdue = [activity('a-1', 'Soita asiakkaalle')];
    const api = installFakeApi({
      'GET /api/v1/me': () => json(200, serviceMe),
      'GET /api/v1/users': () => json(200, page(users)),
      'GET /api/v1/business-units': () => json(200, page(units)),
      'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
      'GET /api/v1/me/work/summary': () =>
        json(200, { overdue: overdue.length, today: 2, this_week: 5, delegated_by_me: 1, open_requests: 7, delegated_requests_by_me_open: 2 }),
      'GET /api/v1/me/work': (req) => json(200, page(req.query.get('bucket') === 'overdue' ? overdue : [])),
      'PATCH /api/v1/activities/a-1': () => {
        overdue = [];
        return json(200, { ...activity('a-1', 'Soita asiakkaalle'), status: 'done' });
      },
    });
    renderApp('/my-work');
    const overdueTab = await screen.findByTestId('work-tab-overdue');
    await waitFor(() => expect(overdueTab).toHaveTextContent('Overdue1'));
    expect(screen.getByTestId('work-tab-this_week')).toHaveTextContent('This week5');
    expect(screen.getByTestId('work-tab-delegated_by_me')).toHaveTextContent('Delegated by me1');
    expect(screen.getByTestId('work-tab-requests')).toHaveTextContent('My open requests7');

    const table = await screen.findByTestId('work-table-overdue');
    expect(within(table).getByText('Soita asiakkaalle')).toBeInTheDocument();
    expect(within(table).getByText('Juha Korhonen')).toBeInTheDocument();
    await userEvent.click(within(table).getByTestId('work-complete'));
    await waitFor(() => expect(screen.getByTestId('work-tab-overdue')).toHaveTextContent('Overdue0'));
    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).toBe('"4"');
    expect(patch.body).toEqual({ status: 'done' });
  });
});
