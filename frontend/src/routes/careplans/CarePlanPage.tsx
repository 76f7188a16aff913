/** A care plan's editor: its target (an account class or a customer group, a business unit or
 * all), the planned touches, saving (PATCH with If-Match: new touches make or replace the draft
 * version), the versions (draft / approved, who approved and when) and approving the draft.
 * `/care-plans/new` creates a plan with the same form. */
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { useBusinessUnits, useUserName, useUsers } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import {
  approveCarePlan,
  createCarePlan,
  getCarePlan,
  listAccountTeamRoles,
  listCarePlanGroups,
  listCarePlanVersions,
  updateCarePlan,
  type CarePlan,
  type CarePlanCreate,
  type CarePlanUpdate,
} from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime, newIdempotencyKey } from '../../lib/format';
import { localName } from '../activities/lookups';
import { ProblemDetail } from './ProblemDetail';
import { draftFromTouch, TouchesEditor, touchBody, touchProblems, type TouchDraft } from './TouchesEditor';

const CLASSES = ['A', 'B', 'C', 'potential'] as const;
type AccountClass = (typeof CLASSES)[number];

interface PlanForm {
  name: string;
  description: string;
  target: 'class' | 'group';
  account_class: AccountClass;
  classification_id: string;
  business_unit_id: string;
  is_active: boolean;
  note: string;
}

function formOf(plan: CarePlan | undefined): PlanForm {
  return {
    name: plan?.name ?? '',
    description: plan?.description ?? '',
    target: plan && !plan.account_class && plan.classification_id ? 'group' : 'class',
    account_class: (plan?.account_class as AccountClass | null) ?? 'A',
    classification_id: plan?.classification_id ?? '',
    business_unit_id: plan?.business_unit_id ?? '',
    is_active: plan?.is_active ?? true,
    note: '',
  };
}

/** The plan's own fields as the API takes them (a class or a group, never both). */
function planFields(f: PlanForm) {
  return {
    name: f.name.trim(),
    description: f.description.trim() || null,
    account_class: f.target === 'class' ? f.account_class : null,
    classification_id: f.target === 'group' ? f.classification_id || null : null,
    business_unit_id: f.business_unit_id || null,
    is_active: f.is_active,
  };
}

/** A user's name from the directory, fetched on its own when not in the directory's first page. */
function UserName({ id }: { id: string }) {
  return <>{useUserName(id) ?? '…'}</>;
}

export function NewCarePlanPage() {
  return <PlanEditor planId={null} />;
}

export function CarePlanPage() {
  const { planId } = useParams({ strict: false }) as { planId: string };
  return <PlanEditor key={planId} planId={planId} />;
}

