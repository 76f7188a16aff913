import { AnchorLink } from '../../components/AnchorLink';
import { ButtonLink } from '../../components/ButtonLink';
import { Badge, Button, Group, Loader, Modal, Paper, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccountName, useBusinessUnitName, useBusinessUnits, useUserName } from '../../api/lookups';
import { etagOf } from '../../api/etag';
import { depthFor, usePermissions } from '../../api/permissions';
import { ApiError, unwrap, unwrapWithResponse } from '../../api/problem';
import { createContact, getAccount, getAccountHistory, listAccountContacts, type Account, type AccountContact } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HistoryTable, type HistoryDescriber } from '../../components/HistoryTable';
import { RecordTimeline } from '../../components/RecordTimeline';
import { formatDate, formatDateTime, newIdempotencyKey } from '../../lib/format';
import { BuyingRoleLabel, BuyingRoleSelect, saveBuyingRole } from '../classifications/BuyingRole';
import { ContactForm, toContactBody } from '../contacts/ContactForm';
import { AccountProjects } from '../sales/AccountProjects';
import { AccountEditForm } from './AccountEditForm';
import { roleName, useAccountTeam, useTeamRoles } from './AccountTeamCard';
import { ACCOUNT_CARDS, ACCOUNT_TABS } from './extensions';
import { MergeDialog } from './MergeDialog';
import { PassivationActions, PassiveBadge, PassiveNotice } from './PassivationActions';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children || '—'}</Text>
    </div>
  );
}

function AccountDetails({ account }: { account: Account }) {
  const { t, i18n } = useTranslation();
  const addr = account.visiting_address;
  const ownerName = useUserName(account.owner_id);
  const managerName = useUserName(account.account_manager_id);
  const unitName = useBusinessUnitName(account.business_unit_id);
  const parentName = useAccountName(account.parent_id);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} data-testid="account-details">
      <Field label={t('account.businessId')}>{account.business_id}</Field>
      <Field label={t('account.type')}>{t(`account.types.${account.type}`)}</Field>
      <Field label={t('account.status')}>{t(`account.statuses.${account.status}`)}</Field>
      <Field label={t('account.region')}>{account.region}</Field>
      <Field label={t('account.municipality')}>{account.municipality}</Field>
      <Field label={t('account.phone')}>
        <span data-testid="account-phone">{account.phone || "—"}</span>
      </Field>
      <Field label={t('account.email')}>{account.email}</Field>
      <Field label={t('account.website')}>{account.website}</Field>
      <Field label={t('account.visitingAddress')}>
        {addr ? [addr.street, [addr.postal_code, addr.city].filter(Boolean).join(' '), addr.country].filter(Boolean).join(', ') : ''}
      </Field>
      <Field label={t('account.owner')}>
        <span data-testid="account-owner">{ownerName ?? '…'}</span>
      </Field>
      <Field label={t('account.accountManager')}>
        {account.account_manager_id ? <span data-testid="account-manager">{managerName ?? '…'}</span> : null}
      </Field>
      <Field label={t('account.businessUnit')}>
        <span data-testid="account-business-unit">{unitName ?? '…'}</span>
      </Field>
      <Field label={t('account.parent')}>
        {account.parent_id ? (
          <AnchorLink to="/accounts/$accountId" params={{ accountId: account.parent_id }} size="sm" data-testid="account-parent">
            {parentName ?? '…'}
          </AnchorLink>
        ) : null}
      </Field>
      <Field label={t('account.tags')}>{(account.tags ?? []).join(', ')}</Field>
      <Field label={t('common.createdAt')}>{formatDateTime(account.created_at, i18n.language)}</Field>
      <Field label={t('common.updated')}>{formatDateTime(account.updated_at, i18n.language)}</Field>
    </SimpleGrid>
  );
}

