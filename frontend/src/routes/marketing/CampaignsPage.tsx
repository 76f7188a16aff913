import { Badge, Button, Group, Loader, NumberInput, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { createCampaign, listCampaigns, type CampaignType } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, newIdempotencyKey } from '../../lib/format';

export const CAMPAIGN_TYPES: CampaignType[] = ['event', 'seminar', 'newsletter', 'direct_mail', 'trade_fair', 'web', 'other'];

/** The campaigns the user may see, and the form for a new one. */
export function CampaignsPage() {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const campaigns = useQuery({ queryKey: ['campaigns', 'list'], queryFn: () => unwrap(listCampaigns({ query: { limit: 200 } })) });
  const [name, setName] = useState('');
  const [type, setType] = useState<CampaignType>('event');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [budget, setBudget] = useState<number | ''>('');
  const [expected, setExpected] = useState<number | ''>('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const created = await unwrap(
        createCampaign({
          body: {
            name,
            type,
            starts_on: startsOn || null,
            ends_on: endsOn || null,
            budget: budget === '' ? null : budget.toFixed(2),
            expected_responses: expected === '' ? null : expected,
          },
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      await navigate({ to: '/campaigns/$campaignId', params: { campaignId: created.id } });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack>
      <Title order={2}>{t('marketing.campaigns.title')}</Title>
      <ErrorAlert error={campaigns.error} />
      {campaigns.data ? (
        <Table data-testid="campaigns">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('marketing.campaigns.name')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.type')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.status')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.startsOn')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {campaigns.data.items.map((c) => (
              <Table.Tr key={c.id} data-testid="campaign-row">
                <Table.Td>
                  <Link to="/campaigns/$campaignId" params={{ campaignId: c.id }}>
                    {c.name}
                  </Link>
                </Table.Td>
                <Table.Td>{t(`marketing.types.${c.type}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`marketing.statuses.${c.status}`)}</Badge>
                </Table.Td>
                <Table.Td>{formatDate(c.starts_on, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Loader size="sm" />
      )}
      {permissions.can('campaign', 'create') && (
        <form onSubmit={submit} data-testid="new-campaign">
          <Stack maw={560}>
            <Title order={4}>{t('marketing.campaigns.new')}</Title>
            <TextInput required label={t('marketing.campaigns.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="campaign-name" />
            <Select label={t('marketing.campaigns.type')} data={CAMPAIGN_TYPES.map((v) => ({ value: v, label: t(`marketing.types.${v}`) }))} value={type} onChange={(v) => v && setType(v as CampaignType)} allowDeselect={false} data-testid="campaign-type" />
            <Group grow>
              <TextInput type="date" label={t('marketing.campaigns.startsOn')} value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} data-testid="campaign-starts" />
              <TextInput type="date" label={t('marketing.campaigns.endsOn')} value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} data-testid="campaign-ends" />
            </Group>
            <Group grow>
              <NumberInput label={t('marketing.campaigns.budget')} min={0} decimalScale={2} value={budget} onChange={(v) => setBudget(typeof v === 'number' ? v : '')} data-testid="campaign-budget" />
              <NumberInput label={t('marketing.campaigns.expected')} min={0} allowDecimal={false} value={expected} onChange={(v) => setExpected(typeof v === 'number' ? v : '')} data-testid="campaign-expected" />
            </Group>
            <ErrorAlert error={error} />
            <Group>
              <Button type="submit" loading={busy} data-testid="create-campaign">
                {t('marketing.campaigns.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
