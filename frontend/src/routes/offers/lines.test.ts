import { describe, expect, it } from 'vitest';
import { draftFromLine, lineBody, lineErrors, lineTotal, lineTotalCents, linesTotal, newLine, parseDecimal } from './lines';

describe('offer lines', () => {
  it('computes a line as the server does: once, half up, to the cent', () => {
    expect(lineTotalCents('3', '33.33', '0')).toBe(9999n);
    expect(lineTotalCents('2.5', '33.33', '10')).toBe(7499n); // 74.9925
    expect(lineTotalCents('0.333', '0.15', '0')).toBe(5n); // 0.04995 → 0.05
    expect(lineTotalCents('1', '0.01', '50')).toBe(1n); // 0.005 → 0.01
    expect(lineTotalCents('1', '0.01', '50.01')).toBe(0n);
    expect(lineTotalCents('999999999.999', '999.99', '0')).toBe(99998999999900n);
  });

  it('reads quantities, prices and discounts typed the Finnish way', () => {
    expect(parseDecimal('2,5', 3)).toBe('2.5');
    expect(parseDecimal('1 000,125', 3)).toBe('1000.125');
    expect(() => parseDecimal('1,2345', 3)).toThrow();
    const line = newLine({ name: 'Koulutus', quantity: '2,5', unit_price: '1 250,00', discount_percent: '12,5' });
    expect(lineTotal(line)).toBe('2734.38'); // 2734.375 → half up
    expect(lineBody(line)).toEqual({ product_id: null, name: 'Koulutus', unit: null, quantity: '2.5', unit_price: '1250.00', discount_percent: '12.5' });
  });

  it('names what is wrong with a line before anything is sent', () => {
    expect(lineErrors(newLine({ quantity: '0', unit_price: 'abc', discount_percent: '101' }))).toEqual({
      quantity: 'offers.errors.quantityPositive',
      unit_price: 'offers.errors.price',
      discount_percent: 'offers.errors.discount',
      name: 'offers.errors.required',
    });
    // A product line may leave the price to the product's.
    expect(lineErrors(newLine({ product_id: 'p1', quantity: '1' }))).toEqual({});
  });

  it('sums only the lines that can be computed and says when one cannot', () => {
    const lines = [newLine({ name: 'A', quantity: '3', unit_price: '33,33' }), newLine({ name: 'B', quantity: '1', unit_price: '0,01' })];
    expect(linesTotal(lines)).toEqual({ total: '100.00', complete: true });
    expect(linesTotal([...lines, newLine({ name: 'C', unit_price: '' })])).toEqual({ total: '100.00', complete: false });
  });

  it('shows a saved line in the user’s language', () => {
    const saved = { product_id: 'p1', product_code: 'EDU-TS', name: 'Tulityö', unit: 'hlö', quantity: '2.500', unit_price: '1250.50', discount_percent: '0.00' };
    expect(draftFromLine(saved, 'fi')).toMatchObject({ quantity: '2,5', unit_price: '1250,50', discount_percent: '', product_label: 'EDU-TS · Tulityö' });
    expect(draftFromLine(saved, 'en')).toMatchObject({ quantity: '2.5', unit_price: '1250.50' });
  });
});
