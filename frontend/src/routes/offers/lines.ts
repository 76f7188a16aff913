/**
 * The lines of an offer or an order as a user types them, and the exact arithmetic the server
 * does: a line is quantity × unit price × (1 − discount/100), rounded once, half up, to the
 * cent; the total is the sum of the rounded lines. Everything is whole numbers (BigInt):
 * quantities in thousandths, prices in cents, discounts in hundredths of a per cent.
 */
import { centsToDecimal, InvalidMoney, moneyInput, parseMoney, toCents } from '../../lib/money';

export interface LineDraft {
  /** A stable key for React while lines are added and removed. */
  key: string;
  product_id: string | null;
  /** The product's label in the picker (code and name). */
  product_label?: string;
  name: string;
  unit: string;
  /** As typed: "2,5". */
  quantity: string;
  /** As typed: "1 250,00". */
  unit_price: string;
  /** As typed: "10" or "12,5". */
  discount_percent: string;
}

let serial = 0;
export function newLine(patch: Partial<LineDraft> = {}): LineDraft {
  serial += 1;
  return { key: `line-${serial}`, product_id: null, name: '', unit: '', quantity: '1', unit_price: '', discount_percent: '', ...patch };
}

export class InvalidNumber extends Error {}

/** "2,5" / "1 000,125" → the decimal string ("2.5", "1000.125"), at most `places` decimals. */
export function parseDecimal(input: string, places: number): string | null {
  const text = input.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (text === '') return null;
  if (!new RegExp(`^\\d+(\\.\\d{1,${places}})?$`).test(text)) throw new InvalidNumber(input);
  return text.replace(/^0+(?=\d)/, '');
}

/** A decimal string as whole units of 10^-places ("2.5", 3 → 2500n). */
function scaled(value: string, places: number): bigint {
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole!) * 10n ** BigInt(places) + BigInt((fraction + '0'.repeat(places)).slice(0, places) || '0');
}

/** The line's total in cents from its decimal strings (the server's rule, exactly). */
export function lineTotalCents(quantity: string, unitPrice: string, discountPercent: string): bigint {
  const q = scaled(quantity, 3);
  const p = toCents(unitPrice) ?? 0n;
  const d = scaled(discountPercent || '0', 2);
  const numerator = q * p * (10_000n - d);
  const denominator = 10_000_000n; // 1000 (quantity) × 10000 (discount)
  return (2n * numerator + denominator) / (2n * denominator);
}

export interface ParsedLine {
  quantity: string;
  unit_price: string | null;
  discount_percent: string;
}

/** Field (within the line) → translation key of what is wrong; empty when the line is fine. */
export function lineErrors(line: LineDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  try {
    const q = parseDecimal(line.quantity, 3);
    if (q === null) errors.quantity = 'offers.errors.required';
    else if (scaled(q, 3) === 0n) errors.quantity = 'offers.errors.quantityPositive';
  } catch {
    errors.quantity = 'offers.errors.quantity';
  }
  try {
    const price = parseMoney(line.unit_price);
    if (price === null && !line.product_id) errors.unit_price = 'offers.errors.required';
    if (price !== null && price.startsWith('-')) errors.unit_price = 'offers.errors.price';
  } catch (e) {
    if (e instanceof InvalidMoney) errors.unit_price = 'offers.errors.price';
  }
  try {
    const d = parseDecimal(line.discount_percent, 2);
    if (d !== null && scaled(d, 2) > 10_000n) errors.discount_percent = 'offers.errors.discount';
  } catch {
    errors.discount_percent = 'offers.errors.discount';
  }
  if (!line.product_id && !line.name.trim()) errors.name = 'offers.errors.required';
  return errors;
}

/** The line's parsed numbers, or null while any of them is not valid yet. */
export function parsedLine(line: LineDraft): ParsedLine | null {
  if (Object.keys(lineErrors(line)).length > 0) return null;
  return {
    quantity: parseDecimal(line.quantity, 3)!,
    unit_price: parseMoney(line.unit_price),
    discount_percent: parseDecimal(line.discount_percent, 2) ?? '0',
  };
}

/** The total shown while typing: null for a line that cannot be computed yet. */
export function lineTotal(line: LineDraft): string | null {
  const parsed = parsedLine(line);
  if (!parsed || parsed.unit_price === null) return null;
  return centsToDecimal(lineTotalCents(parsed.quantity, parsed.unit_price, parsed.discount_percent));
}

/** The sum of the lines that can be computed, and whether every line could. */
export function linesTotal(lines: readonly LineDraft[]): { total: string; complete: boolean } {
  let cents = 0n;
  let complete = true;
  for (const line of lines) {
    const value = lineTotal(line);
    if (value === null) complete = false;
    else cents += toCents(value)!;
  }
  return { total: centsToDecimal(cents), complete };
}

/** The API body of a line (call only when `lineErrors` found nothing). */
export function lineBody(line: LineDraft) {
  const parsed = parsedLine(line)!;
  return {
    product_id: line.product_id,
    name: line.name.trim() || null,
    unit: line.unit.trim() || null,
    quantity: parsed.quantity,
    unit_price: parsed.unit_price,
    discount_percent: parsed.discount_percent,
  };
}

/** What the user sees of a saved line, in their language ("2,5", "1250,5"). */
export function draftFromLine(
  line: { product_id?: string | null; product_code?: string | null; name: string; unit?: string | null; quantity: string; unit_price: string; discount_percent: string },
  language: string,
): LineDraft {
  const comma = language !== 'en';
  const number = (value: string) => {
    const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
    return comma ? trimmed.replace('.', ',') : trimmed;
  };
  return newLine({
    product_id: line.product_id ?? null,
    product_label: line.product_id ? [line.product_code, line.name].filter(Boolean).join(' · ') : undefined,
    name: line.name,
    unit: line.unit ?? '',
    quantity: number(line.quantity),
    unit_price: moneyInput(line.unit_price, language),
    discount_percent: line.discount_percent && Number(line.discount_percent) !== 0 ? number(line.discount_percent) : '',
  });
}
