import { Fieldset, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { searchUsers, useAccountName, useBusinessUnits, useUserName } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { unwrap } from '../../api/problem';
import { listAccounts, type Account } from '../../api/sdk';
import { RemoteSelect, type Option } from '../../components/RemoteSelect';
import { statusOptions, typeOptions } from './options';

type TextField = Exclude<keyof AccountValues, 'owner_id' | 'account_manager_id' | 'business_unit_id' | 'parent_id'>;

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
  owner_id: string | null;
  account_manager_id: string | null;
  business_unit_id: string | null;
  parent_id: string | null;
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
  owner_id: null,
  account_manager_id: null,
  business_unit_id: null,
  parent_id: null,
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
    owner_id: a.owner_id,
    account_manager_id: a.account_manager_id ?? null,
    business_unit_id: a.business_unit_id,
    parent_id: a.parent_id ?? null,
  };
}

function accountSearch(excludeId: string | undefined) {
  return async (q: string): Promise<Option[]> => {
    const page = await unwrap(listAccounts({ query: { limit: 20, sort: 'name', ...(q ? { q } : {}) } }));
    return page.items.filter((a) => a.id !== excludeId).map((a) => ({ value: a.id, label: a.name }));
  };
}

interface Props {
  /** The account being edited; absent when creating (then empty owner/unit mean "server default"). */
  accountId?: string;
  values: AccountValues;
  onChange: (patch: Partial<AccountValues>) => void;
  errors: Record<string, string>;
}

/** The account's editable fields; `errors` are keyed by API field path (e.g. `visiting_address.city`). */
export function AccountFields({ accountId, values, onChange, errors }: Props) {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const units = useBusinessUnits();
  const ownerName = useUserName(values.owner_id);
  const managerName = useUserName(values.account_manager_id);
  const parentName = useAccountName(values.parent_id);
  const creating = accountId === undefined;
  const mayAssign = permissions.can('account', 'assign');
  const text = (field: TextField, label: string, errorKey: string = field, extra: object = {}) => (
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
      <Fieldset legend={t('account.ownership')} mt="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RemoteSelect
            kind="users"
            label={t('account.owner')}
            name="owner_id"
            placeholder={creating ? t('account.ownerDefault') : undefined}
            value={values.owner_id}
            selectedLabel={ownerName}
            onChange={(v) => onChange({ owner_id: v })}
            search={searchUsers}
            clearable={creating}
            allowDeselect={creating}
            disabled={!mayAssign}
            description={mayAssign ? undefined : t('account.ownerLocked')}
            error={errors.owner_id}
            data-testid="field-owner"
          />
          <RemoteSelect
            kind="users"
            label={t('account.accountManager')}
            name="account_manager_id"
            placeholder={t('account.none')}
            value={values.account_manager_id}
            selectedLabel={managerName}
            onChange={(v) => onChange({ account_manager_id: v })}
            search={searchUsers}
            clearable
            error={errors.account_manager_id}
            data-testid="field-account-manager"
          />
          <Select
            label={t('account.businessUnit')}
            name="business_unit_id"
            placeholder={creating ? t('account.unitDefault') : undefined}
            searchable
            clearable={creating}
            allowDeselect={creating}
            nothingFoundMessage={t('common.noResults')}
            data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            value={values.business_unit_id}
            onChange={(v) => onChange({ business_unit_id: v })}
            error={errors.business_unit_id}
            data-testid="field-business-unit"
          />
          <RemoteSelect
            kind="accounts"
            scope={accountId}
            label={t('account.parent')}
            name="parent_id"
            placeholder={t('account.none')}
            value={values.parent_id}
            selectedLabel={parentName}
            onChange={(v) => onChange({ parent_id: v })}
            search={accountSearch(accountId)}
            clearable
            error={errors.parent_id}
            data-testid="field-parent"
          />
        </SimpleGrid>
      </Fieldset>
    </>
  );
}
