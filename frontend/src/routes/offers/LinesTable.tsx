import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OfferLine } from '../../api/sdk';
import { formatMoney } from '../../lib/money';

/** Decimal strings without trailing zeros, with the user's decimal mark ("2.500" → "2,5"). */
export function formatNumber(value: string, language: string): string {
  const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
  return language === 'en' ? trimmed : trimmed.replace('.', ',');
}

/** An offer's or order's lines as saved, with their totals and the sum. */
export function LinesTable({ lines, total }: { lines: OfferLine[]; total: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <Table striped data-testid="lines-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>#</Table.Th>
          <Table.Th>{t('offers.lines.name')}</Table.Th>
          <Table.Th ta="right">{t('offers.lines.quantity')}</Table.Th>
          <Table.Th>{t('offers.lines.unit')}</Table.Th>
          <Table.Th ta="right">{t('offers.lines.unitPrice')}</Table.Th>
          <Table.Th ta="right">{t('offers.lines.discount')}</Table.Th>
          <Table.Th ta="right">{t('offers.lines.lineTotal')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((line) => (
          <Table.Tr key={line.position} data-testid="saved-line">
            <Table.Td>{line.position}</Table.Td>
            <Table.Td>
              {line.name}
              {line.product_code && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({line.product_code})
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">{formatNumber(line.quantity, language)}</Table.Td>
            <Table.Td>{line.unit ?? ''}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(line.unit_price, language, { cents: 'always' })}
            </Table.Td>
            <Table.Td ta="right">{Number(line.discount_percent) ? `${formatNumber(line.discount_percent, language)} %` : ''}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(line.line_total, language, { cents: 'always' })}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr>
          <Table.Td colSpan={6} ta="right" fw={600}>
            {t('offers.totalNet')}
          </Table.Td>
          <Table.Td ta="right" fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="saved-total">
            {formatMoney(total, language, { cents: 'always' })}
          </Table.Td>
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  );
}
