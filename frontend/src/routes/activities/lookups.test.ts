import { describe, expect, it } from 'vitest';
import { addDays, helsinkiDay, helsinkiMidnight, mondayOf, viewDays } from './lookups';

describe('calendar days', () => {
  it('starts weeks on Monday and covers a month with whole weeks', () => {
    expect(mondayOf('2026-03-08')).toBe('2026-03-02'); // a Sunday
    expect(viewDays('week', '2026-03-04')).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    const march = viewDays('month', '2026-03-15');
    expect(march[0]).toBe('2026-02-23');
    expect(march.at(-1)).toBe('2026-04-05');
    expect(march.length % 7).toBe(0);
    expect(march.length).toBeLessThanOrEqual(42); // within the API's 62-day window
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('reads days and midnights in Helsinki time across the DST change', () => {
    expect(helsinkiMidnight('2026-03-02')).toBe('2026-03-01T22:00:00.000Z');
    expect(helsinkiMidnight('2026-04-01')).toBe('2026-03-31T21:00:00.000Z');
    expect(helsinkiDay('2026-03-01T22:30:00Z')).toBe('2026-03-02');
  });
});
