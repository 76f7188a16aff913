import { Alert, Badge, Button, Group, Loader, Modal, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap, unwrapWithResponse } from '../../api/problem';
import { acknowledgeLead, changeLeadStatus, getLead, pickLead, type Lead, type LeadRouting, type LeadStatus } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ButtonLink } from '../../components/ButtonLink';
import { LeadError } from './LeadError';
import { formatDateTime } from '../../lib/format';
import { useKeySequences } from '../../lib/shortcuts';
import { ConversionWizard } from './ConversionWizard';
import { SlaBadge } from './SlaBadge';

export const leadKey = (id: string) => ['leads', 'detail', id] as const;

export function useLead(leadId: string) {
  return useQuery({
    queryKey: leadKey(leadId),
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getLead({ path: { lead_id: leadId } }));
      return { lead: data, etag: response.headers.get('ETag') };
    },
  });
}

/** The routing explanation: each rule tried, in order, its outcome and the conditions that failed. */
export function RoutingSteps({ routing }: { routing: LeadRouting }) {
  const { t } = useTranslation();
  if (routing.steps.length === 0) return <Text size="sm" c="dimmed">{t('leads.routing.noRules')}</Text>;
  return (
    <Table data-testid="routing-steps">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>#</Table.Th>
          <Table.Th>{t('leads.routing.rule')}</Table.Th>
          <Table.Th>{t('leads.routing.outcome')}</Table.Th>
          <Table.Th>{t('leads.routing.failed')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {routing.steps.map((s) => (
          <Table.Tr key={s.rule_id} data-testid="routing-step" data-outcome={s.outcome}>
            <Table.Td>{s.position}</Table.Td>
            <Table.Td>{s.rule_name}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={s.outcome === 'matched' ? 'teal' : 'gray'} style={{ textTransform: 'none' }}>
                {t(`leads.routing.outcomes.${s.outcome}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{s.failed.map((f) => t(`leads.routing.conditions.${f}`, { defaultValue: f })).join(', ')}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function StatusDialog({ lead, etag, status, onClose, onDone }: { lead: Lead; etag: string | null; status: LeadStatus; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const needsReason = status === 'handled_no_action' || status === 'disqualified';
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (needsReason && !reason.trim()) {
      setError(new Error(t('leads.reasonRequired')));
      return;
    }
    setBusy(true);
    try {
      await unwrap(changeLeadStatus({ path: { lead_id: lead.id }, body: { status, reason: reason.trim() || null }, headers: { 'If-Match': etag ?? '*' } }));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title={t(`leads.statusActions.${status}`)}>
      <form onSubmit={submit} noValidate data-testid="lead-status-form">
        <Stack>
          <LeadError error={error} />
          {needsReason && <Textarea label={t('leads.reason')} required autoFocus value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="lead-status-reason" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="lead-status-confirm">
              {t('leads.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** One lead: its details, SLA, routing explanation and actions. Shortcuts: "a" acknowledge, "c" convert. */
export function LeadPage() {
  const { t, i18n } = useTranslation();
  const { leadId } = useParams({ from: '/app/leads/$leadId' });
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const detail = useLead(leadId);
  const [status, setStatus] = useState<LeadStatus | null>(null);
  const [converting, setConverting] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['leads'] });
  const lead = detail.data?.lead;
  const open = lead?.status === 'open';
  const canConvert = !!lead && open && !lead.sales_project_id && permissions.can('sales_project', 'create');
  async function act(call: () => Promise<unknown>, message: string) {
    setActionError(null);
    try {
      await call();
      notifications.show({ color: 'green', message });
      refresh();
    } catch (e) {
      setActionError(e);
    }
  }
  const acknowledge = () => lead && open && !lead.acknowledged_at && void act(() => unwrap(acknowledgeLead({ path: { lead_id: lead.id } })), t('leads.acknowledged'));
  useKeySequences({ a: () => acknowledge(), c: () => canConvert && setConverting(true) });
  if (detail.error) return <LeadError error={detail.error} />;
  if (!detail.data || !lead) return <Loader size="sm" />;
  const etag = detail.data.etag;
  const row = (label: string, value: React.ReactNode, testId?: string) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text data-testid={testId}>{value || '–'}</Text>
    </div>
  );
  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Group>
          <Title order={2} data-testid="lead-title">
            {lead.company_name}
          </Title>
          <Badge variant="light" data-testid="lead-status" data-status={lead.status} style={{ textTransform: 'none' }}>
            {t(`leads.statuses.${lead.status}`)}
          </Badge>
          <SlaBadge state={lead.sla_state} hoursLeft={lead.sla_working_hours_left} />
        </Group>
        <Group>
          {open && !lead.acknowledged_at && (
            <Button variant="light" onClick={acknowledge} data-testid="lead-acknowledge" title="a">
              {t('leads.acknowledge')}
            </Button>
          )}
          {open && lead.queue_id && (
            <Button variant="light" onClick={() => void act(() => unwrap(pickLead({ path: { lead_id: lead.id } })), t('leads.picked'))} data-testid="lead-pick">
              {t('leads.pick')}
            </Button>
          )}
          {canConvert && (
            <Button onClick={() => setConverting(true)} data-testid="lead-convert" title="c">
              {t('leads.convert')}
            </Button>
          )}
          {lead.allowed_statuses.map((s) => (
            <Button key={s} variant="default" onClick={() => setStatus(s)} data-testid={`lead-status-${s}`}>
              {t(`leads.statusActions.${s}`)}
            </Button>
          ))}
          {permissions.can('account_creation_request', 'create') && (
            <ButtonLink variant="subtle" to="/account-requests/new" search={{ lead: lead.id }} data-testid="lead-account-request">
              {t('leads.acr.newFromLead')}
            </ButtonLink>
          )}
        </Group>
      </Group>
      <LeadError error={actionError} />
      {lead.sales_project_id && (
        <Alert color="teal" data-testid="lead-converted">
          {t('leads.convertedTo')}{' '}
          <AnchorLink to="/sales-projects/$projectId" params={{ projectId: lead.sales_project_id }} data-testid="lead-project-link">
            {t('leads.salesProject')}
          </AnchorLink>
          {lead.account_id && (
            <>
              {' · '}
              <AnchorLink to="/accounts/$accountId" params={{ accountId: lead.account_id }}>
                {lead.account_name}
              </AnchorLink>
            </>
          )}
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {row(t('leads.fields.contact'), lead.contact_name)}
          {row(t('leads.fields.phone'), lead.phone)}
          {row(t('leads.fields.email'), lead.email)}
          {row(t('leads.fields.businessId'), lead.business_id)}
          {row(t('leads.fields.product'), lead.product_name, 'lead-product-name')}
          {row(t('leads.fields.region'), [lead.municipality_name, lead.region_name].filter(Boolean).join(', '), 'lead-region')}
          {row(t('leads.fields.owner'), lead.owner_name, 'lead-owner')}
          {row(t('leads.fields.queue'), lead.queue_name, 'lead-queue')}
          {row(t('leads.fields.giver'), lead.lead_giver_name)}
          {row(t('leads.fields.source'), t(`leads.sources.${lead.source}`))}
          {row(t('leads.fields.received'), formatDateTime(lead.received_at, i18n.language))}
          {row(t('leads.fields.slaDue'), formatDateTime(lead.sla_due_at, i18n.language), 'lead-sla-due')}
          {row(t('leads.fields.acknowledgedAt'), formatDateTime(lead.acknowledged_at, i18n.language))}
          {row(t('leads.fields.statusReason'), lead.status_reason)}
        </SimpleGrid>
        {lead.description && (
          <Text mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            {lead.description}
          </Text>
        )}
      </Paper>
      {lead.routing && (
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t('leads.routing.title')}
            {lead.routing.fallback ? ` · ${t('leads.routing.fallback')}` : ''}
          </Title>
          <RoutingSteps routing={lead.routing} />
        </Paper>
      )}
      {status && (
        <StatusDialog
          lead={lead}
          etag={etag}
          status={status}
          onClose={() => setStatus(null)}
          onDone={() => {
            setStatus(null);
            notifications.show({ color: 'green', message: t('leads.statusChanged') });
            refresh();
          }}
        />
      )}
      {converting && (
        <ConversionWizard
          lead={lead}
          etag={etag}
          onClose={() => setConverting(false)}
          onDone={() => {
            setConverting(false);
            refresh();
          }}
        />
      )}
    </Stack>
  );
}
