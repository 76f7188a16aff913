import type { TFunction } from 'i18next';
import { ORIGINS, PRIORITIES } from './status';

export const REQUEST_TYPES = [
  'general',
  'callback',
  'feedback',
  'contract_purchase',
  'termination',
  'address_change',
  'name_change',
  'meter_reading',
  'billing',
  'fault',
  'other',
] as const;
export const SERVICE_CHANNELS = ['phone', 'email', 'web', 'chat', 'office', 'letter'] as const;
export const BILLING_STATUSES = ['not_applicable', 'pending', 'in_billing'] as const;

const options = (values: readonly string[], prefix: string, t: TFunction) => values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));

export const requestTypeOptions = (t: TFunction) => options(REQUEST_TYPES, 'requestType', t);
export const channelOptions = (t: TFunction) => options(SERVICE_CHANNELS, 'serviceChannel', t);
export const billingOptions = (t: TFunction) => options(BILLING_STATUSES, 'billingStatus', t);
export const originOptions = (t: TFunction) => options(ORIGINS, 'origin', t);
export const priorityOptions = (t: TFunction) => options(PRIORITIES, 'priority', t);
