/** An API refusal with its own words: status, title and the problem detail (e.g. the 403 "A
 * plans need the approve privilege" or the 409 "no draft"), not a generic message. */
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';

export function problemText(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    const detail = typeof error.problem.detail === 'string' ? error.problem.detail : '';
    return { title: `${error.status} ${error.problem.title ?? ''}`.trim(), detail };
  }
  return { title: '', detail: error instanceof Error ? error.message : String(error) };
}

export function ProblemDetail({ error, testId = 'problem-detail' }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const { title, detail } = problemText(error);
  const status = error instanceof ApiError ? error.status : 0;
  const hint =
    status === 403 ? t('careplans.problem.forbidden') : status === 409 ? t('careplans.problem.conflict') : status === 412 ? t('errors.conflict') : '';
  return (
    <Alert color={status === 409 || status === 412 ? 'orange' : 'red'} role="alert" title={title || undefined} data-testid={testId}>
      {detail}
      {hint && detail ? ' — ' : ''}
      {hint}
    </Alert>
  );
}
