import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Classification, Me } from '../../api/sdk';
import { tokens } from '../../api/tokens';
import { changeLanguage } from '../../i18n';
import { installFakeApi, json, type Recorded } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { ClassificationsPage, suggestKey } from './ClassificationsPage';

const WAIT = { timeout: 4000 };
const admin: Me = {
  id: 'u-admin',
  email: 'admin@kumppani.test',
  name: 'Ada Admin',
  locale: 'en',
  business_unit_id: 'bu-root',
  roles: [],
  is_admin: true,
  privileges: (['create', 'read', 'update'] as const).map((action) => ({ entity: 'classification', action, depth: 'organisation' })),
};

function cls(id: string, kind: 'account' | 'contact', name: string, name_en: string | null, parent_id: string | null, sort_order = 0): Classification {
  return {
    id,
    kind,
    key: id.replace(/-/g, '_'),
    name,
    name_en,
    name_sv: null,
    parent_id,
    sort_order,
    is_active: true,
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    version: 1,
  };
}

const initialTree = () => [
  cls('c-public', 'account', 'Julkinen sektori', 'Public sector', null, 2),
  cls('c-schools', 'account', 'Koulut', 'Schools', null, 1),
  cls('c-upper', 'account', 'Lukiot', 'Upper secondary schools', 'c-schools'),
  cls('c-alumni', 'contact', 'Alumni', 'Alumni', null),
];

interface Options {
  post?: (req: Recorded) => Response | undefined;
  patch?: (req: Recorded) => Response | undefined;
}

/** A fake classification API with a store: creates and patches show on the next read. */
function installTreeApi(options: Options = {}) {
  const store = initialTree();
  let created = 0;
  const routes: Record<string, (req: Recorded) => Response> = {
    'GET /api/v1/me': () => json(200, admin),
    // Page 1 holds two records, page 2 the rest: the page must read until next_cursor is null.
    'GET /api/v1/classifications': (req) =>
      req.query.get('cursor') === 'next'
        ? json(200, { items: store.slice(2), next_cursor: null })
        : json(200, { items: store.slice(0, 2), next_cursor: 'next' }),
    'POST /api/v1/classifications': (req) => {
      const refused = options.post?.(req);
      if (refused) return refused;
      const body = req.body as Partial<Classification>;
      created += 1;
      const record = { ...cls(`c-new-${created}`, 'account', '', null, null), ...body } as Classification;
      store.push(record);
      return json(201, record, { ETag: '"1"' });
    },
  };
  for (const c of store) {
    routes[`PATCH /api/v1/classifications/${c.id}`] = (req) => {
      const refused = options.patch?.(req);
      if (refused) return refused;
      const i = store.findIndex((x) => x.id === c.id);
      store[i] = { ...store[i]!, ...(req.body as object), version: store[i]!.version + 1 };
      return json(200, store[i], { ETag: `"${store[i]!.version}"` });
    };
  }
  return installFakeApi(routes);
}

const writes = (requests: Recorded[]) => requests.filter((r) => r.method !== 'GET');
const treeRows = () =>
  screen.queryAllByTestId('classification-row').map((row) => `${row.getAttribute('data-depth')}:${within(row).getByTestId('classification-label').textContent}`);

