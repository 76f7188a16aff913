import { Badge, Group, Loader, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { getLeadSummary, listLeads, type Lead } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ButtonLink } from '../../components/ButtonLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { SortableTh } from '../../components/SortableTh';
import { useCursorPager } from '../../lib/cursorPager';
import { formatDateTime } from '../../lib/format';
import { useKeySequences } from '../../lib/shortcuts';
import { useDebounced } from '../../lib/useDebounced';
import { SlaBadge } from './SlaBadge';

export const INBOX_VIEWS = ['open', 'mine', 'queues', 'unacknowledged', 'at_risk', 'breached', 'closed'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** The server filters of each inbox view. */
export function viewQuery(view: InboxView, meId: string | undefined): Record<string, unknown> {
  switch (view) {
    case 'mine':
      return { status: ['open'], ...(meId ? { owner_id: meId } : {}) };
    case 'queues':
      return { status: ['open'], in_my_queues: true };
    case 'unacknowledged':
      return { acknowledged: false };
    case 'at_risk':
      return { status: ['open'], sla_state: ['at_risk'] };
    case 'breached':
      return { status: ['open'], sla_state: ['breached'] };
    case 'closed':
      return { status: ['handled', 'handled_no_action', 'disqualified'] };
    default:
      return { status: ['open'] };
  }
}

const COUNT_OF: Partial<Record<InboxView, 'open' | 'in_my_queues' | 'not_acknowledged' | 'at_risk' | 'breached'>> = {
  open: 'open',
  queues: 'in_my_queues',
  unacknowledged: 'not_acknowledged',
  at_risk: 'at_risk',
  breached: 'breached',
};

function countStyle(color: string, filled: boolean) {
  return {
    display: 'inline-block',
    minWidth: 20,
    padding: '0 6px',
    borderRadius: 10,
    lineHeight: '18px',
    textAlign: 'center' as const,
    background: filled ? `var(--mantine-color-${color}-filled)` : `var(--mantine-color-${color}-light)`,
    color: filled ? 'var(--mantine-color-white)' : `var(--mantine-color-${color}-light-color)`,
  };
}

/** The lead inbox: views with SLA badge counts, search, sort by SLA due time. Shortcut "n l": new lead. */
export function LeadsInboxPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const { view = 'open' } = useSearch({ from: '/app/leads' });
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState('sla_due_at');
  const q = useDebounced(search.trim(), 300);
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [q, view, sort, reset]);
  useKeySequences({ 'n l': () => void navigate({ to: '/leads/new' }) });
  const meId = permissions.me?.id;
  const query = {
    limit: 50,
    sort,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(q ? { q } : {}),
    ...viewQuery(view, meId),
  };
  const leads = useQuery({
    queryKey: ['leads', 'list', query],
    queryFn: () => unwrap(listLeads({ query: query as never })),
    placeholderData: keepPreviousData,
    enabled: view !== 'mine' || !!meId,
  });
  const summary = useQuery({ queryKey: ['leads', 'summary'], queryFn: () => unwrap(getLeadSummary()) });
  const label = (v: InboxView) => {
    const key = COUNT_OF[v];
    const count = key && summary.data ? summary.data[key] : null;
    return (
      <Group gap={6} wrap="nowrap" data-testid={`lead-view-${v}`}>
        <span>{t(`leads.views.${v}`)}</span>
        {count != null && (
          // A plain pill: a Badge inside the segmented control's label is clipped to nothing.
          <Text span size="xs" fw={700} data-testid={`lead-count-${v}`} style={countStyle(v === 'breached' ? 'red' : v === 'at_risk' ? 'orange' : 'blue', v === 'breached' && count > 0)}>
            {count}
          </Text>
        )}
      </Group>
    );
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('leads.title')}</Title>
        {permissions.can('lead', 'create') && (
          <ButtonLink to="/leads/new" data-testid="new-lead" title={t('leads.shortcutNew')}>
            {t('leads.new')}
          </ButtonLink>
        )}
      </Group>
      <SegmentedControl
        value={view}
        onChange={(v) => void navigate({ to: '/leads', search: { view: v as InboxView } })}
        data={INBOX_VIEWS.map((v) => ({ value: v, label: label(v) }))}
        data-testid="lead-views"
        style={{ alignSelf: 'flex-start' }}
      />
      <Group align="flex-end">
        <TextInput w={320} label={t('common.search')} placeholder={t('leads.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} rightSection={leads.isFetching ? <Loader size="xs" /> : null} data-testid="lead-search" />
        <Select
          w={220}
          label={t('leads.sort.label')}
          data={[
            { value: 'sla_due_at', label: t('leads.sort.due') },
            { value: '-received_at', label: t('leads.sort.received') },
            { value: 'company_name', label: t('leads.sort.company') },
          ]}
          value={['sla_due_at', '-received_at', 'company_name'].includes(sort) ? sort : null}
          onChange={(v) => v && setSort(v)}
          allowDeselect={false}
          data-testid="lead-sort"
        />
      </Group>
      <ErrorAlert error={leads.error} />
      {leads.data ? <LeadsTable leads={leads.data.items} sort={sort} onSort={setSort} language={i18n.language} /> : <Loader size="sm" />}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={leads.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
    </Stack>
  );
}

function LeadsTable({ leads, sort, onSort, language }: { leads: Lead[]; sort: string; onSort: (s: string) => void; language: string }) {
  const { t } = useTranslation();
  if (leads.length === 0) {
    return (
      <Text c="dimmed" data-testid="leads-empty">
        {t('leads.empty')}
      </Text>
    );
  }
  return (
    <Table striped highlightOnHover data-testid="leads-table">
      <Table.Thead>
        <Table.Tr>
          <SortableTh field="company_name" label={t('leads.fields.company')} sort={sort} onSort={onSort} />
          <Table.Th>{t('leads.fields.contact')}</Table.Th>
          <Table.Th>{t('leads.fields.product')}</Table.Th>
          <Table.Th>{t('leads.fields.region')}</Table.Th>
          <Table.Th>{t('leads.fields.owner')}</Table.Th>
          <SortableTh field="received_at" label={t('leads.fields.received')} sort={sort} onSort={onSort} />
          <SortableTh field="sla_due_at" label={t('leads.fields.sla')} sort={sort} onSort={onSort} />
          <Table.Th>{t('leads.fields.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {leads.map((l) => (
          <Table.Tr key={l.id} data-testid="lead-row" data-lead-id={l.id}>
            <Table.Td>
              <AnchorLink to="/leads/$leadId" params={{ leadId: l.id }}>
                {l.company_name}
              </AnchorLink>
              {!l.acknowledged_at && l.status === 'open' && (
                <Badge ml={6} size="xs" variant="outline" color="blue" data-testid="lead-unacknowledged">
                  {t('leads.unacknowledged')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {l.contact_name}
              <Text size="xs" c="dimmed">
                {l.phone}
              </Text>
            </Table.Td>
            <Table.Td>{l.product_name}</Table.Td>
            <Table.Td>{[l.municipality_name, l.region_name].filter(Boolean).join(', ')}</Table.Td>
            <Table.Td data-testid="lead-owner">{l.queue_name ? `${l.queue_name}` : l.owner_name}</Table.Td>
            <Table.Td>{formatDateTime(l.received_at, language)}</Table.Td>
            <Table.Td>
              <SlaBadge state={l.sla_state} hoursLeft={l.sla_working_hours_left} />
            </Table.Td>
            <Table.Td data-testid="lead-status">{t(`leads.statuses.${l.status}`)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
