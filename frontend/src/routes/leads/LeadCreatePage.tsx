import { Alert, Button, Group, List, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap } from '../../api/problem';
import { createLead, findLeadDuplicates, type LeadCreate, type LeadSource } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isValidBusinessId, newIdempotencyKey } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { useProductOptions } from './lookups';

export const LEAD_SOURCES: readonly LeadSource[] = ['phone_call', 'email', 'web_form', 'service_request', 'event', 'campaign', 'partner', 'own_network', 'integration', 'other'];

interface Values {
  company_name: string;
  contact_name: string;
  phone: string;
  email: string;
  business_id: string;
  municipality: string;
  product_id: string | null;
  source: LeadSource;
  description: string;
}

const EMPTY: Values = { company_name: '', contact_name: '', phone: '', email: '', business_id: '', municipality: '', product_id: null, source: 'phone_call', description: '' };

export function leadErrors(v: Values, t: (k: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v.company_name.trim()) out.company_name = t('leads.required');
  if (!v.contact_name.trim()) out.contact_name = t('leads.required');
  if (!v.phone.trim()) out.phone = t('leads.required');
  if (!v.product_id) out.product_id = t('leads.required');
  if (v.business_id.trim() && !isValidBusinessId(v.business_id.trim())) out.business_id = t('leads.badBusinessId');
  return out;
}

function toBody(v: Values): LeadCreate {
  const opt = (s: string) => (s.trim() ? s.trim() : null);
  return {
    company_name: v.company_name.trim(),
    contact_name: v.contact_name.trim(),
    phone: v.phone.trim(),
    product_id: v.product_id ?? '',
    email: opt(v.email),
    business_id: opt(v.business_id),
    municipality: opt(v.municipality),
    description: opt(v.description),
    source: v.source,
  };
}

/**
 * Quick lead entry from a call, keyboard only: the company field has the focus, Tab walks the
 * fields in the order a caller gives them, Enter (Ctrl+Enter in the description) saves.
 * Duplicates (an open lead or a contact with the same email, phone or business ID) show inline.
 */
export function LeadCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [productSearch, setProductSearch] = useState('');
  const idempotencyKey = useRef(newIdempotencyKey());
  const formRef = useRef<HTMLFormElement>(null);
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));
  const products = useProductOptions();

  const email = useDebounced(values.email.trim(), 400);
  const phone = useDebounced(values.phone.trim(), 400);
  const businessId = useDebounced(values.business_id.trim(), 400);
  const dupQuery = {
    ...(email.includes('@') ? { email } : {}),
    ...(phone.replace(/\D/g, '').length >= 6 ? { phone } : {}),
    ...(businessId && isValidBusinessId(businessId) ? { business_id: businessId } : {}),
  };
  const duplicates = useQuery({
    queryKey: ['leads', 'duplicates', dupQuery],
    queryFn: () => unwrap(findLeadDuplicates({ query: dupQuery })),
    enabled: Object.keys(dupQuery).length > 0,
  });

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const found = leadErrors(values, t);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await unwrap(createLead({ body: toBody(values), headers: { 'Idempotency-Key': idempotencyKey.current } }));
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
      notifications.show({ color: 'green', message: t('leads.created', { owner: created.queue_name ?? created.owner_name ?? '' }) });
      void navigate({ to: '/leads/$leadId', params: { leadId: created.id } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  /** Enter in the product field picks the first product that matches what was typed, even
   * when the list has not highlighted it yet (a fast typist, a busy machine): it never
   * submits the form with the product unpicked. */
  function pickProductOnEnter(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    const typed = productSearch.trim().toLowerCase();
    const options = products.data ?? [];
    const picked = options.find((o) => o.value === values.product_id);
    if (!typed || picked?.label.toLowerCase() === typed) return;
    const match = options.find((o) => o.label.toLowerCase().includes(typed));
    event.preventDefault();
    if (match) {
      set({ product_id: match.value });
      setProductSearch(match.label);
    }
  }

  function ctrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  }

  const dups = duplicates.data?.items ?? [];
  return (
    <Paper withBorder p="lg" maw={900}>
      <form ref={formRef} onSubmit={submit} noValidate data-testid="lead-create-form">
        <Stack>
          <Title order={2}>{t('leads.new')}</Title>
          <Text size="sm" c="dimmed">
            {t('leads.quickHint')}
          </Text>
          <ErrorAlert error={failure} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('leads.fields.company')} required autoFocus value={values.company_name} onChange={(e) => set({ company_name: e.currentTarget.value })} error={errors.company_name} data-testid="lead-company" />
            <TextInput label={t('leads.fields.contact')} required value={values.contact_name} onChange={(e) => set({ contact_name: e.currentTarget.value })} error={errors.contact_name} data-testid="lead-contact" />
            <TextInput label={t('leads.fields.phone')} required type="tel" value={values.phone} onChange={(e) => set({ phone: e.currentTarget.value })} error={errors.phone} data-testid="lead-phone" />
            <TextInput label={t('leads.fields.email')} type="email" value={values.email} onChange={(e) => set({ email: e.currentTarget.value })} error={errors.email} data-testid="lead-email" />
            <TextInput label={t('leads.fields.businessId')} value={values.business_id} onChange={(e) => set({ business_id: e.currentTarget.value })} error={errors.business_id} data-testid="lead-business-id" />
            <TextInput label={t('leads.fields.municipality')} value={values.municipality} onChange={(e) => set({ municipality: e.currentTarget.value })} error={errors.municipality} data-testid="lead-municipality" />
            <Select
              label={t('leads.fields.product')}
              required
              searchable
              selectFirstOptionOnChange
              data={products.data ?? []}
              value={values.product_id}
              onChange={(v) => set({ product_id: v })}
              searchValue={productSearch}
              onSearchChange={setProductSearch}
              onKeyDown={pickProductOnEnter}
              error={errors.product_id}
              nothingFoundMessage={t('common.noResults')}
              data-testid="lead-product"
            />
            <Select
              label={t('leads.fields.source')}
              data={LEAD_SOURCES.map((s) => ({ value: s, label: t(`leads.sources.${s}`) }))}
              value={values.source}
              onChange={(v) => v && set({ source: v as LeadSource })}
              allowDeselect={false}
              data-testid="lead-source"
            />
          </SimpleGrid>
          <Textarea label={t('leads.fields.description')} autosize minRows={2} value={values.description} onChange={(e) => set({ description: e.currentTarget.value })} onKeyDown={ctrlEnter} data-testid="lead-description" />
          {dups.length > 0 && (
            <Alert color="yellow" title={t('leads.duplicatesTitle')} data-testid="lead-duplicates">
              <List size="sm">
                {dups.map((d) => (
                  <List.Item key={`${d.kind}-${d.id}`} data-testid="lead-duplicate">
                    {t(`leads.duplicateKinds.${d.kind}`, { defaultValue: d.kind })}: {d.label}
                    {d.account_name ? ` (${d.account_name})` : ''} — {t('leads.matchedOn')} {d.matched_on.map((m) => t(`leads.matchFields.${m}`, { defaultValue: m })).join(', ')}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/leads">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="lead-save">
              {t('leads.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
