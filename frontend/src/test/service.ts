/** Fixtures for the customer-service screens' tests. */
import type { Me, Privilege, Queue, ServiceRequest, Subject } from '../api/sdk';
import { UNIT, users } from './app';

const directory: Privilege[] = [
  { entity: 'user', action: 'read', depth: 'organisation' },
  { entity: 'business_unit', action: 'read', depth: 'organisation' },
  { entity: 'team', action: 'read', depth: 'business_unit' },
];
const service: Privilege[] = (['service_request', 'activity', 'saved_view'] as const).flatMap((entity) =>
  (['create', 'read', 'update'] as const).map((action) => ({ entity, action, depth: 'business_unit' })),
);

export const serviceMe: Me = {
  id: 'u-sanna',
  email: 'u-sanna@kumppani.test',
  name: 'Sanna Virtanen',
  locale: 'en',
  business_unit_id: UNIT,
  roles: [],
  privileges: [...directory, ...service, { entity: 'account', action: 'read', depth: 'business_unit' }, { entity: 'subject', action: 'read', depth: 'organisation' }, { entity: 'queue', action: 'read', depth: 'organisation' }],
  is_admin: false,
};

const stamp = { created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z', version: 1 };

export const subjects: Subject[] = [
  { id: 's-billing', name: 'Laskutus', name_en: 'Billing', parent_id: null, sort_order: 1, is_active: true, ...stamp },
  { id: 's-invoice', name: 'Laskun selvitys', name_en: 'Invoice query', parent_id: 's-billing', sort_order: 1, is_active: true, ...stamp },
  { id: 's-meter', name: 'Mittarilukema', name_en: 'Meter reading', parent_id: null, sort_order: 2, is_active: true, ...stamp },
];

export function makeQueue(id: string, name: string, patch: Partial<Queue> = {}): Queue {
  return { id, name, description: null, email: null, business_unit_id: UNIT, is_active: true, member_ids: [], open_count: 0, is_member: false, ...stamp, ...patch };
}

export function makeRequest(patch: Partial<ServiceRequest> = {}): ServiceRequest {
  return {
    id: 'sr-1',
    number: 'PP-2026-000001',
    title: 'Laskussa väärä osoite',
    account_id: 'acc-1',
    account_name: 'Kone Oyj',
    contact_id: null,
    contact_name: null,
    caller_name: 'Matti Meikäläinen',
    caller_email: null,
    caller_phone: '+358401234567',
    subject_id: 's-invoice',
    subject_name: 'Laskun selvitys',
    request_type: 'general',
    origin: 'phone_call',
    service_channel: null,
    state: 'open',
    status_reason: 'in_progress',
    allowed_transitions: ['on_hold', 'waiting_for_information', 'under_investigation', 'resolved', 'done'],
    priority: 'normal',
    satisfaction: null,
    follow_up_by: null,
    callback_due_at: null,
    received_at: '2026-03-02T08:00:00Z',
    first_response_at: null,
    resolved_at: null,
    first_response_hours: null,
    resolution_hours: null,
    description: null,
    site: null,
    usage_point: null,
    contract_number: null,
    meter_number: null,
    business_id: null,
    personal_reference: null,
    billing_status: 'not_applicable',
    owner_id: 'u-sanna',
    owner_name: 'Sanna Virtanen',
    business_unit_id: UNIT,
    business_unit_name: 'Myynti Etelä',
    queue_id: null,
    queue_name: null,
    delegated_by_id: null,
    delegated_by_name: null,
    delegated_to_user_id: null,
    delegated_to_user_name: null,
    delegated_to_queue_id: null,
    delegated_to_queue_name: null,
    delegated_at: null,
    delegation_id: null,
    delegation_status: null,
    delegation_acknowledged_at: null,
    delegation_note: null,
    created_by: 'u-sanna',
    ...stamp,
    ...patch,
  };
}

export const page = <T,>(items: T[]) => ({ items, next_cursor: null });
export { users };
