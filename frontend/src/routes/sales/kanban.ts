/** The kanban's columns: one per stage of the type's current template, cards paged per column. */
import { sumMoney } from '../../lib/money';

export interface CardLike {
  id: string;
  estimated_value?: string | null;
}

export interface ColumnLike<C extends CardLike> {
  key: string;
  /** All open projects in the stage (the server counts; cards are paged). */
  count?: number | null;
  /** Sum of their estimated values, exact decimal (server side), when the API gives it. */
  value_sum?: string | null;
  cards: C[];
  next_cursor?: string | null;
}

export interface ColumnView<C extends CardLike> {
  key: string;
  cards: C[];
  count: number;
  valueSum: string;
  /** The sum covers every card in the stage, not only the loaded ones. */
  sumIsComplete: boolean;
  nextCursor: string | null;
}

/**
 * A column as the board shows it: its first page plus the pages "show more" loaded (a card
 * already shown is not repeated), the server's count and value sum, or the loaded cards' own.
 */
export function columnView<C extends CardLike>(column: ColumnLike<C>, more: readonly { cards: C[]; next_cursor?: string | null }[] = []): ColumnView<C> {
  const seen = new Set<string>();
  const cards: C[] = [];
  for (const card of [...column.cards, ...more.flatMap((p) => p.cards)]) {
    if (seen.has(card.id)) continue;
    seen.add(card.id);
    cards.push(card);
  }
  const last = more.length > 0 ? more[more.length - 1]! : column;
  const nextCursor = last.next_cursor ?? null;
  const count = column.count ?? cards.length;
  const serverSum = column.value_sum ?? null;
  return {
    key: column.key,
    cards,
    count: Math.max(count, cards.length),
    valueSum: serverSum ?? sumMoney(cards.map((c) => c.estimated_value)),
    sumIsComplete: serverSum !== null || nextCursor === null,
    nextCursor,
  };
}

/** A card moves only to the next column: that completes its current stage. */
export function canDrop(fromIndex: number, toIndex: number): boolean {
  return toIndex === fromIndex + 1;
}
