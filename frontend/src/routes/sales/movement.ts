/** The monthly movement report's figures and how their change from the previous month reads. */

/** The six figures of the report (seed 003), in the order it shows them. */
export const FIGURES = ['open_at_end', 'new', 'progressed', 'not_progressed', 'won', 'lost'] as const;
/** The table adds the cancelled projects. */
export const TABLE_FIGURES = [...FIGURES, 'cancelled'] as const;
export type Figure = (typeof TABLE_FIGURES)[number];

/** Figures where a rise is bad news (more stalled projects, more lost or cancelled ones). */
const RISE_IS_BAD: ReadonlySet<Figure> = new Set(['not_progressed', 'lost', 'cancelled']);

export type ChangeTone = 'good' | 'bad' | 'neutral';

/** Whether a change of `figure` by `change` is good news, bad news or no change. */
export function changeTone(figure: Figure, change: number | null | undefined): ChangeTone {
  if (!change) return 'neutral';
  const rising = change > 0;
  return rising !== RISE_IS_BAD.has(figure) ? 'good' : 'bad';
}

export const TONE_COLORS: Record<ChangeTone, string> = { good: 'teal.8', bad: 'red.8', neutral: 'dimmed' };

/** "+3", "−2", "0" (a real minus sign so that the column lines up). */
export function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined) return '—';
  if (change > 0) return `+${change}`;
  if (change < 0) return `\u2212${-change}`;
  return '0';
}

/** "2026-03" → "2026-02". */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The month (YYYY-MM) of an ISO date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}
