import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeTone, formatChange, TABLE_FIGURES as FIGURES, TONE_COLORS, type Figure } from './movement';

export type Figures = Record<Figure, number>;

export interface MovementRowView {
  key: string;
  label: string;
  current: Figures;
  previous: Figures;
  /** current − previous, as the server computed it. */
  change: Figures;
}

/** The report as a table: each figure this month and its change ("Muutos") from the previous month. */
export function MovementTable({ rows, total, groupLabel }: { rows: MovementRowView[]; total: MovementRowView | null; groupLabel: string }) {
  const { t } = useTranslation();
  const cells = (row: MovementRowView, header = false) =>
    FIGURES.flatMap((f) => {
      const change = row.change[f];
      const tone = changeTone(f, change);
      const Cell = header ? Table.Th : Table.Td;
      return [
        <Cell key={f} ta="right" data-testid="movement-count" data-figure={f} title={`${t('salesReport.previousMonth')}: ${row.previous[f]}`}>
          {row.current[f]}
        </Cell>,
        <Cell key={`${f}-change`} ta="right" data-testid="movement-change" data-figure={f} data-tone={tone}>
          <Text span size="sm" c={TONE_COLORS[tone]} fw={tone === 'neutral' ? undefined : 600}>
            {formatChange(change)}
          </Text>
        </Cell>,
      ];
    });
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withColumnBorders data-testid="movement-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th rowSpan={2}>{groupLabel}</Table.Th>
            {FIGURES.map((f) => (
              <Table.Th key={f} colSpan={2} ta="center">
                {t(`salesReport.figures.${f}`)}
              </Table.Th>
            ))}
          </Table.Tr>
          <Table.Tr>
            {FIGURES.flatMap((f) => [
              <Table.Th key={f} ta="right">
                {t('salesReport.count')}
              </Table.Th>,
              <Table.Th key={`${f}-change`} ta="right">
                {t('salesReport.change')}
              </Table.Th>,
            ])}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} data-testid="movement-row" data-key={row.key}>
              <Table.Td>{row.label}</Table.Td>
              {cells(row)}
            </Table.Tr>
          ))}
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={1 + FIGURES.length * 2}>
                <Text c="dimmed" size="sm">
                  {t('common.noResults')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
        {total && (
          <Table.Tfoot>
            <Table.Tr data-testid="movement-total">
              <Table.Th>{t('reports.total')}</Table.Th>
              {cells(total, true)}
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}
