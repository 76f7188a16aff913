import { Alert, Badge, Button, Checkbox, Group, Loader, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, useUserName } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { getKanban, getKanbanColumn, listSalesProjects, type KanbanCard } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { RemoteSelect } from '../../components/RemoteSelect';
import { SortableTh } from '../../components/SortableTh';
import { useCursorPager } from '../../lib/cursorPager';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { useDebounced } from '../../lib/useDebounced';
import type { SalesTab } from '../../router';
import { columnView } from './kanban';
import { KanbanBoard } from './KanbanBoard';
import { typeOptions, useProjectTypes } from './lookups';
import type { KanbanColumn } from './model';
import { PROJECT_STATUSES } from './status';
import { ProjectStatusBadge } from './StatusBadges';
import { useCompletion } from './useCompletion';

const PAGE_SIZE = 50;

/** Extra pages a column's "show more" loaded, by column key. */
type MorePages = Record<string, { cards: KanbanCard[]; next_cursor: string | null }[]>;

function Board({ typeId, region, ownerId }: { typeId: string; region: string; ownerId: string | null }) {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const filters = { project_type_id: typeId, ...(region ? { region } : {}), ...(ownerId ? { owner_id: ownerId } : {}) };
  const kanban = useQuery({
    queryKey: ['sales-projects', 'kanban', filters],
    queryFn: () => unwrap(getKanban({ query: filters })),
    placeholderData: keepPreviousData,
  });
  const [more, setMore] = useState<MorePages>({});
  const [loadingMore, setLoadingMore] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const completion = useCompletion();
  // A fresh board (another type, a filter, a completed stage) starts each column from its first page.
  useEffect(() => setMore({}), [kanban.dataUpdatedAt]);

  async function showMore(key: string, cursor: string) {
    setLoadingMore(key);
    setFailure(null);
    try {
      const page = await unwrap(getKanbanColumn({ query: { ...filters, stage_key: key, cursor } }));
      setMore((m) => ({ ...m, [key]: [...(m[key] ?? []), page] }));
    } catch (e) {
      setFailure(e);
    } finally {
      setLoadingMore(null);
    }
  }

  if (kanban.error) return <ErrorAlert error={kanban.error} />;
  if (!kanban.data) return <Loader />;
  const columns = kanban.data.columns
    // 'other' only when something is in it.
    .filter((c: KanbanColumn) => c.key !== 'other' || c.count > 0)
    .map((column: KanbanColumn) => ({ column, view: columnView(column, more[column.key]), loadingMore: loadingMore === column.key }));
  return (
    <Stack gap="xs">
      <ErrorAlert error={failure ?? completion.failure} />
      <Text size="xs" c="dimmed">
        {t('sales.kanbanHint')}
      </Text>
      <KanbanBoard
        columns={columns}
        onShowMore={(key, cursor) => void showMore(key, cursor)}
        onComplete={(card) => void completion.start(card.id)}
        // The server has the last word (team responsibles, unit depth); this only hides what cannot work.
        mayComplete={(card) => !!card.current_stage && (permissions.can('sales_project', 'update') || card.current_stage.responsible_user_id === permissions.me?.id)}
      />
      {completion.dialog}
    </Stack>
  );
}

