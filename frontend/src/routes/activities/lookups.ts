/** The activities area's shared lists and helpers: activity types, names in the user's
 * language, and the calendar's week and month windows (days in Europe/Helsinki). */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/problem';
import { fromHelsinkiLocal } from '../../lib/format';
import { listActivityTypes, type ActivityTypeRecord } from '../../api/sdk';

export const activityTypesQueryKey = ['activity-types', 'all'] as const;

export function useActivityTypes() {
  return useQuery({
    queryKey: activityTypesQueryKey,
    queryFn: async () => (await unwrap(listActivityTypes({ query: { limit: 200, sort: 'sort_order' } }))).items,
    staleTime: 5 * 60_000,
  });
}

/** A name in the user's language, Finnish when there is no translation. */
export function localName(item: { name: string; name_en?: string | null; name_sv?: string | null }, language: string): string {
  if (language === 'en' && item.name_en) return item.name_en;
  if (language === 'sv' && item.name_sv) return item.name_sv;
  return item.name;
}

export function typeOptions(types: ActivityTypeRecord[] | undefined, language: string, keep?: string | null) {
  return (types ?? []).filter((x) => x.is_active || x.id === keep).map((x) => ({ value: x.id, label: localName(x, language) }));
}

/** A calendar day as YYYY-MM-DD (local date arithmetic on UTC noon avoids DST edges). */
export type Day = string;

export function addDays(day: Day, n: number): Day {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function mondayOf(day: Day): Day {
  const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The days a view shows: a week from Monday, or the weeks covering the month. */
export function viewDays(view: 'week' | 'month', day: Day): Day[] {
  if (view === 'week') {
    const start = mondayOf(day);
    return Array.from({ length: 7 }, (_, i) => addDays(start, i));
  }
  const first = `${day.slice(0, 7)}-01`;
  const start = mondayOf(first);
  const nextMonth = addDays(first, 32).slice(0, 7);
  const days: Day[] = [];
  for (let d = start; d.slice(0, 7) !== nextMonth || (days.length % 7 !== 0); d = addDays(d, 1)) days.push(d);
  return days;
}

/** The Helsinki calendar day of an instant. */
export function helsinkiDay(iso: string): Day {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** Local midnight of a Helsinki day as an ISO instant in UTC. */
export function helsinkiMidnight(day: Day): string {
  return fromHelsinkiLocal(`${day}T00:00`)!;
}

export function helsinkiTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : `${language}-FI`, { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
