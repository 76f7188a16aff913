/** The offers area's small lists (offer types, product groups) and its pickers' searches. */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/problem';
import { listActivities, listOfferTypes, listProductGroups, listProducts, type OfferType, type Product, type ProductGroup } from '../../api/sdk';
import type { Option } from '../../components/RemoteSelect';

export const offerTypesQueryKey = ['offer-types', 'all'] as const;
export const productGroupsQueryKey = ['product-groups', 'all'] as const;

export function useOfferTypes() {
  return useQuery({
    queryKey: offerTypesQueryKey,
    queryFn: async () => (await unwrap(listOfferTypes({ query: { limit: 200, sort: 'sort_order' } }))).items,
    staleTime: 5 * 60_000,
  });
}

/** The whole product-group tree (an organisation has tens of groups, not thousands). */
export function useProductGroups() {
  return useQuery({
    queryKey: productGroupsQueryKey,
    queryFn: async () => (await unwrap(listProductGroups({ query: { limit: 200, sort: 'sort_order' } }))).items,
    staleTime: 5 * 60_000,
  });
}

/** A name in the user's language, Finnish when there is no translation. */
export function localName(item: { name: string; name_en?: string | null; name_sv?: string | null }, language: string): string {
  if (language === 'en' && item.name_en) return item.name_en;
  if (language === 'sv' && item.name_sv) return item.name_sv;
  return item.name;
}

export function typeOptions(types: OfferType[] | undefined, language: string, { activeOnly = false, keep }: { activeOnly?: boolean; keep?: string | null } = {}) {
  return (types ?? [])
    .filter((x) => !activeOnly || x.is_active || x.id === keep)
    .map((x) => ({ value: x.id, label: localName(x, language) }));
}

export interface GroupNode {
  group: ProductGroup;
  depth: number;
  /** "Koulutus › Tekniikka ja liikenne" */
  path: string;
}

/** The groups depth first (children under their parent, each level by sort order, then name). */
export function flattenGroups(groups: readonly ProductGroup[], language: string): GroupNode[] {
  const children = new Map<string | null, ProductGroup[]>();
  const ids = new Set(groups.map((g) => g.id));
  for (const g of groups) {
    const parent = g.parent_id && ids.has(g.parent_id) ? g.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), g]);
  }
  const out: GroupNode[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number, prefix: string) => {
    const level = [...(children.get(parent) ?? [])].sort((a, b) => a.sort_order - b.sort_order || localName(a, language).localeCompare(localName(b, language)));
    for (const g of level) {
      if (seen.has(g.id)) continue;
      seen.add(g.id);
      const path = prefix ? `${prefix} › ${localName(g, language)}` : localName(g, language);
      out.push({ group: g, depth, path });
      walk(g.id, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return out;
}

export function productLabel(p: Pick<Product, 'code' | 'name'>): string {
  return [p.code, p.name].filter(Boolean).join(' · ');
}

/** Active products for the line picker, with what a line takes from them. */
export async function searchProducts(q: string): Promise<(Option & { product: Product })[]> {
  const page = await unwrap(listProducts({ query: { limit: 20, sort: 'name', active: true, ...(q ? { q } : {}) } }));
  return page.items.map((p) => ({ value: p.id, label: productLabel(p), product: p }));
}

/** The account's activities, for linking the one where the offer was made. */
export function activitySearch(accountId: string | null) {
  return async (q: string): Promise<Option[]> => {
    if (!accountId) return [];
    const page = await unwrap(listActivities({ query: { limit: 20, account_id: accountId, sort: '-occurred_at', ...(q ? { q } : {}) } }));
    return page.items.map((a) => ({ value: a.id, label: a.subject }));
  };
}
