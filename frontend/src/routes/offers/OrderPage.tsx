import { Alert, Button, Group, Loader, Modal, Paper, SimpleGrid, Stack, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrapWithResponse } from '../../api/problem';
import { changeOrderStatus, getOrder, type Order } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, todayInHelsinki } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { ActionError } from './ActionError';
import { LinesTable } from './LinesTable';
import { Field } from './Field';
import { RecordHistory } from './RecordHistory';
import { OrderStatusBadge } from './status';

type Target = 'in_delivery' | 'invoiced' | 'cancelled';
export const orderKey = (id: string) => ['orders', id, 'detail'] as const;

function StatusDialog({ order, etag, target, onClose, onDone, onReload }: { order: Order; etag: string | null; target: Target; onClose: () => void; onDone: (o: Order, etag: string | null) => void; onReload: () => void }) {
  const { t } = useTranslation();
  const today = todayInHelsinki();
  const [day, setDay] = useState(today);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (target === 'cancelled' && !reason.trim()) {
      setErrors({ reason: t('offers.errors.required') });
      return;
    }
    setBusy(true);
    try {
      const { data, response } = await unwrapWithResponse(
        changeOrderStatus({ path: { order_id: order.id }, headers: { 'If-Match': etag ?? '*' }, body: { status: target, on: day || null, reason: reason.trim() || null } }),
      );
      onDone(data, response.headers.get('ETag'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }
  const titles: Record<Target, string> = { in_delivery: t('offers.actions.inDelivery'), invoiced: t('offers.actions.invoiced'), cancelled: t('offers.actions.cancelOrder') };
  return (
    <Modal opened onClose={onClose} title={titles[target]}>
      <form onSubmit={submit} noValidate data-testid="order-status-form">
        <Stack>
          <ActionError error={failure} onReload={onReload} kind="order" />
          {target === 'in_delivery' && <Text size="sm">{t('offers.orders.invoiceable')}</Text>}
          {target === 'cancelled' && (
            <Textarea label={t('offers.orders.cancelReason')} required maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-autofocus data-testid="order-status-reason" />
          )}
          <TextInput type="date" label={t('offers.statusChange.on')} max={today} min={order.ordered_on} value={day} onChange={(e) => setDay(e.currentTarget.value)} error={errors.on} data-testid="order-status-on" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="order-status-confirm">
              {t('offers.statusChange.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** An order: its status (ordered → in delivery, when it may be invoiced → invoiced, or
 * cancelled), lines, the offer it came from, and the history. */
export function OrderPage() {
  const { orderId } = useParams({ from: '/app/orders/$orderId' });
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const [target, setTarget] = useState<Target | null>(null);
  const detail = useQuery({
    queryKey: orderKey(orderId),
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getOrder({ path: { order_id: orderId } }));
      return { order: data, etag: response.headers.get('ETag') };
    },
  });
  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loader />;
  const { order: o, etag } = detail.data;
  const language = i18n.language;
  const mayUpdate = permissions.canOn('order', 'update', o);
  const allowed = new Set(o.allowed_statuses);
  function done(order: Order, newEtag: string | null) {
    queryClient.setQueryData(orderKey(orderId), { order, etag: newEtag });
    void queryClient.invalidateQueries({ queryKey: ['orders'], predicate: (q) => q.queryKey[2] !== 'detail' });
    void queryClient.invalidateQueries({ queryKey: ['offers'] });
    void queryClient.invalidateQueries({ queryKey: ['purchase-volume'] });
    setTarget(null);
    notifications.show({ color: 'green', message: t('offers.statusChange.done') });
  }
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <OrderStatusBadge status={o.status} size="lg" />
            <Text c="dimmed" size="sm" data-testid="order-number">
              {o.number}
            </Text>
            {o.external_reference && (
              <Text c="dimmed" size="sm">
                {t('offers.orders.externalReference')}: {o.external_reference}
              </Text>
            )}
          </Group>
          <Title order={2} data-testid="order-title">
            {o.title}
          </Title>
          <Text size="sm" c="dimmed">
            <AnchorLink to="/accounts/$accountId" params={{ accountId: o.account_id }} size="sm">
              {o.account_name}
            </AnchorLink>
            {' · '}
            {t('offers.owner')}: {o.owner_name}
          </Text>
          {o.status_reason && (
            <Text size="sm">
              {t('offers.reason')}: {o.status_reason}
            </Text>
          )}
        </Stack>
        <Stack gap="xs" align="flex-end">
          <Text fw={700} size="xl" data-testid="order-total">
            {formatMoney(o.total, language, { cents: 'always' })}
          </Text>
          {mayUpdate && (
            <Group gap="xs">
              {allowed.has('in_delivery') && (
                <Button color="orange" onClick={() => setTarget('in_delivery')} data-testid="order-in-delivery">
                  {t('offers.actions.inDelivery')}
                </Button>
              )}
              {allowed.has('invoiced') && (
                <Button color="teal" onClick={() => setTarget('invoiced')} data-testid="order-invoiced">
                  {t('offers.actions.invoiced')}
                </Button>
              )}
              {allowed.has('cancelled') && (
                <Button color="gray" variant="light" onClick={() => setTarget('cancelled')} data-testid="order-cancel">
                  {t('offers.actions.cancelOrder')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </Group>
      {o.status === 'in_delivery' && (
        <Alert color="orange" variant="light" data-testid="order-invoiceable">
          {t('offers.orders.invoiceable')}
        </Alert>
      )}
      <Tabs defaultValue="details" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">{t('common.details')}</Tabs.Tab>
          <Tabs.Tab value="history">{t('common.history')}</Tabs.Tab>
        </Tabs.List>
        <Paper withBorder p="md" mt="md">
          <Tabs.Panel value="details">
            <Stack>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Field label={t('offers.orders.orderedOn')}>{formatDate(o.ordered_on, language)}</Field>
                <Field label={t('offers.orders.offer')}>
                  {o.offer_id ? (
                    <AnchorLink to="/offers/$offerId" params={{ offerId: o.offer_id }} size="sm" data-testid="order-offer-link">
                      {o.offer_number}
                    </AnchorLink>
                  ) : (
                    t('offers.orders.direct')
                  )}
                </Field>
                <Field label={t('offers.type')}>{o.offer_type_name}</Field>
                <Field label={t('offers.contact')}>{o.contact_name}</Field>
                <Field label={t('offers.orders.inDeliveryOn')}>{formatDate(o.in_delivery_on, language)}</Field>
                <Field label={t('offers.orders.invoicedOn')}>{formatDate(o.invoiced_on, language)}</Field>
                <Field label={t('offers.orders.cancelledOn')}>{formatDate(o.cancelled_on, language)}</Field>
                <Field label={t('offers.unit')}>{o.business_unit_name}</Field>
              </SimpleGrid>
              <LinesTable lines={o.lines} total={o.total} />
              {o.description && (
                <Field label={t('offers.description')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{o.description}</span>
                </Field>
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <RecordHistory kind="order" id={o.id} />
          </Tabs.Panel>
        </Paper>
      </Tabs>
      {target && <StatusDialog key={target} order={o} etag={etag} target={target} onClose={() => setTarget(null)} onDone={done} onReload={() => void detail.refetch()} />}
    </Stack>
  );
}
