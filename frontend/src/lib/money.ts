/**
 * Euro amounts are exact decimals: the API sends them as strings ("12345.50") and takes them
 * as strings. Nothing here goes through floating point: amounts are parsed into integer cents
 * (BigInt), summed as such and formatted digit by digit.
 */

const SEPARATORS: Record<string, { group: string; decimal: string; prefix: boolean }> = {
  fi: { group: '\u00a0', decimal: ',', prefix: false },
  sv: { group: '\u00a0', decimal: ',', prefix: false },
  en: { group: ',', decimal: '.', prefix: true },
};

/** "12345.5" / 12345.5 → 1234550n cents; null for anything that is not a plain decimal. */
export function toCents(value: string | number | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(2) : '') : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const [, sign, whole, fraction = ''] = m;
  // More than two decimals: round half away from zero, as the API's Numeric(14, 2) would.
  let cents = BigInt(whole!) * 100n + BigInt((fraction + '00').slice(0, 2));
  if (fraction.length > 2 && Number(fraction[2]) >= 5) cents += 1n;
  return sign === '-' ? -cents : cents;
}

/** 1234550n → "12345.50" (the API's form). */
export function centsToDecimal(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole.toString()}.${fraction}`;
}

/** Exact sum of decimal strings (nulls and unparseable values count as zero). */
export function sumMoney(values: readonly (string | number | null | undefined)[]): string {
  return centsToDecimal(values.reduce<bigint>((acc, v) => acc + (toCents(v) ?? 0n), 0n));
}

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * "12345.5" → "12 345,50 €" (fi, sv) or "€12,345.50" (en). Cents are shown only when there
 * are any, unless `cents` is "always"; '' for no value.
 */
export function formatMoney(
  value: string | number | null | undefined,
  language: string,
  { cents: showCents = 'auto' }: { cents?: 'auto' | 'always' } = {},
): string {
  const amount = toCents(value);
  if (amount === null) return '';
  const sep = SEPARATORS[language] ?? SEPARATORS.fi!;
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = group((abs / 100n).toString(), sep.group);
  const fraction = abs % 100n;
  const decimals = showCents === 'always' || fraction !== 0n ? `${sep.decimal}${fraction.toString().padStart(2, '0')}` : '';
  const number = `${negative ? '-' : ''}${whole}${decimals}`;
  return sep.prefix ? `€${number}` : `${number}\u00a0€`;
}

/**
 * What a user typed into a euro field → the API's decimal string, or null when empty.
 * Accepts a Finnish decimal comma, spaces (also no-break) or dots as thousands separators
 * where unambiguous, and a trailing "€". Throws `InvalidMoney` for anything else.
 */
export class InvalidMoney extends Error {}

export function parseMoney(input: string): string | null {
  let text = input.replace(/[\s\u00a0\u202f]/g, '').replace(/€$/, '').replace(/^€/, '');
  if (text === '') return null;
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  const commas = (text.match(/,/g) ?? []).length;
  const dots = (text.match(/\./g) ?? []).length;
  if (commas > 0 && dots > 0) {
    // "12.345,50" (Finnish thousands dots) or "12,345.50" (English thousands commas).
    const decimalMark = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
    const groupMark = decimalMark === ',' ? '.' : ',';
    if (!new RegExp(`^\\d{1,3}(\\${groupMark}\\d{3})*\\${decimalMark}\\d+$`).test(text)) throw new InvalidMoney(input);
    text = text.split(groupMark).join('').replace(decimalMark, '.');
  } else if (commas === 1) {
    text = text.replace(',', '.');
  } else if (commas > 1 || dots > 1) {
    throw new InvalidMoney(input);
  }
  if (!/^\d+(\.\d{1,2})?$/.test(text)) throw new InvalidMoney(input);
  const cents = toCents(text)!;
  return centsToDecimal(negative ? -cents : cents);
}

/** The decimal string as a user edits it in their language ("12345,50" in Finnish). */
export function moneyInput(value: string | null | undefined, language: string): string {
  const cents = toCents(value);
  if (cents === null) return '';
  const text = centsToDecimal(cents).replace(/\.00$/, '');
  return (SEPARATORS[language] ?? SEPARATORS.fi!).decimal === ',' ? text.replace('.', ',') : text;
}
