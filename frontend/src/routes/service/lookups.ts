/** Subjects (a small admin-managed tree) and queues, cached for pickers and labels. */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/problem';
import { getContact, listQueues, listSubjects, type Queue, type Subject } from '../../api/sdk';

const STALE_MS = 5 * 60_000;

export const subjectsQueryKey = ['subjects', 'all'] as const;
export const queuesQueryKey = ['queues', 'all'] as const;

async function allPages<T>(fetch: (cursor: string | null) => Promise<{ items: T[]; next_cursor?: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  // The lists are small (tens of rows); the loop stops at a few pages in any case.
  for (let i = 0; i < 10; i++) {
    const page = await fetch(cursor);
    items.push(...page.items);
    cursor = page.next_cursor ?? null;
    if (!cursor) break;
  }
  return items;
}

export function useSubjects() {
  return useQuery({
    queryKey: subjectsQueryKey,
    queryFn: () =>
      allPages((cursor) => unwrap(listSubjects({ query: { limit: 200, sort: 'sort_order', ...(cursor ? { cursor } : {}) } }))),
    staleTime: STALE_MS,
  });
}

/**
 * Queues with their open counts: fresher than the directories, since counts change.
 * `enabled: false` reads only what is already cached.
 */
export function useQueues({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queuesQueryKey,
    queryFn: () => allPages((cursor) => unwrap(listQueues({ query: { limit: 200, sort: 'name', ...(cursor ? { cursor } : {}) } }))),
    staleTime: 30_000,
    enabled,
  });
}

export function subjectName(s: Pick<Subject, 'name' | 'name_en'>, language: string): string {
  return language === 'en' && s.name_en ? s.name_en : s.name;
}

export interface SubjectNode {
  subject: Subject;
  depth: number;
  path: string;
}

/** The tree in display order (parents before children, siblings by sort order then name). */
export function flattenSubjects(subjects: Subject[], language: string): SubjectNode[] {
  const children = new Map<string | null, Subject[]>();
  const ids = new Set(subjects.map((s) => s.id));
  for (const s of subjects) {
    const parent = s.parent_id && ids.has(s.parent_id) ? s.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  for (const list of children.values())
    list.sort((a, b) => a.sort_order - b.sort_order || subjectName(a, language).localeCompare(subjectName(b, language)));
  const out: SubjectNode[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number, prefix: string) => {
    for (const s of children.get(parent) ?? []) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      const path = prefix ? `${prefix} › ${subjectName(s, language)}` : subjectName(s, language);
      out.push({ subject: s, depth, path });
      walk(s.id, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return out;
}

/**
 * Options for the subject picker: every active subject labelled with its path ("Laskutus ›
 * Laskun selvitys"), so typing either part finds it; `keep` stays listed even when inactive.
 */
export function subjectOptions(subjects: Subject[] | undefined, language: string, keep?: string | null) {
  return flattenSubjects(subjects ?? [], language)
    .filter((n) => n.subject.is_active || n.subject.id === keep)
    .map((n) => ({ value: n.subject.id, label: n.path }));
}

export function queueOptions(queues: Queue[] | undefined) {
  return (queues ?? []).filter((q) => q.is_active).map((q) => ({ value: q.id, label: q.name }));
}

export function useContactName(id: string | null) {
  const contact = useQuery({
    queryKey: ['contacts', id, 'name'],
    queryFn: () => unwrap(getContact({ path: { contact_id: id! } })),
    enabled: !!id,
    staleTime: STALE_MS,
  });
  return contact.data ? `${contact.data.first_name} ${contact.data.last_name}` : undefined;
}
