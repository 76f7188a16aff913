import { Badge, Button, Checkbox, Group, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, todayInHelsinki } from '../../lib/format';
import type { ProjectStage } from './model';
import { localName, STAGE_STATUS_COLORS } from './status';
import { StageStatusBadge } from './StatusBadges';

export interface StageActions {
  /** May the user work on this stage (open project; the update right, or its responsible)? */
  mayWork: (stage: ProjectStage) => boolean;
  onComplete: (stage: ProjectStage) => void;
  onSkip: (stage: ProjectStage) => void;
  onInsertAfter: (stage: ProjectStage) => void;
  onEdit: (stage: ProjectStage) => void;
  onToggleItem: (stage: ProjectStage, index: number, done: boolean) => void;
  busyStageId?: string | null;
}

const BULLETS: Record<string, string> = { done: '✓', skipped: '–', in_progress: '●', not_started: '' };

/** The stage checklist as a vertical timeline: done, current (with its actions), not started, skipped. */
export function StageTimeline({ stages, actions }: { stages: ProjectStage[]; actions: StageActions }) {
  const { t, i18n } = useTranslation();
  const today = todayInHelsinki();
  const sorted = [...stages].sort((a, b) => a.position - b.position);
  // The timeline's line is drawn up to the last stage that is done, skipped or current.
  const active = sorted.reduce((last, s, i) => (s.status === 'not_started' ? last : i), -1);
  return (
    <Timeline active={active} bulletSize={22} lineWidth={2} data-testid="stage-timeline">
      {sorted.map((stage) => {
        const current = stage.is_current || stage.status === 'in_progress';
        const notStarted = stage.status === 'not_started';
        const editable = (current || notStarted) && actions.mayWork(stage);
        const mayComplete = stage.allowed_transitions.includes('done');
        const maySkip = stage.allowed_transitions.includes('skipped');
        const overdue = current && !!stage.due_date && stage.due_date < today;
        const who = stage.responsible_user_name ?? stage.responsible_team_name ?? undefined;
        return (
          <Timeline.Item
            key={stage.id}
            color={STAGE_STATUS_COLORS[stage.status] ?? 'gray'}
            bullet={<Text size="xs" fw={700}>{BULLETS[stage.status]}</Text>}
            lineVariant={notStarted ? 'dashed' : 'solid'}
            data-testid="stage-item"
            data-stage-key={stage.key}
            data-status={stage.status}
            title={
              <Group gap="xs">
                <Text fw={current ? 700 : 500} c={notStarted ? 'dimmed' : undefined}>
                  {localName(stage, i18n.language)}
                </Text>
                <StageStatusBadge status={stage.status} size="sm" />
                {stage.is_customer_service && (
                  <Badge size="xs" variant="outline" color="grape" tt="none">
                    {t('sales.customerServiceStage')}
                  </Badge>
                )}
              </Group>
            }
          >
            <Stack gap={4} opacity={notStarted ? 0.65 : 1}>
              {stage.status === 'done' && (
                <Text size="sm" data-testid="stage-completed-on">
                  {t('sales.completedOn')}: {formatDate(stage.completed_on, i18n.language)}
                  {who ? ` · ${who}` : ''}
                </Text>
              )}
              {stage.status === 'skipped' && (
                <Text size="sm" c="dimmed" data-testid="stage-skip-reason">
                  {t('sales.skipReason')}: {stage.skip_reason ?? '—'}
                </Text>
              )}
              {(current || notStarted) && (
                <Text size="sm" c={notStarted ? 'dimmed' : undefined}>
                  {t('sales.responsible')}: <span data-testid="stage-responsible">{who ?? '—'}</span>
                  {stage.due_date && (
                    <>
                      {' · '}
                      <Text span size="sm" c={overdue ? 'red.7' : undefined} fw={overdue ? 600 : undefined}>
                        {t('sales.dueDate')}: {formatDate(stage.due_date, i18n.language)}
                      </Text>
                    </>
                  )}
                </Text>
              )}
              {stage.note && (
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                  {stage.note}
                </Text>
              )}
              {stage.checklist.length > 0 && (
                <Stack gap={2} mt={2} data-testid="stage-checklist">
                  {stage.checklist.map((entry, index) => (
                    <Checkbox
                      key={`${entry.item}-${index}`}
                      size="xs"
                      label={entry.item}
                      checked={entry.done}
                      disabled={!editable || actions.busyStageId === stage.id}
                      onChange={(e) => actions.onToggleItem(stage, index, e.currentTarget.checked)}
                    />
                  ))}
                </Stack>
              )}
              {editable && (
                <Group gap="xs" mt={4}>
                  {mayComplete && (
                    <Button size="compact-xs" color="teal" onClick={() => actions.onComplete(stage)} data-testid="stage-complete">
                      {t('sales.markDone')}
                    </Button>
                  )}
                  <Button size="compact-xs" variant="default" onClick={() => actions.onEdit(stage)} data-testid="stage-edit">
                    {t('common.edit')}
                  </Button>
                  {maySkip && (
                    <Button size="compact-xs" variant="subtle" color="yellow.8" onClick={() => actions.onSkip(stage)} data-testid="stage-skip">
                      {t('sales.skip')}
                    </Button>
                  )}
                  <Button size="compact-xs" variant="subtle" onClick={() => actions.onInsertAfter(stage)} data-testid="stage-insert">
                    {t('sales.insertAfter')}
                  </Button>
                </Group>
              )}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
