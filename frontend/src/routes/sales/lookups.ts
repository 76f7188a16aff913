/** Project types (a small, organisation-wide list) for selectors and names. */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/problem';
import { listProjectTypes, type ProjectType } from '../../api/sdk';
import { localName } from './status';

export const projectTypesQueryKey = ['project-types', 'all'] as const;

export function useProjectTypes() {
  return useQuery({
    queryKey: projectTypesQueryKey,
    queryFn: async () => (await unwrap(listProjectTypes({ query: { limit: 200, sort: 'name' } }))).items,
    staleTime: 5 * 60_000,
  });
}

export function typeOptions(types: ProjectType[] | undefined, language: string, { activeOnly = false } = {}) {
  return (types ?? []).filter((p) => !activeOnly || p.is_active).map((p) => ({ value: p.id, label: localName(p, language) }));
}
