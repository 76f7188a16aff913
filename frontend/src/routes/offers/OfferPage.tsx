import { Alert, Anchor, Button, Group, Loader, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrapWithResponse } from '../../api/problem';
import { getOffer, updateOffer, type Offer, type OfferAcceptance } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { LinesTable } from './LinesTable';
import { localName } from './lookups';
import { OfferActionDialog, type OfferAction } from './OfferActions';
import { OfferFields } from './OfferFields';
import { changedOfferFields, offerErrors, valuesFromOffer, type OfferValues } from './offerForm';
import { Field } from './Field';
import { RecordHistory } from './RecordHistory';
import { OfferStatusBadge, OrderStatusBadge } from './status';

export const offerKey = (id: string) => ['offers', id, 'detail'] as const;

function EditForm({ offer, etag, onSaved, onCancel, onReload }: { offer: Offer; etag: string | null; onSaved: (o: Offer, etag: string | null) => void; onCancel: () => void; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const [initial] = useState(() => valuesFromOffer(offer, i18n.language));
  const [values, setValues] = useState<OfferValues>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = offerErrors(values, { creating: false });
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    const body = changedOfferFields(initial, values);
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      const { data, response } = await unwrapWithResponse(updateOffer({ path: { offer_id: offer.id }, body, headers: { 'If-Match': etag ?? '*' } }));
      onSaved(data, response.headers.get('ETag'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate data-testid="offer-edit-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={onReload} /> : <ErrorAlert error={failure} />}
        <OfferFields creating={false} values={values} errors={errors} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} labels={{ contact: offer.contact_name, activity: offer.activity_subject }} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="offer-edit-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** An offer: header with its status actions (accepted → the order is created and linked,
 * lost with a reason, cancelled, reopened), its lines, attachments, and the history. */
export function OfferPage() {
  const { offerId } = useParams({ from: '/app/offers/$offerId' });
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const [editing, setEditing] = useState(false);
  const [editKey, setEditKey] = useState(0);
  const [action, setAction] = useState<OfferAction | null>(null);
  const detail = useQuery({
    queryKey: offerKey(offerId),
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getOffer({ path: { offer_id: offerId } }));
      return { offer: data, etag: response.headers.get('ETag') };
    },
  });
  const reload = () => void detail.refetch().then(() => setEditKey((k) => k + 1));

  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loader />;
  const { offer: o, etag } = detail.data;
  const language = i18n.language;
  const mayUpdate = permissions.canOn('offer', 'update', o);
  const allowed = new Set(o.allowed_statuses);

  function saved(offer: Offer, newEtag: string | null, acceptance?: OfferAcceptance) {
    queryClient.setQueryData(offerKey(offerId), { offer, etag: newEtag });
    void queryClient.invalidateQueries({ queryKey: ['offers'], predicate: (q) => q.queryKey[2] !== 'detail' });
    void queryClient.invalidateQueries({ queryKey: ['orders'] });
    void queryClient.invalidateQueries({ queryKey: ['purchase-volume'] });
    setAction(null);
    setEditing(false);
    notifications.show({ color: 'green', message: acceptance ? t('offers.accept.done', { number: acceptance.order.number }) : t('common.saved') });
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <OfferStatusBadge status={o.status} expired={o.is_expired} size="lg" />
            <Text c="dimmed" size="sm" data-testid="offer-number">
              {o.number}
            </Text>
            <Text c="dimmed" size="sm">
              {o.offer_type_name ? localName({ name: o.offer_type_name, name_en: o.offer_type_name_en, name_sv: o.offer_type_name_sv }, language) : ''}
            </Text>
          </Group>
          <Title order={2} data-testid="offer-title">
            {o.title}
          </Title>
          <Text size="sm" c="dimmed">
            <AnchorLink to="/accounts/$accountId" params={{ accountId: o.account_id }} size="sm" data-testid="offer-account-link">
              {o.account_name}
            </AnchorLink>
            {' · '}
            {t('offers.owner')}: {o.owner_name}
          </Text>
          {o.status_reason && (
            <Text size="sm" data-testid="offer-reason">
              {t('offers.reason')}: {o.status_reason}
            </Text>
          )}
        </Stack>
        <Stack gap="xs" align="flex-end">
          <Text fw={700} size="xl" data-testid="offer-total">
            {formatMoney(o.total, language, { cents: 'always' })}
          </Text>
          {mayUpdate && !editing && (
            <Group gap="xs">
              {allowed.has('won') && permissions.can('order', 'create') && (
                <Button color="teal" onClick={() => setAction('accept')} data-testid="offer-accept">
                  {t('offers.actions.accept')}
                </Button>
              )}
              {allowed.has('lost') && (
                <Button color="red" variant="light" onClick={() => setAction('lose')} data-testid="offer-lose">
                  {t('offers.actions.lose')}
                </Button>
              )}
              {allowed.has('cancelled') && (
                <Button color="gray" variant="light" onClick={() => setAction('cancel')} data-testid="offer-cancel">
                  {t('offers.actions.cancel')}
                </Button>
              )}
              {allowed.has('open') && (
                <Button variant="light" onClick={() => setAction('reopen')} data-testid="offer-reopen">
                  {t('offers.actions.reopen')}
                </Button>
              )}
              {o.status === 'open' && (
                <Button variant="default" onClick={() => setEditing(true)} data-testid="offer-edit">
                  {t('common.edit')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </Group>
      {o.order && (
        <Alert color="teal" variant="light" data-testid="offer-order">
          <Group gap="sm">
            <AnchorLink to="/orders/$orderId" params={{ orderId: o.order.id }} data-testid="offer-order-link">
              {t('offers.accept.openOrder', { number: o.order.number })}
            </AnchorLink>
            <OrderStatusBadge status={o.order.status} />
          </Group>
        </Alert>
      )}
      <Tabs defaultValue="details" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">{t('common.details')}</Tabs.Tab>
          <Tabs.Tab value="history" data-testid="tab-offer-history">
            {t('common.history')}
          </Tabs.Tab>
        </Tabs.List>
        <Paper withBorder p="md" mt="md">
          <Tabs.Panel value="details">
            {editing ? (
              <EditForm key={editKey} offer={o} etag={etag} onSaved={(offer, tag) => saved(offer, tag)} onCancel={() => setEditing(false)} onReload={reload} />
            ) : (
              <Stack>
                <SimpleGrid cols={{ base: 2, sm: 4 }}>
                  <Field label={t('offers.offeredOn')}>{formatDate(o.offered_on, language)}</Field>
                  <Field label={t('offers.validUntil')} testId="offer-valid-until">
                    {formatDate(o.valid_until, language)}
                  </Field>
                  <Field label={t('offers.contact')}>{o.contact_name}</Field>
                  <Field label={t('offers.unit')}>{o.business_unit_name}</Field>
                  <Field label={t('offers.activity')}>{o.activity_subject}</Field>
                  <Field label={t('offers.closedOn')}>{formatDate(o.closed_on, language)}</Field>
                </SimpleGrid>
                <LinesTable lines={o.lines} total={o.total} />
                <div>
                  <Text size="xs" c="dimmed">
                    {t('offers.attachments')}
                  </Text>
                  {o.attachments.length === 0 ? (
                    <Text size="sm">{t('offers.noAttachments')}</Text>
                  ) : (
                    <Stack gap={2} data-testid="offer-attachment-links">
                      {o.attachments.map((a) => (
                        <Anchor key={a.url} href={a.url} target="_blank" rel="noopener noreferrer" size="sm">
                          {a.name}
                        </Anchor>
                      ))}
                    </Stack>
                  )}
                </div>
                {o.description && (
                  <Field label={t('offers.description')}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{o.description}</span>
                  </Field>
                )}
              </Stack>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <RecordHistory kind="offer" id={o.id} />
          </Tabs.Panel>
        </Paper>
      </Tabs>
      {action && (
        <OfferActionDialog key={action} offer={o} etag={etag} action={action} onClose={() => setAction(null)} onDone={saved} onReload={reload} />
      )}
    </Stack>
  );
}
