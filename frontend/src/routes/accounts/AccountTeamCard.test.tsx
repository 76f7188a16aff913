import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountTeam } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { makeAccount, users } from '../../test/app';
import { installFakeApi, json, type Recorded } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { AccountTeamCard } from './AccountTeamCard';

const WAIT = { timeout: 4000 };
const account = makeAccount('acc-1', 'Kone Oyj', { version: 3 });
const roles = [
  { id: 'r-sales', key: 'sales', name: 'Myynti', name_en: 'Sales', name_sv: 'Försäljning', sort_order: 0, is_active: true },
  { id: 'r-old', key: 'old', name: 'Vanha', name_en: 'Retired role', name_sv: null, sort_order: 5, is_active: false },
].map((r) => ({ ...r, created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z', version: 1 }));

function member(userId: string, name: string, access: 'read' | 'edit', roleId: string | null) {
  const role = roles.find((r) => r.id === roleId);
  return {
    user_id: userId,
    name,
    is_active: true,
    role: role ? { id: role.id, key: role.key, name: role.name, name_en: role.name_en, name_sv: role.name_sv, is_active: role.is_active } : null,
    access,
    added_at: '2026-02-01T10:00:00Z',
    added_by: 'u-sanna',
    added_by_name: 'Sanna Virtanen',
  };
}

function team(patch: Partial<AccountTeam> = {}): AccountTeam {
  return {
    account_id: 'acc-1',
    version: 3,
    account_manager: { user_id: 'u-sanna', name: 'Sanna Virtanen', is_active: true },
    members: [member('u-leena', 'Leena Hämäläinen', 'read', 'r-old')],
    may_manage: true,
    ...patch,
  };
}

function installTeamApi(initial: AccountTeam, put?: (req: Recorded) => Response) {
  return installFakeApi({
    'GET /api/v1/accounts/acc-1/team': () => json(200, initial, { ETag: `"${initial.version}"` }),
    'GET /api/v1/account-team-roles': () => json(200, { items: roles, next_cursor: null }),
    'GET /api/v1/users': (req) => {
      const q = (req.query.get('q') ?? '').toLowerCase();
      return json(200, { items: users.filter((u) => u.name.toLowerCase().includes(q)), next_cursor: null });
    },
    'PUT /api/v1/accounts/acc-1/team/u-juha': (req) =>
      put?.(req) ??
      json(
        200,
        team({ version: 4, members: [...initial.members, member('u-juha', 'Juha Korhonen', 'edit', 'r-sales')] }),
        { ETag: '"4"' },
      ),
    'PUT /api/v1/accounts/acc-1/team/u-leena': (req) => {
      const body = req.body as { access: 'read' | 'edit'; role_id: string | null };
      return json(200, team({ version: 4, members: [member('u-leena', 'Leena Hämäläinen', body.access, body.role_id)] }), { ETag: '"4"' });
    },
    'DELETE /api/v1/accounts/acc-1/team/u-leena': () => json(200, team({ version: 4, members: [] }), { ETag: '"4"' }),
  });
}

const writes = (requests: Recorded[]) => requests.filter((r) => r.method !== 'GET');

function optionsOf(field: HTMLElement): string[] {
  const listbox = document.getElementById(field.getAttribute('aria-controls') ?? '');
  return listbox ? within(listbox).queryAllByRole('option', { hidden: true }).map((o) => o.textContent ?? '') : [];
}

/** Opens a Select and picks an option of that Select (other Selects may hold the same labels). */
async function pick(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, option: string) {
  await user.click(field);
  await waitFor(() => expect(field.getAttribute('aria-controls')).toBeTruthy());
  const listbox = document.getElementById(field.getAttribute('aria-controls')!)!;
  await user.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

describe('AccountTeamCard', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('shows the account manager and each member with role, access and who added them', async () => {
    installTeamApi(team());
    renderWithProviders(<AccountTeamCard account={account} etag={'"3"'} onChanged={() => {}} />);
    expect(await screen.findByTestId('team-manager', {}, WAIT)).toHaveTextContent('Sanna Virtanen');
    const [row] = await screen.findAllByTestId('team-member', {}, WAIT);
    expect(row).toHaveTextContent('Leena Hämäläinen');
    expect(row).toHaveTextContent('Sanna Virtanen');
    // A retired role stays on its member and is still shown; it is not offered to anyone new.
    await waitFor(() => expect(within(row!).getByRole('textbox', { name: 'Role of Leena Hämäläinen' })).toHaveValue('Retired role'));
    expect(within(row!).getByRole('textbox', { name: 'Access of Leena Hämäläinen' })).toHaveValue('Read');
  });

  it('adds a colleague with a role and edit access, sending the account ETag', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installTeamApi(team());
    const onChanged = vi.fn();
    renderWithProviders(<AccountTeamCard account={account} etag={'"3"'} onChanged={onChanged} />);
    const form = await screen.findByTestId('team-add-form', {}, WAIT);

    const colleague = within(form).getByRole('textbox', { name: /Colleague/ });
    await user.click(colleague);
    await user.type(colleague, 'Juha');
    await waitFor(() => expect(optionsOf(colleague)).toEqual(['Juha Korhonen']), WAIT);
    await user.keyboard('{ArrowDown}{Enter}');
    await pick(user, within(form).getByRole('textbox', { name: 'Role' }), 'Sales');
    await pick(user, within(form).getByRole('textbox', { name: 'Access' }), 'Edit');
    await user.click(within(form).getByTestId('team-add-submit'));

    await waitFor(() => expect(screen.getAllByTestId('team-member')).toHaveLength(2), WAIT);
    const [put] = writes(api.requests);
    expect(put!.path).toBe('/api/v1/accounts/acc-1/team/u-juha');
    expect(put!.headers.get('If-Match')).toBe('"3"');
    expect(put!.body).toEqual({ access: 'edit', role_id: 'r-sales' });
    expect(onChanged).toHaveBeenCalledOnce();
    // The retired role is not on offer to a new member.
    const role = within(screen.getByTestId('team-add-form')).getByRole('textbox', { name: 'Role' });
    await user.click(role);
    await waitFor(() => expect(optionsOf(role)).toEqual(['Sales']));
  }, 120_000);

  it("changes a member's access keeping their role, and removes a member after confirming", async () => {
    const user = userEvent.setup({ delay: null });
    const api = installTeamApi(team());
    renderWithProviders(<AccountTeamCard account={account} etag={'"3"'} onChanged={() => {}} />);
    const access = await screen.findByRole('textbox', { name: 'Access of Leena Hämäläinen' }, WAIT);
    await pick(user, access, 'Edit');
    await waitFor(() => expect(writes(api.requests)).toHaveLength(1), WAIT);
    expect(writes(api.requests)[0]!.body).toEqual({ access: 'edit', role_id: 'r-old' });

    await user.click(screen.getByRole('button', { name: 'Remove Leena Hämäläinen from the team' }));
    await user.click(await screen.findByTestId('team-remove-confirm'));
    await waitFor(() => expect(screen.getByText('No other team members yet.')).toBeInTheDocument(), WAIT);
    const removal = writes(api.requests)[1]!;
    expect(removal.method).toBe('DELETE');
    // The second change carries the ETag the first one answered.
    expect(removal.headers.get('If-Match')).toBe('"4"');
  }, 120_000);

  it('asks for a reload when someone changed the account meanwhile', async () => {
    const user = userEvent.setup({ delay: null });
    installTeamApi(team(), () => json(412, { title: 'Precondition failed', status: 412, detail: 'stale' }));
    renderWithProviders(<AccountTeamCard account={account} etag={'"3"'} onChanged={() => {}} />);
    const form = await screen.findByTestId('team-add-form', {}, WAIT);
    const colleague = within(form).getByRole('textbox', { name: /Colleague/ });
    await user.click(colleague);
    await user.type(colleague, 'Juha');
    await waitFor(() => expect(optionsOf(colleague)).toEqual(['Juha Korhonen']), WAIT);
    await user.keyboard('{ArrowDown}{Enter}');
    await user.click(within(form).getByTestId('team-add-submit'));
    expect(await screen.findByTestId('conflict-alert', {}, WAIT)).toBeInTheDocument();
  }, 120_000);

  it('shows the team without controls to someone who may not change it', async () => {
    installTeamApi(team({ may_manage: false }));
    renderWithProviders(<AccountTeamCard account={account} etag={'"3"'} onChanged={() => {}} />);
    const [row] = await screen.findAllByTestId('team-member', {}, WAIT);
    expect(row).toHaveTextContent('Retired role (not in use)');
    expect(row).toHaveTextContent('Read');
    expect(screen.queryByTestId('team-add-form')).not.toBeInTheDocument();
    expect(screen.queryByTestId('team-remove')).not.toBeInTheDocument();
  });
});
