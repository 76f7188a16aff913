import { AnchorLink } from '../../components/AnchorLink';
import { Button, Group, Loader, Modal, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { createContact, listContacts } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { SortableTh } from '../../components/SortableTh';
import { useCursorPager } from '../../lib/cursorPager';
import { formatDateTime, newIdempotencyKey } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { ContactForm, toContactBody } from './ContactForm';

export function ContactsListPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState('last_name');
  const [creating, setCreating] = useState(false);
  const permissions = usePermissions();
  const q = useDebounced(search.trim(), 300);
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [q, sort, reset]);

  const query = { limit: 50, sort, ...(pager.cursor ? { cursor: pager.cursor } : {}), ...(q ? { q } : {}) };
  const contacts = useQuery({
    queryKey: ['contacts', 'list', query],
    queryFn: () => unwrap(listContacts({ query: query as never })),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('contact.list')}</Title>
        {permissions.can('contact', 'create') && (
          <Button onClick={() => setCreating(true)} data-testid="new-contact">
            {t('contact.new')}
          </Button>
        )}
      </Group>
      <TextInput
        mb="md"
        w={320}
        label={t('common.search')}
        placeholder={t('contact.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        rightSection={contacts.isFetching ? <Loader size="xs" /> : null}
      />
      <ErrorAlert error={contacts.error} />
      <Table striped highlightOnHover data-testid="contacts-table">
        <Table.Thead>
          <Table.Tr>
            <SortableTh field="last_name" label={t('contact.name')} sort={sort} onSort={setSort} />
            <Table.Th>{t('contact.title')}</Table.Th>
            <Table.Th>{t('contact.accounts')}</Table.Th>
            <Table.Th>{t('contact.email')}</Table.Th>
            <Table.Th>{t('contact.phone')}</Table.Th>
            <SortableTh field="updated_at" label={t('common.updated')} sort={sort} onSort={setSort} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.data?.items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <AnchorLink to="/contacts/$contactId" params={{ contactId: c.id }}>
                  {c.last_name}, {c.first_name}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{c.title ?? ''}</Table.Td>
              <Table.Td>
                {(c.accounts ?? []).map((l) => (
                  <div key={l.account_id}>
                    <AnchorLink size="sm" to="/accounts/$accountId" params={{ accountId: l.account_id }}>
                      {l.account_name ?? l.account_id}
                    </AnchorLink>
                  </div>
                ))}
              </Table.Td>
              <Table.Td>{c.email ?? ''}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.phone ?? ''}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.updated_at, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {contacts.data?.items.length === 0 && (
        <Text c="dimmed" ta="center" mt="md">
          {t('common.noResults')}
        </Text>
      )}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={contacts.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={creating} onClose={() => setCreating(false)} title={t('contact.new')} size="lg">
        <ContactForm
          submitLabel={t('common.create')}
          onCancel={() => setCreating(false)}
          onSubmit={async (values) => {
            const created = await unwrap(
              createContact({ body: toContactBody(values), headers: { 'Idempotency-Key': newIdempotencyKey() } }),
            );
            await queryClient.invalidateQueries({ queryKey: ['contacts'] });
            setCreating(false);
            void navigate({ to: '/contacts/$contactId', params: { contactId: created.id } });
          }}
        />
      </Modal>
    </>
  );
}
