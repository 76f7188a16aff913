/** Dates are stored in UTC and shown in Europe/Helsinki in the user's language. */
const TIME_ZONE = 'Europe/Helsinki';

const LOCALES: Record<string, string> = { fi: 'fi-FI', en: 'en-GB', sv: 'sv-FI' };

/** Helsinki wall-clock time of `ms` read as if it were UTC (for computing the zone offset). */
function helsinkiWallMs(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

/** The UTC instant of a Helsinki wall-clock time given as epoch-ms-as-if-UTC. */
function helsinkiInstant(wall: number): number {
  let instant = wall;
  // Two rounds settle the offset also when the guess falls on the other side of a DST change.
  for (let i = 0; i < 2; i++) instant = wall - (helsinkiWallMs(instant) - instant);
  return instant;
}

/** The last second of a calendar day (YYYY-MM-DD) in Helsinki, as an ISO timestamp in UTC. */
export function endOfDayInHelsinki(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(helsinkiInstant(Date.UTC(y, m - 1, d, 23, 59, 59))).toISOString();
}

/** A `datetime-local` value ("2026-03-01T14:30") read as Helsinki time → ISO in UTC; '' → null. */
export function fromHelsinkiLocal(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  return new Date(helsinkiInstant(Date.UTC(y, mo - 1, d, h, mi, 0))).toISOString();
}

/** An ISO timestamp as a Helsinki `datetime-local` value ("2026-03-01T14:30"); null → ''. */
export function toHelsinkiLocal(value: string | null | undefined): string {
  if (!value) return '';
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) return '';
  return new Date(helsinkiWallMs(ms)).toISOString().slice(0, 16);
}

/** Now plus `hours`, as a Helsinki `datetime-local` value (a default for due times). */
export function helsinkiLocalIn(hours: number, now: Date = new Date()): string {
  return toHelsinkiLocal(new Date(now.getTime() + hours * 3_600_000).toISOString());
}

export function formatDate(value: string | null | undefined, language: string): string {
  if (!value) return '';
  // Plain dates (YYYY-MM-DD) are calendar days: show them as they are, without a zone shift.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(LOCALES[language] ?? language, { dateStyle: 'short', timeZone: TIME_ZONE }).format(date);
}

/** Today's date (YYYY-MM-DD) in Helsinki. */
export function todayInHelsinki(now: Date = new Date()): string {
  return new Date(helsinkiWallMs(now.getTime())).toISOString().slice(0, 10);
}

export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(LOCALES[language] ?? language, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(date);
}

/** Finnish business ID (Y-tunnus) check: 7 digits, a dash, and a mod-11 check digit. */
export function isValidBusinessId(value: string): boolean {
  const m = /^(\d{7})-(\d)$/.exec(value.trim());
  if (!m) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2];
  const sum = [...m[1]!].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  const r = sum % 11;
  if (r === 1) return false;
  return Number(m[2]) === (r === 0 ? 0 : 11 - r);
}

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/** Date and time without words between them ("23.11.2026 18.23"), for crowded tables. */
export function formatDateTimeCompact(value: string | null | undefined, language: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const locale = LOCALES[language] ?? language;
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone: TIME_ZONE }).format(date);
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: TIME_ZONE }).format(date);
  return `${day} ${time}`;
}
