/** The stage-template editor's state: an ordered list of stages an admin edits before saving. */

export interface ResponsibleRow {
  region: string;
  user_id: string | null;
  team_id: string | null;
}

export interface StageDraft {
  /** Local id for React keys and drag and drop (not sent). */
  uid: string;
  key: string;
  name: string;
  name_en: string;
  name_sv: string;
  default_duration_days: number;
  is_customer_service: boolean;
  checklist: string[];
  responsibles: ResponsibleRow[];
  /** A new stage's key follows its Finnish name until the admin edits the key. */
  autoKey: boolean;
}

let counter = 0;
export function newUid(): string {
  counter += 1;
  return `stage-${counter}`;
}

/** Moves the stage at `from` to index `to` (clamped); the others keep their relative order. */
export function moveStage<T>(stages: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= stages.length) return [...stages];
  const target = Math.max(0, Math.min(stages.length - 1, to));
  if (target === from) return [...stages];
  const next = [...stages];
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved!);
  return next;
}

/** "Lähetä sopimus" → "laheta_sopimus": a stable key from a name (ASCII, snake_case). */
export function keyFromName(name: string): string {
  const ascii = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50);
  if (!ascii) return '';
  return /^[a-z]/.test(ascii) ? ascii : `s_${ascii}`.slice(0, 50);
}

/** A key not used by any other stage: "x", "x_2", "x_3", … */
export function uniqueKey(base: string, taken: readonly string[]): string {
  const root = base || 'stage';
  if (!taken.includes(root)) return root;
  for (let i = 2; ; i++) {
    const candidate = `${root.slice(0, 46)}_${i}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

export function emptyStage(taken: readonly string[]): StageDraft {
  return {
    uid: newUid(),
    key: uniqueKey('stage', taken),
    name: '',
    name_en: '',
    name_sv: '',
    default_duration_days: 5,
    is_customer_service: false,
    checklist: [],
    responsibles: [{ region: '*', user_id: null, team_id: null }],
    autoKey: true,
  };
}

/** Problems the editor shows before saving (translation keys by "index.field"). */
export function draftErrors(stages: readonly StageDraft[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (stages.length === 0) errors._ = 'projectTypes.errors.noStages';
  const keys = new Map<string, number>();
  stages.forEach((s, i) => {
    if (!s.name.trim()) errors[`${i}.name`] = 'projectTypes.errors.nameRequired';
    if (!/^[a-z][a-z0-9_]{1,49}$/.test(s.key)) errors[`${i}.key`] = 'projectTypes.errors.keyInvalid';
    else if (keys.has(s.key)) errors[`${i}.key`] = 'projectTypes.errors.keyTaken';
    keys.set(s.key, i);
    if (!Number.isInteger(s.default_duration_days) || s.default_duration_days < 0) errors[`${i}.default_duration_days`] = 'projectTypes.errors.duration';
    const regions = s.responsibles.map((r) => r.region.trim().toLowerCase());
    s.responsibles.forEach((r, j) => {
      if (!r.region.trim()) errors[`${i}.responsibles.${j}`] = 'projectTypes.errors.regionRequired';
      else if (regions.indexOf(r.region.trim().toLowerCase()) !== j) errors[`${i}.responsibles.${j}`] = 'projectTypes.errors.regionTwice';
    });
  });
  return errors;
}
