import { Badge, Group, Loader, Paper, Stack, Switch, Table, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap, unwrapWithResponse } from '../../api/problem';
import { getProjectType, listProjectTypeVersions, replaceProjectTypeStages, updateProjectType, type ProjectType, type TemplateStage } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { localName } from '../sales/status';
import { StageTemplateEditor, type SaveResult } from '../sales/StageTemplateEditor';
import { newUid, type StageDraft } from '../sales/templateEditor';
import { MigrationPanel } from './MigrationPanel';
import { useTeams } from './useAdminLists';

export const typeDetailKey = (id: string) => ['project-types', id, 'detail'] as const;

export function draftsOf(stages: TemplateStage[]): StageDraft[] {
  return stages.map((s) => ({
    uid: newUid(),
    key: s.key,
    name: s.name,
    name_en: s.name_en ?? '',
    name_sv: s.name_sv ?? '',
    default_duration_days: s.default_duration_days,
    is_customer_service: s.is_customer_service,
    checklist: [...s.checklist],
    responsibles: s.responsibles.map((r) => ({ region: r.region, user_id: r.user_id, team_id: r.team_id })),
    autoKey: false,
  }));
}

export function stagesBody(stages: StageDraft[]) {
  return stages.map((s) => ({
    key: s.key.trim(),
    name: s.name.trim(),
    name_en: s.name_en.trim() || null,
    name_sv: s.name_sv.trim() || null,
    default_duration_days: s.default_duration_days,
    is_customer_service: s.is_customer_service,
    checklist: s.checklist,
    responsibles: s.responsibles.filter((r) => r.user_id || r.team_id).map((r) => ({ region: r.region.trim(), user_id: r.user_id, team_id: r.team_id })),
  }));
}

function Versions({ type }: { type: ProjectType }) {
  const { t, i18n } = useTranslation();
  const versions = useQuery({
    queryKey: ['project-types', type.id, 'versions'],
    queryFn: () => unwrap(listProjectTypeVersions({ path: { type_id: type.id }, query: { limit: 200, sort: '-version' } })),
  });
  if (versions.error) return <ErrorAlert error={versions.error} />;
  if (!versions.data) return <Loader size="sm" />;
  return (
    <Table striped data-testid="versions-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('projectTypes.version')}</Table.Th>
          <Table.Th>{t('projectTypes.createdAt')}</Table.Th>
          <Table.Th ta="right">{t('projectTypes.stageCount')}</Table.Th>
          <Table.Th ta="right">{t('projectTypes.projectCount')}</Table.Th>
          <Table.Th>{t('common.note')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {versions.data.items.map((v) => (
          <Table.Tr key={v.id} data-testid="version-row" data-version={v.version}>
            <Table.Td>
              {v.version}{' '}
              {v.is_current && (
                <Badge size="xs" variant="light">
                  {t('projectTypes.current')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{formatDateTime(v.created_at, i18n.language)}</Table.Td>
            <Table.Td ta="right">{v.stage_count}</Table.Td>
            <Table.Td ta="right">{v.project_count}</Table.Td>
            <Table.Td>{v.note ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One project type: its stage-template editor, its versions and the migration of running projects. */
export function ProjectTypePage() {
  const { typeId } = useParams({ from: '/app/admin/project-types/$typeId' });
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const teams = useTeams();
  const [tab, setTab] = useState<string | null>('stages');
  const [editorKey, setEditorKey] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);
  const detail = useQuery({
    queryKey: typeDetailKey(typeId),
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getProjectType({ path: { type_id: typeId } }));
      return { type: data, etag: response.headers.get('ETag') };
    },
  });

  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loader />;
  const { type, etag } = detail.data;
  const mayUpdate = permissions.can('project_type', 'update');

  async function saveStages(stages: StageDraft[]): Promise<SaveResult> {
    const { data, response } = await unwrapWithResponse(
      replaceProjectTypeStages({ path: { type_id: typeId }, body: { stages: stagesBody(stages) }, headers: { 'If-Match': etag ?? '*' } }),
    );
    queryClient.setQueryData(typeDetailKey(typeId), { type: data, etag: response.headers.get('ETag') });
    void queryClient.invalidateQueries({ queryKey: ['project-types'], predicate: (q) => q.queryKey.join('/') !== typeDetailKey(typeId).join('/') });
    return { outcome: data.outcome, version: data.current_version };
  }

  async function setActive(is_active: boolean) {
    setFailure(null);
    try {
      const { data, response } = await unwrapWithResponse(updateProjectType({ path: { type_id: typeId }, body: { is_active }, headers: { 'If-Match': etag ?? '*' } }));
      queryClient.setQueryData(typeDetailKey(typeId), { type: data, etag: response.headers.get('ETag') });
      void queryClient.invalidateQueries({ queryKey: ['project-types', 'all'] });
      notifications.show({ color: 'green', message: t('common.saved') });
    } catch (e) {
      setFailure(e);
    }
  }

  const reload = () => void detail.refetch().then(() => setEditorKey((k) => k + 1));
  return (
    <Stack>
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2} data-testid="project-type-name">
            {localName(type, i18n.language)}
          </Title>
          <Text size="sm" c="dimmed">
            {type.key} · {t('projectTypes.version')} {type.current_version}
            {type.description ? ` · ${type.description}` : ''}
          </Text>
        </Stack>
        <Switch
          label={t('projectTypes.active')}
          checked={type.is_active}
          disabled={!mayUpdate}
          onChange={(e) => void setActive(e.currentTarget.checked)}
          data-testid="type-active"
        />
      </Group>
      {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={reload} /> : <ErrorAlert error={failure} />}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="stages" data-testid="tab-stages">
            {t('sales.stages')}
          </Tabs.Tab>
          <Tabs.Tab value="versions" data-testid="tab-versions">
            {t('projectTypes.versions')}
          </Tabs.Tab>
          {mayUpdate && (
            <Tabs.Tab value="migrate" data-testid="tab-migrate">
              {t('projectTypes.migrate')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Paper withBorder p="md" mt="md">
          <Tabs.Panel value="stages">
            <StageTemplateEditor
              key={`${type.id}-${editorKey}`}
              initial={draftsOf(type.stages)}
              teams={(teams.data?.items ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
              currentVersion={type.current_version}
              readOnly={!mayUpdate}
              onSave={saveStages}
              onReload={reload}
            />
          </Tabs.Panel>
          <Tabs.Panel value="versions">
            <Versions type={type} />
          </Tabs.Panel>
          <Tabs.Panel value="migrate">
            <MigrationPanel type={type} />
          </Tabs.Panel>
        </Paper>
      </Tabs>
    </Stack>
  );
}
