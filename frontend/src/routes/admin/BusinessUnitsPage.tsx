import { Button, Group, Modal, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap } from '../../api/problem';
import { createBusinessUnit, type BusinessUnit } from '../../api/sdk';
import { usePermissions } from '../../api/permissions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { nameMap, useBusinessUnits } from './useAdminLists';

/** Orders units depth-first so the table reads as a tree. */
export function flattenTree(units: BusinessUnit[]): { unit: BusinessUnit; depth: number }[] {
  const byParent = new Map<string | null, BusinessUnit[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const parent = u.parent_id && ids.has(u.parent_id) ? u.parent_id : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), u]);
  }
  const out: { unit: BusinessUnit; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const u of [...(byParent.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ unit: u, depth });
      visit(u.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

function BusinessUnitForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const units = useBusinessUnits();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      await unwrap(createBusinessUnit({ body: { name: name.trim(), parent_id: parentId ?? '' }, headers: { 'Idempotency-Key': newIdempotencyKey() } }));
      await queryClient.invalidateQueries({ queryKey: ['business-units'] });
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
        <Select
          label={t('admin.parent')}
          searchable
          nothingFoundMessage={t('common.noResults')}
          required
          data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          value={parentId}
          onChange={setParentId}
          error={errors.parent_id}
        />
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

export function BusinessUnitsPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const units = useBusinessUnits();
  const [creating, setCreating] = useState(false);
  const names = nameMap(units.data?.items);
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('admin.businessUnits')}</Title>
        {permissions.can('business_unit', 'create') && (
          <Button onClick={() => setCreating(true)} data-testid="new-business-unit">
            {t('admin.newBusinessUnit')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={units.error} />
      <Table striped data-testid="business-units-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('admin.parent')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {flattenTree(units.data?.items ?? []).map(({ unit, depth }) => (
            <Table.Tr key={unit.id}>
              <Table.Td style={{ paddingInlineStart: 12 + depth * 24 }}>{unit.name}</Table.Td>
              <Table.Td>{unit.parent_id ? (names.get(unit.parent_id) ?? '') : t('admin.noParent')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={creating} onClose={() => setCreating(false)} title={t('admin.newBusinessUnit')}>
        <BusinessUnitForm onDone={() => setCreating(false)} />
      </Modal>
    </>
  );
}
