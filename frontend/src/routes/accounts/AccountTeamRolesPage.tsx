/**
 * Admin: the roles people have on account teams, named in Finnish, English and Swedish. A role
 * is taken out of use rather than deleted: members keep it, new members cannot get it.
 */
import { Badge, Button, Group, Modal, NumberInput, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createAccountTeamRole, updateAccountTeamRole, type AccountTeamRole } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { useTeamRoles } from './AccountTeamCard';

const rolesKey = ['account-team-roles'] as const;

function RoleForm({ role, onDone }: { role?: AccountTeamRole; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [key, setKey] = useState(role?.key ?? '');
  const [name, setName] = useState(role?.name ?? '');
  const [nameEn, setNameEn] = useState(role?.name_en ?? '');
  const [nameSv, setNameSv] = useState(role?.name_sv ?? '');
  const [order, setOrder] = useState<number | string>(role?.sort_order ?? 0);
  const [active, setActive] = useState(role?.is_active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const idempotency = useRef(newIdempotencyKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    const names = { name: name.trim(), name_en: nameEn.trim() || null, name_sv: nameSv.trim() || null };
    const sortOrder = typeof order === 'number' ? order : 0;
    try {
      if (role) {
        await unwrap(
          updateAccountTeamRole({
            path: { team_role_id: role.id },
            body: { ...names, sort_order: sortOrder, is_active: active },
            headers: { 'If-Match': etagOf(role.version) },
          }),
        );
      } else {
        await unwrap(
          createAccountTeamRole({
            body: { key: key.trim(), ...names, sort_order: sortOrder, is_active: active },
            headers: { 'Idempotency-Key': idempotency.current },
          }),
        );
      }
      await queryClient.invalidateQueries({ queryKey: rolesKey });
      notifications.show({ color: 'green', message: t('accountmgmt.roles.saved') });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    }
  }

  return (
    <form onSubmit={submit} data-testid="team-role-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? (
          <ConflictAlert onReload={() => void queryClient.invalidateQueries({ queryKey: rolesKey }).then(onDone)} />
        ) : (
          <ErrorAlert error={failure instanceof ApiError && failure.status === 422 ? null : failure} />
        )}
        <TextInput
          label={t('accountmgmt.roles.key')}
          description={t('accountmgmt.roles.keyHelp')}
          required={!role}
          disabled={!!role}
          data-autofocus={!role || undefined}
          value={key}
          onChange={(e) => setKey(e.currentTarget.value)}
          error={errors.key}
          data-testid="team-role-key"
        />
        <TextInput
          label={t('accountmgmt.roles.nameFi')}
          required
          data-autofocus={role ? true : undefined}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-testid="team-role-name"
        />
        <TextInput label={t('accountmgmt.roles.nameEn')} value={nameEn} onChange={(e) => setNameEn(e.currentTarget.value)} error={errors.name_en} />
        <TextInput label={t('accountmgmt.roles.nameSv')} value={nameSv} onChange={(e) => setNameSv(e.currentTarget.value)} error={errors.name_sv} />
        <NumberInput label={t('accountmgmt.roles.order')} min={0} value={order} onChange={setOrder} error={errors.sort_order} />
        <Switch
          label={t('accountmgmt.roles.active')}
          description={t('accountmgmt.roles.inactiveHelp')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
          data-testid="team-role-active"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="team-role-save">
            {role ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AccountTeamRolesPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const roles = useTeamRoles();
  const [editing, setEditing] = useState<{ role?: AccountTeamRole } | null>(null);
  const mayCreate = permissions.can('account_team_role', 'create');
  const mayUpdate = permissions.can('account_team_role', 'update');
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('accountmgmt.roles.title')}</Title>
        {mayCreate && (
          <Button onClick={() => setEditing({})} data-testid="new-team-role">
            {t('accountmgmt.roles.new')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t('accountmgmt.roles.inactiveHelp')}
      </Text>
      <ErrorAlert error={roles.error} />
      <Table striped data-testid="team-roles-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('accountmgmt.roles.nameFi')}</Table.Th>
            <Table.Th>{t('accountmgmt.roles.nameEn')}</Table.Th>
            <Table.Th>{t('accountmgmt.roles.nameSv')}</Table.Th>
            <Table.Th>{t('accountmgmt.roles.key')}</Table.Th>
            <Table.Th>{t('accountmgmt.roles.order')}</Table.Th>
            <Table.Th>{t('accountmgmt.roles.state')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(roles.data?.items ?? []).map((r) => (
            <Table.Tr key={r.id} data-testid="team-role-row">
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>{r.name_en ?? ''}</Table.Td>
              <Table.Td>{r.name_sv ?? ''}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {r.key}
                </Text>
              </Table.Td>
              <Table.Td>{r.sort_order}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={r.is_active ? 'green' : 'gray'}>
                  {r.is_active ? t('accountmgmt.roles.active') : t('accountmgmt.roles.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                {mayUpdate && (
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ role: r })} aria-label={`${t('common.edit')}: ${r.name}`}>
                    {t('common.edit')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.role ? t('accountmgmt.roles.edit') : t('accountmgmt.roles.new')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && <RoleForm role={editing.role} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}
