/**
 * Names for ids. Users and business units are small directories: each is fetched once
 * (limit 200) and cached, so a list page costs one request, not one per row. Records that
 * fall outside that first page are fetched one by one, only where a single name is shown.
 */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from './problem';
import { getAccount, getBusinessUnit, getUser, listBusinessUnits, listUsers } from './sdk';
import type { Option } from '../components/RemoteSelect';

const DIRECTORY_STALE_MS = 5 * 60_000;

export const usersQueryKey = ['users', 'all'] as const;
export const businessUnitsQueryKey = ['business-units', 'all'] as const;

/** `enabled: false` reads only what is already cached (for callers that need it only sometimes). */
export function useUsers({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: usersQueryKey,
    queryFn: () => unwrap(listUsers({ query: { limit: 200, sort: 'name' } })),
    staleTime: DIRECTORY_STALE_MS,
    enabled,
  });
}

export function useBusinessUnits() {
  return useQuery({
    queryKey: businessUnitsQueryKey,
    queryFn: () => unwrap(listBusinessUnits({ query: { limit: 200, sort: 'name' } })),
    staleTime: DIRECTORY_STALE_MS,
  });
}

export function nameMap(items: { id: string; name: string }[] | undefined): Map<string, string> {
  return new Map((items ?? []).map((i) => [i.id, i.name]));
}

/** id → name for users and business units; `names.user(id)` is undefined until known. */
export function useDirectoryNames() {
  const users = useUsers();
  const units = useBusinessUnits();
  const userNames = nameMap(users.data?.items);
  const unitNames = nameMap(units.data?.items);
  return {
    user: (id: string | null | undefined) => (id ? userNames.get(id) : undefined),
    unit: (id: string | null | undefined) => (id ? unitNames.get(id) : undefined),
    loaded: users.isSuccess && units.isSuccess,
  };
}

/** One user's name: from the cached directory, or fetched when not in its first page. */
export function useUserName(id: string | null | undefined): string | undefined {
  const users = useUsers();
  const fromList = id ? users.data?.items.find((u) => u.id === id)?.name : undefined;
  const single = useQuery({
    queryKey: ['users', id, 'detail-name'],
    queryFn: () => unwrap(getUser({ path: { user_id: id! } })),
    enabled: !!id && users.isSuccess && fromList === undefined,
    staleTime: DIRECTORY_STALE_MS,
  });
  return fromList ?? single.data?.name;
}

export function useBusinessUnitName(id: string | null | undefined): string | undefined {
  const units = useBusinessUnits();
  const fromList = id ? units.data?.items.find((u) => u.id === id)?.name : undefined;
  const single = useQuery({
    queryKey: ['business-units', id, 'detail-name'],
    queryFn: () => unwrap(getBusinessUnit({ path: { unit_id: id! } })),
    enabled: !!id && units.isSuccess && fromList === undefined,
    staleTime: DIRECTORY_STALE_MS,
  });
  return fromList ?? single.data?.name;
}

export function useAccountName(id: string | null | undefined): string | undefined {
  const account = useQuery({
    queryKey: ['accounts', id, 'name'],
    queryFn: () => unwrap(getAccount({ path: { account_id: id! } })),
    enabled: !!id,
    staleTime: DIRECTORY_STALE_MS,
  });
  return account.data?.name;
}

/** Server-side search of active users for a RemoteSelect ('' lists the first page by name). */
export async function searchUsers(q: string): Promise<Option[]> {
  const page = await unwrap(listUsers({ query: { limit: 20, sort: 'name', is_active: true, ...(q ? { q } : {}) } }));
  return page.items.map((u) => ({ value: u.id, label: u.name }));
}
