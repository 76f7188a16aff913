import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { page, serviceMe, users } from '../../test/service';
import { notificationPath, UNREAD_POLL_MS } from './NotificationBell';

const notice = (id: string, read: boolean) => ({
  id,
  kind: 'delegated',
  title: `Palvelupyyntö PP-2026-00000${id} delegoitiin sinulle`,
  body: 'Tarkista laskun osoite',
  record_type: 'service_request',
  record_id: `sr-${id}`,
  link: `/service-requests/sr-${id}`,
  created_at: '2026-03-02T08:30:00Z',
  read_at: read ? '2026-03-02T09:00:00Z' : null,
});

describe('notification bell', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('polls the unread count every 30 seconds', () => {
    expect(UNREAD_POLL_MS).toBe(30_000);
    expect(notificationPath({ link: null, record_type: 'account', record_id: 'a-1' })).toBe('/accounts/a-1');
    expect(notificationPath({ link: null, record_type: null, record_id: null })).toBeNull();
  });

  it('shows the unread count, lists the notifications, and marking one read lowers the count', async () => {
    let unread = new Set(['1', '2', '3']);
    const api = installFakeApi({
      'GET /api/v1/me': () => json(200, serviceMe),
      'GET /api/v1/users': () => json(200, page(users)),
      'GET /api/v1/business-units': () => json(200, page(units)),
      'GET /api/v1/service-requests': () => json(200, page([])),
      'GET /api/v1/me/work': () => json(200, page([])),
      'GET /api/v1/me/work/summary': () => json(200, { overdue: 0, today: 0, this_week: 0, delegated_by_me: 0, open_requests: 0, delegated_requests_by_me_open: 0 }),
      'GET /api/v1/notifications/unread-count': () => json(200, { count: unread.size }),
      'GET /api/v1/notifications': () => json(200, page(['1', '2', '3', '4'].map((id) => notice(id, !unread.has(id))))),
      'POST /api/v1/notifications/2/read': () => {
        unread = new Set([...unread].filter((id) => id !== '2'));
        return new Response(null, { status: 204 });
      },
    });
    renderApp('/my-work');
    const badge = await screen.findByTestId('notification-count');
    await waitFor(() => expect(badge).toHaveAttribute('data-count', '3'));
    expect(screen.getByRole('button', { name: 'Notifications, 3 unread' })).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('notification-bell'));
    const list = await screen.findByTestId('notification-list');
    const items = await within(list).findAllByTestId('notification-item');
    expect(items).toHaveLength(4);
    expect(items.filter((i) => i.dataset.unread === 'true')).toHaveLength(3);

    await userEvent.click(within(items[1]!).getByTestId('notification-mark-read'));
    await waitFor(() => expect(screen.getByTestId('notification-count')).toHaveAttribute('data-count', '2'));
    expect(api.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/notifications/2/read')).toBe(true);
  });
});
