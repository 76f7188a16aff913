import { Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useDirectoryNames } from '../../api/lookups';
import { unwrap } from '../../api/problem';
import { getOfferHistory, getOrderHistory, type HistoryEntry } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';

/** Field → its label in the offers area's strings. */
const LABELS: Record<string, string> = {
  title: 'offers.offerTitle',
  description: 'offers.description',
  offer_type_id: 'offers.type',
  contact_id: 'offers.contact',
  offered_on: 'offers.offeredOn',
  valid_until: 'offers.validUntil',
  ordered_on: 'offers.orders.orderedOn',
  total: 'offers.total',
  lines: 'offers.lines.title',
  attachments: 'offers.attachments',
  activity_id: 'offers.activity',
  status: 'offers.status',
  status_reason: 'offers.reason',
  closed_on: 'offers.closedOn',
  order_id: 'offers.order',
  owner_id: 'offers.owner',
  business_unit_id: 'offers.unit',
  external_reference: 'offers.orders.externalReference',
  in_delivery_on: 'offers.orders.inDeliveryOn',
  invoiced_on: 'offers.orders.invoicedOn',
  cancelled_on: 'offers.orders.cancelledOn',
};
const LISTS = new Set(['lines', 'attachments']);

/** The field history of an offer or an order: who changed what, when. */
export function RecordHistory({ kind, id }: { kind: 'offer' | 'order'; id: string }) {
  const { t, i18n } = useTranslation();
  const names = useDirectoryNames();
  const history = useQuery({
    queryKey: [kind === 'offer' ? 'offers' : 'orders', id, 'history'],
    queryFn: () =>
      unwrap(kind === 'offer' ? getOfferHistory({ path: { offer_id: id }, query: { limit: 200 } }) : getOrderHistory({ path: { order_id: id }, query: { limit: 200 } })),
  });
  if (history.error) return <ErrorAlert error={history.error} />;
  if (!history.data) return <Loader size="sm" />;
  const items = history.data.items;
  if (items.length === 0) return <Text c="dimmed">{t('history.empty')}</Text>;
  const show = (entry: HistoryEntry, value: unknown): string => {
    const field = entry.field ?? '';
    if (value === null || value === undefined) return '';
    if (LISTS.has(field)) return Array.isArray(value) ? `${value.length} ×` : '';
    if (typeof value !== 'string') return JSON.stringify(value);
    if (field === 'total') return formatMoney(value, i18n.language, { cents: 'always' });
    if (field === 'status') return t(kind === 'offer' ? `offers.statuses.${value}` : `offers.orderStatuses.${value}`);
    if (field === 'owner_id') return names.user(value) ?? value;
    if (field === 'business_unit_id') return names.unit(value) ?? value;
    if (/_on$|valid_until/.test(field)) return formatDate(value, i18n.language);
    return value;
  };
  return (
    <Table striped data-testid="record-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('history.when')}</Table.Th>
          <Table.Th>{t('history.who')}</Table.Th>
          <Table.Th>{t('history.field')}</Table.Th>
          <Table.Th>{t('history.old')}</Table.Th>
          <Table.Th>{t('history.new')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((h) => (
          <Table.Tr key={`${h.id}-${h.field ?? ''}`}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(h.changed_at, i18n.language)}</Table.Td>
            <Table.Td>{h.changed_by_name ?? names.user(h.changed_by) ?? ''}</Table.Td>
            <Table.Td>{h.field ? (LABELS[h.field] ? t(LABELS[h.field]!) : h.field) : t(`history.operations.${h.operation}`, { defaultValue: h.operation })}</Table.Td>
            <Table.Td>{show(h, h.old_value)}</Table.Td>
            <Table.Td>{show(h, h.new_value)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
