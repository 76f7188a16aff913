import { Fieldset, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceRequest } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { formatDate, formatDateTime } from '../../lib/format';
import { subjectName, useSubjects } from './lookups';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" data-testid={testId} style={{ whiteSpace: 'pre-wrap' }}>
        {children || '—'}
      </Text>
    </div>
  );
}

/** "2.3.2026 klo 10.30 (3.5 h)": the moment and the working hours it took; '' when unset. */
function withHours(moment: string, hours: number | null | undefined): string {
  if (!moment) return '';
  return hours === null || hours === undefined ? moment : `${moment} (${hours.toFixed(1)} h)`;
}

/** The request read-only, in the same groups as the form. */
export function RequestDetails({ request: r }: { request: ServiceRequest }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const subjects = useSubjects();
  const subject = subjects.data?.find((s) => s.id === r.subject_id);
  return (
    <div data-testid="request-details">
      <Fieldset legend={t('service.groups.general')}>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t('service.customer')}>
            <AnchorLink to="/accounts/$accountId" params={{ accountId: r.account_id }} size="sm" data-testid="request-customer">
              {r.account_name ?? '…'}
            </AnchorLink>
          </Field>
          <Field label={t('service.contact')}>
            {r.contact_id ? (
              <AnchorLink to="/contacts/$contactId" params={{ contactId: r.contact_id }} size="sm">
                {r.contact_name ?? '…'}
              </AnchorLink>
            ) : null}
          </Field>
          <Field label={t('service.callerName')}>{r.caller_name}</Field>
          <Field label={t('service.callerPhone')}>{r.caller_phone}</Field>
          <Field label={t('service.callerEmail')}>{r.caller_email}</Field>
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('service.groups.classification')} mt="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t('service.subject')}>{subject ? subjectName(subject, lang) : r.subject_name}</Field>
          <Field label={t('service.requestType')}>{t(`requestType.${r.request_type}`)}</Field>
          <Field label={t('service.origin')}>{t(`origin.${r.origin}`)}</Field>
          <Field label={t('service.owner')} testId="request-owner">{r.owner_name}</Field>
          <Field label={t('service.businessUnit')}>{r.business_unit_name}</Field>
          <Field label={t('service.statusReason')}>{t(`status.${r.status_reason}`)}</Field>
          <Field label={t('service.priority')}>{t(`priority.${r.priority}`)}</Field>
          <Field label={t('service.satisfaction')}>{r.satisfaction ? `${r.satisfaction} / 5` : ''}</Field>
          <Field label={t('service.serviceChannel')}>{r.service_channel ? t(`serviceChannel.${r.service_channel}`) : ''}</Field>
          <Field label={t('service.followUpBy')}>{formatDate(r.follow_up_by, lang)}</Field>
          <Field label={t('service.firstResponseAt')}>{withHours(formatDateTime(r.first_response_at, lang), r.first_response_hours)}</Field>
          <Field label={t('service.resolvedAt')}>{withHours(formatDateTime(r.resolved_at, lang), r.resolution_hours)}</Field>
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('service.groups.details')} mt="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t('service.receivedAt')}>{formatDateTime(r.received_at, lang)}</Field>
          {r.request_type === 'callback' && <Field label={t('service.callbackDueAt')}>{formatDateTime(r.callback_due_at, lang)}</Field>}
          <Field label={t('service.billingStatus')}>{t(`billingStatus.${r.billing_status}`)}</Field>
          <Field label={t('service.site')}>{r.site}</Field>
          <Field label={t('service.usagePoint')}>{r.usage_point}</Field>
          <Field label={t('service.contractNumber')}>{r.contract_number}</Field>
          <Field label={t('service.meterNumber')}>{r.meter_number}</Field>
          <Field label={t('service.businessId')}>{r.business_id}</Field>
          <Field label={t('service.personalReference')}>{r.personal_reference}</Field>
        </SimpleGrid>
        <div style={{ marginTop: 12 }}>
          <Field label={t('service.description')} testId="request-description">
            {r.description}
          </Field>
        </div>
      </Fieldset>
    </div>
  );
}