function PlanEditor({ planId }: { planId: string | null }) {
  const { t, i18n } = useTranslation();
  const { can } = usePermissions();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const planKey = ['care-plans', planId];
  const plan = useQuery({
    queryKey: planKey,
    queryFn: () => unwrap(getCarePlan({ path: { plan_id: planId! } })),
    enabled: !!planId,
  });
  const versions = useQuery({
    queryKey: [...planKey, 'versions'],
    queryFn: () => unwrap(listCarePlanVersions({ path: { plan_id: planId! }, query: { limit: 50 } })),
    enabled: !!planId,
  });
  const roles = useQuery({
    queryKey: ['account-team-roles', 'all'],
    queryFn: () => unwrap(listAccountTeamRoles({ query: { limit: 200 } })),
    staleTime: 5 * 60_000,
  });
  const groups = useQuery({
    queryKey: ['classifications', 'account', 'care-plan-groups'],
    queryFn: () => unwrap(listCarePlanGroups({ query: { kind: 'account', limit: 200 } })),
    staleTime: 5 * 60_000,
  });
  const users = useUsers();
  const units = useBusinessUnits();

  const [form, setForm] = useState<PlanForm>(() => formOf(undefined));
  const [touches, setTouches] = useState<TouchDraft[]>([]);
  // The plan as the form was loaded from it: its version goes in If-Match, so a background
  // refetch never makes a save overwrite someone else's change (that is a 412 instead).
  const [base, setBase] = useState<CarePlan | undefined>(undefined);
  const [showProblems, setShowProblems] = useState(false);
  const [saved, setSaved] = useState(false);
  const [approvalNote, setApprovalNote] = useState('');

  const reset = (p: CarePlan | undefined) => {
    setForm(formOf(p));
    setTouches((p?.latest.touches ?? []).map(draftFromTouch));
    setBase(p);
    setShowProblems(false);
  };
  // Fill the form once the plan arrives; later only a save, an approval or a reload refills it.
  useEffect(() => {
    if (plan.data && !base) reset(plan.data);
  }, [plan.data]);

  const savedTouches = useMemo(() => JSON.stringify((base?.latest.touches ?? []).map(draftFromTouch).map(touchBody)), [base]);
  const touchesChanged = JSON.stringify(touches.map(touchBody)) !== savedTouches;
  const fieldsChanged = base
    ? JSON.stringify(planFields(form)) !== JSON.stringify(planFields(formOf(base))) || form.note.trim() !== ''
    : true;
  const dirty = !planId || touchesChanged || fieldsChanged;

  const invalid =
    !form.name.trim() || (form.target === 'group' && !form.classification_id) || touches.some((d) => touchProblems(d).length > 0);

  const afterSave = async (p: CarePlan) => {
    queryClient.setQueryData(['care-plans', p.id], p);
    await queryClient.invalidateQueries({ queryKey: ['care-plans', 'list'] });
    await queryClient.invalidateQueries({ queryKey: ['care-plans', p.id, 'versions'] });
  };

  const save = useMutation({
    mutationFn: async () => {
      if (!planId) {
        const body: CarePlanCreate = { ...planFields(form), touches: touches.map(touchBody), note: form.note.trim() || null };
        return unwrap(createCarePlan({ body, headers: { 'Idempotency-Key': newIdempotencyKey() } }));
      }
      const current = base!;
      const body: CarePlanUpdate = { ...planFields(form) };
      if (touchesChanged) body.touches = touches.map(touchBody);
      if (form.note.trim()) body.note = form.note.trim();
      return unwrap(updateCarePlan({ path: { plan_id: current.id }, body, headers: { 'If-Match': etagOf(current.version) } }));
    },
    onSuccess: async (p) => {
      setSaved(true);
      await afterSave(p);
      if (!planId) {
        await navigate({ to: '/care-plans/$planId', params: { planId: p.id } });
        return;
      }
      reset(p);
    },
  });
  const approve = useMutation({
    mutationFn: () => {
      const current = base!;
      const note = approvalNote.trim();
      return unwrap(
        approveCarePlan({ path: { plan_id: current.id }, body: note ? { note } : {}, headers: { 'If-Match': etagOf(current.version) } }),
      );
    },
    onSuccess: async (p) => {
      setApprovalNote('');
      await afterSave(p);
      reset(p);
    },
  });

  const submit = () => {
    setSaved(false);
    setShowProblems(true);
    if (invalid) return;
    save.mutate();
  };

  if (planId && plan.error) return <ErrorAlert error={plan.error} />;
  if (planId && !base) return <Loader />;
  const p = base;
  const changedElsewhere = !!p && !!plan.data && plan.data.version !== p.version;
  const mayEdit = planId ? can('care_plan', 'update') : can('care_plan', 'create');
  const cls = form.target === 'class' ? form.account_class : null;
  const mayApprove = can('care_plan', (p?.account_class ?? cls) === 'A' ? 'approve' : 'update');
  const draft = p?.latest.status === 'draft' ? p.latest : null;
  const set = (patch: Partial<PlanForm>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const classLabel = (c: string) => t(`careplans.classes.${c}`);
  const stale = save.error instanceof ApiError && save.error.status === 412;

  return (
    <Stack>
      <AnchorLink to="/care-plans" size="sm">
        ← {t('careplans.title')}
      </AnchorLink>
      <Group justify="space-between">
        <Title order={2} data-testid="care-plan-title">
          {p ? p.name : t('careplans.editor.newTitle')}
        </Title>
        {p && (
          <Group gap="xs">
            {p.active_version ? <Badge color="green">{t('careplans.inForce', { n: p.active_version })}</Badge> : <Badge color="gray">{t('careplans.notInForce')}</Badge>}
            {draft && (
              <Badge color="yellow" data-testid="care-plan-draft">
                {t('careplans.draft')} v{draft.number}
              </Badge>
            )}
          </Group>
        )}
      </Group>

      {changedElsewhere && !stale && <ConflictAlert onReload={() => reset(plan.data)} />}

      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <TextInput
                label={t('careplans.name')}
                value={form.name}
                onChange={(e) => set({ name: e.currentTarget.value })}
                required
                disabled={!mayEdit}
                data-testid="plan-name"
                error={showProblems && !form.name.trim() ? t('careplans.editor.needName') : undefined}
              />
              <Textarea
                label={t('common.description')}
                value={form.description}
                onChange={(e) => set({ description: e.currentTarget.value })}
                autosize
                minRows={2}
                disabled={!mayEdit}
                data-testid="plan-description"
              />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="plan-target-label">
                  {t('careplans.target')}
                </Text>
                <SegmentedControl
                  aria-labelledby="plan-target-label"
                  value={form.target}
                  onChange={(v) => set({ target: v as PlanForm['target'] })}
                  disabled={!mayEdit}
                  data={[
                    { value: 'class', label: t('careplans.editor.targetClass') },
                    { value: 'group', label: t('careplans.group') },
                  ]}
                  data-testid="plan-target"
                />
              </Stack>
              <Group grow align="start">
                {form.target === 'class' ? (
                  <NativeSelect
                    label={t('careplans.editor.accountClass')}
                    data={CLASSES.map((c) => ({ value: c, label: classLabel(c) }))}
                    value={form.account_class}
                    onChange={(e) => set({ account_class: e.currentTarget.value as AccountClass })}
                    disabled={!mayEdit}
                    data-testid="plan-class"
                  />
                ) : (
                  <NativeSelect
                    label={t('careplans.group')}
                    data={[
                      { value: '', label: '—' },
                      ...(groups.data?.items ?? [])
                        .filter((g) => g.is_active || g.id === form.classification_id)
                        .map((g) => ({ value: g.id, label: localName(g, i18n.language) })),
                    ]}
                    value={form.classification_id}
                    onChange={(e) => set({ classification_id: e.currentTarget.value })}
                    disabled={!mayEdit}
                    required
                    error={showProblems && !form.classification_id ? t('careplans.editor.needGroup') : undefined}
                    data-testid="plan-group"
                  />
                )}
                <NativeSelect
                  label={t('careplans.editor.businessUnit')}
                  data={[{ value: '', label: t('careplans.editor.everyUnit') }, ...(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))]}
                  value={form.business_unit_id}
                  onChange={(e) => set({ business_unit_id: e.currentTarget.value })}
                  disabled={!mayEdit}
                  data-testid="plan-unit"
                />
              </Group>
              <Checkbox
                label={t('common.active')}
                checked={form.is_active}
                onChange={(e) => set({ is_active: e.currentTarget.checked })}
                disabled={!mayEdit}
                data-testid="plan-active"
              />
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Stack gap="sm">
              <Title order={4}>{t('careplans.touches')}</Title>
              <TouchesEditor
                touches={touches}
                onChange={(next) => {
                  setSaved(false);
                  setTouches(next);
                }}
                roles={(roles.data?.items ?? []).filter((r) => r.is_active || touches.some((d) => d.responsible_role_id === r.id)).map((r) => ({ value: r.id, label: localName(r, i18n.language) }))}
                users={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
                disabled={!mayEdit}
                showProblems={showProblems}
              />
            </Stack>
          </Paper>

          {mayEdit && (
            <Paper withBorder p="md">
              <Stack gap="sm">
                <TextInput
                  label={t('careplans.editor.note')}
                  description={t('careplans.editor.noteHint')}
                  value={form.note}
                  onChange={(e) => set({ note: e.currentTarget.value })}
                  data-testid="plan-note"
                />
                {stale ? (
                  <ConflictAlert
                    onReload={() => {
                      save.reset();
                      void plan.refetch().then((r) => reset(r.data));
                    }}
                  />
                ) : (
                  <ProblemDetail error={save.error} testId="plan-save-error" />
                )}
                {showProblems && invalid && (
                  <Text size="sm" c="red" role="alert" data-testid="plan-invalid">
                    {t('careplans.editor.invalid')}
                  </Text>
                )}
                <Group>
                  <Button type="submit" loading={save.isPending} disabled={!dirty} data-testid="plan-save">
                    {planId ? (touchesChanged ? t('careplans.editor.saveVersion') : t('common.save')) : t('common.create')}
                  </Button>
                  {planId && dirty && (
                    <Button variant="default" onClick={() => reset(p)} data-testid="plan-discard">
                      {t('common.cancel')}
                    </Button>
                  )}
                  {saved && !dirty && (
                    <Text size="sm" c="green" role="status" data-testid="plan-saved">
                      {t('common.saved')}
                    </Text>
                  )}
                </Group>
              </Stack>
            </Paper>
          )}
        </Stack>
      </form>

      {p && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={4}>{t('careplans.versions.title')}</Title>
            {draft && mayApprove && (
              <Group gap="sm" align="end">
                <TextInput
                  label={t('careplans.versions.approvalNote')}
                  value={approvalNote}
                  onChange={(e) => setApprovalNote(e.currentTarget.value)}
                  data-testid="care-plan-approval-note"
                />
                <Button onClick={() => approve.mutate()} loading={approve.isPending} disabled={dirty} color="green" data-testid="care-plan-approve">
                  {t('careplans.versions.approveN', { n: draft.number })}
                </Button>
                {dirty && (
                  <Text size="sm" c="dimmed">
                    {t('careplans.versions.saveFirst')}
                  </Text>
                )}
              </Group>
            )}
            {draft && !mayApprove && (
              <Text size="sm" c="dimmed" data-testid="care-plan-approve-needs">
                {p.account_class === 'A' ? t('careplans.versions.needsManager') : t('careplans.versions.needsApprover')}
              </Text>
            )}
            <ProblemDetail error={approve.error} testId="care-plan-approve-error" />
            {versions.error && <ErrorAlert error={versions.error} />}
            <Table striped data-testid="care-plan-versions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('careplans.versions.number')}</Table.Th>
                  <Table.Th>{t('careplans.status')}</Table.Th>
                  <Table.Th>{t('careplans.touches')}</Table.Th>
                  <Table.Th>{t('careplans.versions.created')}</Table.Th>
                  <Table.Th>{t('careplans.versions.approvedBy')}</Table.Th>
                  <Table.Th>{t('careplans.versions.approvedAt')}</Table.Th>
                  <Table.Th>{t('careplans.editor.note')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(versions.data?.items ?? []).map((v) => (
                  <Table.Tr key={v.id} data-testid="care-plan-version">
                    <Table.Td>v{v.number}</Table.Td>
                    <Table.Td>
                      <Badge color={v.status === 'approved' ? 'green' : v.status === 'draft' ? 'yellow' : 'gray'} variant="light">
                        {t(`careplans.versions.status.${v.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{v.touches.length}</Table.Td>
                    <Table.Td>
                      {formatDateTime(v.created_at, i18n.language)}
                      {v.created_by && (
                        <>
                          {' · '}
                          <UserName id={v.created_by} />
                        </>
                      )}
                    </Table.Td>
                    <Table.Td data-testid="care-plan-version-approver">{v.approved_by ? <UserName id={v.approved_by} /> : '—'}</Table.Td>
                    <Table.Td>{v.approved_at ? formatDateTime(v.approved_at, i18n.language) : '—'}</Table.Td>
                    <Table.Td>{v.note ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
