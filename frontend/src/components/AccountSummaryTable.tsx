/** Accounts as a compact table: the name (a link to the account), business ID, region, size
 * class and account class — segment members and account search results. */
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from './AnchorLink';

export interface AccountSummary {
  id: string;
  name: string;
  business_id: string | null;
  region: string | null;
  size_class: number | null;
  account_class: string | null;
}

export function AccountSummaryTable({ rows, testId, rowTestId }: { rows: readonly AccountSummary[]; testId: string; rowTestId: string }) {
  const { t } = useTranslation();
  return (
    <Table data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('segments.members.name')}</Table.Th>
          <Table.Th>{t('segments.members.businessId')}</Table.Th>
          <Table.Th>{t('segments.members.region')}</Table.Th>
          <Table.Th>{t('segments.members.sizeClass')}</Table.Th>
          <Table.Th>{t('segments.members.accountClass')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((a) => (
          <Table.Tr key={a.id} data-testid={rowTestId}>
            <Table.Td>
              <AnchorLink to="/accounts/$accountId" params={{ accountId: a.id }}>
                {a.name}
              </AnchorLink>
            </Table.Td>
            <Table.Td>{a.business_id}</Table.Td>
            <Table.Td>{a.region}</Table.Td>
            <Table.Td>{a.size_class}</Table.Td>
            <Table.Td>{a.account_class}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
