/**
 * The filter builder with what every screen needs around it: the entity's catalogue from the
 * API, a classification picker for `classifications` fields (labels in the UI language, a
 * parent finds its children), and a loading state. Segments, marketing lists and the account
 * search use it.
 *
 *   <FilterEditor entity="account" value={filter} onChange={setFilter} />
 */
import { Loader, MultiSelect, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { listClassificationsForFilter, type ClassificationOut } from '../../api/sdk';
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

/** Every classification of a kind (paged through; trees are small). */
export function useClassifications(kind: 'account' | 'contact') {
  return useQuery({
    queryKey: ['classifications', 'all', kind],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const all: ClassificationOut[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await unwrap(listClassificationsForFilter({ query: { kind, limit: 200, cursor, sort: 'sort_order' } }));
        all.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return all;
    },
  });
}

export function classificationLabel(c: ClassificationOut, language: string): string {
  if (language.startsWith('en') && c.name_en) return c.name_en;
  if (language.startsWith('sv') && c.name_sv) return c.name_sv;
  return c.name;
}

/** Which kind of classification a catalogue's `classifications` field holds. */
const KIND_OF: Record<string, 'account' | 'contact'> = { account: 'account', contact: 'contact', account_contact: 'contact' };

export function FilterEditor({ entity, value, onChange }: FilterEditorProps) {
  const { t, i18n } = useTranslation();
  const catalogue = useFilterCatalogue(entity);
  const accountClasses = useClassifications('account');
  const contactClasses = useClassifications('contact');
  if (catalogue.error) return <ErrorAlert error={catalogue.error} />;
  if (!catalogue.data) return <Loader size="sm" />;
  const renderValue: ValueRenderer = (field, op, current, set, ent) => {
    if (field.field !== 'classifications') return undefined;
    if (NULL_OPS.includes(op)) return null;
    const source = (KIND_OF[ent] ?? 'account') === 'account' ? accountClasses.data : contactClasses.data;
    const byId = new Map((source ?? []).map((c) => [c.id, c]));
    const depth = (c: ClassificationOut): number => (c.parent_id && byId.has(c.parent_id) ? 1 + depth(byId.get(c.parent_id) as ClassificationOut) : 0);
    const data = (source ?? []).map((c) => ({ value: c.id, label: `${'· '.repeat(depth(c))}${classificationLabel(c, i18n.language)}` }));
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
