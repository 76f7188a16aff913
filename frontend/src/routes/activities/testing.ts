/** Fixtures for the activities area's screen tests (the fake API answers with these). */
import type { Activity, ActivityTypeRecord, Me, Privilege } from '../../api/sdk';
import { UNIT, units, users } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';

type Handler = Parameters<typeof installFakeApi>[0][string];

const grant = (entities: string[], actions: Privilege['action'][], depth: string): Privilege[] =>
  entities.flatMap((entity) => actions.map((action) => ({ entity, action, depth })));

export const sellerMe: Me = {
  id: 'u-sanna',
  email: 'u-sanna@kumppani.test',
  name: 'Sanna Virtanen',
  locale: 'fi',
  business_unit_id: UNIT,
  roles: [],
  privileges: [
    ...grant(['user', 'business_unit', 'activity_type'], ['read'], 'organisation'),
    ...grant(['account', 'contact', 'activity'], ['read'], 'business_unit'),
    ...grant(['activity'], ['create', 'update', 'assign'], 'own'),
  ],
  is_admin: false,
};

export const adminMe: Me = {
  ...sellerMe,
  id: 'u-admin',
  name: 'Ylläpitäjä',
  privileges: [...sellerMe.privileges, ...grant(['activity_type'], ['create', 'update', 'delete'], 'organisation')],
  is_admin: true,
};

const stamp = { created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-02T10:00:00Z', version: 1 };

export function makeType(id: string, key: string, patch: Partial<ActivityTypeRecord> = {}): ActivityTypeRecord {
  return { id, key, name: key, name_en: null, name_sv: null, kind: 'task', is_default: false, is_visit: false, keywords: [], sort_order: 0, is_active: true, ...stamp, ...patch };
}

export const taskType = makeType('at-task', 'task', { name: 'Tehtävä', name_en: 'Task', is_default: true });
export const feedbackType = makeType('at-fb', 'customer_feedback', {
  name: 'Asiakaspalaute',
  name_en: 'Customer feedback',
  kind: 'note',
  keywords: [
    { key: 'positive', name: 'Myönteinen', name_en: 'Positive', name_sv: 'Positiv' },
    { key: 'negative', name: 'Kielteinen', name_en: 'Negative', name_sv: 'Negativ' },
  ],
});
export const visitType = makeType('at-visit', 'visit', { name: 'Käynti', name_en: 'Visit', kind: 'meeting', is_visit: true });

export function makeActivity(id: string, patch: Partial<Activity> = {}): Activity {
  return {
    id,
    type: 'task',
    activity_type_id: 'at-task',
    subject: 'Soita takaisin',
    description: null,
    regarding: null,
    account_id: null,
    due_at: '2026-03-04T08:00:00Z',
    duration_minutes: 60,
    priority: 'normal',
    status: 'open',
    completed_at: null,
    direction: null,
    occurred_at: '2026-03-04T08:00:00Z',
    owner_id: 'u-sanna',
    owner_name: 'Sanna Virtanen',
    business_unit_id: UNIT,
    delegated_by_id: null,
    delegated_by_name: null,
    created_by: 'u-sanna',
    keywords: [],
    goal: null,
    agreed_actions: null,
    participant_ids: [],
    participants: [],
    ...stamp,
    ...patch,
  };
}

export const page = <T,>(items: T[]) => ({ items, next_cursor: null });

export function installActivitiesApi(me: Me, routes: Record<string, Handler> = {}) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/activity-types': () => json(200, page([taskType, feedbackType, visitType])),
    ...routes,
  });
}
