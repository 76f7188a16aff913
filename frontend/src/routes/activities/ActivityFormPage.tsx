import { Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { useUsers } from '../../api/lookups';
import { ApiError, unwrap } from '../../api/problem';
import { createActivity, getActivity, updateActivity, type Activity } from '../../api/sdk';
import { useMe } from '../../api/session';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fromHelsinkiLocal, helsinkiLocalIn, newIdempotencyKey, toHelsinkiLocal } from '../../lib/format';
import { localName, typeOptions, useActivityTypes } from './lookups';

const STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;

/** The activity form: the admin-managed type (fixed once created), its keywords, participants,
 * and a visit's goal (before) and agreed actions (after). */
export function ActivityForm({ activity, onSaved }: { activity?: Activity; onSaved: (a: Activity) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const me = useMe();
  const types = useActivityTypes();
  const users = useUsers();
  const [typeId, setTypeId] = useState<string | null>(activity?.activity_type_id ?? null);
  const [v, setV] = useState({
    subject: activity?.subject ?? '',
    description: activity?.description ?? '',
    due: activity ? toHelsinkiLocal(activity.due_at) : helsinkiLocalIn(24),
    duration: (activity?.duration_minutes ?? '') as number | string,
    status: (activity?.status ?? 'open') as (typeof STATUSES)[number],
    goal: activity?.goal ?? '',
    agreed_actions: activity?.agreed_actions ?? '',
  });
  const [keywords, setKeywords] = useState<string[]>(activity?.keywords ?? []);
  const [participants, setParticipants] = useState<string[]>(activity?.participant_ids ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const idempotency = useRef(newIdempotencyKey());
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const type = types.data?.find((x) => x.id === typeId);
  const ownerId = activity?.owner_id ?? me.data?.id;
  const userOptions = (users.data?.items ?? []).filter((u) => u.id !== ownerId && u.is_active).map((u) => ({ value: u.id, label: u.name }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!typeId) found.activity_type_id = t('activities.errors.required');
    if (!v.subject.trim()) found.subject = t('activities.errors.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const visit = type?.is_visit ? { goal: v.goal.trim() || null, agreed_actions: v.agreed_actions.trim() || null } : {};
    const common = {
      subject: v.subject.trim(),
      description: v.description.trim() || null,
      due_at: fromHelsinkiLocal(v.due),
      duration_minutes: typeof v.duration === 'number' ? v.duration : null,
      keywords,
      participant_ids: participants,
      ...visit,
    };
    try {
      const saved = activity
        ? await unwrap(updateActivity({ path: { activity_id: activity.id }, body: { ...common, status: v.status }, headers: { 'If-Match': etagOf(activity.version) } }))
        : await unwrap(createActivity({ body: { ...common, activity_type_id: typeId }, headers: { 'Idempotency-Key': idempotency.current } }));
      await queryClient.invalidateQueries({ queryKey: ['activities'] });
      await queryClient.invalidateQueries({ queryKey: ['calendar'] });
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="activity-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={() => window.location.reload()} /> : <ErrorAlert error={failure instanceof ApiError && failure.status === 422 ? null : failure} />}
        <Select
          label={t('activities.form.type')}
          description={activity ? t('activities.form.typeFixed') : undefined}
          required
          disabled={!!activity}
          searchable
          data={typeOptions(types.data, i18n.language, typeId)}
          value={typeId}
          onChange={(id) => {
            setTypeId(id);
            setKeywords([]);
          }}
          error={errors.activity_type_id}
          data-testid="activity-type-picker"
        />
        <TextInput label={t('activities.form.subject')} required maxLength={200} value={v.subject} onChange={(e) => set({ subject: e.currentTarget.value })} error={errors.subject} data-testid="activity-subject" />
        <Textarea label={t('activities.form.description')} autosize minRows={2} maxLength={10000} value={v.description} onChange={(e) => set({ description: e.currentTarget.value })} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput type="datetime-local" label={t('activities.form.due')} value={v.due} onChange={(e) => set({ due: e.currentTarget.value })} error={errors.due_at} data-testid="activity-due" />
          <NumberInput label={t('activities.form.duration')} min={0} max={10080} value={v.duration} onChange={(n) => set({ duration: n })} error={errors.duration_minutes} />
          {activity && (
            <Select label={t('activities.form.status')} data={STATUSES.map((s) => ({ value: s, label: t(`activities.status.${s}`) }))} value={v.status} onChange={(s) => s && set({ status: s as (typeof STATUSES)[number] })} allowDeselect={false} error={errors.status} data-testid="activity-status" />
          )}
        </SimpleGrid>
        {type && type.keywords.length > 0 && (
          <MultiSelect label={t('activities.form.keywords')} data={type.keywords.map((k) => ({ value: k.key, label: localName(k, i18n.language) }))} value={keywords} onChange={setKeywords} error={errors.keywords} data-testid="activity-keywords" />
        )}
        <MultiSelect label={t('activities.form.participants')} description={t('activities.form.participantsHint')} searchable data={userOptions} value={participants} onChange={setParticipants} error={errors.participant_ids} data-testid="activity-participants" />
        {type?.is_visit && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea label={t('activities.form.goal')} description={t('activities.form.goalHint')} autosize minRows={3} value={v.goal} onChange={(e) => set({ goal: e.currentTarget.value })} error={errors.goal} data-testid="activity-goal" />
            <Textarea label={t('activities.form.agreedActions')} description={t('activities.form.agreedActionsHint')} autosize minRows={3} value={v.agreed_actions} onChange={(e) => set({ agreed_actions: e.currentTarget.value })} error={errors.agreed_actions} data-testid="activity-agreed-actions" />
          </SimpleGrid>
        )}
        <Group justify="flex-end">
          <Button type="submit" data-testid="activity-save">
            {activity ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ActivityNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Stack maw={900}>
      <Title order={2}>{t('activities.form.newTitle')}</Title>
      <ActivityForm onSaved={(a) => void navigate({ to: '/activities/$activityId', params: { activityId: a.id } })} />
    </Stack>
  );
}

export function ActivityEditPage() {
  const { t } = useTranslation();
  const { activityId } = useParams({ strict: false }) as { activityId: string };
  const activity = useQuery({ queryKey: ['activities', activityId], queryFn: () => unwrap(getActivity({ path: { activity_id: activityId } })) });
  const [saved, setSaved] = useState(false);
  return (
    <Stack maw={900}>
      <Title order={2}>{activity.data?.subject ?? t('activities.form.editTitle')}</Title>
      <ErrorAlert error={activity.error} />
      {saved && <div role="status">{t('activities.form.saved')}</div>}
      {activity.data && <ActivityForm key={activity.data.version} activity={activity.data} onSaved={() => { setSaved(true); void activity.refetch(); }} />}
    </Stack>
  );
}
