/** The live count of a filter while it is being built: debounced, and the last count stays
 * on screen while the next one loads. A filter the API refuses shows its problem instead. */
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { FilterJson } from './ast';

export function useFilterCount<T>(
  key: readonly unknown[],
  filter: FilterJson | null | undefined,
  count: (filter: FilterJson) => Promise<T>,
  options: { enabled?: boolean; delayMs?: number } = {},
) {
  const [debounced] = useDebouncedValue(filter ?? null, options.delayMs ?? 300);
  return useQuery({
    queryKey: [...key, JSON.stringify(debounced)],
    enabled: (options.enabled ?? true) && debounced !== null,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () => count(debounced as FilterJson),
  });
}