function ProjectList({ typeId, region, ownerId }: { typeId: string | null; region: string; ownerId: string | null }) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<string | null>('open');
  const [stalled, setStalled] = useState(false);
  const [sort, setSort] = useState('name');
  const q = useDebounced(search.trim(), 300);
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [q, status, stalled, sort, typeId, region, ownerId, reset]);
  const query = {
    limit: PAGE_SIZE,
    sort: sort as 'name',
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(q ? { q } : {}),
    ...(status ? { status: [status as 'open'] } : {}),
    ...(typeId ? { project_type_id: typeId } : {}),
    ...(region ? { region } : {}),
    ...(ownerId ? { owner_id: ownerId } : {}),
    ...(stalled ? { stalled: true } : {}),
  };
  const projects = useQuery({
    queryKey: ['sales-projects', 'list', query],
    queryFn: () => unwrap(listSalesProjects({ query })),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('common.search')} placeholder={t('sales.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} data-testid="projects-search" />
        <Select
          label={t('sales.status')}
          placeholder={t('common.all')}
          clearable
          data={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`sales.projectStatus.${s}`) }))}
          value={status}
          onChange={setStatus}
          w={160}
          data-testid="filter-status"
        />
        <Checkbox label={t('sales.stalledOnly')} checked={stalled} onChange={(e) => setStalled(e.currentTarget.checked)} mb={8} data-testid="filter-stalled" />
      </Group>
      <ErrorAlert error={projects.error} />
      <Table.ScrollContainer minWidth={1000}>
        <Table striped highlightOnHover data-testid="projects-table">
          <Table.Thead>
            <Table.Tr>
              <SortableTh field="name" label={t('sales.name')} sort={sort} onSort={setSort} />
              <Table.Th>{t('sales.account')}</Table.Th>
              <Table.Th>{t('sales.type')}</Table.Th>
              <Table.Th>{t('sales.stage')}</Table.Th>
              <Table.Th>{t('sales.responsible')}</Table.Th>
              <Table.Th>{t('sales.dueDate')}</Table.Th>
              <Table.Th ta="right">{t('sales.valueShort')}</Table.Th>
              <Table.Th ta="right">%</Table.Th>
              <SortableTh field="expected_decision_date" label={t('sales.expectedDecision')} sort={sort} onSort={setSort} />
              <Table.Th>{t('sales.status')}</Table.Th>
              <Table.Th>{t('sales.owner')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {projects.data?.items.map((p) => (
              <Table.Tr key={p.id} data-testid="project-row">
                <Table.Td>
                  <AnchorLink to="/sales-projects/$projectId" params={{ projectId: p.id }}>
                    {p.name}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <AnchorLink to="/accounts/$accountId" params={{ accountId: p.account_id }} size="sm">
                    {p.account_name}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{p.project_type_name}</Table.Td>
                <Table.Td>
                  {p.current_stage?.name}
                  {p.current_stage?.is_customer_service && (
                    <Badge size="xs" variant="outline" color="grape" tt="none" ml={4}>
                      {t('sales.customerServiceStage')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{p.current_stage?.responsible_user_name ?? p.current_stage?.responsible_team_name ?? ''}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(p.current_stage?.due_date, i18n.language)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(p.estimated_value, i18n.language)}
                </Table.Td>
                <Table.Td ta="right">{p.probability ?? ''}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(p.expected_decision_date, i18n.language)}</Table.Td>
                <Table.Td>
                  <ProjectStatusBadge status={p.status} />
                </Table.Td>
                <Table.Td>{p.owner_name}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {projects.data?.items.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('sales.noProjects')}
        </Text>
      )}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={projects.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
    </Stack>
  );
}

/** Sales projects: a kanban per project type (default) and a filterable list. */
export function SalesProjectsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const search = useSearch({ from: '/app/sales-projects' });
  const tab: SalesTab = search.tab ?? 'kanban';
  const types = useProjectTypes();
  const [region, setRegion] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const ownerName = useUserName(ownerId);
  const debouncedRegion = useDebounced(region.trim(), 300);
  const activeTypes = (types.data ?? []).filter((p) => p.is_active);
  // The board needs a type: the chosen one, else the first active one.
  const boardType = search.type ?? activeTypes[0]?.id ?? null;
  const listType = search.type ?? null;

  const go = (patch: { tab?: SalesTab; type?: string | undefined }) =>
    void navigate({ to: '/sales-projects', search: (prev) => ({ ...prev, ...patch }), replace: true });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('sales.title')}</Title>
        {permissions.can('sales_project', 'create') && (
          <Button component={Link} to="/sales-projects/new" data-testid="new-project">
            {t('sales.new')}
          </Button>
        )}
      </Group>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('sales.type')}
          placeholder={tab === 'list' ? t('sales.allTypes') : t('sales.chooseType')}
          data={typeOptions(types.data, i18n.language)}
          value={tab === 'kanban' ? boardType : listType}
          onChange={(v) => go({ type: v ?? undefined })}
          clearable={tab === 'list'}
          searchable
          w={260}
          data-testid="type-select"
        />
        <TextInput label={t('sales.region')} value={region} onChange={(e) => setRegion(e.currentTarget.value)} w={180} data-testid="filter-region" />
        <RemoteSelect kind="users" label={t('sales.owner')} placeholder={t('common.all')} clearable value={ownerId} selectedLabel={ownerName} onChange={setOwnerId} search={searchUsers} w={220} data-testid="filter-owner" />
      </Group>
      <ErrorAlert error={types.error} />
      <Tabs value={tab} onChange={(v) => go({ tab: (v as SalesTab) ?? 'kanban' })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="kanban" data-testid="tab-kanban">
            {t('sales.kanban')}
          </Tabs.Tab>
          <Tabs.Tab value="list" data-testid="tab-list">
            {t('sales.list')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="kanban" pt="md">
          {types.data && !boardType ? (
            <Alert color="gray">{t('sales.noTypes')}</Alert>
          ) : boardType ? (
            <Board typeId={boardType} region={debouncedRegion} ownerId={ownerId} />
          ) : (
            <Loader />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="list" pt="md">
          <ProjectList typeId={listType} region={debouncedRegion} ownerId={ownerId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
