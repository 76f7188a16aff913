import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PROJECT_STATUS_COLORS, STAGE_STATUS_COLORS } from './status';

const NO_SHRINK = { minWidth: 'max-content', textTransform: 'none' } as const;

export function ProjectStatusBadge({ status, ...rest }: { status: string } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={PROJECT_STATUS_COLORS[status] ?? 'gray'} style={NO_SHRINK} data-testid="project-status" data-status={status} {...rest}>
      {t(`sales.projectStatus.${status}`)}
    </Badge>
  );
}

export function StageStatusBadge({ status, ...rest }: { status: string } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STAGE_STATUS_COLORS[status] ?? 'gray'} style={NO_SHRINK} data-testid="stage-status" data-status={status} {...rest}>
      {t(`sales.stageStatus.${status}`)}
    </Badge>
  );
}
