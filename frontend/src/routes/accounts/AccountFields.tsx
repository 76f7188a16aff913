import { Fieldset, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../api/sdk';
import { statusOptions, typeOptions } from './options';

export interface AccountValues {
  name: string;
  business_id: string;
  type: string;
  status: string;
  region: string;
  municipality: string;
  phone: string;
  email: string;
  website: string;
  street: string;
  postal_code: string;
  city: string;
  country: string;
}

export const emptyAccount: AccountValues = {
  name: '',
  business_id: '',
  type: 'company',
  status: 'prospect',
  region: '',
  municipality: '',
  phone: '',
  email: '',
  website: '',
  street: '',
  postal_code: '',
  city: '',
  country: 'FI',
};

export function valuesFromAccount(a: Account): AccountValues {
  return {
    name: a.name,
    business_id: a.business_id ?? '',
    type: a.type ?? 'company',
    status: a.status ?? 'prospect',
    region: a.region ?? '',
    municipality: a.municipality ?? '',
    phone: a.phone ?? '',
    email: a.email ?? '',
    website: a.website ?? '',
    street: a.visiting_address?.street ?? '',
    postal_code: a.visiting_address?.postal_code ?? '',
    city: a.visiting_address?.city ?? '',
    country: a.visiting_address?.country ?? '',
  };
}

interface Props {
  values: AccountValues;
  onChange: (patch: Partial<AccountValues>) => void;
  errors: Record<string, string>;
}

/** The account's editable fields; `errors` are keyed by API field path (e.g. `visiting_address.city`). */
export function AccountFields({ values, onChange, errors }: Props) {
  const { t } = useTranslation();
  const text = (field: keyof AccountValues, label: string, errorKey: string = field, extra: object = {}) => (
    <TextInput
      label={label}
      name={field}
      value={values[field]}
      onChange={(e) => onChange({ [field]: e.currentTarget.value })}
      error={errors[errorKey]}
      {...extra}
    />
  );
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {text('name', t('account.name'), 'name', { required: true, autoFocus: true, 'data-autofocus': true })}
        {text('business_id', t('account.businessId'), 'business_id', { placeholder: '0112038-9' })}
        <Select label={t('account.type')} data={typeOptions(t)} value={values.type} onChange={(v) => onChange({ type: v ?? 'company' })} error={errors.type} allowDeselect={false} />
        <Select label={t('account.status')} data={statusOptions(t)} value={values.status} onChange={(v) => onChange({ status: v ?? 'prospect' })} error={errors.status} allowDeselect={false} />
        {text('region', t('account.region'))}
        {text('municipality', t('account.municipality'))}
        {text('phone', t('account.phone'), 'phone', { type: 'tel', placeholder: '+358 9 1234 567' })}
        {text('email', t('account.email'), 'email', { type: 'email' })}
        {text('website', t('account.website'))}
      </SimpleGrid>
      <Fieldset legend={t('account.visitingAddress')} mt="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('street', t('account.street'), 'visiting_address.street')}
          {text('postal_code', t('account.postalCode'), 'visiting_address.postal_code')}
          {text('city', t('account.city'), 'visiting_address.city')}
          {text('country', t('account.country'), 'visiting_address.country')}
        </SimpleGrid>
      </Fieldset>
    </>
  );
}
