import { Badge, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createProductGroup, updateProductGroup, type ProductGroup } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { flattenGroups, productGroupsQueryKey, useProductGroups } from './lookups';

function GroupForm({ group, parentId = null, groups, onDone }: { group?: ProductGroup; parentId?: string | null; groups: ProductGroup[]; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(group?.name ?? '');
  const [nameEn, setNameEn] = useState(group?.name_en ?? '');
  const [nameSv, setNameSv] = useState(group?.name_sv ?? '');
  const [parent, setParent] = useState<string | null>(group ? group.parent_id : parentId);
  const [order, setOrder] = useState<number | string>(group?.sort_order ?? 0);
  const [active, setActive] = useState(group?.is_active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const key = useRef(newIdempotencyKey());
  const nodes = flattenGroups(groups, i18n.language);
  // A group cannot move under itself or its own subgroups.
  const below = new Set<string>();
  if (group) {
    below.add(group.id);
    for (const n of nodes) if (n.group.parent_id && below.has(n.group.parent_id)) below.add(n.group.id);
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!name.trim()) {
      setErrors({ name: t('offers.errors.required') });
      return;
    }
    const body = { name: name.trim(), name_en: nameEn.trim() || null, name_sv: nameSv.trim() || null, parent_id: parent, sort_order: typeof order === 'number' ? order : 0, is_active: active };
    try {
      if (group) await unwrap(updateProductGroup({ path: { group_id: group.id }, body, headers: { 'If-Match': etagOf(group.version) } }));
      else await unwrap(createProductGroup({ body, headers: { 'Idempotency-Key': key.current } }));
      await queryClient.invalidateQueries({ queryKey: productGroupsQueryKey });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    }
  }
  return (
    <form onSubmit={submit} noValidate data-testid="group-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={() => void queryClient.invalidateQueries({ queryKey: productGroupsQueryKey }).then(onDone)} /> : <ErrorAlert error={failure} />}
        <TextInput label={t('offers.products.name')} required maxLength={200} data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="group-name" />
        <SimpleGrid cols={2}>
          <TextInput label={t('offers.products.nameEn')} maxLength={200} value={nameEn} onChange={(e) => setNameEn(e.currentTarget.value)} error={errors.name_en} />
          <TextInput label={t('offers.products.nameSv')} maxLength={200} value={nameSv} onChange={(e) => setNameSv(e.currentTarget.value)} error={errors.name_sv} />
        </SimpleGrid>
        <Select
          label={t('offers.groups.parent')}
          placeholder={t('offers.groups.noParent')}
          clearable
          searchable
          data={nodes.filter((n) => !below.has(n.group.id)).map((n) => ({ value: n.group.id, label: n.path }))}
          value={parent}
          onChange={setParent}
          error={errors.parent_id}
          data-testid="group-parent"
        />
        <NumberInput label={t('offers.groups.sortOrder')} value={order} onChange={setOrder} error={errors.sort_order} />
        <Switch label={t('offers.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="group-save">
            {group ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The product groups as a tree (the institute's fields of education, the manufacturer's lines). */
export function ProductGroupsPage() {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const groups = useProductGroups();
  const [editing, setEditing] = useState<{ group?: ProductGroup; parentId?: string | null } | null>(null);
  const mayCreate = permissions.can('product', 'create');
  const mayUpdate = permissions.can('product', 'update');
  const nodes = flattenGroups(groups.data ?? [], i18n.language);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('offers.groups.title')}</Title>
        {mayCreate && (
          <Button onClick={() => setEditing({ parentId: null })} data-testid="new-group">
            {t('offers.groups.new')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={groups.error} />
      <Table striped data-testid="groups-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('offers.products.nameEn')}</Table.Th>
            <Table.Th>{t('offers.products.nameSv')}</Table.Th>
            <Table.Th>{t('offers.groups.sortOrder')}</Table.Th>
            <Table.Th>{t('offers.status')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {nodes.map(({ group: g, depth }) => (
            <Table.Tr key={g.id} data-testid="group-row" data-depth={depth}>
              <Table.Td style={{ paddingLeft: 12 + depth * 24 }}>
                <Text size="sm" fw={depth === 0 ? 600 : 400}>
                  {depth > 0 ? '└ ' : ''}
                  {g.name}
                </Text>
              </Table.Td>
              <Table.Td>{g.name_en ?? ''}</Table.Td>
              <Table.Td>{g.name_sv ?? ''}</Table.Td>
              <Table.Td>{g.sort_order}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={g.is_active ? 'green' : 'gray'}>
                  {g.is_active ? t('offers.active') : t('offers.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end">
                  {mayCreate && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ parentId: g.id })} data-testid="group-add-child">
                      {t('offers.groups.addChild')}
                    </Button>
                  )}
                  {mayUpdate && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ group: g })} data-testid="group-edit">
                      {t('common.edit')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.group ? t('offers.groups.edit') : t('offers.groups.new')}>
        {editing && <GroupForm group={editing.group} parentId={editing.parentId} groups={groups.data ?? []} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
