import { Alert, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap, unwrapWithResponse } from '../../api/problem';
import { getSalesProject, getSalesProjectChanges, insertProjectStage, skipProjectStage, updateProjectStage } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HistoryTable } from '../../components/HistoryTable';
import { formatDate, newIdempotencyKey } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { allowedFromProblem } from '../service/StatusActions';
import type { ProjectStage, SalesProject } from './model';
import { ProjectEditForm } from './ProjectEditForm';
import { ProjectEvents } from './ProjectEvents';
import { ProjectStatusActions } from './ProjectStatusActions';
import { InsertDialog, SkipDialog, StageEditDialog } from './StageDialogs';
import { StageTimeline } from './StageTimeline';
import { ProjectStatusBadge } from './StatusBadges';
import { invalidateSales, projectDetailKey, useCompletion } from './useCompletion';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" data-testid={testId}>
        {children || '—'}
      </Text>
    </div>
  );
}

function Changes({ projectId }: { projectId: string }) {
  const changes = useQuery({
    queryKey: ['sales-projects', projectId, 'changes'],
    queryFn: () => unwrap(getSalesProjectChanges({ path: { project_id: projectId }, query: { limit: 100 } })),
  });
  if (changes.error) return <ErrorAlert error={changes.error} />;
  if (!changes.data) return <Loader size="sm" />;
  return <HistoryTable entity="sales" items={changes.data.items} />;
}

