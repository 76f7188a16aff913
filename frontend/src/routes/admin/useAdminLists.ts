/** Reference lists the admin screens share (names for ids in tables and pickers). */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/problem';
import { listBusinessUnits, listRoles, listTeams, listUsers } from '../../api/sdk';

export function useBusinessUnits() {
  return useQuery({ queryKey: ['business-units', 'all'], queryFn: () => unwrap(listBusinessUnits({ query: { limit: 200 } })) });
}
export function useRoles() {
  return useQuery({ queryKey: ['roles', 'all'], queryFn: () => unwrap(listRoles({ query: { limit: 200 } })) });
}
export function useTeams() {
  return useQuery({ queryKey: ['teams', 'all'], queryFn: () => unwrap(listTeams({ query: { limit: 200 } })) });
}
export function useUsers() {
  return useQuery({ queryKey: ['users', 'all'], queryFn: () => unwrap(listUsers({ query: { limit: 200 } })) });
}

export function nameMap(items: { id: string; name: string }[] | undefined): Map<string, string> {
  return new Map((items ?? []).map((i) => [i.id, i.name]));
}
