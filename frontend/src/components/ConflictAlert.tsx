import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown when a save fails with 412: the record changed since it was loaded. */
export function ConflictAlert({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" title={t('errors.conflictTitle')} role="alert" data-testid="conflict-alert">
      {t('errors.conflict')}
      <div>
        <Button mt="sm" size="xs" variant="light" color="orange" onClick={onReload}>
          {t('common.reload')}
        </Button>
      </div>
    </Alert>
  );
}
