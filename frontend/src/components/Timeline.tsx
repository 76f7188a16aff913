import { Badge, Button, Center, Group, Loader, Text, Timeline as MantineTimeline } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../api/problem';
import { getAccountTimeline, getContactTimeline, getServiceRequestTimeline, type ServiceRequestEvent, type TimelineItem } from '../api/sdk';
import { formatDateTime } from '../lib/format';
import { eventBy, eventSummary, useEventNames } from '../routes/service/events';
import { AnchorLink } from './AnchorLink';
import { ErrorAlert } from './ErrorAlert';
import type { Regarding } from './LogActivityForm';

const PAGE_SIZE = 25;
/** Request events whose line names a user or queue besides the badge. */
const DETAILED = new Set(['delegated', 'picked']);

async function fetchPage(source: Regarding, cursor: string | null) {
  const query = { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
  switch (source.type) {
    case 'account':
      return unwrap(getAccountTimeline({ path: { account_id: source.id }, query }));
    case 'contact':
      return unwrap(getContactTimeline({ path: { contact_id: source.id }, query }));
    default:
      return unwrap(getServiceRequestTimeline({ path: { request_id: source.id }, query }));
  }
}

const TYPE_COLORS: Record<string, string> = {
  task: 'blue',
  phone_call: 'teal',
  meeting: 'grape',
  email: 'cyan',
  note: 'gray',
  created: 'green',
  delegated: 'orange',
  picked: 'orange',
  acknowledged: 'lime',
  status_changed: 'violet',
  reopened: 'red',
};

/** "Phone call", "Delegated", "Status changed: Kesken → Odotetaan tietoja", … */
export function timelineLabel(t: TFunction, item: TimelineItem): string {
  if (item.kind === 'activity') return t(`activity.types.${item.type}`, { defaultValue: item.type });
  const base = t(`service.events.${item.type}`, { defaultValue: item.type });
  const data = item.data as Record<string, unknown>;
  if ((item.type === 'status_changed' || item.type === 'reopened') && typeof data.to === 'string') {
    const from = typeof data.from === 'string' ? `${t(`status.${data.from}`)} → ` : '';
    return `${base}: ${from}${t(`status.${data.to}`)}`;
  }
  return base;
}

function RegardingLink({ item, source }: { item: TimelineItem; source: Regarding }) {
  const r = item.regarding;
  if (!r || (r.type === source.type && r.id === source.id) || !r.label) return null;
  if (r.type === 'service_request')
    return (
      <AnchorLink to="/service-requests/$requestId" params={{ requestId: r.id }} size="sm">
        {r.label}
      </AnchorLink>
    );
  if (r.type === 'contact')
    return (
      <AnchorLink to="/contacts/$contactId" params={{ contactId: r.id }} size="sm">
        {r.label}
      </AnchorLink>
    );
  if (r.type === 'sales_project')
    return (
      <AnchorLink to="/sales-projects/$projectId" params={{ projectId: r.id }} size="sm">
        {r.label}
      </AnchorLink>
    );
  // offers and orders
  if (r.type === 'offer')
    return (
      <AnchorLink to="/offers/$offerId" params={{ offerId: r.id }} size="sm">
        {r.label}
      </AnchorLink>
    );
  if (r.type === 'order')
    return (
      <AnchorLink to="/orders/$orderId" params={{ orderId: r.id }} size="sm">
        {r.label}
      </AnchorLink>
    );
  if (r.type === 'account')
    return (
      <AnchorLink to="/accounts/$accountId" params={{ accountId: r.id }} size="sm">
        {r.label}
      </AnchorLink>
    );
  return <Text size="sm">{r.label}</Text>;
}

/** What happened with a record, newest first; "show more" reads the next keyset page. */
export function Timeline({ source }: { source: Regarding }) {
  const { t, i18n } = useTranslation();
  const timeline = useInfiniteQuery({
    queryKey: ['timeline', source.type, source.id],
    queryFn: ({ pageParam }) => fetchPage(source, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  // Delegations and picks name the users and queues themselves; the directories only for older events.
  const eventNames = useEventNames(
    (timeline.data?.pages.flatMap((p) => p.items) ?? [])
      .filter((item) => item.kind === 'request_event' && DETAILED.has(item.type))
      .map((item) => ({ kind: item.type as ServiceRequestEvent['kind'], data: item.data })),
  );
  if (timeline.error) return <ErrorAlert error={timeline.error} />;
  if (!timeline.data)
    return (
      <Center>
        <Loader size="sm" />
      </Center>
    );
  const items = timeline.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Text c="dimmed">{t('timeline.empty')}</Text>;
  return (
    <>
      <MantineTimeline bulletSize={14} lineWidth={2} data-testid="timeline">
        {items.map((item) => {
          const data = item.data as Record<string, unknown>;
          // Status changes say it in the badge; delegations and picks name the user or queue.
          const detail =
            item.kind === 'request_event' && DETAILED.has(item.type) ? eventSummary(t, { kind: item.type as ServiceRequestEvent['kind'], data }, eventNames) : '';
          const by = item.kind === 'request_event' ? eventBy(item, { user: () => undefined }) : item.by_name;
          return (
            <MantineTimeline.Item key={`${item.kind}-${item.id}`} color={TYPE_COLORS[item.type] ?? 'gray'} data-testid="timeline-item" data-type={item.type}>
              <Group gap="xs" wrap="wrap">
                <Badge size="sm" variant="light" tt="none" color={TYPE_COLORS[item.type] ?? 'gray'}>
                  {timelineLabel(t, item)}
                </Badge>
                <Text size="sm" fw={500}>
                  {item.kind === 'activity' ? item.title : detail}
                </Text>
                <RegardingLink item={item} source={source} />
                {item.kind === 'activity' && typeof data.status === 'string' && data.status !== 'done' && (
                  <Badge size="xs" variant="outline" color={data.status === 'open' ? 'blue' : 'gray'}>
                    {t(`activity.statuses.${data.status}`)}
                  </Badge>
                )}
              </Group>
              {item.summary && (
                <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap' }}>
                  {item.summary}
                </Text>
              )}
              <Text size="xs" c="dimmed" mt={2}>
                {formatDateTime(item.at, i18n.language)}
                {by ? ` · ${by}` : ''}
                {item.kind === 'activity' && typeof data.due_at === 'string' ? ` · ${t('activity.due')}: ${formatDateTime(data.due_at, i18n.language)}` : ''}
              </Text>
            </MantineTimeline.Item>
          );
        })}
      </MantineTimeline>
      {timeline.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" size="xs" loading={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()} data-testid="timeline-more">
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </>
  );
}
