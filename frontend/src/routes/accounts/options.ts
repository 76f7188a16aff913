import type { TFunction } from 'i18next';

export const ACCOUNT_TYPES = ['company', 'public_body', 'association', 'other'] as const;
export const ACCOUNT_STATUSES = ['prospect', 'customer', 'former_customer', 'partner'] as const;

export function typeOptions(t: TFunction) {
  return ACCOUNT_TYPES.map((value) => ({ value, label: t(`account.types.${value}`) }));
}

export function statusOptions(t: TFunction) {
  return ACCOUNT_STATUSES.map((value) => ({ value, label: t(`account.statuses.${value}`) }));
}

/** Empty inputs mean "no value" for the API. */
export function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
