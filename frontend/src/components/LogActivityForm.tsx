import { Button, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap } from '../api/problem';
import { createActivity, type ActivityCreate } from '../api/sdk';
import { fromHelsinkiLocal, helsinkiLocalIn, newIdempotencyKey } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';

export const ACTIVITY_TYPES = ['task', 'phone_call', 'meeting', 'email', 'note'] as const;
type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** What the quick form asks for each type: planned things have a due time, calls a direction. */
const HAS_DUE = new Set<ActivityType>(['task', 'meeting']);
const HAS_DIRECTION = new Set<ActivityType>(['phone_call', 'email']);
const HAS_DURATION = new Set<ActivityType>(['phone_call', 'meeting']);

export interface Regarding {
  type: 'account' | 'contact' | 'service_request';
  id: string;
}

/** "Log activity": a task, call, meeting, email or note about `regarding`, in one short form. */
export function LogActivityForm({ regarding, onDone }: { regarding: Regarding; onDone?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [type, setType] = useState<ActivityType>('phone_call');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [due, setDue] = useState(() => helsinkiLocalIn(24));
  const [direction, setDirection] = useState<string | null>('outgoing');
  const [duration, setDuration] = useState<number | string>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!subject.trim()) {
      setErrors({ subject: t('service.required') });
      return;
    }
    const body: ActivityCreate = {
      type,
      subject: subject.trim(),
      regarding_type: regarding.type,
      regarding_id: regarding.id,
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(HAS_DUE.has(type) && fromHelsinkiLocal(due) ? { due_at: fromHelsinkiLocal(due) } : {}),
      ...(HAS_DIRECTION.has(type) && direction ? { direction: direction as ActivityCreate['direction'] } : {}),
      ...(HAS_DURATION.has(type) && typeof duration === 'number' ? { duration_minutes: duration } : {}),
    };
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      await unwrap(createActivity({ body, headers: { 'Idempotency-Key': idempotencyKey.current } }));
      idempotencyKey.current = newIdempotencyKey();
      setSubject('');
      setDescription('');
      setDuration('');
      await queryClient.invalidateQueries({ queryKey: ['timeline'] });
      void queryClient.invalidateQueries({ queryKey: ['my-work'] });
      notifications.show({ color: 'green', message: t('activity.logged') });
      onDone?.();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} data-testid="log-activity-form">
      <Stack gap="xs">
        <ErrorAlert error={failure instanceof ApiError && failure.status === 422 ? null : failure} />
        <SegmentedControl
          size="xs"
          value={type}
          onChange={(v) => setType(v as ActivityType)}
          data={ACTIVITY_TYPES.map((value) => ({ value, label: t(`activity.types.${value}`) }))}
          aria-label={t('activity.type')}
          data-testid="activity-type"
        />
        <TextInput
          label={t('activity.subject')}
          name="subject"
          required
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={errors.subject}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {HAS_DUE.has(type) && (
            <TextInput type="datetime-local" label={t('activity.due')} name="due_at" value={due} onChange={(e) => setDue(e.currentTarget.value)} error={errors.due_at} />
          )}
          {HAS_DIRECTION.has(type) && (
            <Select
              label={t('activity.direction')}
              data={['outgoing', 'incoming'].map((value) => ({ value, label: t(`activity.directions.${value}`) }))}
              value={direction}
              onChange={setDirection}
              allowDeselect={false}
            />
          )}
          {HAS_DURATION.has(type) && (
            <NumberInput label={t('activity.duration')} name="duration_minutes" min={0} max={10080} value={duration} onChange={setDuration} error={errors.duration_minutes} />
          )}
        </SimpleGrid>
        <Textarea label={t('common.description')} name="description" autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={busy} data-testid="log-activity-save">
            {t('activity.log')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
