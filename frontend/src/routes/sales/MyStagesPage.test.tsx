import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { page, salesManagerMe, users } from '../../test/sales';

const row = (id: string, patch: Record<string, unknown> = {}) => ({
  id,
  key: 'contract',
  name: 'Lähetä sopimus',
  name_en: 'Send the contract',
  name_sv: null,
  position: 2,
  status: 'in_progress',
  is_customer_service: true,
  responsible_user_id: 'u-sanna',
  responsible_user_name: 'Sanna Virtanen',
  responsible_team_id: null,
  responsible_team_name: null,
  due_date: '2020-01-10',
  started_at: '2020-01-01T08:00:00Z',
  days_in_stage: 12,
  checklist: [],
  project_id: `p-${id}`,
  project_name: `Kaasuliittymä ${id}`,
  project_version: 3,
  project_type_id: 'pt-gas',
  project_type_name: 'Kaasuliittymämyynti',
  account_id: 'acc-1',
  account_name: 'Kone Oyj',
  owner_id: 'u-juha',
  owner_name: 'Juha Korhonen',
  region: 'Uusimaa',
  ...patch,
});

describe('my stages', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('counts each view and lists its stages; the customer-service tab reads its own view', async () => {
    const views: Record<string, unknown[]> = { mine: [row('a'), row('b')], customer_service_not_started: [row('c', { responsible_user_id: null, responsible_user_name: null, responsible_team_name: 'Asiakaspalvelu' })], overdue: [row('a')] };
    const api = installFakeApi({
      'GET /api/v1/me': () => json(200, salesManagerMe),
      'GET /api/v1/users': () => json(200, page(users)),
      'GET /api/v1/business-units': () => json(200, page(units)),
      'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
      'GET /api/v1/sales-projects/stages': (req) => json(200, page(views[req.query.get('view')!] ?? [])),
    });
    renderApp('/my-stages');
    await waitFor(() => expect(screen.getByTestId('stage-count-mine')).toHaveTextContent('2'), { timeout: 5000 });
    expect(screen.getByTestId('stage-count-customer_service_not_started')).toHaveTextContent('1');
    expect(screen.getByTestId('stage-count-overdue')).toHaveTextContent('1');
    const table = await screen.findByTestId('stages-table-mine');
    expect(within(table).getAllByTestId('stage-row')).toHaveLength(2);
    expect(within(table).getAllByText('Asiakaspalveluvaihe')).toHaveLength(2);

    await userEvent.click(screen.getByTestId('stages-tab-customer_service_not_started'));
    const service = await screen.findByTestId('stages-table-customer_service_not_started');
    expect(within(service).getByTestId('stage-row')).toHaveTextContent('Asiakaspalvelu');
    expect(api.requests.some((r) => r.query.get('view') === 'customer_service_not_started' && r.query.get('limit') === '50')).toBe(true);
  });
});
