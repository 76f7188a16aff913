import { Alert, Badge, Button, Group, Loader, Modal, Radio, Select, SimpleGrid, Stack, Stepper, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { convertLead, getConversionCandidates, type Lead } from '../../api/sdk';
import { LeadError } from './LeadError';
import { localName, useProjectTypes } from './lookups';

const NEW = 'new';

/** "Maija Meikäläinen" → first "Maija", last "Meikäläinen" (the last word is the surname). */
export function splitName(name: string): { first: string; last: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return { first: '', last: parts[0] ?? '' };
  return { first: parts.slice(0, -1).join(' '), last: parts.at(-1) ?? '' };
}

/**
 * Convert a lead in three steps: the account (a business-ID match is chosen first, or another
 * candidate, or a new account), the contact (a candidate or a new one), the sales project (its
 * type). Enter goes to the next step; the last step converts (one transaction on the server).
 */
export function ConversionWizard({ lead, etag, onClose, onDone }: { lead: Lead; etag: string | null; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const types = useProjectTypes();
  const candidates = useQuery({ queryKey: ['leads', 'candidates', lead.id], queryFn: () => unwrap(getConversionCandidates({ path: { lead_id: lead.id } })) });
  const [step, setStep] = useState(0);
  const [account, setAccount] = useState<string | null>(null);
  const [contact, setContact] = useState<string | null>(null);
  const initial = splitName(lead.contact_name);
  const [first, setFirst] = useState(initial.first);
  const [last, setLast] = useState(initial.last);
  const [typeId, setTypeId] = useState<string | null>(null);
  const [projectName, setProjectName] = useState(`${lead.company_name} – ${lead.product_name ?? ''}`.replace(/ – $/, ''));
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const accounts = candidates.data?.accounts ?? [];
  const contacts = (candidates.data?.contacts ?? []).filter((c) => account === null || account === NEW || !c.account_id || c.account_id === account);
  const chosenAccount = account ?? (accounts.find((a) => a.business_id_match)?.id ?? (accounts.length ? null : NEW));
  const chosenContact = contact ?? NEW;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (step === 0) {
      if (!chosenAccount) return setError(new Error(t('leads.wizard.chooseAccount')));
      setAccount(chosenAccount);
      return setStep(1);
    }
    if (step === 1) {
      if (chosenContact === NEW && !last.trim()) return setError(new Error(t('leads.wizard.lastNameRequired')));
      return setStep(2);
    }
    if (!typeId) return setError(new Error(t('leads.wizard.chooseType')));
    setBusy(true);
    try {
      const result = await unwrap(
        convertLead({
          path: { lead_id: lead.id },
          headers: { 'If-Match': etag ?? '*' },
          body: {
            project_type_id: typeId,
            ...(chosenAccount && chosenAccount !== NEW ? { account_id: chosenAccount } : {}),
            ...(chosenContact !== NEW ? { contact_id: chosenContact } : { contact_first_name: first.trim() || null, contact_last_name: last.trim() }),
            project_name: projectName.trim() || null,
            ...(value.trim() ? { estimated_value: value.replace(/\s/g, '').replace(',', '.') } : {}),
          },
        }),
      );
      onDone();
      void navigate({ to: '/sales-projects/$projectId', params: { projectId: result.sales_project_id } });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} size="lg" title={t('leads.wizard.title')}>
      <form onSubmit={submit} noValidate data-testid="conversion-wizard">
        <Stack>
          <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} size="sm">
            <Stepper.Step label={t('leads.wizard.account')} />
            <Stepper.Step label={t('leads.wizard.contact')} />
            <Stepper.Step label={t('leads.wizard.project')} />
          </Stepper>
          <LeadError error={error} />
          {candidates.isLoading && <Loader size="sm" />}
          {step === 0 && candidates.data && (
            <Radio.Group value={chosenAccount} onChange={setAccount} label={t('leads.wizard.accountHint')}>
              <Stack gap="xs" mt="xs">
                {accounts.map((a, i) => (
                  <Radio
                    key={a.id}
                    value={a.id}
                    autoFocus={i === 0}
                    data-testid="candidate-account"
                    label={
                      <Group gap={6}>
                        <span>{a.name}</span>
                        {a.business_id && <Text size="xs" c="dimmed">{a.business_id}</Text>}
                        {a.municipality && <Text size="xs" c="dimmed">{a.municipality}</Text>}
                        {a.business_id_match && (
                          <Badge size="xs" color="teal" data-testid="business-id-match">
                            {t('leads.wizard.businessIdMatch')}
                          </Badge>
                        )}
                      </Group>
                    }
                  />
                ))}
                <Radio value={NEW} autoFocus={accounts.length === 0} label={t('leads.wizard.newAccount', { name: lead.company_name })} data-testid="candidate-account-new" />
              </Stack>
            </Radio.Group>
          )}
          {step === 1 && (
            <Stack>
              <Radio.Group value={chosenContact} onChange={setContact} label={t('leads.wizard.contactHint')}>
                <Stack gap="xs" mt="xs">
                  {contacts.map((c) => (
                    <Radio key={c.id} value={c.id} label={`${c.label}${c.account_name ? ` (${c.account_name})` : ''}`} data-testid="candidate-contact" />
                  ))}
                  <Radio value={NEW} label={t('leads.wizard.newContact')} data-testid="candidate-contact-new" />
                </Stack>
              </Radio.Group>
              {chosenContact === NEW && (
                <SimpleGrid cols={2}>
                  <TextInput label={t('leads.wizard.firstName')} value={first} onChange={(e) => setFirst(e.currentTarget.value)} autoFocus data-testid="wizard-first-name" />
                  <TextInput label={t('leads.wizard.lastName')} required value={last} onChange={(e) => setLast(e.currentTarget.value)} data-testid="wizard-last-name" />
                </SimpleGrid>
              )}
            </Stack>
          )}
          {step === 2 && (
            <Stack>
              <Select
                label={t('leads.wizard.projectType')}
                required
                searchable
                autoFocus
                selectFirstOptionOnChange
                data={(types.data ?? []).filter((x) => x.is_active).map((x) => ({ value: x.id, label: localName(x, i18n.language) }))}
                value={typeId}
                onChange={setTypeId}
                data-testid="wizard-project-type"
              />
              <TextInput label={t('leads.wizard.projectName')} value={projectName} onChange={(e) => setProjectName(e.currentTarget.value)} data-testid="wizard-project-name" />
              <TextInput label={t('leads.wizard.estimatedValue')} inputMode="decimal" value={value} onChange={(e) => setValue(e.currentTarget.value)} data-testid="wizard-value" />
            </Stack>
          )}
          {step === 2 && chosenAccount === NEW && <Alert color="blue">{t('leads.wizard.willCreateAccount', { name: lead.company_name })}</Alert>}
          <Group justify="space-between">
            <Button variant="default" onClick={() => (step === 0 ? onClose() : setStep(step - 1))}>
              {step === 0 ? t('common.cancel') : t('leads.wizard.back')}
            </Button>
            <Button type="submit" loading={busy} data-testid={step === 2 ? 'wizard-convert' : 'wizard-next'}>
              {step === 2 ? t('leads.convert') : t('leads.wizard.next')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
