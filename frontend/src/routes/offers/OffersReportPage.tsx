import { Button, Group, Loader, NumberInput, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/download';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import {
  getOfferOutcomesReport,
  getOpenOffersReport,
  getTargetReport,
  offerOutcomesCsv,
  offerOutcomesXlsx,
  openOffersCsv,
  openOffersXlsx,
  targetReportCsv,
  targetReportXlsx,
  type OfferOutcomeFigures,
  type ReportBucket,
} from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, todayInHelsinki } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { localName } from './lookups';
import { TargetChart } from './TargetChart';

type Format = 'xlsx' | 'csv';

function Figure({ label, value, sub, testId }: { label: string; value: ReactNode; sub?: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      )}
    </Paper>
  );
}

function Exports({ onExport, busy }: { onExport: (f: Format) => void; busy: Format | null }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      <Button variant="default" size="xs" loading={busy === 'xlsx'} onClick={() => onExport('xlsx')} data-testid="export-xlsx">
        {t('offers.report.exportXlsx')}
      </Button>
      <Button variant="default" size="xs" loading={busy === 'csv'} onClick={() => onExport('csv')} data-testid="export-csv">
        {t('offers.report.exportCsv')}
      </Button>
    </Group>
  );
}

/** Runs one export, remembering which is busy and what failed. */
function useExport() {
  const [busy, setBusy] = useState<Format | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  async function run(format: Format, call: () => Promise<{ data?: unknown; error?: unknown; response?: Response }>, fallback: string) {
    setBusy(format);
    setFailure(null);
    try {
      await downloadFile(call(), `${fallback}.${format}`);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
    }
  }
  return { busy, failure, run };
}

