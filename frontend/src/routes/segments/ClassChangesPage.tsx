/** The managers' approvals list: pending account-class changes (account, from → to, who
 * proposed, why, when) with Approve / Reject (If-Match: the change's version), paged with "load
 * more"; below it the Potential accounts that have stayed Potential too long (the review list). */
import { Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { useUserName } from '../../api/lookups';
import { ApiError, unwrap } from '../../api/problem';
import { approveClassChange, listClassChanges, listClassReview, rejectClassChange, type AccountClassChange } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatDateTime } from '../../lib/format';

const PAGE = 50;
export const pendingChangesKey = ['account-class-changes', 'pending'] as const;

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

function problemOf(error: unknown): string {
  if (error instanceof ApiError) {
    const detail = typeof error.problem.detail === 'string' ? error.problem.detail : '';
    return [`${error.status} ${error.problem.title ?? ''}`.trim(), detail].filter(Boolean).join(': ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** A user's name from the directory, fetched on its own when not in the directory's first page. */
function UserName({ id }: { id: string }) {
  return <>{useUserName(id) ?? '…'}</>;
}

function ChangeRow({ change, onDecided }: { change: AccountClassChange; onDecided: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const proposer = useUserName(change.proposed_by);
  const [error, setError] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: (approve: boolean) => {
      const args = { path: { change_id: change.id }, body: {}, headers: { 'If-Match': etagOf(change.version) } };
      return unwrap(approve ? approveClassChange(args) : rejectClassChange(args));
    },
    onSuccess: () => {
      setError(null);
      onDecided(change.id);
    },
    onError: (e) => setError(problemOf(e)),
  });
  const label = (c: string | null | undefined) => (c ? t(`segments.classes.${c}`) : t('segments.classCard.none'));
  const account = change.account_name ?? change.account_id;
  return (
    <Table.Tr data-testid="class-change-row">
      <Table.Td>
        <AnchorLink to="/accounts/$accountId" params={{ accountId: change.account_id }} size="sm" data-testid="class-change-account">
          {account}
        </AnchorLink>
      </Table.Td>
      <Table.Td data-testid="class-change-classes">
        {label(change.from_class)} → <b>{label(change.to_class)}</b>
        {change.suggested_class && (
          <Text size="xs" c="dimmed">
            {t('segments.classCard.suggested')}: {label(change.suggested_class)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{proposer ?? '…'}</Table.Td>
      <Table.Td>{change.reason}</Table.Td>
      <Table.Td>{formatDateTime(change.proposed_at, i18n.language)}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            color="green"
            onClick={() => decide.mutate(true)}
            loading={decide.isPending && decide.variables === true}
            disabled={decide.isPending}
            aria-label={t('classchanges.approveFor', { account })}
            data-testid="class-change-approve"
          >
            {t('classchanges.approve')}
          </Button>
          <Button
            size="xs"
            variant="light"
            color="red"
            onClick={() => decide.mutate(false)}
            loading={decide.isPending && decide.variables === false}
            disabled={decide.isPending}
            aria-label={t('classchanges.rejectFor', { account })}
            data-testid="class-change-reject"
          >
            {t('classchanges.reject')}
          </Button>
        </Group>
        {error && (
          <Text size="xs" c="red" role="alert" data-testid="class-change-error">
            {error}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function PendingChanges() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const changes = useInfiniteQuery({
    queryKey: pendingChangesKey,
    queryFn: ({ pageParam }) =>
      unwrap(listClassChanges({ query: { status: ['pending'], limit: PAGE, sort: '-proposed_at', ...(pageParam ? { cursor: pageParam } : {}) } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  // A decided change leaves the list at once; the account's class card refetches when opened.
  const decided = (id: string) => {
    queryClient.setQueryData<InfiniteData<Page<AccountClassChange>, string | null>>(pendingChangesKey, (data) =>
      data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.id !== id) })) } : data,
    );
    void queryClient.invalidateQueries({ queryKey: ['accounts'] });
  };
  const items = changes.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={4}>{t('classchanges.pendingTitle')}</Title>
        {changes.error && <ErrorAlert error={changes.error} />}
        {changes.isPending && <Loader size="sm" />}
        {changes.data && items.length === 0 && (
          <Text c="dimmed" data-testid="class-changes-empty">
            {t('classchanges.empty')}
          </Text>
        )}
        {items.length > 0 && (
          <Table striped data-testid="class-changes-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('classchanges.account')}</Table.Th>
                <Table.Th>{t('classchanges.change')}</Table.Th>
                <Table.Th>{t('classchanges.proposedBy')}</Table.Th>
                <Table.Th>{t('classchanges.reason')}</Table.Th>
                <Table.Th>{t('classchanges.proposedAt')}</Table.Th>
                <Table.Th>{t('classchanges.decision')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <ChangeRow key={c.id} change={c} onDecided={decided} />
              ))}
            </Table.Tbody>
          </Table>
        )}
        {changes.hasNextPage && (
          <Group>
            <Button variant="default" onClick={() => void changes.fetchNextPage()} loading={changes.isFetchingNextPage} data-testid="class-changes-more">
              {t('common.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function PotentialReview() {
  const { t, i18n } = useTranslation();
  const review = useInfiniteQuery({
    queryKey: ['accounts', 'class-review'],
    queryFn: ({ pageParam }) => unwrap(listClassReview({ query: { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const items = review.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={4}>{t('classchanges.reviewTitle')}</Title>
        <Text size="sm" c="dimmed">
          {t('classchanges.reviewHint')}
        </Text>
        {review.error && <ErrorAlert error={review.error} />}
        {review.isPending && <Loader size="sm" />}
        {review.data && items.length === 0 && <Text c="dimmed">{t('classchanges.reviewEmpty')}</Text>}
        {items.length > 0 && (
          <Table striped data-testid="class-review-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('classchanges.account')}</Table.Th>
                <Table.Th>{t('classchanges.class')}</Table.Th>
                <Table.Th>{t('classchanges.since')}</Table.Th>
                <Table.Th>{t('classchanges.accountManager')}</Table.Th>
                <Table.Th>{t('classchanges.municipality')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="class-review-row">
                  <Table.Td>
                    <AnchorLink to="/accounts/$accountId" params={{ accountId: r.id }} size="sm">
                      {r.name}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{r.account_class ? t(`segments.classes.${r.account_class}`) : '—'}</Badge>
                  </Table.Td>
                  <Table.Td>{r.account_class_since ? formatDate(r.account_class_since, i18n.language) : '—'}</Table.Td>
                  <Table.Td>{r.account_manager_id ? <UserName id={r.account_manager_id} /> : '—'}</Table.Td>
                  <Table.Td>{r.municipality ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {review.hasNextPage && (
          <Group>
            <Button variant="default" onClick={() => void review.fetchNextPage()} loading={review.isFetchingNextPage} data-testid="class-review-more">
              {t('common.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

export function ClassChangesPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('classchanges.title')}</Title>
      <PendingChanges />
      <PotentialReview />
    </Stack>
  );
}
