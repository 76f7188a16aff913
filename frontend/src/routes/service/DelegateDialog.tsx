import { Button, Group, Modal, SegmentedControl, Select, Stack, Textarea } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, useUserName } from '../../api/lookups';
import { ApiError, unwrap } from '../../api/problem';
import { delegateServiceRequest, type Delegation } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteSelect } from '../../components/RemoteSelect';
import { newIdempotencyKey } from '../../lib/format';
import { queueOptions, useQueues } from './lookups';

interface Props {
  requestId: string;
  opened: boolean;
  onClose: () => void;
  onDelegated: (delegation: Delegation) => void;
}

/** Delegate to a user (who becomes the owner) or to a queue (whose members pick it), with a note. */
export function DelegateDialog({ requestId, opened, onClose, onDelegated }: Props) {
  const { t } = useTranslation();
  const queues = useQueues();
  const [target, setTarget] = useState<'user' | 'queue'>('user');
  const [userId, setUserId] = useState<string | null>(null);
  const [queueId, setQueueId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const userName = useUserName(userId);
  // One key per dialog opening: a double click or a retry after a timeout delegates once.
  const key = useRef(newIdempotencyKey());

  function close() {
    key.current = newIdempotencyKey();
    setErrors({});
    setFailure(null);
    onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = target === 'user' ? userId : queueId;
    if (!chosen) {
      setErrors({ [target === 'user' ? 'to_user_id' : 'to_queue_id']: t('service.required') });
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const delegation = await unwrap(
        delegateServiceRequest({
          path: { request_id: requestId },
          body: {
            ...(target === 'user' ? { to_user_id: chosen } : { to_queue_id: chosen }),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
          headers: { 'Idempotency-Key': key.current },
        }),
      );
      setNote('');
      setUserId(null);
      setQueueId(null);
      key.current = newIdempotencyKey();
      onDelegated(delegation);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={t('service.delegateTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} data-testid="delegate-form">
        <Stack>
          <ErrorAlert error={failure} />
          <SegmentedControl
            value={target}
            onChange={(v) => setTarget(v as 'user' | 'queue')}
            data={[
              { value: 'user', label: t('service.delegateToUser') },
              { value: 'queue', label: t('service.delegateToQueue') },
            ]}
            data-testid="delegate-target"
          />
          {target === 'user' ? (
            <RemoteSelect
              kind="users"
              label={t('service.delegateUser')}
              name="to_user_id"
              required
              value={userId}
              selectedLabel={userName}
              onChange={setUserId}
              search={searchUsers}
              error={errors.to_user_id}
              data-testid="delegate-user"
            />
          ) : (
            <Select
              label={t('service.delegateQueue')}
              name="to_queue_id"
              required
              searchable
              nothingFoundMessage={t('common.noResults')}
              data={queueOptions(queues.data)}
              value={queueId}
              onChange={setQueueId}
              error={errors.to_queue_id}
              data-testid="delegate-queue"
            />
          )}
          <Textarea label={t('common.note')} name="note" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} data-testid="delegate-note" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="delegate-confirm">
              {t('service.delegate')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
