import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { moved } from './RoutingRulesPage';
import { adminMe, installLeadsApi, page } from './testing';

const rule = (id: string, name: string, position: number, patch: Partial<RoutingRule> = {}): RoutingRule => ({
  id,
  name,
  position,
  assign_queue_id: null,
  assign_team_id: null,
  assign_user_id: 'u-sanna',
  business_unit_ids: [],
  product_group_ids: [],
  product_ids: [],
  region_ids: [],
  sources: [],
  description: null,
  is_active: true,
  version: 1,
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
  ...patch,
});

describe('routing rules admin', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('moves a rule in the order', () => {
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('lists the rules with their conditions, reorders them and explains a test routing', async () => {
    const api = installLeadsApi(adminMe, {
      'GET /api/v1/lead-routing-rules': () => json(200, page([rule('rule-1', 'Kaasu – Uusimaa', 10, { region_ids: ['r-uus'] }), rule('rule-2', 'Kaasu – Pirkanmaa ja Häme', 20, { region_ids: ['r-pir'], is_active: false })])),
      'PUT /api/v1/lead-routing-rules/order': () => json(200, page([])),
      'POST /api/v1/lead-routing-rules/test': () =>
        json(200, {
          region_id: 'r-pir',
          region_name: 'Pirkanmaa',
          rule_name: 'Kaasu – Pirkanmaa ja Häme',
          user_name: 'Sanna Virtanen',
          queue_name: null,
          target_unit_id: null,
          routing: { fallback: false, kind: 'user', queue_id: null, rule_id: 'rule-2', team_id: null, user_id: 'u-sanna', steps: [{ rule_id: 'rule-1', rule_name: 'Kaasu – Uusimaa', position: 10, outcome: 'not_matched', failed: ['region'] }, { rule_id: 'rule-2', rule_name: 'Kaasu – Pirkanmaa ja Häme', position: 20, outcome: 'matched', failed: [] }] },
        }),
    });
    renderApp('/admin/lead-routing');
    const rows = await screen.findAllByTestId('rule-row', {}, { timeout: 15000 });
    expect(rows).toHaveLength(2);
    await waitFor(() => expect(rows[0]).toHaveTextContent('Alueet: Uusimaa'));
    expect(within(rows[1]!).getByTestId('rule-inactive')).toBeInTheDocument();
    await userEvent.click(within(rows[0]!).getByTestId('rule-down'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PUT')).toBe(true));
    expect(api.requests.find((r) => r.method === 'PUT')!.body).toEqual({ rule_ids: ['rule-2', 'rule-1'] });

    const test = screen.getByTestId('routing-test');
    await userEvent.click(within(test).getByTestId('routing-test-product'));
    await userEvent.click(await screen.findByRole('option', { name: 'Maakaasuliittymä', hidden: true }));
    await userEvent.type(within(test).getByTestId('routing-test-municipality'), 'Tampere');
    await userEvent.click(within(test).getByTestId('routing-test-run'));
    expect(await screen.findByTestId('routing-test-result')).toHaveTextContent('Sääntö: Kaasu – Pirkanmaa ja Häme → Sanna Virtanen (alue Pirkanmaa)');
    const post = api.requests.find((r) => r.path === '/api/v1/lead-routing-rules/test')!;
    expect(post.body).toEqual({ product_id: 'p-gas', municipality: 'Tampere' });
    expect(within(screen.getByTestId('routing-test-result')).getAllByTestId('routing-step')[0]).toHaveTextContent('alue');
  }, 120_000);

  it('creates a rule that sends leads to a user', async () => {
    const api = installLeadsApi(adminMe, {
      'GET /api/v1/lead-routing-rules': () => json(200, page([])),
      'POST /api/v1/lead-routing-rules': () => json(201, rule('rule-3', 'Uusi', 30)),
    });
    renderApp('/admin/lead-routing');
    await userEvent.click(await screen.findByTestId('rule-new', {}, { timeout: 15000 }));
    const form = await screen.findByTestId('rule-form');
    await userEvent.type(within(form).getByTestId('rule-name'), 'Lämpö – Pirkanmaa');
    await userEvent.click(within(form).getByTestId('rule-save'));
    expect(await within(form).findByText('Pakollinen')).toBeInTheDocument();
    await userEvent.click(within(form).getByTestId('rule-target'));
    await userEvent.click(await screen.findByRole('option', { name: 'Sanna Virtanen', hidden: true }));
    await userEvent.click(within(form).getByTestId('rule-save'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/lead-routing-rules')).toBe(true));
    const post = api.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/lead-routing-rules')!;
    expect(post.body).toMatchObject({ name: 'Lämpö – Pirkanmaa', assign_user_id: 'u-sanna', assign_team_id: null, assign_queue_id: null, is_active: true });
  }, 120_000);
});
