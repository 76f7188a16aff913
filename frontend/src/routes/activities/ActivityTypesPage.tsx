import { ActionIcon, Badge, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Table, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createActivityType, deactivateActivityType, updateActivityType, type ActivityKeywordIn, type ActivityTypeRecord } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { activityTypesQueryKey, localName, useActivityTypes } from './lookups';

const KINDS = ['task', 'phone_call', 'meeting', 'email', 'note'] as const;
const KEY = /^[a-z][a-z0-9_]{0,49}$/;

interface KeywordRow {
  key: string;
  name: string;
  name_en: string;
  name_sv: string;
}

function TypeForm({ type, onDone }: { type?: ActivityTypeRecord; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [v, setV] = useState({
    key: type?.key ?? '',
    kind: (type?.kind ?? 'task') as (typeof KINDS)[number],
    name: type?.name ?? '',
    name_en: type?.name_en ?? '',
    name_sv: type?.name_sv ?? '',
    is_visit: type?.is_visit ?? false,
    sort_order: type?.sort_order ?? 0,
    is_active: type?.is_active ?? true,
  });
  const [keywords, setKeywords] = useState<KeywordRow[]>(() => (type?.keywords ?? []).map((k) => ({ key: k.key, name: k.name, name_en: k.name_en ?? '', name_sv: k.name_sv ?? '' })));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const idempotency = useRef(newIdempotencyKey());
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const setKeyword = (i: number, patch: Partial<KeywordRow>) => setKeywords((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!type && !KEY.test(v.key.trim())) found.key = t('activities.types.keyHint');
    if (!v.name.trim()) found.name = t('activities.errors.required');
    const keys = keywords.map((k) => k.key.trim());
    if (keywords.some((k) => !KEY.test(k.key.trim()) || !k.name.trim()) || new Set(keys).size !== keys.length) found.keywords = t('activities.types.keywordHint');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const kw: ActivityKeywordIn[] = keywords.map((k) => ({ key: k.key.trim(), name: k.name.trim(), name_en: k.name_en.trim() || null, name_sv: k.name_sv.trim() || null }));
    const common = {
      name: v.name.trim(),
      name_en: v.name_en.trim() || null,
      name_sv: v.name_sv.trim() || null,
      is_visit: v.is_visit,
      keywords: kw,
      sort_order: v.sort_order,
      is_active: v.is_active,
    };
    try {
      if (type) await unwrap(updateActivityType({ path: { activity_type_id: type.id }, body: common, headers: { 'If-Match': etagOf(type.version) } }));
      else await unwrap(createActivityType({ body: { ...common, key: v.key.trim(), kind: v.kind }, headers: { 'Idempotency-Key': idempotency.current } }));
      await queryClient.invalidateQueries({ queryKey: activityTypesQueryKey });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      if (e instanceof ApiError && e.status === 409) setErrors({ key: e.problem.detail ?? '' });
      setFailure(e);
    }
  }
  return (
    <form onSubmit={submit} noValidate data-testid="activity-type-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={() => void queryClient.invalidateQueries({ queryKey: activityTypesQueryKey }).then(onDone)} /> : <ErrorAlert error={failure instanceof ApiError && [409, 422].includes(failure.status) ? null : failure} />}
        <SimpleGrid cols={2}>
          <TextInput label={t('activities.types.key')} description={type ? t('activities.types.fixed') : t('activities.types.keyHint')} required disabled={!!type} maxLength={50} value={v.key} onChange={(e) => set({ key: e.currentTarget.value })} error={errors.key} data-autofocus data-testid="activity-type-key" />
          <Select label={t('activities.types.kind')} description={type ? t('activities.types.fixed') : undefined} disabled={!!type} data={KINDS.map((k) => ({ value: k, label: t(`activities.kinds.${k}`) }))} value={v.kind} onChange={(k) => k && set({ kind: k as (typeof KINDS)[number] })} allowDeselect={false} data-testid="activity-type-kind" />
        </SimpleGrid>
        <TextInput label={t('activities.types.nameFi')} required maxLength={100} value={v.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} data-testid="activity-type-name" />
        <SimpleGrid cols={2}>
          <TextInput label={t('activities.types.nameEn')} maxLength={100} value={v.name_en} onChange={(e) => set({ name_en: e.currentTarget.value })} />
          <TextInput label={t('activities.types.nameSv')} maxLength={100} value={v.name_sv} onChange={(e) => set({ name_sv: e.currentTarget.value })} />
        </SimpleGrid>
        <Switch label={t('activities.types.isVisit')} description={t('activities.types.isVisitHint')} checked={v.is_visit} onChange={(e) => set({ is_visit: e.currentTarget.checked })} data-testid="activity-type-visit" />
        <Stack gap={4}>
          <Group justify="space-between">
            <strong>{t('activities.types.keywords')}</strong>
            <Button size="compact-xs" variant="light" onClick={() => setKeywords((rows) => [...rows, { key: '', name: '', name_en: '', name_sv: '' }])} data-testid="activity-type-add-keyword">
              {t('activities.types.addKeyword')}
            </Button>
          </Group>
          {keywords.map((k, i) => (
            <Group key={i} gap={4} wrap="nowrap" data-testid="activity-type-keyword">
              <TextInput aria-label={t('activities.types.key')} placeholder={t('activities.types.key')} value={k.key} onChange={(e) => setKeyword(i, { key: e.currentTarget.value })} />
              <TextInput aria-label={t('activities.types.nameFi')} placeholder={t('activities.types.nameFi')} value={k.name} onChange={(e) => setKeyword(i, { name: e.currentTarget.value })} />
              <TextInput aria-label={t('activities.types.nameEn')} placeholder={t('activities.types.nameEn')} value={k.name_en} onChange={(e) => setKeyword(i, { name_en: e.currentTarget.value })} />
              <TextInput aria-label={t('activities.types.nameSv')} placeholder={t('activities.types.nameSv')} value={k.name_sv} onChange={(e) => setKeyword(i, { name_sv: e.currentTarget.value })} />
              <ActionIcon variant="subtle" color="red" aria-label={t('activities.types.removeKeyword')} onClick={() => setKeywords((rows) => rows.filter((_, j) => j !== i))}>
                ×
              </ActionIcon>
            </Group>
          ))}
          {errors.keywords && <div role="alert" style={{ color: 'var(--mantine-color-red-7)' }}>{errors.keywords}</div>}
        </Stack>
        <NumberInput label={t('activities.types.sortOrder')} value={v.sort_order} onChange={(n) => set({ sort_order: typeof n === 'number' ? n : 0 })} />
        <Switch label={t('activities.types.active')} checked={v.is_active} onChange={(e) => set({ is_active: e.currentTarget.checked })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="activity-type-save">
            {type ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The activity types administrators maintain: kind and key fixed, names in three languages,
 * keywords, visit; a type is deactivated, never deleted. */
export function ActivityTypesPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const types = useActivityTypes();
  const [editing, setEditing] = useState<{ type?: ActivityTypeRecord } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  async function deactivate(type: ActivityTypeRecord) {
    setFailure(null);
    try {
      await unwrap(deactivateActivityType({ path: { activity_type_id: type.id }, headers: { 'If-Match': etagOf(type.version) } }));
      await queryClient.invalidateQueries({ queryKey: activityTypesQueryKey });
    } catch (e) {
      setFailure(e);
    }
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('activities.types.title')}</Title>
        {permissions.can('activity_type', 'create') && (
          <Button onClick={() => setEditing({})} data-testid="new-activity-type">
            {t('activities.types.new')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={types.error} />
      <ErrorAlert error={failure} />
      <Table striped data-testid="activity-types-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('activities.types.key')}</Table.Th>
            <Table.Th>{t('activities.types.name')}</Table.Th>
            <Table.Th>{t('activities.types.kind')}</Table.Th>
            <Table.Th>{t('activities.types.keywords')}</Table.Th>
            <Table.Th>{t('activities.types.status')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {types.data?.map((ty) => (
            <Table.Tr key={ty.id} data-testid="activity-type-row">
              <Table.Td>
                <code>{ty.key}</code>
              </Table.Td>
              <Table.Td>
                {localName(ty, i18n.language)} {ty.is_visit && <Badge size="xs">{t('activities.types.visit')}</Badge>} {ty.is_default && <Badge size="xs" variant="outline">{t('activities.types.default')}</Badge>}
              </Table.Td>
              <Table.Td>{t(`activities.kinds.${ty.kind}`)}</Table.Td>
              <Table.Td>{ty.keywords.map((k) => localName(k, i18n.language)).join(', ')}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={ty.is_active ? 'green' : 'gray'}>
                  {ty.is_active ? t('activities.types.active') : t('activities.types.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end">
                  {permissions.can('activity_type', 'update') && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ type: ty })} data-testid="activity-type-edit">
                      {t('common.edit')}
                    </Button>
                  )}
                  {permissions.can('activity_type', 'update') && ty.is_active && !ty.is_default && (
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => void deactivate(ty)} data-testid="activity-type-deactivate">
                      {t('activities.types.deactivate')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal size="xl" opened={editing !== null} onClose={() => setEditing(null)} title={editing?.type ? t('activities.types.edit') : t('activities.types.new')}>
        {editing && <TypeForm type={editing.type} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
