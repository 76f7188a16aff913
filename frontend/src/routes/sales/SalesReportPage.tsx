import { Alert, Button, Group, Loader, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/download';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { getMonthlyMovement, monthlyMovementCsv, monthlyMovementXlsx, type MovementRow } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, todayInHelsinki } from '../../lib/format';
import { MovementChart } from './MovementChart';
import { MovementTable, type MovementRowView } from './MovementTable';
import { monthLabel } from './monthLabel';
import { monthOf } from './movement';
import { PipelineTable } from './PipelineTable';

export const GROUPS = ['type', 'region', 'business_unit'] as const;
type Group = (typeof GROUPS)[number];


function toView(row: MovementRow, label: string): MovementRowView {
  return { key: row.key ?? '∅', label, current: row.current, previous: row.previous, change: row.change };
}

/** The monthly movement report (table with "Muutos" columns, chart, exports) and the pipeline. */
export function SalesReportPage() {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const currentMonth = monthOf(todayInHelsinki());
  const [month, setMonth] = useState(currentMonth);
  const [group, setGroup] = useState<Group>('type');
  const [failure, setFailure] = useState<unknown>(null);
  const [exporting, setExporting] = useState<'xlsx' | 'csv' | null>(null);
  const validMonth = /^\d{4}-\d{2}$/.test(month) && month <= currentMonth ? month : null;
  const query = { ...(validMonth ? { month: validMonth } : {}), group_by: group };
  const report = useQuery({
    queryKey: ['reports', 'monthly-movement', query],
    queryFn: () => unwrap(getMonthlyMovement({ query })),
    placeholderData: keepPreviousData,
    enabled: validMonth !== null,
  });

  async function exportAs(format: 'xlsx' | 'csv') {
    setExporting(format);
    setFailure(null);
    try {
      const call = format === 'xlsx' ? monthlyMovementXlsx({ query, parseAs: 'blob' }) : monthlyMovementCsv({ query, parseAs: 'blob' });
      await downloadFile(call, `liikkuvuus-${validMonth ?? currentMonth}.${format}`);
    } catch (e) {
      setFailure(e);
    } finally {
      setExporting(null);
    }
  }

  const data = report.data;
  const label = (row: MovementRow) =>
    row.key === null ? t('salesReport.none') : ((i18n.language === 'en' && row.label_en ? row.label_en : row.label) ?? row.key);
  const mayExport = permissions.can('sales_project', 'export');
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('salesReport.title')}</Title>
        <Group align="flex-end">
          <TextInput
            type="month"
            label={t('salesReport.month')}
            value={month}
            max={currentMonth}
            onChange={(e) => setMonth(e.currentTarget.value)}
            error={validMonth === null ? t('sales.errors.dateInvalid') : undefined}
            data-testid="report-month"
          />
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              {t('salesReport.groupBy')}
            </Text>
            <SegmentedControl
              value={group}
              onChange={(v) => setGroup(v as Group)}
              data={GROUPS.map((value) => ({ value, label: t(`salesReport.groups.${value}`) }))}
              data-testid="report-group"
            />
          </Stack>
          {mayExport && (
            <>
              <Button variant="default" onClick={() => void exportAs('xlsx')} loading={exporting === 'xlsx'} disabled={!validMonth} data-testid="export-xlsx">
                {t('salesReport.exportXlsx')}
              </Button>
              <Button variant="default" onClick={() => void exportAs('csv')} loading={exporting === 'csv'} disabled={!validMonth} data-testid="export-csv">
                {t('salesReport.exportCsv')}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('salesReport.definitions')}
      </Text>
      <ErrorAlert error={failure} />
      <ErrorAlert error={report.error} />
      {!data ? (
        validMonth && <Loader size="sm" />
      ) : (
        <>
          {!data.complete && (
            <Alert color="blue" variant="light" data-testid="report-so-far">
              {t('salesReport.soFar', { date: formatDate(data.as_of, i18n.language) })}
            </Alert>
          )}
          <Paper withBorder p="md">
            <Title order={4} mb="xs">
              {monthLabel(data.month, i18n.language)} · {t(`salesReport.groups.${data.group_by}`)}
            </Title>
            <MovementTable
              rows={data.rows.map((r) => toView(r, label(r)))}
              total={toView(data.total, t('reports.total'))}
              groupLabel={t(`salesReport.groups.${data.group_by}`)}
            />
          </Paper>
          <Paper withBorder p="md">
            <Title order={4} mb="xs">
              {t('salesReport.chartTitle')}
            </Title>
            <MovementChart
              current={data.total.current}
              previous={data.total.previous}
              currentLabel={monthLabel(data.month, i18n.language)}
              previousLabel={monthLabel(data.previous_month, i18n.language)}
            />
          </Paper>
        </>
      )}
      <PipelineTable />
    </Stack>
  );
}
