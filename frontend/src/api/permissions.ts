/**
 * What the signed-in user may do, from GET /me privileges (entity, action, depth). The server
 * enforces all of this; the UI only hides what would fail anyway.
 */
import type { BusinessUnit, Me } from './sdk';
import { useMe } from './session';

export type Entity =
  | 'account'
  | 'contact'
  | 'user'
  | 'business_unit'
  | 'team'
  | 'role'
  | 'api_key'
  | 'service_request'
  | 'activity'
  | 'subject'
  | 'queue'
  | 'saved_view'
  | 'sales_project'
  | 'project_type'
  | 'lead'
  | 'lead_setup'
  | 'account_creation_request'
  | 'product'
  | 'region'
  | 'activity_type'
  | 'account_team_role'
  | 'offer'
  | 'order'
  | 'offer_type'
  | 'sales_target'
  | 'classification'
  | 'segment'
  | 'account_class_change'
  | 'care_plan'
  | 'marketing_list'
  | 'campaign';
export type Action = 'create' | 'read' | 'update' | 'delete' | 'assign' | 'export' | 'approve';

/** Depths from narrowest to widest, as the backend names them. */
const DEPTHS = ['none', 'own', 'team', 'business_unit', 'unit_and_children', 'organisation'] as const;

function depthRank(depth: string): number {
  const i = (DEPTHS as readonly string[]).indexOf(depth);
  return i < 0 ? 0 : i;
}

/** The widest depth the user has for entity/action ('none' when not granted at all). */
export function depthFor(me: Me | undefined, entity: Entity, action: Action): string {
  let best = 'none';
  for (const p of me?.privileges ?? []) {
    if (p.entity === entity && p.action === action && depthRank(p.depth) > depthRank(best)) best = p.depth;
  }
  return best;
}

/** May the user do this to at least some records? (e.g. show a "New" button). */
export function can(me: Me | undefined, entity: Entity, action: Action): boolean {
  return depthFor(me, entity, action) !== 'none';
}

export interface OwnedRecord {
  owner_id?: string | null;
  business_unit_id?: string | null;
}

function isUnitOrChild(unitId: string, rootId: string, units: BusinessUnit[] | undefined): boolean {
  if (!units) return true; // unknown tree: let the server decide
  const parent = new Map(units.map((u) => [u.id, u.parent_id]));
  let current: string | null | undefined = unitId;
  const seen = new Set<string>();
  while (current && !seen.has(current)) {
    if (current === rootId) return true;
    seen.add(current);
    current = parent.get(current);
  }
  return false;
}

/** May the user do this to this record? Team depth is left to the server (shown as allowed). */
export function canOn(
  me: Me | undefined,
  entity: Entity,
  action: Action,
  record: OwnedRecord,
  units?: BusinessUnit[],
): boolean {
  if (!me) return false;
  switch (depthFor(me, entity, action)) {
    case 'organisation':
    case 'team':
      return true;
    case 'unit_and_children':
      return !record.business_unit_id || isUnitOrChild(record.business_unit_id, me.business_unit_id, units);
    case 'business_unit':
      return record.business_unit_id === me.business_unit_id;
    case 'own':
      return record.owner_id === me.id;
    default:
      return false;
  }
}

/** `can` bound to the signed-in user. */
export function usePermissions() {
  const me = useMe();
  return {
    me: me.data,
    can: (entity: Entity, action: Action) => can(me.data, entity, action),
    canOn: (entity: Entity, action: Action, record: OwnedRecord, units?: BusinessUnit[]) =>
      canOn(me.data, entity, action, record, units),
  };
}
