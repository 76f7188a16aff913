import { ActionIcon, Badge, Button, Checkbox, Group, Loader, Modal, MultiSelect, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, useDirectoryNames } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createRoutingRule, listProductGroups, listProducts, listRoutingRules, listTeams, reorderRoutingRules, testRouting, updateRoutingRule, type LeadSource, type RoutingRule, type RoutingTestOut } from '../../api/sdk';
import { LeadError } from './LeadError';
import { RemoteSelect } from '../../components/RemoteSelect';
import { newIdempotencyKey } from '../../lib/format';
import { LEAD_SOURCES } from './LeadCreatePage';
import { RoutingSteps } from './LeadPage';
import { useProductOptions, useQueues, useRegions } from './lookups';

const rulesKey = ['lead-routing-rules', 'all'] as const;

type TargetKind = 'user' | 'team' | 'queue';

interface RuleValues {
  name: string;
  description: string;
  is_active: boolean;
  region_ids: string[];
  product_ids: string[];
  product_group_ids: string[];
  sources: string[];
  target: TargetKind;
  target_id: string | null;
}

function toValues(r: RoutingRule | null): RuleValues {
  if (!r) return { name: '', description: '', is_active: true, region_ids: [], product_ids: [], product_group_ids: [], sources: [], target: 'user', target_id: null };
  const target: TargetKind = r.assign_team_id ? 'team' : r.assign_queue_id ? 'queue' : 'user';
  return {
    name: r.name,
    description: r.description ?? '',
    is_active: r.is_active,
    region_ids: r.region_ids,
    product_ids: r.product_ids,
    product_group_ids: r.product_group_ids,
    sources: r.sources,
    target,
    target_id: r.assign_team_id ?? r.assign_queue_id ?? r.assign_user_id,
  };
}

/** A new order with rule `index` moved by `delta` (−1 up, +1 down). */
export function moved(ids: string[], index: number, delta: number): string[] {
  const to = index + delta;
  if (to < 0 || to >= ids.length) return ids;
  const out = [...ids];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item!);
  return out;
}

function useOptions() {
  const regions = useRegions();
  const queues = useQueues();
  const products = useQuery({ queryKey: ['products', 'all-active'], queryFn: async () => (await unwrap(listProducts({ query: { limit: 200, sort: 'name' } }))).items, staleTime: 60_000 });
  const groups = useQuery({ queryKey: ['product-groups', 'all'], queryFn: async () => (await unwrap(listProductGroups({ query: { limit: 200, sort: 'sort_order' } }))).items, staleTime: 60_000 });
  const teams = useQuery({ queryKey: ['teams', 'all'], queryFn: async () => (await unwrap(listTeams({ query: { limit: 200 } as never }))).items, staleTime: 60_000 });
  return {
    regions: (regions.data ?? []).map((r) => ({ value: r.id, label: r.name })),
    queues: (queues.data ?? []).map((q) => ({ value: q.id, label: q.name })),
    products: (products.data ?? []).map((p) => ({ value: p.id, label: p.name })),
    groups: (groups.data ?? []).map((g) => ({ value: g.id, label: g.name })),
    teams: (teams.data ?? []).map((g) => ({ value: g.id, label: g.name })),
  };
}

