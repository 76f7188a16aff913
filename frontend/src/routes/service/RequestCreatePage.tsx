import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createServiceRequest } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { emptyRequest, RequestFields, toRequestBody, type RequestValues } from './RequestFields';

/** The full new-request form, grouped General / Classification / Details. */
export function RequestCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const [values, setValues] = useState<RequestValues>(emptyRequest);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!values.title.trim()) missing.title = t('service.required');
    if (!values.subject_id) missing.subject_id = t('service.required');
    setErrors(missing);
    setFailure(null);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const created = await unwrap(createServiceRequest({ body: toRequestBody(values), headers: { 'Idempotency-Key': idempotencyKey.current } }));
      void queryClient.invalidateQueries({ queryKey: ['service-requests'] });
      void queryClient.invalidateQueries({ queryKey: ['views'] });
      notifications.show({ color: 'green', message: `${t('common.created')}: ${created.number}` });
      void navigate({ to: '/service-requests/$requestId', params: { requestId: created.id } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  if (permissions.me && !permissions.can('service_request', 'create')) {
    return (
      <Alert color="red" role="alert" data-testid="forbidden">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  return (
    <Paper withBorder p="lg" maw={1100}>
      <form onSubmit={submit} noValidate data-testid="request-create-form">
        <Stack>
          <Title order={2}>{t('service.new')}</Title>
          <ErrorAlert error={failure} />
          <RequestFields values={values} errors={errors} onChange={(p) => setValues((v) => ({ ...v, ...p }))} />
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/service-requests">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="request-save">
              {t('service.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
