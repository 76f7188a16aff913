import { Badge, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { getServiceRequestHistory, listServiceRequestEvents } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HistoryTable } from '../../components/HistoryTable';
import { formatDateTime } from '../../lib/format';
import { eventBy, eventSummary, useEventNames } from './events';

const KIND_COLORS: Record<string, string> = {
  created: 'green',
  status_changed: 'violet',
  delegated: 'orange',
  picked: 'orange',
  acknowledged: 'lime',
  reopened: 'red',
  comment: 'gray',
  reminded: 'yellow',
  updated: 'blue',
};

/** The request's own log (every action, with notes) and the field-level change history. */
export function RequestHistory({ requestId }: { requestId: string }) {
  const { t, i18n } = useTranslation();
  const events = useQuery({
    queryKey: ['service-requests', requestId, 'events'],
    queryFn: () => unwrap(listServiceRequestEvents({ path: { request_id: requestId }, query: { limit: 200 } })),
  });
  // Delegations and picks name the users and queues themselves; the directories only for older events.
  const names = useEventNames(events.data?.items ?? []);
  const history = useQuery({
    queryKey: ['service-requests', requestId, 'history'],
    queryFn: () => unwrap(getServiceRequestHistory({ path: { request_id: requestId }, query: { limit: 100 } })),
  });
  return (
    <Stack>
      <Title order={4}>{t('service.eventLog')}</Title>
      {events.error ? (
        <ErrorAlert error={events.error} />
      ) : !events.data ? (
        <Loader size="sm" />
      ) : events.data.items.length === 0 ? (
        <Text c="dimmed">{t('history.empty')}</Text>
      ) : (
        <Table striped data-testid="event-log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('history.when')}</Table.Th>
              <Table.Th>{t('history.who')}</Table.Th>
              <Table.Th>{t('history.operation')}</Table.Th>
              <Table.Th />
              <Table.Th>{t('common.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data.items.map((e) => (
              <Table.Tr key={e.id} data-testid="event-row" data-kind={e.kind}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, i18n.language)}</Table.Td>
                <Table.Td>{eventBy(e, names) ?? ''}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={KIND_COLORS[e.kind] ?? 'gray'}>
                    {t(`service.events.${e.kind}`, { defaultValue: e.kind })}
                  </Badge>
                </Table.Td>
                <Table.Td>{eventSummary(t, e, names)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{e.note ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={4} mt="md">
        {t('service.fieldHistory')}
      </Title>
      {history.error ? <ErrorAlert error={history.error} /> : history.data ? <HistoryTable entity="service" items={history.data.items} /> : <Loader size="sm" />}
    </Stack>
  );
}
