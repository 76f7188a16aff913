import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrapWithResponse } from '../../api/problem';
import { changeSalesProjectStatus } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { todayInHelsinki } from '../../lib/format';
import type { ProjectStatus, SalesProject } from './model';

const BUTTONS: Record<ProjectStatus, { label: string; color: string; variant: string }> = {
  won: { label: 'sales.markWon', color: 'teal', variant: 'light' },
  lost: { label: 'sales.markLost', color: 'red', variant: 'light' },
  cancelled: { label: 'sales.cancel', color: 'gray', variant: 'light' },
  open: { label: 'sales.reopen', color: 'blue', variant: 'light' },
};

/** Reasons are required for lost, cancelled and reopening (the server says the same). */
export function reasonRequired(status: ProjectStatus): boolean {
  return status !== 'won';
}

/** Won / lost / cancel / reopen: only what the server allows now (`allowed_statuses`). */
export function ProjectStatusActions({ project, etag, onSaved, onConflict }: {
  project: SalesProject;
  etag: string | null;
  onSaved: (project: SalesProject, etag: string | null) => void;
  onConflict: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const today = todayInHelsinki();
  const [target, setTarget] = useState<ProjectStatus | null>(null);
  const [reason, setReason] = useState('');
  const [closedOn, setClosedOn] = useState(today);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  function choose(status: ProjectStatus) {
    setTarget(status);
    setReason('');
    setClosedOn(today);
    setErrors({});
    setFailure(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!target) return;
    const found: Record<string, string> = {};
    if (reasonRequired(target) && !reason.trim()) found.reason = t('sales.errors.required');
    if (target !== 'open' && closedOn > today) found.closed_on = t('sales.errors.futureDate');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      const { data, response } = await unwrapWithResponse(
        changeSalesProjectStatus({
          path: { project_id: project.id },
          body: { status: target, ...(reason.trim() ? { reason: reason.trim() } : {}), ...(target !== 'open' && closedOn ? { closed_on: closedOn } : {}) },
          headers: { 'If-Match': etag ?? '*' },
        }),
      );
      setTarget(null);
      onSaved(data, response.headers.get('ETag'));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 412 || e.status === 409)) {
        setTarget(null);
        onConflict(e);
      } else {
        if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
        setFailure(e);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {project.allowed_statuses.map((status) => (
        <Button key={status} color={BUTTONS[status].color} variant={BUTTONS[status].variant} onClick={() => choose(status)} data-testid={`status-${status}`}>
          {t(BUTTONS[status].label)}
        </Button>
      ))}
      <Modal opened={target !== null} onClose={() => setTarget(null)} title={target ? t(`sales.statusTitle.${target}`) : ''} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {target && (
          <form onSubmit={submit} noValidate data-testid="status-form">
            <Stack>
              <ErrorAlert error={failure} />
              {target !== 'open' && (
                <TextInput type="date" label={t('sales.statusDate')} required max={today} value={closedOn} onChange={(e) => setClosedOn(e.currentTarget.value)} error={errors.closed_on} data-testid="status-date" />
              )}
              <Textarea label={t('sales.reason')} required={reasonRequired(target)} autosize minRows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-testid="status-reason" data-autofocus />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setTarget(null)}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" color={BUTTONS[target].color} loading={busy} data-testid="status-confirm">
                  {t(BUTTONS[target].label)}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
