/** A marketing list's settings on its page: the campaign it is linked to, and a dynamic list's
 * filter in the visual builder (with the live count). Saved with `If-Match`. */
import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { countContactsByFilter, listCampaigns, updateMarketingList, type MarketingList } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterEditor, useFilterCount, type FilterJson } from '../../components/filter';

export function ListSettings({ list, editable }: { list: MarketingList; editable: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const campaigns = useQuery({ queryKey: ['campaigns', 'options'], queryFn: () => unwrap(listCampaigns({ query: { limit: 200 } })) });
  const [campaignId, setCampaignId] = useState<string | null>(list.campaign_id);
  const [filter, setFilter] = useState<FilterJson>((list.filter as FilterJson | null) ?? { all: [] });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dynamic = list.kind === 'dynamic';
  const count = useFilterCount(['marketing-lists', list.id, 'count'], filter, (f) => unwrap(countContactsByFilter({ body: { filter: f as Record<string, unknown> } })), { enabled: dynamic && editable });
  const changed = campaignId !== list.campaign_id || (dynamic && JSON.stringify(filter) !== JSON.stringify(list.filter));

  async function save() {
    setError(null);
    setBusy(true);
    try {
      const body = { campaign_id: campaignId, ...(dynamic ? { filter: filter as Record<string, unknown> } : {}) };
      await unwrap(updateMarketingList({ path: { list_id: list.id }, body, headers: { 'If-Match': `"${list.version}"` } }));
      await queryClient.invalidateQueries({ queryKey: ['marketing-lists'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const options = (campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  return (
    <Paper withBorder p="md" data-testid="list-settings">
      <Stack gap="xs">
        <Title order={4}>{t('marketing.lists.settings')}</Title>
        <Select label={t('marketing.lists.campaign')} data={options} value={campaignId} onChange={setCampaignId} clearable searchable disabled={!editable} maw={420} data-testid="list-campaign" />
        {dynamic && (
          <>
            <Text size="sm" fw={500}>
              {t('marketing.lists.filter')}
            </Text>
            <FilterEditor entity="contact" value={filter} onChange={setFilter} />
            {editable && (
              <Text size="sm" data-testid="list-settings-count">
                {t('marketing.lists.liveCount', { count: count.data?.count ?? 0 })}
              </Text>
            )}
          </>
        )}
        <ErrorAlert error={error ?? count.error} />
        {editable && (
          <Group>
            <Button onClick={() => void save()} loading={busy} disabled={!changed} data-testid="list-settings-save">
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
