import { Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrapWithResponse } from '../../api/problem';
import { updateAccount, type Account, type AccountUpdate } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AccountFields, valuesFromAccount, type AccountValues } from './AccountFields';
import { toAccountBody } from './AccountCreatePage';

interface Props {
  account: Account;
  etag: string | null;
  onSaved: (account: Account, etag: string | null) => void;
  onCancel: () => void;
  onReload: () => void;
}

/** Sends only the changed fields, guarded by If-Match so concurrent edits are not lost. */
export function AccountEditForm({ account, etag, onSaved, onCancel, onReload }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<AccountValues>(() => valuesFromAccount(account));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const before = toAccountBody(valuesFromAccount(account)) as Record<string, unknown>;
    const after = toAccountBody(values) as Record<string, unknown>;
    const patch: Record<string, unknown> = {};
    for (const key of Object.keys(after)) {
      if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) patch[key] = after[key];
    }
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const { data, response } = await unwrapWithResponse(
        updateAccount({
          path: { account_id: account.id },
          body: patch as AccountUpdate,
          headers: { 'If-Match': etag ?? '*' },
        }),
      );
      onSaved(data, response.headers.get('ETag'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const conflict = failure instanceof ApiError && failure.status === 412;
  return (
    <form onSubmit={submit} data-testid="account-edit-form">
      <Stack>
        {conflict ? <ConflictAlert onReload={onReload} /> : <ErrorAlert error={failure} />}
        <AccountFields accountId={account.id} values={values} errors={errors} onChange={(p) => setValues((v) => ({ ...v, ...p }))} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="account-edit-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
