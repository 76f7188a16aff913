import { Alert, Button, Group, Menu, Modal, NumberInput, Select, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrapWithResponse } from '../../api/problem';
import { changeServiceRequestStatus, reopenServiceRequest, type ServiceRequest, type StatusReason } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isOpenStatus, OPEN_STATUSES, statusMenuItems } from './status';

export type Saved = (request: ServiceRequest, etag: string | null) => void;

/** The states a refused change lists (problem+json `allowed` of a 409), or null. */
export function allowedFromProblem(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const allowed = error.problem.allowed;
  return Array.isArray(allowed) ? allowed.filter((s): s is string => typeof s === 'string') : null;
}

/** Why a change failed: the allowed states of a 409, the reload prompt of a 412, or the problem. */
export function TransitionError({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation();
  const allowed = allowedFromProblem(error);
  if (allowed) {
    return (
      <Alert color="red" role="alert" data-testid="transition-refused">
        {allowed.length > 0
          ? t('service.transitionRefused', { allowed: allowed.map((s) => t(`status.${s}`)).join(', ') })
          : t('service.transitionRefusedNone')}
      </Alert>
    );
  }
  if (error instanceof ApiError && error.status === 412) return <ConflictAlert onReload={onReload} />;
  return <ErrorAlert error={error} />;
}

interface Props {
  request: ServiceRequest;
  etag: string | null;
  onSaved: Saved;
  onReload: () => void;
}

/** "Change status" menu: only the transitions the server allows now; a note is optional. */
export function StatusMenu({ request, etag, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [satisfaction, setSatisfaction] = useState<number | string>(request.satisfaction ?? '');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const items = statusMenuItems(request.status_reason, request.allowed_transitions);

  function choose(status: string) {
    setTarget(status);
    setNote('');
    setFailure(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!target) return;
    setBusy(true);
    setFailure(null);
    try {
      const { data, response } = await unwrapWithResponse(
        changeServiceRequestStatus({
          path: { request_id: request.id },
          body: {
            status_reason: target as StatusReason,
            ...(note.trim() ? { note: note.trim() } : {}),
            ...(!isOpenStatus(target) && typeof satisfaction === 'number' ? { satisfaction } : {}),
          },
          headers: { 'If-Match': etag ?? '*' },
        }),
      );
      setTarget(null);
      onSaved(data, response.headers.get('ETag'));
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="light" data-testid="change-status" disabled={items.length === 0}>
            {t('service.changeStatus')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid="status-menu">
          {items.length === 0 && <Menu.Label>{t('service.noTransitions')}</Menu.Label>}
          {items.map((s) => (
            <Menu.Item key={s} onClick={() => choose(s)} data-testid={`status-option-${s}`}>
              {t(`status.${s}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={target !== null}
        onClose={() => setTarget(null)}
        title={target ? t('service.statusChanged', { status: t(`status.${target}`) }) : ''}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={submit} data-testid="status-form">
          <Stack>
            {failure !== null && <TransitionError error={failure} onReload={onReload} />}
            <Textarea label={t('common.note')} name="note" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-autofocus />
            {target && !isOpenStatus(target) && (
              <NumberInput label={t('service.satisfaction')} min={1} max={5} placeholder={t('service.satisfactionNone')} value={satisfaction} onChange={setSatisfaction} />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTarget(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} data-testid="status-confirm">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Reopening a closed request: explicit, with a note saying why (it goes to the log). */
export function ReopenButton({ request, etag, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<string>('in_progress');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!note.trim()) {
      setError(t('service.required'));
      return;
    }
    setBusy(true);
    setError(null);
    setFailure(null);
    try {
      const { data, response } = await unwrapWithResponse(
        reopenServiceRequest({
          path: { request_id: request.id },
          body: { note: note.trim(), status_reason: status as StatusReason },
          headers: { 'If-Match': etag ?? '*' },
        }),
      );
      setOpened(false);
      setNote('');
      onSaved(data, response.headers.get('ETag'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setError(e.fieldErrors().note ?? null);
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant="light" color="orange" onClick={() => setOpened(true)} data-testid="reopen">
        {t('service.reopen')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('service.reopen')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form onSubmit={submit} data-testid="reopen-form">
          <Stack>
            {failure !== null && !(failure instanceof ApiError && failure.status === 422) && <TransitionError error={failure} onReload={onReload} />}
            <Textarea label={t('service.reopenNote')} name="note" required autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={error} data-autofocus />
            <Select
              label={t('service.statusReason')}
              data={OPEN_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
              value={status}
              onChange={(v) => setStatus(v ?? 'in_progress')}
              allowDeselect={false}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} data-testid="reopen-confirm">
                {t('service.reopen')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
