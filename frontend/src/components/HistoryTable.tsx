import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../api/sdk';
import { formatDateTime } from '../lib/format';

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Field-level change log: what changed, from what to what, by whom and when. */
export function HistoryTable({ items }: { items: HistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return <Text c="dimmed">{t('history.empty')}</Text>;
  return (
    <Table striped data-testid="history-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('history.when')}</Table.Th>
          <Table.Th>{t('history.who')}</Table.Th>
          <Table.Th>{t('history.operation')}</Table.Th>
          <Table.Th>{t('history.field')}</Table.Th>
          <Table.Th>{t('history.old')}</Table.Th>
          <Table.Th>{t('history.new')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((h) => (
          <Table.Tr key={h.id}>
            <Table.Td>{formatDateTime(h.changed_at, i18n.language)}</Table.Td>
            <Table.Td>{h.changed_by_name ?? h.changed_by ?? ''}</Table.Td>
            <Table.Td>{t(`history.operations.${h.operation}`)}</Table.Td>
            <Table.Td>{h.field ?? ''}</Table.Td>
            <Table.Td>{display(h.old_value)}</Table.Td>
            <Table.Td>{display(h.new_value)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
