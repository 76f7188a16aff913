import { Alert, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccountName } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createServiceRequest } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteSelect } from '../../components/RemoteSelect';
import { newIdempotencyKey } from '../../lib/format';
import { callBody, emptyCall, validateCall, type CallValues } from './callForm';
import { subjectOptions, useContactName, useSubjects } from './lookups';
import { originOptions } from './options';
import { contactSearch, searchAccounts } from './search';

/** "New request from a call": only what the caller says; Enter saves, the rest can wait. */
export function NewCallPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const subjects = useSubjects();
  const search = useSearch({ from: '/app/service-requests/new-call' });
  const [values, setValues] = useState<CallValues>(() => ({ ...emptyCall, account_id: search.account ?? null }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const accountName = useAccountName(values.account_id);
  const contactName = useContactName(values.contact_id);
  // The same key for every retry of this one call, so a double Enter records it once.
  const idempotencyKey = useRef(newIdempotencyKey());
  const set = (patch: Partial<CallValues>) => setValues((v) => ({ ...v, ...patch }));

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    const found = validateCall(values);
    setErrors(Object.fromEntries(Object.entries(found).map(([k, v]) => [k, t(v)])));
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await unwrap(createServiceRequest({ body: callBody(values), headers: { 'Idempotency-Key': idempotencyKey.current } }));
      void queryClient.invalidateQueries({ queryKey: ['service-requests'] });
      void queryClient.invalidateQueries({ queryKey: ['views'] });
      notifications.show({ color: 'green', message: `${t('common.created')}: ${created.number}` });
      void navigate({ to: '/service-requests/$requestId', params: { requestId: created.id } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  // In the description Enter makes a new line; Ctrl+Enter (or ⌘+Enter) saves from there too.
  function onDescriptionKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  }

  if (permissions.me && !permissions.can('service_request', 'create')) {
    return (
      <Alert color="red" role="alert" data-testid="forbidden">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  return (
    <Paper withBorder p="lg" maw={820}>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="call-form">
        <Stack>
          <Group justify="space-between">
            <Title order={2}>{t('service.newCall')}</Title>
            <Button component={Link} to="/service-requests/new" variant="subtle" size="xs">
              {t('service.fullForm')}
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            {t('service.newCallHint')}
          </Text>
          {!(failure instanceof ApiError && failure.status === 422) && <ErrorAlert error={failure} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <RemoteSelect
              kind="accounts"
              label={t('service.customer')}
              name="account_id"
              placeholder={t('service.customerSearch')}
              description={t('service.generalCustomer')}
              value={values.account_id}
              selectedLabel={accountName}
              onChange={(v) => set({ account_id: v, ...(v !== values.account_id ? { contact_id: null } : {}) })}
              search={searchAccounts}
              clearable
              autoFocus
              data-autofocus
              error={errors.account_id}
              data-testid="call-account"
            />
            <RemoteSelect
              kind="contacts"
              scope={values.account_id ?? 'any'}
              label={t('service.contact')}
              name="contact_id"
              placeholder={t('service.contactNone')}
              value={values.contact_id}
              selectedLabel={contactName}
              onChange={(v) => set({ contact_id: v })}
              search={contactSearch(values.account_id)}
              clearable
              error={errors.contact_id ?? errors.caller}
              data-testid="call-contact"
            />
            <TextInput label={t('service.callerName')} name="caller_name" value={values.caller_name} onChange={(e) => set({ caller_name: e.currentTarget.value })} error={errors.caller_name ?? (errors.caller ? true : undefined)} />
            <TextInput label={t('service.callerPhone')} name="caller_phone" type="tel" placeholder="+358 40 123 4567" value={values.caller_phone} onChange={(e) => set({ caller_phone: e.currentTarget.value })} error={errors.caller_phone ?? (errors.caller ? true : undefined)} />
          </SimpleGrid>
          <Select
            label={t('service.subject')}
            name="subject_id"
            required
            searchable
            nothingFoundMessage={t('common.noResults')}
            data={subjectOptions(subjects.data, i18n.language)}
            value={values.subject_id}
            onChange={(v) => set({ subject_id: v })}
            error={errors.subject_id}
            data-testid="call-subject"
          />
          <TextInput label={t('service.title')} name="title" required value={values.title} onChange={(e) => set({ title: e.currentTarget.value })} error={errors.title} />
          <Textarea
            label={t('service.description')}
            name="description"
            autosize
            minRows={3}
            value={values.description}
            onChange={(e) => set({ description: e.currentTarget.value })}
            onKeyDown={onDescriptionKey}
            error={errors.description}
          />
          <Group align="flex-end" gap="lg">
            <Checkbox
              label={t('service.callMeBack')}
              name="call_back"
              checked={values.call_back}
              onChange={(e) => set({ call_back: e.currentTarget.checked })}
              data-testid="call-back"
            />
            {values.call_back && (
              <TextInput
                type="datetime-local"
                label={t('service.callbackDueAt')}
                description={t('service.callbackDueDefault')}
                name="callback_due_at"
                value={values.callback_due_at}
                onChange={(e) => set({ callback_due_at: e.currentTarget.value })}
                error={errors.callback_due_at}
              />
            )}
            <Select label={t('service.origin')} name="origin" w={180} data={originOptions(t)} value={values.origin} onChange={(v) => set({ origin: v ?? 'phone_call' })} allowDeselect={false} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/service-requests">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="call-save">
              {t('service.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
