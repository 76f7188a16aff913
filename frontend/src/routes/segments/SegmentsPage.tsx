/** The segments list with a builder: name, kind, the rule in the visual filter editor (the
 * shared account catalogue) and the live count of the matching accounts you may read. */
import { Button, Group, Loader, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage, unwrap } from '../../api/problem';
import { AnchorLink } from '../../components/AnchorLink';
import { createSegment, listSegments, previewSegmentRule } from '../../api/sdk';
import { FilterEditor, useFilterCount, type FilterJson } from '../../components/filter';
import { newIdempotencyKey } from '../../lib/format';

const EMPTY: FilterJson = { all: [] };

export function SegmentsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const segments = useQuery({ queryKey: ['segments'], queryFn: () => unwrap(listSegments({ query: { limit: 200 } })) });
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'dynamic' | 'static'>('dynamic');
  const [rule, setRule] = useState<FilterJson>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const preview = useFilterCount(
    ['segments', 'preview'],
    rule,
    (r) => unwrap(previewSegmentRule({ body: { rule: r as Record<string, unknown> } })),
    { enabled: kind === 'dynamic' },
  );
  const previewProblem = preview.error ? problemMessage(preview.error) : null;
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        createSegment({
          body: { name, kind, rule: kind === 'dynamic' ? (rule as Record<string, unknown>) : null },
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        }),
      ),
    onSuccess: async (created) => {
      setName('');
      setRule(EMPTY);
      setError(null);
      await queryClient.invalidateQueries({ queryKey: ['segments'] });
      await navigate({ to: '/segments/$segmentId', params: { segmentId: created.id } });
    },
    onError: (e) => setError(problemMessage(e)),
  });
  return (
    <Stack>
      <Title order={2}>{t('segments.list.title')}</Title>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>{t('segments.list.new')}</Title>
          <TextInput label={t('segments.list.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="segment-name" />
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as 'dynamic' | 'static')}
            data={[
              { value: 'dynamic', label: t('segments.list.dynamic') },
              { value: 'static', label: t('segments.list.static') },
            ]}
          />
          {kind === 'dynamic' && (
            <>
              <Text size="sm" fw={500}>
                {t('segments.page.rule')}
              </Text>
              <div data-testid="segment-rule">
                <FilterEditor entity="account" value={rule} onChange={setRule} />
              </div>
              <Group gap="xs">
                <Text size="sm" data-testid="segment-live-count" data-count={preview.data?.count ?? ''}>
                  {t('segments.page.liveCount', { count: preview.data?.count ?? 0 })}
                </Text>
                {preview.isFetching && <Loader size="xs" />}
              </Group>
              {previewProblem && (
                <Text size="sm" c="red" role="alert" data-testid="segment-rule-error">
                  {previewProblem}
                </Text>
              )}
              {(preview.data?.sample.length ?? 0) > 0 && (
                <Text size="xs" c="dimmed" data-testid="segment-sample">
                  {preview.data?.sample.map((m) => m.name).join(', ')}
                </Text>
              )}
            </>
          )}
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group>
            <Button disabled={!name.trim() || (kind === 'dynamic' && !!previewProblem)} loading={create.isPending} onClick={() => create.mutate()} data-testid="segment-create">
              {t('segments.page.create')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {(segments.data?.items.length ?? 0) === 0 ? (
        <Text c="dimmed">{t('segments.list.empty')}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('segments.list.name')}</Table.Th>
              <Table.Th>{t('segments.list.kind')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {segments.data?.items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <AnchorLink to="/segments/$segmentId" params={{ segmentId: s.id }}>
                    {s.name}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{t(`segments.list.${s.kind}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
