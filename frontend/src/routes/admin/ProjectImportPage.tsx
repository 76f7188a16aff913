import { Alert, Button, FileInput, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/download';
import { ApiError, unwrap } from '../../api/problem';
import { importSalesProjects, salesImportTemplateCsv, salesImportTemplateXlsx, type ImportReport } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';

/** The import report a refused real run carries in its 422 problem body, if it does. */
export function reportFromProblem(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const p = error.problem as Partial<ImportReport>;
  return Array.isArray(p.problems) && typeof p.rows === 'number' ? (p as ImportReport) : null;
}

function ReportTable({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const ok = report.problems.length === 0;
  return (
    <Stack gap="xs" data-testid="import-report">
      <Alert color={ok ? 'teal' : 'orange'} data-testid="import-summary">
        {t('salesImport.rows', { count: report.rows })} · {ok ? t('salesImport.ok', { count: report.valid }) : t('salesImport.problems', { count: report.problems.length })}
      </Alert>
      {!ok && (
        <Table striped data-testid="import-problems">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>{t('salesImport.row')}</Table.Th>
              <Table.Th w={200}>{t('salesImport.column')}</Table.Th>
              <Table.Th>{t('salesImport.problem')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.problems.map((p, i) => (
              <Table.Tr key={`${p.row}-${p.column ?? ''}-${i}`} data-testid="import-problem">
                <Table.Td>{p.row}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {p.column ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>{p.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** Bulk import of running projects: upload, dry run with every row's problems, then import (all or nothing). */
export function ProjectImportPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<'dry' | 'real' | 'csv' | 'xlsx' | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());

  function choose(next: File | null) {
    setFile(next);
    setReport(null);
    setFailure(null);
    idempotencyKey.current = newIdempotencyKey();
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(dryRun ? 'dry' : 'real');
    setFailure(null);
    try {
      const result = await unwrap(
        importSalesProjects({
          body: { file },
          query: { dry_run: dryRun },
          ...(dryRun ? {} : { headers: { 'Idempotency-Key': idempotencyKey.current } }),
        }),
      );
      setReport(result);
      if (!dryRun) {
        notifications.show({ color: 'green', message: t('salesImport.done', { count: result.created }) });
        void queryClient.invalidateQueries({ queryKey: ['sales-projects'] });
        void queryClient.invalidateQueries({ queryKey: ['reports'] });
      }
    } catch (e) {
      const refused = reportFromProblem(e);
      if (refused) setReport(refused);
      else setFailure(e);
    } finally {
      setBusy(null);
    }
  }

  async function template(format: 'csv' | 'xlsx') {
    setBusy(format);
    setFailure(null);
    try {
      const call = format === 'csv' ? salesImportTemplateCsv({ parseAs: 'blob' }) : salesImportTemplateXlsx({ parseAs: 'blob' });
      await downloadFile(call, `sales-projects-import.${format}`);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
    }
  }

  const imported = report !== null && !report.dry_run && report.created > 0;
  const mayImport = report !== null && report.dry_run && report.problems.length === 0 && report.rows > 0;
  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={2}>{t('salesImport.title')}</Title>
        <Group gap="xs">
          <Button variant="default" onClick={() => void template('xlsx')} loading={busy === 'xlsx'} data-testid="template-xlsx">
            {t('salesImport.templateXlsx')}
          </Button>
          <Button variant="default" onClick={() => void template('csv')} loading={busy === 'csv'} data-testid="template-csv">
            {t('salesImport.templateCsv')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('salesImport.hint')}
      </Text>
      <Paper withBorder p="md">
        <Stack>
          <Group align="flex-end">
            <FileInput
              label={t('salesImport.file')}
              placeholder={t('salesImport.chooseFile')}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              value={file}
              onChange={choose}
              clearable
              w={360}
              data-testid="import-file"
            />
            <Button onClick={() => void run(true)} disabled={!file} loading={busy === 'dry'} data-testid="import-dry-run">
              {t('salesImport.dryRun')}
            </Button>
            <Button color="teal" onClick={() => void run(false)} disabled={!mayImport} loading={busy === 'real'} data-testid="import-run">
              {t('salesImport.import')}
            </Button>
          </Group>
          <ErrorAlert error={failure} />
          {imported && (
            <Alert color="teal" data-testid="import-done">
              {t('salesImport.done', { count: report.created })}
            </Alert>
          )}
          {report && !imported && <ReportTable report={report} />}
        </Stack>
      </Paper>
    </Stack>
  );
}
