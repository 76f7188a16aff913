/** A request log event in words, shared by the history table and the timelines. */
import type { TFunction } from 'i18next';
import { nameMap, useUsers } from '../../api/lookups';
import type { ServiceRequestEvent } from '../../api/sdk';
import { useQueues } from './lookups';

export type Names = { user: (id: string | null | undefined) => string | undefined; queue: (id: string | null | undefined) => string | undefined };

type EventLike = Pick<ServiceRequestEvent, 'kind' | 'data'>;

function reader(event: Pick<ServiceRequestEvent, 'data'>) {
  const data = (event.data ?? {}) as Record<string, unknown>;
  return (k: string) => (typeof data[k] === 'string' && data[k] ? (data[k] as string) : null);
}

/**
 * Who did it. Delegations and picks carry the name as it was then (`data.by_name`); the
 * event's own `by_name` is the user's current name; the directory is the last resort.
 */
export function eventBy(event: Pick<ServiceRequestEvent, 'data' | 'by_id' | 'by_name'>, names: Pick<Names, 'user'>): string | undefined {
  return reader(event)('by_name') ?? event.by_name ?? names.user(event.by_id);
}

/**
 * Which lookups an event still needs: newer delegated and picked events carry the names
 * (as they were at the time) in `data`; older ones only the ids.
 */
export function eventLookups(event: EventLike & Partial<Pick<ServiceRequestEvent, 'by_id' | 'by_name'>>): { user: boolean; queue: boolean } {
  const str = reader(event);
  const byMissing = !!event.by_id && !event.by_name && !str('by_name');
  switch (event.kind) {
    case 'delegated':
      return {
        user: byMissing || (!!str('to_user_id') && !str('to_queue_id') && !str('to_user_name')),
        queue: !!str('to_queue_id') && !str('to_queue_name'),
      };
    case 'picked':
      return { user: byMissing, queue: !!str('queue_id') && !str('queue_name') };
    default:
      return { user: byMissing, queue: false };
  }
}

/**
 * Names for the events' ids, fetching the users or queues directory only when some event
 * lacks the names in its data (what is already cached is used either way).
 */
export function useEventNames(events: (EventLike & Partial<Pick<ServiceRequestEvent, 'by_id' | 'by_name'>>)[]): Names {
  const needs = events.map(eventLookups);
  const users = useUsers({ enabled: needs.some((n) => n.user) });
  const queues = useQueues({ enabled: needs.some((n) => n.queue) });
  const userNames = nameMap(users.data?.items);
  const queueNames = nameMap(queues.data);
  return {
    user: (id) => (id ? userNames.get(id) : undefined),
    queue: (id) => (id ? queueNames.get(id) : undefined),
  };
}

/** What an event did, in words: "Kesken → Odotetaan tietoja", "→ Asiakaspalvelu (jono)". */
export function eventSummary(t: TFunction, event: EventLike, names: Names): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const str = reader(event);
  switch (event.kind) {
    case 'created':
      return str('status_reason') ? t(`status.${str('status_reason')}`) : '';
    case 'status_changed':
    case 'reopened':
      return `${str('from') ? t(`status.${str('from')}`) : '?'} → ${str('to') ? t(`status.${str('to')}`) : '?'}`;
    case 'delegated': {
      // The names as they were when it happened; the lookups only for older events.
      const user = str('to_user_id');
      const queue = str('to_queue_id');
      if (queue) return `→ ${t('service.queueSuffix', { name: str('to_queue_name') ?? names.queue(queue) ?? '…' })}`;
      return user ? `→ ${str('to_user_name') ?? names.user(user) ?? '…'}` : '';
    }
    case 'picked': {
      const queue = str('queue_id');
      return queue ? t('service.queueSuffix', { name: str('queue_name') ?? names.queue(queue) ?? '…' }) : '';
    }
    case 'updated':
      return Array.isArray(data.fields) ? (data.fields as unknown[]).map(String).join(', ') : '';
    default:
      return '';
  }
}
