import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Offer, Order } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { SortableTh } from '../../components/SortableTh';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { localName } from './lookups';
import { OfferStatusBadge, OrderStatusBadge } from './status';

interface Sorting {
  sort: string;
  onSort: (sort: string) => void;
}

/** Offers in a table: number and title, customer (unless shown elsewhere), type, validity,
 * total, owner and status. */
export function OffersTable({ offers, showAccount = true, sorting }: { offers: Offer[]; showAccount?: boolean; sorting?: Sorting }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const th = (field: string, label: string) => (sorting ? <SortableTh field={field} label={label} sort={sorting.sort} onSort={sorting.onSort} /> : <Table.Th>{label}</Table.Th>);
  if (offers.length === 0) return <Text c="dimmed">{t('offers.noOffers')}</Text>;
  return (
    <Table striped highlightOnHover data-testid="offers-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('offers.number')}</Table.Th>
          {th('title', t('offers.offerTitle'))}
          {showAccount && <Table.Th>{t('offers.customer')}</Table.Th>}
          <Table.Th>{t('offers.type')}</Table.Th>
          {th('offered_on', t('offers.offeredOn'))}
          {th('valid_until', t('offers.validUntil'))}
          {sorting ? <SortableTh field="total" label={t('offers.total')} sort={sorting.sort} onSort={sorting.onSort} /> : <Table.Th ta="right">{t('offers.total')}</Table.Th>}
          <Table.Th>{t('offers.owner')}</Table.Th>
          <Table.Th>{t('offers.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {offers.map((o) => (
          <Table.Tr key={o.id} data-testid="offer-row">
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <AnchorLink to="/offers/$offerId" params={{ offerId: o.id }}>
                {o.number}
              </AnchorLink>
            </Table.Td>
            <Table.Td>{o.title}</Table.Td>
            {showAccount && <Table.Td>{o.account_name}</Table.Td>}
            <Table.Td>{o.offer_type_name ? localName({ name: o.offer_type_name, name_en: o.offer_type_name_en, name_sv: o.offer_type_name_sv }, language) : ''}</Table.Td>
            <Table.Td>{formatDate(o.offered_on, language)}</Table.Td>
            <Table.Td>{formatDate(o.valid_until, language)}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(o.total, language)}
            </Table.Td>
            <Table.Td>{o.owner_name}</Table.Td>
            <Table.Td>
              <OfferStatusBadge status={o.status} expired={o.is_expired} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Orders in a table: number and title, customer, order date, total, the offer, status. */
export function OrdersTable({ orders, showAccount = true, sorting }: { orders: Order[]; showAccount?: boolean; sorting?: Sorting }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  if (orders.length === 0) return <Text c="dimmed">{t('offers.noOrders')}</Text>;
  return (
    <Table striped highlightOnHover data-testid="orders-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('offers.orders.number')}</Table.Th>
          <Table.Th>{t('offers.offerTitle')}</Table.Th>
          {showAccount && <Table.Th>{t('offers.customer')}</Table.Th>}
          {sorting ? <SortableTh field="ordered_on" label={t('offers.orders.orderedOn')} sort={sorting.sort} onSort={sorting.onSort} /> : <Table.Th>{t('offers.orders.orderedOn')}</Table.Th>}
          {sorting ? <SortableTh field="total" label={t('offers.total')} sort={sorting.sort} onSort={sorting.onSort} /> : <Table.Th ta="right">{t('offers.total')}</Table.Th>}
          <Table.Th>{t('offers.orders.offer')}</Table.Th>
          <Table.Th>{t('offers.owner')}</Table.Th>
          <Table.Th>{t('offers.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orders.map((o) => (
          <Table.Tr key={o.id} data-testid="order-row">
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <AnchorLink to="/orders/$orderId" params={{ orderId: o.id }}>
                {o.number}
              </AnchorLink>
            </Table.Td>
            <Table.Td>{o.title}</Table.Td>
            {showAccount && <Table.Td>{o.account_name}</Table.Td>}
            <Table.Td>{formatDate(o.ordered_on, language)}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(o.total, language)}
            </Table.Td>
            <Table.Td>
              {o.offer_id ? (
                <AnchorLink to="/offers/$offerId" params={{ offerId: o.offer_id }} size="sm">
                  {o.offer_number}
                </AnchorLink>
              ) : (
                <Text size="sm" c="dimmed">
                  {o.external_reference ?? t('offers.orders.direct')}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{o.owner_name}</Table.Td>
            <Table.Td>
              <OrderStatusBadge status={o.status} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
