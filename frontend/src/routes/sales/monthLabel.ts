const LOCALES: Record<string, string> = { fi: 'fi-FI', en: 'en-GB', sv: 'sv-FI' };

/** "2026-03" → "maaliskuu 2026" in the user's language. */
export function monthLabel(month: string, language: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(LOCALES[language] ?? language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
}
