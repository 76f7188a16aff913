/**
 * Admin: the classification trees (luokittelut) of accounts and of contacts, shown indented.
 * Create one at the root or under a parent, rename it in Finnish, English and Swedish, move
 * it, and take it out of use (or back) — a classification is deactivated, never deleted: the
 * records keep it, it is no longer offered.
 */
import { Badge, Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createClassification, updateClassification, type Classification, type ClassificationUpdate } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import {
  classificationName,
  classificationsKey,
  flattenTree,
  subtreeIds,
  useClassifications,
  type ClassificationKind,
  type TreeRow,
} from './useClassifications';

/** A key suggested from the Finnish name: lower case, a–z, 0–9 and _, starting with a letter. */
export function suggestKey(name: string): string {
  const ascii = name
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '');
  return ascii.slice(0, 50).replace(/_+$/, '');
}

interface FormProps {
  kind: ClassificationKind;
  /** The classification being edited; none: a new one. */
  record?: Classification;
  /** For a new one: the parent it goes under. */
  parentId?: string | null;
  all: Classification[];
  onDone: () => void;
}

function ClassificationForm({ kind: initialKind, record, parentId, all, onDone }: FormProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ClassificationKind>((record?.kind as ClassificationKind | undefined) ?? initialKind);
  const [parent, setParent] = useState<string | null>(record ? record.parent_id : (parentId ?? null));
  const [key, setKey] = useState(record?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(!!record);
  const [name, setName] = useState(record?.name ?? '');
  const [nameEn, setNameEn] = useState(record?.name_en ?? '');
  const [nameSv, setNameSv] = useState(record?.name_sv ?? '');
  const [order, setOrder] = useState<number | string>(record?.sort_order ?? 0);
  const [active, setActive] = useState(record?.is_active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const idempotency = useRef(newIdempotencyKey());

  // The parent is of the same kind, and not the record itself nor anything under it.
  const parentOptions = useMemo(() => {
    const excluded = record ? subtreeIds(all, record.id) : new Set<string>();
    return flattenTree(
      all.filter((c) => c.kind === kind),
      i18n.language,
    )
      .filter((row) => !excluded.has(row.item.id) && (row.item.is_active || row.item.id === parent))
      .map((row) => ({ value: row.item.id, label: row.path.join(' › ') }));
  }, [all, kind, record, parent, i18n.language]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    event.stopPropagation();
    setFailure(null);
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = t('classifications.admin.required');
    if (!record && !key.trim()) missing.key = t('classifications.admin.required');
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    const names = { name: name.trim(), name_en: nameEn.trim() || null, name_sv: nameSv.trim() || null };
    const sortOrder = typeof order === 'number' ? order : 0;
    try {
      if (record) {
        const wanted: ClassificationUpdate = { ...names, parent_id: parent, sort_order: sortOrder, is_active: active };
        // Only what changed: an untouched field is not rewritten.
        const body = Object.fromEntries(
          Object.entries(wanted).filter(([k, v]) => v !== (record as unknown as Record<string, unknown>)[k]),
        ) as ClassificationUpdate;
        if (Object.keys(body).length > 0) {
          await unwrap(
            updateClassification({
              path: { classification_id: record.id },
              body,
              headers: { 'If-Match': etagOf(record.version) },
            }),
          );
        }
      } else {
        await unwrap(
          createClassification({
            body: { kind, key: key.trim(), parent_id: parent, ...names, sort_order: sortOrder, is_active: active },
            headers: { 'Idempotency-Key': idempotency.current },
          }),
        );
      }
      await queryClient.invalidateQueries({ queryKey: classificationsKey });
      notifications.show({ color: 'green', message: t('classifications.admin.saved', { name: names.name }) });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      if (e instanceof ApiError && e.status === 409) setErrors({ key: e.message });
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const fieldError = failure instanceof ApiError && (failure.status === 422 || failure.status === 409);
  // A 422 on a field the form does not show (or without a field) still needs a message.
  const shown = ['kind', 'key', 'name', 'name_en', 'name_sv', 'parent_id', 'sort_order', 'is_active'];
  const otherErrors = Object.entries(errors).filter(([k]) => !shown.includes(k)).map(([, v]) => v);
  return (
    <form onSubmit={submit} data-testid="classification-form" noValidate>
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? (
          <ConflictAlert onReload={() => void queryClient.invalidateQueries({ queryKey: classificationsKey }).then(onDone)} />
        ) : (
          <ErrorAlert error={fieldError ? null : failure} />
        )}
        {fieldError && (
          <Text c="red" size="sm" role="alert" data-testid="classification-form-error">
            {otherErrors.length > 0 ? otherErrors.join(' ') : t('classifications.admin.fixFields')}
          </Text>
        )}
        {!record && (
          <Select
            label={t('classifications.admin.kind')}
            data={[
              { value: 'account', label: t('classifications.admin.kinds.account') },
              { value: 'contact', label: t('classifications.admin.kinds.contact') },
            ]}
            value={kind}
            allowDeselect={false}
            onChange={(v) => {
              if (!v || v === kind) return;
              setKind(v as ClassificationKind);
              setParent(null);
            }}
            error={errors.kind}
            data-testid="classification-kind"
          />
        )}
        <TextInput
          label={t('classifications.admin.nameFi')}
          required
          data-autofocus
          value={name}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setName(value);
            if (!keyTouched) setKey(suggestKey(value));
          }}
          error={errors.name}
          data-testid="classification-name"
        />
        <TextInput
          label={t('classifications.admin.nameEn')}
          value={nameEn}
          onChange={(e) => setNameEn(e.currentTarget.value)}
          error={errors.name_en}
          data-testid="classification-name-en"
        />
        <TextInput
          label={t('classifications.admin.nameSv')}
          value={nameSv}
          onChange={(e) => setNameSv(e.currentTarget.value)}
          error={errors.name_sv}
          data-testid="classification-name-sv"
        />
        <TextInput
          label={t('classifications.admin.key')}
          description={t('classifications.admin.keyHelp')}
          required={!record}
          disabled={!!record}
          value={key}
          onChange={(e) => {
            setKeyTouched(true);
            setKey(e.currentTarget.value);
          }}
          error={errors.key}
          data-testid="classification-key"
        />
        <Select
          label={t('classifications.admin.parent')}
          placeholder={t('classifications.admin.noParent')}
          searchable
          clearable
          data={parentOptions}
          value={parent}
          onChange={setParent}
          nothingFoundMessage={t('common.noResults')}
          error={errors.parent_id}
          data-testid="classification-parent"
        />
        <NumberInput
          label={t('classifications.admin.order')}
          min={0}
          max={100000}
          value={order}
          onChange={setOrder}
          error={errors.sort_order}
        />
        <Switch
          label={t('classifications.admin.active')}
          description={t('classifications.admin.inactiveHelp')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
          data-testid="classification-active"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="classification-save">
            {record ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type Editing = { record?: Classification; parentId?: string | null };

function TreeTable({ rows, mayCreate, mayUpdate, busyId, onEdit, onAddChild, onToggle }: {
  rows: TreeRow[];
  mayCreate: boolean;
  mayUpdate: boolean;
  busyId: string | null;
  onEdit: (c: Classification) => void;
  onAddChild: (c: Classification) => void;
  onToggle: (c: Classification) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table data-testid="classification-tree" aria-label={t('classifications.admin.treeLabel')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('classifications.admin.name')}</Table.Th>
          <Table.Th>{t('classifications.admin.key')}</Table.Th>
          <Table.Th>{t('classifications.admin.order')}</Table.Th>
          <Table.Th>{t('classifications.admin.state')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ item, depth, path }) => {
          const label = path[path.length - 1] ?? item.name;
          return (
            <Table.Tr key={item.id} data-testid="classification-row" data-depth={depth}>
              <Table.Td>
                <Text size="sm" style={{ paddingInlineStart: depth * 24 }} c={item.is_active ? undefined : 'dimmed'}>
                  {depth > 0 && (
                    <Text span c="dimmed" aria-hidden>
                      {'└ '}
                    </Text>
                  )}
                  <span data-testid="classification-label">{label}</span>
                  {depth > 0 && <VisuallyHidden>{` (${t('classifications.admin.under', { path: path.slice(0, -1).join(' › ') })})`}</VisuallyHidden>}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {item.key}
                </Text>
              </Table.Td>
              <Table.Td>{item.sort_order}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={item.is_active ? 'green' : 'gray'}>
                  {item.is_active ? t('classifications.admin.active') : t('classifications.admin.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  {mayUpdate && (
                    <Button size="compact-xs" variant="subtle" onClick={() => onEdit(item)} aria-label={t('classifications.admin.editLabel', { name: label })}>
                      {t('common.edit')}
                    </Button>
                  )}
                  {mayCreate && item.is_active && (
                    <Button size="compact-xs" variant="subtle" onClick={() => onAddChild(item)} aria-label={t('classifications.admin.addChildLabel', { name: label })}>
                      {t('classifications.admin.addChild')}
                    </Button>
                  )}
                  {mayUpdate && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color={item.is_active ? 'red' : 'green'}
                      loading={busyId === item.id}
                      onClick={() => onToggle(item)}
                      aria-label={t(item.is_active ? 'classifications.admin.deactivateLabel' : 'classifications.admin.reactivateLabel', { name: label })}
                    >
                      {t(item.is_active ? 'classifications.admin.deactivate' : 'classifications.admin.reactivate')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function ClassificationsPage() {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const queryClient = useQueryClient();
  const query = useClassifications();
  const [kind, setKind] = useState<ClassificationKind>('account');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const mayCreate = permissions.can('classification', 'create');
  const mayUpdate = permissions.can('classification', 'update');
  const all = useMemo(() => query.data ?? [], [query.data]);
  const rows = useMemo(() => flattenTree(all.filter((c) => c.kind === kind), i18n.language), [all, kind, i18n.language]);

  async function toggle(c: Classification) {
    setFailure(null);
    setBusyId(c.id);
    try {
      await unwrap(
        updateClassification({
          path: { classification_id: c.id },
          body: { is_active: !c.is_active },
          headers: { 'If-Match': etagOf(c.version) },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: classificationsKey });
      notifications.show({
        color: 'green',
        message: t(c.is_active ? 'classifications.admin.deactivated' : 'classifications.admin.reactivated', {
          name: classificationName(c, i18n.language),
        }),
      });
    } catch (e) {
      setFailure(e);
    } finally {
      setBusyId(null);
    }
  }

  const reload = () => {
    setFailure(null);
    void queryClient.invalidateQueries({ queryKey: classificationsKey });
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('classifications.admin.title')}</Title>
        {mayCreate && (
          <Button onClick={() => setEditing({ parentId: null })} data-testid="new-classification">
            {t('classifications.admin.new')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t('classifications.admin.help')}
      </Text>
      <SegmentedControl
        mb="md"
        value={kind}
        onChange={(v) => setKind(v as ClassificationKind)}
        aria-label={t('classifications.admin.kind')}
        data={[
          { value: 'account', label: t('classifications.admin.kinds.account') },
          { value: 'contact', label: t('classifications.admin.kinds.contact') },
        ]}
        data-testid="classification-kind-switch"
      />
      <ErrorAlert error={query.error} />
      {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={reload} /> : <ErrorAlert error={failure} />}
      {query.isPending ? (
        <Text c="dimmed">…</Text>
      ) : rows.length === 0 ? (
        <Text c="dimmed" data-testid="classification-empty">
          {t('classifications.admin.empty')}
        </Text>
      ) : (
        <TreeTable
          rows={rows}
          mayCreate={mayCreate}
          mayUpdate={mayUpdate}
          busyId={busyId}
          onEdit={(record) => setEditing({ record })}
          onAddChild={(parent) => setEditing({ parentId: parent.id })}
          onToggle={(c) => void toggle(c)}
        />
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.record ? t('classifications.admin.edit') : t('classifications.admin.new')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && (
          <ClassificationForm kind={kind} record={editing.record} parentId={editing.parentId} all={all} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </>
  );
}
