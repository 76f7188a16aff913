import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDirectoryNames } from '../api/lookups';
import type { HistoryEntry } from '../api/sdk';
import { formatDateTime } from '../lib/format';

const USER_FIELDS = new Set(['owner_id', 'account_manager_id', 'changed_by', 'delegated_by_id', 'delegated_to_user_id', 'created_by']);
/** Enum fields whose values have labels: field → locale namespace. */
const ENUM_FIELDS: Record<string, string> = {
  status_reason: 'status',
  priority: 'priority',
  origin: 'origin',
  request_type: 'requestType',
  service_channel: 'serviceChannel',
  billing_status: 'billingStatus',
};
/** Sales project fields whose values have labels. */
const SALES_ENUMS: Record<string, string> = { status: 'sales.projectStatus' };
const UNIT_FIELDS = new Set(['business_unit_id']);

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function camel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** What an area knows about fields of its own that the table cannot label by itself. */
export interface HistoryDescriber {
  label?: (field: string) => string | undefined;
  value?: (field: string, value: unknown) => string | undefined;
}

/** Field-level change log: what changed, from what to what, by whom and when. */
export function HistoryTable({
  items,
  entity,
  describe,
}: {
  items: HistoryEntry[];
  entity: 'account' | 'contact' | 'service' | 'sales';
  describe?: HistoryDescriber;
}) {
  const { t, i18n } = useTranslation();
  const names = useDirectoryNames();
  if (items.length === 0) return <Text c="dimmed">{t('history.empty')}</Text>;

  // "business_id" → account.businessId; "owner_id" → account.owner; unknown fields as sent.
  const fieldLabel = (field: string) => {
    for (const key of [`${entity}.${camel(field)}`, `${entity}.${camel(field.replace(/_id$/, ''))}`]) {
      if (i18n.exists(key)) return t(key);
    }
    return describe?.label?.(field) ?? field;
  };
  const valueLabel = (field: string | null | undefined, value: unknown) => {
    const described = field && value !== null && value !== undefined ? describe?.value?.(field, value) : undefined;
    if (described !== undefined) return described;
    if (typeof value === 'string' && field) {
      if (USER_FIELDS.has(field)) return names.user(value) ?? value;
      if (UNIT_FIELDS.has(field)) return names.unit(value) ?? value;
      const namespace = ENUM_FIELDS[field] ?? (entity === 'sales' ? SALES_ENUMS[field] : undefined);
      if (namespace && i18n.exists(`${namespace}.${value}`)) return t(`${namespace}.${value}`);
    }
    return display(value);
  };
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
            <Table.Td>{h.changed_by_name ?? names.user(h.changed_by) ?? h.changed_by ?? ''}</Table.Td>
            <Table.Td>{t(`history.operations.${h.operation}`)}</Table.Td>
            <Table.Td data-field={h.field ?? ''}>{h.field ? fieldLabel(h.field) : ''}</Table.Td>
            <Table.Td>{valueLabel(h.field, h.old_value)}</Table.Td>
            <Table.Td>{valueLabel(h.field, h.new_value)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
