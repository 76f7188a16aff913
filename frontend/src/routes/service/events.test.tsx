import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import i18n, { changeLanguage } from '../../i18n';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { makeQueue, makeRequest, page, serviceMe, subjects, users } from '../../test/service';
import { eventBy, eventLookups, eventSummary, type Names } from './events';

/** Lookups that must not be consulted. */
const noLookups: Names = {
  user: (id) => {
    throw new Error(`looked up user ${id}`);
  },
  queue: (id) => {
    throw new Error(`looked up queue ${id}`);
  },
};
const directory: Names = {
  user: (id) => (id === 'u-leena' ? 'Leena Hämäläinen' : undefined),
  queue: (id) => (id === 'q-billing' ? 'Billing' : undefined),
};

describe('event summary', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('uses the names a delegated or picked event carries, without lookups', () => {
    const delegatedToQueue = { kind: 'delegated' as const, data: { to_user_id: null, to_queue_id: 'q-billing', to_user_name: null, to_queue_name: 'Laskutus', by_name: 'Juha Korhonen' } };
    const delegatedToUser = { kind: 'delegated' as const, data: { to_user_id: 'u-gone', to_queue_id: null, to_user_name: 'Pekka Poistettu', to_queue_name: null, by_name: 'Juha Korhonen' } };
    const picked = { kind: 'picked' as const, data: { queue_id: 'q-billing', queue_name: 'Laskutus', by_name: 'Sanna Virtanen' } };
    expect(eventSummary(i18n.t, delegatedToQueue, noLookups)).toBe('→ Laskutus (queue)');
    expect(eventSummary(i18n.t, delegatedToUser, noLookups)).toBe('→ Pekka Poistettu');
    expect(eventSummary(i18n.t, picked, noLookups)).toBe('Laskutus (queue)');
    expect(eventBy({ ...picked, by_id: 'u-sanna', by_name: 'Sanna Korhonen' }, noLookups)).toBe('Sanna Virtanen');
    for (const e of [delegatedToQueue, delegatedToUser, picked]) expect(eventLookups({ ...e, by_id: 'u-juha', by_name: null })).toEqual({ user: false, queue: false });
  });

  it('falls back to the users and queues for older events without names', () => {
    const oldToUser = { kind: 'delegated' as const, data: { to_user_id: 'u-leena', to_queue_id: null } };
    const oldToQueue = { kind: 'delegated' as const, data: { to_user_id: null, to_queue_id: 'q-billing' } };
    const oldPick = { kind: 'picked' as const, data: { queue_id: 'q-billing' } };
    expect(eventSummary(i18n.t, oldToUser, directory)).toBe('→ Leena Hämäläinen');
    expect(eventSummary(i18n.t, oldToQueue, directory)).toBe('→ Billing (queue)');
    expect(eventSummary(i18n.t, oldPick, directory)).toBe('Billing (queue)');
    expect(eventSummary(i18n.t, { kind: 'picked', data: { queue_id: 'q-unknown' } }, directory)).toBe('… (queue)');
    expect(eventBy({ ...oldPick, by_id: 'u-leena', by_name: null }, directory)).toBe('Leena Hämäläinen');
    expect(eventLookups({ ...oldToUser, by_id: 'u-juha', by_name: 'Juha Korhonen' })).toEqual({ user: true, queue: false });
    expect(eventLookups({ ...oldToQueue, by_id: 'u-juha', by_name: 'Juha Korhonen' })).toEqual({ user: false, queue: true });
    expect(eventLookups({ ...oldPick, by_id: 'u-juha', by_name: null })).toEqual({ user: true, queue: true });
  });
});

const event = (id: string, kind: string, data: Record<string, unknown>, by: { by_id: string | null; by_name: string | null }, note: string | null = null) => ({
  id,
  request_id: 'sr-1',
  at: '2026-03-02T09:00:00Z',
  kind,
  data,
  note,
  ...by,
});

describe('request event log', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('names users and queues as the events recorded them, and looks up only older events', async () => {
    installFakeApi({
      'GET /api/v1/me': () => json(200, serviceMe),
      'GET /api/v1/users': () => json(200, page(users)),
      'GET /api/v1/business-units': () => json(200, page(units)),
      'GET /api/v1/subjects': () => json(200, page(subjects)),
      // The queue has been renamed since; the events keep the name they were logged with.
      'GET /api/v1/queues': () => json(200, page([makeQueue('q-billing', 'Billing')])),
      'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
      'GET /api/v1/service-requests/sr-1': () => json(200, makeRequest(), { ETag: '"3"' }),
      'GET /api/v1/service-requests/sr-1/history': () => json(200, page([])),
      'GET /api/v1/service-requests/sr-1/events': () =>
        json(
          200,
          page([
            event('e-4', 'picked', { queue_id: 'q-billing', queue_name: 'Laskutus', by_name: 'Sanna Virtanen', delegation_id: 'd-2' }, { by_id: 'u-sanna', by_name: 'Sanna Korhonen' }),
            event('e-3', 'delegated', { to_user_id: null, to_queue_id: 'q-billing', to_user_name: null, to_queue_name: 'Laskutus', by_name: 'Juha Korhonen' }, { by_id: 'u-juha', by_name: 'Juha Korhonen' }, 'Tarkista osoite'),
            event('e-2', 'delegated', { to_user_id: 'u-gone', to_queue_id: null, to_user_name: 'Pekka Poistettu', to_queue_name: null, by_name: 'Juha Korhonen' }, { by_id: 'u-juha', by_name: null }),
            event('e-1', 'delegated', { to_user_id: 'u-leena', to_queue_id: null }, { by_id: 'u-juha', by_name: null }),
            event('e-0', 'picked', { queue_id: 'q-billing' }, { by_id: 'u-leena', by_name: 'Leena Hämäläinen' }),
          ]),
        ),
    });
    renderApp('/service-requests/sr-1');
    await userEvent.click(await screen.findByTestId('tab-history'));
    const log = await screen.findByTestId('event-log');
    const rows = within(log).getAllByTestId('event-row');
    expect(rows).toHaveLength(5);
    expect(rows[0]).toHaveTextContent('Sanna Virtanen');
    expect(rows[0]).not.toHaveTextContent('Sanna Korhonen');
    expect(rows[0]).toHaveTextContent('Picked upLaskutus (queue)');
    expect(rows[1]).toHaveTextContent('→ Laskutus (queue)');
    expect(rows[1]).toHaveTextContent('Tarkista osoite');
    expect(rows[2]).toHaveTextContent('Juha Korhonen');
    expect(rows[2]).toHaveTextContent('→ Pekka Poistettu');
    // Older events carry ids only: the directories name them.
    expect(await within(rows[3]!).findByText('→ Leena Hämäläinen')).toBeInTheDocument();
    expect(rows[3]).toHaveTextContent('Juha Korhonen');
    expect(await within(rows[4]!).findByText('Billing (queue)')).toBeInTheDocument();
  });
});
