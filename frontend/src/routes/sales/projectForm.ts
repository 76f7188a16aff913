/** The sales project form's values, their checks and the API bodies made from them. */
import { InvalidMoney, moneyInput, parseMoney } from '../../lib/money';
import type { SalesProject } from './model';

export interface ProjectValues {
  account_id: string | null;
  project_type_id: string | null;
  name: string;
  region: string;
  /** As typed: "12 500,50". */
  estimated_value: string;
  probability: number | '';
  expected_decision_date: string;
  description: string;
  first_responsible_user_id: string | null;
}

export const emptyProject: ProjectValues = {
  account_id: null,
  project_type_id: null,
  name: '',
  region: '',
  estimated_value: '',
  probability: '',
  expected_decision_date: '',
  description: '',
  first_responsible_user_id: null,
};

/** Field → translation key of what is wrong (checked before sending; the server checks again). */
export function projectErrors(values: ProjectValues, { creating }: { creating: boolean }): Record<string, string> {
  const errors: Record<string, string> = {};
  if (creating && !values.account_id) errors.account_id = 'sales.errors.required';
  if (creating && !values.project_type_id) errors.project_type_id = 'sales.errors.required';
  if (!values.name.trim()) errors.name = 'sales.errors.required';
  try {
    parseMoney(values.estimated_value);
  } catch (e) {
    if (e instanceof InvalidMoney) errors.estimated_value = 'sales.invalidValue';
  }
  if (values.probability !== '' && (values.probability < 0 || values.probability > 100 || !Number.isInteger(values.probability))) errors.probability = 'sales.errors.probability';
  return errors;
}

/** The fields both creating and editing send (call only after `projectErrors` found nothing). */
function common(values: ProjectValues) {
  return {
    name: values.name.trim(),
    region: values.region.trim() || null,
    estimated_value: parseMoney(values.estimated_value),
    probability: values.probability === '' ? null : values.probability,
    expected_decision_date: values.expected_decision_date || null,
    description: values.description.trim() || null,
  };
}

export function toCreateBody(values: ProjectValues) {
  return {
    account_id: values.account_id!,
    project_type_id: values.project_type_id!,
    ...common(values),
    ...(values.first_responsible_user_id ? { first_responsible_user_id: values.first_responsible_user_id } : {}),
  };
}

export function valuesFromProject(project: SalesProject, language: string): ProjectValues {
  return {
    account_id: project.account_id,
    project_type_id: project.project_type_id,
    name: project.name,
    region: project.region ?? '',
    estimated_value: moneyInput(project.estimated_value, language),
    probability: project.probability ?? '',
    expected_decision_date: project.expected_decision_date ?? '',
    description: project.description ?? '',
    first_responsible_user_id: null,
  };
}

/** Only the fields that changed, for a PATCH with If-Match. Amounts compare by value, not text. */
export function changedProjectFields(before: ProjectValues, after: ProjectValues): Record<string, unknown> {
  const a = common(before) as Record<string, unknown>;
  const b = common(after) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(b)) if ((a[key] ?? null) !== (b[key] ?? null)) patch[key] = b[key];
  return patch;
}
