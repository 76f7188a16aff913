import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createOffer } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { OfferFields } from './OfferFields';
import { emptyOffer, offerErrors, toCreateBody, type OfferValues } from './offerForm';

/** A new offer (from the offer list, or the account page with ?account=…). */
export function OfferCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const { account } = useSearch({ from: '/app/offers/new' });
  const [values, setValues] = useState<OfferValues>(() => emptyOffer(account ?? null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // One key per form: a double submit or a retry after a lost answer makes one offer.
  const idempotencyKey = useRef(newIdempotencyKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = offerErrors(values, { creating: true });
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await unwrap(createOffer({ body: toCreateBody(values), headers: { 'Idempotency-Key': idempotencyKey.current } }));
      void queryClient.invalidateQueries({ queryKey: ['offers'] });
      notifications.show({ color: 'green', message: t('offers.created') });
      void navigate({ to: '/offers/$offerId', params: { offerId: created.id } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  if (permissions.me && !permissions.can('offer', 'create')) {
    return (
      <Alert color="red" role="alert" data-testid="forbidden">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  return (
    <Paper withBorder p="lg" maw={1200}>
      <form onSubmit={submit} noValidate data-testid="offer-create-form">
        <Stack>
          <Title order={2}>{t('offers.new')}</Title>
          <ErrorAlert error={failure} />
          <OfferFields creating values={values} errors={errors} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} />
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/offers">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="offer-save">
              {t('offers.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
