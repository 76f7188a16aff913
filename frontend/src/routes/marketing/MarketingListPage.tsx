import { Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/download';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import {
  addMarketingListMembers,
  exportMarketingListCsv,
  exportMarketingListXlsx,
  getMarketingList,
  listContacts,
  listMarketingListExports,
  listMarketingListMembers,
  removeMarketingListMember,
} from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteSelect, type Option } from '../../components/RemoteSelect';
import { formatDateTime, newIdempotencyKey } from '../../lib/format';
import { ListSettings } from './ListSettings';

async function searchContacts(q: string): Promise<Option[]> {
  const page = await unwrap(listContacts({ query: { limit: 20, ...(q ? { q } : {}) } as never }));
  return page.items.map((c) => ({ value: c.id, label: `${c.first_name} ${c.last_name}` }));
}

/** One marketing list: its members (a picker for a static list), the export buttons and log. */
export function MarketingListPage() {
  const { listId } = useParams({ strict: false }) as { listId: string };
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const queryClient = useQueryClient();
  const mlist = useQuery({ queryKey: ['marketing-lists', listId], queryFn: () => unwrap(getMarketingList({ path: { list_id: listId } })) });
  const members = useQuery({ queryKey: ['marketing-lists', listId, 'members'], queryFn: () => unwrap(listMarketingListMembers({ path: { list_id: listId }, query: { limit: 200 } })) });
  const exports = useQuery({ queryKey: ['marketing-lists', listId, 'exports'], queryFn: () => unwrap(listMarketingListExports({ path: { list_id: listId } })) });
  const [pick, setPick] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['marketing-lists', listId] });

  async function run(what: string, action: () => Promise<unknown>) {
    setError(null);
    setBusy(what);
    try {
      await action();
      await refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  if (!mlist.data) return mlist.error ? <ErrorAlert error={mlist.error} /> : <Loader size="sm" />;
  const l = mlist.data;
  const editable = l.kind === 'static' && permissions.can('marketing_list', 'update');
  const canExport = permissions.can('marketing_list', 'export');
  return (
    <Stack>
      <Group>
        <Title order={2} data-testid="list-title">
          {l.name}
        </Title>
        <Badge variant="light">{t(`marketing.kinds.${l.kind}`)}</Badge>
      </Group>
      <Text data-testid="member-count">{t('marketing.lists.memberCount', { count: l.member_count })}</Text>
      {l.kind === 'dynamic' && <Text size="sm" c="dimmed">{t('marketing.lists.dynamicHelp')}</Text>}
      <ListSettings key={l.version} list={l} editable={permissions.can('marketing_list', 'update')} />
      <ErrorAlert error={error} />
      {canExport && (
        <Group>
          <Button variant="default" size="xs" loading={busy === 'xlsx'} onClick={() => run('xlsx', () => downloadFile(exportMarketingListXlsx({ path: { list_id: l.id }, parseAs: 'blob' }), `markkinointilista-${l.name}.xlsx`))} data-testid="export-xlsx">
            {t('marketing.lists.exportXlsx')}
          </Button>
          <Button variant="default" size="xs" loading={busy === 'csv'} onClick={() => run('csv', () => downloadFile(exportMarketingListCsv({ path: { list_id: l.id }, parseAs: 'blob' }), `markkinointilista-${l.name}.csv`))} data-testid="export-csv">
            {t('marketing.lists.exportCsv')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('marketing.lists.consentNote')}
          </Text>
        </Group>
      )}
      {editable && (
        <Group align="flex-end">
          <RemoteSelect w={320} kind="contacts" label={t('marketing.lists.addContact')} value={pick} selectedLabel={undefined} onChange={setPick} search={searchContacts} data-testid="member-picker" />
          <Button disabled={!pick} loading={busy === 'add'} onClick={() => pick && run('add', async () => { await unwrap(addMarketingListMembers({ path: { list_id: l.id }, body: { contact_ids: [pick] }, headers: { 'Idempotency-Key': newIdempotencyKey() } })); setPick(null); })} data-testid="add-member">
            {t('marketing.lists.add')}
          </Button>
        </Group>
      )}
      <Table data-testid="members">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('marketing.lists.contact')}</Table.Th>
            <Table.Th>{t('marketing.lists.email')}</Table.Th>
            <Table.Th>{t('marketing.lists.consent')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(members.data?.items ?? []).map((m) => (
            <Table.Tr key={m.contact_id} data-testid="member-row">
              <Table.Td>
                {m.first_name} {m.last_name}
              </Table.Td>
              <Table.Td>{m.email ?? ''}</Table.Td>
              <Table.Td>{m.marketing_consent ? t('marketing.lists.consentYes') : t('marketing.lists.consentNo')}</Table.Td>
              <Table.Td>
                {editable && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => run('remove', () => unwrap(removeMarketingListMember({ path: { list_id: l.id, contact_id: m.contact_id } })))} data-testid="remove-member">
                    {t('marketing.lists.remove')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={4}>{t('marketing.lists.exports')}</Title>
      <Table data-testid="exports">
        <Table.Tbody>
          {(exports.data ?? []).map((e) => (
            <Table.Tr key={e.id} data-testid="export-row">
              <Table.Td>{formatDateTime(e.exported_at, i18n.language)}</Table.Td>
              <Table.Td>{e.exported_by_name ?? ''}</Table.Td>
              <Table.Td>{e.format.toUpperCase()}</Table.Td>
              <Table.Td>{t('marketing.lists.exportedCounts', { count: e.exported_count, left: e.left_out_count })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
