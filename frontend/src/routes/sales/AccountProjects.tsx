import { Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { listSalesProjects } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { ProjectStatusBadge } from './StatusBadges';

/** The account's sales projects (all statuses, newest first) on the account page. */
export function AccountProjects({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const projects = useQuery({
    queryKey: ['sales-projects', 'list', { account_id: accountId }],
    queryFn: () => unwrap(listSalesProjects({ query: { account_id: accountId, limit: 100, sort: '-created_at' } })),
  });
  if (projects.error) return <ErrorAlert error={projects.error} />;
  if (!projects.data) return <Loader size="sm" />;
  if (projects.data.items.length === 0) return <Text c="dimmed">{t('sales.noAccountProjects')}</Text>;
  return (
    <Table striped data-testid="account-projects">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('sales.name')}</Table.Th>
          <Table.Th>{t('sales.type')}</Table.Th>
          <Table.Th>{t('sales.currentStage')}</Table.Th>
          <Table.Th ta="right">{t('sales.valueShort')}</Table.Th>
          <Table.Th>{t('sales.expectedDecision')}</Table.Th>
          <Table.Th>{t('sales.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {projects.data.items.map((p) => (
          <Table.Tr key={p.id}>
            <Table.Td>
              <AnchorLink to="/sales-projects/$projectId" params={{ projectId: p.id }}>
                {p.name}
              </AnchorLink>
            </Table.Td>
            <Table.Td>{p.project_type_name}</Table.Td>
            <Table.Td>{p.current_stage?.name ?? ''}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(p.estimated_value, i18n.language)}
            </Table.Td>
            <Table.Td>{formatDate(p.expected_decision_date, i18n.language)}</Table.Td>
            <Table.Td>
              <ProjectStatusBadge status={p.status} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
