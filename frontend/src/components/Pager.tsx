import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface PagerProps {
  pageNumber: number;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
}

/** Previous/next buttons over keyset pages (no totals: the API does not count). */
export function Pager({ pageNumber, hasPrevious, nextCursor, onPrevious, onNext }: PagerProps) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm" mt="md" data-testid="pager">
      <Button variant="default" size="xs" onClick={onPrevious} disabled={!hasPrevious} data-testid="pager-previous">
        {t('common.previous')}
      </Button>
      <Text size="sm" c="dimmed" data-testid="pager-page">
        {t('common.page', { page: pageNumber })}
      </Text>
      <Button
        variant="default"
        size="xs"
        onClick={() => nextCursor && onNext(nextCursor)}
        disabled={!nextCursor}
        data-testid="pager-next"
      >
        {t('common.next')}
      </Button>
    </Group>
  );
}