/** A refused or stale stage or status change: what is allowed now (409), or reload (412). */
function WriteError({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError && error.status === 412) return <ConflictAlert onReload={onReload} />;
  const allowed = allowedFromProblem(error);
  if (allowed && error instanceof ApiError) {
    const labels = allowed.map((s) => t(`sales.stageStatus.${s}`, { defaultValue: t(`sales.projectStatus.${s}`, { defaultValue: s }) }));
    return (
      <Alert color="red" role="alert" data-testid="transition-refused">
        {error.problem.detail ?? ''} {labels.length > 0 ? t('sales.allowedTransitions', { allowed: labels.join(', ') }) : ''}
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}

/** A sales project: header and status actions, the stage checklist as a timeline, history and changes. */
export function ProjectPage() {
  const { projectId } = useParams({ from: '/app/sales-projects/$projectId' });
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const [tab, setTab] = useState<string | null>('stages');
  const [editing, setEditing] = useState(false);
  const [editKey, setEditKey] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);
  const [skipping, setSkipping] = useState<ProjectStage | null>(null);
  const [inserting, setInserting] = useState<ProjectStage | null>(null);
  const [editingStage, setEditingStage] = useState<ProjectStage | null>(null);
  const [busyStage, setBusyStage] = useState<string | null>(null);
  const detail = useQuery({
    queryKey: projectDetailKey(projectId),
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getSalesProject({ path: { project_id: projectId } }));
      return { project: data, etag: response.headers.get('ETag') };
    },
  });
  const completion = useCompletion(() => setFailure(null));

  function saved(project: SalesProject, etag: string | null, message: string = t('common.saved')) {
    queryClient.setQueryData(projectDetailKey(projectId), { project, etag });
    invalidateSales(queryClient, projectDetailKey(projectId));
    setFailure(null);
    notifications.show({ color: 'green', message });
  }
  const reload = () => {
    setFailure(null);
    void detail.refetch().then(() => setEditKey((k) => k + 1));
  };

  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loader />;
  const { project: p, etag } = detail.data;
  const open = p.status === 'open';
  const mayUpdate = permissions.canOn('sales_project', 'update', p);
  const me = permissions.me;

  /** Stage writes carry the project's ETag and return the project. */
  async function stageWrite(stageId: string | null, run: () => Promise<{ data: SalesProject; response: Response }>, message: string) {
    setBusyStage(stageId);
    try {
      const { data, response } = await run();
      saved(data, response.headers.get('ETag'), message);
    } finally {
      setBusyStage(null);
    }
  }
  const ifMatch = { 'If-Match': etag ?? '*' };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <ProjectStatusBadge status={p.status} size="lg" />
            <Text c="dimmed" size="sm">
              {p.project_type_name}
            </Text>
          </Group>
          <Title order={2} data-testid="project-title">
            {p.name}
          </Title>
          <Text size="sm" c="dimmed">
            <AnchorLink to="/accounts/$accountId" params={{ accountId: p.account_id }} size="sm" data-testid="project-account-link">
              {p.account_name}
            </AnchorLink>
            {p.region ? ` · ${p.region}` : ''}
            {' · '}
            {t('sales.owner')}: {p.owner_name}
          </Text>
          {p.status_reason && (
            <Text size="sm">
              {t('sales.reason')}: {p.status_reason}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {mayUpdate && <ProjectStatusActions project={p} etag={etag} onSaved={(d, e) => saved(d, e, t('sales.statusChanged'))} onConflict={setFailure} />}
          {mayUpdate && !editing && (
            <Button
              variant="default"
              onClick={() => {
                setTab('details');
                setEditing(true);
              }}
              data-testid="edit-project"
            >
              {t('common.edit')}
            </Button>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} data-testid="project-summary">
        <Field label={t('sales.estimatedValue')} testId="project-value">
          {formatMoney(p.estimated_value, i18n.language, { cents: 'always' })}
        </Field>
        <Field label={t('sales.probability')}>{p.probability !== null ? `${p.probability} %` : ''}</Field>
        <Field label={t('sales.expectedDecision')}>{formatDate(p.expected_decision_date, i18n.language)}</Field>
        <Field label={t('sales.currentStage')} testId="project-current-stage">
          {p.current_stage?.name ?? ''}
        </Field>
        <Field label={t('sales.lastProgress')}>{formatDate(p.last_progress_on, i18n.language)}</Field>
      </SimpleGrid>
      <WriteError error={failure ?? completion.failure} onReload={reload} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="stages" data-testid="tab-stages">
            {t('sales.stages')}
          </Tabs.Tab>
          <Tabs.Tab value="details" data-testid="tab-details">
            {t('common.details')}
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="tab-history">
            {t('sales.history')}
          </Tabs.Tab>
          <Tabs.Tab value="changes" data-testid="tab-changes">
            {t('sales.changes')}
          </Tabs.Tab>
        </Tabs.List>
        <Paper withBorder p="md" mt="md">
          <Tabs.Panel value="stages">
            <StageTimeline
              stages={p.stages}
              actions={{
                mayWork: (s) => open && (mayUpdate || (s.is_current && s.responsible_user_id === me?.id)),
                busyStageId: busyStage,
                onComplete: () => void completion.start(p.id, { project: p, etag }),
                onSkip: setSkipping,
                onInsertAfter: setInserting,
                onEdit: setEditingStage,
                onToggleItem: (s, index, done) =>
                  void stageWrite(s.id, () => unwrapWithResponse(updateProjectStage({ path: { project_id: p.id, stage_id: s.id }, body: { checklist: [{ item: s.checklist[index]!.item, done }] }, headers: ifMatch })), t('sales.stageSaved')).catch(setFailure),
              }}
            />
          </Tabs.Panel>
          <Tabs.Panel value="details">
            {editing && mayUpdate ? (
              <ProjectEditForm
                key={editKey}
                project={p}
                etag={etag}
                onCancel={() => setEditing(false)}
                onReload={reload}
                onSaved={(d, e) => {
                  saved(d, e);
                  setEditing(false);
                }}
              />
            ) : (
              <Stack>
                <SimpleGrid cols={{ base: 1, sm: 3 }} data-testid="project-details">
                  <Field label={t('sales.type')}>{p.project_type_name}</Field>
                  <Field label={t('sales.region')}>{p.region}</Field>
                  <Field label={t('sales.businessUnit')}>{p.business_unit_name}</Field>
                  <Field label={t('sales.openedOn')}>{formatDate(p.opened_on, i18n.language)}</Field>
                  <Field label={t('sales.closedOn')}>{formatDate(p.closed_on, i18n.language)}</Field>
                  <Field label={t('sales.owner')}>{p.owner_name}</Field>
                </SimpleGrid>
                {p.contacts.length > 0 && (
                  <Group gap="xs">
                    {p.contacts.map((c) => (
                      <Badge key={c.contact_id} variant="outline" tt="none">
                        <AnchorLink to="/contacts/$contactId" params={{ contactId: c.contact_id }} size="xs">
                          {c.name}
                        </AnchorLink>
                        {c.role ? ` · ${c.role}` : ''}
                      </Badge>
                    ))}
                  </Group>
                )}
                <Field label={t('sales.description')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{p.description}</span>
                </Field>
              </Stack>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <ProjectEvents projectId={p.id} />
          </Tabs.Panel>
          <Tabs.Panel value="changes">
            <Changes projectId={p.id} />
          </Tabs.Panel>
        </Paper>
      </Tabs>
      {completion.dialog}
      <SkipDialog
        stage={skipping}
        onClose={() => setSkipping(null)}
        onSkip={async (reason) => {
          const s = skipping!;
          await stageWrite(s.id, () => unwrapWithResponse(skipProjectStage({ path: { project_id: p.id, stage_id: s.id }, body: { reason }, headers: ifMatch })), t('sales.stageSkipped'));
          setSkipping(null);
        }}
      />
      <InsertDialog
        after={inserting}
        onClose={() => setInserting(null)}
        onInsert={async (v) => {
          const after = inserting!;
          await stageWrite(
            null,
            () =>
              unwrapWithResponse(
                insertProjectStage({
                  path: { project_id: p.id },
                  body: {
                    name: v.name,
                    after_stage_id: after.id,
                    is_customer_service: v.is_customer_service,
                    checklist: v.checklist,
                    ...(v.responsible_user_id ? { responsible_user_id: v.responsible_user_id } : {}),
                    ...(v.due_date ? { due_date: v.due_date } : {}),
                  },
                  headers: { ...ifMatch, 'Idempotency-Key': newIdempotencyKey() },
                }),
              ),
            t('sales.stageInserted'),
          );
          setInserting(null);
        }}
      />
      <StageEditDialog
        stage={editingStage}
        onClose={() => setEditingStage(null)}
        onSave={async (changes) => {
          const s = editingStage!;
          await stageWrite(s.id, () => unwrapWithResponse(updateProjectStage({ path: { project_id: p.id, stage_id: s.id }, body: changes, headers: ifMatch })), t('sales.stageSaved'));
          setEditingStage(null);
        }}
      />
    </Stack>
  );
}
