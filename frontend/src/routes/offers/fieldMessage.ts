import type { TFunction } from 'i18next';

/** A field's error: a translation key from the form's own checks, or the server's message as
 * it is (a 422's `msg`, already in words). */
export function fieldMessage(t: TFunction, value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.startsWith('offers.') ? t(value) : value;
}
