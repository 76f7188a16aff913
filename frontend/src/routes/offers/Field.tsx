import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A label above a value on a record's page; a dash for no value. */
export function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" data-testid={testId}>
        {children || '—'}
      </Text>
    </div>
  );
}
