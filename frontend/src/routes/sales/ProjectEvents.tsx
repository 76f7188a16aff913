import { Badge, Button, Center, Group, Loader, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useDirectoryNames } from '../../api/lookups';
import { unwrap } from '../../api/problem';
import { getSalesProjectEvents } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatDateTime } from '../../lib/format';
import { EVENT_COLORS, eventDetail } from './events';

/** The project's stage history (project_events), newest first; the business date is what reports count by. */
export function ProjectEvents({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const names = useDirectoryNames();
  const events = useInfiniteQuery({
    queryKey: ['sales-projects', projectId, 'events'],
    queryFn: ({ pageParam }) => unwrap(getSalesProjectEvents({ path: { project_id: projectId }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  if (events.error) return <ErrorAlert error={events.error} />;
  if (!events.data)
    return (
      <Center>
        <Loader size="sm" />
      </Center>
    );
  const items = events.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Text c="dimmed">{t('sales.noEvents')}</Text>;
  return (
    <>
      <Table striped data-testid="project-events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('sales.eventDate')}</Table.Th>
            <Table.Th>{t('sales.eventWhat')}</Table.Th>
            <Table.Th>{t('sales.stage')}</Table.Th>
            <Table.Th>{t('sales.eventDetail')}</Table.Th>
            <Table.Th>{t('sales.eventBy')}</Table.Th>
            <Table.Th>{t('sales.eventRecorded')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr key={e.id} data-testid="project-event" data-kind={e.kind}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.happened_on, i18n.language)}</Table.Td>
              <Table.Td>
                <Badge variant="light" tt="none" color={EVENT_COLORS[e.kind] ?? 'gray'}>
                  {t(`sales.events.${e.kind}`, { defaultValue: e.kind })}
                </Badge>
              </Table.Td>
              <Table.Td>{e.stage_name ?? ''}</Table.Td>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{eventDetail(t, e, (id) => names.user(id))}</Table.Td>
              <Table.Td>{e.by_name ?? ''}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(e.at, i18n.language)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {events.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" size="xs" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </>
  );
}
