import { Badge, Button, Checkbox, Group, Loader, Modal, Select, SimpleGrid, Stack, Switch, Table, TextInput, Textarea, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createProduct, listProducts, updateProduct, type Product, type ProductKind } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { SortableTh } from '../../components/SortableTh';
import { useCursorPager } from '../../lib/cursorPager';
import { newIdempotencyKey } from '../../lib/format';
import { formatMoney, InvalidMoney, moneyInput, parseMoney } from '../../lib/money';
import { useDebounced } from '../../lib/useDebounced';
import { flattenGroups, localName, useProductGroups } from './lookups';

const KINDS: ProductKind[] = ['service', 'product'];

function ProductForm({ product, onDone }: { product?: Product; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const groups = useProductGroups();
  const [v, setV] = useState({
    code: product?.code ?? '',
    name: product?.name ?? '',
    name_en: product?.name_en ?? '',
    name_sv: product?.name_sv ?? '',
    kind: (product?.kind ?? 'service') as ProductKind,
    product_group_id: product?.product_group_id ?? null,
    unit: product?.unit ?? '',
    unit_price: moneyInput(product?.unit_price, i18n.language),
    description: product?.description ?? '',
    is_active: product?.is_active ?? true,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!v.name.trim()) found.name = t('offers.errors.required');
    let price: string | null = null;
    try {
      price = parseMoney(v.unit_price);
      if (price?.startsWith('-')) found.unit_price = t('offers.errors.price');
    } catch (e) {
      if (e instanceof InvalidMoney) found.unit_price = t('offers.errors.price');
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = {
      code: v.code.trim() || null,
      name: v.name.trim(),
      name_en: v.name_en.trim() || null,
      name_sv: v.name_sv.trim() || null,
      kind: v.kind,
      product_group_id: v.product_group_id,
      unit: v.unit.trim() || null,
      unit_price: price,
      description: v.description.trim() || null,
      is_active: v.is_active,
    };
    setBusy(true);
    try {
      if (product) await unwrap(updateProduct({ path: { product_id: product.id }, body, headers: { 'If-Match': etagOf(product.version) } }));
      else await unwrap(createProduct({ body, headers: { 'Idempotency-Key': key.current } }));
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      if (e instanceof ApiError && e.status === 409) setErrors({ code: e.problem.detail ?? '' });
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate data-testid="product-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={() => void queryClient.invalidateQueries({ queryKey: ['products'] }).then(onDone)} /> : <ErrorAlert error={failure instanceof ApiError && [409, 422].includes(failure.status) ? null : failure} />}
        <SimpleGrid cols={2}>
          <TextInput label={t('offers.products.code')} maxLength={50} value={v.code} onChange={(e) => set({ code: e.currentTarget.value })} error={errors.code} data-autofocus data-testid="product-code" />
          <Select label={t('offers.products.kind')} data={KINDS.map((k) => ({ value: k, label: t(`offers.products.kinds.${k}`) }))} value={v.kind} onChange={(k) => k && set({ kind: k as ProductKind })} allowDeselect={false} />
        </SimpleGrid>
        <TextInput label={t('offers.products.name')} required maxLength={200} value={v.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} data-testid="product-name" />
        <SimpleGrid cols={2}>
          <TextInput label={t('offers.products.nameEn')} maxLength={200} value={v.name_en} onChange={(e) => set({ name_en: e.currentTarget.value })} error={errors.name_en} />
          <TextInput label={t('offers.products.nameSv')} maxLength={200} value={v.name_sv} onChange={(e) => set({ name_sv: e.currentTarget.value })} error={errors.name_sv} />
        </SimpleGrid>
        <Select
          label={t('offers.products.group')}
          placeholder={t('offers.products.noGroup')}
          clearable
          searchable
          data={flattenGroups(groups.data ?? [], i18n.language).map((n) => ({ value: n.group.id, label: n.path }))}
          value={v.product_group_id}
          onChange={(product_group_id) => set({ product_group_id })}
          error={errors.product_group_id}
          data-testid="product-group"
        />
        <SimpleGrid cols={2}>
          <TextInput label={t('offers.products.unit')} maxLength={20} value={v.unit} onChange={(e) => set({ unit: e.currentTarget.value })} error={errors.unit} data-testid="product-unit" />
          <TextInput label={t('offers.products.price')} inputMode="decimal" placeholder={t('offers.products.priceHint')} value={v.unit_price} onChange={(e) => set({ unit_price: e.currentTarget.value })} error={errors.unit_price} data-testid="product-price" />
        </SimpleGrid>
        <Textarea label={t('offers.products.description')} autosize minRows={2} value={v.description} onChange={(e) => set({ description: e.currentTarget.value })} />
        <Switch label={t('offers.active')} checked={v.is_active} onChange={(e) => set({ is_active: e.currentTarget.checked })} data-testid="product-active" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="product-save">
            {product ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The product register: products and services with their group, unit and price. */
export function ProductsPage() {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const groups = useProductGroups();
  const [search, setSearch] = useState('');
  const [groupId, setGroupId] = useState<string | null>(null);
  const [showInactive, setShowInactive] = useState(false);
  const [sort, setSort] = useState('name');
  const [editing, setEditing] = useState<{ product?: Product } | null>(null);
  const q = useDebounced(search.trim(), 300);
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [q, groupId, showInactive, sort, reset]);
  const query = {
    limit: 50,
    sort,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(q ? { q } : {}),
    ...(groupId ? { product_group_id: groupId } : {}),
    ...(showInactive ? {} : { active: true }),
  };
  const products = useQuery({
    queryKey: ['products', 'list', query],
    queryFn: () => unwrap(listProducts({ query: query as never })),
    placeholderData: keepPreviousData,
  });
  const nodes = flattenGroups(groups.data ?? [], i18n.language);
  const groupPath = new Map(nodes.map((n) => [n.group.id, n.path]));
  const mayWrite = permissions.can('product', 'create') || permissions.can('product', 'update');
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('offers.products.title')}</Title>
        {permissions.can('product', 'create') && (
          <Button onClick={() => setEditing({})} data-testid="new-product">
            {t('offers.products.new')}
          </Button>
        )}
      </Group>
      <Group align="flex-end">
        <TextInput w={260} label={t('common.search')} placeholder={t('offers.products.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} rightSection={products.isFetching ? <Loader size="xs" /> : null} data-testid="product-search" />
        <Select w={300} label={t('offers.products.group')} clearable searchable data={nodes.map((n) => ({ value: n.group.id, label: n.path }))} value={groupId} onChange={setGroupId} />
        <Checkbox mb={8} label={t('offers.products.showInactive')} checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
      </Group>
      <ErrorAlert error={products.error} />
      <Table striped highlightOnHover data-testid="products-table">
        <Table.Thead>
          <Table.Tr>
            <SortableTh field="code" label={t('offers.products.code')} sort={sort} onSort={setSort} />
            <SortableTh field="name" label={t('common.name')} sort={sort} onSort={setSort} />
            <Table.Th>{t('offers.products.group')}</Table.Th>
            <Table.Th>{t('offers.products.kind')}</Table.Th>
            <Table.Th>{t('offers.products.unit')}</Table.Th>
            <Table.Th ta="right">{t('offers.products.price')}</Table.Th>
            <Table.Th>{t('offers.status')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {products.data?.items.map((p) => (
            <Table.Tr key={p.id} data-testid="product-row">
              <Table.Td>{p.code ?? ''}</Table.Td>
              <Table.Td>{localName(p, i18n.language)}</Table.Td>
              <Table.Td>{p.product_group_id ? (groupPath.get(p.product_group_id) ?? '') : ''}</Table.Td>
              <Table.Td>{t(`offers.products.kinds.${p.kind}`)}</Table.Td>
              <Table.Td>{p.unit ?? ''}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatMoney(p.unit_price, i18n.language, { cents: 'always' })}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={p.is_active ? 'green' : 'gray'}>
                  {p.is_active ? t('offers.active') : t('offers.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                {mayWrite && (
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ product: p })} data-testid="product-edit">
                    {t('common.edit')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={products.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.product ? t('offers.products.edit') : t('offers.products.new')} size="lg">
        {editing && <ProductForm product={editing.product} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
