/**
 * Keyset paging: the API returns an opaque `next_cursor`, so "previous" is implemented by
 * remembering the cursors of the pages already visited.
 */
import { useCallback, useState } from 'react';

export interface CursorStack {
  /** Cursors of the pages before the current one; the first page has cursor null. */
  readonly previous: (string | null)[];
  readonly current: string | null;
}

export const initialStack: CursorStack = { previous: [], current: null };

export function nextPage(stack: CursorStack, nextCursor: string | null | undefined): CursorStack {
  if (!nextCursor) return stack;
  return { previous: [...stack.previous, stack.current], current: nextCursor };
}

export function previousPage(stack: CursorStack): CursorStack {
  if (stack.previous.length === 0) return stack;
  return {
    previous: stack.previous.slice(0, -1),
    current: stack.previous[stack.previous.length - 1] ?? null,
  };
}

export function useCursorPager() {
  const [stack, setStack] = useState<CursorStack>(initialStack);
  return {
    cursor: stack.current,
    pageNumber: stack.previous.length + 1,
    hasPrevious: stack.previous.length > 0,
    next: useCallback((c: string | null | undefined) => setStack((s) => nextPage(s, c)), []),
    previous: useCallback(() => setStack((s) => previousPage(s)), []),
    reset: useCallback(() => setStack(initialStack), []),
  };
}
