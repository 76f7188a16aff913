import { Badge, Button, Loader, Paper, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { listStageView } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { useCursorPager } from '../../lib/cursorPager';
import { formatDate, todayInHelsinki } from '../../lib/format';
import { MY_STAGE_VIEWS, type MyStageView } from '../../router';
import { localName } from './status';
import { useCompletion } from './useCompletion';

const PAGE_SIZE = 50;
/** The counts read one page this big; beyond it the tab says "200+". */
const COUNT_LIMIT = 200;

/** How many stages a view has: its first page's length, "200+" when there are more. */
export function useStageCount(view: MyStageView) {
  const counted = useQuery({
    queryKey: ['sales-projects', 'stages', view, 'count'],
    queryFn: () => unwrap(listStageView({ query: { view, limit: COUNT_LIMIT } })),
    staleTime: 30_000,
  });
  if (!counted.data) return null;
  return { count: counted.data.items.length, more: counted.data.next_cursor !== null };
}

function CountBadge({ view }: { view: MyStageView }) {
  const counted = useStageCount(view);
  const n = counted?.count;
  const color = view === 'overdue' ? 'red' : view === 'customer_service_not_started' ? 'grape' : 'blue';
  return (
    <Badge size="sm" variant={n ? 'filled' : 'light'} color={n ? color : 'gray'} ml={6} data-testid={`stage-count-${view}`}>
      {counted ? `${n}${counted.more ? '+' : ''}` : '…'}
    </Badge>
  );
}

function StageTable({ view }: { view: MyStageView }) {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [view, reset]);
  const query = { view, limit: PAGE_SIZE, ...(pager.cursor ? { cursor: pager.cursor } : {}) };
  const rows = useQuery({
    queryKey: ['sales-projects', 'stages', view, 'list', query],
    queryFn: () => unwrap(listStageView({ query })),
    placeholderData: keepPreviousData,
  });
  const completion = useCompletion();
  const today = todayInHelsinki();
  if (rows.error) return <ErrorAlert error={rows.error} />;
  if (!rows.data) return <Loader size="sm" />;
  return (
    <>
      <ErrorAlert error={completion.failure} />
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover data-testid={`stages-table-${view}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('myStages.project')}</Table.Th>
              <Table.Th>{t('sales.account')}</Table.Th>
              <Table.Th>{t('sales.stage')}</Table.Th>
              <Table.Th>{t('sales.responsible')}</Table.Th>
              <Table.Th>{t('sales.dueDate')}</Table.Th>
              <Table.Th ta="right">{t('myStages.days')}</Table.Th>
              <Table.Th>{t('sales.owner')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.data.items.map((s) => {
              const overdue = !!s.due_date && s.due_date < today;
              const mayComplete = s.status === 'in_progress' && (permissions.can('sales_project', 'update') || s.responsible_user_id === permissions.me?.id);
              return (
                <Table.Tr key={s.id} data-testid="stage-row">
                  <Table.Td>
                    <AnchorLink to="/sales-projects/$projectId" params={{ projectId: s.project_id }}>
                      {s.project_name}
                    </AnchorLink>
                    <Text size="xs" c="dimmed">
                      {s.project_type_name}
                    </Text>
                  </Table.Td>
                  <Table.Td>{s.account_name}</Table.Td>
                  <Table.Td>
                    {localName(s, i18n.language)}
                    {s.is_customer_service && (
                      <Badge size="xs" variant="outline" color="grape" tt="none" ml={4}>
                        {t('sales.customerServiceStage')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{s.responsible_user_name ?? s.responsible_team_name ?? ''}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text span size="sm" c={overdue ? 'red.7' : undefined} fw={overdue ? 600 : undefined}>
                      {formatDate(s.due_date, i18n.language)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{s.days_in_stage ?? ''}</Table.Td>
                  <Table.Td>{s.owner_name}</Table.Td>
                  <Table.Td>
                    {mayComplete && (
                      <Button size="compact-xs" variant="light" color="teal" onClick={() => void completion.start(s.project_id)} data-testid="stage-row-complete">
                        {t('sales.markDone')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.data.items.length === 0 && (
        <Text c="dimmed" ta="center" mt="md">
          {t('myStages.empty')}
        </Text>
      )}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={rows.data.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
      {completion.dialog}
    </>
  );
}

/** My stages: mine, customer-service stages not started, overdue — with counts. */
export function MyStagesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { view = 'mine' } = useSearch({ from: '/app/my-stages' });
  return (
    <Stack>
      <Title order={2}>{t('myStages.title')}</Title>
      <Tabs value={view} onChange={(v) => void navigate({ to: '/my-stages', search: { view: (v ?? 'mine') as MyStageView }, replace: true })} keepMounted={false}>
        <Tabs.List>
          {MY_STAGE_VIEWS.map((v) => (
            <Tabs.Tab key={v} value={v} data-testid={`stages-tab-${v}`} rightSection={<CountBadge view={v} />}>
              {t(`myStages.${v}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Paper withBorder p="md" mt="md">
          {MY_STAGE_VIEWS.map((v) => (
            <Tabs.Panel key={v} value={v}>
              <StageTable view={v} />
            </Tabs.Panel>
          ))}
        </Paper>
      </Tabs>
    </Stack>
  );
}
