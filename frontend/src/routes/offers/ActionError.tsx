import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Why a status change failed: the server's reason with what is allowed now (409), the reload
 * prompt (412), the rule that was broken (422: e.g. a passive account), or the problem. */
export function ActionError({ error, onReload, kind }: { error: unknown; onReload: () => void; kind: 'offer' | 'order' }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError && error.status === 412) return <ConflictAlert onReload={onReload} />;
  if (error instanceof ApiError && (error.status === 409 || error.status === 422)) {
    const allowed = Array.isArray(error.problem.allowed) ? (error.problem.allowed as string[]) : [];
    const labels = allowed.map((s) => t(kind === 'offer' ? `offers.statuses.${s}` : `offers.orderStatuses.${s}`));
    return (
      <Alert color="red" role="alert" data-testid="action-refused">
        {error.problem.detail ?? ''}
        {labels.length > 0 ? ` (${labels.join(', ')})` : ''}
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}
