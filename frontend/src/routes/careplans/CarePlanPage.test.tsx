import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CarePlan, CarePlanVersion, Me, Privilege } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { renderApp, UNIT, units, users } from '../../test/app';
import { installFakeApi, json, type Recorded } from '../../test/fakeApi';
import { taskType, visitType } from '../activities/testing';

const grant = (entities: string[], actions: Privilege['action'][], depth: string): Privilege[] =>
  entities.flatMap((entity) => actions.map((action) => ({ entity, action, depth })));

const base: Privilege[] = [
  ...grant(['user', 'business_unit', 'activity_type', 'account_team_role', 'classification'], ['read'], 'organisation'),
  ...grant(['account'], ['read'], 'business_unit'),
];
/** Edits care plans but lacks the approve privilege that A plans need. */
const editorMe: Me = {
  id: 'u-sanna',
  email: 'u-sanna@kumppani.test',
  name: 'Sanna Virtanen',
  locale: 'fi',
  business_unit_id: UNIT,
  roles: [],
  privileges: [...base, ...grant(['care_plan'], ['read', 'create', 'update'], 'organisation')],
  is_admin: false,
};
const managerMe: Me = { ...editorMe, id: 'u-juha', name: 'Juha Korhonen', privileges: [...editorMe.privileges, ...grant(['care_plan'], ['approve'], 'organisation')] };

const stamp = { created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-02T10:00:00Z' };
const visitTouch = {
  id: 't-visit',
  activity_type_id: 'at-visit',
  channel: 'visit' as const,
  frequency: 'quarterly' as const,
  months: [],
  responsible: 'account_manager' as const,
  responsible_role_id: null,
  responsible_user_id: null,
  description: 'Asiakaskäynti',
  interval_days: 91,
};

function version(number: number, patch: Partial<CarePlanVersion> = {}): CarePlanVersion {
  return {
    id: `v-${number}`,
    number,
    status: 'approved',
    note: null,
    touches: [visitTouch],
    created_by: 'u-sanna',
    created_at: '2026-01-01T10:00:00Z',
    approved_by: 'u-juha',
    approved_at: '2026-01-03T10:00:00Z',
    ...patch,
  };
}

function makePlan(patch: Partial<CarePlan> = {}): CarePlan {
  const v1 = version(1);
  return {
    id: 'p-1',
    ...stamp,
    version: 3,
    name: 'A-asiakkaat',
    description: null,
    account_class: 'A',
    classification_id: null,
    business_unit_id: null,
    is_active: true,
    active_version: 1,
    latest_version: 1,
    shortest_interval_days: 91,
    current: v1,
    latest: v1,
    ...patch,
  };
}

const role = { id: 'r-tech', key: 'technical', name: 'Tekninen yhteyshenkilö', name_en: 'Technical contact', name_sv: null, is_active: true, sort_order: 1, version: 1, ...stamp };
const page = <T,>(items: T[]) => ({ items, next_cursor: null });

function installApi(me: Me, routes: Record<string, (req: Recorded) => Response> = {}) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/activity-types': () => json(200, page([visitType, taskType])),
    'GET /api/v1/account-team-roles': () => json(200, page([role])),
    'GET /api/v1/classifications': () => json(200, page([])),
    'GET /api/v1/care-plans/p-1': () => json(200, makePlan(), { ETag: '"3"' }),
    'GET /api/v1/care-plans/p-1/versions': () => json(200, page([version(1)])),
    ...routes,
  });
}

