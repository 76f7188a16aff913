import { Button, Group, Modal, MultiSelect, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap } from '../../api/problem';
import { createTeam } from '../../api/sdk';
import { usePermissions } from '../../api/permissions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { nameMap, useBusinessUnits, useTeams, useUsers } from './useAdminLists';

function TeamForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const units = useBusinessUnits();
  const users = useUsers();
  const [name, setName] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [members, setMembers] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      await unwrap(
        createTeam({
          body: { name: name.trim(), business_unit_id: unitId ?? '', member_ids: members },
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['teams'] });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    }
  }
  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={failure} />
        <TextInput label={t('common.name')} required data-autofocus autoFocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
        <Select label={t('admin.businessUnit')} required searchable nothingFoundMessage={t('common.noResults')} data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} value={unitId} onChange={setUnitId} error={errors.business_unit_id} />
        <MultiSelect label={t('admin.members')} searchable data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} value={members} onChange={setMembers} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit">{t('common.create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function TeamsPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const teams = useTeams();
  const units = useBusinessUnits();
  const users = useUsers();
  const unitNames = nameMap(units.data?.items);
  const userNames = nameMap(users.data?.items);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('nav.teams')}</Title>
        {permissions.can('team', 'create') && (
          <Button onClick={() => setCreating(true)} data-testid="new-team">
            {t('admin.newTeam')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={teams.error} />
      <Table striped data-testid="teams-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('admin.businessUnit')}</Table.Th>
            <Table.Th>{t('admin.members')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(teams.data?.items ?? []).map((team) => (
            <Table.Tr key={team.id}>
              <Table.Td>{team.name}</Table.Td>
              <Table.Td>{unitNames.get(team.business_unit_id) ?? ''}</Table.Td>
              <Table.Td>{(team.member_ids ?? []).map((id) => userNames.get(id) ?? id).join(', ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={creating} onClose={() => setCreating(false)} title={t('admin.newTeam')}>
        <TeamForm onDone={() => setCreating(false)} />
      </Modal>
    </>
  );
}
