import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/problem';

/** A generic problem message for errors a form does not handle field by field. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  let message: string;
  if (error instanceof ApiError && error.status === 403) message = t('errors.forbidden');
  else if (error instanceof ApiError && error.status === 422) message = t('errors.validation');
  else {
    const detail =
      error instanceof ApiError
        ? (error.problem.detail ?? error.problem.title ?? String(error.status))
        : error instanceof Error
          ? error.message
          : String(error);
    message = t('errors.generic', { detail: typeof detail === 'string' ? detail : JSON.stringify(detail) });
  }
  return (
    <Alert color="red" role="alert" data-testid="error-alert">
      {message}
    </Alert>
  );
}
