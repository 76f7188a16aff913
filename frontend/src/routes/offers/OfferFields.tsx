import { ActionIcon, Button, Grid, Group, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAccountName } from '../../api/lookups';
import { RemoteSelect } from '../../components/RemoteSelect';
import { contactSearch, searchAccounts } from '../service/search';
import { fieldMessage } from './fieldMessage';
import { LinesEditor } from './LinesEditor';
import { activitySearch, typeOptions, useOfferTypes } from './lookups';
import { newAttachment, type OfferValues } from './offerForm';

interface Props {
  values: OfferValues;
  errors: Record<string, string>;
  onChange: (patch: Partial<OfferValues>) => void;
  /** Creating: the account can be chosen; editing: an offer stays with its account. */
  creating: boolean;
  /** Names already known for the chosen records (the offer being edited has them). */
  labels?: { contact?: string | null; activity?: string | null };
}

/** The offer's fields in tab order: customer, contact, type, title, dates, lines, the linked
 * activity, attachments and description. Error values are translation keys or server messages. */
export function OfferFields({ values, errors, onChange, creating, labels = {} }: Props) {
  const { t, i18n } = useTranslation();
  const types = useOfferTypes();
  const accountName = useAccountName(values.account_id);
  const err = (field: string) => fieldMessage(t, errors[field]);
  const setAttachment = (i: number, patch: { name?: string; url?: string }) =>
    onChange({ attachments: values.attachments.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  return (
    <Stack>
      <Grid>
        {creating && (
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <RemoteSelect
              kind="accounts"
              label={t('offers.customer')}
              placeholder={t('offers.customerSearch')}
              required
              name="account_id"
              value={values.account_id}
              selectedLabel={accountName}
              onChange={(account_id) => onChange({ account_id, contact_id: null, activity_id: null })}
              search={searchAccounts}
              error={err('account_id')}
              data-testid="offer-account"
            />
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <RemoteSelect
            kind="contacts"
            scope={values.account_id ?? undefined}
            label={t('offers.contact')}
            clearable
            name="contact_id"
            value={values.contact_id}
            selectedLabel={labels.contact ?? undefined}
            onChange={(contact_id) => onChange({ contact_id })}
            search={contactSearch(values.account_id)}
            disabled={!values.account_id}
            error={err('contact_id')}
            data-testid="offer-contact"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select
            label={t('offers.type')}
            required
            name="offer_type_id"
            data={typeOptions(types.data, i18n.language, { activeOnly: true, keep: values.offer_type_id })}
            value={values.offer_type_id}
            onChange={(offer_type_id) => onChange({ offer_type_id })}
            error={err('offer_type_id')}
            data-testid="offer-type"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('offers.offerTitle')} required name="title" maxLength={200} value={values.title} onChange={(e) => onChange({ title: e.currentTarget.value })} error={err('title')} data-testid="offer-title-input" />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput type="date" label={t('offers.offeredOn')} name="offered_on" value={values.offered_on} onChange={(e) => onChange({ offered_on: e.currentTarget.value })} error={err('offered_on')} data-testid="offer-offered-on" />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput
            type="date"
            label={t('offers.validUntil')}
            description={creating ? t('offers.validUntilHint') : undefined}
            name="valid_until"
            value={values.valid_until}
            onChange={(e) => onChange({ valid_until: e.currentTarget.value })}
            error={err('valid_until')}
            data-testid="offer-valid-until"
          />
        </Grid.Col>
      </Grid>
      <Title order={4}>{t('offers.lines.title')}</Title>
      <LinesEditor lines={values.lines} errors={errors} onChange={(lines) => onChange({ lines })} />
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <RemoteSelect
            kind="activities"
            scope={values.account_id ?? undefined}
            label={t('offers.activity')}
            description={t('offers.activityHint')}
            clearable
            name="activity_id"
            value={values.activity_id}
            selectedLabel={labels.activity ?? undefined}
            onChange={(activity_id) => onChange({ activity_id })}
            search={activitySearch(values.account_id)}
            disabled={!values.account_id}
            error={err('activity_id')}
            data-testid="offer-activity"
          />
        </Grid.Col>
        <Grid.Col span={12}>
          <Text size="sm" fw={500} mb={4}>
            {t('offers.attachments')}
          </Text>
          <Stack gap="xs" data-testid="offer-attachments">
            {values.attachments.map((a, i) => (
              <Group key={a.key} align="flex-start" gap="xs" wrap="nowrap" data-testid="attachment-row">
                <TextInput aria-label={`${t('offers.attachmentName')} ${i + 1}`} placeholder={t('offers.attachmentName')} maxLength={200} value={a.name} onChange={(e) => setAttachment(i, { name: e.currentTarget.value })} error={err(`attachments.${i}.name`)} w={240} data-testid="attachment-name" />
                <TextInput aria-label={`${t('offers.attachmentUrl')} ${i + 1}`} placeholder="https://" type="url" maxLength={2000} value={a.url} onChange={(e) => setAttachment(i, { url: e.currentTarget.value })} error={err(`attachments.${i}.url`)} style={{ flex: 1 }} data-testid="attachment-url" />
                <ActionIcon variant="subtle" color="red" mt={4} aria-label={t('offers.removeAttachment', { n: i + 1 })} onClick={() => onChange({ attachments: values.attachments.filter((_, j) => j !== i) })}>
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button variant="light" size="xs" onClick={() => onChange({ attachments: [...values.attachments, newAttachment()] })} data-testid="attachment-add">
                {t('offers.addAttachment')}
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={12}>
          <Textarea label={t('offers.description')} name="description" autosize minRows={3} value={values.description} onChange={(e) => onChange({ description: e.currentTarget.value })} error={err('description')} data-testid="offer-description" />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
