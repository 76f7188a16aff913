/**
 * Merging a duplicate into this account (administrators): find the duplicate, preview what
 * moves (the API's dry run), then confirm. The confirmation sends this account's ETag and the
 * duplicate's version from the preview, so nothing that changed in between is merged blind.
 */
import { Alert, Button, Group, List, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccountName, useDirectoryNames } from '../../api/lookups';
import { ApiError, unwrap, unwrapWithResponse } from '../../api/problem';
import { listAccounts, mergeAccount, type Account, type MergeReport, type ReferenceMove } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteSelect, type Option } from '../../components/RemoteSelect';
import { newIdempotencyKey } from '../../lib/format';

interface Props {
  account: Account;
  etag: string | null;
  opened: boolean;
  onClose: () => void;
  onMerged: (survivor: Account, etag: string | null) => void;
  onReload: () => void;
}

function duplicateSearch(accountId: string) {
  return async (q: string): Promise<Option[]> => {
    const page = await unwrap(listAccounts({ query: { limit: 20, sort: 'name', include_passive: true, ...(q ? { q } : {}) } }));
    return page.items
      .filter((a) => a.id !== accountId)
      .map((a) => ({ value: a.id, label: a.business_id ? `${a.name} (${a.business_id})` : a.name }));
  };
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('system' in record && 'external_id' in record) return `${display(record.system)} ${display(record.external_id)}`;
    return Object.values(record).filter((v) => v !== null && v !== '').map(display).join(', ');
  }
  return JSON.stringify(value);
}

