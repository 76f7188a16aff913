import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, useUserName } from '../../api/lookups';
import { ApiError } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteSelect } from '../../components/RemoteSelect';
import { todayInHelsinki } from '../../lib/format';
import { completionErrors, type CompletionValues } from './completion';

export interface CompletionTarget {
  projectName: string;
  stageName: string;
  /** The stage that becomes current, if any. */
  nextStageName: string | null;
  /** Prefilled next responsible: the template default for the region, else the owner. */
  nextResponsibleId: string | null;
}

interface Props {
  target: CompletionTarget | null;
  onClose: () => void;
  onSubmit: (values: CompletionValues) => Promise<void>;
}

/** "Mark done": the completion date (required, today by default, never in the future), a note and the next responsible. */
export function CompletionDialog({ target, onClose, onSubmit }: Props) {
  const { t } = useTranslation();
  const today = todayInHelsinki();
  const [values, setValues] = useState<CompletionValues>({ completed_on: today, note: '', next_responsible_id: null });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const responsibleName = useUserName(values.next_responsible_id);

  useEffect(() => {
    if (target) {
      setValues({ completed_on: todayInHelsinki(), note: '', next_responsible_id: target.nextResponsibleId });
      setErrors({});
      setFailure(null);
    }
  }, [target]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = completionErrors(values, today);
    setErrors(Object.fromEntries(Object.entries(found).map(([k, v]) => [k, t(v)])));
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={target !== null} onClose={onClose} title={t('sales.completeStageTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {target && (
        <form onSubmit={submit} noValidate data-testid="completion-form">
          <Stack>
            <Text size="sm">
              <b>{target.projectName}</b> · {target.stageName} → {t('sales.stageStatus.done')}
            </Text>
            <ErrorAlert error={failure} />
            <TextInput
              type="date"
              label={t('sales.completedOn')}
              name="completed_on"
              required
              max={today}
              value={values.completed_on}
              onChange={(e) => {
                const completed_on = e.currentTarget.value;
                setValues((v) => ({ ...v, completed_on }));
              }}
              error={errors.completed_on}
              data-testid="completion-date"
              data-autofocus
            />
            <Textarea
              label={t('common.note')}
              name="note"
              autosize
              minRows={2}
              maxLength={2000}
              value={values.note}
              onChange={(e) => {
                const note = e.currentTarget.value;
                setValues((v) => ({ ...v, note }));
              }}
              error={errors.note}
              data-testid="completion-note"
            />
            {target.nextStageName ? (
              <RemoteSelect
                kind="users"
                label={t('sales.nextResponsible', { stage: target.nextStageName })}
                name="next_responsible_id"
                value={values.next_responsible_id}
                selectedLabel={responsibleName}
                onChange={(next_responsible_id) => setValues((v) => ({ ...v, next_responsible_id }))}
                search={searchUsers}
                clearable
                error={errors.next_responsible_id ?? errors.responsible_user_id}
                description={t('sales.nextResponsibleHint')}
                data-testid="completion-responsible"
              />
            ) : (
              <Text size="sm" c="dimmed">
                {t('sales.lastStage')}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} data-testid="completion-confirm">
                {t('sales.markDone')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
