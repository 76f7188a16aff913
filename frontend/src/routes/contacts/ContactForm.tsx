import { Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';
import type { Contact } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { orNull } from '../accounts/options';

export interface ContactValues {
  first_name: string;
  last_name: string;
  title: string;
  email: string;
  phone: string;
  preferred_language: 'fi' | 'sv' | 'en';
  marketing_consent: boolean;
  role: string;
}

export const emptyContact: ContactValues = {
  first_name: '',
  last_name: '',
  title: '',
  email: '',
  phone: '',
  preferred_language: 'fi',
  marketing_consent: false,
  role: '',
};

export function valuesFromContact(c: Contact): ContactValues {
  return {
    first_name: c.first_name,
    last_name: c.last_name,
    title: c.title ?? '',
    email: c.email ?? '',
    phone: c.phone ?? '',
    preferred_language: c.preferred_language,
    marketing_consent: c.marketing_consent,
    role: '',
  };
}

export function toContactBody(v: ContactValues) {
  return {
    first_name: v.first_name.trim(),
    last_name: v.last_name.trim(),
    title: orNull(v.title),
    email: orNull(v.email),
    phone: orNull(v.phone.replace(/\s+/g, '')),
    preferred_language: v.preferred_language,
    marketing_consent: v.marketing_consent,
  };
}

interface Props {
  initial?: ContactValues;
  withRole?: boolean;
  submitLabel: string;
  onSubmit: (values: ContactValues) => Promise<void>;
  onCancel: () => void;
  onReload?: () => void;
}

/** Contact fields with server-side validation errors shown beside each field. */
export function ContactForm({ initial = emptyContact, withRole = false, submitLabel, onSubmit, onCancel, onReload }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<ContactValues>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ContactValues>) => setValues((v) => ({ ...v, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    event.stopPropagation();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      await onSubmit(values);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const conflict = failure instanceof ApiError && failure.status === 412;
  return (
    <form onSubmit={submit} data-testid="contact-form">
      <Stack>
        {conflict && onReload ? <ConflictAlert onReload={onReload} /> : <ErrorAlert error={failure} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('contact.firstName')} name="first_name" required data-autofocus autoFocus value={values.first_name} onChange={(e) => set({ first_name: e.currentTarget.value })} error={errors.first_name} />
          <TextInput label={t('contact.lastName')} name="last_name" required value={values.last_name} onChange={(e) => set({ last_name: e.currentTarget.value })} error={errors.last_name} />
          <TextInput label={t('contact.title')} name="title" value={values.title} onChange={(e) => set({ title: e.currentTarget.value })} error={errors.title} />
          {withRole && (
            <TextInput label={t('contact.role')} name="role" value={values.role} onChange={(e) => set({ role: e.currentTarget.value })} error={errors['accounts.0.role']} />
          )}
          <TextInput label={t('contact.email')} name="email" type="email" value={values.email} onChange={(e) => set({ email: e.currentTarget.value })} error={errors.email} />
          <TextInput label={t('contact.phone')} name="phone" type="tel" placeholder="+358401234567" description={t('contact.phoneHint')} value={values.phone} onChange={(e) => set({ phone: e.currentTarget.value })} error={errors.phone} />
          <Select
            label={t('contact.preferredLanguage')}
            data={(['fi', 'sv', 'en'] as const).map((l) => ({ value: l, label: t(`language.${l}`) }))}
            value={values.preferred_language}
            onChange={(v) => set({ preferred_language: (v ?? 'fi') as ContactValues['preferred_language'] })}
            allowDeselect={false}
            error={errors.preferred_language}
          />
        </SimpleGrid>
        <Checkbox label={t('contact.marketingConsent')} checked={values.marketing_consent} onChange={(e) => set({ marketing_consent: e.currentTarget.checked })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="contact-save">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
