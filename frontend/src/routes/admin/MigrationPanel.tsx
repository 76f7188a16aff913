import { Alert, Badge, Button, Checkbox, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap } from '../../api/problem';
import { listProjectTypeVersions, listSalesProjects, migrateProjects, type MigrationReport, type ProjectType } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';

/** The report a refused real migration carries in its 422 body, if any. */
function reportOf(error: unknown): MigrationReport | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const p = error.problem as Partial<MigrationReport>;
  return Array.isArray(p.results) ? (p as MigrationReport) : null;
}

/** Open projects on older template versions, chosen and moved to the current version (dry run first). */
export function MigrationPanel({ type }: { type: ProjectType }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const versions = useQuery({
    queryKey: ['project-types', type.id, 'versions'],
    queryFn: () => unwrap(listProjectTypeVersions({ path: { type_id: type.id }, query: { limit: 200, sort: '-version' } })),
  });
  const projects = useQuery({
    queryKey: ['sales-projects', 'list', { project_type_id: type.id, status: ['open'], limit: 200, migration: true }],
    queryFn: () => unwrap(listSalesProjects({ query: { project_type_id: type.id, status: ['open'], limit: 200 } })),
  });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [report, setReport] = useState<MigrationReport | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<'dry' | 'real' | null>(null);
  const key = useRef(newIdempotencyKey());

  if (versions.error || projects.error) return <ErrorAlert error={versions.error ?? projects.error} />;
  if (!versions.data || !projects.data) return <Loader size="sm" />;
  const versionOf = new Map(versions.data.items.map((v) => [v.id, v.version]));
  const old = projects.data.items.filter((p) => versionOf.get(p.type_version_id) !== type.current_version);
  const results = new Map((report?.results ?? []).map((r) => [r.project_id, r]));

  async function run(dryRun: boolean) {
    setBusy(dryRun ? 'dry' : 'real');
    setFailure(null);
    try {
      const out = await unwrap(
        migrateProjects({
          path: { type_id: type.id },
          query: { dry_run: dryRun },
          body: { project_ids: [...chosen], to_version: type.current_version },
          ...(dryRun ? {} : { headers: { 'Idempotency-Key': key.current } }),
        }),
      );
      setReport(out);
      if (!dryRun) {
        key.current = newIdempotencyKey();
        setChosen(new Set());
        void queryClient.invalidateQueries({ queryKey: ['sales-projects'] });
        void queryClient.invalidateQueries({ queryKey: ['project-types', type.id, 'versions'] });
      }
    } catch (e) {
      const refused = reportOf(e);
      if (refused) setReport(refused);
      setFailure(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('projectTypes.migrateHint')}
      </Text>
      <ErrorAlert error={reportOf(failure) ? null : failure} />
      {report && !report.dry_run && report.migrated > 0 && (
        <Alert color="teal" data-testid="migration-done">
          {t('projectTypes.migrated', { count: report.migrated })}
        </Alert>
      )}
      {old.length === 0 ? (
        <Text c="dimmed">{t('projectTypes.noneOnOldVersion')}</Text>
      ) : (
        <>
          <Table striped data-testid="migration-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox
                    aria-label={t('projectTypes.selectProjects')}
                    checked={chosen.size === old.length}
                    indeterminate={chosen.size > 0 && chosen.size < old.length}
                    onChange={(e) => setChosen(e.currentTarget.checked ? new Set(old.map((p) => p.id)) : new Set())}
                  />
                </Table.Th>
                <Table.Th>{t('myStages.project')}</Table.Th>
                <Table.Th>{t('projectTypes.fromVersion')}</Table.Th>
                <Table.Th>{t('sales.currentStage')}</Table.Th>
                <Table.Th>{t('projectTypes.migrateTo', { version: type.current_version })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {old.map((p) => {
                const r = results.get(p.id);
                return (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Checkbox
                        aria-label={p.name}
                        checked={chosen.has(p.id)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if (e.currentTarget.checked) next.add(p.id);
                          else next.delete(p.id);
                          setChosen(next);
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <AnchorLink to="/sales-projects/$projectId" params={{ projectId: p.id }}>
                        {p.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{versionOf.get(p.type_version_id) ?? '?'}</Table.Td>
                    <Table.Td>{p.current_stage?.name ?? ''}</Table.Td>
                    <Table.Td>
                      {r &&
                        (r.ok ? (
                          <Stack gap={2}>
                            <Badge color="teal" variant="light" size="sm">
                              {t('projectTypes.migrationOk')}
                            </Badge>
                            {r.changes &&
                              (['added', 'skipped', 'dropped', 'extra'] as const)
                                .filter((k) => r.changes![k].length > 0)
                                .map((k) => (
                                  <Text key={k} size="xs">
                                    {t(`projectTypes.${k === 'skipped' ? 'skippedStages' : k}`)}: {r.changes![k].join(', ')}
                                  </Text>
                                ))}
                          </Stack>
                        ) : (
                          <Text size="sm" c="red.7">
                            {r.problem}
                          </Text>
                        ))}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end">
            <Button variant="default" disabled={chosen.size === 0} loading={busy === 'dry'} onClick={() => void run(true)} data-testid="migration-dry-run">
              {t('projectTypes.dryRun')}
            </Button>
            <Button disabled={chosen.size === 0} loading={busy === 'real'} onClick={() => void run(false)} data-testid="migration-run">
              {t('projectTypes.migrateNow')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
