import { Badge, Button, Group, Input, Loader, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { countContactsByFilter, createMarketingList, listMarketingLists, type MarketingListKind } from '../../api/sdk';
import { FilterEditor, useFilterCount, type FilterJson } from '../../components/filter';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';

/** The marketing lists the user may see, and a form for a new static or dynamic list. */
export function MarketingListsPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const lists = useQuery({ queryKey: ['marketing-lists', 'list'], queryFn: () => unwrap(listMarketingLists({ query: { limit: 200 } })) });
  const [name, setName] = useState('');
  const [kind, setKind] = useState<MarketingListKind>('static');
  const [filter, setFilter] = useState<FilterJson>({ all: [] });
  const count = useFilterCount(['marketing-lists', 'count'], filter, (f) => unwrap(countContactsByFilter({ body: { filter: f as Record<string, unknown> } })), { enabled: kind === 'dynamic' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const body = { name, kind, filter: kind === 'dynamic' ? (filter as Record<string, unknown>) : null };
      const created = await unwrap(createMarketingList({ body, headers: { 'Idempotency-Key': newIdempotencyKey() } }));
      await queryClient.invalidateQueries({ queryKey: ['marketing-lists'] });
      setName('');
      await navigate({ to: '/marketing-lists/$listId', params: { listId: created.id } });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack>
      <Title order={2}>{t('marketing.lists.title')}</Title>
      <ErrorAlert error={lists.error} />
      {lists.data ? (
        <Table data-testid="marketing-lists">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('marketing.lists.name')}</Table.Th>
              <Table.Th>{t('marketing.lists.kind')}</Table.Th>
              <Table.Th>{t('marketing.lists.members')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lists.data.items.map((l) => (
              <Table.Tr key={l.id} data-testid="marketing-list-row">
                <Table.Td>
                  <Link to="/marketing-lists/$listId" params={{ listId: l.id }}>
                    {l.name}
                  </Link>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`marketing.kinds.${l.kind}`)}</Badge>
                </Table.Td>
                <Table.Td>{l.member_count}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Loader size="sm" />
      )}
      {permissions.can('marketing_list', 'create') && (
        <form onSubmit={submit} data-testid="new-marketing-list">
          <Stack maw={900}>
            <Title order={4}>{t('marketing.lists.new')}</Title>
            <TextInput required label={t('marketing.lists.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="list-name" />
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as MarketingListKind)}
              data={[
                { value: 'static', label: t('marketing.kinds.static') },
                { value: 'dynamic', label: t('marketing.kinds.dynamic') },
              ]}
              data-testid="list-kind"
            />
            {kind === 'dynamic' && (
              <Input.Wrapper label={t('marketing.lists.filter')} description={t('marketing.lists.filterHelp')} data-testid="list-filter">
                <FilterEditor entity="contact" value={filter} onChange={setFilter} />
                <Text size="sm" mt={4} data-testid="list-live-count">
                  {count.error ? <ErrorAlert error={count.error} /> : t('marketing.lists.liveCount', { count: count.data?.count ?? 0 })}
                </Text>
              </Input.Wrapper>
            )}
            <ErrorAlert error={error} />
            <Group>
              <Button type="submit" loading={busy} data-testid="create-list">
                {t('marketing.lists.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
