import { Badge, Box, Button, Checkbox, Flex, Group, Loader, MultiSelect, NavLink, type NavLinkProps, Paper, Popover, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLink, Link, useNavigate, useSearch } from '@tanstack/react-router';
import { forwardRef, useEffect, useMemo, useState, type AnchorHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { deleteView, getViewCatalogue, getViewCounts, getViewResults, listViews, searchServiceRequests, type Queue, type SavedView } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { SortableTh } from '../../components/SortableTh';
import { useCursorPager } from '../../lib/cursorPager';
import { useDebounced } from '../../lib/useDebounced';
import { columnLabel, DEFAULT_COLUMNS, DEFAULT_SORT, displayColumns, renderCell, SORTABLE } from './columns';
import { useQueues } from './lookups';
import { SaveViewDialog } from './SaveViewDialog';
import { STATUS_REASONS } from './status';
import { narrowed, queueFilter, type FilterNode } from './viewFilter';

const PAGE_SIZE = 50;
/** Long texts wrap; everything else (badges, names, dates) stays on one line. */
const WRAPPING = new Set(['title', 'account_name', 'contact_name', 'subject_name', 'site', 'queue_name', 'owner_name', 'delegated_by_name', 'caller_name']);
const COUNTS_POLL_MS = 60_000;

export function viewName(view: Pick<SavedView, 'name' | 'name_en'>, language: string): string {
  return language === 'en' && view.name_en ? view.name_en : view.name;
}

type MantineNavLinkProps = Omit<NavLinkProps, 'href'> & AnchorHTMLAttributes<HTMLAnchorElement>;
const NavLinkAnchor = forwardRef<HTMLAnchorElement, MantineNavLinkProps>((props, ref) => <NavLink component="a" ref={ref} {...props} />);
NavLinkAnchor.displayName = 'NavLinkAnchor';
/** A Mantine NavLink that navigates with the router (typed `search`). */
const RouterNavLink = createLink(NavLinkAnchor);

/** View names are long ("Mittarilukemat, jotka eivät ole laskutuksessa"): wrap, never cut. */
const WRAP_LABEL = { label: { whiteSpace: 'normal', overflow: 'visible' } } as const;

type Selection = { kind: 'view'; view: SavedView } | { kind: 'queue'; queue: Queue };

function CountBadge({ count, testId }: { count: number | null | undefined; testId: string }) {
  return (
    <Badge size="sm" variant={count ? 'filled' : 'light'} color={count ? 'blue' : 'gray'} data-testid={testId}>
      {count === undefined ? '…' : (count ?? '–')}
    </Badge>
  );
}

/** The left column: system views, team views, my views and my queues, each with its count. */
function ViewNav({ views, queues, counts, selected }: { views: SavedView[]; queues: Queue[]; counts: Map<string, number | null> | undefined; selected: string | null }) {
  const { t, i18n } = useTranslation();
  const groups: [string, SavedView[]][] = [
    ['views.system', views.filter((v) => v.visibility === 'system')],
    ['views.teamViews', views.filter((v) => v.visibility === 'team')],
    ['views.mine', views.filter((v) => v.visibility === 'personal')],
  ];
  return (
    <Stack gap="xs" data-testid="view-nav">
      {groups.map(([label, list]) =>
        list.length === 0 ? null : (
          <Box key={label}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
              {t(label)}
            </Text>
            {list.map((v) => (
              <RouterNavLink
                key={v.id}
                preload={false}
                to="/service-requests"
                search={{ view: v.id }}
                label={viewName(v, i18n.language)}
                styles={WRAP_LABEL}
                active={selected === v.id}
                rightSection={<CountBadge count={counts ? (counts.get(v.id) ?? null) : undefined} testId={`view-count-${v.system_key ?? v.id}`} />}
                data-testid={`view-${v.system_key ?? v.id}`}
              />
            ))}
          </Box>
        ),
      )}
      {queues.length > 0 && (
        <Box>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
            {t('views.queues')}
          </Text>
          {queues.map((q) => (
            <RouterNavLink
              key={q.id}
              preload={false}
              to="/service-requests"
              search={{ queue: q.id }}
              label={q.name}
              styles={WRAP_LABEL}
              active={selected === q.id}
              rightSection={<CountBadge count={q.open_count} testId={`queue-count-${q.id}`} />}
              data-testid={`queue-${q.id}`}
              data-queue-name={q.name}
            />
          ))}
        </Box>
      )}
    </Stack>
  );
}

/** The right side: the selected view's (or queue's) requests, with sort, filters and paging. */
function Results({ selection }: { selection: Selection }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const view = selection.kind === 'view' ? selection.view : null;
  const baseSort = view?.sort ?? DEFAULT_SORT;
  const baseFilter: FilterNode = view ? view.filter : queueFilter(selection.kind === 'queue' ? selection.queue.id : '');
  const [sort, setSort] = useState(baseSort);
  const [columns, setColumns] = useState<string[]>(() => displayColumns(view?.columns ?? DEFAULT_COLUMNS));
  const [statuses, setStatuses] = useState<string[]>([]);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [sort, statuses, q, reset]);
  const catalogue = useQuery({ queryKey: ['views', 'catalogue'], queryFn: () => unwrap(getViewCatalogue()), staleTime: Infinity });

  const filter = narrowed(baseFilter, statuses, q);
  // The view's own results while it is shown as saved; a search once the user narrows or re-sorts it.
  const plain = view !== null && sort === baseSort && filter === baseFilter;
  const cursor = pager.cursor;
  const results = useQuery({
    queryKey: ['service-requests', 'view-results', selection.kind, view?.id ?? (selection.kind === 'queue' ? selection.queue.id : ''), plain ? null : { filter, sort }, cursor],
    queryFn: () =>
      plain
        ? unwrap(getViewResults({ path: { view_id: view.id }, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } }))
        : unwrap(searchServiceRequests({ body: { filter, sort, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } })),
    placeholderData: keepPreviousData,
  });

  async function remove(v: SavedView) {
    setFailure(null);
    try {
      await unwrap(deleteView({ path: { view_id: v.id }, headers: { 'If-Match': etagOf(v.version) } }));
      await queryClient.invalidateQueries({ queryKey: ['views'] });
      void navigate({ to: '/service-requests', search: {} });
    } catch (e) {
      setFailure(e);
    }
  }

  const title = view ? viewName(view, i18n.language) : selection.kind === 'queue' ? t('views.queueView', { name: selection.queue.name }) : '';
  // The current columns in their order first, then the rest of the catalogue's.
  const available = (catalogue.data?.columns ?? DEFAULT_COLUMNS).filter((c) => c !== 'delegated_to_user_name' && c !== 'delegated_to_queue_name');
  const columnOptions = [...columns, ...available.filter((c) => !columns.includes(c))].map((c) => ({ value: c, label: columnLabel(t, c) }));
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} data-testid="view-title">
          {title}
        </Title>
        <Group gap="xs">
          {view && view.visibility !== 'system' && view.can_edit && (
            <Button size="xs" variant="subtle" color="red" onClick={() => void remove(view)} data-testid="delete-view">
              {t('views.deleteView')}
            </Button>
          )}
          {permissions.can('service_request', 'read') && (
            <Button size="xs" variant="light" onClick={() => setSaving(true)} data-testid="save-view">
              {t('views.saveAsMine')}
            </Button>
          )}
        </Group>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('common.search')} placeholder={t('service.searchPlaceholder')} value={text} onChange={(e) => setText(e.currentTarget.value)} w={240} data-testid="requests-search" />
        <MultiSelect
          label={t('views.statusFilter')}
          placeholder={statuses.length ? undefined : t('common.all')}
          data={STATUS_REASONS.map((value) => ({ value, label: t(`status.${value}`) }))}
          value={statuses}
          onChange={setStatuses}
          clearable
          w={300}
          data-testid="filter-status"
        />
        <Popover position="bottom-start" shadow="md" withinPortal>
          <Popover.Target>
            <Button variant="default" data-testid="columns">
              {t('views.columns')} ({columns.length})
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <ScrollArea.Autosize mah={360}>
              <Checkbox.Group
                value={columns}
                onChange={(chosen) => setColumns(displayColumns(columnOptions.map((o) => o.value).filter((c) => chosen.includes(c))))}
              >
                <Stack gap={6}>
                  {columnOptions.map((o) => (
                    <Checkbox key={o.value} value={o.value} label={o.label} size="xs" disabled={o.value === 'delegated_by_name'} />
                  ))}
                </Stack>
              </Checkbox.Group>
            </ScrollArea.Autosize>
          </Popover.Dropdown>
        </Popover>
        {results.isFetching && <Loader size="xs" />}
      </Group>
      <ErrorAlert error={results.error ?? failure} />
      <Table.ScrollContainer minWidth={columns.length * 105}>
        <Table striped highlightOnHover verticalSpacing={6} horizontalSpacing="xs" data-testid="requests-table">
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) =>
                SORTABLE.has(c) ? (
                  <SortableTh key={c} field={c} label={columnLabel(t, c)} sort={sort} onSort={setSort} />
                ) : (
                  <Table.Th key={c}>{columnLabel(t, c)}</Table.Th>
                ),
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.data?.items.map((r) => (
              <Table.Tr key={r.id} data-testid="request-row" data-number={r.number}>
                {columns.map((c) => (
                  <Table.Td key={c} style={WRAPPING.has(c) ? undefined : { whiteSpace: 'nowrap' }}>
                    {renderCell(t, i18n.language, r, c)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {results.data?.items.length === 0 && (
        <Text c="dimmed" ta="center" mt="md">
          {t('common.noResults')}
        </Text>
      )}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={results.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
      <SaveViewDialog
        opened={saving}
        onClose={() => setSaving(false)}
        filter={filter}
        columns={columns}
        sort={sort}
        onSaved={(v) => {
          setSaving(false);
          void navigate({ to: '/service-requests', search: { view: v.id } });
        }}
      />
    </Stack>
  );
}

/** Service requests by view or queue: the list on the left, the chosen one's requests on the right. */
export function ServiceRequestsPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/app/service-requests' });
  const permissions = usePermissions();
  const views = useQuery({ queryKey: ['views', 'list'], queryFn: () => unwrap(listViews({ query: { limit: 200 } })) });
  const counts = useQuery({
    queryKey: ['views', 'counts'],
    queryFn: () => unwrap(getViewCounts()),
    refetchInterval: COUNTS_POLL_MS,
  });
  const queues = useQueues();
  const countMap = useMemo(() => (counts.data ? new Map(counts.data.map((c) => [c.view_id, c.count])) : undefined), [counts.data]);
  const allViews = views.data?.items ?? [];
  // Members see their queues; a manager who sees no membership still sees queues with work.
  const shownQueues = (queues.data ?? []).filter((q) => q.is_active && (q.is_member || q.open_count > 0));

  let selection: Selection | null = null;
  if (search.queue) {
    const queue = queues.data?.find((q) => q.id === search.queue);
    if (queue) selection = { kind: 'queue', queue };
  } else {
    const view = search.view ? allViews.find((v) => v.id === search.view) : allViews[0];
    if (view) selection = { kind: 'view', view };
  }
  const selectedId = selection ? (selection.kind === 'view' ? selection.view.id : selection.queue.id) : null;

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('service.list')}</Title>
        {permissions.can('service_request', 'create') && (
          <Group gap="xs">
            <Button component={Link} to="/service-requests/new" variant="default" data-testid="new-request">
              {t('service.new')}
            </Button>
            <Button component={Link} to="/service-requests/new-call" data-testid="new-request-call">
              {t('service.newCall')}
            </Button>
          </Group>
        )}
      </Group>
      <ErrorAlert error={views.error ?? queues.error} />
      <Flex direction={{ base: 'column', md: 'row' }} gap="md" align="flex-start">
        <Paper withBorder p="xs" w={{ base: '100%', md: 240 }} style={{ flexShrink: 0 }}>
          {views.isPending ? <Loader size="sm" /> : <ViewNav views={allViews} queues={shownQueues} counts={countMap} selected={selectedId} />}
        </Paper>
        <Paper withBorder p="md" style={{ flex: 1, minWidth: 0 }} w={{ base: '100%', md: 'auto' }}>
          {selection ? (
            <Results key={`${selection.kind}-${selectedId}`} selection={selection} />
          ) : views.isPending || queues.isPending ? (
            <Loader size="sm" />
          ) : (
            <Text c="dimmed">{t('views.choose')}</Text>
          )}
        </Paper>
      </Flex>
    </>
  );
}
