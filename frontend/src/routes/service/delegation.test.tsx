import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import i18n, { changeLanguage } from '../../i18n';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { makeQueue, makeRequest, page, serviceMe, subjects, users } from '../../test/service';
import type { ServiceRequest } from '../../api/sdk';
import { delegationAcknowledged, delegationShort, delegationText } from './delegation';

describe('delegation text', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('names who delegated to which queue, when, and that nobody has acknowledged it', () => {
    const text = delegationText(i18n.t, 'en', { by: 'Sanna Virtanen', toUser: null, toQueue: 'Laskutus', at: '2026-03-02T08:30:00Z' });
    // 08:30 UTC is 10:30 in Helsinki in March (UTC+2).
    expect(text).toBe('Delegated by Sanna Virtanen → to Laskutus (queue) at 02/03/2026, 10:30, not acknowledged yet');
  });

  it('says when a user acknowledged it, and shows the user within the queue', () => {
    expect(
      delegationText(i18n.t, 'en', { by: 'Sanna Virtanen', toUser: 'Juha Korhonen', toQueue: null, at: '2026-03-02T08:30:00Z', acknowledged: true, acknowledgedAt: '2026-03-02T09:00:00Z' }),
    ).toBe('Delegated by Sanna Virtanen → to Juha Korhonen at 02/03/2026, 10:30, acknowledged 02/03/2026, 11:00');
    expect(delegationShort(i18n.t, { by: 'Sanna', toUser: 'Juha', toQueue: 'Laskutus', at: null })).toBe('Sanna → Juha (Laskutus)');
  });

  it('reads naturally in Finnish', async () => {
    await changeLanguage('fi');
    expect(delegationText(i18n.t, 'fi', { by: 'Sanna', toUser: null, toQueue: 'Laskutus', at: '2026-03-02T08:30:00Z' })).toBe(
      'Delegoinut Sanna → Laskutus (jono) 2.3.2026 klo 10.30, ei vielä kuitattu',
    );
  });
});

function installApi(request: ServiceRequest) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, serviceMe),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/subjects': () => json(200, page(subjects)),
    'GET /api/v1/queues': () => json(200, page([makeQueue('q-billing', 'Laskutus', { is_member: true, member_ids: ['u-sanna'], open_count: 1 })])),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/service-requests/sr-1': () => json(200, request, { ETag: '"3"' }),
    // The strip must not need the trail: were it read, it would say another moment.
    'GET /api/v1/service-requests/sr-1/delegations': () =>
      json(200, page([{ id: 'd-1', note: 'Tarkista laskun osoite', status: 'acknowledged', acknowledged_at: '2026-03-02T10:45:00Z' }])),
  });
}

const toQueue = {
  queue_id: 'q-billing',
  queue_name: 'Laskutus',
  delegated_by_id: 'u-juha',
  delegated_by_name: 'Juha Korhonen',
  delegated_to_queue_id: 'q-billing',
  delegated_to_queue_name: 'Laskutus',
  delegated_at: '2026-03-02T08:30:00Z',
  delegation_id: 'd-1',
} satisfies Partial<ServiceRequest>;

const readTrail = (api: ReturnType<typeof installApi>) => api.requests.some((r) => r.path.endsWith('/delegations'));

describe('delegation helpers', () => {
  it('counts a delegation as acknowledged when the request says when (or its status says so)', () => {
    expect(delegationAcknowledged(makeRequest({ delegation_status: 'active', delegation_acknowledged_at: null }))).toBe(false);
    expect(delegationAcknowledged(makeRequest({ delegation_status: 'acknowledged', delegation_acknowledged_at: '2026-03-02T09:00:00Z' }))).toBe(true);
    expect(delegationAcknowledged(makeRequest({ delegation_status: 'acknowledged', delegation_acknowledged_at: null }))).toBe(true);
  });
});

describe('delegation strip on the request page', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('shows "delegated by → to (queue)" at a glance and offers Pick up to a queue member', async () => {
    const api = installApi(makeRequest({ ...toQueue, delegation_status: 'active', delegation_acknowledged_at: null, delegation_note: 'Tarkista laskun osoite' }));
    renderApp('/service-requests/sr-1');
    const strip = await screen.findByTestId('delegation-strip');
    expect(strip).toHaveTextContent('Delegated by Juha Korhonen → to Laskutus (queue) at 02/03/2026, 10:30, not acknowledged yet');
    expect(screen.getByTestId('delegation-note')).toHaveTextContent('Tarkista laskun osoite');
    expect(strip).toHaveAttribute('data-acknowledged', 'false');
    expect(await screen.findByTestId('pick-up')).toBeInTheDocument();
    expect(screen.queryByTestId('acknowledge')).toBeNull();
    expect(readTrail(api)).toBe(false);
  });

  it('says when it was acknowledged from the request’s delegation_acknowledged_at, without reading the trail', async () => {
    const api = installApi(
      makeRequest({ ...toQueue, queue_id: null, queue_name: null, delegation_status: 'acknowledged', delegation_acknowledged_at: '2026-03-02T09:00:00Z' }),
    );
    renderApp('/service-requests/sr-1');
    const strip = await screen.findByTestId('delegation-strip');
    // 09:00 UTC is 11:00 in Helsinki; the trail's 10:45 UTC (12:45) is never asked for.
    expect(strip).toHaveTextContent('Delegated by Juha Korhonen → to Laskutus (queue) at 02/03/2026, 10:30, acknowledged 02/03/2026, 11:00');
    expect(strip).toHaveAttribute('data-acknowledged', 'true');
    expect(strip).not.toHaveTextContent('12:45');
    expect(screen.queryByTestId('pick-up')).toBeNull();
    expect(readTrail(api)).toBe(false);
  });

  it('offers Acknowledge to the user it was delegated to, and no strip without a delegation', async () => {
    const api = installApi(
      makeRequest({
        delegated_by_id: 'u-juha',
        delegated_by_name: 'Juha Korhonen',
        delegated_to_user_id: 'u-sanna',
        delegated_to_user_name: 'Sanna Virtanen',
        delegated_at: '2026-03-02T08:30:00Z',
        delegation_id: 'd-1',
        delegation_status: 'active',
      }),
    );
    renderApp('/service-requests/sr-1');
    expect(await screen.findByTestId('acknowledge')).toBeInTheDocument();
    expect(screen.getByTestId('delegation-strip')).toHaveTextContent('→ to Sanna Virtanen at');
    expect(screen.getByTestId('delegation-strip')).toHaveTextContent('not acknowledged yet');
    expect(readTrail(api)).toBe(false);
  });
});
