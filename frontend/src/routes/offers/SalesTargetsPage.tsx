import { Button, Group, Loader, Modal, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { etagOf } from '../../api/etag';
import { searchUsers, useUserName } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createSalesTarget, deleteSalesTarget, listSalesTargets, updateSalesTarget, type SalesTarget } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteSelect } from '../../components/RemoteSelect';
import { newIdempotencyKey, todayInHelsinki } from '../../lib/format';
import { formatMoney, InvalidMoney, moneyInput, parseMoney } from '../../lib/money';

type Count = number | '';
const COUNTS = ['new_customers', 'repeat_purchases', 'meetings'] as const;
const COUNT_LABELS: Record<(typeof COUNTS)[number], string> = {
  new_customers: 'offers.targets.newCustomers',
  repeat_purchases: 'offers.targets.repeatPurchases',
  meetings: 'offers.targets.meetings',
};

function TargetForm({ target, year, onDone }: { target?: SalesTarget; year: number; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<string | null>(target?.user_id ?? null);
  const userName = useUserName(userId);
  const [euros, setEuros] = useState(moneyInput(target?.euro_target, i18n.language));
  const [counts, setCounts] = useState<Record<(typeof COUNTS)[number], Count>>({
    new_customers: target?.new_customers ?? '',
    repeat_purchases: target?.repeat_purchases ?? '',
    meetings: target?.meetings ?? '',
  });
  const [note, setNote] = useState(target?.note ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const key = useRef(newIdempotencyKey());
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!target && !userId) found.user_id = t('offers.errors.required');
    let amount: string | null = null;
    try {
      amount = parseMoney(euros);
      if (amount === null) found.euro_target = t('offers.errors.required');
      else if (amount.startsWith('-')) found.euro_target = t('offers.errors.price');
    } catch (e) {
      if (e instanceof InvalidMoney) found.euro_target = t('offers.errors.price');
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const figures = Object.fromEntries(COUNTS.map((c) => [c, counts[c] === '' ? null : counts[c]]));
    try {
      if (target) {
        await unwrap(updateSalesTarget({ path: { target_id: target.id }, body: { euro_target: amount!, ...figures, note: note.trim() || null }, headers: { 'If-Match': etagOf(target.version) } }));
      } else {
        await unwrap(createSalesTarget({ body: { user_id: userId!, year, euro_target: amount!, ...figures, note: note.trim() || null }, headers: { 'Idempotency-Key': key.current } }));
      }
      await queryClient.invalidateQueries({ queryKey: ['sales-targets'] });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    }
  }
  return (
    <form onSubmit={submit} noValidate data-testid="target-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={() => void queryClient.invalidateQueries({ queryKey: ['sales-targets'] }).then(onDone)} /> : <ErrorAlert error={failure} />}
        {target ? (
          <Text fw={600}>
            {target.user_name} · {target.year}
          </Text>
        ) : (
          <RemoteSelect kind="users" label={t('offers.targets.user')} required value={userId} selectedLabel={userName} onChange={setUserId} search={searchUsers} error={errors.user_id} data-testid="target-user" />
        )}
        <TextInput label={t('offers.targets.euroTarget')} required inputMode="decimal" placeholder={t('offers.products.priceHint')} value={euros} onChange={(e) => setEuros(e.currentTarget.value)} error={errors.euro_target} data-autofocus={target ? true : undefined} data-testid="target-euros" />
        <SimpleGrid cols={3}>
          {COUNTS.map((c) => (
            <NumberInput key={c} label={t(COUNT_LABELS[c])} min={0} allowDecimal={false} value={counts[c]} onChange={(n) => setCounts((old) => ({ ...old, [c]: typeof n === 'number' ? n : '' }))} error={errors[c]} data-testid={`target-${c}`} />
          ))}
        </SimpleGrid>
        <Textarea label={t('offers.targets.note')} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" data-testid="target-save">
            {target ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Each salesperson's targets for a year, set by their manager (a salesperson sees their own). */
export function SalesTargetsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const [year, setYear] = useState<number>(Number(todayInHelsinki().slice(0, 4)));
  const [editing, setEditing] = useState<{ target?: SalesTarget } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const validYear = year >= 2000 && year <= 2100;
  const targets = useQuery({
    queryKey: ['sales-targets', 'list', year],
    queryFn: () => unwrap(listSalesTargets({ query: { year, limit: 200, sort: '-euro_target' } })),
    enabled: validYear,
  });
  async function remove(target: SalesTarget) {
    setFailure(null);
    try {
      await unwrap(deleteSalesTarget({ path: { target_id: target.id }, headers: { 'If-Match': etagOf(target.version) } }));
      await queryClient.invalidateQueries({ queryKey: ['sales-targets'] });
      notifications.show({ color: 'green', message: t('offers.targets.deleted') });
    } catch (e) {
      setFailure(e);
    }
  }
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('offers.targets.title')}</Title>
        <Group align="flex-end">
          <NumberInput w={120} label={t('offers.targets.year')} min={2000} max={2100} allowDecimal={false} value={year} onChange={(n) => typeof n === 'number' && setYear(n)} error={validYear ? undefined : t('offers.errors.year')} data-testid="targets-year" />
          {permissions.can('sales_target', 'create') && (
            <Button onClick={() => setEditing({})} disabled={!validYear} data-testid="new-target">
              {t('offers.targets.new')}
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={targets.error ?? failure} />
      {!targets.data ? (
        validYear && <Loader size="sm" />
      ) : targets.data.items.length === 0 ? (
        <Text c="dimmed">{t('offers.targets.none')}</Text>
      ) : (
        <Table striped data-testid="targets-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('offers.targets.user')}</Table.Th>
              <Table.Th ta="right">{t('offers.targets.euroTarget')}</Table.Th>
              {COUNTS.map((c) => (
                <Table.Th key={c} ta="right">
                  {t(COUNT_LABELS[c])}
                </Table.Th>
              ))}
              <Table.Th>{t('offers.targets.note')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {targets.data.items.map((tg) => (
              <Table.Tr key={tg.id} data-testid="target-row">
                <Table.Td>{tg.user_name}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(tg.euro_target, i18n.language)}
                </Table.Td>
                {COUNTS.map((c) => (
                  <Table.Td key={c} ta="right">
                    {tg[c] ?? ''}
                  </Table.Td>
                ))}
                <Table.Td>{tg.note ?? ''}</Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end">
                    {permissions.canOn('sales_target', 'update', { owner_id: tg.user_id, business_unit_id: tg.business_unit_id }) && (
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ target: tg })} data-testid="target-edit">
                        {t('common.edit')}
                      </Button>
                    )}
                    {permissions.canOn('sales_target', 'delete', { owner_id: tg.user_id, business_unit_id: tg.business_unit_id }) && (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(tg)} data-testid="target-delete">
                        {t('offers.targets.delete')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.target ? t('offers.targets.edit') : t('offers.targets.new')}>
        {editing && <TargetForm target={editing.target} year={year} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
