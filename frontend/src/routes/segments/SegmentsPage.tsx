/** The segments list with a builder: name, kind, a rule (the filter AST as JSON until the shared
 * filter builder lands) and the live count of matching accounts you may read. */
import { Button, Group, Paper, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toProblem, unwrap } from '../../api/problem';
import { AnchorLink } from '../../components/AnchorLink';
import { createSegment, listSegments, previewSegmentRule } from '../../api/sdk';

const EXAMPLE = JSON.stringify(
  { all: [{ field: 'region', op: 'eq', value: 'Uusimaa' }, { field: 'size_class', op: 'gte', value: 5 }] },
  null,
  2,
);

function parseRule(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function SegmentsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const segments = useQuery({ queryKey: ['segments'], queryFn: () => unwrap(listSegments({ query: { limit: 200 } })) });
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'dynamic' | 'static'>('dynamic');
  const [ruleText, setRuleText] = useState(EXAMPLE);
  const [error, setError] = useState<string | null>(null);
  const rule = parseRule(ruleText);
  const preview = useQuery({
    queryKey: ['segments', 'preview', ruleText],
    enabled: kind === 'dynamic' && rule !== null,
    queryFn: () => unwrap(previewSegmentRule({ body: { rule: rule ?? {} } })),
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(createSegment({ body: { name, kind, rule: kind === 'dynamic' ? rule : null } })),
    onSuccess: async () => {
      setName('');
      setError(null);
      await queryClient.invalidateQueries({ queryKey: ['segments'] });
    },
    onError: (e) => setError(toProblem(e).detail ?? toProblem(e).title ?? null),
  });
  return (
    <Stack>
      <Title order={2}>{t('segments.list.title')}</Title>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>{t('segments.list.new')}</Title>
          <TextInput label={t('segments.list.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
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
              <Textarea
                label={t('segments.page.rule')}
                autosize
                minRows={4}
                value={ruleText}
                onChange={(e) => setRuleText(e.currentTarget.value)}
                data-testid="segment-rule"
              />
              <Text size="sm" data-testid="segment-live-count">
                {t('segments.page.liveCount', { count: preview.data?.count ?? 0 })}
              </Text>
            </>
          )}
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group>
            <Button disabled={!name.trim() || (kind === 'dynamic' && !rule)} onClick={() => create.mutate()}>
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
