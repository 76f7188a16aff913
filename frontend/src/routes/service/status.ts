/**
 * Status reasons of a service request and the changes the UI offers. The server enforces the
 * rules (a refused change is a 409 whose `allowed` lists the states it would accept); the
 * table here only keeps the menu from offering what would fail.
 */
export const OPEN_STATUSES = ['in_progress', 'on_hold', 'waiting_for_information', 'under_investigation'] as const;
export const CLOSED_STATUSES = ['resolved', 'done'] as const;
export const STATUS_REASONS = [...OPEN_STATUSES, ...CLOSED_STATUSES] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export function isOpenStatus(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/**
 * Where a request may go from `current` without reopening: any other open state or a closed
 * one while open; a resolved request may still be marked done. A closed request comes back
 * only through an explicit reopening (with a note), never through this menu.
 */
export function nextStatuses(current: string): StatusReason[] {
  if (isOpenStatus(current)) return STATUS_REASONS.filter((s) => s !== current);
  if (current === 'resolved') return ['done'];
  return [];
}

/**
 * The states to offer: the server's own list when it sent one (on the record or in a 409's
 * `allowed`), otherwise the table above. Never the current state.
 */
export function statusMenuItems(current: string, serverAllowed?: readonly string[] | null): string[] {
  const list = serverAllowed ?? nextStatuses(current);
  return list.filter((s) => s !== current);
}

export const STATUS_COLORS: Record<string, string> = {
  in_progress: 'blue',
  on_hold: 'gray',
  waiting_for_information: 'yellow',
  under_investigation: 'violet',
  resolved: 'teal',
  done: 'green',
};

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const PRIORITY_COLORS: Record<string, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
export const ORIGINS = ['phone_call', 'email', 'web_form', 'chat', 'visit', 'letter'] as const;
