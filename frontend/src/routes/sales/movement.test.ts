import { describe, expect, it } from 'vitest';
import { changeTone, formatChange, previousMonth } from './movement';

describe('movement report change colouring', () => {
  it('reads a rise of open, new, progressed and won projects as good news', () => {
    for (const figure of ['open_at_end', 'new', 'progressed', 'won'] as const) {
      expect(changeTone(figure, 3), figure).toBe('good');
      expect(changeTone(figure, -1), figure).toBe('bad');
    }
  });

  it('reads a rise of stalled and lost projects as bad news', () => {
    expect(changeTone('not_progressed', 2)).toBe('bad');
    expect(changeTone('not_progressed', -2)).toBe('good');
    expect(changeTone('lost', 1)).toBe('bad');
    expect(changeTone('lost', -1)).toBe('good');
    expect(changeTone('cancelled', 1)).toBe('bad');
  });

  it('leaves no change uncoloured', () => {
    expect(changeTone('new', 0)).toBe('neutral');
    expect(changeTone('lost', null)).toBe('neutral');
  });

  it('signs the change and steps back a month across the year', () => {
    expect(formatChange(3)).toBe('+3');
    expect(formatChange(-2)).toBe('\u22122');
    expect(formatChange(0)).toBe('0');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
  });
});
