/** The account page's card: the care plan that applies to the account and its next touches. */
import { List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { getAccountCarePlan } from '../../api/sdk';
import { formatDate } from '../../lib/format';
import type { AccountPanelProps } from '../accounts/extensions';

export function AccountCarePlanCard({ account }: AccountPanelProps) {
  const { t, i18n } = useTranslation();
  const found = useQuery({
    queryKey: ['accounts', account.id, 'care-plan'],
    queryFn: () => unwrap(getAccountCarePlan({ path: { account_id: account.id } })),
  });
  const data = found.data;
  if (!data) return null;
  return (
    <Paper withBorder p="md" data-testid="account-care-plan-card">
      <Stack gap="xs">
        <Title order={4}>{t('careplans.card.title')}</Title>
        {data.plan ? (
          <Text size="sm" data-testid="account-care-plan-name">
            {data.plan.name}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('careplans.card.none')}
          </Text>
        )}
        {data.plan && (
          <>
            <Text size="sm" fw={500}>
              {t('careplans.card.next')}
            </Text>
            {data.next_touches.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('careplans.card.noTouches')}
              </Text>
            ) : (
              <List size="sm">
                {data.next_touches.map((n) => (
                  <List.Item key={n.activity_id} data-testid="account-care-plan-touch">
                    {formatDate(n.due_at, i18n.language)} · {n.subject} · {n.owner_name ?? '—'}
                  </List.Item>
                ))}
              </List>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
