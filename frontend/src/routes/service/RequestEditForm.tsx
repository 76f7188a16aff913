import { Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrapWithResponse } from '../../api/problem';
import { updateServiceRequest, type ServiceRequest, type ServiceRequestUpdate } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RequestFields, toRequestBody, valuesFromRequest, type RequestValues } from './RequestFields';

interface Props {
  request: ServiceRequest;
  etag: string | null;
  onSaved: (request: ServiceRequest, etag: string | null) => void;
  onCancel: () => void;
  onReload: () => void;
}

/** The changed fields only, with If-Match; the status is changed through its own action. */
export function changedFields(before: RequestValues, after: RequestValues): Record<string, unknown> {
  const a = toRequestBody(before) as Record<string, unknown>;
  const b = toRequestBody(after) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === 'status_reason') continue;
    if (JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null)) patch[key] = b[key] ?? null;
  }
  return patch;
}

export function RequestEditForm({ request, etag, onSaved, onCancel, onReload }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<RequestValues>(() => valuesFromRequest(request));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const patch = changedFields(valuesFromRequest(request), values);
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const { data, response } = await unwrapWithResponse(
        updateServiceRequest({
          path: { request_id: request.id },
          body: patch as ServiceRequestUpdate,
          headers: { 'If-Match': etag ?? '*' },
        }),
      );
      onSaved(data, response.headers.get('ETag'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const conflict = failure instanceof ApiError && failure.status === 412;
  return (
    <form onSubmit={submit} data-testid="request-edit-form">
      <Stack>
        {conflict ? <ConflictAlert onReload={onReload} /> : <ErrorAlert error={failure} />}
        <RequestFields editing values={values} errors={errors} onChange={(p) => setValues((v) => ({ ...v, ...p }))} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="request-edit-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
