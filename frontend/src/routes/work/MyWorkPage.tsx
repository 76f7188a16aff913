import { Badge, Button, Loader, Paper, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { unwrap } from '../../api/problem';
import { getMyWorkSummary, listMyWork, updateActivity, type Activity } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { useCursorPager } from '../../lib/cursorPager';
import { formatDateTime } from '../../lib/format';
import { MyOpenRequests } from './MyOpenRequests';

export const WORK_BUCKETS = ['overdue', 'today', 'this_week', 'delegated_by_me'] as const;
type Bucket = (typeof WORK_BUCKETS)[number];

function RegardingCell({ activity }: { activity: Activity }) {
  const r = activity.regarding;
  if (!r) return null;
  const label = r.label ?? '…';
  if (r.type === 'service_request')
    return (
      <AnchorLink to="/service-requests/$requestId" params={{ requestId: r.id }} size="sm">
        {label}
      </AnchorLink>
    );
  if (r.type === 'account')
    return (
      <AnchorLink to="/accounts/$accountId" params={{ accountId: r.id }} size="sm">
        {label}
      </AnchorLink>
    );
  if (r.type === 'contact')
    return (
      <AnchorLink to="/contacts/$contactId" params={{ contactId: r.id }} size="sm">
        {label}
      </AnchorLink>
    );
  return <>{label}</>;
}

function BucketTable({ bucket }: { bucket: Bucket }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [bucket, reset]);
  const query = { bucket, limit: 50, ...(pager.cursor ? { cursor: pager.cursor } : {}) };
  const work = useQuery({
    queryKey: ['my-work', 'list', query],
    queryFn: () => unwrap(listMyWork({ query })),
    placeholderData: keepPreviousData,
  });
  const [failure, setFailure] = useState<unknown>(null);

  async function complete(a: Activity) {
    setFailure(null);
    try {
      await unwrap(updateActivity({ path: { activity_id: a.id }, body: { status: 'done' }, headers: { 'If-Match': etagOf(a.version) } }));
      notifications.show({ color: 'green', message: t('myWork.completed') });
      await queryClient.invalidateQueries({ queryKey: ['my-work'] });
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    } catch (e) {
      setFailure(e);
    }
  }

  if (work.error) return <ErrorAlert error={work.error} />;
  if (!work.data) return <Loader size="sm" />;
  const delegated = bucket === 'delegated_by_me';
  return (
    <>
      <ErrorAlert error={failure} />
      <Table striped highlightOnHover data-testid={`work-table-${bucket}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('activity.type')}</Table.Th>
            <Table.Th>{t('activity.subject')}</Table.Th>
            <Table.Th>{t('activity.regarding')}</Table.Th>
            <Table.Th>{t('activity.due')}</Table.Th>
            <Table.Th>{delegated ? t('activity.owner') : t('activity.delegatedBy')}</Table.Th>
            <Table.Th>{t('activity.priority')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {work.data.items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{t(`activity.types.${a.type}`)}</Table.Td>
              <Table.Td>{a.subject}</Table.Td>
              <Table.Td>
                <RegardingCell activity={a} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.due_at, i18n.language)}</Table.Td>
              <Table.Td>{delegated ? a.owner_name : (a.delegated_by_name ?? '')}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={a.priority === 'high' ? 'orange' : a.priority === 'low' ? 'gray' : 'blue'}>
                  {t(`priority.${a.priority}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {!delegated && (
                  <Button size="compact-xs" variant="light" onClick={() => void complete(a)} data-testid="work-complete">
                    {t('myWork.complete')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {work.data.items.length === 0 && (
        <Text c="dimmed" ta="center" mt="md">
          {t('myWork.empty')}
        </Text>
      )}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={work.data.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
    </>
  );
}

/** "My work": my activities overdue / today / this week, what I delegated, and my open requests. */
export function MyWorkPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('overdue');
  const summary = useQuery({ queryKey: ['my-work', 'summary'], queryFn: () => unwrap(getMyWorkSummary()) });
  const count = (n: number | undefined, color: string) => (
    <Badge size="sm" variant={n ? 'filled' : 'light'} color={n ? color : 'gray'} ml={6}>
      {n ?? '…'}
    </Badge>
  );
  const s = summary.data;
  return (
    <Stack>
      <Title order={2}>{t('myWork.title')}</Title>
      <ErrorAlert error={summary.error} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overdue" data-testid="work-tab-overdue" rightSection={count(s?.overdue, 'red')}>
            {t('myWork.overdue')}
          </Tabs.Tab>
          <Tabs.Tab value="today" data-testid="work-tab-today" rightSection={count(s?.today, 'blue')}>
            {t('myWork.today')}
          </Tabs.Tab>
          <Tabs.Tab value="this_week" data-testid="work-tab-this_week" rightSection={count(s?.this_week, 'blue')}>
            {t('myWork.thisWeek')}
          </Tabs.Tab>
          <Tabs.Tab value="delegated_by_me" data-testid="work-tab-delegated_by_me" rightSection={count(s?.delegated_by_me, 'orange')}>
            {t('myWork.delegatedByMe')}
          </Tabs.Tab>
          <Tabs.Tab value="requests" data-testid="work-tab-requests" rightSection={count(s?.open_requests, 'blue')}>
            {t('myWork.myOpenRequests')}
          </Tabs.Tab>
        </Tabs.List>
        <Paper withBorder p="md" mt="md">
          {WORK_BUCKETS.map((b) => (
            <Tabs.Panel key={b} value={b}>
              <BucketTable bucket={b} />
            </Tabs.Panel>
          ))}
          <Tabs.Panel value="requests">
            <MyOpenRequests delegatedOpen={s?.delegated_requests_by_me_open} />
          </Tabs.Panel>
        </Paper>
      </Tabs>
    </Stack>
  );
}
