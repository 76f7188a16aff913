/** The lead's SLA state as a badge (with the working hours left while it runs). */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = { on_track: 'teal', at_risk: 'orange', breached: 'red', met: 'gray', missed: 'dark' };

export function SlaBadge({ state, hoursLeft }: { state: string; hoursLeft?: number | null }) {
  const { t } = useTranslation();
  const running = state === 'on_track' || state === 'at_risk';
  return (
    <Badge variant="light" color={COLORS[state] ?? 'gray'} style={{ textTransform: 'none', minWidth: 'max-content' }} data-testid="lead-sla" data-state={state}>
      {t(`leads.sla.${state}`)}
      {running && hoursLeft != null ? ` · ${t('leads.hoursLeft', { hours: Math.round(hoursLeft * 10) / 10 })}` : ''}
    </Badge>
  );
}
