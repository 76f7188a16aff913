import { Group, Loader, Paper, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { getPipeline, type PipelineRow } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatMoney } from '../../lib/money';
import { monthLabel } from './monthLabel';

const GROUPS = ['month', 'type', 'region'] as const;
type PipelineGroup = (typeof GROUPS)[number];

/** Open projects' value and probability-weighted value per decision month, type or region (exact sums). */
export function PipelineTable() {
  const { t, i18n } = useTranslation();
  const [group, setGroup] = useState<PipelineGroup>('month');
  const pipeline = useQuery({
    queryKey: ['reports', 'pipeline', group],
    queryFn: () => unwrap(getPipeline({ query: { group_by: group } })),
    placeholderData: keepPreviousData,
  });
  const label = (row: PipelineRow) => {
    if (row.key === null) return t('salesReport.none');
    if (group === 'month') return monthLabel(row.key, i18n.language);
    return row.label ?? row.key;
  };
  const money = (v: string) => formatMoney(v, i18n.language, { cents: 'always' });
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('salesReport.pipeline')}</Title>
        <SegmentedControl size="xs" value={group} onChange={(v) => setGroup(v as PipelineGroup)} data={GROUPS.map((value) => ({ value, label: t(`salesReport.pipelineGroups.${value}`) }))} data-testid="pipeline-group" />
      </Group>
      <ErrorAlert error={pipeline.error} />
      {!pipeline.data ? (
        <Loader size="sm" />
      ) : (
        <Table striped data-testid="pipeline-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(`salesReport.pipelineGroups.${group}`)}</Table.Th>
              <Table.Th ta="right">{t('salesReport.projects')}</Table.Th>
              <Table.Th ta="right">{t('salesReport.value')}</Table.Th>
              <Table.Th ta="right">{t('salesReport.weighted')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pipeline.data.items.map((r) => (
              <Table.Tr key={r.key ?? '∅'} data-testid="pipeline-row">
                <Table.Td>{label(r)}</Table.Td>
                <Table.Td ta="right">{r.count}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(r.value_sum)}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(r.weighted_value)}
                </Table.Td>
              </Table.Tr>
            ))}
            {pipeline.data.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text size="sm" c="dimmed">
                    {t('common.noResults')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>{t('reports.total')}</Table.Th>
              <Table.Th ta="right">{pipeline.data.total.count}</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="pipeline-total-value">
                {money(pipeline.data.total.value_sum)}
              </Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                {money(pipeline.data.total.weighted_value)}
              </Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      )}
    </Paper>
  );
}
