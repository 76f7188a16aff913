/**
 * The account manager and the account team (asiakkuustiimi) on the account page: add a
 * colleague with a role and an access level, change them, remove them. Every change sends the
 * account's ETag (the team is part of the account) and reloads the account afterwards.
 */
import { ActionIcon, Badge, Button, Group, Loader, Modal, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap, unwrapWithResponse } from '../../api/problem';
import {
  getAccountTeam,
  listAccountTeamRoles,
  listUsers,
  putAccountTeamMember,
  removeAccountTeamMember,
  type AccountTeamMember,
  type AccountTeamRole,
  type TeamAccess,
} from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteSelect, type Option } from '../../components/RemoteSelect';
import { formatDate } from '../../lib/format';
import type { AccountPanelProps } from './extensions';

export const teamQueryKey = (accountId: string) => ['accounts', accountId, 'team'] as const;

/** The account's team with its ETag (the account's version). */
export function useAccountTeam(accountId: string) {
  return useQuery({
    queryKey: teamQueryKey(accountId),
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getAccountTeam({ path: { account_id: accountId } }));
      return { team: data, etag: response.headers.get('ETag') ?? `"${data.version}"` };
    },
  });
}

export function useTeamRoles() {
  return useQuery({
    queryKey: ['account-team-roles', 'all'],
    queryFn: () => unwrap(listAccountTeamRoles({ query: { limit: 200 } })),
    staleTime: 5 * 60_000,
  });
}

/** A role's name in the user's language (Finnish when there is no translation). */
export function roleName(role: { name: string; name_en?: string | null; name_sv?: string | null }, language: string): string {
  if (language === 'en' && role.name_en) return role.name_en;
  if (language === 'sv' && role.name_sv) return role.name_sv;
  return role.name;
}

function roleOptions(roles: AccountTeamRole[], language: string, current?: string | null) {
  return roles
    .filter((r) => r.is_active || r.id === current)
    .map((r) => ({ value: r.id, label: roleName(r, language) }));
}

async function activeColleagues(q: string): Promise<Option[]> {
  const page = await unwrap(listUsers({ query: { limit: 20, sort: 'name', is_active: true, ...(q ? { q } : {}) } }));
  return page.items.map((u) => ({ value: u.id, label: u.name }));
}

interface ChangeArgs {
  userId: string;
  name: string;
  body?: { access: TeamAccess; role_id: string | null };
}

