import { Badge, Button, Group, Loader, Modal, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import {
  listAccountCreationRequests,
  pickAccountCreationRequest,
  recordCustomerNumber,
  rejectAccountCreationRequest,
  submitAccountCreationRequest,
  type AccountCreationRequest,
} from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ButtonLink } from '../../components/ButtonLink';
import { LeadError } from './LeadError';
import { Pager } from '../../components/Pager';
import { useCursorPager } from '../../lib/cursorPager';
import { formatDateTime } from '../../lib/format';

export const ACR_VIEWS = ['queue', 'mine', 'passive', 'all'] as const;
export type AcrView = (typeof ACR_VIEWS)[number];

export function acrViewQuery(view: AcrView, meId: string | undefined): Record<string, unknown> {
  switch (view) {
    case 'queue':
      return { in_my_queues: true, state: ['submitted', 'in_progress'] };
    case 'mine':
      return meId ? { owner_id: meId } : {};
    case 'passive':
      return { passive: true };
    default:
      return {};
  }
}

type Prompt = { request: AccountCreationRequest; kind: 'customer_number' | 'rejection' };

function PromptDialog({ prompt, onClose, onDone }: { prompt: Prompt; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const r = prompt.request;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return setError(new Error(t('leads.required')));
    setBusy(true);
    try {
      const headers = { 'If-Match': `"${r.version}"` };
      if (prompt.kind === 'customer_number') await unwrap(recordCustomerNumber({ path: { account_request_id: r.id }, body: { customer_number: text.trim() }, headers }));
      else await unwrap(rejectAccountCreationRequest({ path: { account_request_id: r.id }, body: { reason: text.trim() }, headers }));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title={t(`leads.acr.actions.${prompt.kind}`)}>
      <form onSubmit={submit} noValidate data-testid="acr-prompt">
        <Stack>
          <LeadError error={error} />
          <TextInput label={t(prompt.kind === 'customer_number' ? 'leads.acr.customerNumber' : 'leads.reason')} required autoFocus value={text} onChange={(e) => setText(e.currentTarget.value)} data-testid="acr-prompt-input" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="acr-prompt-confirm">
              {t('leads.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Account-creation requests: customer service's queue, the seller's own, the passive ones. */
export function AccountRequestsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const { view = 'queue' } = useSearch({ from: '/app/account-requests' });
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [view, reset]);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [error, setError] = useState<unknown>(null);
  const meId = permissions.me?.id;
  const query = { limit: 50, sort: '-updated_at', ...(pager.cursor ? { cursor: pager.cursor } : {}), ...acrViewQuery(view, meId) };
  const list = useQuery({
    queryKey: ['account-requests', 'list', query],
    queryFn: () => unwrap(listAccountCreationRequests({ query: query as never })),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['account-requests'] });
  async function act(call: () => Promise<unknown>) {
    setError(null);
    try {
      await call();
      notifications.show({ color: 'green', message: t('leads.acr.saved') });
      refresh();
    } catch (e) {
      setError(e);
    }
  }
  const actions = (r: AccountCreationRequest) => {
    const path = { account_request_id: r.id };
    const headers = { 'If-Match': `"${r.version}"` };
    return (
      <Group gap={4} wrap="nowrap">
        {r.allowed_states.includes('submitted') && r.state === 'draft' && (
          <Button size="xs" variant="light" onClick={() => void act(() => unwrap(submitAccountCreationRequest({ path, headers })))} data-testid="acr-submit">
            {t('leads.acr.actions.submission')}
          </Button>
        )}
        {r.allowed_states.includes('in_progress') && (
          <Button size="xs" variant="light" onClick={() => void act(() => unwrap(pickAccountCreationRequest({ path })))} data-testid="acr-pick">
            {t('leads.acr.actions.pickup')}
          </Button>
        )}
        {r.allowed_states.includes('completed') && (
          <Button size="xs" variant="light" onClick={() => setPrompt({ request: r, kind: 'customer_number' })} data-testid="acr-customer-number">
            {t('leads.acr.actions.customer_number')}
          </Button>
        )}
        {r.allowed_states.includes('rejected') && (
          <Button size="xs" variant="subtle" color="red" onClick={() => setPrompt({ request: r, kind: 'rejection' })} data-testid="acr-reject">
            {t('leads.acr.actions.rejection')}
          </Button>
        )}
      </Group>
    );
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('leads.acr.title')}</Title>
        {permissions.can('account_creation_request', 'create') && (
          <ButtonLink to="/account-requests/new" search={{}} data-testid="acr-new">
            {t('leads.acr.new')}
          </ButtonLink>
        )}
      </Group>
      <SegmentedControl
        style={{ alignSelf: 'flex-start' }}
        value={view}
        onChange={(v) => void navigate({ to: '/account-requests', search: { view: v as AcrView } })}
        data={ACR_VIEWS.map((v) => ({ value: v, label: t(`leads.acr.views.${v}`) }))}
        data-testid="acr-views"
      />
      {view === 'passive' && (
        <Text size="sm" c="dimmed">
          {t('leads.acr.passiveHint')}
        </Text>
      )}
      <LeadError error={error ?? list.error} />
      {!list.data ? (
        <Loader size="sm" />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" data-testid="acr-empty">
          {t('leads.acr.empty')}
        </Text>
      ) : (
        <Table striped data-testid="acr-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('leads.acr.name')}</Table.Th>
              <Table.Th>{t('leads.fields.businessId')}</Table.Th>
              <Table.Th>{t('leads.acr.state')}</Table.Th>
              <Table.Th>{t('leads.fields.owner')}</Table.Th>
              <Table.Th>{t('leads.acr.handler')}</Table.Th>
              <Table.Th>{t('leads.acr.updated')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((r) => (
              <Table.Tr key={r.id} data-testid="acr-row">
                <Table.Td>
                  {r.name}
                  {r.lead_id && (
                    <AnchorLink ml={6} size="xs" to="/leads/$leadId" params={{ leadId: r.lead_id }}>
                      {t('leads.acr.lead')}
                    </AnchorLink>
                  )}
                  {r.passive && (
                    <Badge ml={6} size="xs" color="gray" data-testid="acr-passive">
                      {t('leads.acr.passive')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{r.business_id}</Table.Td>
                <Table.Td>
                  <Badge variant="light" style={{ textTransform: 'none' }} data-testid="acr-state">
                    {t(`leads.acr.states.${r.state}`)}
                  </Badge>
                  {r.customer_number && <Text size="xs">{r.customer_number}</Text>}
                  {r.rejection_reason && (
                    <Text size="xs" c="red">
                      {r.rejection_reason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.owner_name}</Table.Td>
                <Table.Td>{r.handler_name ?? r.queue_name}</Table.Td>
                <Table.Td>{formatDateTime(r.updated_at, i18n.language)}</Table.Td>
                <Table.Td>{actions(r)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Pager pageNumber={pager.pageNumber} hasPrevious={pager.hasPrevious} nextCursor={list.data?.next_cursor} onPrevious={pager.previous} onNext={pager.next} />
      {prompt && (
        <PromptDialog
          prompt={prompt}
          onClose={() => setPrompt(null)}
          onDone={() => {
            setPrompt(null);
            notifications.show({ color: 'green', message: t('leads.acr.saved') });
            refresh();
          }}
        />
      )}
    </Stack>
  );
}
