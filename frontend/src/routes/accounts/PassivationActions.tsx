/**
 * Passivation on the account page: the passive badge with since when and why, "make passive"
 * (a reason is required) and "reactivate", each with the account's ETag.
 */
import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrapWithResponse } from '../../api/problem';
import { passivateAccount, reactivateAccount, type Account } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';

export function PassiveBadge({ account }: { account: Account }) {
  const { t } = useTranslation();
  if (!account.passive_since) return null;
  return (
    <Badge color="red" variant="light" data-testid="account-passive-badge">
      {t('accountmgmt.passive.badge')}
    </Badge>
  );
}

/** The notice on a passive account's details: since when, why, and what it no longer takes. */
export function PassiveNotice({ account }: { account: Account }) {
  const { t, i18n } = useTranslation();
  if (!account.passive_since) return null;
  return (
    <Alert color="red" variant="light" data-testid="account-passive-notice">
      <Text size="sm" fw={500}>
        {t('accountmgmt.passive.since', {
          date: formatDate(account.passive_since, i18n.language),
          reason: account.passive_reason ?? '',
        })}
      </Text>
      <Text size="sm">{t('accountmgmt.passive.noNewWork')}</Text>
    </Alert>
  );
}

interface Props {
  account: Account;
  etag: string | null;
  onSaved: (account: Account, etag: string | null) => void;
  onReload: () => void;
}

function Failure({ failure, onReload }: { failure: unknown; onReload: () => void }) {
  if (failure instanceof ApiError && failure.status === 412) return <ConflictAlert onReload={onReload} />;
  if (failure instanceof ApiError && failure.status === 422) return null; // shown at the field
  return <ErrorAlert error={failure} />;
}

export function PassivationActions({ account, etag, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const passive = !!account.passive_since;
  const headers = { 'If-Match': etag ?? `"${account.version}"` };
  const close = () => {
    setOpened(false);
    setFailure(null);
    setReason('');
  };

  async function run(call: () => ReturnType<typeof passivateAccount>, message: string) {
    setFailure(null);
    setBusy(true);
    try {
      const { data, response } = await unwrapWithResponse(call());
      onSaved(data, response.headers.get('ETag'));
      notifications.show({ color: 'green', message: t(message) });
      close();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (passive) {
      void run(() => reactivateAccount({ path: { account_id: account.id }, body: {}, headers }), 'accountmgmt.passive.reactivated');
    } else {
      void run(
        () => passivateAccount({ path: { account_id: account.id }, body: { reason: reason.trim() }, headers }),
        'accountmgmt.passive.done',
      );
    }
  }
  const reasonError = failure instanceof ApiError && failure.status === 422 ? failure.fieldErrors().reason : undefined;
  return (
    <>
      <Button variant="default" color={passive ? undefined : 'red'} onClick={() => setOpened(true)} data-testid={passive ? 'account-reactivate' : 'account-passivate'}>
        {t(passive ? 'accountmgmt.passive.reactivate' : 'accountmgmt.passive.passivate')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t(passive ? 'accountmgmt.passive.reactivateTitle' : 'accountmgmt.passive.title')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={submit} data-testid="passivation-form">
          <Stack>
            <Failure failure={failure} onReload={() => { close(); onReload(); }} />
            <Text size="sm">{t(passive ? 'accountmgmt.passive.reactivateIntro' : 'accountmgmt.passive.intro')}</Text>
            {!passive && (
              <Textarea
                label={t('accountmgmt.passive.reason')}
                placeholder={t('accountmgmt.passive.reasonPlaceholder')}
                required
                data-autofocus
                maxLength={500}
                autosize
                minRows={2}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                onKeyDown={(e) => {
                  // Enter submits (Shift+Enter for a new line), like every other form.
                  if (e.key === 'Enter' && !e.shiftKey) {
                    e.preventDefault();
                    e.currentTarget.form?.requestSubmit();
                  }
                }}
                error={reasonError}
                data-testid="passivation-reason"
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color={passive ? undefined : 'red'}
                loading={busy}
                disabled={!passive && !reason.trim()}
                data-autofocus={passive || undefined}
                data-testid="passivation-submit"
              >
                {t(passive ? 'accountmgmt.passive.reactivate' : 'accountmgmt.passive.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
