/** The catalogue of an entity's filter fields and relations, from the API (cached). */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/problem';
import { getFilterCatalogue } from '../../api/sdk';
import type { Catalogue } from './ast';

export function useFilterCatalogue(entity: 'account' | 'contact' | string) {
  return useQuery({
    queryKey: ['filter-catalogues', entity],
    queryFn: async () => (await unwrap(getFilterCatalogue({ path: { entity } }))) as unknown as Catalogue,
    staleTime: 10 * 60_000,
  });
}
