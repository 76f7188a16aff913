import { Badge, Button, Group, Loader, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { getCampaign, getCampaignResults, inviteToCampaign, listInvitations, listMarketingLists, updateCampaign, updateInvitation, type CampaignStatus, type InvitationStatus } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, newIdempotencyKey } from '../../lib/format';

export const INVITATION_STATUSES: InvitationStatus[] = ['invited', 'registered', 'attended', 'declined', 'no_show'];
const CAMPAIGN_STATUSES: CampaignStatus[] = ['planned', 'active', 'completed', 'cancelled'];

function percent(value: number | null | undefined): string {
  return value == null ? '–' : `${Math.round(value * 100)} %`;
}

/** One campaign: its status, invitations from a list with their status changes, results. */
export function CampaignPage() {
  const { campaignId } = useParams({ strict: false }) as { campaignId: string };
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const queryClient = useQueryClient();
  const campaign = useQuery({ queryKey: ['campaigns', campaignId], queryFn: () => unwrap(getCampaign({ path: { campaign_id: campaignId } })) });
  const invitations = useQuery({ queryKey: ['campaigns', campaignId, 'invitations'], queryFn: () => unwrap(listInvitations({ path: { campaign_id: campaignId }, query: { limit: 200 } })) });
  const results = useQuery({ queryKey: ['campaigns', campaignId, 'results'], queryFn: () => unwrap(getCampaignResults({ path: { campaign_id: campaignId } })) });
  const lists = useQuery({ queryKey: ['marketing-lists', 'list'], queryFn: () => unwrap(listMarketingLists({ query: { limit: 200 } })) });
  const [listId, setListId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    setBusy(true);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ['campaigns', campaignId] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!campaign.data) return campaign.error ? <ErrorAlert error={campaign.error} /> : <Loader size="sm" />;
  const c = campaign.data;
  const editable = permissions.can('campaign', 'update');
  const r = results.data;
  return (
    <Stack>
      <Group>
        <Title order={2} data-testid="campaign-title">
          {c.name}
        </Title>
        <Badge variant="light">{t(`marketing.types.${c.type}`)}</Badge>
      </Group>
      <Text>
        {formatDate(c.starts_on, i18n.language)} – {formatDate(c.ends_on, i18n.language)}
      </Text>
      <ErrorAlert error={error} />
      {editable && (
        <Select
          w={220}
          label={t('marketing.campaigns.status')}
          data={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`marketing.statuses.${s}`) }))}
          value={c.status}
          allowDeselect={false}
          onChange={(v) => v && run(() => unwrap(updateCampaign({ path: { campaign_id: c.id }, body: { status: v as CampaignStatus }, headers: { 'If-Match': etagOf(c.version) } })))}
          data-testid="campaign-status"
        />
      )}
      <Title order={4}>{t('marketing.results.title')}</Title>
      {r && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="campaign-results">
          <Text>{t('marketing.results.invited', { count: r.invited_total })}</Text>
          <Text>{t('marketing.results.responses', { count: r.responses, expected: r.expected_responses ?? '–' })}</Text>
          <Text>{t('marketing.results.vsExpected', { value: percent(r.response_vs_expected) })}</Text>
          <Text>{t('marketing.results.attendance', { value: percent(r.attendance_rate) })}</Text>
          {INVITATION_STATUSES.map((s) => (
            <Text key={s} size="sm" data-testid={`count-${s}`}>
              {t(`marketing.invitationStatuses.${s}`)}: {r.counts[s] ?? 0}
            </Text>
          ))}
        </SimpleGrid>
      )}
      <Title order={4}>{t('marketing.invitations.title')}</Title>
      {editable && (
        <Group align="flex-end">
          <Select w={320} label={t('marketing.invitations.fromList')} data={(lists.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))} value={listId} onChange={setListId} data-testid="invite-list" />
          <Button disabled={!listId} loading={busy} onClick={() => listId && run(() => unwrap(inviteToCampaign({ path: { campaign_id: c.id }, body: { list_id: listId }, headers: { 'Idempotency-Key': newIdempotencyKey() } })))} data-testid="invite">
            {t('marketing.invitations.invite')}
          </Button>
        </Group>
      )}
      <Table data-testid="invitations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('marketing.lists.contact')}</Table.Th>
            <Table.Th>{t('marketing.lists.email')}</Table.Th>
            <Table.Th>{t('marketing.invitations.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(invitations.data?.items ?? []).map((inv) => (
            <Table.Tr key={inv.id} data-testid="invitation-row">
              <Table.Td>{inv.contact_name}</Table.Td>
              <Table.Td>{inv.email ?? ''}</Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  w={180}
                  aria-label={t('marketing.invitations.status')}
                  disabled={!editable}
                  data={INVITATION_STATUSES.map((s) => ({ value: s, label: t(`marketing.invitationStatuses.${s}`) }))}
                  value={inv.status}
                  allowDeselect={false}
                  onChange={(v) => v && run(() => unwrap(updateInvitation({ path: { campaign_id: c.id, invitation_id: inv.id }, body: { status: v as InvitationStatus }, headers: { 'If-Match': etagOf(inv.version) } })))}
                  data-testid="invitation-status"
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
