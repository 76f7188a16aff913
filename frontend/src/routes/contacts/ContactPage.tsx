import { AnchorLink } from '../../components/AnchorLink';
import { Button, Group, Loader, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBusinessUnitName, useBusinessUnits, useUserName } from '../../api/lookups';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap, unwrapWithResponse } from '../../api/problem';
import { getContact, getContactHistory, updateContact, type ContactUpdate } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HistoryTable } from '../../components/HistoryTable';
import { formatDateTime } from '../../lib/format';
import { BuyingRoleLabel, BuyingRoleSelect, saveBuyingRole, type BuyingRole } from '../classifications/BuyingRole';
import { ContactForm, toContactBody, valuesFromContact } from './ContactForm';
import { CONTACT_CARDS } from './extensions';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">{children || '—'}</Text>
    </div>
  );
}

function OwnerName({ id }: { id: string }) {
  return <span data-testid="contact-owner">{useUserName(id) ?? '…'}</span>;
}

function UnitName({ id }: { id: string }) {
  return <>{useBusinessUnitName(id) ?? '…'}</>;
}

export function ContactPage() {
  const { contactId } = useParams({ from: '/app/contacts/$contactId' });
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [editKey, setEditKey] = useState(0);
  const [tab, setTab] = useState<string | null>('details');
  const [linkFailure, setLinkFailure] = useState<unknown>(null);
  const [savingLink, setSavingLink] = useState<string | null>(null);
  const permissions = usePermissions();
  const units = useBusinessUnits();
  const contact = useQuery({
    queryKey: ['contacts', contactId, 'detail'],
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(getContact({ path: { contact_id: contactId } }));
      return { contact: data, etag: response.headers.get('ETag') };
    },
  });
  const history = useQuery({
    queryKey: ['contacts', contactId, 'history'],
    queryFn: () => unwrap(getContactHistory({ path: { contact_id: contactId }, query: { limit: 100 } })),
    enabled: tab === 'history',
  });

  if (contact.error) return <ErrorAlert error={contact.error} />;
  if (!contact.data) return <Loader />;
  const { contact: c, etag } = contact.data;
  const mayEdit = permissions.canOn('contact', 'update', c, units.data?.items);
  const cards = CONTACT_CARDS.filter((card) => !card.requires || permissions.can(card.requires.entity, card.requires.action));
  const panelProps = { contact: c, etag, onChanged: () => void contact.refetch() };

  /** Sets the buying role of one of the contact's account links (the contact's ETag). */
  async function changeBuyingRole(accountId: string, role: BuyingRole | null) {
    setLinkFailure(null);
    setSavingLink(accountId);
    try {
      const saved = await saveBuyingRole({ contactId, etag: etag ?? `"${c.version}"`, links: c.accounts ?? [], accountId, role });
      queryClient.setQueryData(['contacts', contactId, 'detail'], saved);
      void queryClient.invalidateQueries({ queryKey: ['accounts', accountId, 'contacts'] });
      notifications.show({ color: 'green', message: t('classifications.buyingRole.saved', { name: `${c.first_name} ${c.last_name}` }) });
    } catch (e) {
      setLinkFailure(e);
    } finally {
      setSavingLink(null);
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} data-testid="contact-name">
          {c.first_name} {c.last_name}
        </Title>
        {!editing && mayEdit && (
          <Button variant="light" onClick={() => { setTab('details'); setEditing(true); }} data-testid="edit-contact">
            {t('common.edit')}
          </Button>
        )}
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">{t('common.details')}</Tabs.Tab>
          <Tabs.Tab value="history">{t('common.history')}</Tabs.Tab>
        </Tabs.List>
        <Paper withBorder p="md" mt="md">
          <Tabs.Panel value="details">
            {editing && mayEdit ? (
              <ContactForm
                key={editKey}
                initial={valuesFromContact(c)}
                submitLabel={t('common.save')}
                onCancel={() => setEditing(false)}
                onReload={() => void contact.refetch().then(() => setEditKey((k) => k + 1))}
                onSubmit={async (values) => {
                  const before = toContactBody(valuesFromContact(c)) as Record<string, unknown>;
                  const after = toContactBody(values) as Record<string, unknown>;
                  const patch = Object.fromEntries(
                    Object.entries(after).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])),
                  );
                  if (Object.keys(patch).length > 0) {
                    const { data, response } = await unwrapWithResponse(
                      updateContact({ path: { contact_id: contactId }, body: patch as ContactUpdate, headers: { 'If-Match': etag ?? '*' } }),
                    );
                    queryClient.setQueryData(['contacts', contactId, 'detail'], { contact: data, etag: response.headers.get('ETag') });
                    void queryClient.invalidateQueries({ queryKey: ['contacts'] });
                    notifications.show({ color: 'green', message: t('common.saved') });
                  }
                  setEditing(false);
                }}
              />
            ) : (
              <Stack>
                {linkFailure instanceof ApiError && linkFailure.status === 412 ? (
                  <ConflictAlert onReload={() => { setLinkFailure(null); void contact.refetch(); }} />
                ) : (
                  <ErrorAlert error={linkFailure} />
                )}
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <Field label={t('contact.title')}>{c.title}</Field>
                  <Field label={t('contact.email')}>{c.email}</Field>
                  <Field label={t('contact.phone')}>{c.phone}</Field>
                  <Field label={t('contact.preferredLanguage')}>{t(`language.${c.preferred_language}`)}</Field>
                  <Field label={t('contact.marketingConsent')}>
                    {c.marketing_consent ? t('common.yes') : t('common.no')}
                    {c.marketing_consent_at ? ` (${formatDateTime(c.marketing_consent_at, i18n.language)})` : ''}
                  </Field>
                  <Field label={t('contact.consentSource')}>{c.marketing_consent_source}</Field>
                  <Field label={t('contact.accounts')}>
                    {(c.accounts ?? []).map((l) => (
                      <div key={l.account_id} data-testid="contact-account-link">
                        <AnchorLink to="/accounts/$accountId" params={{ accountId: l.account_id }} size="sm">
                          {l.account_name ?? l.account_id}
                        </AnchorLink>
                        {l.role ? ` — ${l.role}` : ''}
                        <Group gap={6} mt={2} wrap="nowrap">
                          <Text span size="xs" c="dimmed">
                            {t('classifications.buyingRole.label')}:
                          </Text>
                          {mayEdit ? (
                            <BuyingRoleSelect
                              name={`${c.first_name} ${c.last_name} (${l.account_name ?? l.account_id})`}
                              value={l.buying_role}
                              disabled={savingLink !== null}
                              onChange={(role) => void changeBuyingRole(l.account_id, role)}
                            />
                          ) : (
                            <BuyingRoleLabel role={l.buying_role} />
                          )}
                        </Group>
                      </div>
                    ))}
                  </Field>
                  <Field label={t('contact.owner')}>
                    <OwnerName id={c.owner_id} />
                  </Field>
                  <Field label={t('contact.businessUnit')}>
                    <UnitName id={c.business_unit_id} />
                  </Field>
                  <Field label={t('common.createdAt')}>{formatDateTime(c.created_at, i18n.language)}</Field>
                  <Field label={t('common.updated')}>{formatDateTime(c.updated_at, i18n.language)}</Field>
                </SimpleGrid>
                {cards.map(({ key, Card }) => (
                  <Card key={key} {...panelProps} />
                ))}
              </Stack>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="history">
            {history.error ? <ErrorAlert error={history.error} /> : history.data ? <HistoryTable entity="contact" items={history.data.items} /> : <Loader />}
          </Tabs.Panel>
        </Paper>
      </Tabs>
    </Stack>
  );
}
