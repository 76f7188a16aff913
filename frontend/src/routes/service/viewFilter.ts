/** Filters (the shared filter AST) the queue screen builds around a saved view or a queue. */
export type FilterNode = Record<string, unknown>;

export function queueFilter(queueId: string): FilterNode {
  return {
    all: [
      { field: 'queue_id', op: 'eq', value: queueId },
      { field: 'state', op: 'eq', value: 'open' },
    ],
  };
}

/** The view's filter narrowed by the screen's own status and text filters. */
export function narrowed(base: FilterNode, statuses: readonly string[], text: string): FilterNode {
  const extra: FilterNode[] = [];
  if (statuses.length > 0) extra.push({ field: 'status_reason', op: 'in', value: [...statuses] });
  const q = text.trim();
  if (q) {
    extra.push({
      any: [
        { field: 'number', op: 'contains', value: q },
        { field: 'title', op: 'contains', value: q },
        { field: 'caller_name', op: 'contains', value: q },
      ],
    });
  }
  if (extra.length === 0) return base;
  return { all: [base, ...extra] };
}
