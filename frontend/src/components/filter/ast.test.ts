import { describe, expect, it } from 'vitest';
import { fromEditor, toEditor, type FilterJson } from './ast';

const samples: FilterJson[] = [
  { all: [] },
  { any: [] },
  { field: 'name', op: 'contains', value: 'oy' },
  { not: { field: 'passive', op: 'eq', value: true } },
  { not: { not: { field: 'region', op: 'is_null' } } },
  { not: { not: { not: { all: [{ field: 'size_class', op: 'between', value: [3, 9] }] } } } },
  {
    all: [
      { field: 'size_class', op: 'gte', value: 5 },
      { not: { any: [{ field: 'municipality', op: 'in', value: ['Espoo', 'Vantaa'] }, { field: 'account_class', op: 'eq', value: 'A' }] } },
      { has: 'orders', where: { all: [{ field: 'total', op: 'gt', value: 20000 }, { field: 'ordered_at', op: 'within_last', value: { days: 365 } }] } },
      { not: { has: 'contacts', where: { field: 'buying_role', op: 'eq', value: 'decision_maker' } } },
    ],
  },
];

describe('filter AST ↔ editor tree', () => {
  it.each(samples.map((s) => [JSON.stringify(s), s]))('round-trips %s', (_, sample) => {
    expect(fromEditor(toEditor(sample as FilterJson))).toEqual(sample);
  });

  it('fills in where of a bare has', () => {
    expect(fromEditor(toEditor({ has: 'orders' }))).toEqual({ has: 'orders', where: { all: [] } });
  });
});
