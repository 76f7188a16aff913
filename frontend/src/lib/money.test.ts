import { describe, expect, it } from 'vitest';
import { formatMoney, InvalidMoney, moneyInput, parseMoney, sumMoney, toCents } from './money';

describe('money is exact', () => {
  it('formats decimal strings digit by digit, in each language', () => {
    expect(formatMoney('12345.5', 'fi')).toBe('12\u00a0345,50\u00a0€');
    expect(formatMoney('12345.00', 'fi')).toBe('12\u00a0345\u00a0€');
    expect(formatMoney('12345.00', 'fi', { cents: 'always' })).toBe('12\u00a0345,00\u00a0€');
    expect(formatMoney('1234567.89', 'en')).toBe('€1,234,567.89');
    expect(formatMoney('0.10', 'sv')).toBe('0,10\u00a0€');
    expect(formatMoney('-5.05', 'fi')).toBe('-5,05\u00a0€');
    expect(formatMoney(null, 'fi')).toBe('');
    // Beyond what a double holds exactly: 99 999 999 999 999.99 (Numeric(16,2)).
    expect(formatMoney('99999999999999.99', 'fi')).toBe('99\u00a0999\u00a0999\u00a0999\u00a0999,99\u00a0€');
  });

  it('sums without floating-point drift', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004.
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(Array.from({ length: 10 }, () => '0.10'))).toBe('1.00');
    expect(sumMoney(['99999999999999.99', '0.01', null])).toBe('100000000000000.00');
    expect(sumMoney([])).toBe('0.00');
    expect(toCents('abc')).toBeNull();
  });

  it('reads a Finnish decimal comma, spaces and a euro sign', () => {
    expect(parseMoney('12 345,50')).toBe('12345.50');
    expect(parseMoney('12\u00a0345,5 €')).toBe('12345.50');
    expect(parseMoney('1.234,56')).toBe('1234.56');
    expect(parseMoney('1,234.56')).toBe('1234.56');
    expect(parseMoney('1500')).toBe('1500.00');
    expect(parseMoney('0,1')).toBe('0.10');
    expect(parseMoney('  ')).toBeNull();
    for (const bad of ['12,345', '1,2,3', 'abc', '1.2.3', '12,3456', '1 000,00,0']) {
      expect(() => parseMoney(bad), bad).toThrow(InvalidMoney);
    }
  });

  it('shows a stored amount for editing in the user language', () => {
    expect(moneyInput('12345.50', 'fi')).toBe('12345,50');
    expect(moneyInput('12345.00', 'fi')).toBe('12345');
    expect(moneyInput('12345.50', 'en')).toBe('12345.50');
    expect(moneyInput(null, 'fi')).toBe('');
  });
});
