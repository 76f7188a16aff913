/** Account search with the visual filter builder: the live count while the conditions are
 * built, and the matching accounts you may read, a page at a time (`POST /accounts/search`). */
import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { countAccountsByFilter, searchAccountsByFilter } from '../../api/sdk';
import { AccountSummaryTable } from '../../components/AccountSummaryTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterEditor, useFilterCount, type FilterJson } from '../../components/filter';

const EMPTY: FilterJson = { all: [] };
const PAGE = 50;

export function AccountSearchPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<FilterJson>(EMPTY);
  // The results follow the filter the user ran (Enter in the page or the button), not every
  // keystroke; the count follows every change.
  const [ran, setRan] = useState<FilterJson | null>(null);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const count = useFilterCount(['accounts', 'search', 'count'], filter, (f) =>
    unwrap(countAccountsByFilter({ body: { filter: f as Record<string, unknown> } })),
  );
  const cursor = cursors[cursors.length - 1] ?? null;
  const results = useQuery({
    queryKey: ['accounts', 'search', JSON.stringify(ran), cursor],
    enabled: ran !== null,
    retry: false,
    queryFn: () =>
      unwrap(searchAccountsByFilter({ body: { filter: ran as Record<string, unknown>, limit: PAGE, cursor, sort: 'name' } })),
  });
  const run = () => {
    setRan(filter);
    setCursors([null]);
  };
  return (
    <Stack>
      <Title order={2}>{t('classifications.search.title')}</Title>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <FilterEditor entity="account" value={filter} onChange={setFilter} />
          <Group gap="sm">
            <Button onClick={run} data-testid="account-search-run">
              {t('classifications.search.run')}
            </Button>
            <Button
              variant="subtle"
              onClick={() => {
                setFilter(EMPTY);
                setRan(null);
              }}
            >
              {t('classifications.search.reset')}
            </Button>
            <Text size="sm" data-testid="account-search-count">
              {count.data ? t('classifications.search.count', { count: count.data.count }) : null}
            </Text>
            {count.isFetching && <Loader size="xs" />}
          </Group>
          <ErrorAlert error={count.error} />
        </Stack>
      </Paper>
      <ErrorAlert error={results.error} />
      {results.data && (
        <>
          <AccountSummaryTable rows={results.data.items} testId="account-search-results" rowTestId="account-search-row" />
          <Group gap="xs">
            {cursors.length > 1 && (
              <Button variant="subtle" onClick={() => setCursors(cursors.slice(0, -1))}>
                {t('segments.members.previousPage')}
              </Button>
            )}
            {results.data.next_cursor && (
              <Button variant="subtle" onClick={() => setCursors([...cursors, results.data.next_cursor])} data-testid="account-search-next">
                {t('segments.members.nextPage')}
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
