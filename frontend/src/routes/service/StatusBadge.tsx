import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PRIORITY_COLORS, STATUS_COLORS } from './status';

/** In a crowded table row a badge keeps its whole label rather than an ellipsis. */
const NO_SHRINK = { minWidth: 'max-content', textTransform: 'none' } as const;

/** The status reason with its Finnish (or English/Swedish) label: Kesken, Pidossa, … */
export function StatusBadge({ status, ...rest }: { status: string } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATUS_COLORS[status] ?? 'gray'} data-testid="status-badge" data-status={status} style={NO_SHRINK} {...rest}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function PriorityBadge({ priority, ...rest }: { priority: string } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge variant={priority === 'urgent' ? 'filled' : 'outline'} color={PRIORITY_COLORS[priority] ?? 'gray'} style={NO_SHRINK} {...rest}>
      {t(`priority.${priority}`)}
    </Badge>
  );
}
