import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { installLeadsApi, makeLead, page, serviceMe } from './testing';

describe('lead inbox', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('lists open leads by SLA due time with badges and counts, and the breached view asks the server for breached leads', async () => {
    const api = installLeadsApi(serviceMe, {
      'GET /api/v1/leads': (req) =>
        json(200, page(req.query.get('sla_state') === 'breached' ? [makeLead('l-3', { company_name: 'Myöhässä Oy', sla_state: 'breached', sla_working_hours_left: 0 })] : [makeLead('l-1'), makeLead('l-2', { company_name: 'Vaara Oy', sla_state: 'at_risk', sla_working_hours_left: 1.5, acknowledged_at: '2026-11-16T10:00:00Z' })])),
    });
    renderApp('/leads');
    const rows = await screen.findAllByTestId('lead-row', {}, { timeout: 15000 });
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId('lead-sla')).toHaveTextContent('Ajassa · 12.5 t jäljellä');
    expect(within(rows[0]!).getByTestId('lead-unacknowledged')).toBeInTheDocument();
    expect(within(rows[1]!).getByTestId('lead-sla')).toHaveAttribute('data-state', 'at_risk');
    expect(within(rows[1]!).queryByTestId('lead-unacknowledged')).toBeNull();
    expect(await screen.findByTestId('lead-count-breached')).toHaveTextContent('1');
    const first = api.requests.find((r) => r.path === '/api/v1/leads')!;
    expect(first.query.get('sort')).toBe('sla_due_at');
    expect(first.query.getAll('status')).toEqual(['open']);
    await userEvent.click(screen.getByText('Myöhässä'));
    await waitFor(() => expect(screen.getAllByTestId('lead-row')).toHaveLength(1));
    expect(screen.getByTestId('lead-row')).toHaveTextContent('Myöhässä Oy');
    const last = api.requests.filter((r) => r.path === '/api/v1/leads').at(-1)!;
    expect(last.query.getAll('sla_state')).toEqual(['breached']);
  }, 120_000);

  it('opens with ?view=unacknowledged and sends acknowledged=false', async () => {
    const api = installLeadsApi(serviceMe, { 'GET /api/v1/leads': () => json(200, page([])) });
    renderApp('/leads?view=unacknowledged');
    expect(await screen.findByTestId('leads-empty', {}, { timeout: 15000 })).toBeInTheDocument();
    const req = api.requests.filter((r) => r.path === '/api/v1/leads').at(-1)!;
    expect(req.query.get('acknowledged')).toBe('false');
  }, 120_000);
});
