import { Table, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface SortableThProps {
  field: string;
  label: string;
  sort: string;
  onSort: (sort: string) => void;
}

/** Column header that toggles `field` / `-field` sorting on the server. */
export function SortableTh({ field, label, sort, onSort }: SortableThProps) {
  const { t } = useTranslation();
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  return (
    <Table.Th aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton
        fw={600}
        fz="sm"
        aria-label={t('common.sortBy', { column: label })}
        data-testid={`sort-${field}`}
        onClick={() => onSort(active && !descending ? `-${field}` : field)}
      >
        {label} {active ? (descending ? '▼' : '▲') : ''}
      </UnstyledButton>
    </Table.Th>
  );
}
