import { Group, Loader, MultiSelect, Stack, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, useUserName } from '../../api/lookups';
import { unwrap } from '../../api/problem';
import { listOrders } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { RemoteSelect } from '../../components/RemoteSelect';
import { useCursorPager } from '../../lib/cursorPager';
import { useDebounced } from '../../lib/useDebounced';
import { OrdersTable } from './OffersTable';
import { ORDER_STATUSES } from './status';

/** The orders the user may see — from accepted offers, recorded directly or sent by the ERP. */
export function OrdersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [statuses, setStatuses] = useState<string[]>([]);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [sort, setSort] = useState('-ordered_on');
  const ownerName = useUserName(ownerId);
  const q = useDebounced(search.trim(), 300);
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [q, statuses, ownerId, sort, reset]);
  const query = {
    limit: 50,
    sort,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(q ? { q } : {}),
    ...(statuses.length ? { status: statuses } : {}),
    ...(ownerId ? { owner_id: ownerId } : {}),
  };
  const orders = useQuery({
    queryKey: ['orders', 'list', query],
    queryFn: () => unwrap(listOrders({ query: query as never })),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Title order={2}>{t('offers.orders.title')}</Title>
      <Group align="flex-end">
        <TextInput w={260} label={t('common.search')} placeholder={t('offers.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} rightSection={orders.isFetching ? <Loader size="xs" /> : null} data-testid="order-search" />
        <MultiSelect w={300} label={t('offers.filterStatus')} data={ORDER_STATUSES.map((s) => ({ value: s, label: t(`offers.orderStatuses.${s}`) }))} value={statuses} onChange={setStatuses} clearable data-testid="order-filter-status" />
        <RemoteSelect w={220} kind="users" label={t('offers.filterOwner')} clearable value={ownerId} selectedLabel={ownerName} onChange={setOwnerId} search={searchUsers} data-testid="order-filter-owner" />
      </Group>
      <ErrorAlert error={orders.error} />
      {orders.data ? <OrdersTable orders={orders.data.items} sorting={{ sort, onSort: setSort }} /> : <Loader size="sm" />}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={orders.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
    </Stack>
  );
}
