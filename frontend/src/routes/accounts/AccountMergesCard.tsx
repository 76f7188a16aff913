/** The duplicates merged into this account, from the merge log (shown only when there are any). */
import { List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { listAccountMerges } from '../../api/sdk';
import { formatDateTime } from '../../lib/format';
import type { AccountPanelProps } from './extensions';

export function AccountMergesCard({ account }: AccountPanelProps) {
  const { t, i18n } = useTranslation();
  const merges = useQuery({
    queryKey: ['accounts', account.id, 'merges'],
    queryFn: () => unwrap(listAccountMerges({ path: { account_id: account.id }, query: { limit: 50 } })),
  });
  const items = merges.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Paper withBorder p="md" data-testid="account-merges-card">
      <Stack gap="xs">
        <Title order={4}>{t('accountmgmt.merge.log')}</Title>
        <List size="sm">
          {items.map((m) => {
            const businessId = typeof m.duplicate.business_id === 'string' ? ` (${m.duplicate.business_id})` : '';
            return (
              <List.Item key={m.id}>
                <Text size="sm" span fw={500}>
                  {m.duplicate_name}
                  {businessId}
                </Text>{' '}
                <Text size="sm" span c="dimmed">
                  {t('accountmgmt.merge.loggedBy', { who: m.merged_by_name ?? '—', date: formatDateTime(m.merged_at, i18n.language) })}
                </Text>
              </List.Item>
            );
          })}
        </List>
      </Stack>
    </Paper>
  );
}
