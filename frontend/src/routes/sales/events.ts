/** How a line of the stage history reads: "Vaihe valmis · Tarjous", with its note or reason. */
import type { TFunction } from 'i18next';
import type { ProjectEvent } from './model';

export const EVENT_COLORS: Record<string, string> = {
  opened: 'green',
  imported: 'green',
  stage_started: 'blue',
  stage_completed: 'teal',
  stage_skipped: 'yellow',
  stage_inserted: 'cyan',
  stage_reassigned: 'orange',
  stage_reopened: 'orange',
  won: 'teal',
  lost: 'red',
  cancelled: 'gray',
  reopened: 'violet',
  migrated: 'grape',
};

/** The event's detail text: its note or reason, a reassignment's new responsible, a migration's version. */
export function eventDetail(t: TFunction, event: Pick<ProjectEvent, 'kind' | 'data'>, userName: (id: string) => string | undefined): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
  const parts: string[] = [];
  if (event.kind === 'stage_reassigned' || event.kind === 'stage_started') {
    const to = text(data.to_user_id) ?? text(data.responsible_user_id);
    if (to) parts.push(`${t('sales.responsible')}: ${userName(to) ?? '…'}`);
  }
  if (event.kind === 'stage_inserted' && text(data.name)) parts.push(text(data.name)!);
  if (event.kind === 'migrated' && data.to_version !== undefined) parts.push(`${t('projectTypes.version')} ${String(data.from_version ?? '?')} → ${String(data.to_version)}`);
  const note = text(data.note) ?? text(data.reason);
  if (note) parts.push(note);
  return parts.join(' · ');
}