describe('ClassificationsPage', () => {
  beforeEach(async () => {
    await changeLanguage('en');
    tokens.set({ access_token: 'test-access', refresh_token: 'test-refresh' });
  });

  it('shows each tree indented, read page by page, one kind at a time', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installTreeApi();
    renderWithProviders(<ClassificationsPage />);
    // Roots by their order (Schools 1, Public sector 2), each child right under its parent.
    await waitFor(() => expect(treeRows()).toEqual(['0:Schools', '1:Upper secondary schools', '0:Public sector']), WAIT);
    const lists = api.requests.filter((r) => r.path === '/api/v1/classifications');
    expect(lists.map((r) => r.query.get('cursor'))).toEqual([null, 'next']);
    expect(lists[0]!.query.get('limit')).toBe('200');

    await user.click(screen.getByRole('radio', { name: 'Contacts' }));
    await waitFor(() => expect(treeRows()).toEqual(['0:Alumni']), WAIT);
  }, 120_000);

  it('creates a classification under a parent from the keyboard, the key suggested from the Finnish name', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installTreeApi();
    renderWithProviders(<ClassificationsPage />);
    await user.click(await screen.findByRole('button', { name: 'Add a classification under Schools' }, WAIT));
    const name = await screen.findByTestId('classification-name', {}, WAIT);
    await waitFor(() => expect(name).toHaveFocus());
    expect(screen.getByTestId('classification-parent')).toHaveValue('Schools');
    await user.type(name, 'Ammattikoulut ja -opistot');
    expect(screen.getByTestId('classification-key')).toHaveValue('ammattikoulut_ja_opistot');
    await user.type(screen.getByTestId('classification-name-en'), 'Vocational schools');
    await user.type(screen.getByTestId('classification-name-sv'), 'Yrkesskolor{Enter}');

    await waitFor(() => expect(writes(api.requests)).toHaveLength(1), WAIT);
    const post = writes(api.requests)[0]!;
    expect(post.method).toBe('POST');
    expect(post.body).toEqual({
      kind: 'account',
      key: 'ammattikoulut_ja_opistot',
      parent_id: 'c-schools',
      name: 'Ammattikoulut ja -opistot',
      name_en: 'Vocational schools',
      name_sv: 'Yrkesskolor',
      sort_order: 0,
      is_active: true,
    });
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
    // The new one shows in the tree under its parent once saved.
    await waitFor(
      () => expect(treeRows()).toEqual(['0:Schools', '1:Upper secondary schools', '1:Vocational schools', '0:Public sector']),
      WAIT,
    );
  }, 120_000);

  it('renames with the ETag, sending only what changed', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installTreeApi();
    renderWithProviders(<ClassificationsPage />);
    await user.click(await screen.findByRole('button', { name: 'Edit Upper secondary schools' }, WAIT));
    expect(await screen.findByTestId('classification-key', {}, WAIT)).toBeDisabled();
    const en = screen.getByTestId('classification-name-en');
    await user.clear(en);
    await user.type(en, 'General upper secondary schools');
    await user.click(screen.getByTestId('classification-save'));

    await waitFor(() => expect(writes(api.requests)).toHaveLength(1), WAIT);
    const patch = writes(api.requests)[0]!;
    expect(patch.path).toBe('/api/v1/classifications/c-upper');
    expect(patch.headers.get('If-Match')).toBe('"1"');
    expect(patch.body).toEqual({ name_en: 'General upper secondary schools' });
    await waitFor(() => expect(treeRows()).toContain('1:General upper secondary schools'), WAIT);
  }, 120_000);

  it('takes a classification out of use and back, each time with its current version', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installTreeApi();
    renderWithProviders(<ClassificationsPage />);
    await user.click(await screen.findByRole('button', { name: 'Take Public sector out of use' }, WAIT));
    await user.click(await screen.findByRole('button', { name: 'Take Public sector back into use' }, WAIT));
    await screen.findByRole('button', { name: 'Take Public sector out of use' }, WAIT);
    const [off, on] = writes(api.requests);
    expect(off!.body).toEqual({ is_active: false });
    expect(off!.headers.get('If-Match')).toBe('"1"');
    expect(on!.body).toEqual({ is_active: true });
    expect(on!.headers.get('If-Match')).toBe('"2"');
  }, 120_000);

  it("shows the server's validation and key errors beside the fields, and a stale edit as a conflict", async () => {
    const user = userEvent.setup({ delay: null });
    installTreeApi({
      post: (req) =>
        (req.body as { key: string }).key === 'koulut'
          ? json(409, { title: 'Conflict', status: 409, detail: 'The key koulut is taken for account classifications.' })
          : json(422, { title: 'Validation failed', status: 422, errors: [{ loc: ['body', 'parent_id'], msg: 'Too deep: at most 3 levels.' }] }),
      patch: () => json(412, { title: 'Precondition failed', status: 412, detail: 'stale' }),
    });
    renderWithProviders(<ClassificationsPage />);
    await user.click(await screen.findByTestId('new-classification', {}, WAIT));
    // Nothing typed: the form says what is missing without asking the server.
    await user.click(await screen.findByTestId('classification-save', {}, WAIT));
    expect(await screen.findAllByText('Required')).toHaveLength(2);

    await user.type(screen.getByTestId('classification-name'), 'Koulut{Enter}');
    expect(await screen.findByText('The key koulut is taken for account classifications.', {}, WAIT)).toBeInTheDocument();
    expect(screen.getByTestId('classification-key')).toHaveAttribute('aria-invalid', 'true');

    const key = screen.getByTestId('classification-key');
    await user.clear(key);
    await user.type(key, 'deep{Enter}');
    expect(await screen.findByText('Too deep: at most 3 levels.', {}, WAIT)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await user.click(await screen.findByRole('button', { name: 'Edit Schools' }, WAIT));
    await user.type(await screen.findByTestId('classification-name-sv', {}, WAIT), 'Skolor{Enter}');
    expect(await screen.findByTestId('conflict-alert', {}, WAIT)).toBeInTheDocument();
  }, 120_000);

  it('suggests keys the API accepts', () => {
    expect(suggestKey('Äidinkielen opettajat')).toBe('aidinkielen_opettajat');
    expect(suggestKey('3D-tulostus')).toBe('d_tulostus');
    expect(suggestKey('Skolor på åland')).toBe('skolor_pa_aland');
  });
});