function AccountContacts({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const units = useBusinessUnits();
  const contacts = useQuery({
    queryKey: ['accounts', accountId, 'contacts'],
    queryFn: () => unwrap(listAccountContacts({ path: { account_id: accountId }, query: { limit: 200 } })),
  });
  const reloadContacts = () => {
    setFailure(null);
    void queryClient.invalidateQueries({ queryKey: ['accounts', accountId, 'contacts'] });
  };
  /** Sets the contact's buying role at this account (a change of the contact, with its ETag). */
  async function changeBuyingRole(contact: AccountContact, role: Parameters<typeof saveBuyingRole>[0]['role']) {
    setFailure(null);
    setSaving(contact.id);
    try {
      await saveBuyingRole({ contactId: contact.id, etag: etagOf(contact.version), links: contact.accounts, accountId, role });
      await queryClient.invalidateQueries({ queryKey: ['accounts', accountId, 'contacts'] });
      void queryClient.invalidateQueries({ queryKey: ['contacts', contact.id] });
      notifications.show({ color: 'green', message: t('classifications.buyingRole.saved', { name: `${contact.first_name} ${contact.last_name}` }) });
    } catch (e) {
      setFailure(e);
    } finally {
      setSaving(null);
    }
  }
  return (
    <Stack>
      {permissions.can('contact', 'create') && (
        <Group justify="flex-end">
          <Button onClick={() => setAdding(true)} data-testid="add-contact">
            {t('account.addContact')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={contacts.error} />
      {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={reloadContacts} /> : <ErrorAlert error={failure} />}
      {contacts.isPending ? (
        <Loader />
      ) : contacts.data && contacts.data.items.length > 0 ? (
        <Table striped data-testid="account-contacts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contact.name')}</Table.Th>
              <Table.Th>{t('contact.title')}</Table.Th>
              <Table.Th>{t('account.role')}</Table.Th>
              <Table.Th>{t('classifications.buyingRole.label')}</Table.Th>
              <Table.Th>{t('contact.email')}</Table.Th>
              <Table.Th>{t('contact.phone')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contacts.data.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <AnchorLink to="/contacts/$contactId" params={{ contactId: c.id }}>
                    {c.first_name} {c.last_name}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{c.title ?? ''}</Table.Td>
                <Table.Td>{c.role ?? ''}</Table.Td>
                <Table.Td>
                  {permissions.canOn('contact', 'update', c, units.data?.items) ? (
                    <BuyingRoleSelect
                      name={`${c.first_name} ${c.last_name}`}
                      value={c.accounts.find((l) => l.account_id === accountId)?.buying_role}
                      disabled={saving !== null}
                      onChange={(role) => void changeBuyingRole(c, role)}
                    />
                  ) : (
                    <BuyingRoleLabel role={c.accounts.find((l) => l.account_id === accountId)?.buying_role} />
                  )}
                </Table.Td>
                <Table.Td>{c.email ?? ''}</Table.Td>
                <Table.Td>{c.phone ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed">{t('account.noContacts')}</Text>
      )}
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={adding} onClose={() => setAdding(false)} title={t('account.addContact')} size="lg">
        <ContactForm
          withRole
          submitLabel={t('common.create')}
          onCancel={() => setAdding(false)}
          onSubmit={async (values) => {
            await unwrap(
              createContact({
                body: { ...toContactBody(values), accounts: [{ account_id: accountId, role: values.role.trim() || null }] },
                headers: { 'Idempotency-Key': newIdempotencyKey() },
              }),
            );
            await queryClient.invalidateQueries({ queryKey: ['accounts', accountId] });
            await queryClient.invalidateQueries({ queryKey: ['contacts'] });
            notifications.show({ color: 'green', message: t('contact.created') });
            setAdding(false);
          }}
        />
      </Modal>
    </Stack>
  );
}

const HISTORY_FIELDS: Record<string, string> = {
  team_member: 'accountmgmt.history.teamMember',
  merged_account: 'accountmgmt.history.mergedAccount',
  passive_since: 'accountmgmt.history.passiveSince',
  passive_reason: 'accountmgmt.history.passiveReason',
};

/** Labels for the account-management lines of the history: team changes, merges, passivity. */
function useAccountHistoryDescriber(): HistoryDescriber {
  const { t, i18n } = useTranslation();
  const roles = useTeamRoles();
  const roleLabel = (key: unknown) => {
    const role = roles.data?.items.find((r) => r.key === key);
    if (role) return roleName(role, i18n.language);
    return typeof key === 'string' ? key : t('accountmgmt.team.noRole');
  };
  return {
    label: (field) => (HISTORY_FIELDS[field] ? t(HISTORY_FIELDS[field]) : undefined),
    value: (field, value) => {
      const v = value as Record<string, unknown>;
      if (field === 'team_member' && typeof value === 'object') {
        const access = t(v.access === 'edit' ? 'accountmgmt.team.accessEdit' : 'accountmgmt.team.accessRead');
        return t('accountmgmt.history.member', { name: v.name ?? v.user_id, role: roleLabel(v.role), access });
      }
      if (field === 'merged_account' && typeof value === 'object') return String(v.name ?? v.id);
      if (field === 'passive_since' && typeof value === 'string') return formatDate(value, i18n.language);
      return undefined;
    },
  };
}

function AccountHistory({ accountId }: { accountId: string }) {
  const describe = useAccountHistoryDescriber();
  const history = useQuery({
    queryKey: ['accounts', accountId, 'history'],
    queryFn: () => unwrap(getAccountHistory({ path: { account_id: accountId }, query: { limit: 100 } })),
  });
  if (history.error) return <ErrorAlert error={history.error} />;
  if (!history.data) return <Loader />;
  return <HistoryTable entity="account" items={history.data.items} describe={describe} />;
}

export function AccountPage() {
  const { accountId } = useParams({ from: '/app/accounts/$accountId' });
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState<string | null>('details');
  const [editKey, setEditKey] = useState(0);
  const [merging, setMerging] = useState(false);
  const permissions = usePermissions();
  const team = useAccountTeam(accountId);
  const units = useBusinessUnits();
  const account = useQuery({
    queryKey: ['accounts', accountId, 'detail'],
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getAccount({ path: { account_id: accountId } }));
      return { account: data, etag: response.headers.get('ETag') };
    },
  });

  if (account.error) return <ErrorAlert error={account.error} />;
  if (!account.data) return <Loader />;
  const { account: a, etag } = account.data;
  // The account's team may grant editing across units; the team read says so.
  const mayEdit = permissions.canOn('account', 'update', a, units.data?.items) || team.data?.team.may_manage === true;
  // A merge deletes the duplicate and reaches every unit: administrators only.
  const mayMerge = depthFor(permissions.me, 'account', 'delete') === 'organisation';
  const passive = !!a.passive_since;
  const saved = (next: Account, nextEtag: string | null) => {
    queryClient.setQueryData(['accounts', accountId, 'detail'], { account: next, etag: nextEtag });
    void queryClient.invalidateQueries({ queryKey: ['accounts'] });
  };
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['accounts', accountId] });
  const allowed = (requires?: { entity: Parameters<typeof permissions.can>[0]; action: Parameters<typeof permissions.can>[1] }) =>
    !requires || permissions.can(requires.entity, requires.action);
  const panelProps = { account: a, etag, onChanged: () => void account.refetch() };
  const tabs = ACCOUNT_TABS.filter((tab) => allowed(tab.requires));
  const cards = ACCOUNT_CARDS.filter((card) => allowed(card.requires));

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2} data-testid="account-name">
            {a.name}
          </Title>
          <Badge variant="light">{t(`account.statuses.${a.status}`)}</Badge>
          <PassiveBadge account={a} />
        </Group>
        <Group gap="xs">
          {!passive && permissions.can('sales_project', 'create') && (
            <ButtonLink to="/sales-projects/new" search={{ account: accountId }} variant="default" data-testid="account-new-project">
              {t('sales.new')}
            </ButtonLink>
          )}
          {!passive && permissions.can('service_request', 'create') && (
            <ButtonLink to="/service-requests/new-call" search={{ account: accountId }} variant="default" data-testid="account-new-request">
              {t('service.new')}
            </ButtonLink>
          )}
          {mayEdit && <PassivationActions account={a} etag={etag} onSaved={saved} onReload={reload} />}
          {mayMerge && (
            <Button variant="default" onClick={() => setMerging(true)} data-testid="account-merge">
              {t('accountmgmt.merge.action')}
            </Button>
          )}
          {!editing && mayEdit && (
            <Button
              variant="light"
              onClick={() => {
                setTab('details');
                setEditing(true);
              }}
              data-testid="edit-account"
            >
              {t('common.edit')}
            </Button>
          )}
        </Group>
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details" data-testid="tab-details">
            {t('common.details')}
          </Tabs.Tab>
          <Tabs.Tab value="contacts" data-testid="tab-contacts">
            {t('account.contacts')}
          </Tabs.Tab>
          {permissions.can('sales_project', 'read') && (
            <Tabs.Tab value="projects" data-testid="tab-projects">
              {t('sales.accountProjects')}
            </Tabs.Tab>
          )}
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} data-testid={tab.testId}>
              {t(tab.label)}
            </Tabs.Tab>
          ))}
          <Tabs.Tab value="timeline" data-testid="tab-timeline">
            {t('timeline.title')}
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="tab-history">
            {t('common.history')}
          </Tabs.Tab>
        </Tabs.List>
        <Paper withBorder p="md" mt="md">
          <Tabs.Panel value="details">
            {editing && mayEdit ? (
              <AccountEditForm
                key={editKey}
                account={a}
                etag={etag}
                onCancel={() => setEditing(false)}
                onReload={() => {
                  void account.refetch().then(() => setEditKey((k) => k + 1));
                }}
                onSaved={(saved, newEtag) => {
                  queryClient.setQueryData(['accounts', accountId, 'detail'], { account: saved, etag: newEtag });
                  void queryClient.invalidateQueries({ queryKey: ['accounts'] });
                  notifications.show({ color: 'green', message: t('common.saved') });
                  setEditing(false);
                }}
              />
            ) : (
              <Stack>
                <PassiveNotice account={a} />
                <AccountDetails account={a} />
                {cards.map(({ key, Card }) => (
                  <Card key={key} {...panelProps} />
                ))}
              </Stack>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="contacts">
            <AccountContacts accountId={accountId} />
          </Tabs.Panel>
          <Tabs.Panel value="projects">
            <AccountProjects accountId={accountId} />
          </Tabs.Panel>
          {tabs.map(({ value, Panel }) => (
            <Tabs.Panel key={value} value={value}>
              <Panel {...panelProps} />
            </Tabs.Panel>
          ))}
          <Tabs.Panel value="timeline">
            <RecordTimeline source={{ type: 'account', id: accountId }} mayLog={permissions.can('activity', 'create')} />
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <AccountHistory accountId={accountId} />
          </Tabs.Panel>
        </Paper>
      </Tabs>
      {mayMerge && (
        <MergeDialog
          account={a}
          etag={etag}
          opened={merging}
          onClose={() => setMerging(false)}
          onMerged={(survivor, nextEtag) => {
            saved(survivor, nextEtag);
            void queryClient.invalidateQueries({ queryKey: ['contacts'] });
          }}
          onReload={reload}
        />
      )}
    </Stack>
  );
}