function BucketTable({ buckets, label, testId }: { buckets: ReportBucket[]; label: string; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Table striped data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{label}</Table.Th>
          <Table.Th ta="right">{t('offers.report.count')}</Table.Th>
          <Table.Th ta="right">{t('offers.report.eur')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {buckets.map((b) => (
          <Table.Tr key={b.key ?? '∅'} data-testid="bucket-row">
            <Table.Td>{b.name ? localName({ name: b.name, name_en: b.name_en, name_sv: b.name_sv }, i18n.language) : t('offers.report.none')}</Table.Td>
            <Table.Td ta="right">{b.count}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(b.total, i18n.language)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function OpenOffersTab({ mayExport }: { mayExport: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [days, setDays] = useState<number>(14);
  const [fileRows, setFileRows] = useState<'type' | 'owner'>('type');
  const files = useExport();
  const query = { expiring_within_days: days };
  const report = useQuery({
    queryKey: ['reports', 'offers', 'open', query],
    queryFn: () => unwrap(getOpenOffersReport({ query })),
    placeholderData: keepPreviousData,
  });
  const exportAs = (f: Format) => {
    const q = { ...query, group_by: fileRows };
    return files.run(f, () => (f === 'xlsx' ? openOffersXlsx({ query: q, parseAs: 'blob' }) : openOffersCsv({ query: q, parseAs: 'blob' })), `avoimet-tarjoukset-${todayInHelsinki()}`);
  };
  const r = report.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <NumberInput w={200} label={t('offers.report.expiringDays')} min={0} max={366} allowDecimal={false} value={days} onChange={(n) => typeof n === 'number' && setDays(n)} data-testid="report-expiring-days" />
        {mayExport && (
          <Group align="flex-end">
            <Stack gap={2}>
              <Text size="sm" fw={500}>
                {t('offers.report.fileRows')}
              </Text>
              <SegmentedControl
                size="xs"
                value={fileRows}
                onChange={(v) => setFileRows(v as 'type' | 'owner')}
                data={[
                  { value: 'type', label: t('offers.report.byType') },
                  { value: 'owner', label: t('offers.report.byOwner') },
                ]}
              />
            </Stack>
            <Exports onExport={(f) => void exportAs(f)} busy={files.busy} />
          </Group>
        )}
      </Group>
      <ErrorAlert error={report.error ?? files.failure} />
      {!r ? (
        <Loader size="sm" />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Figure label={t('offers.report.openCount')} value={formatMoney(r.total, language)} sub={`${r.count} ${t('offers.report.count').toLowerCase()}`} testId="report-open-total" />
            <Figure label={t('offers.report.expiredCount')} value={formatMoney(r.expired_total, language)} sub={`${r.expired_count} ${t('offers.report.count').toLowerCase()}`} testId="report-expired-total" />
            <Figure label={t('offers.report.expiringCount')} value={formatMoney(r.expiring_total, language)} sub={`${r.expiring_count} ${t('offers.report.count').toLowerCase()}`} testId="report-expiring-total" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="md">
              <Title order={5} mb="xs">
                {t('offers.report.byType')}
              </Title>
              <BucketTable buckets={r.by_type} label={t('offers.type')} testId="report-by-type" />
            </Paper>
            <Paper withBorder p="md">
              <Title order={5} mb="xs">
                {t('offers.report.byOwner')}
              </Title>
              <BucketTable buckets={r.by_owner} label={t('offers.owner')} testId="report-by-owner" />
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="md">
            <Title order={5} mb="xs">
              {t('offers.report.expiringList')}
            </Title>
            {r.expiring.length === 0 ? (
              <Text c="dimmed">{t('offers.report.noData')}</Text>
            ) : (
              <Table striped data-testid="report-expiring">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('offers.number')}</Table.Th>
                    <Table.Th>{t('offers.offerTitle')}</Table.Th>
                    <Table.Th>{t('offers.customer')}</Table.Th>
                    <Table.Th>{t('offers.owner')}</Table.Th>
                    <Table.Th>{t('offers.validUntil')}</Table.Th>
                    <Table.Th ta="right">{t('offers.total')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.expiring.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        <AnchorLink to="/offers/$offerId" params={{ offerId: e.id }}>
                          {e.number}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{e.title}</Table.Td>
                      <Table.Td>{e.account_name}</Table.Td>
                      <Table.Td>{e.owner_name}</Table.Td>
                      <Table.Td>{formatDate(e.valid_until, language)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {formatMoney(e.total, language)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </>
      )}
    </Stack>
  );
}

function percentLabel(value: string | null | undefined, language: string): string {
  if (value === null || value === undefined) return '–';
  return `${language === 'en' ? value : value.replace('.', ',')}\u00a0%`;
}

function OutcomesTab({ mayExport }: { mayExport: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const today = todayInHelsinki();
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const files = useExport();
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const query = { from, to };
  const report = useQuery({
    queryKey: ['reports', 'offers', 'outcomes', query],
    queryFn: () => unwrap(getOfferOutcomesReport({ query })),
    placeholderData: keepPreviousData,
    enabled: valid,
  });
  const exportAs = (f: Format) =>
    files.run(f, () => (f === 'xlsx' ? offerOutcomesXlsx({ query, parseAs: 'blob' }) : offerOutcomesCsv({ query, parseAs: 'blob' })), `tarjousten-tulos-${from}-${to}`);
  const cells = (f: OfferOutcomeFigures) => (
    <>
      <Table.Td ta="right">{f.won_count}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {formatMoney(f.won_total, language)}
      </Table.Td>
      <Table.Td ta="right">{f.lost_count}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {formatMoney(f.lost_total, language)}
      </Table.Td>
      <Table.Td ta="right">{f.cancelled_count}</Table.Td>
      <Table.Td ta="right" data-testid="win-rate">
        {percentLabel(f.win_rate, language)}
      </Table.Td>
      <Table.Td ta="right">{percentLabel(f.win_rate_eur, language)}</Table.Td>
    </>
  );
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput type="date" label={t('offers.report.from')} value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="report-from" />
          <TextInput type="date" label={t('offers.report.to')} value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} data-testid="report-to" />
        </Group>
        {mayExport && <Exports onExport={(f) => void exportAs(f)} busy={files.busy} />}
      </Group>
      <ErrorAlert error={report.error ?? files.failure} />
      {!report.data ? (
        valid && <Loader size="sm" />
      ) : (
        <Paper withBorder p="md">
          <Table striped data-testid="report-outcomes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('offers.type')}</Table.Th>
                <Table.Th ta="right">{t('offers.report.won')}</Table.Th>
                <Table.Th ta="right">€</Table.Th>
                <Table.Th ta="right">{t('offers.report.lost')}</Table.Th>
                <Table.Th ta="right">€</Table.Th>
                <Table.Th ta="right">{t('offers.report.cancelled')}</Table.Th>
                <Table.Th ta="right">{t('offers.report.winRate')}</Table.Th>
                <Table.Th ta="right">{t('offers.report.winRateEur')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.rows.map((r) => (
                <Table.Tr key={r.offer_type_id ?? '∅'} data-testid="outcome-row">
                  <Table.Td>{r.name ? localName({ name: r.name, name_en: r.name_en, name_sv: r.name_sv }, language) : t('offers.report.none')}</Table.Td>
                  {cells(r)}
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr data-testid="outcome-total" style={{ fontWeight: 700 }}>
                <Table.Td>{t('offers.report.total')}</Table.Td>
                {cells(report.data.total)}
              </Table.Tr>
            </Table.Tfoot>
          </Table>
          <Text size="xs" c="dimmed" mt="xs">
            {t('offers.report.winRateNote')}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}

function monthNames(language: string): string[] {
  const locale = { fi: 'fi-FI', sv: 'sv-FI' }[language] ?? 'en-GB';
  return Array.from({ length: 12 }, (_, m) => new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, m, 1))));
}

function TargetsTab({ mayExport }: { mayExport: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [year, setYear] = useState(Number(todayInHelsinki().slice(0, 4)));
  const [selected, setSelected] = useState<string | null>(null);
  const files = useExport();
  const valid = year >= 2000 && year <= 2100;
  const report = useQuery({
    queryKey: ['reports', 'offers', 'targets', year],
    queryFn: () => unwrap(getTargetReport({ query: { year } })),
    placeholderData: keepPreviousData,
    enabled: valid,
  });
  const exportAs = (f: Format) =>
    files.run(f, () => (f === 'xlsx' ? targetReportXlsx({ query: { year }, parseAs: 'blob' }) : targetReportCsv({ query: { year }, parseAs: 'blob' })), `myyntitavoitteet-${year}`);
  const rows = report.data?.rows ?? [];
  const chosen = rows.find((r) => r.user_id === selected) ?? rows.find((r) => r.euro_target) ?? rows[0];
  const versus = (actual: number, target: number | null | undefined) => (target === null || target === undefined ? `${actual}` : `${actual} / ${target}`);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <NumberInput w={120} label={t('offers.report.year')} min={2000} max={2100} allowDecimal={false} value={year} onChange={(n) => typeof n === 'number' && setYear(n)} data-testid="report-year" />
        {mayExport && <Exports onExport={(f) => void exportAs(f)} busy={files.busy} />}
      </Group>
      <ErrorAlert error={report.error ?? files.failure} />
      {!report.data ? (
        valid && <Loader size="sm" />
      ) : rows.length === 0 ? (
        <Text c="dimmed">{t('offers.report.noData')}</Text>
      ) : (
        <>
          <Paper withBorder p="md">
            <Table striped highlightOnHover data-testid="report-targets">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('offers.targets.user')}</Table.Th>
                  <Table.Th ta="right">{t('offers.report.target')}</Table.Th>
                  <Table.Th ta="right">{t('offers.report.achieved')}</Table.Th>
                  <Table.Th w={180}>{t('offers.report.achievedPercent')}</Table.Th>
                  <Table.Th ta="right">{t('offers.report.ordersCount')}</Table.Th>
                  <Table.Th ta="right">{t('offers.report.newCustomers')}</Table.Th>
                  <Table.Th ta="right">{t('offers.report.repeatCustomers')}</Table.Th>
                  <Table.Th ta="right">{t('offers.report.meetings')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.user_id} onClick={() => setSelected(r.user_id)} style={{ cursor: 'pointer' }} data-testid="target-report-row" aria-selected={chosen?.user_id === r.user_id}>
                    <Table.Td fw={chosen?.user_id === r.user_id ? 700 : 400}>{r.user_name}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {r.euro_target ? formatMoney(r.euro_target, language) : '–'}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="target-achieved">
                      {formatMoney(r.achieved, language)}
                    </Table.Td>
                    <Table.Td>
                      {r.achieved_percent !== null && r.achieved_percent !== undefined ? (
                        <Group gap="xs" wrap="nowrap">
                          <Progress value={Math.min(100, Number(r.achieved_percent))} w={100} />
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {percentLabel(r.achieved_percent, language)}
                          </Text>
                        </Group>
                      ) : (
                        '–'
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{r.orders}</Table.Td>
                    <Table.Td ta="right">{versus(r.new_customers, r.new_customers_target)}</Table.Td>
                    <Table.Td ta="right">{versus(r.repeat_customers, r.repeat_purchases_target)}</Table.Td>
                    <Table.Td ta="right">{versus(r.meetings, r.meetings_target)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr style={{ fontWeight: 700 }}>
                  <Table.Td>{t('offers.report.total')}</Table.Td>
                  <Table.Td ta="right">{formatMoney(report.data.total_target, language)}</Table.Td>
                  <Table.Td ta="right" data-testid="targets-total-achieved">
                    {formatMoney(report.data.total_achieved, language)}
                  </Table.Td>
                  <Table.Td colSpan={5} />
                </Table.Tr>
              </Table.Tfoot>
            </Table>
            <Text size="xs" c="dimmed" mt="xs">
              {t('offers.report.targetsNote')}
            </Text>
          </Paper>
          {chosen && (
            <Paper withBorder p="md">
              <Title order={5} mb="xs">
                {chosen.user_name} · {t('offers.report.cumulative')}
              </Title>
              <TargetChart row={chosen} months={monthNames(language)} />
            </Paper>
          )}
        </>
      )}
    </Stack>
  );
}

/** Offer reports: open offers, won and lost by type, and orders against the yearly targets. */
export function OffersReportPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  return (
    <Stack>
      <Title order={2}>{t('offers.report.title')}</Title>
      <Tabs defaultValue="open" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="open" data-testid="report-tab-open">
            {t('offers.report.tabs.open')}
          </Tabs.Tab>
          <Tabs.Tab value="outcomes" data-testid="report-tab-outcomes">
            {t('offers.report.tabs.outcomes')}
          </Tabs.Tab>
          {permissions.can('sales_target', 'read') && (
            <Tabs.Tab value="targets" data-testid="report-tab-targets">
              {t('offers.report.tabs.targets')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Stack mt="md">
          <Tabs.Panel value="open">
            <OpenOffersTab mayExport={permissions.can('offer', 'export')} />
          </Tabs.Panel>
          <Tabs.Panel value="outcomes">
            <OutcomesTab mayExport={permissions.can('offer', 'export')} />
          </Tabs.Panel>
          <Tabs.Panel value="targets">
            <TargetsTab mayExport={permissions.can('sales_target', 'export')} />
          </Tabs.Panel>
        </Stack>
      </Tabs>
    </Stack>
  );
}
