import { AnchorLink } from '../../components/AnchorLink';
import { Badge, Button, Checkbox, Group, Loader, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectoryNames } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { listAccounts } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { SortableTh } from '../../components/SortableTh';
import { useCursorPager } from '../../lib/cursorPager';
import { formatDateTime } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { statusOptions, typeOptions } from './options';

const PAGE_SIZE = 50;

export function AccountsListPage() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [type, setType] = useState<string | null>(null);
  const [region, setRegion] = useState('');
  const [sort, setSort] = useState('name');
  // Account management: passive accounts are left out unless asked for; the list of
  // customers without a responsible person.
  const [showPassive, setShowPassive] = useState(false);
  const [withoutManager, setWithoutManager] = useState(false);
  const q = useDebounced(search.trim(), 300);
  const debouncedRegion = useDebounced(region.trim(), 300);
  const pager = useCursorPager();
  const { reset } = pager;
  const permissions = usePermissions();
  const names = useDirectoryNames();

  useEffect(() => reset(), [q, status, type, debouncedRegion, sort, showPassive, withoutManager, reset]);

  const query = {
    limit: PAGE_SIZE,
    sort,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(type ? { type } : {}),
    ...(debouncedRegion ? { region: debouncedRegion } : {}),
    ...(showPassive ? { include_passive: true } : {}),
    ...(withoutManager ? { without_account_manager: true } : {}),
  };
  const accounts = useQuery({
    queryKey: ['accounts', 'list', query],
    queryFn: () => unwrap(listAccounts({ query: query as never })),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('account.list')}</Title>
        {permissions.can('account', 'create') && (
          <Button component={Link} to="/accounts/new" data-testid="new-account">
            {t('account.new')}
          </Button>
        )}
      </Group>
      <Group mb="md" align="flex-end" wrap="wrap">
        <TextInput
          label={t('common.search')}
          placeholder={t('account.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={280}
          data-testid="accounts-search"
          rightSection={accounts.isFetching ? <Loader size="xs" /> : null}
        />
        <Select label={t('account.status')} placeholder={t('common.all')} data={statusOptions(t)} value={status} onChange={setStatus} clearable w={180} data-testid="filter-status" />
        <Select label={t('account.type')} placeholder={t('common.all')} data={typeOptions(t)} value={type} onChange={setType} clearable w={180} data-testid="filter-type" />
        <TextInput label={t('account.region')} value={region} onChange={(e) => setRegion(e.currentTarget.value)} w={180} data-testid="filter-region" />
        <Checkbox
          label={t('accountmgmt.list.withoutManager')}
          checked={withoutManager}
          onChange={(e) => setWithoutManager(e.currentTarget.checked)}
          mb={8}
          data-testid="filter-without-manager"
        />
        <Checkbox
          label={t('accountmgmt.list.showPassive')}
          checked={showPassive}
          onChange={(e) => setShowPassive(e.currentTarget.checked)}
          mb={8}
          data-testid="filter-show-passive"
        />
      </Group>
      <ErrorAlert error={accounts.error} />
      <Table striped highlightOnHover data-testid="accounts-table">
        <Table.Thead>
          <Table.Tr>
            <SortableTh field="name" label={t('account.name')} sort={sort} onSort={setSort} />
            <Table.Th>{t('account.businessId')}</Table.Th>
            <Table.Th>{t('account.type')}</Table.Th>
            <Table.Th>{t('account.status')}</Table.Th>
            <Table.Th>{t('account.region')}</Table.Th>
            <Table.Th>{t('account.owner')}</Table.Th>
            <SortableTh field="updated_at" label={t('common.updated')} sort={sort} onSort={setSort} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.data?.items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <AnchorLink to="/accounts/$accountId" params={{ accountId: a.id }}>
                  {a.name}
                </AnchorLink>
                {a.passive_since && (
                  <Badge ml="xs" size="xs" color="red" variant="light" data-testid="passive-badge">
                    {t('accountmgmt.passive.badge')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.business_id ?? ''}</Table.Td>
              <Table.Td>{t(`account.types.${a.type}`)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={a.status === 'customer' ? 'green' : a.status === 'former_customer' ? 'gray' : 'blue'}>
                  {t(`account.statuses.${a.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{a.region ?? ''}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{names.user(a.owner_id) ?? ''}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.updated_at, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {accounts.data?.items.length === 0 && (
        <Text c="dimmed" ta="center" mt="md">
          {t('common.noResults')}
        </Text>
      )}
      <Pager
        pageNumber={pager.pageNumber}
        hasPrevious={pager.hasPrevious}
        nextCursor={accounts.data?.next_cursor}
        onPrevious={pager.previous}
        onNext={pager.next}
      />
    </>
  );
}
