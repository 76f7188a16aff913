import { Fieldset, NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { searchUsers, useAccountName, useBusinessUnits, useUserName } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import type { ServiceRequest, ServiceRequestCreate } from '../../api/sdk';
import { RemoteSelect } from '../../components/RemoteSelect';
import { fromHelsinkiLocal, toHelsinkiLocal } from '../../lib/format';
import { orNull } from '../accounts/options';
import { subjectOptions, useContactName, useSubjects } from './lookups';
import { billingOptions, channelOptions, originOptions, priorityOptions, requestTypeOptions } from './options';
import { contactSearch, searchAccounts } from './search';
import { STATUS_REASONS } from './status';

export interface RequestValues {
  // General
  title: string;
  account_id: string | null;
  contact_id: string | null;
  caller_name: string;
  caller_email: string;
  caller_phone: string;
  // Classification
  subject_id: string | null;
  request_type: string;
  origin: string;
  owner_id: string | null;
  business_unit_id: string | null;
  status_reason: string;
  priority: string;
  satisfaction: number | string;
  service_channel: string | null;
  follow_up_by: string;
  first_response_at: string;
  // Details
  received_at: string;
  callback_due_at: string;
  description: string;
  site: string;
  usage_point: string;
  contract_number: string;
  meter_number: string;
  business_id: string;
  personal_reference: string;
  billing_status: string;
}

export const emptyRequest: RequestValues = {
  title: '',
  account_id: null,
  contact_id: null,
  caller_name: '',
  caller_email: '',
  caller_phone: '',
  subject_id: null,
  request_type: 'general',
  origin: 'phone_call',
  owner_id: null,
  business_unit_id: null,
  status_reason: 'in_progress',
  priority: 'normal',
  satisfaction: '',
  service_channel: null,
  follow_up_by: '',
  first_response_at: '',
  received_at: '',
  callback_due_at: '',
  description: '',
  site: '',
  usage_point: '',
  contract_number: '',
  meter_number: '',
  business_id: '',
  personal_reference: '',
  billing_status: 'not_applicable',
};

export function valuesFromRequest(r: ServiceRequest): RequestValues {
  return {
    title: r.title,
    account_id: r.account_id,
    contact_id: r.contact_id,
    caller_name: r.caller_name ?? '',
    caller_email: r.caller_email ?? '',
    caller_phone: r.caller_phone ?? '',
    subject_id: r.subject_id,
    request_type: r.request_type,
    origin: r.origin,
    owner_id: r.owner_id,
    business_unit_id: r.business_unit_id,
    status_reason: r.status_reason,
    priority: r.priority,
    satisfaction: r.satisfaction ?? '',
    service_channel: r.service_channel,
    follow_up_by: r.follow_up_by ?? '',
    first_response_at: toHelsinkiLocal(r.first_response_at),
    received_at: toHelsinkiLocal(r.received_at),
    callback_due_at: toHelsinkiLocal(r.callback_due_at),
    description: r.description ?? '',
    site: r.site ?? '',
    usage_point: r.usage_point ?? '',
    contract_number: r.contract_number ?? '',
    meter_number: r.meter_number ?? '',
    business_id: r.business_id ?? '',
    personal_reference: r.personal_reference ?? '',
    billing_status: r.billing_status,
  };
}

/**
 * The API body for these values. Empty owner, unit, received time and customer are left out
 * so the server applies its defaults (me, my unit, now, the general customer).
 */
export function toRequestBody(v: RequestValues): ServiceRequestCreate {
  const moment = (s: string) => fromHelsinkiLocal(s);
  return {
    title: v.title.trim(),
    subject_id: v.subject_id ?? '',
    origin: v.origin as ServiceRequestCreate['origin'],
    status_reason: v.status_reason as ServiceRequestCreate['status_reason'],
    request_type: v.request_type as NonNullable<ServiceRequestCreate['request_type']>,
    priority: v.priority as NonNullable<ServiceRequestCreate['priority']>,
    contact_id: v.contact_id,
    caller_name: orNull(v.caller_name),
    caller_email: orNull(v.caller_email),
    caller_phone: orNull(v.caller_phone),
    service_channel: (v.service_channel ?? null) as ServiceRequestCreate['service_channel'],
    satisfaction: typeof v.satisfaction === 'number' ? v.satisfaction : null,
    follow_up_by: orNull(v.follow_up_by),
    first_response_at: moment(v.first_response_at),
    callback_due_at: v.request_type === 'callback' ? moment(v.callback_due_at) : null,
    description: orNull(v.description),
    site: orNull(v.site),
    usage_point: orNull(v.usage_point),
    contract_number: orNull(v.contract_number),
    meter_number: orNull(v.meter_number),
    business_id: orNull(v.business_id),
    personal_reference: orNull(v.personal_reference),
    billing_status: v.billing_status as NonNullable<ServiceRequestCreate['billing_status']>,
    ...(v.account_id ? { account_id: v.account_id } : {}),
    ...(v.owner_id ? { owner_id: v.owner_id } : {}),
    ...(v.business_unit_id ? { business_unit_id: v.business_unit_id } : {}),
    ...(moment(v.received_at) ? { received_at: moment(v.received_at) } : {}),
  };
}

interface Props {
  values: RequestValues;
  onChange: (patch: Partial<RequestValues>) => void;
  errors: Record<string, string>;
  /** Editing an existing request: the status changes through its own action, not here. */
  editing?: boolean;
}

/** The request's fields grouped as the service desk knows them: General / Classification / Details. */
export function RequestFields({ values, onChange, errors, editing = false }: Props) {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const units = useBusinessUnits();
  const subjects = useSubjects();
  const accountName = useAccountName(values.account_id);
  const contactName = useContactName(values.contact_id);
  const ownerName = useUserName(values.owner_id);
  const mayAssign = permissions.can('service_request', 'assign');
  const text = (field: keyof RequestValues, label: string, extra: object = {}) => (
    <TextInput
      label={label}
      name={field}
      value={values[field] as string}
      onChange={(e) => onChange({ [field]: e.currentTarget.value })}
      error={errors[field]}
      {...extra}
    />
  );
  return (
    <>
      <Fieldset legend={t('service.groups.general')} data-testid="group-general">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('title', t('service.title'), { required: true, autoFocus: !editing, 'data-autofocus': !editing })}
          <RemoteSelect
            kind="accounts"
            label={t('service.customer')}
            name="account_id"
            placeholder={t('service.customerSearch')}
            description={editing ? undefined : t('service.generalCustomer')}
            value={values.account_id}
            selectedLabel={accountName}
            onChange={(v) => onChange({ account_id: v, ...(v !== values.account_id ? { contact_id: null } : {}) })}
            search={searchAccounts}
            clearable={!editing}
            allowDeselect={!editing}
            error={errors.account_id}
            data-testid="field-account"
          />
          <RemoteSelect
            kind="contacts"
            scope={values.account_id ?? 'any'}
            label={t('service.contact')}
            name="contact_id"
            placeholder={t('service.contactNone')}
            value={values.contact_id}
            selectedLabel={contactName}
            onChange={(v) => onChange({ contact_id: v })}
            search={contactSearch(values.account_id)}
            clearable
            error={errors.contact_id}
            data-testid="field-contact"
          />
          {text('caller_name', t('service.callerName'))}
          {text('caller_phone', t('service.callerPhone'), { type: 'tel', placeholder: '+358 40 123 4567' })}
          {text('caller_email', t('service.callerEmail'), { type: 'email' })}
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('service.groups.classification')} mt="md" data-testid="group-classification">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('service.subject')}
            name="subject_id"
            required
            searchable
            nothingFoundMessage={t('common.noResults')}
            data={subjectOptions(subjects.data, i18n.language, values.subject_id)}
            value={values.subject_id}
            onChange={(v) => onChange({ subject_id: v })}
            error={errors.subject_id}
            data-testid="field-subject"
          />
          <Select label={t('service.requestType')} name="request_type" data={requestTypeOptions(t)} value={values.request_type} onChange={(v) => onChange({ request_type: v ?? 'general' })} allowDeselect={false} error={errors.request_type} />
          <Select label={t('service.origin')} name="origin" required data={originOptions(t)} value={values.origin} onChange={(v) => onChange({ origin: v ?? 'phone_call' })} allowDeselect={false} error={errors.origin} />
          <RemoteSelect
            kind="users"
            label={t('service.owner')}
            name="owner_id"
            placeholder={editing ? undefined : t('service.ownerDefault')}
            value={values.owner_id}
            selectedLabel={ownerName}
            onChange={(v) => onChange({ owner_id: v })}
            search={searchUsers}
            clearable={!editing}
            allowDeselect={!editing}
            disabled={!mayAssign}
            error={errors.owner_id}
            data-testid="field-owner"
          />
          <Select
            label={t('service.businessUnit')}
            name="business_unit_id"
            searchable
            clearable={!editing}
            allowDeselect={!editing}
            placeholder={editing ? undefined : t('account.unitDefault')}
            data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            value={values.business_unit_id}
            onChange={(v) => onChange({ business_unit_id: v })}
            error={errors.business_unit_id}
          />
          <Select
            label={t('service.statusReason')}
            name="status_reason"
            data={STATUS_REASONS.map((value) => ({ value, label: t(`status.${value}`) }))}
            value={values.status_reason}
            onChange={(v) => onChange({ status_reason: v ?? 'in_progress' })}
            allowDeselect={false}
            disabled={editing}
            error={errors.status_reason}
          />
          <Select label={t('service.priority')} name="priority" data={priorityOptions(t)} value={values.priority} onChange={(v) => onChange({ priority: v ?? 'normal' })} allowDeselect={false} error={errors.priority} />
          <NumberInput label={t('service.satisfaction')} name="satisfaction" min={1} max={5} placeholder={t('service.satisfactionNone')} value={values.satisfaction} onChange={(v) => onChange({ satisfaction: v })} error={errors.satisfaction} />
          <Select label={t('service.serviceChannel')} name="service_channel" clearable data={channelOptions(t)} value={values.service_channel} onChange={(v) => onChange({ service_channel: v })} error={errors.service_channel} />
          {text('follow_up_by', t('service.followUpBy'), { type: 'date' })}
          {text('first_response_at', t('service.firstResponseAt'), { type: 'datetime-local' })}
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('service.groups.details')} mt="md" data-testid="group-details">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {text('received_at', t('service.receivedAt'), { type: 'datetime-local' })}
          {values.request_type === 'callback' && text('callback_due_at', t('service.callbackDueAt'), { type: 'datetime-local' })}
          <Select label={t('service.billingStatus')} name="billing_status" data={billingOptions(t)} value={values.billing_status} onChange={(v) => onChange({ billing_status: v ?? 'not_applicable' })} allowDeselect={false} error={errors.billing_status} />
          {text('site', t('service.site'))}
          {text('usage_point', t('service.usagePoint'))}
          {text('contract_number', t('service.contractNumber'))}
          {text('meter_number', t('service.meterNumber'))}
          {text('business_id', t('service.businessId'), { placeholder: '0112038-9' })}
          {text('personal_reference', t('service.personalReference'))}
        </SimpleGrid>
        <Textarea mt="sm" label={t('service.description')} name="description" autosize minRows={3} value={values.description} onChange={(e) => onChange({ description: e.currentTarget.value })} error={errors.description} />
      </Fieldset>
    </>
  );
}