function RuleDialog({ rule, onClose, onSaved }: { rule: RoutingRule | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const options = useOptions();
  const names = useDirectoryNames();
  const [v, setV] = useState<RuleValues>(() => toValues(rule));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const set = (patch: Partial<RuleValues>) => setV((x) => ({ ...x, ...patch }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!v.name.trim()) found.name = t('leads.required');
    if (!v.target_id) found.target_id = t('leads.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    const body = {
      name: v.name.trim(),
      description: v.description.trim() || null,
      is_active: v.is_active,
      region_ids: v.region_ids,
      product_ids: v.product_ids,
      product_group_ids: v.product_group_ids,
      sources: v.sources as LeadSource[],
      assign_user_id: v.target === 'user' ? v.target_id : null,
      assign_team_id: v.target === 'team' ? v.target_id : null,
      assign_queue_id: v.target === 'queue' ? v.target_id : null,
    };
    setBusy(true);
    try {
      if (rule) await unwrap(updateRoutingRule({ path: { rule_id: rule.id }, body, headers: { 'If-Match': `"${rule.version}"` } }));
      else await unwrap(createRoutingRule({ body, headers: { 'Idempotency-Key': key } }));
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={onClose} size="lg" title={rule ? t('leads.rules.edit') : t('leads.rules.new')}>
      <form onSubmit={submit} noValidate data-testid="rule-form">
        <Stack>
          <LeadError error={error} />
          <TextInput label={t('leads.rules.name')} required autoFocus value={v.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} data-testid="rule-name" />
          <MultiSelect label={t('leads.rules.regions')} searchable data={options.regions} value={v.region_ids} onChange={(x) => set({ region_ids: x })} data-testid="rule-regions" />
          <MultiSelect label={t('leads.rules.productGroups')} searchable data={options.groups} value={v.product_group_ids} onChange={(x) => set({ product_group_ids: x })} data-testid="rule-groups" />
          <MultiSelect label={t('leads.rules.products')} searchable data={options.products} value={v.product_ids} onChange={(x) => set({ product_ids: x })} data-testid="rule-products" />
          <MultiSelect label={t('leads.rules.sources')} data={LEAD_SOURCES.map((s) => ({ value: s, label: t(`leads.sources.${s}`) }))} value={v.sources} onChange={(x) => set({ sources: x })} data-testid="rule-sources" />
          <SimpleGrid cols={2}>
            <Select
              label={t('leads.rules.targetKind')}
              data={(['user', 'team', 'queue'] as const).map((k) => ({ value: k, label: t(`leads.rules.targets.${k}`) }))}
              value={v.target}
              onChange={(x) => x && set({ target: x as TargetKind, target_id: null })}
              allowDeselect={false}
              data-testid="rule-target-kind"
            />
            {v.target === 'user' ? (
              <RemoteSelect kind="users" label={t('leads.rules.target')} required value={v.target_id} selectedLabel={v.target_id ? names.user(v.target_id) : undefined} onChange={(x) => set({ target_id: x })} search={searchUsers} error={errors.target_id} data-testid="rule-target" />
            ) : (
              <Select label={t('leads.rules.target')} required searchable data={v.target === 'team' ? options.teams : options.queues} value={v.target_id} onChange={(x) => set({ target_id: x })} error={errors.target_id} data-testid="rule-target" />
            )}
          </SimpleGrid>
          <Textarea label={t('leads.rules.description')} value={v.description} onChange={(e) => set({ description: e.currentTarget.value })} />
          <Checkbox label={t('leads.rules.active')} checked={v.is_active} onChange={(e) => set({ is_active: e.currentTarget.checked })} data-testid="rule-active" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="rule-save">
              {t('leads.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The routing test tool: where would a lead of this product from this place go, and why. */
function RoutingTest() {
  const { t } = useTranslation();
  const regions = useRegions();
  const products = useProductOptions();
  const [productId, setProductId] = useState<string | null>(null);
  const [municipality, setMunicipality] = useState('');
  const [regionId, setRegionId] = useState<string | null>(null);
  const [result, setResult] = useState<RoutingTestOut | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!productId) return setError(new Error(t('leads.rules.testNeedsProduct')));
    try {
      setResult(await unwrap(testRouting({ body: { product_id: productId, ...(municipality.trim() ? { municipality: municipality.trim() } : {}), ...(regionId ? { region_id: regionId } : {}) } })));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate data-testid="routing-test">
        <Stack>
          <Title order={4}>{t('leads.rules.testTitle')}</Title>
          <Group align="flex-end">
            <Select w={260} label={t('leads.fields.product')} searchable selectFirstOptionOnChange data={products.data ?? []} value={productId} onChange={setProductId} data-testid="routing-test-product" />
            <TextInput w={200} label={t('leads.fields.municipality')} value={municipality} onChange={(e) => setMunicipality(e.currentTarget.value)} data-testid="routing-test-municipality" />
            <Select w={200} label={t('leads.fields.region')} clearable searchable data={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))} value={regionId} onChange={setRegionId} data-testid="routing-test-region" />
            <Button type="submit" data-testid="routing-test-run">
              {t('leads.rules.testRun')}
            </Button>
          </Group>
          <LeadError error={error} />
          {result && (
            <Stack gap="xs" data-testid="routing-test-result">
              <Text>
                {t('leads.rules.testOutcome', {
                  rule: result.rule_name ?? t('leads.routing.fallback'),
                  target: result.user_name ?? result.queue_name ?? '–',
                  region: result.region_name ?? '–',
                })}
              </Text>
              <RoutingSteps routing={result.routing} />
            </Stack>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

/** Routing rules in the order they are tried: edit, activate, move; and the test tool. */
export function RoutingRulesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const names = useDirectoryNames();
  const options = useOptions();
  const rules = useQuery({ queryKey: rulesKey, queryFn: async () => (await unwrap(listRoutingRules({ query: { limit: 200, sort: 'position' } }))).items });
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const canEdit = permissions.can('lead_setup', 'update') || permissions.can('lead_setup', 'create');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['lead-routing-rules'] });
  const label = (list: { value: string; label: string }[], ids: string[]) => ids.map((id) => list.find((o) => o.value === id)?.label ?? '…').join(', ');
  async function move(index: number, delta: number) {
    const ids = (rules.data ?? []).map((r) => r.id);
    const next = moved(ids, index, delta);
    if (next === ids) return;
    setError(null);
    try {
      await unwrap(reorderRoutingRules({ body: { rule_ids: next } }));
      refresh();
    } catch (e) {
      setError(e);
    }
  }
  const target = (r: RoutingRule) =>
    r.assign_user_id ? names.user(r.assign_user_id) ?? '…' : r.assign_team_id ? `${t('leads.rules.targets.team')}: ${label(options.teams, [r.assign_team_id])}` : r.assign_queue_id ? `${t('leads.rules.targets.queue')}: ${label(options.queues, [r.assign_queue_id])}` : '–';
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('leads.rules.title')}</Title>
        {canEdit && (
          <Button onClick={() => setEditing('new')} data-testid="rule-new">
            {t('leads.rules.new')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('leads.rules.hint')}
      </Text>
      <LeadError error={error ?? rules.error} />
      {!rules.data ? (
        <Loader size="sm" />
      ) : (
        <Table data-testid="rules-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('leads.rules.name')}</Table.Th>
              <Table.Th>{t('leads.rules.conditions')}</Table.Th>
              <Table.Th>{t('leads.rules.target')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.map((r, i) => (
              <Table.Tr key={r.id} data-testid="rule-row" data-rule-id={r.id}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>
                  {r.name}
                  {!r.is_active && (
                    <Badge ml={6} size="xs" color="gray" data-testid="rule-inactive">
                      {t('leads.rules.inactive')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {[
                      r.region_ids.length ? `${t('leads.rules.regions')}: ${label(options.regions, r.region_ids)}` : null,
                      r.product_group_ids.length ? `${t('leads.rules.productGroups')}: ${label(options.groups, r.product_group_ids)}` : null,
                      r.product_ids.length ? `${t('leads.rules.products')}: ${label(options.products, r.product_ids)}` : null,
                      r.sources.length ? `${t('leads.rules.sources')}: ${r.sources.map((s) => t(`leads.sources.${s}`)).join(', ')}` : null,
                    ]
                      .filter(Boolean)
                      .join(' · ') || t('leads.rules.any')}
                  </Text>
                </Table.Td>
                <Table.Td>{target(r)}</Table.Td>
                <Table.Td>
                  {canEdit && (
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon variant="subtle" aria-label={t('leads.rules.up', { name: r.name })} disabled={i === 0} onClick={() => void move(i, -1)} data-testid="rule-up">
                        ↑
                      </ActionIcon>
                      <ActionIcon variant="subtle" aria-label={t('leads.rules.down', { name: r.name })} disabled={i === rules.data.length - 1} onClick={() => void move(i, 1)} data-testid="rule-down">
                        ↓
                      </ActionIcon>
                      <Button size="xs" variant="default" onClick={() => setEditing(r)} data-testid="rule-edit">
                        {t('leads.rules.edit')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <RoutingTest />
      {editing && (
        <RuleDialog
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            notifications.show({ color: 'green', message: t('leads.rules.saved') });
            refresh();
          }}
        />
      )}
    </Stack>
  );
}
