/**
 * The visual filter builder: edits a filter AST (`ast.ts`) against a catalogue from
 * `GET /filter-catalogues/{entity}` (`useFilterCatalogue`), so no field list is hard-coded.
 * Groups (all / any), negation, field conditions and relation conditions ("has an order
 * where …"), nested. Used by the account search, segments and marketing lists.
 *
 *   <FilterBuilder catalogue={catalogue} value={filter} onChange={setFilter} />
 *
 * `renderValue` may replace the value input of a field (e.g. a classification picker).
 */
import { ActionIcon, Badge, Button, Checkbox, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultValue, emptyGroup, fromEditor, LIST_OPS, newCondition, newHas, NULL_OPS, RELATIVE_OPS, replaceNode, toEditor, type Catalogue, type CatalogueField, type EditorNode, type FilterJson, type FilterValue } from './ast';

export type ValueRenderer = (field: CatalogueField, op: string, value: FilterValue, onChange: (value: FilterValue) => void, entity: string) => ReactNode | undefined;

export interface FilterBuilderProps {
  catalogue: Catalogue;
  value: FilterJson | null | undefined;
  onChange: (value: FilterJson) => void;
  renderValue?: ValueRenderer;
  /** How many relations deep "has" may be added (default 2). */
  maxRelationDepth?: number;
}

export function FilterBuilder({ catalogue, value, onChange, renderValue, maxRelationDepth = 2 }: FilterBuilderProps) {
  const [root, setRoot] = useState<EditorNode>(() => toEditor(value));
  const emitted = useRef<string>(JSON.stringify(value ?? null));
  useEffect(() => {
    const text = JSON.stringify(value ?? null);
    if (text !== emitted.current) {
      emitted.current = text;
      setRoot(toEditor(value));
    }
  }, [value]);
  const update = (key: string, next: EditorNode | null) => {
    const changed = replaceNode(root, key, next);
    setRoot(changed);
    const json = fromEditor(changed);
    emitted.current = JSON.stringify(json);
    onChange(json);
  };
  return (
    <div data-testid="filter-builder">
      <NodeEditor node={root} catalogue={catalogue} update={update} isRoot renderValue={renderValue} depthLeft={maxRelationDepth} />
    </div>
  );
}

interface NodeProps {
  node: EditorNode;
  catalogue: Catalogue;
  update: (key: string, next: EditorNode | null) => void;
  isRoot?: boolean;
  renderValue?: ValueRenderer;
  depthLeft: number;
}

function label(t: (k: string, o?: Record<string, unknown>) => string, entity: string, field: string) {
  return t(`classifications.filter.fields.${entity}.${field}`, { defaultValue: t(`classifications.filter.fields.common.${field}`, { defaultValue: field }) });
}

function NodeEditor(props: NodeProps) {
  const { node } = props;
  if (node.kind === 'group') return <GroupEditor {...props} node={node} />;
  if (node.kind === 'has') return <HasEditor {...props} node={node} />;
  return <ConditionEditor {...props} node={node} />;
}

function NegateBox({ node, update }: { node: EditorNode; update: NodeProps['update'] }) {
  const { t } = useTranslation();
  return <Checkbox size="xs" label={t('classifications.filter.not')} checked={node.negate} onChange={(e) => update(node.key, { ...node, negate: e.currentTarget.checked })} data-testid="filter-negate" />;
}

