import { Badge, Button, Group, Modal, NumberInput, SimpleGrid, Stack, Switch, Table, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createOfferType, deleteOfferType, updateOfferType, type OfferType } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { offerTypesQueryKey, useOfferTypes } from './lookups';

function TypeForm({ type, onDone }: { type?: OfferType; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [v, setV] = useState({
    key: type?.key ?? '',
    name: type?.name ?? '',
    name_en: type?.name_en ?? '',
    name_sv: type?.name_sv ?? '',
    description: type?.description ?? '',
    sort_order: type?.sort_order ?? 0,
    is_active: type?.is_active ?? true,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const idempotency = useRef(newIdempotencyKey());
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!/^[a-z][a-z0-9_]{0,49}$/.test(v.key.trim())) found.key = t('offers.types.keyHint');
    if (!v.name.trim()) found.name = t('offers.errors.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = {
      key: v.key.trim(),
      name: v.name.trim(),
      name_en: v.name_en.trim() || null,
      name_sv: v.name_sv.trim() || null,
      description: v.description.trim() || null,
      sort_order: v.sort_order,
      is_active: v.is_active,
    };
    try {
      if (type) await unwrap(updateOfferType({ path: { offer_type_id: type.id }, body, headers: { 'If-Match': etagOf(type.version) } }));
      else await unwrap(createOfferType({ body, headers: { 'Idempotency-Key': idempotency.current } }));
      await queryClient.invalidateQueries({ queryKey: offerTypesQueryKey });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      if (e instanceof ApiError && e.status === 409) setErrors({ key: e.problem.detail ?? '' });
      setFailure(e);
    }
  }
  return (
    <form onSubmit={submit} noValidate data-testid="offer-type-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={() => void queryClient.invalidateQueries({ queryKey: offerTypesQueryKey }).then(onDone)} /> : <ErrorAlert error={failure instanceof ApiError && [409, 422].includes(failure.status) ? null : failure} />}
        <TextInput label={t('offers.types.key')} description={t('offers.types.keyHint')} required maxLength={50} value={v.key} onChange={(e) => set({ key: e.currentTarget.value })} error={errors.key} data-autofocus data-testid="offer-type-key" />
        <TextInput label={t('offers.products.name')} required maxLength={200} value={v.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} data-testid="offer-type-name" />
        <SimpleGrid cols={2}>
          <TextInput label={t('offers.products.nameEn')} maxLength={200} value={v.name_en} onChange={(e) => set({ name_en: e.currentTarget.value })} />
          <TextInput label={t('offers.products.nameSv')} maxLength={200} value={v.name_sv} onChange={(e) => set({ name_sv: e.currentTarget.value })} />
        </SimpleGrid>
        <Textarea label={t('offers.description')} maxLength={2000} autosize minRows={2} value={v.description} onChange={(e) => set({ description: e.currentTarget.value })} />
        <NumberInput label={t('offers.groups.sortOrder')} value={v.sort_order} onChange={(n) => set({ sort_order: typeof n === 'number' ? n : 0 })} />
        <Switch label={t('offers.active')} checked={v.is_active} onChange={(e) => set({ is_active: e.currentTarget.checked })} data-testid="offer-type-active" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="offer-type-save">
            {type ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The offer types administrators maintain; a type offers have is deactivated, not deleted. */
export function OfferTypesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const types = useOfferTypes();
  const [editing, setEditing] = useState<{ type?: OfferType } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  async function remove(type: OfferType) {
    setFailure(null);
    try {
      await unwrap(deleteOfferType({ path: { offer_type_id: type.id }, headers: { 'If-Match': etagOf(type.version) } }));
      await queryClient.invalidateQueries({ queryKey: offerTypesQueryKey });
      notifications.show({ color: 'green', message: t('offers.types.deleted') });
    } catch (e) {
      setFailure(e);
    }
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('offers.types.title')}</Title>
        {permissions.can('offer_type', 'create') && (
          <Button onClick={() => setEditing({})} data-testid="new-offer-type">
            {t('offers.types.new')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={types.error} />
      <ErrorAlert error={failure} />
      <Table striped data-testid="offer-types-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('offers.types.key')}</Table.Th>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('offers.products.nameEn')}</Table.Th>
            <Table.Th>{t('offers.products.nameSv')}</Table.Th>
            <Table.Th>{t('offers.status')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {types.data?.map((ty) => (
            <Table.Tr key={ty.id} data-testid="offer-type-row">
              <Table.Td>
                <code>{ty.key}</code>
              </Table.Td>
              <Table.Td>{ty.name}</Table.Td>
              <Table.Td>{ty.name_en ?? ''}</Table.Td>
              <Table.Td>{ty.name_sv ?? ''}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={ty.is_active ? 'green' : 'gray'}>
                  {ty.is_active ? t('offers.active') : t('offers.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end">
                  {permissions.can('offer_type', 'update') && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ type: ty })} data-testid="offer-type-edit">
                      {t('common.edit')}
                    </Button>
                  )}
                  {permissions.can('offer_type', 'delete') && (
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(ty)} data-testid="offer-type-delete">
                      {t('offers.types.delete')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.type ? t('offers.types.edit') : t('offers.types.new')}>
        {editing && <TypeForm type={editing.type} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
