import { describe, expect, it, vi } from 'vitest';
import { installFakeApi, json } from '../test/fakeApi';
import { setSessionExpiredHandler } from './http';
import { unwrap } from './problem';
import { getMe } from './sdk';
import { tokens } from './tokens';

const me = { id: 'u1', email: 'a@b.fi', name: 'A', locale: 'fi', business_unit_id: 'bu', roles: [], privileges: [], is_admin: false };

describe('generated client with the auth fetch', () => {
  it('sends the bearer token, refreshes once on 401 and retries the request', async () => {
    tokens.set({ access_token: 'old', refresh_token: 'r-old' });
    const api = installFakeApi({
      'GET /api/v1/me': (req) =>
        req.headers.get('Authorization') === 'Bearer new' ? json(200, me) : json(401, { title: 'Unauthorized', status: 401 }),
      'POST /api/v1/auth/refresh': () =>
        json(200, { access_token: 'new', refresh_token: 'r-new', token_type: 'bearer', expires_in: 900 }),
    });

    await expect(unwrap(getMe())).resolves.toMatchObject({ id: 'u1' });
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/me',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/me',
    ]);
    expect(api.requests[0]!.headers.get('Authorization')).toBe('Bearer old');
    expect(api.requests[1]!.body).toEqual({ refresh_token: 'r-old' });
    expect(tokens.access()).toBe('new');
    expect(tokens.refresh()).toBe('r-new');
  });

  it('clears the session and goes to login when the refresh fails', async () => {
    tokens.set({ access_token: 'old', refresh_token: 'r-old' });
    const expired = vi.fn();
    setSessionExpiredHandler(expired);
    installFakeApi({
      'GET /api/v1/me': () => json(401, { title: 'Unauthorized', status: 401 }),
      'POST /api/v1/auth/refresh': () => json(401, { title: 'Unauthorized', status: 401 }),
    });
    await expect(unwrap(getMe())).rejects.toMatchObject({ status: 401 });
    expect(expired).toHaveBeenCalledOnce();
    expect(tokens.access()).toBeNull();
  });
});
