import { Button, Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/session';
import { ApiError, unwrap } from '../../api/problem';
import { createView, type SavedView } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { useTeams } from '../admin/useAdminLists';
import type { FilterNode } from './viewFilter';

interface Props {
  opened: boolean;
  onClose: () => void;
  filter: FilterNode;
  columns: string[];
  sort: string;
  onSaved: (view: SavedView) => void;
}

/** "Save as my view": the current filter, columns and sort under a name, optionally for a team. */
export function SaveViewDialog({ opened, onClose, filter, columns, sort, onSaved }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useMe();
  const teams = useTeams();
  const myTeams = (teams.data?.items ?? []).filter((team) => (team.member_ids ?? []).includes(me.data?.id ?? ''));
  const [name, setName] = useState('');
  const [share, setShare] = useState(false);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('service.required');
    const team = teamId ?? (myTeams.length === 1 ? myTeams[0]!.id : null);
    if (share && !team) found.team_id = t('service.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      const view = await unwrap(
        createView({
          body: {
            entity: 'service_request',
            name: name.trim(),
            filter,
            columns,
            sort,
            visibility: share ? 'team' : 'personal',
            ...(share ? { team_id: team } : {}),
          },
          headers: { 'Idempotency-Key': key.current },
        }),
      );
      key.current = newIdempotencyKey();
      setName('');
      setShare(false);
      await queryClient.invalidateQueries({ queryKey: ['views'] });
      onSaved(view);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('views.saveAsMine')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} data-testid="save-view-form">
        <Stack>
          <ErrorAlert error={failure instanceof ApiError && failure.status === 422 && Object.keys(errors).length > 0 ? null : failure} />
          <TextInput label={t('views.name')} name="name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
          <Checkbox label={t('views.shareWithTeam')} checked={share} onChange={(e) => setShare(e.currentTarget.checked)} disabled={myTeams.length === 0} data-testid="share-with-team" />
          {share && myTeams.length > 1 && (
            <Select
              label={t('views.team')}
              data={myTeams.map((team) => ({ value: team.id, label: team.name }))}
              value={teamId}
              onChange={setTeamId}
              error={errors.team_id}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="save-view-confirm">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
