import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { makeQueue, makeRequest, page, serviceMe, subjects, users } from '../../test/service';

const stamp = { created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z', version: 1, owner_id: 'u-admin', business_unit_id: 'bu-sales', entity: 'service_request', team_id: null, position: 10 };
const unresolved = {
  ...stamp,
  id: 'v-unresolved',
  name: 'Ratkaisemattomat palvelupyynnöt',
  name_en: 'Unresolved requests',
  filter: { all: [{ field: 'state', op: 'eq', value: 'open' }] },
  columns: ['number', 'title', 'account_name', 'subject_name', 'status_reason', 'priority', 'owner_name', 'received_at'],
  sort: '-received_at',
  visibility: 'system',
  system_key: 'unresolved',
  can_edit: false,
};
const mine = { ...unresolved, id: 'v-mine', name: 'Kaasu', name_en: null, visibility: 'personal', system_key: null, can_edit: true };

const delegated = makeRequest({
  id: 'sr-2',
  number: 'PP-2026-000002',
  status_reason: 'waiting_for_information',
  delegated_by_id: 'u-juha',
  delegated_by_name: 'Juha Korhonen',
  delegated_to_queue_id: 'q-billing',
  delegated_to_queue_name: 'Laskutus',
  delegated_at: '2026-03-02T08:30:00Z',
  delegation_status: 'active',
});

function installApi(results: unknown[] = [makeRequest(), delegated]) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, serviceMe),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/teams': () => json(200, page([])),
    'GET /api/v1/subjects': () => json(200, page(subjects)),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/views': () => json(200, page([unresolved, mine])),
    'GET /api/v1/views/counts': () => json(200, [{ view_id: 'v-unresolved', count: 12 }, { view_id: 'v-mine', count: 0 }]),
    'GET /api/v1/views/catalogue': () => json(200, { entity: 'service_request', fields: [], columns: unresolved.columns, sorts: ['received_at', 'number'], default_columns: unresolved.columns, default_sort: '-received_at' }),
    'GET /api/v1/queues': () => json(200, page([makeQueue('q-billing', 'Laskutus', { is_member: true, open_count: 4 })])),
    'GET /api/v1/views/v-unresolved/results': () => json(200, { items: results, next_cursor: 'c2' }),
    'POST /api/v1/service-requests/search': () => json(200, page([delegated])),
    'POST /api/v1/views': (req) => json(201, { ...mine, id: 'v-new', ...(req.body as object) }),
  });
}

describe('service request queue screen', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('lists system views, my views and my queues with their counts, and the first view’s requests', async () => {
    const api = installApi();
    renderApp('/service-requests');
    const nav = await screen.findByTestId('view-nav');
    expect(await within(nav).findByText('Järjestelmänäkymät')).toBeInTheDocument();
    expect(within(nav).getByText('Omat näkymät')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('view-count-unresolved')).toHaveTextContent('12'));
    expect(screen.getByTestId('view-count-v-mine')).toHaveTextContent('0');
    expect(await screen.findByTestId('queue-count-q-billing')).toHaveTextContent('4');

    const rows = await screen.findAllByTestId('request-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId('status-badge')).toHaveTextContent('Kesken');
    expect(within(rows[1]!).getByTestId('status-badge')).toHaveTextContent('Odotetaan tietoja');
    expect(within(rows[1]!).getByTestId('delegation-cell')).toHaveTextContent('Juha Korhonen → Laskutus (jono)');
    expect(within(rows[1]!).getByTestId('delegation-cell')).toHaveTextContent('ei vielä kuitattu');
    // The saved view reads its own results endpoint; no ad-hoc search yet.
    expect(api.requests.some((r) => r.path === '/api/v1/views/v-unresolved/results')).toBe(true);
    expect(api.requests.some((r) => r.path === '/api/v1/service-requests/search')).toBe(false);
    expect(screen.getByTestId('pager-next')).toBeEnabled();
  });

  it('re-sorting searches with the view’s filter, and "save as my view" keeps filter, columns and sort', async () => {
    await changeLanguage('en');
    const api = installApi();
    const { router } = renderApp('/service-requests');
    await screen.findAllByTestId('request-row');
    await userEvent.click(screen.getByRole('button', { name: 'Sort by Number' }));
    await waitFor(() => expect(screen.getAllByTestId('request-row')).toHaveLength(1));
    const search = api.requests.find((r) => r.path === '/api/v1/service-requests/search')!;
    expect(search.body).toEqual({ filter: unresolved.filter, sort: 'number', limit: 50 });

    await userEvent.click(screen.getByTestId('save-view'));
    await userEvent.type(await screen.findByLabelText(/View name/), 'Numerojärjestys');
    await userEvent.click(screen.getByTestId('save-view-confirm'));
    await waitFor(() => expect(router.state.location.search).toEqual({ view: 'v-new' }));
    const post = api.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/views')!;
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
    expect(post.body).toEqual({
      entity: 'service_request',
      name: 'Numerojärjestys',
      filter: unresolved.filter,
      columns: ['number', 'title', 'account_name', 'subject_name', 'status_reason', 'priority', 'owner_name', 'delegated_by_name', 'received_at'],
      sort: 'number',
      visibility: 'personal',
    });
  });

  it('drops the "not acknowledged" badge once the request says when its delegation was acknowledged', async () => {
    const acknowledged = { ...delegated, id: 'sr-3', number: 'PP-2026-000003', delegation_status: 'acknowledged' as const, delegation_acknowledged_at: '2026-03-02T09:00:00Z' };
    installApi([delegated, acknowledged]);
    renderApp('/service-requests');
    const rows = await screen.findAllByTestId('request-row');
    expect(within(rows[0]!).getByTestId('delegation-cell')).toHaveTextContent('ei vielä kuitattu');
    expect(within(rows[1]!).getByTestId('delegation-cell')).toHaveTextContent('Juha Korhonen → Laskutus (jono)');
    expect(within(rows[1]!).getByTestId('delegation-cell')).not.toHaveTextContent('kuitattu');
  });
});