describe('the care-plan editor', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('adds a touch with fixed months from the keyboard and saves it as a new version with If-Match', async () => {
    const draft = version(2, { status: 'draft', approved_by: null, approved_at: null });
    const api = installApi(editorMe, {
      'PATCH /api/v1/care-plans/p-1': (req) => {
        const body = req.body as { touches: (Omit<typeof visitTouch, 'id' | 'interval_days'> & { id?: string })[] };
        const saved = { ...draft, touches: body.touches.map((x, i) => ({ ...x, interval_days: 30, id: x.id ?? `t-new-${i}` })) };
        return json(200, makePlan({ version: 4, latest_version: 2, latest: saved }), { ETag: '"4"' });
      },
    });
    renderApp('/care-plans/p-1');
    expect(await screen.findByDisplayValue('A-asiakkaat', {}, { timeout: 15_000 })).toBeInTheDocument();
    // The versions table names who approved.
    expect(await screen.findByText('Juha Korhonen', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.getAllByTestId('touch-row')).toHaveLength(1);

    await userEvent.click(screen.getByTestId('touch-add'));
    const rows = screen.getAllByTestId('touch-row');
    expect(rows).toHaveLength(2);
    const row = within(rows[1]);
    // The new row's first field has the focus; Tab moves on to the channel.
    expect(row.getByTestId('touch-activity-type')).toHaveFocus();
    await userEvent.selectOptions(row.getByTestId('touch-activity-type'), 'at-task');
    await userEvent.tab();
    expect(row.getByTestId('touch-channel')).toHaveFocus();
    await userEvent.selectOptions(row.getByTestId('touch-channel'), 'phone');
    await userEvent.selectOptions(row.getByTestId('touch-frequency'), 'months');
    // The month picker: March and September (the key-customer matrix by month).
    await userEvent.click(row.getByRole('checkbox', { name: 'syyskuu' }));
    await userEvent.click(row.getByRole('checkbox', { name: 'maaliskuu' }));
    await userEvent.selectOptions(row.getByTestId('touch-responsible'), 'team_role');
    await userEvent.selectOptions(row.getByTestId('touch-role'), 'r-tech');
    await userEvent.type(row.getByTestId('touch-description'), 'Sesonkisoitto');
    await userEvent.type(screen.getByTestId('plan-note'), 'Sesonkisoitot');

    await userEvent.click(screen.getByTestId('plan-save'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.path).toBe('/api/v1/care-plans/p-1');
    expect(patch.headers.get('If-Match')).toBe('"3"');
    expect(patch.body).toEqual({
      name: 'A-asiakkaat',
      description: null,
      account_class: 'A',
      classification_id: null,
      business_unit_id: null,
      is_active: true,
      note: 'Sesonkisoitot',
      touches: [
        {
          id: 't-visit',
          activity_type_id: 'at-visit',
          channel: 'visit',
          frequency: 'quarterly',
          months: [],
          responsible: 'account_manager',
          responsible_role_id: null,
          responsible_user_id: null,
          description: 'Asiakaskäynti',
        },
        {
          activity_type_id: 'at-task',
          channel: 'phone',
          frequency: 'months',
          months: [3, 9],
          responsible: 'team_role',
          responsible_role_id: 'r-tech',
          responsible_user_id: null,
          description: 'Sesonkisoitto',
        },
      ],
    });
    // The saved plan has a draft; this user may not approve an A plan.
    expect(await screen.findByTestId('care-plan-draft', {}, { timeout: 15_000 })).toHaveTextContent('v2');
    expect(screen.getByTestId('care-plan-approve-needs')).toBeInTheDocument();
    expect(screen.queryByTestId('care-plan-approve')).not.toBeInTheDocument();
  }, 120_000);

  it('does not save a fixed-months touch without months', async () => {
    const api = installApi(editorMe);
    renderApp('/care-plans/p-1');
    expect(await screen.findByDisplayValue('A-asiakkaat', {}, { timeout: 15_000 })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByTestId('touch-frequency'), 'months');
    await userEvent.click(screen.getByTestId('plan-save'));
    expect(await screen.findByTestId('touch-problems')).toHaveTextContent('Valitse vähintään yksi kuukausi');
    expect(api.requests.some((r) => r.method === 'PATCH')).toBe(false);
  }, 120_000);

  it('approves the draft with If-Match and shows the API’s 409 detail', async () => {
    const draft = version(2, { status: 'draft', approved_by: null, approved_at: null });
    const api = installApi(managerMe, {
      'GET /api/v1/care-plans/p-1': () => json(200, makePlan({ version: 5, latest_version: 2, latest: draft }), { ETag: '"5"' }),
      'POST /api/v1/care-plans/p-1/approval': () =>
        json(409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Another plan is in force for class A.', instance: '/api/v1/care-plans/p-1/approval' }),
    });
    renderApp('/care-plans/p-1');
    await userEvent.click(await screen.findByTestId('care-plan-approve', {}, { timeout: 15_000 }));
    expect(await screen.findByTestId('care-plan-approve-error', {}, { timeout: 15_000 })).toHaveTextContent('Another plan is in force for class A.');
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('If-Match')).toBe('"5"');
    expect(post.body).toEqual({});
  }, 120_000);

  it('approves the draft with a note: it goes in force and the versions show the approver', async () => {
    const draft = version(2, { status: 'draft', approved_by: null, approved_at: null });
    const approved = version(2, { approved_by: 'u-juha', approved_at: '2026-12-01T09:00:00Z' });
    let decided = false;
    const api = installApi(managerMe, {
      'GET /api/v1/care-plans/p-1': () => json(200, makePlan({ version: 5, latest_version: 2, latest: draft }), { ETag: '"5"' }),
      'GET /api/v1/care-plans/p-1/versions': () =>
        json(200, page(decided ? [approved, version(1, { status: 'superseded' })] : [draft, version(1)])),
      'POST /api/v1/care-plans/p-1/approval': () => {
        decided = true;
        return json(200, makePlan({ version: 6, active_version: 2, latest_version: 2, current: approved, latest: approved }), { ETag: '"6"' });
      },
    });
    renderApp('/care-plans/p-1');
    await userEvent.type(await screen.findByTestId('care-plan-approval-note', {}, { timeout: 15_000 }), 'Tarkistettu');
    await userEvent.click(screen.getByTestId('care-plan-approve'));
    await waitFor(() => expect(screen.queryByTestId('care-plan-approve')).not.toBeInTheDocument());
    expect(screen.getByText('Voimassa (versio 2)')).toBeInTheDocument();
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('If-Match')).toBe('"5"');
    expect(post.body).toEqual({ note: 'Tarkistettu' });
    await waitFor(() => expect(screen.getAllByTestId('care-plan-version')[0]).toHaveTextContent('Hyväksytty'));
    expect(within(screen.getAllByTestId('care-plan-version')[0]).getByTestId('care-plan-version-approver')).toHaveTextContent('Juha Korhonen');
    expect(screen.getAllByTestId('care-plan-version')[1]).toHaveTextContent('Korvattu');
  }, 120_000);

  it('creates a plan for a class and a business unit', async () => {
    const api = installApi(editorMe, {
      'GET /api/v1/care-plans': () => json(200, page([])),
      'POST /api/v1/care-plans': () => json(201, makePlan({ name: 'B-asiakkaat', account_class: 'B' }), { ETag: '"3"' }),
      'GET /api/v1/care-plans/p-1': () => json(200, makePlan({ name: 'B-asiakkaat', account_class: 'B' }), { ETag: '"3"' }),
    });
    renderApp('/care-plans');
    await userEvent.click(await screen.findByTestId('care-plan-new', {}, { timeout: 15_000 }));
    await userEvent.type(await screen.findByTestId('plan-name', {}, { timeout: 15_000 }), 'B-asiakkaat');
    await userEvent.selectOptions(screen.getByTestId('plan-class'), 'B');
    await waitFor(() => expect(within(screen.getByTestId('plan-unit')).getByText('Myynti Etelä')).toBeInTheDocument());
    await userEvent.selectOptions(screen.getByTestId('plan-unit'), UNIT);
    await userEvent.click(screen.getByTestId('touch-add'));
    await userEvent.type(screen.getByTestId('touch-description'), 'Vuosikäynti');
    await userEvent.selectOptions(screen.getByTestId('touch-frequency'), 'yearly');
    await userEvent.click(screen.getByTestId('plan-save'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST')).toBe(true));
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toMatchObject({
      name: 'B-asiakkaat',
      account_class: 'B',
      classification_id: null,
      business_unit_id: UNIT,
      touches: [{ activity_type_id: 'at-visit', channel: 'visit', frequency: 'yearly', months: [], responsible: 'account_manager', description: 'Vuosikäynti' }],
    });
    // Then the plan's own page.
    expect(await screen.findByDisplayValue('B-asiakkaat', {}, { timeout: 15_000 })).toBeInTheDocument();
    await waitFor(() => expect(api.requests.some((r) => r.method === 'GET' && r.path === '/api/v1/care-plans/p-1')).toBe(true));
  }, 120_000);

  it('shows the API’s 403 detail on the list and opens a plan from it', async () => {
    const draft = version(2, { status: 'draft', approved_by: null, approved_at: null });
    installApi(managerMe, {
      'GET /api/v1/care-plans': () => json(200, page([makePlan({ version: 5, latest_version: 2, latest: draft })])),
      'POST /api/v1/care-plans/p-1/approval': () =>
        json(403, { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'An A plan needs the approve privilege in its unit.', instance: '/x' }),
    });
    renderApp('/care-plans');
    await userEvent.click(await screen.findByTestId('care-plan-approve', {}, { timeout: 15_000 }));
    const alert = await screen.findByTestId('care-plan-approve-error', {}, { timeout: 15_000 });
    expect(alert).toHaveTextContent('An A plan needs the approve privilege in its unit.');
    expect(alert).toHaveTextContent('403');
    await userEvent.click(screen.getByTestId('care-plan-link'));
    expect(await screen.findByDisplayValue('A-asiakkaat', {}, { timeout: 15_000 })).toBeInTheDocument();
  }, 120_000);

  it('a stale save (412) offers a reload that shows the newer plan', async () => {
    let gets = 0;
    const api = installApi(editorMe, {
      'GET /api/v1/care-plans/p-1': () => {
        gets += 1;
        return gets === 1 ? json(200, makePlan(), { ETag: '"3"' }) : json(200, makePlan({ version: 4, name: 'A-asiakkaat 2027' }), { ETag: '"4"' });
      },
      'PATCH /api/v1/care-plans/p-1': () =>
        json(412, { type: 'about:blank', title: 'Precondition Failed', status: 412, detail: 'Stale version.', instance: '/x', current_version: 4 }),
    });
    renderApp('/care-plans/p-1');
    const name = await screen.findByDisplayValue('A-asiakkaat', {}, { timeout: 15_000 });
    await userEvent.type(name, ' (muokattu)');
    await userEvent.click(screen.getByTestId('plan-save'));
    const patch = await waitFor(() => api.requests.find((r) => r.method === 'PATCH')!);
    expect(patch.headers.get('If-Match')).toBe('"3"');
    expect(patch.body).not.toHaveProperty('touches');
    await userEvent.click(within(await screen.findByTestId('conflict-alert', {}, { timeout: 15_000 })).getByRole('button'));
    expect(await screen.findByDisplayValue('A-asiakkaat 2027', {}, { timeout: 15_000 })).toBeInTheDocument();
  }, 120_000);
});
