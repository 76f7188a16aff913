/** The account page's class card: the set class, the suggested class beside it (never applied),
 * a pending approval (managers approve or reject), changing the class, and the history. */
import { Badge, Button, Group, List, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage, unwrap } from '../../api/problem';
import {
  approveClassChange,
  getAccountClassCard,
  listAccountClassChanges,
  proposeAccountClass,
  rejectClassChange,
} from '../../api/sdk';
import { formatDateTime } from '../../lib/format';
import type { AccountPanelProps } from '../accounts/extensions';

const CLASSES = ['A', 'B', 'C', 'potential'] as const;
type AccountClass = (typeof CLASSES)[number];

export function AccountClassCard({ account, onChanged }: AccountPanelProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const key = ['accounts', account.id, 'class'];
  const card = useQuery({
    queryKey: key,
    queryFn: () => unwrap(getAccountClassCard({ path: { account_id: account.id } })),
  });
  const history = useQuery({
    queryKey: [...key, 'history'],
    queryFn: () => unwrap(listAccountClassChanges({ path: { account_id: account.id }, query: { limit: 20 } })),
  });
  const [toClass, setToClass] = useState<AccountClass | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const done = async () => {
    setError(null);
    await queryClient.invalidateQueries({ queryKey: key });
    onChanged();
  };
  const fail = (e: unknown) => setError(problemMessage(e));
  const propose = useMutation({
    mutationFn: () =>
      unwrap(
        proposeAccountClass({ path: { account_id: account.id }, body: { to_class: toClass as AccountClass, reason } }),
      ),
    onSuccess: async () => {
      setReason('');
      setToClass(null);
      await done();
    },
    onError: fail,
  });
  const decide = useMutation({
    mutationFn: (approve: boolean) => {
      const pending = card.data?.pending;
      if (!pending) throw new Error('nothing pending');
      const args = {
        path: { change_id: pending.id },
        body: {},
        headers: { 'If-Match': `"${pending.version}"` },
      };
      return unwrap(approve ? approveClassChange(args) : rejectClassChange(args));
    },
    onSuccess: done,
    onError: fail,
  });
  const data = card.data;
  const label = (c: string | null | undefined) => (c ? t(`segments.classes.${c}`) : t('segments.classCard.none'));
  return (
    <Paper withBorder p="md" data-testid="account-class-card">
      <Stack gap="xs">
        <Title order={4}>{t('segments.classCard.title')}</Title>
        {data && (
          <Group gap="md">
            <Text size="sm">
              {t('segments.classCard.current')}: <Badge data-testid="account-class">{label(data.account_class)}</Badge>
            </Text>
            <Text size="sm" c="dimmed" data-testid="suggested-class">
              {t('segments.classCard.suggested')}: {label(data.suggested_class)} ({t('segments.classCard.volume')}{' '}
              {(data.purchase_volume_cents / 100).toLocaleString(i18n.language)} €)
            </Text>
          </Group>
        )}
        {data?.pending && (
          <Group gap="xs" data-testid="class-pending">
            <Text size="sm">{t('segments.classCard.pending', { to: label(data.pending.to_class) })}</Text>
            {data.may_approve && (
              <>
                <Button size="xs" onClick={() => decide.mutate(true)} loading={decide.isPending}>
                  {t('segments.classCard.approve')}
                </Button>
                <Button size="xs" variant="light" color="red" onClick={() => decide.mutate(false)}>
                  {t('segments.classCard.reject')}
                </Button>
              </>
            )}
          </Group>
        )}
        {!data?.pending && (
          <Group gap="xs" align="end">
            <Select
              label={t('segments.classCard.setClass')}
              data={CLASSES.map((c) => ({ value: c, label: label(c) }))}
              value={toClass}
              onChange={(v) => setToClass(v as AccountClass | null)}
              size="xs"
            />
            <TextInput
              label={t('segments.classCard.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              size="xs"
            />
            <Button
              size="xs"
              disabled={!toClass || !reason.trim()}
              onClick={() => propose.mutate()}
              loading={propose.isPending}
            >
              {t('segments.classCard.submit')}
            </Button>
          </Group>
        )}
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        {(history.data?.items.length ?? 0) > 0 && (
          <>
            <Text size="sm" fw={500}>
              {t('segments.classCard.history')}
            </Text>
            <List size="sm">
              {history.data?.items.map((h) => (
                <List.Item key={h.id}>
                  {label(h.from_class)} → {label(h.to_class)} ({h.status}) — {h.reason} —{' '}
                  {formatDateTime(h.proposed_at, i18n.language)}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Paper>
  );
}
