import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createSalesProject, getAccount } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { ProjectFields } from './ProjectFields';
import { emptyProject, projectErrors, toCreateBody, type ProjectValues } from './projectForm';

/** New sales project: account (search), type, name, region (the account's by default), value, … */
export function ProjectCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const { account } = useSearch({ from: '/app/sales-projects/new' });
  const [values, setValues] = useState<ProjectValues>({ ...emptyProject, account_id: account ?? null });
  const [regionTouched, setRegionTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());

  /** The region follows the chosen account until the user types one. */
  async function accountChanged(accountId: string | null) {
    if (!accountId || regionTouched) return;
    try {
      const a = await unwrap(getAccount({ path: { account_id: accountId } }));
      setValues((v) => (v.account_id === accountId ? { ...v, region: a.region ?? '' } : v));
    } catch {
      // The region stays as it is; the server defaults it from the account anyway.
    }
  }
  useEffect(() => {
    if (account) void accountChanged(account);
    // Only for the account given in the address.
  }, [account]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = projectErrors(values, { creating: true });
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await unwrap(createSalesProject({ body: toCreateBody(values), headers: { 'Idempotency-Key': idempotencyKey.current } }));
      void queryClient.invalidateQueries({ queryKey: ['sales-projects'] });
      notifications.show({ color: 'green', message: t('sales.created') });
      void navigate({ to: '/sales-projects/$projectId', params: { projectId: created.id } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  if (permissions.me && !permissions.can('sales_project', 'create')) {
    return (
      <Alert color="red" role="alert" data-testid="forbidden">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  return (
    <Paper withBorder p="lg" maw={1000}>
      <form onSubmit={submit} noValidate data-testid="project-create-form">
        <Stack>
          <Title order={2}>{t('sales.new')}</Title>
          <ErrorAlert error={failure} />
          <ProjectFields
            creating
            values={values}
            errors={errors}
            onChange={(patch) => {
              if ('region' in patch) setRegionTouched(true);
              setValues((v) => ({ ...v, ...patch }));
            }}
            onAccountChange={(id) => void accountChanged(id)}
          />
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/sales-projects">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="project-save">
              {t('sales.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
