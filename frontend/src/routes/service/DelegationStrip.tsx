import { Alert, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { listDelegations, type ServiceRequest } from '../../api/sdk';
import { delegationText } from './delegation';

/** "Delegated by X → to Y (queue) at …, acknowledged …": who handed the request to whom, at a glance. */
export function DelegationStrip({ request }: { request: ServiceRequest }) {
  const { t, i18n } = useTranslation();
  // The newest delegation says when (and whether) it was acknowledged.
  const latest = useQuery({
    queryKey: ['service-requests', request.id, 'delegations', 'latest', request.delegation_id],
    queryFn: () => unwrap(listDelegations({ path: { request_id: request.id }, query: { limit: 1 } })),
    enabled: !!request.delegation_id,
  });
  if (!request.delegated_by_id) return null;
  const delegation = latest.data?.items[0];
  const acknowledged = request.delegation_status === 'acknowledged';
  const text = delegationText(t, i18n.language, {
    by: request.delegated_by_name,
    toUser: request.delegated_to_user_name,
    toQueue: request.delegated_to_queue_name,
    at: request.delegated_at,
    acknowledged,
    acknowledgedAt: acknowledged ? (delegation?.acknowledged_at ?? null) : null,
  });
  return (
    <Alert color={acknowledged ? 'teal' : 'orange'} variant="light" data-testid="delegation-strip" data-acknowledged={acknowledged} title={t('service.delegation')}>
      <Text size="sm" fw={500}>
        {text}
      </Text>
      {delegation?.note && (
        <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }} data-testid="delegation-note">
          “{delegation.note}”
        </Text>
      )}
    </Alert>
  );
}
