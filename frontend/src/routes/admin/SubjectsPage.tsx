import { Badge, Button, Group, Modal, NumberInput, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createSubject, updateSubject, type Subject } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { flattenSubjects, subjectsQueryKey, useSubjects } from '../service/lookups';

interface FormProps {
  subject?: Subject;
  parentId?: string | null;
  subjects: Subject[];
  onDone: () => void;
}

/** Create or edit one subject; a subject cannot move under itself or its own children. */
function SubjectForm({ subject, parentId = null, subjects, onDone }: FormProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(subject?.name ?? '');
  const [nameEn, setNameEn] = useState(subject?.name_en ?? '');
  const [parent, setParent] = useState<string | null>(subject ? subject.parent_id : parentId);
  const [order, setOrder] = useState<number | string>(subject?.sort_order ?? 0);
  const [active, setActive] = useState(subject?.is_active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const key = useRef(newIdempotencyKey());
  const nodes = flattenSubjects(subjects, i18n.language);
  // Not itself, nor anything below it.
  const below = new Set<string>();
  if (subject) {
    below.add(subject.id);
    for (const n of nodes) if (n.subject.parent_id && below.has(n.subject.parent_id)) below.add(n.subject.id);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setErrors({});
    const body = {
      name: name.trim(),
      name_en: nameEn.trim() || null,
      parent_id: parent,
      sort_order: typeof order === 'number' ? order : 0,
      is_active: active,
    };
    try {
      if (subject) await unwrap(updateSubject({ path: { subject_id: subject.id }, body, headers: { 'If-Match': etagOf(subject.version) } }));
      else await unwrap(createSubject({ body, headers: { 'Idempotency-Key': key.current } }));
      await queryClient.invalidateQueries({ queryKey: subjectsQueryKey });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    }
  }
  return (
    <form onSubmit={submit} data-testid="subject-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? (
          <ConflictAlert onReload={() => void queryClient.invalidateQueries({ queryKey: subjectsQueryKey }).then(onDone)} />
        ) : (
          <ErrorAlert error={failure instanceof ApiError && failure.status === 422 ? null : failure} />
        )}
        <TextInput label={t('common.name')} name="name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
        <TextInput label={t('admin.nameEn')} name="name_en" value={nameEn} onChange={(e) => setNameEn(e.currentTarget.value)} error={errors.name_en} />
        <Select
          label={t('admin.parentSubject')}
          placeholder={t('admin.noParent')}
          clearable
          searchable
          data={nodes.filter((n) => !below.has(n.subject.id)).map((n) => ({ value: n.subject.id, label: n.path }))}
          value={parent}
          onChange={setParent}
          error={errors.parent_id}
        />
        <NumberInput label={t('admin.sortOrder')} value={order} onChange={setOrder} error={errors.sort_order} />
        <Switch label={t('common.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="subject-save">
            {subject ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The admin-managed subject tree (Aiheet) that requests are classified by. */
export function SubjectsPage() {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const subjects = useSubjects();
  const [editing, setEditing] = useState<{ subject?: Subject; parentId?: string | null } | null>(null);
  const mayCreate = permissions.can('subject', 'create');
  const mayUpdate = permissions.can('subject', 'update');
  const nodes = flattenSubjects(subjects.data ?? [], i18n.language);
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('nav.subjects')}</Title>
        {mayCreate && (
          <Button onClick={() => setEditing({ parentId: null })} data-testid="new-subject">
            {t('admin.newSubject')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={subjects.error} />
      <Table striped data-testid="subjects-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('admin.nameEn')}</Table.Th>
            <Table.Th>{t('admin.sortOrder')}</Table.Th>
            <Table.Th>{t('apiKey.status')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {nodes.map(({ subject: s, depth }) => (
            <Table.Tr key={s.id} data-testid="subject-row">
              <Table.Td style={{ paddingLeft: 12 + depth * 24 }}>
                <Text size="sm" fw={depth === 0 ? 600 : 400}>
                  {depth > 0 ? '└ ' : ''}
                  {s.name}
                </Text>
              </Table.Td>
              <Table.Td>{s.name_en ?? ''}</Table.Td>
              <Table.Td>{s.sort_order}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={s.is_active ? 'green' : 'gray'}>
                  {s.is_active ? t('admin.active') : t('admin.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end">
                  {mayCreate && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ parentId: s.id })}>
                      {t('admin.addChild')}
                    </Button>
                  )}
                  {mayUpdate && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ subject: s })}>
                      {t('common.edit')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.subject ? t('admin.editSubject') : t('admin.newSubject')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && <SubjectForm subject={editing.subject} parentId={editing.parentId} subjects={subjects.data ?? []} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}