/** Runs one team change with the current ETag; a 412 asks for a reload. */
function useTeamChange(accountId: string, etag: string, onChanged: () => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function change({ userId, name, body }: ChangeArgs, message: string): Promise<boolean> {
    setFailure(null);
    setBusy(true);
    try {
      const path = { account_id: accountId, user_id: userId };
      const headers = { 'If-Match': etag };
      const call = body ? putAccountTeamMember({ path, body, headers }) : removeAccountTeamMember({ path, headers });
      const { data, response } = await unwrapWithResponse(call);
      queryClient.setQueryData(teamQueryKey(accountId), { team: data, etag: response.headers.get('ETag') ?? `"${data.version}"` });
      const known = data.members.find((m) => m.user_id === userId)?.name;
      notifications.show({ color: 'green', message: t(message, { name: known ?? name }) });
      onChanged();
      return true;
    } catch (e) {
      setFailure(e);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { change, failure, busy, clear: () => setFailure(null) };
}

function ChangeFailure({ failure, onReload }: { failure: unknown; onReload: () => void }) {
  if (failure instanceof ApiError && failure.status === 412) return <ConflictAlert onReload={onReload} />;
  if (failure instanceof ApiError && failure.status === 422) {
    const messages = Object.values(failure.fieldErrors());
    return <ErrorAlert error={new Error(messages.join(' ') || failure.message)} />;
  }
  return <ErrorAlert error={failure} />;
}

function AddMemberForm({ roles, onSubmit, busy }: {
  roles: AccountTeamRole[];
  busy: boolean;
  onSubmit: (userId: string, name: string, access: TeamAccess, roleId: string | null) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const [user, setUser] = useState<{ id: string; name: string } | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [access, setAccess] = useState<TeamAccess>('read');
  // Names of the colleagues the search showed, to label the picked one.
  const names = useRef(new Map<string, string>());

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!user) return;
    if (await onSubmit(user.id, user.name, access, role)) {
      setUser(null);
      setRole(null);
      setAccess('read');
    }
  }
  return (
    <form onSubmit={submit} data-testid="team-add-form">
      <Group align="flex-end" wrap="wrap">
        <RemoteSelect
          kind="users"
          scope="active"
          label={t('accountmgmt.team.colleague')}
          required
          w={240}
          value={user?.id ?? null}
          selectedLabel={user?.name}
          search={async (q) => {
            const found = await activeColleagues(q);
            for (const o of found) names.current.set(o.value, o.label);
            return found;
          }}
          onChange={(id) => setUser(id ? { id, name: names.current.get(id) ?? '' } : null)}
          data-testid="team-add-user"
          nothingFoundMessage={t('common.noResults')}
        />
        <Select
          label={t('accountmgmt.team.role')}
          placeholder={t('accountmgmt.team.noRole')}
          clearable
          w={220}
          data={roleOptions(roles, i18n.language)}
          value={role}
          onChange={setRole}
          data-testid="team-add-role"
        />
        <Select
          label={t('accountmgmt.team.access')}
          w={180}
          allowDeselect={false}
          data={[
            { value: 'read', label: t('accountmgmt.team.accessRead') },
            { value: 'edit', label: t('accountmgmt.team.accessEdit') },
          ]}
          value={access}
          onChange={(v) => setAccess((v as TeamAccess | null) ?? 'read')}
          data-testid="team-add-access"
        />
        <Button type="submit" disabled={!user} loading={busy} data-testid="team-add-submit">
          {t('accountmgmt.team.addSubmit')}
        </Button>
      </Group>
    </form>
  );
}

function MemberRow({ member, roles, mayManage, busy, onChange, onRemove }: {
  member: AccountTeamMember;
  roles: AccountTeamRole[];
  mayManage: boolean;
  busy: boolean;
  onChange: (access: TeamAccess, roleId: string | null) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  const name = member.name ?? member.user_id;
  const accessLabel = t(member.access === 'edit' ? 'accountmgmt.team.accessEdit' : 'accountmgmt.team.accessRead');
  const roleLabel = member.role ? roleName(member.role, i18n.language) : t('accountmgmt.team.noRole');
  return (
    <Table.Tr data-testid="team-member">
      <Table.Td>
        <Group gap={6}>
          <Text size="sm">{name}</Text>
          {!member.is_active && (
            <Badge size="xs" color="gray" variant="light">
              {t('accountmgmt.team.inactiveUser')}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        {mayManage ? (
          <Select
            aria-label={t('accountmgmt.team.roleOf', { name })}
            size="xs"
            clearable
            placeholder={t('accountmgmt.team.noRole')}
            data={roleOptions(roles, i18n.language, member.role?.id)}
            value={member.role?.id ?? null}
            disabled={busy}
            onChange={(roleId) => onChange(member.access, roleId)}
          />
        ) : (
          <Text size="sm">
            {roleLabel}
            {member.role && !member.role.is_active ? ` (${t('accountmgmt.team.inactiveRole')})` : ''}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {mayManage ? (
          <Select
            aria-label={t('accountmgmt.team.accessOf', { name })}
            size="xs"
            allowDeselect={false}
            data={[
              { value: 'read', label: t('accountmgmt.team.accessRead') },
              { value: 'edit', label: t('accountmgmt.team.accessEdit') },
            ]}
            value={member.access}
            disabled={busy}
            onChange={(access) => access && onChange(access as TeamAccess, member.role?.id ?? null)}
          />
        ) : (
          <Text size="sm">{accessLabel}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {t('accountmgmt.team.addedBy', { name: member.added_by_name ?? '—', date: formatDate(member.added_at, i18n.language) })}
        </Text>
      </Table.Td>
      <Table.Td>
        {mayManage && (
          <ActionIcon variant="subtle" color="red" aria-label={t('accountmgmt.team.removeLabel', { name })} onClick={onRemove} disabled={busy} data-testid="team-remove">
            ✕
          </ActionIcon>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The card on the account's details tab. */
export function AccountTeamCard({ account, onChanged }: AccountPanelProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useAccountTeam(account.id);
  const roles = useTeamRoles();
  const etag = query.data?.etag ?? `"${account.version}"`;
  const { change, failure, busy, clear } = useTeamChange(account.id, etag, onChanged);
  const [removing, setRemoving] = useState<AccountTeamMember | null>(null);
  const reload = () => {
    clear();
    void queryClient.invalidateQueries({ queryKey: ['accounts', account.id] });
  };

  if (query.error) return <ErrorAlert error={query.error} />;
  if (!query.data) return <Loader size="sm" />;
  const { team } = query.data;
  const roleList = roles.data?.items ?? [];
  return (
    <Paper withBorder p="md" data-testid="account-team-card">
      <Stack gap="sm">
        <Title order={4}>{t('accountmgmt.team.title')}</Title>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('accountmgmt.team.manager')}:
          </Text>
          <Text size="sm" data-testid="team-manager">
            {team.account_manager ? team.account_manager.name : t('accountmgmt.team.noManager')}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {t('accountmgmt.team.help')}
        </Text>
        <ChangeFailure failure={failure} onReload={reload} />
        {team.members.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('accountmgmt.team.empty')}
          </Text>
        ) : (
          <Table data-testid="team-members">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('accountmgmt.team.member')}</Table.Th>
                <Table.Th>{t('accountmgmt.team.role')}</Table.Th>
                <Table.Th>{t('accountmgmt.team.access')}</Table.Th>
                <Table.Th>{t('accountmgmt.team.added')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {team.members.map((m) => (
                <MemberRow
                  key={m.user_id}
                  member={m}
                  roles={roleList}
                  mayManage={team.may_manage}
                  busy={busy}
                  onChange={(access, roleId) =>
                    void change({ userId: m.user_id, name: m.name ?? '', body: { access, role_id: roleId } }, 'accountmgmt.team.updatedToast')
                  }
                  onRemove={() => setRemoving(m)}
                />
              ))}
            </Table.Tbody>
          </Table>
        )}
        {team.may_manage && (
          <AddMemberForm
            roles={roleList}
            busy={busy}
            onSubmit={(userId, name, access, roleId) =>
              change({ userId, name, body: { access, role_id: roleId } }, 'accountmgmt.team.addedToast')
            }
          />
        )}
      </Stack>
      <Modal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('accountmgmt.team.remove')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          <Text size="sm">{t('accountmgmt.team.removeConfirm', { name: removing?.name ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              data-autofocus
              data-testid="team-remove-confirm"
              loading={busy}
              onClick={async () => {
                if (!removing) return;
                await change({ userId: removing.user_id, name: removing.name ?? '' }, 'accountmgmt.team.removedToast');
                setRemoving(null);
              }}
            >
              {t('accountmgmt.team.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
