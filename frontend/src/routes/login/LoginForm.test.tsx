import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tokens } from '../../api/tokens';
import { changeLanguage } from '../../i18n';
import { installFakeApi, json } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { LoginForm } from './LoginForm';

describe('LoginForm', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('posts the credentials and shows an error on 401', async () => {
    const api = installFakeApi({
      'POST /api/v1/auth/token': () => json(401, { title: 'Unauthorized', status: 401, detail: 'Invalid credentials' }),
    });
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);

    const email = screen.getByLabelText(/Sähköposti/);
    expect(email).toHaveFocus();
    await userEvent.type(email, 'anna@example.fi');
    await userEvent.type(screen.getByLabelText(/Salasana/), 'wrong{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('Väärä sähköposti tai salasana.');
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.body).toEqual({ email: 'anna@example.fi', password: 'wrong' });
    expect(tokens.access()).toBeNull();
  });

  it('tells the user to wait when rate limited', async () => {
    installFakeApi({ 'POST /api/v1/auth/token': () => json(429, { title: 'Too Many Requests', status: 429 }) });
    renderWithProviders(<LoginForm onSignedIn={() => {}} />);
    await userEvent.type(screen.getByLabelText(/Sähköposti/), 'a@b.fi');
    await userEvent.type(screen.getByLabelText(/Salasana/), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Liian monta yritystä');
  });

  it('stores the tokens and reports success', async () => {
    installFakeApi({
      'POST /api/v1/auth/token': () =>
        json(200, { access_token: 'A1', refresh_token: 'R1', token_type: 'bearer', expires_in: 900 }),
    });
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText(/Sähköposti/), 'a@b.fi');
    await userEvent.type(screen.getByLabelText(/Salasana/), 'right{Enter}');
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
    expect(tokens.access()).toBe('A1');
    expect(tokens.refresh()).toBe('R1');
  });
});
