import { Badge, Button, Group, Modal, MultiSelect, Select, Stack, Table, Textarea, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createQueue, replaceQueueMembers, type Queue } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { queuesQueryKey, useQueues } from '../service/lookups';
import { nameMap, useBusinessUnits, useUsers } from './useAdminLists';

function QueueForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const units = useBusinessUnits();
  const users = useUsers();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [email, setEmail] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [members, setMembers] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const key = useRef(newIdempotencyKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setErrors({});
    try {
      const queue = await unwrap(
        createQueue({
          body: { name: name.trim(), business_unit_id: unitId ?? '', description: description.trim() || null, email: email.trim() || null },
          headers: { 'Idempotency-Key': key.current },
        }),
      );
      if (members.length > 0) await unwrap(replaceQueueMembers({ path: { queue_id: queue.id }, body: { user_ids: members } }));
      await queryClient.invalidateQueries({ queryKey: ['queues'] });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    }
  }
  return (
    <form onSubmit={submit} data-testid="queue-form">
      <Stack>
        <ErrorAlert error={failure instanceof ApiError && failure.status === 422 ? null : failure} />
        <TextInput label={t('common.name')} name="name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
        <Select
          label={t('admin.businessUnit')}
          required
          searchable
          data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          value={unitId}
          onChange={setUnitId}
          error={errors.business_unit_id}
        />
        <TextInput label={t('admin.queueEmail')} name="email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} />
        <Textarea label={t('common.description')} name="description" autosize value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} />
        <MultiSelect label={t('admin.members')} searchable data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} value={members} onChange={setMembers} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="queue-save">
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MembersForm({ queue, onDone }: { queue: Queue; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useUsers();
  const [members, setMembers] = useState<string[]>(queue.member_ids);
  const [failure, setFailure] = useState<unknown>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      await unwrap(replaceQueueMembers({ path: { queue_id: queue.id }, body: { user_ids: members }, headers: { 'If-Match': etagOf(queue.version) } }));
      await queryClient.invalidateQueries({ queryKey: queuesQueryKey });
      onDone();
    } catch (e) {
      setFailure(e);
    }
  }
  return (
    <form onSubmit={submit} data-testid="members-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? (
          <ConflictAlert onReload={() => void queryClient.invalidateQueries({ queryKey: queuesQueryKey }).then(onDone)} />
        ) : (
          <ErrorAlert error={failure} />
        )}
        <MultiSelect label={t('admin.members')} searchable data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} value={members} onChange={setMembers} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="members-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Queues (jonot) and who works from each. */
export function QueuesPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const queues = useQueues();
  const units = useBusinessUnits();
  const users = useUsers();
  const unitNames = nameMap(units.data?.items);
  const userNames = nameMap(users.data?.items);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Queue | null>(null);
  const mayUpdate = permissions.can('queue', 'update');
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('nav.queues')}</Title>
        {permissions.can('queue', 'create') && (
          <Button onClick={() => setCreating(true)} data-testid="new-queue">
            {t('admin.newQueue')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={queues.error} />
      <Table striped data-testid="queues-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('admin.businessUnit')}</Table.Th>
            <Table.Th>{t('admin.queueEmail')}</Table.Th>
            <Table.Th>{t('admin.openRequests')}</Table.Th>
            <Table.Th>{t('admin.members')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(queues.data ?? []).map((q) => (
            <Table.Tr key={q.id} data-testid="queue-row">
              <Table.Td>
                {q.name}{' '}
                {!q.is_active && (
                  <Badge size="xs" color="gray">
                    {t('admin.inactive')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{unitNames.get(q.business_unit_id) ?? ''}</Table.Td>
              <Table.Td>{q.email ?? ''}</Table.Td>
              <Table.Td>
                <Badge variant="light">{q.open_count}</Badge>
              </Table.Td>
              <Table.Td>{q.member_ids.map((id) => userNames.get(id) ?? '…').join(', ')}</Table.Td>
              <Table.Td>
                {mayUpdate && (
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing(q)} data-testid="edit-members">
                    {t('admin.editMembers')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('admin.newQueue')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <QueueForm onDone={() => setCreating(false)} />
      </Modal>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? `${t('admin.members')}: ${editing.name}` : ''} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {editing && <MembersForm queue={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}
