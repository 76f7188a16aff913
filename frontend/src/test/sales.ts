/** Fixtures for the sales project screens' tests. */
import type { Kanban, KanbanCard, Me, Privilege, ProjectStage, ProjectType, SalesProject } from '../api/sdk';
import { UNIT, users } from './app';

const directory: Privilege[] = [
  { entity: 'user', action: 'read', depth: 'organisation' },
  { entity: 'business_unit', action: 'read', depth: 'organisation' },
  { entity: 'team', action: 'read', depth: 'business_unit' },
];

export const salesManagerMe: Me = {
  id: 'u-sanna',
  email: 'u-sanna@kumppani.test',
  name: 'Sanna Virtanen',
  locale: 'fi',
  business_unit_id: UNIT,
  roles: [],
  privileges: [
    ...directory,
    { entity: 'account', action: 'read', depth: 'business_unit' },
    { entity: 'project_type', action: 'read', depth: 'organisation' },
    ...(['create', 'read', 'update', 'export'] as const).map((action) => ({ entity: 'sales_project', action, depth: 'business_unit' })),
  ],
  is_admin: false,
};

const stamp = { created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z' };

export const gasType: ProjectType = {
  id: 'pt-gas',
  key: 'gas_connection',
  name: 'Kaasuliittymämyynti',
  name_en: 'Gas connection sale',
  name_sv: null,
  description: null,
  is_active: true,
  current_version: 2,
  version: 3,
  ...stamp,
  stages: (
    [
      ['offer', 'Tarjous', false],
      ['contract', 'Lähetä sopimus', true],
      ['build', 'Rakentaminen', false],
    ] as const
  ).map(([key, name, cs], i) => ({
    id: `ts-${key}`,
    position: i + 1,
    key,
    name,
    name_en: null,
    name_sv: null,
    default_duration_days: 5,
    is_customer_service: cs,
    checklist: [],
    responsibles: [{ region: '*', user_id: 'u-juha', team_id: null }],
  })),
};

export function makeCard(id: string, name: string, patch: Partial<KanbanCard> = {}): KanbanCard {
  return {
    id,
    name,
    version: 4,
    account_id: 'acc-1',
    account_name: 'Kone Oyj',
    estimated_value: '12500.50',
    probability: 60,
    expected_decision_date: '2026-06-30',
    owner_id: 'u-sanna',
    owner_name: 'Sanna Virtanen',
    region: 'Uusimaa',
    current_stage: {
      id: `${id}-s1`,
      key: 'offer',
      name: 'Tarjous',
      status: 'in_progress',
      is_customer_service: false,
      responsible_user_id: 'u-sanna',
      responsible_user_name: 'Sanna Virtanen',
      responsible_team_id: null,
      responsible_team_name: null,
      due_date: '2026-03-10',
      started_at: '2026-03-01T08:00:00Z',
      days_in_stage: 3,
    },
    ...patch,
  };
}

export function makeKanban(cards: KanbanCard[], more: string | null = null): Kanban {
  return {
    project_type_id: 'pt-gas',
    type_version_id: 'ptv-2',
    version: 2,
    columns: [
      { key: 'offer', name: 'Tarjous', name_en: 'Offer', name_sv: null, position: 1, is_customer_service: false, count: 7, value_sum: '87503.50', cards, next_cursor: more },
      { key: 'contract', name: 'Lähetä sopimus', name_en: null, name_sv: null, position: 2, is_customer_service: true, count: 0, value_sum: '0.00', cards: [], next_cursor: null },
      { key: 'build', name: 'Rakentaminen', name_en: null, name_sv: null, position: 3, is_customer_service: false, count: 0, value_sum: '0.00', cards: [], next_cursor: null },
      { key: 'other', name: null, name_en: null, name_sv: null, position: null, is_customer_service: false, count: 0, value_sum: '0.00', cards: [], next_cursor: null },
    ],
  };
}

function stage(projectId: string, key: string, name: string, position: number, patch: Partial<ProjectStage>): ProjectStage {
  return {
    id: `${projectId}-${key}`,
    project_id: projectId,
    position,
    key,
    name,
    name_en: null,
    name_sv: null,
    is_customer_service: false,
    status: 'not_started',
    is_current: false,
    allowed_transitions: ['skipped'],
    template_stage_id: `ts-${key}`,
    responsible_user_id: null,
    responsible_user_name: null,
    responsible_team_id: null,
    responsible_team_name: null,
    due_date: null,
    started_at: null,
    completed_on: null,
    skip_reason: null,
    note: null,
    checklist: [],
    ...stamp,
    ...patch,
  };
}

export function makeProject(id: string, patch: Partial<SalesProject> = {}): SalesProject {
  return {
    id,
    name: 'Kaasuliittymä Vantaa',
    account_id: 'acc-1',
    account_name: 'Kone Oyj',
    project_type_id: 'pt-gas',
    project_type_name: 'Kaasuliittymämyynti',
    type_version_id: 'ptv-2',
    region: 'Uusimaa',
    estimated_value: '12500.50',
    probability: 60,
    expected_decision_date: '2026-06-30',
    status: 'open',
    status_reason: null,
    opened_on: '2026-02-01',
    closed_on: null,
    last_progress_on: null,
    owner_id: 'u-sanna',
    owner_name: 'Sanna Virtanen',
    business_unit_id: UNIT,
    business_unit_name: 'Myynti Etelä',
    source_lead_id: null,
    current_stage: null,
    created_by: 'u-sanna',
    description: null,
    contacts: [],
    allowed_statuses: ['won', 'lost', 'cancelled'],
    version: 4,
    ...stamp,
    stages: [
      stage(id, 'offer', 'Tarjous', 1, { status: 'in_progress', is_current: true, allowed_transitions: ['done', 'skipped'], responsible_user_id: 'u-sanna', responsible_user_name: 'Sanna Virtanen', due_date: '2026-03-10', checklist: [{ item: 'Laske hinta', done: false }] }),
      stage(id, 'contract', 'Lähetä sopimus', 2, { is_customer_service: true, responsible_user_id: 'u-juha', responsible_user_name: 'Juha Korhonen' }),
      stage(id, 'build', 'Rakentaminen', 3, {}),
    ],
    ...patch,
  };
}

export const page = <T,>(items: T[]) => ({ items, next_cursor: null });
export { users };
