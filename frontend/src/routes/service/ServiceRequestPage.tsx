import { Badge, Button, Group, Loader, Paper, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap, unwrapWithResponse } from '../../api/problem';
import {
  acknowledgeDelegation,
  addServiceRequestComment,
  getServiceRequest,
  pickServiceRequest,
  type ServiceRequest,
} from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RecordTimeline } from '../../components/RecordTimeline';
import { formatDateTime, newIdempotencyKey } from '../../lib/format';
import { DelegateDialog } from './DelegateDialog';
import { DelegationStrip } from './DelegationStrip';
import { useQueues } from './lookups';
import { RequestDetails } from './RequestDetails';
import { RequestEditForm } from './RequestEditForm';
import { RequestHistory } from './RequestHistory';
import { ReopenButton, StatusMenu, TransitionError } from './StatusActions';
import { PriorityBadge, StatusBadge } from './StatusBadge';

export const requestDetailKey = (id: string) => ['service-requests', id, 'detail'] as const;

function CommentForm({ requestId, onAdded }: { requestId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!note.trim()) return;
    setBusy(true);
    setFailure(null);
    try {
      await unwrap(addServiceRequestComment({ path: { request_id: requestId }, body: { note: note.trim() }, headers: { 'Idempotency-Key': key.current } }));
      key.current = newIdempotencyKey();
      setNote('');
      onAdded();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} data-testid="comment-form">
      <Stack gap="xs">
        <ErrorAlert error={failure} />
        <Textarea label={t('service.comment')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} name="note" />
        <Group justify="flex-end">
          <Button type="submit" size="xs" variant="light" loading={busy} disabled={!note.trim()} data-testid="comment-save">
            {t('service.addComment')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ServiceRequestPage() {
  const { requestId } = useParams({ from: '/app/service-requests/$requestId' });
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const queues = useQueues();
  const [tab, setTab] = useState<string | null>('details');
  const [editing, setEditing] = useState(false);
  const [editKey, setEditKey] = useState(0);
  const [delegating, setDelegating] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const detail = useQuery({
    queryKey: requestDetailKey(requestId),
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getServiceRequest({ path: { request_id: requestId } }));
      return { request: data, etag: response.headers.get('ETag') };
    },
  });

  /** Lists, counts, logs and the timeline follow any change (the detail itself is set or refetched). */
  function refreshOthers() {
    const detailKey = requestDetailKey(requestId).join('/');
    for (const key of [['service-requests'], ['views'], ['queues'], ['timeline'], ['my-work'], ['notifications']])
      void queryClient.invalidateQueries({ queryKey: key, predicate: (q) => q.queryKey.join('/') !== detailKey });
  }

  function saved(request: ServiceRequest, etag: string | null, message?: string) {
    queryClient.setQueryData(requestDetailKey(requestId), { request, etag });
    setFailure(null);
    refreshOthers();
    notifications.show({ color: 'green', message: message ?? t('common.saved') });
  }

  async function reloadAfter(message: string) {
    await detail.refetch();
    refreshOthers();
    notifications.show({ color: 'green', message });
  }

  async function refetch() {
    await detail.refetch();
  }

  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loader />;
  const { request: r, etag } = detail.data;
  const me = permissions.me;
  const mayUpdate = permissions.canOn('service_request', 'update', r);
  const open = r.state === 'open';
  const myQueue = r.queue_id ? queues.data?.find((q) => q.id === r.queue_id)?.is_member : false;
  const delegatedToMe =
    r.delegation_status === 'active' &&
    !!r.delegation_id &&
    (r.delegated_to_user_id === me?.id || (!!r.delegated_to_queue_id && !!queues.data?.find((q) => q.id === r.delegated_to_queue_id)?.is_member));

  async function action(name: string, run: () => Promise<void>) {
    setBusy(name);
    setFailure(null);
    try {
      await run();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
    }
  }

  const pick = () =>
    action('pick', async () => {
      const { data, response } = await unwrapWithResponse(pickServiceRequest({ path: { request_id: r.id } }));
      saved(data, response.headers.get('ETag'), t('service.picked'));
    });
  const acknowledge = () =>
    action('ack', async () => {
      await unwrap(acknowledgeDelegation({ path: { request_id: r.id, delegation_id: r.delegation_id! } }));
      await reloadAfter(t('service.acknowledged'));
    });

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Text c="dimmed" fw={600} data-testid="request-number">
              {r.number}
            </Text>
            <StatusBadge status={r.status_reason} size="lg" />
            <PriorityBadge priority={r.priority} />
            {r.request_type === 'callback' && (
              <Badge color="grape" variant="light">
                {t('requestType.callback')}
                {r.callback_due_at ? ` · ${formatDateTime(r.callback_due_at, i18n.language)}` : ''}
              </Badge>
            )}
          </Group>
          <Title order={2} data-testid="request-title">
            {r.title}
          </Title>
          <Text size="sm" c="dimmed">
            <AnchorLink to="/accounts/$accountId" params={{ accountId: r.account_id }} size="sm">
              {r.account_name}
            </AnchorLink>
            {' · '}
            {t('service.owner')}: <span data-testid="header-owner">{r.owner_name}</span>
            {r.queue_name ? ` · ${t('service.queue')}: ${r.queue_name}` : ''}
            {' · '}
            {t('service.received')} {formatDateTime(r.received_at, i18n.language)}
          </Text>
        </Stack>
        <Group gap="xs">
          {myQueue && open && (
            <Button onClick={() => void pick()} loading={busy === 'pick'} data-testid="pick-up">
              {t('service.pickUp')}
            </Button>
          )}
          {delegatedToMe && !myQueue && (
            <Button color="teal" onClick={() => void acknowledge()} loading={busy === 'ack'} data-testid="acknowledge">
              {t('service.acknowledge')}
            </Button>
          )}
          {mayUpdate && open && (
            <StatusMenu request={r} etag={etag} onSaved={(d, e) => saved(d, e, t('service.statusChanged', { status: t(`status.${d.status_reason}`) }))} onReload={() => void refetch()} />
          )}
          {mayUpdate && !open && <ReopenButton request={r} etag={etag} onSaved={(d, e) => saved(d, e, t('service.reopened'))} onReload={() => void refetch()} />}
          {mayUpdate && open && (
            <Button variant="light" color="orange" onClick={() => setDelegating(true)} data-testid="delegate">
              {t('service.delegate')}
            </Button>
          )}
          {mayUpdate && !editing && (
            <Button
              variant="default"
              onClick={() => {
                setTab('details');
                setEditing(true);
              }}
              data-testid="edit-request"
            >
              {t('common.edit')}
            </Button>
          )}
        </Group>
      </Group>
      <DelegationStrip request={r} />
      {failure !== null && <TransitionError error={failure} onReload={() => void refetch()} />}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details" data-testid="tab-details">
            {t('common.details')}
          </Tabs.Tab>
          <Tabs.Tab value="timeline" data-testid="tab-timeline">
            {t('service.timeline')}
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="tab-history">
            {t('service.history')}
          </Tabs.Tab>
        </Tabs.List>
        <Paper withBorder p="md" mt="md">
          <Tabs.Panel value="details">
            {editing && mayUpdate ? (
              <RequestEditForm
                key={editKey}
                request={r}
                etag={etag}
                onCancel={() => setEditing(false)}
                onReload={() => void refetch().then(() => setEditKey((k) => k + 1))}
                onSaved={(d, e) => {
                  saved(d, e);
                  setEditing(false);
                }}
              />
            ) : (
              <RequestDetails request={r} />
            )}
          </Tabs.Panel>
          <Tabs.Panel value="timeline">
            <RecordTimeline source={{ type: 'service_request', id: r.id }} mayLog={permissions.can('activity', 'create')} />
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <Stack>
              {mayUpdate && (
                <CommentForm
                  requestId={r.id}
                  onAdded={() => {
                    void queryClient.invalidateQueries({ queryKey: ['service-requests', r.id, 'events'] });
                    void queryClient.invalidateQueries({ queryKey: ['timeline'] });
                  }}
                />
              )}
              <RequestHistory requestId={r.id} />
            </Stack>
          </Tabs.Panel>
        </Paper>
      </Tabs>
      <DelegateDialog
        requestId={r.id}
        opened={delegating}
        onClose={() => setDelegating(false)}
        onDelegated={() => {
          setDelegating(false);
          void reloadAfter(t('service.delegated'));
        }}
      />
    </Stack>
  );
}
