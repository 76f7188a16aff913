/** The rules the completion dialog checks before it asks the server to complete a stage. */
import { todayInHelsinki } from '../../lib/format';

export interface CompletionValues {
  completed_on: string;
  note: string;
  next_responsible_id: string | null;
}

/** Errors keyed by field (translation keys): the date is required and never in the future. */
export function completionErrors(values: CompletionValues, today: string = todayInHelsinki()): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.completed_on) errors.completed_on = 'sales.errors.dateRequired';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(values.completed_on)) errors.completed_on = 'sales.errors.dateInvalid';
  // ISO dates compare as strings.
  else if (values.completed_on > today) errors.completed_on = 'sales.errors.futureDate';
  if (values.note.length > 2000) errors.note = 'sales.errors.tooLong';
  return errors;
}
