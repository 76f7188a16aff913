import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrapWithResponse } from '../../api/problem';
import { acceptOffer, closeOffer, reopenOffer, type Offer, type OfferAcceptance } from '../../api/sdk';
import { todayInHelsinki } from '../../lib/format';
import { ActionError } from './ActionError';

export type OfferAction = 'accept' | 'lose' | 'cancel' | 'reopen';

interface Props {
  offer: Offer;
  etag: string | null;
  action: OfferAction | null;
  onClose: () => void;
  /** The saved offer and its new ETag (and the order an acceptance created). */
  onDone: (offer: Offer, etag: string | null, acceptance?: OfferAcceptance) => void;
  onReload: () => void;
}

/** The dialogs of an offer's status changes: accepted (creates the order), lost (with the
 * reason), cancelled, reopened (a lost one, with a new validity when the old has passed). */
export function OfferActionDialog({ offer, etag, action, onClose, onDone, onReload }: Props) {
  const { t } = useTranslation();
  const today = todayInHelsinki();
  const [day, setDay] = useState(today);
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [validUntil, setValidUntil] = useState(offer.valid_until >= today ? offer.valid_until : '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const headers = { 'If-Match': etag ?? '*' };
  const path = { offer_id: offer.id };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if ((action === 'lose' || action === 'reopen') && !reason.trim()) found.reason = t('offers.errors.required');
    if (action === 'reopen' && offer.valid_until < today && !validUntil) found.valid_until = t('offers.errors.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (action === 'accept') {
        const { data, response } = await unwrapWithResponse(
          acceptOffer({ path, headers, body: { ordered_on: day || null, external_reference: reference.trim() || null } }),
        );
        onDone(data.offer, response.headers.get('ETag'), data);
      } else if (action === 'reopen') {
        const { data, response } = await unwrapWithResponse(reopenOffer({ path, headers, body: { reason: reason.trim(), valid_until: validUntil || null } }));
        onDone(data, response.headers.get('ETag'));
      } else {
        const status = action === 'lose' ? 'lost' : 'cancelled';
        const { data, response } = await unwrapWithResponse(
          closeOffer({ path, headers, body: { status, reason: reason.trim() || null, closed_on: day || null } }),
        );
        onDone(data, response.headers.get('ETag'));
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const titles: Record<OfferAction, string> = {
    accept: t('offers.accept.title'),
    lose: t('offers.lose.title'),
    cancel: t('offers.cancelOffer.title'),
    reopen: t('offers.reopen.title'),
  };
  let fields: ReactNode = null;
  if (action === 'accept') {
    fields = (
      <>
        <Text size="sm">{t('offers.accept.info')}</Text>
        <TextInput type="date" label={t('offers.accept.orderedOn')} max={today} min={offer.offered_on} value={day} onChange={(e) => setDay(e.currentTarget.value)} error={errors.ordered_on} data-autofocus data-testid="accept-ordered-on" />
        <TextInput label={t('offers.accept.externalReference')} maxLength={100} value={reference} onChange={(e) => setReference(e.currentTarget.value)} error={errors.external_reference} data-testid="accept-reference" />
      </>
    );
  } else if (action === 'lose' || action === 'cancel') {
    fields = (
      <>
        <Textarea
          label={action === 'lose' ? t('offers.lose.reason') : t('offers.cancelOffer.reason')}
          required={action === 'lose'}
          maxLength={500}
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          data-autofocus
          data-testid="status-reason"
        />
        <TextInput type="date" label={t('offers.statusChange.on')} max={today} value={day} onChange={(e) => setDay(e.currentTarget.value)} error={errors.closed_on} data-testid="status-on" />
      </>
    );
  } else if (action === 'reopen') {
    fields = (
      <>
        <Textarea label={t('offers.reopen.reason')} required maxLength={500} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-autofocus data-testid="status-reason" />
        <TextInput type="date" label={t('offers.reopen.validUntil')} min={today} required={offer.valid_until < today} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} error={errors.valid_until} data-testid="reopen-valid-until" />
      </>
    );
  }
  return (
    <Modal opened={action !== null} onClose={onClose} title={action ? titles[action] : ''} size="md">
      <form onSubmit={submit} noValidate data-testid="offer-action-form">
        <Stack>
          <ActionError error={failure} onReload={onReload} kind="offer" />
          {fields}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="offer-action-confirm">
              {action === 'accept' ? t('offers.accept.confirm') : t('offers.statusChange.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
