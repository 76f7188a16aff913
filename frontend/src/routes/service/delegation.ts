/** The "delegated by → to" text shown on the request and in the queue table. */
import type { TFunction } from 'i18next';
import type { ServiceRequest } from '../../api/sdk';
import { formatDateTime } from '../../lib/format';

export interface DelegationNames {
  by: string | null | undefined;
  toUser: string | null | undefined;
  toQueue: string | null | undefined;
  at: string | null | undefined;
  acknowledged?: boolean;
  acknowledgedAt?: string | null;
}

/**
 * Whether the request's newest delegation has been acknowledged (or picked from the queue):
 * the request says when; the status still counts should the moment be missing.
 */
export function delegationAcknowledged(r: Pick<ServiceRequest, 'delegation_acknowledged_at' | 'delegation_status'>): boolean {
  return !!r.delegation_acknowledged_at || r.delegation_status === 'acknowledged';
}

/** "Y", "Q (queue)" or "Y (Q)" when a queue member has the request. */
export function delegateeLabel(t: TFunction, d: Pick<DelegationNames, 'toUser' | 'toQueue'>): string {
  if (d.toUser && d.toQueue) return t('service.userInQueue', { user: d.toUser, queue: d.toQueue });
  if (d.toQueue) return t('service.queueSuffix', { name: d.toQueue });
  return d.toUser ?? '…';
}

/** Short form for table cells: "X → Y". */
export function delegationShort(t: TFunction, d: DelegationNames): string {
  return `${d.by ?? '…'} → ${delegateeLabel(t, d)}`;
}

/** The full strip: "Delegated by X → to Y (queue) at 1.2.2026 klo 9.00, not acknowledged yet". */
export function delegationText(t: TFunction, language: string, d: DelegationNames): string {
  const main = t('service.delegatedStrip', {
    by: d.by ?? '…',
    to: delegateeLabel(t, d),
    at: formatDateTime(d.at, language),
  });
  const ack = d.acknowledgedAt
    ? t('service.acknowledgedAt', { at: formatDateTime(d.acknowledgedAt, language) })
    : d.acknowledged
      ? t('service.acknowledgedPlain')
      : t('service.notAcknowledged');
  return `${main}, ${ack}`;
}
