import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ServiceRequest } from '../../api/sdk';
import { delegationAcknowledged, delegationText } from './delegation';

/** "Delegated by X → to Y (queue) at …, acknowledged …": who handed the request to whom, at a glance. */
export function DelegationStrip({ request }: { request: ServiceRequest }) {
  const { t, i18n } = useTranslation();
  if (!request.delegated_by_id) return null;
  // The request itself says when (and whether) its newest delegation was acknowledged or picked.
  const acknowledged = delegationAcknowledged(request);
  const text = delegationText(t, i18n.language, {
    by: request.delegated_by_name,
    toUser: request.delegated_to_user_name,
    toQueue: request.delegated_to_queue_name,
    at: request.delegated_at,
    acknowledged,
    acknowledgedAt: request.delegation_acknowledged_at,
  });
  return (
    <Alert color={acknowledged ? 'teal' : 'orange'} variant="light" data-testid="delegation-strip" data-acknowledged={acknowledged} title={t('service.delegation')}>
      <Text size="sm" fw={500}>
        {text}
      </Text>
      {request.delegation_note && (
        <Text size="sm" c="dimmed" fs="italic" data-testid="delegation-note">
          “{request.delegation_note}”
        </Text>
      )}
    </Alert>
  );
}
