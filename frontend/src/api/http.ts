/**
 * Configures the generated API client: auth header, one refresh attempt on 401, and a
 * hook the app uses to go back to the login page when the session cannot be renewed.
 */
import { client } from '../client/client.gen';
import { tokens, type TokenPair } from './tokens';

let onSessionExpired: () => void = () => {};
let refreshing: Promise<boolean> | null = null;

export function setSessionExpiredHandler(handler: () => void): void {
  onSessionExpired = handler;
}

const AUTH_PATHS = ['/auth/token', '/auth/refresh', '/auth/logout'];

function isAuthCall(url: string): boolean {
  return AUTH_PATHS.some((p) => url.includes(`/api/v1${p}`));
}

async function refreshOnce(baseFetch: typeof fetch): Promise<boolean> {
  const refreshToken = tokens.refresh();
  if (!refreshToken) return false;
  refreshing ??= (async () => {
    try {
      const res = await baseFetch(
        new Request(new URL('/api/v1/auth/refresh', window.location.origin), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refresh_token: refreshToken }),
        }),
      );
      if (!res.ok) return false;
      tokens.set((await res.json()) as TokenPair);
      return true;
    } catch {
      return false;
    } finally {
      setTimeout(() => {
        refreshing = null;
      }, 0);
    }
  })();
  return refreshing;
}

/** The fetch the generated client uses: adds the bearer token and retries once after refresh. */
export function createAuthFetch(baseFetch: typeof fetch = (...a) => globalThis.fetch(...a)) {
  return async function authFetch(request: Request): Promise<Response> {
    const retry = request.clone();
    const access = tokens.access();
    if (access && !isAuthCall(request.url)) request.headers.set('Authorization', `Bearer ${access}`);
    const response = await baseFetch(request);
    if (response.status !== 401 || isAuthCall(request.url)) return response;
    if (await refreshOnce(baseFetch)) {
      retry.headers.set('Authorization', `Bearer ${tokens.access() ?? ''}`);
      const second = await baseFetch(retry);
      if (second.status !== 401) return second;
    }
    tokens.clear();
    onSessionExpired();
    return response;
  };
}

export function configureClient(): void {
  client.setConfig({
    baseUrl: typeof window !== 'undefined' ? window.location.origin : 'http://localhost',
    fetch: createAuthFetch() as typeof fetch,
  });
}
