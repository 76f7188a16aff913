/** The leads area's small lists (regions, queues, project types) and its pickers' searches. */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/problem';
import { listProducts, listProjectTypes, listQueues, listRegions } from '../../api/sdk';
import type { Option } from '../../components/RemoteSelect';

export function localName(item: { name: string; name_en?: string | null; name_sv?: string | null }, language: string): string {
  if (language === 'en' && item.name_en) return item.name_en;
  if (language === 'sv' && item.name_sv) return item.name_sv;
  return item.name;
}

export function useRegions() {
  return useQuery({
    queryKey: ['regions', 'all'],
    queryFn: async () => (await unwrap(listRegions({ query: { limit: 200, sort: 'name' } }))).items,
    staleTime: 5 * 60_000,
  });
}

export function useQueues() {
  return useQuery({
    queryKey: ['queues', 'all'],
    queryFn: async () => (await unwrap(listQueues({ query: { limit: 200 } as never }))).items,
    staleTime: 5 * 60_000,
  });
}

export function useProjectTypes() {
  return useQuery({
    queryKey: ['project-types', 'all'],
    queryFn: async () => (await unwrap(listProjectTypes({ query: { limit: 200 } as never }))).items,
    staleTime: 5 * 60_000,
  });
}

/** Every active product (tens, not thousands) for a Select that filters as the user types:
 * the first match is highlighted at once, so "type, Enter" never picks a stale option. */
export function useProductOptions() {
  return useQuery({
    queryKey: ['products', 'active-options'],
    queryFn: async () => (await unwrap(listProducts({ query: { limit: 200, sort: 'name', active: true } }))).items.map((p) => ({ value: p.id, label: p.name })),
    staleTime: 5 * 60_000,
  });
}

/** The names of the products the pickers have found (so a chosen product keeps its label). */
export const productNames = new Map<string, string>();

/** Active products, for the lead's product and the routing test. */
export async function searchProducts(q: string): Promise<Option[]> {
  const page = await unwrap(listProducts({ query: { limit: 20, sort: 'name', active: true, ...(q ? { q } : {}) } }));
  for (const p of page.items) productNames.set(p.id, p.name);
  return page.items.map((p) => ({ value: p.id, label: p.name }));
}
