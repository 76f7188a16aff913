/** The care-plan compliance dashboard: figures per month, account, account manager or unit as
 * a table and a chart (on time / late / missed bars), the accounts without contact, exports. */
import { Button, Group, Loader, Paper, Progress, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/download';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { careComplianceCsv, careComplianceXlsx, getCareCompliance } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';

type GroupBy = 'month' | 'account' | 'account_manager' | 'business_unit';
const GROUPS: GroupBy[] = ['month', 'account', 'account_manager', 'business_unit'];

export function CompliancePage() {
  const { t, i18n } = useTranslation();
  const { can } = usePermissions();
  const [groupBy, setGroupBy] = useState<GroupBy>('month');
  const report = useQuery({
    queryKey: ['care-plans', 'compliance', groupBy],
    queryFn: () => unwrap(getCareCompliance({ query: { group_by: groupBy } })),
  });
  const data = report.data;
  const exportFile = async (format: 'csv' | 'xlsx') => {
    const query = { group_by: groupBy };
    await downloadFile(
      format === 'csv' ? careComplianceCsv({ query, parseAs: 'blob' }) : careComplianceXlsx({ query, parseAs: 'blob' }),
      `hoitosuunnitelmat.${format}`,
    );
  };
  return (
    <Stack>
      <Title order={2}>{t('careplans.compliance.title')}</Title>
      <Group justify="space-between">
        <SegmentedControl
          data-testid="compliance-group-by"
          value={groupBy}
          onChange={(v) => setGroupBy(v as GroupBy)}
          data={GROUPS.map((g) => ({ value: g, label: t(`careplans.compliance.by.${g}`) }))}
        />
        {can('account', 'export') && (
          <Group>
            <Button variant="default" onClick={() => void exportFile('csv')} data-testid="compliance-export-csv">
              {t('careplans.compliance.exportCsv')}
            </Button>
            <Button variant="default" onClick={() => void exportFile('xlsx')} data-testid="compliance-export-xlsx">
              {t('careplans.compliance.exportXlsx')}
            </Button>
          </Group>
        )}
      </Group>
      {report.error && <ErrorAlert error={report.error} />}
      {!data && !report.error && <Loader />}
      {data && (
        <>
          <Table striped data-testid="compliance-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(`careplans.compliance.by.${groupBy}`)}</Table.Th>
                <Table.Th>{t('careplans.compliance.planned')}</Table.Th>
                <Table.Th>{t('careplans.compliance.due')}</Table.Th>
                <Table.Th>{t('careplans.compliance.onTime')}</Table.Th>
                <Table.Th>{t('careplans.compliance.late')}</Table.Th>
                <Table.Th>{t('careplans.compliance.missed')}</Table.Th>
                <Table.Th>{t('careplans.compliance.open')}</Table.Th>
                <Table.Th>{t('careplans.compliance.rate')}</Table.Th>
                <Table.Th w="25%" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...data.rows.map((r) => ({ ...r, name: r.label ?? '—', testId: 'compliance-row' })), { ...data.total, name: t('careplans.compliance.total'), key: 'total', testId: 'compliance-total' }].map((r) => (
                <Table.Tr key={r.key} data-testid={r.testId}>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.planned}</Table.Td>
                  <Table.Td>{r.due}</Table.Td>
                  <Table.Td data-testid={`${r.testId}-on-time`}>{r.on_time}</Table.Td>
                  <Table.Td>{r.late}</Table.Td>
                  <Table.Td>{r.missed}</Table.Td>
                  <Table.Td>{r.open}</Table.Td>
                  <Table.Td>{r.rate ?? '—'}</Table.Td>
                  <Table.Td>
                    <Progress.Root size="lg" aria-label={r.name}>
                      <Progress.Section value={r.planned ? (100 * r.on_time) / r.planned : 0} color="green" />
                      <Progress.Section value={r.planned ? (100 * r.late) / r.planned : 0} color="yellow" />
                      <Progress.Section value={r.planned ? (100 * r.missed) / r.planned : 0} color="red" />
                    </Progress.Root>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Paper withBorder p="md">
            <Title order={4}>{t('careplans.compliance.noContact')}</Title>
            <Table data-testid="no-contact-table">
              <Table.Tbody>
                {data.no_contact.map((n) => (
                  <Table.Tr key={n.account_id} data-testid="no-contact-row">
                    <Table.Td>{n.account_name}</Table.Td>
                    <Table.Td>{n.account_manager_name ?? '—'}</Table.Td>
                    <Table.Td>{n.plan_name}</Table.Td>
                    <Table.Td>
                      {t('careplans.compliance.lastContact')}: {n.last_contact_at ? formatDate(n.last_contact_at, i18n.language) : t('careplans.compliance.never')}
                    </Table.Td>
                    <Table.Td>
                      {t('careplans.compliance.allowed')}: {n.allowed_days}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {data.no_contact.length === 0 && <Text c="dimmed">—</Text>}
          </Paper>
        </>
      )}
    </Stack>
  );
}
