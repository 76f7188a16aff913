import { Checkbox, Group, Loader, MultiSelect, Select, Stack, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, useUserName } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { listOffers } from '../../api/sdk';
import { ButtonLink } from '../../components/ButtonLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { RemoteSelect } from '../../components/RemoteSelect';
import { useCursorPager } from '../../lib/cursorPager';
import { useDebounced } from '../../lib/useDebounced';
import { typeOptions, useOfferTypes } from './lookups';
import { OffersTable } from './OffersTable';
import { OFFER_STATUSES } from './status';

export const EXPIRING_DAYS = 14;

/** The offers the user may see, filtered by status, type, owner, expiring soon or expired. */
export function OffersPage() {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const types = useOfferTypes();
  const [search, setSearch] = useState('');
  const [statuses, setStatuses] = useState<string[]>(['open']);
  const [typeId, setTypeId] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [expiring, setExpiring] = useState(false);
  const [expired, setExpired] = useState(false);
  const [sort, setSort] = useState('-offered_on');
  const ownerName = useUserName(ownerId);
  const q = useDebounced(search.trim(), 300);
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [q, statuses, typeId, ownerId, expiring, expired, sort, reset]);
  const query = {
    limit: 50,
    sort,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(q ? { q } : {}),
    ...(statuses.length ? { status: statuses } : {}),
    ...(typeId ? { offer_type_id: typeId } : {}),
    ...(ownerId ? { owner_id: ownerId } : {}),
    ...(expiring ? { expiring_within_days: EXPIRING_DAYS } : {}),
    ...(expired ? { expired: true } : {}),
  };
  const offers = useQuery({
    queryKey: ['offers', 'list', query],
    queryFn: () => unwrap(listOffers({ query: query as never })),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('offers.title')}</Title>
        {permissions.can('offer', 'create') && (
          <ButtonLink to="/offers/new" search={{}} data-testid="new-offer">
            {t('offers.new')}
          </ButtonLink>
        )}
      </Group>
      <Group align="flex-end" data-testid="offer-filters">
        <TextInput w={260} label={t('common.search')} placeholder={t('offers.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} rightSection={offers.isFetching ? <Loader size="xs" /> : null} data-testid="offer-search" />
        <MultiSelect
          w={260}
          label={t('offers.filterStatus')}
          data={OFFER_STATUSES.map((s) => ({ value: s, label: t(`offers.statuses.${s}`) }))}
          value={statuses}
          onChange={setStatuses}
          clearable
          data-testid="offer-filter-status"
        />
        <Select w={220} label={t('offers.filterType')} clearable data={typeOptions(types.data, i18n.language)} value={typeId} onChange={setTypeId} data-testid="offer-filter-type" />
        <RemoteSelect w={220} kind="users" label={t('offers.filterOwner')} clearable value={ownerId} selectedLabel={ownerName} onChange={setOwnerId} search={searchUsers} data-testid="offer-filter-owner" />
        <Select
          w={200}
          label={t('offers.sort.label')}
          data={[
            { value: '-offered_on', label: t('offers.sort.offered') },
            { value: 'valid_until', label: t('offers.sort.validUntil') },
            { value: '-total', label: t('offers.sort.total') },
          ]}
          value={['-offered_on', 'valid_until', '-total'].includes(sort) ? sort : null}
          onChange={(v) => v && setSort(v)}
          allowDeselect={false}
          data-testid="offer-sort"
        />
        <Stack gap={6} pb={4}>
          <Checkbox label={t('offers.expiringSoon')} checked={expiring} onChange={(e) => setExpiring(e.currentTarget.checked)} data-testid="offer-filter-expiring" />
          <Checkbox label={t('offers.onlyExpired')} checked={expired} onChange={(e) => setExpired(e.currentTarget.checked)} data-testid="offer-filter-expired" />
        </Stack>
      </Group>
      <ErrorAlert error={offers.error} />
      {offers.data ? <OffersTable offers={offers.data.items} sorting={{ sort, onSort: setSort }} /> : <Loader size="sm" />}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={offers.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
    </Stack>
  );
}
