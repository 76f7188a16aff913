/** A small account catalogue for tests of screens that build filters. */
import type { FilterCatalogueOut, FilterFieldOut } from '../../api/sdk';

const field = (name: string, type: string, ops: string[], extra: Partial<FilterFieldOut> = {}): FilterFieldOut => ({
  field: name,
  type,
  ops,
  values: [],
  nullable: false,
  many: false,
  refers_to: null,
  specials: [],
  ...extra,
});

export const accountCatalogue: FilterCatalogueOut = {
  entity: 'account',
  fields: [
    field('region', 'text', ['eq', 'ne', 'in', 'contains', 'is_null']),
    field('size_class', 'number', ['eq', 'gte', 'lte', 'between']),
    field('classifications', 'uuid', ['in', 'not_in', 'is_null'], { many: true }),
  ],
  relations: [
    {
      relation: 'orders',
      entity: 'order',
      fields: [field('ordered_at', 'date', ['eq', 'within_last', 'older_than']), field('total', 'number', ['gt', 'lt'])],
      relations: [],
    },
  ],
};