function GroupEditor({ node, catalogue, update, isRoot, renderValue, depthLeft }: NodeProps & { node: Extract<EditorNode, { kind: 'group' }> }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<string | null>(null);
  const add = (child: EditorNode) => update(node.key, { ...node, children: [...node.children, child] });
  const options = [
    { group: t('classifications.filter.fieldsGroup'), items: catalogue.fields.map((f) => ({ value: `f:${f.field}`, label: label(t, catalogue.entity, f.field) })) },
    ...(depthLeft > 0 && catalogue.relations.length
      ? [{ group: t('classifications.filter.relationsGroup'), items: catalogue.relations.map((r) => ({ value: `r:${r.relation}`, label: t('classifications.filter.has', { relation: label(t, catalogue.entity, r.relation) }) })) }]
      : []),
  ];
  const onPick = (picked: string | null) => {
    setAdding(null);
    if (!picked) return;
    const [kind, name] = [picked.slice(0, 1), picked.slice(2)];
    if (kind === 'r') add(newHas(name));
    else {
      const field = catalogue.fields.find((f) => f.field === name);
      if (field) add(newCondition(field));
    }
  };
  return (
    <Paper withBorder p="xs" data-testid="filter-group">
      <Stack gap="xs">
        <Group gap="xs">
          {node.mode === 'not' ? (
            <Badge color="red">{t('classifications.filter.not')}</Badge>
          ) : (
            <SegmentedControl size="xs" value={node.mode} onChange={(mode) => update(node.key, { ...node, mode: mode as 'all' | 'any' })} data={[{ value: 'all', label: t('classifications.filter.all') }, { value: 'any', label: t('classifications.filter.any') }]} data-testid="filter-mode" />
          )}
          {node.mode !== 'not' ? <NegateBox node={node} update={update} /> : null}
          {!isRoot ? (
            <ActionIcon variant="subtle" color="red" aria-label={t('classifications.filter.remove')} onClick={() => update(node.key, null)} data-testid="filter-remove">
              ×
            </ActionIcon>
          ) : null}
        </Group>
        {node.children.map((child) => (
          <NodeEditor key={child.key} node={child} catalogue={catalogue} update={update} renderValue={renderValue} depthLeft={depthLeft} />
        ))}
        {node.mode !== 'not' || node.children.length === 0 ? (
          <Group gap="xs">
            <Select size="xs" w={260} placeholder={t('classifications.filter.addCondition')} aria-label={t('classifications.filter.addCondition')} data={options} value={adding} onChange={onPick} searchable selectFirstOptionOnChange data-testid="filter-add" />
            <Button size="xs" variant="subtle" onClick={() => add(emptyGroup(node.mode === 'all' ? 'any' : 'all'))} data-testid="filter-add-group">
              {t('classifications.filter.addGroup')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

function HasEditor({ node, catalogue, update, renderValue, depthLeft }: NodeProps & { node: Extract<EditorNode, { kind: 'has' }> }) {
  const { t } = useTranslation();
  const related = catalogue.relations.find((r) => r.relation === node.relation);
  return (
    <Paper withBorder p="xs" bg="var(--mantine-color-gray-0)" data-testid="filter-has">
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={500}>
            {t('classifications.filter.has', { relation: label(t, catalogue.entity, node.relation) })}
          </Text>
          <NegateBox node={node} update={update} />
          <ActionIcon variant="subtle" color="red" aria-label={t('classifications.filter.remove')} onClick={() => update(node.key, null)} data-testid="filter-remove">
            ×
          </ActionIcon>
        </Group>
        {related ? <NodeEditor node={node.where} catalogue={related} update={update} isRoot renderValue={renderValue} depthLeft={depthLeft - 1} /> : <Text c="red">{node.relation}</Text>}
      </Stack>
    </Paper>
  );
}

function ConditionEditor({ node, catalogue, update, renderValue }: NodeProps & { node: Extract<EditorNode, { kind: 'condition' }> }) {
  const { t } = useTranslation();
  const field = catalogue.fields.find((f) => f.field === node.field);
  if (!field) return <Text c="red">{node.field}</Text>;
  const setValue = (value: FilterValue) => update(node.key, { ...node, value });
  const custom = renderValue?.(field, node.op, node.value, setValue, catalogue.entity);
  return (
    <Group gap="xs" align="flex-end" data-testid="filter-condition">
      <Text size="sm" w={160}>
        {label(t, catalogue.entity, field.field)}
      </Text>
      <Select size="xs" w={170} aria-label={t('classifications.filter.operator')} data={field.ops.map((op) => ({ value: op, label: t(`classifications.filter.ops.${op}`, { defaultValue: op }) }))} value={node.op} allowDeselect={false} onChange={(op) => op && update(node.key, { ...node, op, value: defaultValue(field, op) })} data-testid="filter-op" />
      {custom !== undefined ? custom : <ValueInput field={field} op={node.op} value={node.value} onChange={setValue} entity={catalogue.entity} />}
      <NegateBox node={node} update={update} />
      <ActionIcon variant="subtle" color="red" aria-label={t('classifications.filter.remove')} onClick={() => update(node.key, null)} data-testid="filter-remove">
        ×
      </ActionIcon>
    </Group>
  );
}

function ValueInput({ field, op, value, onChange, entity }: { field: CatalogueField; op: string; value: FilterValue; onChange: (v: FilterValue) => void; entity: string }) {
  const { t } = useTranslation();
  const name = t('classifications.filter.value');
  if (NULL_OPS.includes(op)) return null;
  const enumLabel = (v: string) => t(`classifications.filter.values.${entity}.${field.field}.${v}`, { defaultValue: v });
  if (RELATIVE_OPS.includes(op)) {
    const days = (value as { days?: number } | null)?.days ?? 365;
    return <NumberInput size="xs" w={120} aria-label={name} min={1} value={days} suffix={` ${t('classifications.filter.days')}`} onChange={(v) => onChange({ days: Number(v) || 1 })} data-testid="filter-value" />;
  }
  if (LIST_OPS.includes(op) || (field.many && (op === 'eq' || op === 'ne'))) {
    const list = Array.isArray(value) ? (value as string[]).map(String) : value ? [String(value)] : [];
    const asList = LIST_OPS.includes(op);
    if (field.type === 'enum')
      return <MultiSelect size="xs" w={260} aria-label={name} data={field.values.map((v) => ({ value: v, label: enumLabel(v) }))} value={list} onChange={(v) => onChange(asList ? v : v[0] ?? '')} data-testid="filter-value" />;
    return <TagsInput size="xs" w={260} aria-label={name} value={list} onChange={(v) => onChange(asList ? (field.type === 'number' ? v.map(Number) : v) : v[0] ?? '')} data-testid="filter-value" />;
  }
  if (op === 'between') {
    const pair = Array.isArray(value) ? value : ['', ''];
    const one = (i: number) => (v: FilterValue) => onChange(pair.map((p, j) => (j === i ? v : p)));
    return (
      <Group gap={4}>
        <Scalar field={field} value={pair[0]} onChange={one(0)} name={name} enumLabel={enumLabel} />
        <Scalar field={field} value={pair[1]} onChange={one(1)} name={name} enumLabel={enumLabel} />
      </Group>
    );
  }
  return <Scalar field={field} value={value} onChange={onChange} name={name} enumLabel={enumLabel} />;
}

function Scalar({ field, value, onChange, name, enumLabel }: { field: CatalogueField; value: FilterValue; onChange: (v: FilterValue) => void; name: string; enumLabel: (v: string) => string }) {
  const { t } = useTranslation();
  if (field.type === 'boolean')
    return <SegmentedControl size="xs" value={value === false ? 'false' : 'true'} onChange={(v) => onChange(v === 'true')} data={[{ value: 'true', label: t('classifications.filter.yes') }, { value: 'false', label: t('classifications.filter.no') }]} data-testid="filter-value" />;
  if (field.type === 'number') return <NumberInput size="xs" w={120} aria-label={name} value={typeof value === 'number' ? value : 0} onChange={(v) => onChange(Number(v) || 0)} data-testid="filter-value" />;
  if (field.type === 'enum') return <Select size="xs" w={180} aria-label={name} data={field.values.map((v) => ({ value: v, label: enumLabel(v) }))} value={typeof value === 'string' ? value : null} allowDeselect={false} onChange={(v) => onChange(v ?? '')} data-testid="filter-value" />;
  const type = field.type === 'date' || field.type === 'datetime' ? 'date' : 'text';
  return <TextInput size="xs" w={200} type={type} aria-label={name} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} data-testid="filter-value" />;
}
