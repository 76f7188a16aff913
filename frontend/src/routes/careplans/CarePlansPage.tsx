/** The care-plan list: each plan's target, the version in force, a pending draft (approve it)
 * and the touches of its newest version (type, channel, frequency / months, responsible). */
import { Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { approveCarePlan, listCarePlans, type CarePlan } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ButtonLink } from '../../components/ButtonLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProblemDetail } from './ProblemDetail';

function PlanCard({ plan }: { plan: CarePlan }) {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const client = useQueryClient();
  const approve = useMutation({
    mutationFn: () =>
      unwrap(approveCarePlan({ path: { plan_id: plan.id }, body: {}, headers: { 'If-Match': `"${plan.version}"` } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['care-plans'] }),
  });
  const draft = plan.latest.status === 'draft';
  const mayApprove = can('care_plan', plan.account_class === 'A' ? 'approve' : 'update');
  return (
    <Paper withBorder p="md" data-testid="care-plan">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>
            <AnchorLink to="/care-plans/$planId" params={{ planId: plan.id }} inherit data-testid="care-plan-link">
              {plan.name}
            </AnchorLink>
          </Title>
          <ButtonLink to="/care-plans/$planId" params={{ planId: plan.id }} size="xs" variant="light">
            {t('common.edit')}
          </ButtonLink>
        </Group>
        <Text size="sm">
          {plan.account_class ? t('careplans.classLabel', { cls: plan.account_class }) : t('careplans.group')}
          {plan.business_unit_id ? '' : ` · ${t('careplans.allUnits')}`}
        </Text>
        {plan.active_version ? (
          <Badge color="green">{t('careplans.inForce', { n: plan.active_version })}</Badge>
        ) : null}
        {draft && (
          <Badge color="gray" data-testid="care-plan-draft">
            {t('careplans.draft')} v{plan.latest.number}
          </Badge>
        )}
        <Table>
          <Table.Tbody>
            {plan.latest.touches.map((touch) => (
              <Table.Tr key={touch.id} data-testid="care-plan-touch">
                <Table.Td>{touch.description}</Table.Td>
                <Table.Td>{t(`careplans.channel.${touch.channel}`)}</Table.Td>
                <Table.Td>
                  {t(`careplans.frequency.${touch.frequency}`)}
                  {touch.months.length > 0 ? ` (${touch.months.join(', ')})` : ''}
                </Table.Td>
                <Table.Td>{t(`careplans.responsible.${touch.responsible}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {draft && mayApprove && (
          <Button onClick={() => approve.mutate()} loading={approve.isPending} data-testid="care-plan-approve">
            {t('careplans.approve')}
          </Button>
        )}
        {approve.error && <ProblemDetail error={approve.error} testId="care-plan-approve-error" />}
      </Stack>
    </Paper>
  );
}

export function CarePlansPage() {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const plans = useQuery({
    queryKey: ['care-plans', 'list'],
    queryFn: () => unwrap(listCarePlans({ query: { limit: 200 } })),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('careplans.title')}</Title>
        {can('care_plan', 'create') && (
          <ButtonLink to="/care-plans/new" data-testid="care-plan-new">
            {t('careplans.editor.new')}
          </ButtonLink>
        )}
      </Group>
      {plans.error && <ErrorAlert error={plans.error} />}
      {!plans.data && !plans.error && <Loader />}
      {plans.data?.items.length === 0 && <Text c="dimmed">{t('careplans.empty')}</Text>}
      {plans.data?.items.map((p) => <PlanCard key={p.id} plan={p} />)}
    </Stack>
  );
}
