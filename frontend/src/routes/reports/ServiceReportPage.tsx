import { Box, Group, Loader, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { getServiceBacklogReport, getServiceRequestReport, type ServiceReportRow } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';

export const GROUPINGS = ['subject', 'business_unit', 'origin', 'month'] as const;
type Grouping = (typeof GROUPINGS)[number];

const LOCALES: Record<string, string> = { fi: 'fi-FI', en: 'en-GB', sv: 'sv-FI' };

export function rowLabel(t: TFunction, language: string, grouping: Grouping, row: ServiceReportRow): string {
  if (row.key === null) return t('reports.none');
  if (grouping === 'origin') return t(`origin.${row.key}`, { defaultValue: row.key });
  if (grouping === 'month') {
    const [y, m] = row.key.split('-').map(Number);
    if (!y || !m) return row.key;
    return new Intl.DateTimeFormat(LOCALES[language] ?? language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
  }
  return (language === 'en' && row.label_en ? row.label_en : row.label) ?? row.key;
}

function hours(v: number | null | undefined, language: string): string {
  return v === null || v === undefined ? '—' : new Intl.NumberFormat(LOCALES[language] ?? language, { maximumFractionDigits: 1 }).format(v);
}

function GroupTable({ grouping, from, to }: { grouping: Grouping; from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const query = { group_by: grouping, ...(from ? { received_from: from } : {}), ...(to ? { received_to: to } : {}) };
  const report = useQuery({
    queryKey: ['reports', 'service-requests', query],
    queryFn: () => unwrap(getServiceRequestReport({ query })),
    placeholderData: keepPreviousData,
  });
  const rows = report.data?.rows ?? [];
  const total = rows.reduce((n, r) => n + r.count, 0);
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="xs">
        {t(`reports.by.${grouping}`)}
      </Title>
      <ErrorAlert error={report.error} />
      {!report.data ? (
        <Loader size="sm" />
      ) : (
        <Table.ScrollContainer minWidth={720}>
        <Table striped data-testid={`report-${grouping}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(`reports.key.${grouping}`)}</Table.Th>
              <Table.Th ta="right">{t('reports.count')}</Table.Th>
              <Table.Th ta="right">{t('reports.open')}</Table.Th>
              <Table.Th ta="right">{t('reports.closed')}</Table.Th>
              <Table.Th ta="right">{t('reports.avgFirstResponse')}</Table.Th>
              <Table.Th ta="right">{t('reports.medianFirstResponse')}</Table.Th>
              <Table.Th ta="right">{t('reports.avgResolution')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key ?? 'none'}>
                <Table.Td>{rowLabel(t, i18n.language, grouping, r)}</Table.Td>
                <Table.Td ta="right">{r.count}</Table.Td>
                <Table.Td ta="right">{r.open}</Table.Td>
                <Table.Td ta="right">{r.closed}</Table.Td>
                <Table.Td ta="right">{hours(r.avg_first_response_hours, i18n.language)}</Table.Td>
                <Table.Td ta="right">{hours(r.median_first_response_hours, i18n.language)}</Table.Td>
                <Table.Td ta="right">{hours(r.avg_resolution_hours, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text c="dimmed" size="sm">
                    {t('common.noResults')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
          {rows.length > 0 && (
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>{t('reports.total')}</Table.Th>
                <Table.Th ta="right">{total}</Table.Th>
                <Table.Th colSpan={5} />
              </Table.Tr>
            </Table.Tfoot>
          )}
        </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

/** Open requests over time, as a table with a bar per point (no chart library needed). */
function Backlog({ from, to }: { from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const [interval, setStep] = useState<'day' | 'week' | 'month'>('week');
  const query = { interval, ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const backlog = useQuery({
    queryKey: ['reports', 'service-backlog', query],
    queryFn: () => unwrap(getServiceBacklogReport({ query })),
    placeholderData: keepPreviousData,
  });
  const points = backlog.data?.points ?? [];
  const max = Math.max(1, ...points.map((p) => p.open));
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('reports.backlog')}</Title>
        <SegmentedControl
          size="xs"
          value={interval}
          onChange={(v) => setStep(v as 'day' | 'week' | 'month')}
          data={(['day', 'week', 'month'] as const).map((value) => ({ value, label: t(`reports.intervals.${value}`) }))}
        />
      </Group>
      <ErrorAlert error={backlog.error} />
      {!backlog.data ? (
        <Loader size="sm" />
      ) : (
        <Table data-testid="report-backlog">
          <Table.Tbody>
            {points.map((p) => (
              <Table.Tr key={p.date}>
                <Table.Td w={120} style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(p.date, i18n.language)}
                </Table.Td>
                <Table.Td w={60} ta="right">
                  {p.open}
                </Table.Td>
                <Table.Td>
                  <Box h={10} bg="blue.5" style={{ width: `${(p.open / max) * 100}%`, borderRadius: 4 }} aria-hidden />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** Service figures: requests per subject, unit, origin and month, response times in working hours, backlog. */
export function ServiceReportPage() {
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('reports.serviceTitle')}</Title>
        <Group>
          <TextInput type="date" label={t('reports.receivedFrom')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="report-from" />
          <TextInput type="date" label={t('reports.receivedTo')} value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="report-to" />
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('reports.workingHoursNote')}
      </Text>
      {GROUPINGS.map((g) => (
        <GroupTable key={g} grouping={g} from={from} to={to} />
      ))}
      <Backlog from={from} to={to} />
    </Stack>
  );
}
