import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problem';
import { formatDateTime, isValidBusinessId } from './format';

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
