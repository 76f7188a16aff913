/** The offer form's values, their checks and the API bodies made from them. Error keys follow
 * the server's field paths ("lines.2.unit_price", "attachments.0.url"), so a 422 from the
 * server lands on the same inputs as the checks made here. */
import type { Offer } from '../../api/sdk';
import { draftFromLine, lineBody, lineErrors, newLine, type LineDraft } from './lines';

export interface AttachmentDraft {
  key: string;
  name: string;
  url: string;
}

export interface OfferValues {
  account_id: string | null;
  contact_id: string | null;
  offer_type_id: string | null;
  title: string;
  description: string;
  offered_on: string;
  valid_until: string;
  activity_id: string | null;
  lines: LineDraft[];
  attachments: AttachmentDraft[];
}

export function emptyOffer(accountId: string | null = null): OfferValues {
  return {
    account_id: accountId,
    contact_id: null,
    offer_type_id: null,
    title: '',
    description: '',
    offered_on: '',
    valid_until: '',
    activity_id: null,
    lines: [newLine()],
    attachments: [],
  };
}

let serial = 0;
export function newAttachment(patch: Partial<AttachmentDraft> = {}): AttachmentDraft {
  serial += 1;
  return { key: `att-${serial}`, name: '', url: '', ...patch };
}

/** Field path → translation key of what is wrong (the server checks again). */
export function offerErrors(values: OfferValues, { creating }: { creating: boolean }): Record<string, string> {
  const errors: Record<string, string> = {};
  if (creating && !values.account_id) errors.account_id = 'offers.errors.required';
  if (!values.offer_type_id) errors.offer_type_id = 'offers.errors.required';
  if (!values.title.trim()) errors.title = 'offers.errors.required';
  if (values.lines.length === 0) errors.lines = 'offers.errors.lines';
  values.lines.forEach((line, i) => {
    for (const [field, key] of Object.entries(lineErrors(line))) errors[`lines.${i}.${field}`] = key;
  });
  values.attachments.forEach((a, i) => {
    if (!a.name.trim()) errors[`attachments.${i}.name`] = 'offers.errors.required';
    if (!/^https:\/\/[^\s/]+/.test(a.url.trim())) errors[`attachments.${i}.url`] = 'offers.errors.url';
  });
  return errors;
}

export function hasLineErrors(errors: Record<string, string>): boolean {
  return Object.keys(errors).some((k) => k.startsWith('lines.'));
}

function common(values: OfferValues) {
  return {
    offer_type_id: values.offer_type_id!,
    title: values.title.trim(),
    description: values.description.trim() || null,
    contact_id: values.contact_id,
    activity_id: values.activity_id,
    lines: values.lines.map(lineBody),
    attachments: values.attachments.map((a) => ({ name: a.name.trim(), url: a.url.trim() })),
  };
}

export function toCreateBody(values: OfferValues) {
  return {
    account_id: values.account_id!,
    ...common(values),
    ...(values.offered_on ? { offered_on: values.offered_on } : {}),
    ...(values.valid_until ? { valid_until: values.valid_until } : {}),
  };
}

export function valuesFromOffer(offer: Offer, language: string): OfferValues {
  return {
    account_id: offer.account_id,
    contact_id: offer.contact_id,
    offer_type_id: offer.offer_type_id,
    title: offer.title,
    description: offer.description ?? '',
    offered_on: offer.offered_on,
    valid_until: offer.valid_until,
    activity_id: offer.activity_id,
    lines: offer.lines.map((line) => draftFromLine(line, language)),
    attachments: offer.attachments.map((a) => newAttachment(a)),
  };
}

/** Only what changed, for a PATCH with If-Match (lines and attachments go whole). */
export function changedOfferFields(before: OfferValues, after: OfferValues): Record<string, unknown> {
  const a: Record<string, unknown> = { ...common(before), offered_on: before.offered_on, valid_until: before.valid_until };
  const b: Record<string, unknown> = { ...common(after), offered_on: after.offered_on, valid_until: after.valid_until };
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(b)) if (JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null)) patch[key] = b[key];
  if (patch.offered_on === '') delete patch.offered_on;
  if (patch.valid_until === '') delete patch.valid_until;
  return patch;
}