function MovesTable({ moves }: { moves: ReferenceMove[] }) {
  const { t, i18n } = useTranslation();
  const moving = moves.filter((m) => m.rows > 0);
  if (moving.length === 0) return <Text size="sm" c="dimmed">{t('accountmgmt.merge.nothingMoves')}</Text>;
  const label = (m: ReferenceMove) => {
    const key = `accountmgmt.merge.tables.${m.table}`;
    const name = i18n.exists(key) ? t(key) : m.table;
    return m.column === 'account_id' ? name : `${name} (${m.column})`;
  };
  return (
    <Table data-testid="merge-moves">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('accountmgmt.merge.records')}</Table.Th>
          <Table.Th ta="right">{t('accountmgmt.merge.rows')}</Table.Th>
          <Table.Th ta="right">{t('accountmgmt.merge.merged')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {moving.map((m) => (
          <Table.Tr key={`${m.table}.${m.column}`}>
            <Table.Td>{label(m)}</Table.Td>
            <Table.Td ta="right">{m.rows.toLocaleString(i18n.language)}</Table.Td>
            <Table.Td ta="right">{m.merged ? m.merged.toLocaleString(i18n.language) : ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function FilledValue({ field, value }: { field: string; value: unknown }) {
  const names = useDirectoryNames();
  const parent = useAccountName(field === 'parent_id' && typeof value === 'string' ? value : null);
  if (field === 'account_manager_id' && typeof value === 'string') return <>{names.user(value) ?? '…'}</>;
  if (field === 'parent_id') return <>{parent ?? '…'}</>;
  return <>{display(value)}</>;
}

function Preview({ report }: { report: MergeReport }) {
  const { t, i18n } = useTranslation();
  const fieldLabel = (field: string) => {
    const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const keys = [`account.${camel(field)}`, `account.${camel(field.replace(/_id$/, ''))}`, `accountmgmt.merge.fields.${camel(field)}`];
    const key = keys.find((k) => i18n.exists(k));
    return key ? t(key) : field;
  };
  const filled = Object.entries(report.filled);
  return (
    <Stack gap="sm" data-testid="merge-preview">
      <Text fw={500}>{t('accountmgmt.merge.moves')}</Text>
      <MovesTable moves={report.moves} />
      <Text fw={500}>{t('accountmgmt.merge.filled')}</Text>
      {filled.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('accountmgmt.merge.nothingFilled')}
        </Text>
      ) : (
        <List size="sm" data-testid="merge-filled">
          {filled.map(([field, value]) => (
            <List.Item key={field}>
              {fieldLabel(field)}: <FilledValue field={field} value={value} />
            </List.Item>
          ))}
        </List>
      )}
      {report.joins_team && (
        <Alert color="blue" variant="light">
          {t('accountmgmt.merge.joinsTeam', { name: report.joins_team.name ?? '' })}
        </Alert>
      )}
    </Stack>
  );
}

export function MergeDialog({ account, etag, opened, onClose, onMerged, onReload }: Props) {
  const { t } = useTranslation();
  const [duplicateId, setDuplicateId] = useState<string | null>(null);
  const [duplicateLabel, setDuplicateLabel] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<MergeReport | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const labels = useRef(new Map<string, string>());
  const key = useRef(newIdempotencyKey());
  const search = duplicateSearch(account.id);

  const close = () => {
    setDuplicateId(null);
    setDuplicateLabel(undefined);
    setReport(null);
    setFailure(null);
    key.current = newIdempotencyKey();
    onClose();
  };

  async function preview(event: FormEvent) {
    event.preventDefault();
    if (!duplicateId) return;
    setFailure(null);
    setBusy(true);
    try {
      setReport(
        await unwrap(mergeAccount({ path: { account_id: account.id }, query: { dry_run: true }, body: { duplicate_id: duplicateId } })),
      );
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!report) return;
    setFailure(null);
    setBusy(true);
    try {
      const { data, response } = await unwrapWithResponse(
        mergeAccount({
          path: { account_id: account.id },
          body: { duplicate_id: report.duplicate.id, duplicate_version: report.duplicate.version },
          headers: { 'If-Match': etag ?? `"${account.version}"`, 'Idempotency-Key': key.current },
        }),
      );
      notifications.show({ color: 'green', message: t('accountmgmt.merge.done', { name: data.duplicate.name }) });
      onMerged(data.survivor, response.headers.get('ETag'));
      close();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const fieldErrors = failure instanceof ApiError && failure.status === 422 ? failure.fieldErrors() : {};
  return (
    <Modal opened={opened} onClose={close} size="lg" title={t('accountmgmt.merge.title', { name: account.name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <Text size="sm">{t('accountmgmt.merge.intro')}</Text>
        {failure instanceof ApiError && failure.status === 412 ? (
          <ConflictAlert
            onReload={() => {
              close();
              onReload();
            }}
          />
        ) : (
          <ErrorAlert error={failure instanceof ApiError && failure.status === 422 ? null : failure} />
        )}
        <form onSubmit={preview} data-testid="merge-form">
          <Group align="flex-end">
            <RemoteSelect
              kind="accounts"
              scope={`merge-${account.id}`}
              label={t('accountmgmt.merge.duplicate')}
              placeholder={t('accountmgmt.merge.searchPlaceholder')}
              required
              data-autofocus
              style={{ flex: 1 }}
              value={duplicateId}
              selectedLabel={duplicateLabel}
              search={async (q) => {
                const found = await search(q);
                for (const o of found) labels.current.set(o.value, o.label);
                return found;
              }}
              onChange={(id) => {
                setDuplicateId(id);
                setDuplicateLabel(id ? labels.current.get(id) : undefined);
                setReport(null);
              }}
              error={fieldErrors.duplicate_id}
              data-testid="merge-duplicate"
            />
            <Button type="submit" variant="light" disabled={!duplicateId} loading={busy && !report} data-testid="merge-preview-button">
              {t('accountmgmt.merge.preview')}
            </Button>
          </Group>
        </form>
        {report && <Preview report={report} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color="red" disabled={!report} loading={busy && !!report} onClick={() => void confirm()} data-testid="merge-confirm">
            {t('accountmgmt.merge.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
