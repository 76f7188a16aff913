import { Button, Checkbox, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, useUserName } from '../../api/lookups';
import { ApiError } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteSelect } from '../../components/RemoteSelect';
import type { ProjectStage } from './model';

/** A small modal form: fields, error handling (422 → fields), cancel and confirm. */
function DialogForm({ opened, title, onClose, onSubmit, children, confirm, testId }: {
  opened: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  children: (errors: Record<string, string>) => ReactNode;
  confirm: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) {
      setErrors({});
      setFailure(null);
    }
  }, [opened]);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setErrors({});
    try {
      await onSubmit();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      if (e instanceof Error && e.name === 'LocalCheck') setErrors(JSON.parse(e.message) as Record<string, string>);
      else setFailure(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened={opened} onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {opened && (
        <form onSubmit={submit} noValidate data-testid={testId}>
          <Stack>
            <ErrorAlert error={failure} />
            {children(errors)}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} data-testid={`${testId}-confirm`}>
                {confirm}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** Throws a field error the dialog shows without calling the server. */
function refuse(field: string, message: string): never {
  const error = new Error(JSON.stringify({ [field]: message }));
  error.name = 'LocalCheck';
  throw error;
}

export function SkipDialog({ stage, onClose, onSkip }: { stage: ProjectStage | null; onClose: () => void; onSkip: (reason: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  useEffect(() => setReason(''), [stage]);
  return (
    <DialogForm
      opened={stage !== null}
      title={`${t('sales.skipTitle')}: ${stage?.name ?? ''}`}
      onClose={onClose}
      confirm={t('sales.skip')}
      testId="skip-form"
      onSubmit={async () => {
        if (!reason.trim()) refuse('reason', t('sales.errors.required'));
        await onSkip(reason.trim());
      }}
    >
      {(errors) => (
        <Textarea label={t('sales.skipReason')} required autosize minRows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-testid="skip-reason" data-autofocus />
      )}
    </DialogForm>
  );
}

export interface InsertValues {
  name: string;
  responsible_user_id: string | null;
  due_date: string;
  is_customer_service: boolean;
  checklist: string[];
}

const EMPTY_INSERT: InsertValues = { name: '', responsible_user_id: null, due_date: '', is_customer_service: false, checklist: [] };

export function InsertDialog({ after, onClose, onInsert }: { after: ProjectStage | null; onClose: () => void; onInsert: (values: InsertValues) => Promise<void> }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<InsertValues>(EMPTY_INSERT);
  const [checklist, setChecklist] = useState('');
  const responsibleName = useUserName(values.responsible_user_id);
  // Each opening starts empty.
  useEffect(() => {
    setValues(EMPTY_INSERT);
    setChecklist('');
  }, [after]);
  return (
    <DialogForm
      opened={after !== null}
      title={`${t('sales.insertTitle')} · ${t('sales.insertAfterStage', { stage: after?.name ?? '' })}`}
      onClose={onClose}
      confirm={t('sales.insertTitle')}
      testId="insert-form"
      onSubmit={async () => {
        if (!values.name.trim()) refuse('name', t('sales.errors.required'));
        await onInsert({ ...values, name: values.name.trim(), checklist: checklist.split('\n').map((s) => s.trim()).filter(Boolean) });
      }}
    >
      {(errors) => (
        <>
          <TextInput label={t('sales.stageName')} required maxLength={200} value={values.name} onChange={(e) => setValues({ ...values, name: e.currentTarget.value })} error={errors.name} data-testid="insert-name" data-autofocus />
          <RemoteSelect kind="users" label={t('sales.responsible')} clearable value={values.responsible_user_id} selectedLabel={responsibleName} onChange={(v) => setValues({ ...values, responsible_user_id: v })} search={searchUsers} error={errors.responsible_user_id} />
          <TextInput type="date" label={t('sales.dueDate')} value={values.due_date} onChange={(e) => setValues({ ...values, due_date: e.currentTarget.value })} error={errors.due_date} />
          <Checkbox label={t('sales.customerServiceStage')} checked={values.is_customer_service} onChange={(e) => setValues({ ...values, is_customer_service: e.currentTarget.checked })} />
          <Textarea label={t('sales.checklist')} description={t('projectTypes.checklistHint')} autosize minRows={2} value={checklist} onChange={(e) => setChecklist(e.currentTarget.value)} error={errors.checklist} />
        </>
      )}
    </DialogForm>
  );
}

export interface StageEditValues {
  responsible_user_id: string | null;
  due_date: string;
  note: string;
}

/** Responsible, due date and note of a stage; only what changed is sent. */
export function StageEditDialog({ stage, onClose, onSave }: { stage: ProjectStage | null; onClose: () => void; onSave: (changes: Record<string, unknown>) => Promise<void> }) {
  const { t } = useTranslation();
  const initial = (s: ProjectStage | null): StageEditValues => ({ responsible_user_id: s?.responsible_user_id ?? null, due_date: s?.due_date ?? '', note: s?.note ?? '' });
  const [values, setValues] = useState<StageEditValues>(initial(stage));
  const responsibleName = useUserName(values.responsible_user_id);
  useEffect(() => {
    setValues(initial(stage));
  }, [stage]);
  return (
    <DialogForm
      opened={stage !== null}
      title={`${t('sales.editStage')}: ${stage?.name ?? ''}`}
      onClose={onClose}
      confirm={t('common.save')}
      testId="stage-edit-form"
      onSubmit={async () => {
        const before = initial(stage);
        const changes: Record<string, unknown> = {};
        if (values.responsible_user_id !== before.responsible_user_id && values.responsible_user_id) changes.responsible_user_id = values.responsible_user_id;
        if (values.due_date !== before.due_date) changes.due_date = values.due_date || null;
        if (values.note.trim() !== before.note.trim()) changes.note = values.note.trim() || null;
        if (Object.keys(changes).length === 0) {
          onClose();
          return;
        }
        await onSave(changes);
      }}
    >
      {(errors) => (
        <>
          {stage?.responsible_team_name && !values.responsible_user_id && (
            <Text size="sm">
              {t('sales.responsible')}: {stage.responsible_team_name}
            </Text>
          )}
          <RemoteSelect kind="users" label={t('sales.responsible')} value={values.responsible_user_id} selectedLabel={responsibleName ?? stage?.responsible_user_name ?? undefined} onChange={(v) => setValues({ ...values, responsible_user_id: v })} search={searchUsers} error={errors.responsible_user_id} data-testid="stage-edit-responsible" />
          <TextInput type="date" label={t('sales.dueDate')} value={values.due_date} onChange={(e) => setValues({ ...values, due_date: e.currentTarget.value })} error={errors.due_date} data-testid="stage-edit-due" />
          <Textarea label={t('common.note')} autosize minRows={2} maxLength={2000} value={values.note} onChange={(e) => setValues({ ...values, note: e.currentTarget.value })} error={errors.note} />
        </>
      )}
    </DialogForm>
  );
}
