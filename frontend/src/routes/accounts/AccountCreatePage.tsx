import { AnchorLink } from '../../components/AnchorLink';
import { Alert, Button, Group, List, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createAccount, findAccountDuplicates, type AccountCreate } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isValidBusinessId, newIdempotencyKey } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { AccountFields, emptyAccount, type AccountValues } from './AccountFields';
import { orNull } from './options';

export function toAccountBody(v: AccountValues): AccountCreate {
  const hasAddress = [v.street, v.postal_code, v.city].some((s) => s.trim() !== '');
  return {
    name: v.name.trim(),
    business_id: orNull(v.business_id),
    type: v.type as AccountCreate['type'],
    status: v.status as AccountCreate['status'],
    region: orNull(v.region),
    municipality: orNull(v.municipality),
    phone: orNull(v.phone),
    email: orNull(v.email),
    website: orNull(v.website),
    visiting_address: hasAddress
      ? { street: orNull(v.street), postal_code: orNull(v.postal_code), city: orNull(v.city), country: v.country.trim() || 'FI' }
      : null,
    account_manager_id: v.account_manager_id,
    parent_id: v.parent_id,
    // Left empty, the server makes the creator the owner, in the owner's business unit.
    ...(v.owner_id ? { owner_id: v.owner_id } : {}),
    ...(v.business_unit_id ? { business_unit_id: v.business_unit_id } : {}),
  } as AccountCreate;
}

export function AccountCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<AccountValues>(emptyAccount);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [existingId, setExistingId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const permissions = usePermissions();

  const name = useDebounced(values.name.trim(), 400);
  const businessId = useDebounced(values.business_id.trim(), 400);
  const duplicates = useQuery({
    queryKey: ['accounts', 'duplicates', name, businessId],
    queryFn: () =>
      unwrap(findAccountDuplicates({ query: { ...(name ? { name } : {}), ...(businessId ? { business_id: businessId } : {}) } })),
    enabled: name.length >= 3 || isValidBusinessId(businessId),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const clientErrors: Record<string, string> = {};
    if (values.business_id.trim() && !isValidBusinessId(values.business_id)) clientErrors.business_id = t('account.invalidBusinessId');
    setErrors(clientErrors);
    setFailure(null);
    setExistingId(null);
    if (Object.keys(clientErrors).length > 0) return;
    setBusy(true);
    try {
      const created = await unwrap(
        createAccount({ body: toAccountBody(values), headers: { 'Idempotency-Key': newIdempotencyKey() } }),
      );
      await queryClient.invalidateQueries({ queryKey: ['accounts'] });
      notifications.show({ color: 'green', message: t('common.created') });
      void navigate({ to: '/accounts/$accountId', params: { accountId: created.id } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      if (e instanceof ApiError && e.status === 409) {
        setExistingId(typeof e.problem.existing_id === 'string' ? e.problem.existing_id : null);
        setErrors({ business_id: t('account.duplicateExists') });
      }
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const candidates = duplicates.data?.items ?? [];
  if (permissions.me && !permissions.can('account', 'create')) {
    return (
      <Alert color="red" role="alert" data-testid="forbidden">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  return (
    <Paper withBorder p="lg" maw={900}>
      <form onSubmit={submit} noValidate={false} data-testid="account-create-form">
        <Stack>
          <Title order={2}>{t('account.new')}</Title>
          {candidates.length > 0 && (
            <Alert color="yellow" title={t('account.duplicatesTitle')} data-testid="duplicate-warning">
              {t('account.duplicatesHint')}
              <List size="sm" mt="xs">
                {candidates.map((c) => (
                  <List.Item key={c.id}>
                    <AnchorLink to="/accounts/$accountId" params={{ accountId: c.id }}>
                      {c.name}
                    </AnchorLink>{' '}
                    {c.business_id ?? ''}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {failure instanceof ApiError && failure.status === 409 ? (
            <Alert color="red" role="alert" title={t('account.duplicateExists')} data-testid="conflict-409">
              {failure.problem.detail}{' '}
              {existingId && (
                <AnchorLink to="/accounts/$accountId" params={{ accountId: existingId }}>
                  {t('account.openExisting')}
                </AnchorLink>
              )}
            </Alert>
          ) : (
            <ErrorAlert error={failure} />
          )}
          <AccountFields values={values} errors={errors} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} />
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/accounts">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="account-save">
              {t('account.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
