/** The "new request from a call" form's values, checks and API body (kept pure for tests). */
import type { ServiceRequestCreate } from '../../api/sdk';
import { fromHelsinkiLocal } from '../../lib/format';
import { orNull } from '../accounts/options';

export interface CallValues {
  account_id: string | null;
  contact_id: string | null;
  caller_name: string;
  caller_phone: string;
  subject_id: string | null;
  title: string;
  description: string;
  call_back: boolean;
  callback_due_at: string;
  origin: string;
}

export const emptyCall: CallValues = {
  account_id: null,
  contact_id: null,
  caller_name: '',
  caller_phone: '',
  subject_id: null,
  title: '',
  description: '',
  call_back: false,
  callback_due_at: '',
  origin: 'phone_call',
};

/** Digits with an optional leading +, spaces, dashes and brackets; the server normalises to E.164. */
const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

export type CallErrorKey = 'title' | 'subject_id' | 'caller' | 'caller_phone' | 'callback_due_at';

/**
 * What must be there before the call is saved: a title and a subject; who called (a contact, or
 * the caller's name or phone); a phone to call back to when the customer asked for a call-back.
 * Returns message keys by field.
 */
export function validateCall(v: CallValues): Partial<Record<CallErrorKey, string>> {
  const errors: Partial<Record<CallErrorKey, string>> = {};
  if (!v.title.trim()) errors.title = 'service.required';
  if (!v.subject_id) errors.subject_id = 'service.required';
  const phone = v.caller_phone.trim();
  if (!v.contact_id && !v.caller_name.trim() && !phone) errors.caller = 'service.callerOrContact';
  if (phone && !PHONE.test(phone)) errors.caller_phone = 'service.invalidPhone';
  if (v.call_back && !v.contact_id && !phone) errors.caller_phone = 'service.callbackNeedsPhone';
  if (v.call_back && v.callback_due_at && !fromHelsinkiLocal(v.callback_due_at)) errors.callback_due_at = 'service.callbackDueRequired';
  return errors;
}

/** The create body: an empty customer is left out (the server uses the general customer). */
export function callBody(v: CallValues): ServiceRequestCreate {
  const due = v.call_back ? fromHelsinkiLocal(v.callback_due_at) : null;
  return {
    title: v.title.trim(),
    subject_id: v.subject_id ?? '',
    origin: v.origin as ServiceRequestCreate['origin'],
    request_type: v.call_back ? 'callback' : 'general',
    ...(v.account_id ? { account_id: v.account_id } : {}),
    ...(v.contact_id ? { contact_id: v.contact_id } : {}),
    ...(orNull(v.caller_name) ? { caller_name: orNull(v.caller_name) } : {}),
    ...(orNull(v.caller_phone) ? { caller_phone: orNull(v.caller_phone) } : {}),
    ...(orNull(v.description) ? { description: orNull(v.description) } : {}),
    ...(due ? { callback_due_at: due } : {}),
  };
}
