import { Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap, unwrapWithResponse } from '../../api/problem';
import { createAccountCreationRequest, getLead, submitAccountCreationRequest, type AccountCreationRequestCreate, type CustomerType } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';

const FIELDS = ['name', 'business_id', 'contact_name', 'contact_phone', 'contact_email', 'street', 'postal_code', 'city', 'e_invoice_address', 'contract_type', 'site_address', 'usage_point', 'start_date'] as const;
type Field = (typeof FIELDS)[number];

/** The seller's request to customer service to create a customer in billing (from a lead: ?lead=…). */
export function AccountRequestCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { lead: leadId } = useSearch({ from: '/app/account-requests/new' });
  const lead = useQuery({ queryKey: ['leads', 'detail-plain', leadId], queryFn: () => unwrap(getLead({ path: { lead_id: leadId! } })), enabled: !!leadId });
  const [v, setV] = useState<Record<Field, string>>(() => Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<Field, string>);
  const [customerType, setCustomerType] = useState<CustomerType>('company');
  const [notes, setNotes] = useState('');
  const [submitNow, setSubmitNow] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  useEffect(() => {
    const l = lead.data;
    if (l) setV((x) => ({ ...x, name: x.name || l.company_name, business_id: x.business_id || (l.business_id ?? ''), contact_name: x.contact_name || l.contact_name, contact_phone: x.contact_phone || l.phone, contact_email: x.contact_email || (l.email ?? '') }));
  }, [lead.data]);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!v.name.trim()) return setErrors({ name: t('leads.required') });
    const opt = (f: Field) => v[f].trim() || null;
    const body: AccountCreationRequestCreate = {
      name: v.name.trim(),
      customer_type: customerType,
      business_id: opt('business_id'),
      contact_name: opt('contact_name'),
      contact_phone: opt('contact_phone'),
      contact_email: opt('contact_email'),
      e_invoice_address: opt('e_invoice_address'),
      contract_type: opt('contract_type'),
      site_address: opt('site_address'),
      usage_point: opt('usage_point'),
      start_date: opt('start_date'),
      notes: notes.trim() || null,
      lead_id: leadId ?? null,
      ...(v.street || v.postal_code || v.city ? { billing_address: { street: opt('street'), postal_code: opt('postal_code'), city: opt('city') } } : {}),
    };
    setBusy(true);
    try {
      const { data, response } = await unwrapWithResponse(createAccountCreationRequest({ body, headers: { 'Idempotency-Key': key.current } }));
      if (submitNow) await unwrap(submitAccountCreationRequest({ path: { account_request_id: data.id }, headers: { 'If-Match': response.headers.get('ETag') ?? `"${data.version}"` } }));
      void queryClient.invalidateQueries({ queryKey: ['account-requests'] });
      notifications.show({ color: 'green', message: t('leads.acr.created') });
      void navigate({ to: '/account-requests', search: { view: 'mine' } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }
  const input = (f: Field, extra: Record<string, unknown> = {}) => (
    <TextInput key={f} label={t(`leads.acr.fields.${f}`)} value={v[f]} onChange={(e) => { const value = e.currentTarget.value; setV((x) => ({ ...x, [f]: value })); }} error={errors[f] ?? errors[`billing_address.${f}`]} data-testid={`acr-${f}`} {...extra} />
  );
  return (
    <Paper withBorder p="lg" maw={900}>
      <form onSubmit={submit} noValidate data-testid="acr-form">
        <Stack>
          <Title order={2}>{t('leads.acr.new')}</Title>
          <ErrorAlert error={failure} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {input('name', { required: true, autoFocus: true })}
            <Select label={t('leads.acr.fields.customer_type')} data={(['company', 'person'] as const).map((c) => ({ value: c, label: t(`leads.acr.customerTypes.${c}`) }))} value={customerType} onChange={(x) => x && setCustomerType(x as CustomerType)} allowDeselect={false} />
            {FIELDS.filter((f) => f !== 'name').map((f) => input(f, f === 'start_date' ? { type: 'date' } : {}))}
          </SimpleGrid>
          <Textarea label={t('leads.acr.fields.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          <Checkbox label={t('leads.acr.submitNow')} checked={submitNow} onChange={(e) => setSubmitNow(e.currentTarget.checked)} data-testid="acr-submit-now" />
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/account-requests">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="acr-save">
              {t('leads.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
