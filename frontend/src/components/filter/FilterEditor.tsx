/**
 * The filter builder with what every screen needs around it: the entity's catalogue from the
 * API, a classification picker for `classifications` fields (labels in the UI language, a
 * parent finds its children), and a loading state. Segments, marketing lists and the account
 * search use it.
 *
 *   <FilterEditor entity="account" value={filter} onChange={setFilter} />
 */
import { Loader, MultiSelect, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { classificationName, flattenTree, useClassifications } from '../../routes/classifications/useClassifications';
import { ErrorAlert } from '../ErrorAlert';
import type { FilterJson } from './ast';
import { FilterBuilder, type ValueRenderer } from './FilterBuilder';
import { LIST_OPS, NULL_OPS } from './ast';
import { useFilterCatalogue } from './useFilterCatalogue';

export interface FilterEditorProps {
  entity: 'account' | 'contact';
  value: FilterJson | null | undefined;
  onChange: (value: FilterJson) => void;
}

/** Which kind of classification a catalogue's `classifications` field holds. */
const KIND_OF: Record<string, 'account' | 'contact'> = { account: 'account', contact: 'contact', account_contact: 'contact' };

export function FilterEditor({ entity, value, onChange }: FilterEditorProps) {
  const { t, i18n } = useTranslation();
  const catalogue = useFilterCatalogue(entity);
  const classifications = useClassifications();
  if (catalogue.error) return <ErrorAlert error={catalogue.error} />;
  if (!catalogue.data) return <Loader size="sm" />;
  const renderValue: ValueRenderer = (field, op, current, set, ent) => {
    if (field.field !== 'classifications') return undefined;
    if (NULL_OPS.includes(op)) return null;
    const kind = KIND_OF[ent] ?? 'account';
    const tree = flattenTree((classifications.data ?? []).filter((c) => c.kind === kind), i18n.language);
    const data = tree.map((r) => ({ value: r.item.id, label: `${'· '.repeat(r.depth)}${classificationName(r.item, i18n.language)}` }));
    const name = t('classifications.filter.value');
    if (LIST_OPS.includes(op)) {
      const list = Array.isArray(current) ? (current as string[]) : [];
      return <MultiSelect size="xs" w={300} searchable aria-label={name} data={data} value={list} onChange={set} data-testid="filter-value" />;
    }
    const one = Array.isArray(current) ? ((current[0] as string | undefined) ?? null) : typeof current === 'string' && current ? current : null;
    return <Select size="xs" w={300} searchable aria-label={name} data={data} value={one} onChange={(v) => set(v ?? '')} data-testid="filter-value" />;
  };
  return <FilterBuilder catalogue={catalogue.data} value={value} onChange={onChange} renderValue={renderValue} />;
}
