/**
 * The classification tree, read page by page (cursor pagination, at most 200 a page) and
 * shared by the admin page and the chips on accounts and contacts.
 */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/problem';
import { listClassifications, type Classification } from '../../api/sdk';

export type ClassificationKind = 'account' | 'contact';

export const classificationsKey = ['classifications'] as const;

/** Every classification (both kinds, active or not), following `next_cursor` to the end. */
export async function fetchAllClassifications(): Promise<Classification[]> {
  const all: Classification[] = [];
  let cursor: string | null = null;
  // A guard against a server that keeps answering the same cursor.
  for (let page = 0; page < 100; page += 1) {
    const result: { items: Classification[]; next_cursor: string | null } = await unwrap(
      listClassifications({ query: { limit: 200, sort: 'sort_order', ...(cursor ? { cursor } : {}) } }),
    );
    all.push(...result.items);
    if (!result.next_cursor || result.next_cursor === cursor) break;
    cursor = result.next_cursor;
  }
  return all;
}

export function useClassifications(enabled = true) {
  return useQuery({
    queryKey: [...classificationsKey, 'all'],
    queryFn: fetchAllClassifications,
    staleTime: 60_000,
    enabled,
  });
}

/** A classification's name in the user's language (Finnish when there is no translation). */
export function classificationName(c: Pick<Classification, 'name' | 'name_en' | 'name_sv'>, language: string): string {
  if (language.startsWith('en') && c.name_en) return c.name_en;
  if (language.startsWith('sv') && c.name_sv) return c.name_sv;
  return c.name;
}

export interface TreeRow {
  item: Classification;
  depth: number;
  /** Names from the root down to this one, in the user's language. */
  path: string[];
}

/**
 * The tree in display order: each root, then its children (by sort order, then name),
 * depth first. A record whose parent is missing (not visible, or another kind) is shown as
 * a root so that nothing disappears.
 */
export function flattenTree(items: readonly Classification[], language: string): TreeRow[] {
  const ids = new Set(items.map((c) => c.id));
  const children = new Map<string | null, Classification[]>();
  for (const c of items) {
    const parent = c.parent_id && ids.has(c.parent_id) ? c.parent_id : null;
    const list = children.get(parent) ?? [];
    list.push(c);
    children.set(parent, list);
  }
  const order = (a: Classification, b: Classification) =>
    a.sort_order - b.sort_order || classificationName(a, language).localeCompare(classificationName(b, language), language);
  const rows: TreeRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number, path: string[]) => {
    for (const c of [...(children.get(parent) ?? [])].sort(order)) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      const here = [...path, classificationName(c, language)];
      rows.push({ item: c, depth, path: here });
      walk(c.id, depth + 1, here);
    }
  };
  walk(null, 0, []);
  return rows;
}

/** The ids of a classification and everything under it (a node cannot move under these). */
export function subtreeIds(items: readonly Classification[], rootId: string): Set<string> {
  const out = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of items) {
      if (c.parent_id && out.has(c.parent_id) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
    }
  }
  return out;
}
