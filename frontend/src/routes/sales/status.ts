/** Colours of project and stage statuses. */
import type { ProjectStatus, StageStatus } from './model';

export const PROJECT_STATUSES: readonly ProjectStatus[] = ['open', 'won', 'lost', 'cancelled'];
export const STAGE_STATUSES: readonly StageStatus[] = ['not_started', 'in_progress', 'done', 'skipped'];

export const PROJECT_STATUS_COLORS: Record<string, string> = { open: 'blue', won: 'teal', lost: 'red', cancelled: 'gray' };
export const STAGE_STATUS_COLORS: Record<string, string> = { not_started: 'gray', in_progress: 'blue', done: 'teal', skipped: 'yellow' };

/** Stage name in the user's language, Finnish when there is no translation. */
export function localName(item: { name: string; name_en?: string | null; name_sv?: string | null }, language: string): string {
  if (language === 'en' && item.name_en) return item.name_en;
  if (language === 'sv' && item.name_sv) return item.name_sv;
  return item.name;
}

/** Whole days from an ISO date or timestamp to today (never negative). */
export function daysSince(value: string | null | undefined, today: string): number | null {
  if (!value) return null;
  const from = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
  const to = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.max(0, Math.round((to - from) / 86_400_000));
}
