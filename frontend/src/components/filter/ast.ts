/**
 * The filter AST of `domain/shared/filters.py` in TypeScript, and the editor's own tree.
 *
 * The JSON the API takes: `{all: [...]}`, `{any: [...]}`, `{not: node}`,
 * `{has: relation, where: node}` and `{field, op, value}`. The builder edits a tree of
 * `EditorNode`s with stable keys; `toEditor` / `fromEditor` convert both ways, and
 * `fromEditor(toEditor(x))` gives back `x` for every filter the API accepts.
 */
import type { FilterCatalogueOut, FilterFieldOut } from '../../api/sdk';

export type FilterValue = unknown;
export type FilterJson =
  | { all: FilterJson[] }
  | { any: FilterJson[] }
  | { not: FilterJson }
  | { has: string; where?: FilterJson }
  | { field: string; op: string; value?: FilterValue };

/** A catalogue as `GET /filter-catalogues/{entity}` returns it; relations nest. */
export type Catalogue = Pick<FilterCatalogueOut, 'entity' | 'fields'> & {
  relations: Array<Catalogue & { relation: string }>;
};
export type CatalogueField = FilterFieldOut;

let counter = 0;
const nextKey = () => `n${++counter}`;

export type EditorNode =
  | { key: string; kind: 'group'; mode: 'all' | 'any' | 'not'; negate: boolean; children: EditorNode[] }
  | { key: string; kind: 'has'; relation: string; negate: boolean; where: EditorNode }
  | { key: string; kind: 'condition'; field: string; op: string; value: FilterValue; negate: boolean };

export const NULL_OPS = ['is_null', 'is_not_null'];
export const LIST_OPS = ['in', 'not_in'];
export const RELATIVE_OPS = ['within_last', 'older_than'];

export function emptyGroup(mode: 'all' | 'any' = 'all'): EditorNode {
  return { key: nextKey(), kind: 'group', mode, negate: false, children: [] };
}

export function newCondition(field: CatalogueField): EditorNode {
  const op = field.ops.includes('eq') ? 'eq' : field.ops[0] ?? 'eq';
  return { key: nextKey(), kind: 'condition', field: field.field, op, value: defaultValue(field, op), negate: false };
}

export function newHas(relation: string): EditorNode {
  return { key: nextKey(), kind: 'has', relation, negate: false, where: emptyGroup() };
}

/** A value that fits the field and operator, for a fresh condition or a changed operator. */
export function defaultValue(field: CatalogueField, op: string): FilterValue {
  if (NULL_OPS.includes(op)) return undefined;
  if (RELATIVE_OPS.includes(op)) return { days: 365 };
  if (LIST_OPS.includes(op)) return [];
  if (op === 'between') return field.type === 'number' ? [0, 0] : ['', ''];
  if (field.type === 'boolean') return true;
  if (field.type === 'number') return 0;
  if (field.type === 'enum') return field.values[0] ?? '';
  return '';
}

export function toEditor(json: FilterJson | undefined | null): EditorNode {
  if (!json || typeof json !== 'object') return emptyGroup();
  return convert(json, false);
}

function convert(json: FilterJson, negate: boolean): EditorNode {
  if ('not' in json) {
    // A negated negation stays two levels: an explicit "not" group around the inner one.
    if ('not' in json.not) return { key: nextKey(), kind: 'group', mode: 'not', negate: false, children: [convert(json.not, false)] };
    return convert(json.not, true);
  }
  if ('all' in json) return { key: nextKey(), kind: 'group', mode: 'all', negate, children: json.all.map((c) => convert(c, false)) };
  if ('any' in json) return { key: nextKey(), kind: 'group', mode: 'any', negate, children: json.any.map((c) => convert(c, false)) };
  if ('has' in json) return { key: nextKey(), kind: 'has', relation: json.has, negate, where: toEditor(json.where ?? { all: [] }) };
  return { key: nextKey(), kind: 'condition', field: json.field, op: json.op, value: json.value, negate };
}

export function fromEditor(node: EditorNode): FilterJson {
  let out: FilterJson;
  if (node.kind === 'group' && node.mode === 'not') out = { not: node.children[0] ? fromEditor(node.children[0]) : { all: [] } };
  else if (node.kind === 'group') out = node.mode === 'all' ? { all: node.children.map(fromEditor) } : { any: node.children.map(fromEditor) };
  else if (node.kind === 'has') out = { has: node.relation, where: fromEditor(node.where) };
  else out = NULL_OPS.includes(node.op) ? { field: node.field, op: node.op } : { field: node.field, op: node.op, value: node.value };
  return node.negate ? { not: out } : out;
}

/** Replace the node with `key` (or drop it when `next` is null) anywhere in the tree. */
export function replaceNode(root: EditorNode, key: string, next: EditorNode | null): EditorNode {
  if (root.key === key) return next ?? emptyGroup();
  if (root.kind === 'group') {
    const children = root.children.flatMap((c) => (c.key === key ? (next ? [next] : []) : [replaceNode(c, key, next)]));
    return { ...root, children };
  }
  if (root.kind === 'has') return { ...root, where: replaceNode(root.where, key, next) };
  return root;
}
