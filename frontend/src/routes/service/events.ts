/** A request log event in words, shared by the history table and the timelines. */
import type { TFunction } from 'i18next';
import type { ServiceRequestEvent } from '../../api/sdk';

export type Names = { user: (id: string | null | undefined) => string | undefined; queue: (id: string | null | undefined) => string | undefined };

/** What an event did, in words: "Kesken → Odotetaan tietoja", "→ Asiakaspalvelu (jono)". */
export function eventSummary(t: TFunction, event: Pick<ServiceRequestEvent, 'kind' | 'data'>, names: Names): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : null);
  switch (event.kind) {
    case 'created':
      return str('status_reason') ? t(`status.${str('status_reason')}`) : '';
    case 'status_changed':
    case 'reopened':
      return `${str('from') ? t(`status.${str('from')}`) : '?'} → ${str('to') ? t(`status.${str('to')}`) : '?'}`;
    case 'delegated': {
      const user = str('to_user_id');
      const queue = str('to_queue_id');
      if (queue) return `→ ${t('service.queueSuffix', { name: names.queue(queue) ?? '…' })}`;
      return user ? `→ ${names.user(user) ?? '…'}` : '';
    }
    case 'picked':
      return str('queue_id') ? t('service.queueSuffix', { name: names.queue(str('queue_id')) ?? '…' }) : '';
    case 'updated':
      return Array.isArray(data.fields) ? (data.fields as unknown[]).map(String).join(', ') : '';
    default:
      return '';
  }
}

