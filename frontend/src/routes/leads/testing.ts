/** Fixtures for the leads area's screen tests (the fake API answers with these). */
import type { Lead, Me, Privilege } from '../../api/sdk';
import { UNIT, units, users } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';

const grant = (entities: string[], actions: Privilege['action'][], depth: string): Privilege[] =>
  entities.flatMap((entity) => actions.map((action) => ({ entity, action, depth })));

export const serviceMe: Me = {
  id: 'u-aino',
  email: 'aino@kumppani.test',
  name: 'Aino Nieminen',
  locale: 'fi',
  business_unit_id: UNIT,
  roles: [],
  privileges: [
    ...grant(['user', 'business_unit', 'product', 'region', 'lead_setup', 'project_type', 'queue'], ['read'], 'organisation'),
    ...grant(['lead'], ['read', 'create', 'assign'], 'organisation'),
    ...grant(['lead'], ['update'], 'business_unit'),
    ...grant(['account_creation_request'], ['read', 'update', 'assign'], 'organisation'),
    ...grant(['sales_project', 'account', 'contact'], ['read', 'create', 'update'], 'own'),
  ],
  is_admin: false,
};

export const adminMe: Me = { ...serviceMe, id: 'u-admin', name: 'Ylläpitäjä', privileges: [...serviceMe.privileges, ...grant(['lead_setup'], ['create', 'update', 'delete'], 'organisation')], is_admin: true };

export const gasConnection = { id: 'p-gas', code: 'GAS-CONN', name: 'Maakaasuliittymä', name_en: null, name_sv: null, kind: 'service', product_group_id: null, unit: 'kpl', unit_price: null, business_unit_id: null, description: null, is_active: true, version: 1, created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z' };

export function makeLead(id: string, patch: Partial<Lead> = {}): Lead {
  return {
    id,
    account_id: null,
    account_name: null,
    acknowledged_at: null,
    acknowledged_by_id: null,
    allowed_statuses: ['handled_no_action', 'disqualified'],
    assigned_at: '2026-11-16T09:00:00Z',
    business_id: '0112038-9',
    business_unit_id: UNIT,
    business_unit_name: 'Myynti Etelä',
    campaign_id: null,
    campaign_name: null,
    closed_at: null,
    company_name: 'Pirkan Konepaja Oy',
    contact_id: null,
    contact_name: 'Minna Koskinen',
    converted_at: null,
    converted_by_id: null,
    created_at: '2026-11-16T09:00:00Z',
    description: null,
    email: 'minna@konepaja.fi',
    first_action_at: null,
    first_action_hours: null,
    first_action_kind: null,
    lead_giver_id: 'u-aino',
    lead_giver_name: 'Aino Nieminen',
    municipality_id: 'm-tre',
    municipality_name: 'Tampere',
    owner_id: 'u-sanna',
    owner_name: 'Sanna Virtanen',
    phone: '040 123 4567',
    priority: 'normal' as Lead['priority'],
    product_id: 'p-gas',
    product_name: 'Maakaasuliittymä',
    queue_id: null,
    queue_name: null,
    received_at: '2026-11-16T09:00:00Z',
    region_id: 'r-pir',
    region_name: 'Pirkanmaa',
    routed_at: '2026-11-16T09:00:00Z',
    routing: {
      fallback: false,
      kind: 'user',
      queue_id: null,
      rule_id: 'rule-2',
      team_id: null,
      user_id: 'u-sanna',
      steps: [
        { rule_id: 'rule-1', rule_name: 'Kaasu – Uusimaa', position: 10, outcome: 'not_matched', failed: ['region'] },
        { rule_id: 'rule-2', rule_name: 'Kaasu – Pirkanmaa ja Häme', position: 20, outcome: 'matched', failed: [] },
      ],
    },
    routing_rule_id: 'rule-2',
    sales_project_id: null,
    service_request_id: null,
    sla_at_risk_at: '2026-11-17T15:00:00Z',
    sla_due_at: '2026-11-18T09:00:00Z',
    sla_met: null,
    sla_policy_id: null,
    sla_state: 'on_track',
    sla_working_hours: 16,
    sla_working_hours_left: 12.5,
    source: 'phone_call',
    status: 'open',
    status_reason: null,
    target_unit_id: null,
    target_unit_name: null,
    task_id: null,
    updated_at: '2026-11-16T09:00:00Z',
    version: 2,
    ...patch,
  };
}

export const page = <T,>(items: T[], next_cursor: string | null = null) => ({ items, next_cursor });

type Handler = Parameters<typeof installFakeApi>[0][string];

/** The fake API every leads screen needs (me, directories, lookups), plus `routes`. */
export function installLeadsApi(me: Me, routes: Record<string, Handler> = {}) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/products': () => json(200, page([gasConnection])),
    'GET /api/v1/product-groups': () => json(200, page([])),
    'GET /api/v1/teams': () => json(200, page([])),
    'GET /api/v1/queues': () => json(200, page([])),
    'GET /api/v1/regions': () => json(200, page([{ id: 'r-pir', code: '06', name: 'Pirkanmaa' }, { id: 'r-uus', code: '01', name: 'Uusimaa' }])),
    'GET /api/v1/leads/summary': () => json(200, { open: 5, on_track: 3, at_risk: 1, breached: 1, not_acknowledged: 2, in_my_queues: 0 }),
    ...routes,
  });
}
