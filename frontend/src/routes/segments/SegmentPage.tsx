/** A segment: the member count, a breakdown chart per dimension (bars) and the members (paged),
 * all of the accounts you may read; a dynamic segment can be refreshed now. */
import { Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { AccountSummaryTable } from '../../components/AccountSummaryTable';
import { getSegment, getSegmentSummary, listSegmentMembers, refreshSegment } from '../../api/sdk';

export function SegmentPage() {
  const { t } = useTranslation();
  const { segmentId } = useParams({ strict: false }) as { segmentId: string };
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState<string | null>(null);
  const segment = useQuery({
    queryKey: ['segments', segmentId],
    queryFn: () => unwrap(getSegment({ path: { segment_id: segmentId } })),
  });
  const summary = useQuery({
    queryKey: ['segments', segmentId, 'summary'],
    queryFn: () => unwrap(getSegmentSummary({ path: { segment_id: segmentId } })),
  });
  const members = useQuery({
    queryKey: ['segments', segmentId, 'members', cursor],
    queryFn: () => unwrap(listSegmentMembers({ path: { segment_id: segmentId }, query: { limit: 50, cursor } })),
  });
  const refresh = useMutation({
    mutationFn: () => unwrap(refreshSegment({ path: { segment_id: segmentId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['segments', segmentId] }),
  });
  const total = summary.data?.count ?? 0;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{segment.data?.name}</Title>
        {segment.data?.kind === 'dynamic' && (
          <Button onClick={() => refresh.mutate()} loading={refresh.isPending}>
            {t('segments.page.refresh')}
          </Button>
        )}
      </Group>
      <Text data-testid="segment-count">{t('segments.page.count', { count: total })}</Text>
      <Title order={4}>{t('segments.page.breakdown')}</Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {Object.entries(summary.data?.breakdown ?? {}).map(([dimension, rows]) => (
          <Paper key={dimension} withBorder p="sm" data-testid={`breakdown-${dimension}`}>
            <Text fw={500} size="sm">
              {t(`segments.dimensions.${dimension}`, { defaultValue: dimension })}
            </Text>
            {rows.map((r) => (
              <Stack key={String(r.value)} gap={0}>
                <Text size="xs">
                  {r.value ?? '—'}: {r.count}
                </Text>
                <Progress value={total ? (100 * r.count) / total : 0} size="sm" />
              </Stack>
            ))}
          </Paper>
        ))}
      </SimpleGrid>
      <Title order={4}>{t('segments.page.members')}</Title>
      <AccountSummaryTable rows={members.data?.items ?? []} testId="segment-members" rowTestId="segment-member" />
      <Group gap="xs">
        {cursor && (
          <Button variant="subtle" onClick={() => setCursor(null)}>
            {t('segments.members.firstPage')}
          </Button>
        )}
        {members.data?.next_cursor && (
          <Button variant="subtle" onClick={() => setCursor(members.data?.next_cursor ?? null)} data-testid="segment-members-next">
            {t('segments.members.nextPage')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
