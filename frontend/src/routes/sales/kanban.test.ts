import { describe, expect, it } from 'vitest';
import { canDrop, columnView } from './kanban';

const card = (id: string, value: string | null = null) => ({ id, estimated_value: value });

describe('kanban columns', () => {
  it('counts every project in the stage, not only the loaded cards, and sums exactly', () => {
    const column = { key: 'offer', count: 7, value_sum: '100000.30', cards: [card('a', '0.10'), card('b', '0.20')], next_cursor: 'c1' };
    const first = columnView(column);
    expect(first.count).toBe(7);
    expect(first.cards.map((c) => c.id)).toEqual(['a', 'b']);
    expect(first.valueSum).toBe('100000.30');
    expect(first.sumIsComplete).toBe(true);
    expect(first.nextCursor).toBe('c1');

    // "Show more" appends the next page once; a card that moved meanwhile is not shown twice.
    const more = columnView(column, [{ cards: [card('b', '0.20'), card('c', '5')], next_cursor: null }]);
    expect(more.cards.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(more.nextCursor).toBeNull();
    expect(more.count).toBe(7);
  });

  it('falls back to the loaded cards when the API gives no totals', () => {
    const partial = columnView({ key: 'offer', cards: [card('a', '0.10'), card('b', '0.20'), card('c')], next_cursor: 'x' });
    expect(partial.count).toBe(3);
    expect(partial.valueSum).toBe('0.30');
    expect(partial.sumIsComplete).toBe(false);
    const empty = columnView({ key: 'build', count: 0, value_sum: '0.00', cards: [] });
    expect(empty.count).toBe(0);
    expect(empty.valueSum).toBe('0.00');
  });

  it('lets a card move only to the next column', () => {
    expect(canDrop(0, 1)).toBe(true);
    expect(canDrop(0, 2)).toBe(false);
    expect(canDrop(1, 0)).toBe(false);
    expect(canDrop(1, 1)).toBe(false);
  });
});
