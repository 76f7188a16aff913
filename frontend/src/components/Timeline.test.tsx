import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../i18n';
import { makeAccount, renderApp, units } from '../test/app';
import { installFakeApi, json } from '../test/fakeApi';
import { page, serviceMe, users } from '../test/service';

const call = {
  kind: 'activity',
  at: '2026-03-02T08:30:00Z',
  id: 'a-1',
  type: 'phone_call',
  title: 'Soitettu laskusta',
  summary: 'Asiakas pyysi erittelyä',
  by_id: 'u-sanna',
  by_name: 'Sanna Virtanen',
  regarding: { type: 'account', id: 'acc-1', label: 'Kone Oyj' },
  data: { status: 'done' },
};
const statusEvent = {
  kind: 'request_event',
  at: '2026-03-02T09:00:00Z',
  id: 'e-1',
  type: 'status_changed',
  title: 'PP-2026-000001 Laskussa väärä osoite',
  summary: null,
  by_id: 'u-juha',
  by_name: 'Juha Korhonen',
  regarding: { type: 'service_request', id: 'sr-1', label: 'PP-2026-000001 Laskussa väärä osoite' },
  data: { from: 'in_progress', to: 'waiting_for_information' },
};

describe('account timeline', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('shows activities and request events, newest first, and logs a call about the account', async () => {
    let items: unknown[] = [statusEvent, call];
    const api = installFakeApi({
      'GET /api/v1/me': () => json(200, serviceMe),
      'GET /api/v1/users': () => json(200, page(users)),
      'GET /api/v1/business-units': () => json(200, page(units)),
      'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
      'GET /api/v1/accounts/acc-1': () => json(200, makeAccount('acc-1', 'Kone Oyj'), { ETag: '"1"' }),
      'GET /api/v1/accounts/acc-1/timeline': () => json(200, page(items)),
      'POST /api/v1/activities': (req) => {
        const body = req.body as { subject: string };
        items = [{ ...call, id: 'a-2', title: body.subject, at: '2026-03-03T08:00:00Z' }, ...items];
        return json(201, { id: 'a-2' });
      },
    });
    renderApp('/accounts/acc-1');
    await userEvent.click(await screen.findByTestId('tab-timeline'));
    const timeline = await screen.findByTestId('timeline');
    const entries = within(timeline).getAllByTestId('timeline-item');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent('Status changed: In progress → Waiting for information');
    expect(within(entries[0]!).getByRole('link', { name: 'PP-2026-000001 Laskussa väärä osoite' })).toHaveAttribute('href', '/service-requests/sr-1');
    expect(entries[1]).toHaveTextContent('Phone call');
    expect(entries[1]).toHaveTextContent('Soitettu laskusta');

    await userEvent.click(screen.getByTestId('log-activity'));
    const form = await screen.findByTestId('log-activity-form');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Subject' }), 'Soitettu takaisin');
    await userEvent.click(within(form).getByTestId('log-activity-save'));
    await waitFor(() => expect(within(screen.getByTestId('timeline')).getAllByTestId('timeline-item')).toHaveLength(3));
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ type: 'phone_call', subject: 'Soitettu takaisin', regarding_type: 'account', regarding_id: 'acc-1', direction: 'outgoing' });
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
  });

  it('names the queue and the delegator a request event recorded, without looking queues up', async () => {
    const delegatedEvent = {
      ...statusEvent,
      id: 'e-2',
      type: 'delegated',
      at: '2026-03-02T10:00:00Z',
      by_name: 'Juha Korhonen-Uusinimi',
      data: { to_user_id: null, to_queue_id: 'q-billing', to_user_name: null, to_queue_name: 'Laskutus', by_name: 'Juha Korhonen', delegation_id: 'd-1' },
    };
    const pickedEvent = {
      ...statusEvent,
      id: 'e-3',
      type: 'picked',
      at: '2026-03-02T11:00:00Z',
      by_id: 'u-sanna',
      by_name: 'Sanna Virtanen',
      data: { queue_id: 'q-billing', queue_name: 'Laskutus', by_name: 'Sanna Virtanen', delegation_id: 'd-1' },
    };
    const api = installFakeApi({
      'GET /api/v1/me': () => json(200, serviceMe),
      'GET /api/v1/users': () => json(200, page(users)),
      'GET /api/v1/business-units': () => json(200, page(units)),
      'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
      'GET /api/v1/accounts/acc-1': () => json(200, makeAccount('acc-1', 'Kone Oyj'), { ETag: '"1"' }),
      'GET /api/v1/accounts/acc-1/timeline': () => json(200, page([pickedEvent, delegatedEvent])),
    });
    renderApp('/accounts/acc-1');
    await userEvent.click(await screen.findByTestId('tab-timeline'));
    const entries = within(await screen.findByTestId('timeline')).getAllByTestId('timeline-item');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent('Picked up');
    expect(entries[0]).toHaveTextContent('Laskutus (queue)');
    expect(entries[0]).toHaveTextContent('Sanna Virtanen');
    expect(entries[1]).toHaveTextContent('→ Laskutus (queue)');
    // Who delegated, as named at the time.
    expect(entries[1]).toHaveTextContent('· Juha Korhonen');
    expect(entries[1]).not.toHaveTextContent('Uusinimi');
    expect(api.requests.some((r) => r.path === '/api/v1/queues')).toBe(false);
  });
});
