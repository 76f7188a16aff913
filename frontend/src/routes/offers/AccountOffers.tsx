import { Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { getPurchaseVolume, listOffers, listOrders } from '../../api/sdk';
import { ButtonLink } from '../../components/ButtonLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { useCursorPager } from '../../lib/cursorPager';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import type { AccountPanelProps } from '../accounts/extensions';
import { OffersTable, OrdersTable } from './OffersTable';

/** What the account bought: the last 12 months and each year (orders not cancelled). */
export function PurchaseVolumeCard({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const volume = useQuery({
    queryKey: ['purchase-volume', accountId],
    queryFn: () => unwrap(getPurchaseVolume({ path: { account_id: accountId } })),
  });
  if (volume.error) return <ErrorAlert error={volume.error} />;
  if (!volume.data) return <Loader size="sm" />;
  const v = volume.data;
  return (
    <Paper withBorder p="md" data-testid="purchase-volume">
      <Title order={4} mb="xs">
        {t('offers.account.purchaseVolume')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <div>
          <Text size="xs" c="dimmed">
            {t('offers.account.last12')} ({formatDate(v.window_from, language)} – {formatDate(v.as_of, language)})
          </Text>
          <Text fw={700} size="xl" data-testid="purchase-volume-12m">
            {formatMoney(v.last_12_months_total, language, { cents: 'always' })}
          </Text>
          <Text size="sm" c="dimmed">
            {t('offers.account.ordersCount', { count: v.last_12_months_orders })}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('offers.account.perYear')}
          </Text>
          {v.years.length === 0 ? (
            <Text size="sm">{t('offers.account.noPurchases')}</Text>
          ) : (
            <Table withRowBorders={false} verticalSpacing={2} data-testid="purchase-years">
              <Table.Tbody>
                {v.years.map((y) => (
                  <Table.Tr key={y.year}>
                    <Table.Td>{y.year}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatMoney(y.total, language, { cents: 'always' })}
                    </Table.Td>
                    <Table.Td c="dimmed">{t('offers.account.ordersCount', { count: y.orders })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </div>
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        {t('offers.account.volumeNote')}
      </Text>
    </Paper>
  );
}

const PAGE = 10;

/** The account page's "Offers and orders" tab: the purchase volume, then the offers and the
 * orders newest first, ten at a time (a key customer has hundreds of orders). */
export function AccountOffers({ account }: AccountPanelProps) {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const offerPages = useCursorPager();
  const orderPages = useCursorPager();
  const offerQuery = { account_id: account.id, limit: PAGE, sort: '-offered_on', ...(offerPages.cursor ? { cursor: offerPages.cursor } : {}) };
  const orderQuery = { account_id: account.id, limit: PAGE, sort: '-ordered_on', ...(orderPages.cursor ? { cursor: orderPages.cursor } : {}) };
  const offers = useQuery({
    queryKey: ['offers', 'list', offerQuery],
    queryFn: () => unwrap(listOffers({ query: offerQuery as never })),
    placeholderData: keepPreviousData,
  });
  const orders = useQuery({
    queryKey: ['orders', 'list', orderQuery],
    queryFn: () => unwrap(listOrders({ query: orderQuery as never })),
    placeholderData: keepPreviousData,
    enabled: permissions.can('order', 'read'),
  });
  return (
    <Stack data-testid="account-offers">
      <PurchaseVolumeCard accountId={account.id} />
      <Group justify="space-between">
        <Title order={4}>{t('offers.title')}</Title>
        {permissions.can('offer', 'create') && !account.passive_since && (
          <ButtonLink to="/offers/new" search={{ account: account.id }} variant="default" size="xs" data-testid="account-new-offer">
            {t('offers.new')}
          </ButtonLink>
        )}
      </Group>
      <ErrorAlert error={offers.error} />
      {offers.data ? <OffersTable offers={offers.data.items} showAccount={false} /> : <Loader size="sm" />}
      {(offerPages.hasPrevious || offers.data?.next_cursor) && (
        <Pager pageNumber={offerPages.pageNumber} hasPrevious={offerPages.hasPrevious} nextCursor={offers.data?.next_cursor} onPrevious={offerPages.previous} onNext={offerPages.next} />
      )}
      {permissions.can('order', 'read') && (
        <>
          <Title order={4}>{t('offers.orders.title')}</Title>
          <ErrorAlert error={orders.error} />
          {orders.data ? <OrdersTable orders={orders.data.items} showAccount={false} /> : <Loader size="sm" />}
          {(orderPages.hasPrevious || orders.data?.next_cursor) && (
            <Pager pageNumber={orderPages.pageNumber} hasPrevious={orderPages.hasPrevious} nextCursor={orders.data?.next_cursor} onPrevious={orderPages.previous} onNext={orderPages.next} />
          )}
        </>
      )}
    </Stack>
  );
}
