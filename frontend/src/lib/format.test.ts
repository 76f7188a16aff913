import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problem';
import { endOfDayInHelsinki, formatDate, formatDateTime, formatDateTimeCompact, fromHelsinkiLocal, isValidBusinessId, todayInHelsinki, toHelsinkiLocal } from './format';

describe('business ID check digit', () => {
  it.each([
    ['0112038-9', true],
    ['1572860-0', true],
    ['0112038-8', false],
    ['112038-9', false],
    ['01120389', false],
  ])('%s valid=%s', (value, valid) => {
    expect(isValidBusinessId(value)).toBe(valid);
  });
});

describe('dates', () => {
  it('shows UTC timestamps in Helsinki time in the user language', () => {
    // 21:30 UTC on 31 Dec is already 1 Jan in Helsinki (UTC+2 in winter).
    expect(formatDateTime('2025-12-31T22:30:00Z', 'fi')).toContain('1.1.2026');
    expect(formatDateTime('2025-06-01T09:00:00Z', 'en')).toContain('12:00');
    expect(formatDateTime(null, 'fi')).toBe('');
  });

  it('ends a chosen day at 23:59:59 Helsinki time, summer and winter', () => {
    expect(endOfDayInHelsinki('2027-06-30')).toBe('2027-06-30T20:59:59.000Z');
    expect(endOfDayInHelsinki('2026-12-31')).toBe('2026-12-31T21:59:59.000Z');
    // The day DST starts (clocks go forward at 03:00) ends in summer time.
    expect(endOfDayInHelsinki('2026-03-29')).toBe('2026-03-29T20:59:59.000Z');
    expect(formatDateTime(endOfDayInHelsinki('2027-06-30'), 'fi')).toContain('30.6.2027');
    expect(todayInHelsinki(new Date('2025-12-31T22:30:00Z'))).toBe('2026-01-01');
  });
});

describe('datetime-local fields in Helsinki time', () => {
  it('reads and writes wall-clock Helsinki time, summer and winter, and leaves plain dates alone', () => {
    expect(fromHelsinkiLocal('2026-06-19T14:00')).toBe('2026-06-19T11:00:00.000Z');
    expect(fromHelsinkiLocal('2026-12-06T09:30')).toBe('2026-12-06T07:30:00.000Z');
    expect(fromHelsinkiLocal('')).toBeNull();
    expect(toHelsinkiLocal('2026-06-19T11:00:00Z')).toBe('2026-06-19T14:00');
    expect(toHelsinkiLocal(null)).toBe('');
    expect(formatDate('2026-12-06', 'fi')).toBe('6.12.2026');
    expect(formatDateTimeCompact('2026-12-06T07:30:00Z', 'fi')).toBe('6.12.2026 9.30');
  });
});

describe('problem details', () => {
  it('maps validation errors to field names, nested paths kept', () => {
    const error = new ApiError(422, {
      status: 422,
      errors: [
        { loc: ['body', 'business_id'], msg: 'Invalid business ID' },
        { loc: ['body', 'visiting_address', 'city'], msg: 'Required' },
      ],
    });
    expect(error.fieldErrors()).toEqual({ business_id: 'Invalid business ID', 'visiting_address.city': 'Required' });
  });
});
