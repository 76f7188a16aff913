import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MergeReport } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { makeAccount, users } from '../../test/app';
import { installFakeApi, json, type Recorded } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { MergeDialog } from './MergeDialog';

const WAIT = { timeout: 4000 };
const survivor = makeAccount('acc-1', 'Kone Oyj', { version: 5 });
const duplicate = makeAccount('acc-2', 'KONE', { business_id: '0112038-9', version: 7, passive_since: '2026-01-01T10:00:00Z' });

function report(dryRun: boolean): MergeReport {
  return {
    dry_run: dryRun,
    merge_id: dryRun ? null : 'm-1',
    survivor: { ...survivor, business_id: '0112038-9', version: dryRun ? 5 : 6 },
    duplicate,
    moves: [
      { table: 'contact_accounts', column: 'account_id', rows: 3, merged: 1, merged_rows: [] },
      { table: 'service_requests', column: 'account_id', rows: 2, merged: 0, merged_rows: [] },
      { table: 'activities', column: 'regarding_id', rows: 1, merged: 0, merged_rows: [] },
      { table: 'sales_projects', column: 'account_id', rows: 0, merged: 0, merged_rows: [] },
    ],
    filled: { business_id: '0112038-9', account_manager_id: 'u-juha', external_ids: [{ system: 'ERP', external_id: '9' }] },
    joins_team: { user_id: 'u-leena', name: 'Leena Hämäläinen', is_active: true },
  };
}

function installMergeApi(merge?: (req: Recorded) => Response) {
  return installFakeApi({
    'GET /api/v1/users': () => json(200, { items: users, next_cursor: null }),
    'GET /api/v1/business-units': () => json(200, { items: [], next_cursor: null }),
    'GET /api/v1/accounts': () => json(200, { items: [survivor, duplicate], next_cursor: null }),
    'POST /api/v1/accounts/acc-1/merge': (req) =>
      req.query.get('dry_run') === 'true' ? json(200, report(true)) : (merge?.(req) ?? json(200, report(false), { ETag: '"6"' })),
  });
}

async function previewDuplicate(user: ReturnType<typeof userEvent.setup>) {
  const field = await screen.findByRole('textbox', { name: /Duplicate/ }, WAIT);
  await user.click(field);
  await user.type(field, 'KONE');
  const listbox = () => document.getElementById(field.getAttribute('aria-controls') ?? '');
  await waitFor(() => expect(within(listbox()!).getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['KONE (0112038-9)']), WAIT);
  await user.keyboard('{ArrowDown}{Enter}');
  await user.click(screen.getByTestId('merge-preview-button'));
  return screen.findByTestId('merge-preview', {}, WAIT);
}

describe('MergeDialog', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('previews what moves and what is filled in, then merges with the ETag and the previewed version', async () => {
    const user = userEvent.setup({ delay: null });
    const api = installMergeApi();
    const onMerged = vi.fn();
    renderWithProviders(<MergeDialog account={survivor} etag={'"5"'} opened onClose={() => {}} onMerged={onMerged} onReload={() => {}} />);
    const preview = await previewDuplicate(user);

    // The search offers passive accounts too, never the account itself.
    const searches = api.requests.filter((r) => r.path === '/api/v1/accounts');
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.every((r) => r.query.get('include_passive') === 'true')).toBe(true);
    const rows = within(within(preview).getByTestId('merge-moves')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['Contacts31', 'Service requests2', 'Activities (regarding_id)1']);
    const filled = within(preview).getByTestId('merge-filled');
    expect(filled).toHaveTextContent('Business ID: 0112038-9');
    await waitFor(() => expect(filled).toHaveTextContent('Account manager: Juha Korhonen'));
    expect(filled).toHaveTextContent('External ids: ERP 9');
    expect(preview).toHaveTextContent("Leena Hämäläinen, the duplicate's account manager, joins the team with edit access.");
    const dry = api.requests.filter((r) => r.method === 'POST');
    expect(dry).toHaveLength(1);
    expect(dry[0]!.headers.get('If-Match')).toBeNull();

    await user.click(screen.getByTestId('merge-confirm'));
    await waitFor(() => expect(onMerged).toHaveBeenCalledOnce(), WAIT);
    const real = api.requests.filter((r) => r.method === 'POST')[1]!;
    expect(real.query.get('dry_run')).toBeNull();
    expect(real.headers.get('If-Match')).toBe('"5"');
    expect(real.headers.get('Idempotency-Key')).toBeTruthy();
    expect(real.body).toEqual({ duplicate_id: 'acc-2', duplicate_version: 7 });
    expect(onMerged.mock.calls[0]![1]).toBe('"6"');
  }, 120_000);

  it('asks for a reload when an account changed after the preview', async () => {
    const user = userEvent.setup({ delay: null });
    installMergeApi(() => json(412, { status: 412, title: 'Precondition failed', detail: 'stale' }));
    renderWithProviders(<MergeDialog account={survivor} etag={'"5"'} opened onClose={() => {}} onMerged={() => {}} onReload={() => {}} />);
    await previewDuplicate(user);
    await user.click(screen.getByTestId('merge-confirm'));
    expect(await screen.findByTestId('conflict-alert', {}, WAIT)).toBeInTheDocument();
  }, 120_000);
});
