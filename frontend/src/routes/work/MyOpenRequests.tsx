import { Loader, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { listServiceRequests } from '../../api/sdk';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { useCursorPager } from '../../lib/cursorPager';
import { columnLabel, renderCell } from '../service/columns';

const COLUMNS = ['number', 'title', 'account_name', 'status_reason', 'priority', 'delegated_by_name', 'follow_up_by', 'received_at'];

/** The open service requests I own, newest first. */
export function MyOpenRequests({ delegatedOpen }: { delegatedOpen?: number }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const pager = useCursorPager();
  const query = { owner_id: me.data?.id ?? '', state: 'open' as const, sort: '-received_at' as const, limit: 50, ...(pager.cursor ? { cursor: pager.cursor } : {}) };
  const requests = useQuery({
    queryKey: ['service-requests', 'mine', query],
    queryFn: () => unwrap(listServiceRequests({ query })),
    enabled: !!me.data,
    placeholderData: keepPreviousData,
  });
  if (requests.error) return <ErrorAlert error={requests.error} />;
  if (!requests.data) return <Loader size="sm" />;
  return (
    <>
      {delegatedOpen !== undefined && delegatedOpen > 0 && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('myWork.delegatedOpen', { count: delegatedOpen })}
        </Text>
      )}
      <Table striped highlightOnHover data-testid="my-requests-table">
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <Table.Th key={c}>{columnLabel(t, c)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {requests.data.items.map((r) => (
            <Table.Tr key={r.id}>
              {COLUMNS.map((c) => (
                <Table.Td key={c}>{renderCell(t, i18n.language, r, c)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {requests.data.items.length === 0 && (
        <Text c="dimmed" ta="center" mt="md">
          {t('myWork.empty')}
        </Text>
      )}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={requests.data.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
    </>
  );
}
