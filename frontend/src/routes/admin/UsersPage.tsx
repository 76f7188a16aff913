import { Badge, Button, Group, Modal, MultiSelect, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, TextInput, Title, Anchor } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap, unwrapWithResponse } from '../../api/problem';
import { createUser, getUser, listUsers, updateUser, type User, type UserCreate, type UserUpdate } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { usePermissions } from '../../api/permissions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { useCursorPager } from '../../lib/cursorPager';
import { newIdempotencyKey } from '../../lib/format';
import { nameMap, useBusinessUnits, useRoles, useTeams, useUsers } from './useAdminLists';

interface UserValues {
  email: string;
  name: string;
  password: string;
  locale: string;
  business_unit_id: string | null;
  role_ids: string[];
  is_active: boolean;
  manager_id: string | null;
}

function UserForm({ user, etag, onDone, onReload }: { user: User | null; etag: string | null; onDone: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const units = useBusinessUnits();
  const roles = useRoles();
  const colleagues = useUsers();
  const [values, setValues] = useState<UserValues>({
    email: user?.email ?? '',
    name: user?.name ?? '',
    password: '',
    locale: user?.locale ?? 'fi',
    business_unit_id: user?.business_unit_id ?? null,
    role_ids: user?.role_ids ?? [],
    is_active: user?.is_active ?? true,
    manager_id: user?.manager_id ?? null,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<UserValues>) => setValues((v) => ({ ...v, ...p }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      if (user) {
        const body: Record<string, unknown> = {
          email: values.email.trim(),
          name: values.name.trim(),
          locale: values.locale,
          business_unit_id: values.business_unit_id,
          role_ids: values.role_ids,
          is_active: values.is_active,
          manager_id: values.manager_id,
        };
        if (values.password) body.password = values.password;
        await unwrapWithResponse(updateUser({ path: { user_id: user.id }, body: body as UserUpdate, headers: { 'If-Match': etag ?? '*' } }));
      } else {
        const body = {
          email: values.email.trim(),
          name: values.name.trim(),
          password: values.password,
          locale: values.locale,
          business_unit_id: values.business_unit_id ?? '',
          role_ids: values.role_ids,
          manager_id: values.manager_id,
        };
        await unwrap(createUser({ body: body as UserCreate, headers: { 'Idempotency-Key': newIdempotencyKey() } }));
      }
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const conflict = failure instanceof ApiError && failure.status === 412;
  return (
    <form onSubmit={submit} data-testid="user-form">
      <Stack>
        {conflict ? <ConflictAlert onReload={onReload} /> : <ErrorAlert error={failure} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('common.name')} required data-autofocus autoFocus value={values.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} />
          <TextInput label={t('common.email')} type="email" required value={values.email} onChange={(e) => set({ email: e.currentTarget.value })} error={errors.email} />
          <PasswordInput label={t('admin.password')} required={!user} autoComplete="new-password" value={values.password} onChange={(e) => set({ password: e.currentTarget.value })} error={errors.password} />
          <Select label={t('admin.locale')} data={(['fi', 'en', 'sv'] as const).map((l) => ({ value: l, label: t(`language.${l}`) }))} value={values.locale} onChange={(v) => set({ locale: v ?? 'fi' })} allowDeselect={false} />
          <Select label={t('admin.businessUnit')} required searchable nothingFoundMessage={t('common.noResults')} data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} value={values.business_unit_id} onChange={(v) => set({ business_unit_id: v })} error={errors.business_unit_id} />
          <MultiSelect label={t('admin.roles')} data={(roles.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))} value={values.role_ids} onChange={(v) => set({ role_ids: v })} error={errors.role_ids} />
          <Select
            label={t('leads.supervisor')}
            description={t('leads.supervisorHint')}
            clearable
            searchable
            nothingFoundMessage={t('common.noResults')}
            data={(colleagues.data?.items ?? []).filter((u) => u.id !== user?.id && u.is_active).map((u) => ({ value: u.id, label: u.name }))}
            value={values.manager_id}
            onChange={(v) => set({ manager_id: v })}
            error={errors.manager_id}
            data-testid="user-manager"
          />
        </SimpleGrid>
        {user && <Switch label={t('admin.active')} checked={values.is_active} onChange={(e) => set({ is_active: e.currentTarget.checked })} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="user-save">
            {user ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditUser({ userId, onDone }: { userId: string; onDone: () => void }) {
  const [formKey, setFormKey] = useState(0);
  const user = useQuery({
    queryKey: ['users', userId, 'detail'],
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getUser({ path: { user_id: userId } }));
      return { user: data, etag: response.headers.get('ETag') };
    },
  });
  if (user.error) return <ErrorAlert error={user.error} />;
  if (!user.data) return null;
  return (
    <UserForm
      key={formKey}
      user={user.data.user}
      etag={user.data.etag}
      onDone={onDone}
      onReload={() => void user.refetch().then(() => setFormKey((k) => k + 1))}
    />
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const pager = useCursorPager();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const units = useBusinessUnits();
  const roles = useRoles();
  const unitNames = nameMap(units.data?.items);
  const roleNames = nameMap(roles.data?.items);
  const teams = useTeams();
  const teamNames = nameMap(teams.data?.items);
  const users = useQuery({
    queryKey: ['users', 'list', pager.cursor],
    queryFn: () => unwrap(listUsers({ query: { limit: 50, ...(pager.cursor ? { cursor: pager.cursor } : {}) } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('admin.users')}</Title>
        {permissions.can('user', 'create') && (
          <Button onClick={() => setEditing('new')} data-testid="new-user">
            {t('admin.newUser')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={users.error} />
      <Table striped highlightOnHover data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('common.email')}</Table.Th>
            <Table.Th>{t('admin.businessUnit')}</Table.Th>
            <Table.Th>{t('admin.roles')}</Table.Th>
            <Table.Th>{t('admin.teams')}</Table.Th>
            <Table.Th>{t('admin.active')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.data?.items.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                {permissions.can('user', 'update') ? (
                  <Anchor component="button" type="button" onClick={() => setEditing(u.id)}>
                    {u.name}
                  </Anchor>
                ) : (
                  u.name
                )}
              </Table.Td>
              <Table.Td>{u.email}</Table.Td>
              <Table.Td>{unitNames.get(u.business_unit_id) ?? ''}</Table.Td>
              <Table.Td>{(u.role_ids ?? []).map((r) => roleNames.get(r) ?? r).join(', ')}</Table.Td>
              <Table.Td>{(u.team_ids ?? []).map((r) => teamNames.get(r) ?? r).join(', ')}</Table.Td>
              <Table.Td>
                <Badge color={u.is_active ? 'green' : 'gray'} variant="light" style={{ overflow: 'visible' }} miw="max-content">
                  {u.is_active ? t('admin.active') : t('admin.inactive')}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={users.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('admin.newUser') : t('admin.editUser')} size="lg">
        {editing === 'new' && <UserForm user={null} etag={null} onDone={() => setEditing(null)} onReload={() => {}} />}
        {editing && editing !== 'new' && <EditUser userId={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}
