import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Campaign, CampaignResults, Invitation, MarketingList, MarketingListMember, Me, Privilege } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { renderApp, UNIT, units, users } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';

const grant = (entities: string[], actions: Privilege['action'][], depth: string): Privilege[] =>
  entities.flatMap((entity) => actions.map((action) => ({ entity, action, depth })));

const marketerMe: Me = {
  id: 'u-minna',
  email: 'minna@kumppani.test',
  name: 'Minna Markkinoija',
  locale: 'fi',
  business_unit_id: UNIT,
  roles: [],
  privileges: [
    { entity: 'user', action: 'read', depth: 'organisation' },
    { entity: 'business_unit', action: 'read', depth: 'organisation' },
    ...grant(['contact', 'marketing_list', 'campaign'], ['read', 'create', 'update', 'delete', 'export'], 'unit_and_children'),
  ],
  is_admin: false,
};
const stamp = { created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-02T10:00:00Z', version: 1 };
const page = <T,>(items: T[]) => ({ items, next_cursor: null });

const staticList: MarketingList = { ...stamp, id: 'ml-1', name: 'Seminaarikutsu', kind: 'static', description: null, filter: null, campaign_id: null, owner_id: 'u-minna', business_unit_id: UNIT, member_count: 2 };
const member = (id: string, first: string, consent: boolean): MarketingListMember => ({ contact_id: id, first_name: first, last_name: 'Virtanen', email: `${first.toLowerCase()}@example.fi`, phone: null, title: null, preferred_language: 'fi', marketing_consent: consent, marketing_consent_at: null, account_names: [] });
const campaign: Campaign = { ...stamp, id: 'ca-1', name: 'Kevätseminaari', type: 'seminar', status: 'active', starts_on: '2027-03-10', ends_on: '2027-03-10', description: null, budget: '2000.00', expected_responses: 4, owner_id: 'u-minna', business_unit_id: UNIT };
const invitation = (id: string, name: string, status: Invitation['status']): Invitation => ({ id, campaign_id: 'ca-1', contact_id: `co-${id}`, contact_name: name, email: null, status, invited_at: '2026-02-01T10:00:00Z', status_changed_at: '2026-02-01T10:00:00Z', list_id: 'ml-1', version: 1 });
const results: CampaignResults = { campaign_id: 'ca-1', invited_total: 2, counts: { invited: 1, registered: 1, attended: 0, declined: 0, no_show: 0 }, responses: 1, expected_responses: 4, response_vs_expected: 0.25, response_rate: 0.5, attendance_rate: null, budget: '2000.00', cost_per_response: '2000.00' };

function install(routes: Parameters<typeof installFakeApi>[0] = {}) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, marketerMe),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/marketing-lists': () => json(200, page([staticList])),
    ...routes,
  });
}

describe('marketing', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('shows a static list with consent per member, adds a contact and offers the exports', async () => {
    const api = install({
      'GET /api/v1/marketing-lists/ml-1': () => json(200, staticList, { ETag: '"1"' }),
      'GET /api/v1/marketing-lists/ml-1/members': () => json(200, page([member('co-1', 'Kaisa', true), member('co-2', 'Ville', false)])),
      'GET /api/v1/marketing-lists/ml-1/exports': () => json(200, [{ id: 'ex-1', format: 'csv', exported_at: '2026-02-01T10:00:00Z', exported_by: 'u-minna', exported_by_name: 'Minna Markkinoija', exported_count: 1, left_out_count: 1 }]),
      'GET /api/v1/contacts': () => json(200, page([{ id: 'co-3', first_name: 'Tuula', last_name: 'Uusi' }])),
      'POST /api/v1/marketing-lists/ml-1/members': () => json(200, { added: 1, member_count: 3 }),
    });
    renderApp('/marketing-lists/ml-1');
    const rows = await screen.findAllByTestId('member-row', {}, { timeout: 5000 });
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent('Ei');
    expect(screen.getByTestId('export-csv')).toBeInTheDocument();
    expect(screen.getByTestId('export-row')).toHaveTextContent('1 vietyä, 1 jätetty pois');
    await userEvent.click(screen.getByRole('textbox', { name: 'Lisää yhteyshenkilö' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Tuula Uusi', hidden: true }));
    await userEvent.click(screen.getByTestId('add-member'));
    await waitFor(() => expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ contact_ids: ['co-3'] }));
  }, 120_000);

  it('changes an invitation status with the ETag and shows the results against the plan', async () => {
    const api = install({
      'GET /api/v1/campaigns/ca-1': () => json(200, campaign, { ETag: '"1"' }),
      'GET /api/v1/campaigns/ca-1/invitations': () => json(200, page([invitation('in-1', 'Kaisa Virtanen', 'invited'), invitation('in-2', 'Ville Virtanen', 'registered')])),
      'GET /api/v1/campaigns/ca-1/results': () => json(200, results),
      'PATCH /api/v1/campaigns/ca-1/invitations/in-1': () => json(200, invitation('in-1', 'Kaisa Virtanen', 'registered')),
    });
    renderApp('/campaigns/ca-1');
    const rows = await screen.findAllByTestId('invitation-row', {}, { timeout: 5000 });
    expect(rows).toHaveLength(2);
    expect(screen.getByTestId('campaign-results')).toHaveTextContent('Suhteessa tavoitteeseen 25 %');
    await userEvent.click(within(rows[0]!).getByRole('textbox', { name: 'Tila' }));
    const listbox = await screen.findAllByRole('option', { name: 'Ilmoittautunut', hidden: true });
    await userEvent.click(listbox[0]!);
    await waitFor(() => {
      const patch = api.requests.find((r) => r.method === 'PATCH');
      expect(patch?.body).toEqual({ status: 'registered' });
      expect(patch?.headers.get('If-Match')).toBe('"1"');
    });
  }, 120_000);

  it('links a list to a campaign from its page, with the ETag', async () => {
    const api = install({
      'GET /api/v1/marketing-lists/ml-1': () => json(200, staticList, { ETag: '"1"' }),
      'GET /api/v1/marketing-lists/ml-1/members': () => json(200, page([])),
      'GET /api/v1/marketing-lists/ml-1/exports': () => json(200, []),
      'GET /api/v1/campaigns': () => json(200, page([campaign])),
      'PATCH /api/v1/marketing-lists/ml-1': () => json(200, { ...staticList, campaign_id: 'ca-1', version: 2 }),
    });
    renderApp('/marketing-lists/ml-1');
    const settings = await screen.findByTestId('list-settings', {}, { timeout: 15_000 });
    expect(within(settings).getByTestId('list-settings-save')).toBeDisabled();
    await userEvent.click(within(settings).getByRole('textbox', { name: 'Kampanja' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Kevätseminaari', hidden: true }));
    await userEvent.click(within(settings).getByTestId('list-settings-save'));
    await waitFor(() => {
      const patch = api.requests.find((r) => r.method === 'PATCH');
      expect(patch?.body).toEqual({ campaign_id: 'ca-1' });
      expect(patch?.headers.get('If-Match')).toBe('"1"');
    });
  }, 120_000);
});
