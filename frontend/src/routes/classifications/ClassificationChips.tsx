/**
 * A record's classifications as chips, on the account page and the contact page: the label in
 * the user's language (with its parents, "Koulut › Lukiot"), a × that takes it off, and a
 * searchable select that adds one of the classifications in use. Tagging is idempotent on the
 * server (PUT/DELETE …/classifications/{id}); whoever may edit the record may tag it.
 */
import { Group, Loader, Paper, Pill, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBusinessUnits } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import {
  assignAccountClassification,
  assignContactClassification,
  getAccountClassifications,
  getContactClassifications,
  unassignAccountClassification,
  unassignContactClassification,
  type ClassificationAssignment,
} from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAccountTeam } from '../accounts/AccountTeamCard';
import type { AccountPanelProps } from '../accounts/extensions';
import type { ContactPanelProps } from '../contacts/extensions';
import { flattenTree, useClassifications, type ClassificationKind } from './useClassifications';

export const assignedKey = (kind: ClassificationKind, recordId: string) =>
  [kind === 'account' ? 'accounts' : 'contacts', recordId, 'classifications'] as const;

function fetchAssigned(kind: ClassificationKind, recordId: string): Promise<ClassificationAssignment> {
  return kind === 'account'
    ? unwrap(getAccountClassifications({ path: { account_id: recordId } }))
    : unwrap(getContactClassifications({ path: { contact_id: recordId } }));
}

function setAssigned(kind: ClassificationKind, recordId: string, classificationId: string, on: boolean): Promise<ClassificationAssignment> {
  if (kind === 'account') {
    const path = { account_id: recordId, classification_id: classificationId };
    return unwrap(on ? assignAccountClassification({ path }) : unassignAccountClassification({ path }));
  }
  const path = { contact_id: recordId, classification_id: classificationId };
  return unwrap(on ? assignContactClassification({ path }) : unassignContactClassification({ path }));
}

export interface ClassificationChipsProps {
  kind: ClassificationKind;
  recordId: string;
  /** Show the × and the picker (the server checks again). */
  mayEdit: boolean;
}

export function ClassificationChips({ kind, recordId, mayEdit }: ClassificationChipsProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const tree = useClassifications();
  const assigned = useQuery({ queryKey: assignedKey(kind, recordId), queryFn: () => fetchAssigned(kind, recordId) });
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);

  const rows = useMemo(
    () => flattenTree((tree.data ?? []).filter((c) => c.kind === kind), i18n.language),
    [tree.data, kind, i18n.language],
  );
  const byId = useMemo(() => new Map(rows.map((r) => [r.item.id, r])), [rows]);
  const ids = assigned.data?.classification_ids ?? [];
  const options = rows
    .filter((r) => r.item.is_active && !ids.includes(r.item.id))
    .map((r) => ({ value: r.item.id, label: r.path.join(' › ') }));

  async function change(classificationId: string, on: boolean) {
    setFailure(null);
    setBusy(classificationId);
    try {
      const next = await setAssigned(kind, recordId, classificationId, on);
      queryClient.setQueryData(assignedKey(kind, recordId), next);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
      setPicked(null);
    }
  }

  const error = assigned.error ?? tree.error;
  return (
    <Paper withBorder p="md" data-testid={`${kind}-classifications-card`}>
      <Stack gap="sm">
        <Title order={4}>{t('classifications.chips.title')}</Title>
        <ErrorAlert error={error ?? failure} />
        {!assigned.data || tree.isPending ? (
          !error && <Loader size="sm" />
        ) : (
          <>
            {ids.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="classification-chips-empty">
                {t('classifications.chips.empty')}
              </Text>
            ) : (
              <Group gap="xs" data-testid="classification-chips" role="list" aria-label={t('classifications.chips.title')}>
                {ids.map((id) => {
                  const row = byId.get(id);
                  const label = row ? row.path.join(' › ') : t('classifications.chips.unknown');
                  const inactive = row && !row.item.is_active;
                  return (
                    <Pill
                      key={id}
                      role="listitem"
                      size="md"
                      withRemoveButton={mayEdit}
                      disabled={busy === id}
                      onRemove={() => void change(id, false)}
                      // Mantine hides the × from keyboards and screen readers; here it is the way to remove.
                      removeButtonProps={{ 'aria-label': t('classifications.chips.remove', { name: label }), 'aria-hidden': false, tabIndex: 0 }}
                      data-testid="classification-chip"
                    >
                      {label}
                      {inactive ? ` (${t('classifications.chips.inactive')})` : ''}
                    </Pill>
                  );
                })}
              </Group>
            )}
            {mayEdit && (
              <Select
                label={t('classifications.chips.add')}
                placeholder={t('classifications.chips.addPlaceholder')}
                searchable
                clearable
                w={320}
                data={options}
                value={picked}
                disabled={busy !== null}
                nothingFoundMessage={t('common.noResults')}
                onChange={(value) => {
                  setPicked(value);
                  if (value) void change(value, true);
                }}
                data-testid="classification-add"
              />
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** The card on the account's details tab. */
export function AccountClassificationsCard({ account }: AccountPanelProps) {
  const permissions = usePermissions();
  const units = useBusinessUnits();
  const team = useAccountTeam(account.id);
  const mayEdit = permissions.canOn('account', 'update', account, units.data?.items) || team.data?.team.may_manage === true;
  return <ClassificationChips kind="account" recordId={account.id} mayEdit={mayEdit} />;
}

/** The card on the contact's details tab. */
export function ContactClassificationsCard({ contact }: ContactPanelProps) {
  const permissions = usePermissions();
  const units = useBusinessUnits();
  const mayEdit = permissions.canOn('contact', 'update', contact, units.data?.items);
  return <ClassificationChips kind="contact" recordId={contact.id} mayEdit={mayEdit} />;
}
