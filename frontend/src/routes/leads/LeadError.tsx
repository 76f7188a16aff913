import { Alert } from '@mantine/core';
import { ApiError } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';

/** A form's own message (an Error made by the screen) as it is; API problems as ErrorAlert shows them. */
export function LeadError({ error }: { error: unknown }) {
  if (error instanceof Error && !(error instanceof ApiError)) {
    return (
      <Alert color="red" role="alert" data-testid="form-message">
        {error.message}
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}
