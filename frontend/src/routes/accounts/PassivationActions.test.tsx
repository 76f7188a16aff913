import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../i18n';
import { makeAccount } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { PassivationActions, PassiveNotice } from './PassivationActions';

const WAIT = { timeout: 4000 };

describe('PassivationActions', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('makes the account passive with a reason on Enter, sending the ETag', async () => {
    const user = userEvent.setup({ delay: null });
    const account = makeAccount('acc-1', 'Kone Oyj', { version: 2 });
    const api = installFakeApi({
      'POST /api/v1/accounts/acc-1/passivation': (req) =>
        json(200, { ...account, version: 3, passive_since: '2026-03-02T22:30:00Z', passive_reason: (req.body as { reason: string }).reason }, { ETag: '"3"' }),
    });
    const onSaved = vi.fn();
    renderWithProviders(<PassivationActions account={account} etag={'"2"'} onSaved={onSaved} onReload={() => {}} />);
    await user.click(screen.getByTestId('account-passivate'));
    const reason = await screen.findByTestId('passivation-reason', {}, WAIT);
    await waitFor(() => expect(reason).toHaveFocus());
    // Nothing to send without a reason.
    expect(screen.getByTestId('passivation-submit')).toBeDisabled();
    await user.type(reason, 'Konkurssi 3/2026{Enter}');

    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce(), WAIT);
    const [post] = api.requests;
    expect(post!.headers.get('If-Match')).toBe('"2"');
    expect(post!.body).toEqual({ reason: 'Konkurssi 3/2026' });
    expect(onSaved.mock.calls[0]![1]).toBe('"3"');
  }, 120_000);

  it('shows the server’s reason for refusing next to the field', async () => {
    const user = userEvent.setup({ delay: null });
    installFakeApi({
      'POST /api/v1/accounts/acc-1/passivation': () =>
        json(422, { status: 422, errors: [{ loc: ['body', 'reason'], msg: 'Say why the account is made passive.' }] }),
    });
    renderWithProviders(<PassivationActions account={makeAccount('acc-1', 'Kone Oyj')} etag={'"1"'} onSaved={() => {}} onReload={() => {}} />);
    await user.click(screen.getByTestId('account-passivate'));
    await user.type(await screen.findByTestId('passivation-reason', {}, WAIT), 'x{Enter}');
    expect(await screen.findByText('Say why the account is made passive.', {}, WAIT)).toBeInTheDocument();
  }, 120_000);

  it('reactivates a passive account after confirming', async () => {
    const user = userEvent.setup({ delay: null });
    const passive = makeAccount('acc-1', 'Kone Oyj', { passive_since: '2026-03-02T22:30:00Z', passive_reason: 'Konkurssi', version: 3 });
    const api = installFakeApi({
      'POST /api/v1/accounts/acc-1/reactivation': () => json(200, { ...passive, passive_since: null, passive_reason: null, version: 4 }, { ETag: '"4"' }),
    });
    const onSaved = vi.fn();
    renderWithProviders(<PassivationActions account={passive} etag={'"3"'} onSaved={onSaved} onReload={() => {}} />);
    await user.click(screen.getByTestId('account-reactivate'));
    await user.click(await screen.findByTestId('passivation-submit', {}, WAIT));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce(), WAIT);
    expect(api.requests[0]!.body).toEqual({});
    expect(api.requests[0]!.headers.get('If-Match')).toBe('"3"');
  }, 120_000);

  it('says on the details since when the account is passive and why, in Helsinki time', async () => {
    renderWithProviders(<PassiveNotice account={makeAccount('acc-1', 'Kone Oyj', { passive_since: '2026-03-02T22:30:00Z', passive_reason: 'Konkurssi' })} />);
    expect(screen.getByTestId('account-passive-notice')).toHaveTextContent('Passive since 03/03/2026: Konkurssi');
  });
});
