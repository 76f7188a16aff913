/** Reference lists the admin screens share (names for ids in tables and pickers). */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/problem';
import { listRoles, listTeams } from '../../api/sdk';

export { nameMap, useBusinessUnits, useUsers } from '../../api/lookups';

export function useRoles() {
  return useQuery({ queryKey: ['roles', 'all'], queryFn: () => unwrap(listRoles({ query: { limit: 200 } })) });
}
export function useTeams() {
  return useQuery({ queryKey: ['teams', 'all'], queryFn: () => unwrap(listTeams({ query: { limit: 200 } })) });
}
